#include "ebb/util/interned.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <vector>

namespace ebb {

namespace {

struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Every text interned so far, with its number. Nodes never move, so the strings' addresses
// stay valid.
std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>>& interned_texts() {
  static auto* texts = new std::unordered_map<std::string, uint32_t, TextHash, std::equal_to<>>();
  return *texts;
}

// By number: where each text is kept (0 stands for "", which is never looked up here).
std::vector<const std::string*>& numbered() {
  static auto* table = new std::vector<const std::string*>(1, nullptr);
  return *table;
}

}  // namespace

const std::string Interned::kEmpty;

Interned::Interned(std::string_view text) {
  if (text.empty()) return;
  // A row's few names come again and again: a small cache by length and end letters finds
  // them with one comparison instead of hashing each time.
  static uint32_t recent[64] = {};
  uint32_t& slot = recent[(text.size() * 31 + static_cast<unsigned char>(text.front()) * 7 +
                           static_cast<unsigned char>(text.back())) & 63];
  if (slot && *table_[slot] == text) {
    n_ = slot;
    return;
  }
  auto& texts = interned_texts();
  auto it = texts.find(text);
  if (it == texts.end()) {
    auto& table = numbered();
    it = texts.emplace(std::string(text), static_cast<uint32_t>(table.size())).first;
    table.push_back(&it->first);
    table_ = table.data();
  }
  n_ = slot = it->second;
}

std::string_view TextArena::keep(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > kBlock) {  // a block of its own, before the one being filled
    auto own = std::make_unique<char[]>(text.size());
    char* at = own.get();
    std::copy(text.begin(), text.end(), at);
    blocks_.insert(blocks_.empty() ? blocks_.end() : blocks_.end() - 1, std::move(own));
    return {at, text.size()};
  }
  if (kBlock - used_ < text.size()) {
    blocks_.push_back(std::make_unique<char[]>(kBlock));
    used_ = 0;
  }
  char* at = blocks_.back().get() + used_;
  std::copy(text.begin(), text.end(), at);
  used_ += text.size();
  return {at, text.size()};
}

}  // namespace ebb
