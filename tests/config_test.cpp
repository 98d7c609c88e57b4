#include <doctest/doctest.h>

#include <fmt/format.h>

#include "ebb/core/amount.hpp"
#include "ebb/core/config.hpp"

using namespace ebb;

TEST_CASE("an empty config gives the defaults") {
  Config c;
  std::string err;
  REQUIRE(parse_config("", "config.toml", &c, &err));
  CHECK(c.days.day_start == std::chrono::minutes{240});
  CHECK(c.days.week_start == date::Monday);
  CHECK(c.drinks.grams_per_drink == doctest::Approx(14));
  CHECK(c.reminders.repeat_hours == 12);
  CHECK_FALSE(c.reminders.discreet);
  CHECK(c.reminders.why_repeat_hours == 24);
  CHECK_FALSE(c.reminders.alcohol_notes);
}

TEST_CASE("every setting is read") {
  Config c;
  std::string err;
  const char* text = R"(
day_starts_at = "05:30"
week_starts_on = "sunday"
currency = "EUR"
standard_drink = "uk"
discreet = true
[reminders]
repeat_hours = 6
combination_window_hours = 24
tolerance_break_days = 10
quiet_days = 3
country = "uk"
why_repeat_hours = 0
alcohol_notes = true
[heavy_day]
alcohol = 6
Cannabis = 1.5
[help_lines]
"Samaritans" = "116 123"
)";
  REQUIRE_MESSAGE(parse_config(text, "c.toml", &c, &err), err);
  CHECK(c.days.day_start == std::chrono::minutes{330});
  CHECK(c.days.week_start == date::Sunday);
  CHECK(c.currency == "EUR");
  CHECK(c.drinks.grams_per_drink == doctest::Approx(8));
  CHECK(c.reminders.discreet);
  CHECK(c.reminders.repeat_hours == 6);
  CHECK(c.reminders.combination_window_hours == 24);
  CHECK(c.reminders.tolerance_break_days == 10);
  CHECK(c.reminders.quiet_days == 3);
  CHECK(c.reminders.country == "uk");
  CHECK(c.reminders.why_repeat_hours == 0);
  CHECK(c.reminders.alcohol_notes);
  CHECK(c.heavy_day.at("alcohol") == doctest::Approx(6));
  CHECK(c.heavy_day.at("cannabis") == doctest::Approx(1.5));
  CHECK(c.help_lines.at("Samaritans") == "116 123");
}

TEST_CASE("every standard_drink name ebb(1) documents, by its grams of ethanol") {
  // ebb(1), CONFIGURATION; SAFETY.md: US 14 g (NIAAA), UK unit 8 g, WHO, Ireland and
  // Australia 10 g, Canada 13.45 g.
  const std::pair<const char*, double> sizes[] = {
      {"us", 14.0},       {"uk", 8.0},       {"who", 10.0},     {"australia", 10.0},
      {"au", 10.0},       {"canada", 13.45}, {"ca", 13.45},     {"Canada", 13.45},
      {"UK", 8.0},        {"ie", 10.0},      {"ireland", 10.0}};
  for (const auto& size : sizes) {
    const char* name = size.first;  // not a structured binding: clang 14 can't capture one
    const double grams = size.second;
    CAPTURE(name);
    Config c;
    std::string err;
    REQUIRE_MESSAGE(parse_config(fmt::format("standard_drink = \"{}\"", name), "c.toml", &c, &err),
                    err);
    CHECK(c.drinks.grams_per_drink == grams);
    // And it is the size drinks are counted in: a 500 ml beer at 5% holds 19.725 g.
    auto drinks = convert_amount(500, "ml", "drink", 5.0, c.drinks);
    REQUIRE(drinks);
    CHECK(*drinks == doctest::Approx(19.725 / grams));
  }
  Config c;
  std::string err;
  REQUIRE(parse_config("standard_drink = 12", "c.toml", &c, &err));
  CHECK(c.drinks.grams_per_drink == 12.0);
  REQUIRE(parse_config("standard_drink = 13.5", "c.toml", &c, &err));
  CHECK(c.drinks.grams_per_drink == 13.5);
  for (const char* wrong : {"standard_drink = \"mars\"", "standard_drink = \"\"",
                            "standard_drink = 0", "standard_drink = -14",
                            "standard_drink = true"}) {
    CAPTURE(wrong);
    CHECK_FALSE(parse_config(wrong, "c.toml", &c, &err));
    CHECK(err.find("c.toml:1:") == 0);
    CHECK(err.find("standard_drink") != std::string::npos);
  }
}

TEST_CASE("mistakes name the line and column") {
  Config c;
  std::string err;
  CHECK_FALSE(parse_config("currency = \"EUR\"\nday_start = \"04:00\"\n", "c.toml", &c, &err));
  CHECK(err.find("c.toml:2:") == 0);
  CHECK(err.find("day_start") != std::string::npos);

  CHECK_FALSE(parse_config("day_starts_at = \"25:00\"", "c.toml", &c, &err));
  CHECK(err.find("c.toml:1:") == 0);

  CHECK_FALSE(parse_config("[reminders]\nrepeat_hours = \"soon\"", "c.toml", &c, &err));
  CHECK(err.find("c.toml:2:") == 0);

  CHECK_FALSE(parse_config("week_starts_on = = ", "c.toml", &c, &err));
  CHECK(err.find("c.toml:1:") == 0);

  CHECK_FALSE(parse_config("standard_drink = \"mars\"", "c.toml", &c, &err));

  // A whole number given as a float is refused, however large (the fuzzer found 1.5e83 here).
  for (const char* v : {"3.0", "2.5", "1555555555555555555555555555555555555555.5", "-1e300"}) {
    CAPTURE(v);
    CHECK_FALSE(parse_config(std::string("[reminders]\nquiet_days = ") + v, "c.toml", &c, &err));
    CHECK(err.find("quiet_days takes a whole number from 1 to 365") != std::string::npos);
  }
}

TEST_CASE("[medications]: names resolved through the catalog, doses kept, mistakes placed") {
  Config c;
  std::string err;
  REQUIRE(parse_config("[medications]\nzoloft = \" 50 mg daily \"\nlithium = true\n", "c.toml",
                       &c, &err));
  // In the order of their names, as toml++ keeps a table.
  REQUIRE(c.medications.size() == 2);
  CHECK(c.medications[1].dose == "50 mg daily");
  CHECK(c.medications[1].where == "c.toml:2:1");
  CHECK(c.medications[0].dose.empty());
  REQUIRE(resolve_medications(&c.medications, &err));
  CHECK(c.medications[1].name == "sertraline");
  CHECK(c.medications[0].name == "lithium");

  Config bad;
  CHECK_FALSE(parse_config("[medications]\nsertraline = 50\n", "c.toml", &bad, &err));
  CHECK(err.find("c.toml:2:") == 0);
  CHECK_FALSE(parse_config("medications = \"sertraline\"\n", "c.toml", &bad, &err));
  CHECK(err.find("[medications]") != std::string::npos);
  REQUIRE(parse_config("[medications]\nsetraline = \"\"\n", "c.toml", &bad, &err));
  CHECK_FALSE(resolve_medications(&bad.medications, &err));
  CHECK(err.find("c.toml:2:1:") == 0);
  CHECK(err.find("did you mean sertraline?") != std::string::npos);
}

TEST_CASE("[presets]: words split like a shell line, names found in any case, mistakes placed") {
  Config c;
  std::string err;
  REQUIRE(parse_config("[presets]\nPint = \"beer 568ml --abv 4.5\"\n"
                       "joint = \"cannabis 0.3g --route smoked --note 'after work'\"\n",
                       "c.toml", &c, &err));
  const Preset* pint = find_preset(c.presets, "PINT");
  REQUIRE(pint);
  CHECK(pint->words == std::vector<std::string>{"beer", "568ml", "--abv", "4.5"});
  CHECK(pint->where == "c.toml:2:1");
  const Preset* joint = find_preset(c.presets, "joint");
  REQUIRE(joint);
  CHECK(joint->words.back() == "after work");
  CHECK_FALSE(find_preset(c.presets, "beer"));

  std::vector<std::string> words;
  CHECK(split_preset_words(R"(a "b c" d\ e 'f\g')", &words, &err));
  CHECK(words == std::vector<std::string>{"a", "b c", "d e", "f\\g"});
  CHECK_FALSE(split_preset_words("beer \"pint", &words, &err));
  CHECK(err.find("never closed") != std::string::npos);

  Config bad;
  CHECK_FALSE(parse_config("[presets]\nx = \"--abv 4 beer\"\n", "c.toml", &bad, &err));
  CHECK(err.find("c.toml:2:") == 0);
  CHECK(err.find("starts with what was used") != std::string::npos);
  CHECK_FALSE(parse_config("[presets]\nx = \"\"\n", "c.toml", &bad, &err));
  CHECK_FALSE(parse_config("[presets]\nx = 4\n", "c.toml", &bad, &err));
  CHECK(err.find("c.toml:2:") == 0);
  CHECK_FALSE(parse_config("[presets]\n\"two words\" = \"beer\"\n", "c.toml", &bad, &err));
  CHECK(err.find("one word") != std::string::npos);
  CHECK_FALSE(parse_config("presets = \"pint\"\n", "c.toml", &bad, &err));
  CHECK(err.find("[presets]") != std::string::npos);
}

TEST_CASE("clock times and weekdays") {
  std::chrono::minutes m;
  CHECK(parse_clock_time("00:00", &m));
  CHECK(m.count() == 0);
  CHECK(parse_clock_time("23:59", &m));
  CHECK(m.count() == 23 * 60 + 59);
  CHECK_FALSE(parse_clock_time("24:00", &m));
  CHECK_FALSE(parse_clock_time("4:00", &m));
  date::weekday w;
  CHECK(parse_weekday("Mon", &w));
  CHECK(w == date::Monday);
  CHECK(parse_weekday("thursday", &w));
  CHECK(w == date::Thursday);
  CHECK_FALSE(parse_weekday("th", &w));
  CHECK_FALSE(parse_weekday("funday", &w));
}

TEST_CASE("numbers in the config are finite and above 0: nan and inf are refused") {
  for (const char* v : {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "0", "-1", "0.0"}) {
    CAPTURE(v);
    Config c;
    std::string err;
    CHECK_FALSE(parse_config(std::string("standard_drink = ") + v, "c.toml", &c, &err));
    CHECK(err == "c.toml:1:18: standard_drink takes a number above 0.");
    CHECK_FALSE(parse_config(std::string("[heavy_day]\nalcohol = ") + v, "c.toml", &c, &err));
    CHECK(err == "c.toml:2:11: alcohol takes a number above 0.");
  }
  Config c;
  std::string err;
  REQUIRE(parse_config("standard_drink = 12.5\n[heavy_day]\nalcohol = 6", "c.toml", &c, &err));
  CHECK(c.drinks.grams_per_drink == 12.5);
  CHECK(c.heavy_day.at("alcohol") == 6);
}
