#pragma once
/// The entries a review's finding names, held compactly. A long review names the same uses
/// again and again (a weekly limit's finding names every use of its week, on each day after
/// the limit was passed), so each id is kept once, in a table the findings share, and a
/// finding holds the ids' numbers in it (4 bytes each instead of a std::string of 26
/// characters). They are made text only when read.

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ebb {

/// Ids, each given a number in the order added. The caller keeps any one id from being
/// added twice (the review numbers each use once).
class IdTable {
 public:
  uint32_t add(std::string_view id) {
    chars_.append(id);
    ends_.push_back(static_cast<uint32_t>(chars_.size()));
    return static_cast<uint32_t>(ends_.size() - 1);
  }
  std::string_view operator[](uint32_t n) const {
    uint32_t begin = n == 0 ? 0 : ends_[n - 1];
    return std::string_view(chars_).substr(begin, ends_[n] - begin);
  }
  size_t size() const { return ends_.size(); }

 private:
  std::string chars_;           // every id, one after the other
  std::vector<uint32_t> ends_;  // where each ends in chars_
};

/// A list of entry ids, oldest first: numbers in a shared IdTable.
class EntryIds {
 public:
  EntryIds() = default;
  EntryIds(std::shared_ptr<const IdTable> table, std::vector<uint32_t> refs)
      : table_(std::move(table)), refs_(std::move(refs)) {}
  /// A list with a table of its own (tests, a single finding).
  EntryIds(std::initializer_list<std::string_view> ids) {
    auto table = std::make_shared<IdTable>();
    for (auto id : ids) refs_.push_back(table->add(id));
    table_ = std::move(table);
  }

  size_t size() const { return refs_.size(); }
  bool empty() const { return refs_.empty(); }
  std::string_view operator[](size_t i) const { return (*table_)[refs_[i]]; }
  std::string_view front() const { return (*this)[0]; }
  /// The ids' numbers in the table.
  const std::vector<uint32_t>& refs() const { return refs_; }

  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;
    iterator() = default;
    iterator(const IdTable* t, std::vector<uint32_t>::const_iterator it) : t_(t), it_(it) {}
    std::string_view operator*() const { return (*t_)[*it_]; }
    iterator& operator++() { return ++it_, *this; }
    iterator operator++(int) {
      iterator old = *this;
      ++it_;
      return old;
    }
    bool operator==(const iterator& o) const { return it_ == o.it_; }

   private:
    const IdTable* t_ = nullptr;
    std::vector<uint32_t>::const_iterator it_;
  };
  iterator begin() const { return {table_.get(), refs_.begin()}; }
  iterator end() const { return {table_.get(), refs_.end()}; }

  /// The ids as strings (a reminder's entry_ids).
  std::vector<std::string> strings() const { return {begin(), end()}; }

  friend bool operator==(const EntryIds& a, const std::vector<std::string>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < b.size(); ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  friend bool operator==(const EntryIds& a, const EntryIds& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i]) return false;
    return true;
  }

 private:
  std::shared_ptr<const IdTable> table_;
  std::vector<uint32_t> refs_;
};

}  // namespace ebb
