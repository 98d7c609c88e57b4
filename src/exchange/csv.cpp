#include "ebb/exchange/csv.hpp"

#include <fmt/format.h>

namespace ebb {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_record(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
  return out;
}

namespace {

bool formula_start(char c) {
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

// Whether `text` starts with a ' that guards what follows it.
bool guarded(std::string_view text) {
  return text.size() >= 2 && text[0] == '\'' && (formula_start(text[1]) || text[1] == '\'');
}

}  // namespace

std::string csv_guard(std::string_view text) {
  if (text.empty() || !(formula_start(text[0]) || guarded(text))) return std::string(text);
  return "'" + std::string(text);
}

std::string csv_unguard(std::string_view cell) {
  return std::string(guarded(cell) ? cell.substr(1) : cell);
}

CsvReader::CsvReader(std::string_view text) : w_(text) {}
CsvReader::CsvReader(TextRead read, size_t min_read) : w_(std::move(read), min_read) {}

bool CsvReader::next(CsvRecord* out, std::string* err) {
  failed_ = false;
  // A record from where the last one ended. When the window ends inside it, the window is
  // refilled from where it began and the record is read again.
  while (true) {
    const size_t mark = i_;
    const int mark_line = line_;
    const bool was_started = started_;
    try {
      if (!started_) {
        w_.more(2);
        if (w_.text().substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // spreadsheets like a byte order mark
        started_ = true;
      }
      return record(out, err);
    } catch (const TextWindow::NeedMore&) {
      i_ = mark;
      line_ = mark_line;
      started_ = was_started;
      w_.refill(i_);
      i_ = 0;
    }
  }
}

bool CsvReader::record(CsvRecord* out, std::string* err) {
  const TextWindow& text = w_;
  size_t& i = i_;
  int& line = line_;
  auto crlf = [&](size_t at) { return text[at] == '\r' && text.more(at + 1) && text[at + 1] == '\n'; };
  while (text.more(i)) {
    // An empty line (or the end) holds no record.
    if (text[i] == '\n' || crlf(i)) {
      i += text[i] == '\r' ? 2 : 1;
      ++line;
      continue;
    }
    CsvRecord rec;
    rec.line = line;
    while (true) {
      std::string field;
      if (text.more(i) && text[i] == '"') {
        int open_line = line;
        ++i;
        while (true) {
          if (!text.more(i)) {
            *err = fmt::format("line {}: a quoted field is never closed", open_line);
            failed_ = true;
            return false;
          }
          char c = text[i++];
          if (c == '"') {
            if (text.more(i) && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        if (text.more(i) && text[i] != ',' && text[i] != '\n' && !crlf(i)) {
          *err = fmt::format("line {}: there is text after a closing quote", line);
          failed_ = true;
          return false;
        }
      } else {
        while (text.more(i) && text[i] != ',' && text[i] != '\n') {
          if (crlf(i)) break;
          if (text[i] == '"') {
            *err = fmt::format("line {}: a quote inside a field that doesn't start with one", line);
            failed_ = true;
            return false;
          }
          field += text[i++];
        }
      }
      rec.fields.push_back(std::move(field));
      if (text.more(i) && text[i] == ',') {
        ++i;
        continue;
      }
      if (text.more(i)) {
        i += text[i] == '\r' ? 2 : 1;
        ++line;
      }
      break;
    }
    *out = std::move(rec);
    return true;
  }
  return false;
}

bool parse_csv(std::string_view text, std::vector<CsvRecord>* out, std::string* err) {
  out->clear();
  CsvReader reader(text);
  CsvRecord rec;
  while (reader.next(&rec, err)) out->push_back(std::move(rec));
  return !reader.failed();
}

}  // namespace ebb
