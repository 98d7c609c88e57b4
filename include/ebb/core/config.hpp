#pragma once
/// The optional config file (TOML): `--config`, `$EBB_CONFIG`, `$XDG_CONFIG_HOME/ebb/config.toml`.
/// Every key has a default, so a missing file is fine; an unreadable one is an error that
/// names the line.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ebb/core/amount.hpp"
#include "ebb/core/catalog.hpp"
#include "ebb/core/time.hpp"

namespace ebb {

struct ReminderSettings {
  int repeat_hours = 12;              ///< a reminder already shown is quiet this long
  int combination_window_hours = 12;  ///< "together" for the interaction table
  int tolerance_break_days = 7;       ///< a break this long lowers tolerance
  int quiet_days = 4;                 ///< no entries this long: a gentle invitation
  bool discreet = false;              ///< name no substance in reminders and notifications
  int why_repeat_hours = 24;          ///< the person's `why` is quoted at most this often
  bool alcohol_notes = false;         ///< notes on a quick second drink, drinking after a break
  std::string country;                ///< for help lines; none printed by default
};

/// A standing medication from [medications]: counted as present in every combination note,
/// never as a use (no use days, no limits).
struct Medication {
  std::string name;   ///< canonical after resolve_medications(); as written before
  std::string dose;   ///< the person's words ("60 mg daily"); may be empty
  std::string where;  ///< "file:line:column" of its key, for messages
};

/// A preset from [presets]: a name for the arguments of a use the person logs often
/// (`pint = "beer 568ml --abv 4.5"`), so `ebb use pint` logs that.
struct Preset {
  std::string name;                ///< lower case, one word
  std::vector<std::string> words;  ///< the value split like a shell line (quotes kept together)
  std::string text;                ///< the value as written
  std::string where;               ///< "file:line:column" of its key, for messages
};

struct Config {
  DaySettings days;
  DrinkSettings drinks;
  std::string currency;                       ///< shown beside costs, e.g. "EUR"; may be empty
  ReminderSettings reminders;
  std::map<std::string, double> heavy_day;    ///< substance or class -> amount per day
  std::map<std::string, std::string> help_lines;  ///< label -> number/text, from config only
  std::string key_file;  ///< key file of an encrypted database, as written ("~/" allowed)
  std::vector<Substance> substances;  ///< the person's own, from [substances.NAME]
  std::vector<Medication> medications;  ///< [medications], by name as written
  std::vector<Preset> presets;          ///< [presets], by name
};

/// The preset called `name` (any case), or nullptr.
const Preset* find_preset(const std::vector<Preset>& presets, std::string_view name);

/// Splits a preset's value into words like a shell: spaces separate, '...' and "..." keep
/// spaces, a backslash keeps the next character. False with *err on an open quote.
bool split_preset_words(std::string_view text, std::vector<std::string>* out, std::string* err);

/// Parses config text. False with *err naming line and column on a bad document.
bool parse_config(std::string_view text, std::string_view source_name, Config* out,
                  std::string* err);

/// Turns each medication's name into the catalog's (aliases and the person's own substances
/// included, so call it after set_own_substances). False with *err naming the place of a name
/// ebb doesn't know: a medication without a class would silently get no notes.
bool resolve_medications(std::vector<Medication>* meds, std::string* err);

/// "04:00" -> 240 minutes; false when not HH:MM within a day.
bool parse_clock_time(std::string_view text, std::chrono::minutes* out);

/// "monday", "mon" -> Monday.
bool parse_weekday(std::string_view text, date::weekday* out);

}  // namespace ebb
