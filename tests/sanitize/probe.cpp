// A deliberate finding for each sanitizer, built only into the sanitizer build (EBB_SANITIZE)
// and never part of ebb. tests/sanitize/run runs it before the suite to prove that a finding
// fails loudly under the options the suite runs with: `probe ubsan` overflows a signed int,
// `probe asan` writes past a heap block, `probe leak` loses a block, `probe none` is clean.
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

// The only pointer to the block dies with this frame...
[[gnu::noinline]] void lose_a_block(int fill) {
  void* p = std::malloc(64);
  std::memset(p, fill, 64);
}

// ...and this overwrites the stack where the frame was, so no stale copy of the pointer is
// left for the leak checker's conservative scan to find.
[[gnu::noinline]] void scrub_stack() {
  volatile char junk[16384];
  for (auto& c : junk) c = 0;
}

int main(int argc, char** argv) {
  std::string_view what = argc > 1 ? argv[1] : "";
  // From argc, so the compiler can't see the finding coming and fold it away.
  volatile int one = argc - 1;
  if (what == "ubsan") {
    int x = INT_MAX;
    x += one;
    return x == 0;
  }
  if (what == "asan") {
    char* p = new char[8];
    p[7 + one] = 1;
    int r = p[0];
    delete[] p;
    return r;
  }
  if (what == "leak") {
    lose_a_block(one);
    scrub_stack();
    return 0;
  }
  if (what == "none") return 0;
  std::fprintf(stderr, "usage: probe ubsan|asan|leak|none\n");
  return 2;
}
