#include "commands.hpp"

namespace ebb {

std::span<const Command> command_table() {
  static const Command kCommands[] = {
      {"use", "Log a use: what, how much, and the context around it", setup_use},
      {"again", "Log your last use once more, now", setup_again},
      {"urge", "Log an urge: how strong, what set it off, what you did", setup_urge},
      {"mood", "Log how you feel, 1-10", setup_mood},
      {"none", "Note a day with nothing used (a day off), of one substance or of anything",
       setup_none},
      {"surf", "Stay with an urge: a guided check-in every few minutes, saved as an urge",
       setup_surf},
      {"backfill", "Walk back over past days one by one and fill in what you used",
       setup_backfill},
      {"log", "List entries, newest first", setup_log},
      {"edit", "Change fields of an entry", setup_edit},
      {"rm", "Remove entries (one ebb undo brings them back)", setup_rm},
      {"undo", "Revert the last add, edit or remove", setup_undo},
      {"plan", "Show, write or change your own plan", setup_plan},
      {"review", "How your days compared with your plan", setup_review},
      {"trends", "Figures and charts over time, beside the period before", setup_trends},
      {"meanings", "What use did for you, in your words, beside your own ideas for instead",
       setup_meanings},
      {"replay", "One day (or night) in order: moods, urges, uses, notes, safety notes",
       setup_replay},
      {"calendar", "A month at a glance: amounts, urges and days off", setup_calendar},
      {"backup", "Copy the whole database to a private file", setup_backup},
      {"forget", "Erase entries for good: all, before a date, or one substance", setup_forget},
      {"check", "Reminders and safety notes that apply now (for prompts, cron, timers)",
       setup_check},
      {"now", "Where you are now: time since each use, its likely phase, open mixes",
       setup_now},
      {"report", "One page to keep or share: plan, review, trends (markdown or html)",
       setup_report},
      {"export", "Write every entry and plan version to JSON or CSV", setup_export},
      {"import", "Add entries from an ebb export or a PsychonautWiki Journal file", setup_import},
      {"diagnose", "Paths, versions, zone and database facts, for when something seems off",
       setup_diagnose},
      {"encrypt", "Encrypt the database with a passphrase or key file", setup_encrypt},
      {"decrypt", "Turn an encrypted database back into plain SQLite", setup_decrypt},
      {"substances", "List the substances and aliases ebb knows", setup_substances},
      {"help", "Show what ebb or a command takes: ebb help COMMAND", setup_help},
  };
  return kCommands;
}

}  // namespace ebb
