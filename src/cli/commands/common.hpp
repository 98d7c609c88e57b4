#pragma once
/// Pieces the logging commands and `edit` share: the options for each kind of entry, and
/// turning what was typed into entry fields with messages in ebb's voice.

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "ebb/core/entry.hpp"
#include "ebb/cli/env.hpp"

namespace ebb {

struct Alternatives;

/// Every field flag, as typed. Which ones were given is asked of the CLI11 app.
struct EntryOptions {
  CLI::App* app = nullptr;
  std::string at, note;
  std::vector<std::string> tags;
  // use
  std::string route, where, with, cost, reason, mood_before, felt, abv;
  bool alone = false, tested = false, untested = false;
  // urge (substance also for edit of a use)
  std::string substance, trigger, feeling, wanted, other, minutes, after;
  bool rode_out = false, used = false;
  // mood
  std::string feel, energy;
  // edit only
  std::string amount, unit, intensity, score;
  // use, urge, edit: keep a new name that is close to a known one; use, edit: keep an amount
  // past the plausible bound
  bool new_name = false, insist = false;

  bool given(const std::string& flag) const;
};

void add_common_options(CLI::App& app, EntryOptions& o);
void add_use_options(CLI::App& app, EntryOptions& o);
void add_urge_options(CLI::App& app, EntryOptions& o);
void add_mood_options(CLI::App& app, EntryOptions& o);
/// --new: keep a substance name that is close to a known one, on purpose.
void add_new_name_option(CLI::App& app, EntryOptions& o);
/// --insist: keep an amount past the plausible bound.
void add_insist_option(CLI::App& app, EntryOptions& o);

/// What `ebb use` takes: SUBSTANCE [AMOUNT [UNIT]] and the options of a use.
struct UseArgs {
  std::string substance, amount, unit;
  EntryOptions o;
};
void add_use_arguments(CLI::App& app, UseArgs& a);

/// The entry `ebb use` logs from what was typed (not saved). SUBSTANCE may name a preset from
/// [presets]: its words are read as if typed, then what was typed wins; a bare count after it
/// ("pint 2") is that many of its amount. A preset that does not read is an Error (exit 2)
/// naming its line in the config.
Entry use_entry(Env& env, const UseArgs& typed, std::string* hint);

/// Applies every option that was given to `e`. Throws Error (exit 2) on a bad value.
void apply_options(const EntryOptions& o, Entry& e, Env& env);

/// Sets substance, class and beverage from what was typed; returns a hint when the name is
/// unknown. A name close to a known one ("heroine") is refused with "Did you mean heroin?"
/// (Error, exit 2) unless `keep_new`.
std::string set_substance(Entry& e, const std::string& typed, bool keep_new);

/// Sets amount and unit from AMOUNT [UNIT]; fills the usual unit and a drink's usual strength
/// (the person's own from the config first). An amount past plausible_max() is refused unless
/// `insist`.
void set_amount(Entry& e, const std::string& amount, const std::string& unit,
                const DrinkSettings& drinks, bool insist);

/// For a drink: what was assumed and what it counts as, "US pint 473 ml, 5%: 8 drinks";
/// empty for anything else, or when nothing was assumed and the amount is in drinks already.
std::string drink_note(const Entry& e, const DrinkSettings& drinks);

/// The entry an id names (ebb(1), edit): an id too short or matching several is a usage error
/// (exit 2), one matching none exits 1; the message ends with `nothing_done`.
Entry find_entry(Env& env, const std::string& id, std::string_view nothing_done);

/// Text typed for the log, checked: UTF-8 without control characters (tabs allowed), else
/// Error (exit 2) naming `what`.
std::string checked_text(const std::string& text, const char* what);

/// A whole number in [lo, hi], or Error naming what it is for.
int parse_scale(const std::string& text, const char* what, int lo, int hi);

/// The --at time (default now); a time in the future is an error.
Instant resolve_at(Env& env, const std::string& text);

/// Sets `at`, zone and offset of a new entry.
void stamp(Entry& e, Env& env, Instant at);

/// Prints the entry as JSON (one object) on stdout.
void print_entry_json(Env& env, const Entry& e);

/// Saves a new entry and confirms it: a short line, or JSON with --json. Then up to two
/// reminders about it (ebb(1), CHECK): lines on stdout, or a "reminders" array in the JSON.
/// `offer`: the person's own ideas for what an urge wanted (`[alternatives]`), shown after the
/// confirmation ("alternatives" in the JSON).
int log_entry(Env& env, Entry& e, const std::string& hint, const Alternatives* offer = nullptr);

}  // namespace ebb

#include "ebb/core/review.hpp"
#include "ebb/core/trends.hpp"

namespace ebb {
struct Reminder;

/// Every saved plan version, parsed, oldest first. A version that no longer parses (say the
/// catalog changed) is skipped with a note on stderr.
std::vector<PlanVersion> load_plans(Env& env);

/// The plan's spending baseline, or the first weeks of the log for one (spending.hpp).
void add_spending_baseline(Env& env, std::span<const PlanVersion> versions, TrendsInput* in);

/// The period a report covers: PERIOD ("week" when empty), or --since / --until when given.
Period resolve_period(Env& env, const std::string& period, const std::string& since,
                      const std::string& until);

/// Every reminder that applies now (or, with `just_logged`, to that entry), with the history,
/// plans and settings it needs loaded from the store and config; ordered and composed. With
/// `what_if`, an entry that is not saved: the reminders logging it would give, as if it were
/// in the log (its id must be set and must not be a stored one).
std::vector<Reminder> load_reminders(Env& env, const Entry* just_logged, bool discreet,
                                     const Entry* what_if = nullptr);

/// The safety notes about the uses of a period (dangerous mixes, uses after a break, alone,
/// untested), for review and report: the same rules as the reminders, oldest first.
/// `entries` run from `loaded_from` (at least 21 days before the period) to its end.
std::vector<Reminder> safety_events_of(Env& env, const Period& p,
                                       std::span<const PlanVersion> versions,
                                       std::span<const Entry> entries, Instant loaded_from);

/// The same for the hours [from, until), for replay: `entries` run from `loaded_from` (at
/// least 21 days before `from`) to `until`.
std::vector<Reminder> safety_events_between(Env& env, Instant from, Instant until,
                                            std::span<const PlanVersion> versions,
                                            std::span<const Entry> entries,
                                            Instant loaded_from);

/// Keeps the few most important of an ordered list to show now (every dangerous one, and at
/// least `few`), composes their text, and (with `mark`) notes them as shown, with the person's
/// `why` when it was quoted. Returns how many were left out.
size_t show_few(Env& env, std::vector<Reminder>* list, size_t few, bool mark = true);

/// Reminders as text, each on its line after its lead word ("Safety:", "Take care:", coloured
/// when colour is on), with the configured help lines once, after the first note that has them.
std::string format_reminders(std::span<const Reminder> list, const std::string& country,
                             bool color);

/// "2 more notes; ebb check --all shows them." for `left` notes left out.
std::string more_notes(size_t left, std::string_view command);

/// When the first entry of the whole log happened (coverage.hpp); nullopt for an empty log.
std::optional<Instant> first_entry_at(Env& env);

/// Entries from `days_before` days before the period to its end, oldest first; with `light`,
/// only what reminders and the review read (EntryQuery::light).
std::vector<Entry> entries_around(Env& env, const Period& p, int days_before,
                                  bool light = false);

/// What `review_period` needs, with the person's settings. The spans must outlive it.
ReviewInput review_input(Env& env, const Period& p, std::span<const PlanVersion> versions,
                         std::span<const Entry> entries);

/// What trends read of the entries from `days_before` days before the period to its end,
/// oldest first, streamed from the store so whole entries are never all held at once.
std::vector<TrendEntry> trend_entries_around(Env& env, const Period& p, int days_before);

/// What `compute_trends` needs, with the person's settings.
TrendsInput trends_input(Env& env, const Period& p, std::vector<TrendEntry> entries);

/// The review of a period with what review and report show beside it: the positive changes
/// from the period before (the trends' computation), the safety notes about its uses, and the
/// currency in use.
ReviewResult review_for(Env& env, const Period& p, std::span<const PlanVersion> versions);

/// The currency beside money: the latest plan's `[spending] currency`, else the config's.
std::string currency_in_use(const Env& env, std::span<const PlanVersion> versions);

}  // namespace ebb

namespace ebb {

/// Where `ebb plan edit` keeps the text being written until it is saved: beside the database
/// file, named after it.
inline std::string plan_draft_path(const std::string& db_path) {
  return db_path + ".plan-draft.toml";
}

/// Reads FILE, or standard input for "-". Throws Error (exit 2) when it cannot.
std::string read_input_file(const std::string& path);

/// FILE's text, read once from start to end (import): a regular file is mapped rather than
/// copied, and the part already read is let go (release_before), so memory stays small
/// however long the file; standard input ("-") and other files are read whole. Throws Error
/// (exit 2) when FILE can't be read.
class InputText {
 public:
  explicit InputText(const std::string& path);
  ~InputText();
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  std::string_view text() const { return text_; }
  /// The text before `offset` won't be read again (if it is, it comes back from the file).
  void release_before(size_t offset);
  /// The text is read again from the start (what was let go comes back as it is read, and
  /// is let go again).
  void read_again();

 private:
  std::string copy_;  // standard input, or a file that can't be mapped
  void* map_ = nullptr;
  size_t map_size_ = 0, released_ = 0;
  std::string_view text_;
};

/// A file written with mode 0600 through a private temporary file beside it that commit()
/// renames into place, so a reader never sees half a file and an existing file is replaced
/// whole. Without commit() (an error on the way) the temporary file is removed.
class PrivateFile {
 public:
  explicit PrivateFile(std::string path);
  ~PrivateFile();
  PrivateFile(const PrivateFile&) = delete;
  PrivateFile& operator=(const PrivateFile&) = delete;
  void write(std::string_view text);
  void commit();

 private:
  [[noreturn]] void fail(int saved);
  std::string path_, tmp_;
  int fd_ = -1;
};

/// Writes `text` to `path` with mode 0600: a private temporary file beside it, then a rename,
/// so a reader never sees half a file and an existing file is replaced whole.
void write_private_output(const std::string& path, const std::string& text);

/// The file a command may write its output to (-o/--output, a backup): the real file when
/// `path` is a link. Throws Error (exit 2, nothing written) for ebb's own files (the
/// database, its -wal, -shm, -journal and lock files, the key file), whatever name they are
/// reached by; for what isn't a regular file; and for an existing file unless `replace`
/// (--force; `offer_force` says whether the command has it, for the message).
std::string output_path(Env& env, const std::string& path, bool replace, bool offer_force = true);

}  // namespace ebb
