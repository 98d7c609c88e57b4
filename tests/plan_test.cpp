#include <doctest/doctest.h>

#include <regex>
#include <sstream>

#include "ebb/core/catalog.hpp"
#include "ebb/core/plan.hpp"
#include "test_support.hpp"

using namespace ebb;

namespace {

constexpr std::string_view kFull = R"(why = "I want to be present for my kids and sleep well."
when_urge = "Text Sam, make tea, wait 20 minutes."
review_on = 2026-12-31

[alcohol]
goal = "reduce"
max_per_occasion = "3 drinks"
max_per_day = "4 drinks"
max_per_week = "10 drinks"
max_use_days_per_week = 3
days_off = ["mon", "Tuesday"]
not_before = "18:00"
not_after = "23:30"
min_hours_between = 2
routes = ["Oral"]
not_alone = true

[stimulants]
goal = "pause"
max_per_day = 0

[safety]
avoid = [["alcohol", "benzodiazepine"], ["opioids", "stimulant"]]
test_first = ["stimulant", "opioid"]

[spending]
max_per_week = 40
currency = "EUR"
)";

PlanError must_fail(std::string_view text) {
  Plan plan;
  PlanError err;
  CHECK_FALSE(parse_plan(text, &plan, &err));
  CHECK_FALSE(err.message.empty());
  return err;
}

}  // namespace

TEST_CASE("plan: a full plan reads every key") {
  Plan p;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(kFull, &p, &err), format_plan_error(err));
  CHECK(p.why == "I want to be present for my kids and sleep well.");
  CHECK(p.when_urge == "Text Sam, make tea, wait 20 minutes.");
  REQUIRE(p.review_on);
  CHECK(format_day(*p.review_on) == "2026-12-31");
  CHECK(p.has_rules());

  REQUIRE(p.substances.size() == 2);
  const SubstancePlan& a = p.substances[0];
  CHECK(a.name == "alcohol");
  CHECK_FALSE(a.is_class);
  CHECK(a.goal == Goal::reduce);
  REQUIRE(a.max_per_occasion);
  CHECK(a.max_per_occasion->value == 3);
  CHECK(a.max_per_occasion->unit == "drink");
  CHECK(a.max_per_day->value == 4);
  CHECK(a.max_per_week->value == 10);
  CHECK(a.max_use_days_per_week == 3);
  REQUIRE(a.days_off);
  REQUIRE(a.days_off->size() == 2);
  CHECK((*a.days_off)[0] == date::Monday);
  CHECK((*a.days_off)[1] == date::Tuesday);
  CHECK(a.not_before == std::chrono::minutes{18 * 60});
  CHECK(a.not_after == std::chrono::minutes{23 * 60 + 30});
  CHECK(a.min_hours_between == 2.0);
  REQUIRE(a.routes);
  CHECK(*a.routes == std::vector<std::string>{"oral"});
  CHECK(a.not_alone == true);

  const SubstancePlan& s = p.substances[1];
  CHECK(s.name == "stimulant");  // plural accepted, kept singular
  CHECK(s.is_class);
  CHECK(s.goal == Goal::pause);
  REQUIRE(s.max_per_day);
  CHECK(s.max_per_day->value == 0);
  CHECK(s.max_per_day->unit == "");  // a class has no usual unit
  CHECK_FALSE(s.max_per_week);

  REQUIRE(p.safety.avoid.size() == 2);
  CHECK(p.safety.avoid[0].first == "alcohol");
  CHECK(p.safety.avoid[0].second == "benzodiazepine");
  CHECK(p.safety.avoid[1].first == "opioid");
  CHECK(p.safety.test_first == std::vector<std::string>{"stimulant", "opioid"});
  CHECK(p.spending.max_per_week == 40.0);
  CHECK(p.spending.currency == "EUR");
}

TEST_CASE("plan: names, units and times in the forms people write") {
  Plan p;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(R"(review_on = "2027-01-15"
[Beer]
max_per_day = 4
[weed]
max_per_day = "1.5g"
max_per_week = "5000 mg"
not_before = 21:15:00
not_after = "2:00"
[unlisted.kratom]
max_per_day = "3 g"
[ssri]
not_alone = false
)", &p, &err), format_plan_error(err));
  CHECK(format_day(*p.review_on) == "2027-01-15");
  REQUIRE(p.substances.size() == 4);
  CHECK(p.substances[0].name == "alcohol");           // an alias names its substance
  CHECK(p.substances[0].max_per_day->unit == "drink");  // a bare number: the usual unit
  CHECK(p.substances[1].name == "cannabis");
  CHECK(p.substances[1].max_per_day->value == 1.5);
  CHECK(p.substances[1].max_per_day->unit == "g");
  CHECK(p.substances[1].max_per_week->unit == "mg");
  CHECK(p.substances[1].not_before == std::chrono::minutes{21 * 60 + 15});
  CHECK(p.substances[1].not_after == std::chrono::minutes{2 * 60});
  CHECK(p.substances[2].name == "kratom");
  CHECK_FALSE(p.substances[2].is_class);
  CHECK(p.substances[3].name == "ssri");
  CHECK(p.substances[3].is_class);
  CHECK(p.substances[3].not_alone == false);
}

TEST_CASE("plan: a window that ends after midnight is fine") {
  Plan p;
  PlanError err;
  REQUIRE(parse_plan("[alcohol]\nnot_before = \"22:00\"\nnot_after = \"02:00\"\n", &p, &err));
  CHECK(p.substances[0].not_before == std::chrono::minutes{22 * 60});
  CHECK(p.substances[0].not_after == std::chrono::minutes{2 * 60});
}

TEST_CASE("plan: limits compare across units when checking they fit together") {
  Plan p;
  PlanError err;
  // 500 mg a day is within 1 g an occasion? No: 1 g per occasion exceeds 500 mg per day.
  auto e = must_fail("[cocaine]\nmax_per_occasion = \"1 g\"\nmax_per_day = \"500 mg\"\n");
  CHECK(e.line == 3);
  CHECK(e.column == 15);
  CHECK(e.message.find("max_per_day") != std::string::npos);
  // Same amounts the other way round fit.
  CHECK(parse_plan("[cocaine]\nmax_per_occasion = \"500 mg\"\nmax_per_day = \"1 g\"\n", &p, &err));
  // Equal limits fit.
  CHECK(parse_plan("[alcohol]\nmax_per_occasion = 4\nmax_per_day = \"4 drinks\"\n", &p, &err));
  // ml against drinks needs an ABV, so ebb cannot tell and lets it be.
  CHECK(parse_plan("[alcohol]\nmax_per_occasion = \"500 ml\"\nmax_per_day = \"1 drink\"\n", &p,
                   &err));
}

TEST_CASE("plan: errors name the line and column") {
  SUBCASE("TOML syntax") {
    auto e = must_fail("why = \"ok\"\n[alcohol]\ngoal = \n");
    CHECK(e.line == 3);
    CHECK(e.column == 8);  // where the value was expected: the end of the line
  }
  SUBCASE("unknown key in a section, with a suggestion") {
    auto e = must_fail("[alcohol]\ngoal = \"reduce\"\n  max_per_dya = 3\n");
    CHECK(e.line == 3);
    CHECK(e.column == 3);
    CHECK(e.message.find("max_per_dya") != std::string::npos);
    CHECK(e.message.find("Did you mean \"max_per_day\"?") != std::string::npos);
  }
  SUBCASE("unknown key at the top") {
    auto e = must_fail("why = \"x\"\nwhen_urges = \"y\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 1);
    CHECK(e.message.find("when_urge") != std::string::npos);
  }
  SUBCASE("wrong type") {
    auto e = must_fail("[alcohol]\nmax_use_days_per_week = \"three\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 25);
    e = must_fail("[alcohol]\nnot_alone = \"yes\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 13);
    e = must_fail("why = 3\n");
    CHECK(e.line == 1);
    CHECK(e.column == 7);
    e = must_fail("alcohol = 3\n");
    CHECK(e.line == 1);
    CHECK(e.column == 11);
    CHECK(e.message.find("[alcohol]") != std::string::npos);
    e = must_fail("[alcohol]\nmax_per_day = true\n");
    CHECK(e.line == 2);
    CHECK(e.column == 15);
  }
  SUBCASE("unknown unit") {
    auto e = must_fail("[alcohol]\nmax_per_day = \"4 bottlez\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 15);
    CHECK(e.message.find("bottlez") != std::string::npos);
  }
  SUBCASE("not an amount") {
    auto e = must_fail("[alcohol]\nmax_per_day = \"four\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 15);
  }
  SUBCASE("impossible limits") {
    auto e = must_fail("[alcohol]\nmax_per_occasion = \"3 drinks\"\nmax_per_day = 2\n");
    CHECK(e.line == 3);
    CHECK(e.column == 15);
    CHECK(e.message.find("2 drinks") != std::string::npos);
    CHECK(e.message.find("3 drinks") != std::string::npos);
    e = must_fail("[alcohol]\nmax_per_day = 4\nmax_per_week = 3\n");
    CHECK(e.line == 3);
    CHECK(e.column == 16);
    e = must_fail("[alcohol]\nmax_per_day = -1\n");
    CHECK(e.line == 2);
    CHECK(e.column == 15);
    e = must_fail("[alcohol]\nmax_per_day = \"-1 drinks\"\n");
    CHECK(e.line == 2);
    e = must_fail("[alcohol]\nmax_use_days_per_week = 8\n");
    CHECK(e.line == 2);
    CHECK(e.column == 25);
    e = must_fail("[alcohol]\nmin_hours_between = -2\n");
    CHECK(e.line == 2);
    CHECK(e.column == 21);
    e = must_fail("[spending]\nmax_per_week = -5\n");
    CHECK(e.line == 2);
    CHECK(e.column == 16);
  }
  SUBCASE("unknown weekday") {
    auto e = must_fail("[alcohol]\ndays_off = [\"mon\", \"funday\"]\n");
    CHECK(e.line == 2);
    CHECK(e.column == 20);
    e = must_fail("[alcohol]\ndays_off = \"mon\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 12);
  }
  SUBCASE("unknown class") {
    auto e = must_fail("[safety]\navoid = [[\"alcohol\", \"benzos\"]]\n");
    CHECK(e.line == 2);
    CHECK(e.column == 22);
    CHECK(e.message.find("benzos") != std::string::npos);
    e = must_fail("[safety]\ntest_first = [\"stimulant\", \"opiods\"]\n");
    CHECK(e.line == 2);
    CHECK(e.column == 28);
    e = must_fail("[safety]\navoid = [[\"alcohol\", \"opioid\", \"stimulant\"]]\n");
    CHECK(e.line == 2);
    CHECK(e.column == 10);
  }
  SUBCASE("unknown substance or class as a section") {
    auto e = must_fail("why = \"x\"\n\n[alcohl]\nmax_per_day = 3\n");
    CHECK(e.line == 3);
    CHECK(e.column == 2);
    CHECK(e.message.find("[unlisted.alcohl]") != std::string::npos);
  }
  SUBCASE("sections under [substances] get a pointer to the top level") {
    auto e = must_fail("[substances.alcohol]\nmax_per_day = 3\n");
    CHECK(e.line == 1);
    CHECK(e.column == 2);
    CHECK(e.message.find("write [alcohol]") != std::string::npos);
  }
  SUBCASE("the same substance twice") {
    auto e = must_fail("[beer]\nmax_per_day = 3\n[wine]\nmax_per_day = 2\n");
    CHECK(e.line == 3);
    CHECK(e.column == 2);
    CHECK(e.message.find("alcohol") != std::string::npos);
  }
  SUBCASE("bad time") {
    auto e = must_fail("[alcohol]\nnot_before = \"25:00\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 14);
    e = must_fail("[alcohol]\nnot_after = \"11pm\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 13);
    e = must_fail("[alcohol]\nnot_after = \"23:5\"\n");
    CHECK(e.line == 2);
  }
  SUBCASE("unknown goal") {
    auto e = must_fail("[alcohol]\ngoal = \"moderate\"\n");
    CHECK(e.line == 2);
    CHECK(e.column == 8);
  }
  SUBCASE("bad review date") {
    auto e = must_fail("review_on = \"2026-02-30\"\n");
    CHECK(e.line == 1);
    CHECK(e.column == 13);
  }
  SUBCASE("the first problem in the file is the one reported") {
    // toml++ keeps keys sorted; "zzz" sorts after "aaa" but comes first in the file.
    auto e = must_fail("[alcohol]\nzzz = 1\naaa = 2\n");
    CHECK(e.line == 2);
    e = must_fail("[safety]\nfoo = 1\n[alcohol]\nbar = 1\n");
    CHECK(e.line == 2);
  }
}

TEST_CASE("plan: the template is a valid plan without rules") {
  Plan p;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(plan_template(), &p, &err), format_plan_error(err));
  CHECK_FALSE(p.has_rules());
  CHECK(p.why.empty());
  CHECK(p.substances.empty());
  CHECK_FALSE(p.review_on);
}

TEST_CASE("plan: the template's examples are valid once uncommented") {
  // Uncomment every line that is a key or a section, leaving prose comments alone.
  std::istringstream in{std::string(plan_template())};
  std::string line, text;
  std::regex rule(R"(^# (\[[a-z.]+\]|[a-z0-9_]+ = .*)$)");
  int uncommented = 0;
  while (std::getline(in, line)) {
    if (std::regex_match(line, rule)) line = line.substr(2), ++uncommented;
    text += line + "\n";
  }
  CHECK(uncommented == 32);
  Plan p;
  PlanError err;
  REQUIRE_MESSAGE(parse_plan(text, &p, &err), format_plan_error(err));
  CHECK(p.has_rules());
  REQUIRE(p.substances.size() == 1);
  CHECK(p.substances[0].max_per_week->value == 10);
  CHECK(p.safety.avoid.size() == 2);
  CHECK(p.spending.max_per_week == 40.0);
}

TEST_CASE("plan: the template's [unlisted.NAME] example names nothing ebb knows") {
  std::string t(plan_template());
  std::smatch m;
  std::regex unlisted(R"(\[unlisted\.([a-z-]+)\])");
  REQUIRE(std::regex_search(t, m, unlisted));
  CHECK_MESSAGE(lookup_substance(m[1].str()).known == nullptr, m[1].str());
}

TEST_CASE("plan: describe_plan sums it up in a few lines") {
  Plan p;
  PlanError err;
  REQUIRE(parse_plan(kFull, &p, &err));
  CHECK(describe_plan(p) ==
        "Your reasons: \"I want to be present for my kids and sleep well.\"\n"
        "When an urge comes: \"Text Sam, make tea, wait 20 minutes.\"\n"
        "alcohol: reduce; up to 3 drinks at a time, 4 a day, 10 a week; up to 3 days a week; "
        "days off mon, tue; between 18:00 and 23:30; at least 2 hours between uses; oral only; "
        "with someone\n"
        "stimulant (class): pause; up to 0 a day\n"
        "Keep apart: alcohol and benzodiazepine; opioid and stimulant\n"
        "Test first: stimulant, opioid\n"
        "Spending: up to 40 EUR a week\n"
        "Review on 2026-12-31\n");
  CHECK(describe_plan(Plan{}) == "Your plan is empty so far. Add to it whenever it's useful.\n");
  REQUIRE(parse_plan("[cannabis]\nmax_per_day = \"1 g\"\nmax_per_week = \"3000 mg\"\n[mdma]\n", &p,
                     &err));
  CHECK(describe_plan(p) == "cannabis: up to 1 g a day, 3000 mg a week\nmdma: no rules yet\n");
}

TEST_CASE("plan: a substance's own rules win over its class's, key by key") {
  Plan p;
  PlanError err;
  REQUIRE(parse_plan(R"([stimulant]
max_per_day = 1
days_off = ["mon"]
not_alone = true
[cocaine]
max_per_day = "0.5 g"
days_off = []
[unlisted.Kratom]
max_per_day = "2 g"
)", &p, &err));
  auto cocaine = rules_for(p, "cocaine", "stimulant");
  REQUIRE(cocaine);
  CHECK(cocaine->name == "cocaine");
  CHECK(cocaine->max_per_day->value == 0.5);
  CHECK(cocaine->max_per_day->unit == "g");
  CHECK(cocaine->days_off->empty());  // an explicit empty list wins too
  CHECK(cocaine->not_alone == true);   // from the class
  auto speed = rules_for(p, "amphetamine", "stimulant");
  REQUIRE(speed);
  CHECK(speed->max_per_day->value == 1);
  CHECK(speed->days_off->size() == 1);
  CHECK_FALSE(rules_for(p, "alcohol", "alcohol"));
  auto kratom = rules_for(p, "kratom", "unknown");
  REQUIRE(kratom);
  CHECK(kratom->max_per_day->value == 2);
}

TEST_CASE("plan: format_plan_error") {
  PlanError e{3, 7, "ebb doesn't know the key \"x\"."};
  CHECK(format_plan_error(e) == "line 3, column 7: ebb doesn't know the key \"x\".");
}

TEST_CASE("plan: small things a careful writer might try") {
  Plan p;
  PlanError err;
  REQUIRE(parse_plan("[alcohol]\ndays_off = [\"sat\", \"Saturday\", \"SUN\"]\n", &p, &err));
  CHECK(*p.substances[0].days_off == std::vector<date::weekday>{date::Saturday, date::Sunday});
  REQUIRE(parse_plan("[alcohol]\ndays_off = []\nroutes = []\n", &p, &err));
  CHECK(p.substances[0].days_off->empty());
  CHECK(p.has_rules());  // an empty section still names the substance
  REQUIRE(parse_plan("", &p, &err));
  CHECK_FALSE(p.has_rules());
  REQUIRE(parse_plan("alcohol = { max_per_day = 2 }\n", &p, &err));
  CHECK(p.substances[0].max_per_day->value == 2);

  auto e = must_fail("[alcohol]\nmax_use_days_per_week = 2.5\n");
  CHECK(e.line == 2);
  CHECK(e.column == 25);
  e = must_fail("[alcohol]\nmax_per_day = \"2 drinks 3\"\n");  // a unit ebb does not know
  CHECK(e.line == 2);
  e = must_fail("[alcohol.extra]\nmax_per_day = 2\n");
  CHECK(e.line == 1);
  CHECK(e.column == 10);
  CHECK(e.message.find("extra") != std::string::npos);
}

TEST_CASE("plan: per-weekday and rolling limits, and their mistakes with line and column") {
  Plan plan;
  PlanError err;
  REQUIRE(parse_plan("[alcohol]\nmax_per_day = 2\nmax_per_day_by_weekday = { fri = 4, "
                     "saturday = \"4 drinks\", sun = 0 }\nmax_per_7_days = 10\n"
                     "max_use_days_per_7_days = 3\n",
                     &plan, &err));
  const SubstancePlan& a = plan.substances.at(0);
  REQUIRE(a.max_per_day_by_weekday);
  CHECK(a.max_per_day_by_weekday->size() == 3);
  CHECK(a.max_per_day_on(date::Friday)->value == 4);
  CHECK(a.max_per_day_on(date::Sunday)->value == 0);
  CHECK(a.max_per_day_on(date::Monday)->value == 2);
  CHECK(a.max_per_7_days->value == 10);
  CHECK(*a.max_use_days_per_7_days == 3);
  CHECK(describe_plan(plan).find("a day on fri 4 drinks") != std::string::npos);

  CHECK_FALSE(parse_plan("[alcohol]\nmax_per_day_by_weekday = { fry = 4 }\n", &plan, &err));
  CHECK(err.line == 2);
  CHECK(err.column == 28);
  CHECK(err.message.find("\"fry\"") != std::string::npos);
  CHECK_FALSE(parse_plan("[alcohol]\nmax_per_day_by_weekday = 4\n", &plan, &err));
  CHECK(err.line == 2);
  CHECK_FALSE(parse_plan("[alcohol]\nmax_per_day_by_weekday = { fri = -1 }\n", &plan, &err));
  CHECK(err.line == 2);
  CHECK_FALSE(parse_plan("[alcohol]\nmax_use_days_per_7_days = 8\n", &plan, &err));
  CHECK(err.line == 2);
  CHECK_FALSE(parse_plan("[alcohol]\nmax_per_occasion = 5\nmax_per_7_days = 4\n", &plan, &err));
  CHECK(err.line == 3);
}

TEST_CASE("plan: dated stages, in order, each with a from day") {
  Plan plan;
  PlanError err;
  REQUIRE(parse_plan("[alcohol]\nmax_per_day = 4\n[[alcohol.stage]]\nfrom = 2027-01-01\n"
                     "max_per_day = 3\n[[alcohol.stage]]\nfrom = \"2027-02-01\"\nmax_per_day = 2\n",
                     &plan, &err));
  const SubstancePlan& a = plan.substances.at(0);
  REQUIRE(a.stages.size() == 2);
  CHECK(a.on(test::day("2026-12-31")).max_per_day->value == 4);
  CHECK(a.on(test::day("2027-01-15")).max_per_day->value == 3);
  CHECK(a.on(test::day("2027-03-01")).max_per_day->value == 2);

  CHECK_FALSE(parse_plan("[alcohol]\n[[alcohol.stage]]\nmax_per_day = 3\n", &plan, &err));
  CHECK(err.line == 2);
  CHECK(err.message.find("from = 2027-01-01") != std::string::npos);
  CHECK_FALSE(parse_plan("[alcohol]\n[[alcohol.stage]]\nfrom = \"soon\"\n", &plan, &err));
  CHECK(err.line == 3);
  CHECK_FALSE(parse_plan("[alcohol]\n[[alcohol.stage]]\nfrom = 2027-01-01\nmax_per_dya = 3\n",
                         &plan, &err));
  CHECK(err.line == 4);
  CHECK_FALSE(parse_plan("[alcohol]\n[[alcohol.stage]]\nfrom = 2027-02-01\n"
                         "[[alcohol.stage]]\nfrom = 2027-01-01\n",
                         &plan, &err));
  CHECK(err.line == 5);
  CHECK(err.message.find("order of their dates") != std::string::npos);
  CHECK_FALSE(parse_plan("[alcohol]\nstage = 3\n", &plan, &err));
  CHECK(err.line == 2);
}

TEST_CASE("plan: every number is finite: nan and inf are refused wherever a number goes") {
  for (const char* v : {"nan", "inf", "-inf", "+nan"}) {
    CAPTURE(v);
    for (const std::string& line :
         {std::string("[alcohol]\nmax_per_day = ") + v, std::string("[alcohol]\nmax_per_week = ") + v,
          std::string("[alcohol]\nmax_per_occasion = ") + v,
          std::string("[alcohol]\nmin_hours_between = ") + v,
          std::string("[spending]\nmax_per_week = ") + v,
          std::string("[alcohol]\nmax_per_day = \"") + v + " drinks\""}) {
      CAPTURE(line);
      PlanError err = must_fail(line);
      CHECK(err.line == 2);
    }
  }
}
