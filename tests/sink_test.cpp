#include <doctest/doctest.h>

#include <string>

#include "ebb/util/sink.hpp"
#include "ebb/util/table.hpp"
#include "ebb/util/text.hpp"

using ebb::style_mark;
using ebb::terminal_text;

TEST_CASE("utf8: well-formed sequences and every way of not being one") {
  CHECK(ebb::valid_utf8(""));
  CHECK(ebb::valid_utf8("plain ascii"));
  CHECK(ebb::valid_utf8("Club \xC3\x84ther, caf\xC3\xA9, \xE2\x82\xAC 5, \xF0\x9F\x8D\xBA"));
  CHECK_FALSE(ebb::valid_utf8("caf\xE9"));                // Latin-1
  CHECK_FALSE(ebb::valid_utf8("\x80"));                   // stray continuation byte
  CHECK_FALSE(ebb::valid_utf8("\xC0\xAF"));               // overlong '/'
  CHECK_FALSE(ebb::valid_utf8("\xE0\x80\xAF"));           // overlong, three bytes
  CHECK_FALSE(ebb::valid_utf8("\xF0\x80\x80\xAF"));       // overlong, four bytes
  CHECK_FALSE(ebb::valid_utf8("\xED\xA0\x80"));           // a surrogate
  CHECK_FALSE(ebb::valid_utf8("\xF4\x90\x80\x80"));       // above U+10FFFF
  CHECK_FALSE(ebb::valid_utf8("\xE2\x82"));               // cut short
  CHECK_FALSE(ebb::valid_utf8("\xFF"));
  auto c = ebb::utf8_char_at("x\xE2\x80\xAEy", 1);
  CHECK(c.code == 0x202E);
  CHECK(c.length == 3);
  CHECK(ebb::utf8_char_at("ab", 2).length == 0);
}

TEST_CASE("terminal_text: what a terminal would act on is shown, not obeyed") {
  CHECK(terminal_text("two drinks\n\tat home", false) == "two drinks\n\tat home");
  CHECK(terminal_text("a\x1b]0;pwned\x07z", false) == "a\\u001b]0;pwned\\u0007z");
  CHECK(terminal_text("safe\roverwritten", false) == "safe\\u000doverwritten");
  CHECK(terminal_text("a,b\r\nc,d\r\n", false) == "a,b\r\nc,d\r\n");  // CSV line ends
  CHECK(terminal_text("del\x7f", false) == "del\\u007f");
  CHECK(terminal_text(std::string("nul\0!", 5), false) == "nul\\u0000!");
  CHECK(terminal_text("c1 \xC2\x9B" "31m", false) == "c1 \\u009b31m");   // CSI as U+009B
  CHECK(terminal_text("\xE2\x80\xAEgnp.exe", false) == "\\u202egnp.exe");  // RLO
  CHECK(terminal_text("\xE2\x81\xA6x\xE2\x81\xA9", false) == "\\u2066x\\u2069");
  CHECK(terminal_text("caf\xE9", false) == "caf\xEF\xBF\xBD");  // Latin-1 byte: U+FFFD
  // Ordinary text outside ASCII passes: accents, emoji, the marks ebb draws with.
  CHECK(terminal_text("Club \xC3\x84ther \xF0\x9F\x8D\xBA \xE2\x96\x81\xE2\x96\x88", false) ==
        "Club \xC3\x84ther \xF0\x9F\x8D\xBA \xE2\x96\x81\xE2\x96\x88");
}

TEST_CASE("terminal_text: ebb's own style marks, and only those, become colour") {
  std::string bold = style_mark("1") + "week" + style_mark("0");
  CHECK(terminal_text(bold, true) == "\x1b[1mweek\x1b[0m");
  CHECK(terminal_text(bold, false) == "week");
  // Underline, green, cyan, and the lead words of safety notes: bold red and yellow.
  for (const char* sgr : {"4", "32", "36", "1;31", "33"})
    CHECK(terminal_text(style_mark(sgr), true) == std::string("\x1b[") + sgr + "m");
  // A mark that isn't one of ebb's styles (conceal, blink) is not honoured.
  CHECK(terminal_text("\xFF[8mhidden", true) == "\xEF\xBF\xBD[8mhidden");
  // An escape sequence in someone's text stays visible even with colour on.
  CHECK(terminal_text("\x1b[31mred", true) == "\\u001b[31mred");
}

TEST_CASE("StringSink: out and err are made safe, data is kept as it is") {
  ebb::StringSink s;
  s.out("note: \x1b[2J");
  s.err("bad \xE2\x80\xAE");
  CHECK(s.out_text == "note: \\u001b[2J");
  CHECK(s.err_text == "bad \\u202e");
  s.out_text.clear();
  s.data("id,note\r\n1,\"a\x1b\"\r\n");
  CHECK(s.out_text == "id,note\r\n1,\"a\x1b\"\r\n");
}

TEST_CASE("Table: a cell is one line, so a note can't forge a row") {
  ebb::Table t({"id", "details"});
  t.row({"A1", "line one\r\nB2  forged"});
  t.row({"A2", "short"});
  CHECK(t.render(false) ==
        "id  details\n"
        "A1  line one / B2  forged\n"
        "A2  short\n");
}
