#include "ebb/util/interned.hpp"

#include <functional>
#include <unordered_set>

namespace ebb {

namespace {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Every text interned so far. Nodes never move, so the strings' addresses stay valid.
std::unordered_set<std::string, TextHash, std::equal_to<>>& interned_texts() {
  static auto* texts = new std::unordered_set<std::string, TextHash, std::equal_to<>>();
  return *texts;
}

}  // namespace

const std::string Interned::kEmpty;

Interned::Interned(std::string_view text) {
  if (text.empty()) return;
  auto& texts = interned_texts();
  auto it = texts.find(text);
  if (it == texts.end()) it = texts.emplace(text).first;
  text_ = &*it;
}

}  // namespace ebb
