#pragma once
// A property a fuzz target checks on every input it accepts: when it does not hold, the
// target stops the way a crash does, so libFuzzer saves the input that broke it.
#include <cstdio>
#include <cstdlib>

#define EBB_PROPERTY(cond)                                                           \
  do {                                                                               \
    if (!(cond)) {                                                                   \
      std::fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__, __LINE__, \
                   #cond);                                                           \
      std::abort();                                                                  \
    }                                                                                \
  } while (0)
