#include <unistd.h>

#include <memory>

#include <fmt/format.h>

#include "commands.hpp"
#include "ebb/store/crypt.hpp"
#include "ebb/util/exit_codes.hpp"
#include "ebb/util/json.hpp"
#include "ebb/store/keys.hpp"
#include "ebb/store/vault.hpp"

namespace ebb {

namespace {

struct EncryptOptions {
  std::string key_file, new_key_file;
};

// The passphrase for the new key: from EBB_PASSPHRASE_FD, else typed twice at a terminal.
SecretBytes new_passphrase(const KeySource& src) {
  SecretBytes p;
  if (src.passphrase_fd >= 0) p = read_passphrase_fd(src.passphrase_fd);
  else if (src.can_prompt) p = prompt_passphrase("New passphrase: ", true);
  else
    throw Error(kExitUsage, "ebb encrypt asks for a passphrase at a terminal. Without one, give it "
                            "on a file descriptor with EBB_PASSPHRASE_FD, or use --new-key-file "
                            "or --key-file. Nothing was changed.");
  if (p.empty()) throw Error(kExitUsage, "An empty passphrase can't protect anything; nothing was changed.");
  return p;
}

}  // namespace

Runner setup_encrypt(CLI::App& sub) {
  auto o = std::make_shared<EncryptOptions>();
  auto* kf = sub.add_option("--key-file", o->key_file,
                            "Lock it with this existing key file (32 bytes, mode 0600)")
                 ->type_name("FILE");
  sub.add_option("--new-key-file", o->new_key_file,
                 "Make a new random key file here (0600) and lock the database with it")
      ->type_name("FILE")
      ->excludes(kf);
  sub.footer("Without a key file, ebb asks for a passphrase twice (or reads it from "
               "EBB_PASSPHRASE_FD). On an encrypted database this changes the key.");
  return [o](Env& env) {
    forbid_core_dumps();         // keys and passphrases are in memory from here on
    Store& store = env.store();  // an encrypted one is unlocked with its current key first
    bool was_encrypted = store.encrypted();
    CryptHeader header;
    SecretBytes key;
    std::string made_key_file;
    if (!o->new_key_file.empty()) {
      header = new_key_file_header();
      key = create_key_file(o->new_key_file);
      made_key_file = o->new_key_file;
    } else if (!o->key_file.empty()) {
      header = new_key_file_header();
      key = read_key_file(o->key_file);
    } else {
      SecretBytes pass = new_passphrase(key_source_from_env("", ""));
      header = new_passphrase_header(default_kdf_limits());
      std::string err;
      if (!derive_key({pass.data(), pass.size()}, header, &key, &err))
        throw Error(kExitInternal, fmt::format("Couldn't encrypt: {}. Nothing was changed.", err));
    }
    try {
      store.encrypt(header, std::move(key));
    } catch (...) {
      if (!made_key_file.empty()) ::unlink(made_key_file.c_str());
      throw;
    }
    std::string key_file = made_key_file.empty() ? o->key_file : made_key_file;
    auto copies = copies_beside(store.real_path());
    if (env.json) {
      JsonWriter w(true);
      w.begin_object()
          .field("path", store.path())
          .field("encrypted", true)
          .field("key", header.kind == KeyKind::passphrase ? "passphrase" : "key_file");
      if (!key_file.empty()) w.field("key_file", key_file);
      w.key(was_encrypted ? "old_key_copies" : "plain_copies").begin_array();
      for (const auto& c : copies) w.value(c);
      w.end_array().end_object();
      env.sink.out(w.str() + "\n");
      return static_cast<int>(kExitOk);
    }
    std::string verb = was_encrypted ? "Re-encrypted" : "Encrypted";
    if (header.kind == KeyKind::passphrase)
      env.sink.out(fmt::format(
          "{} {} with your passphrase. ebb asks for it when it opens the database.\n"
          "If the passphrase is lost, nobody can open the log, ebb included.\n",
          verb, store.path()));
    else
      env.sink.out(fmt::format(
          "{} {} with the key file {}.\nebb finds the key through --key-file, EBB_KEY_FILE or "
          "key_file in the config. Keep a copy of it somewhere apart from the database: "
          "without it the log can't be opened.\n",
          verb, store.path(), key_file));
    std::string list;
    for (const auto& c : copies) list += "  " + c + "\n";
    if (!was_encrypted)
      env.sink.err(fmt::format("Copies made before now stay readable ({}backups, synced or "
                               "cloud copies); delete them if you want them gone.\n{}",
                               copies.empty() ? "" : "the files below, ", list));
    else
      env.sink.err(fmt::format("Copies made before now ({}backups, synced or cloud copies) are "
                               "still locked with the old key, and open with it. If the old "
                               "passphrase or key file may be known to someone, delete them.\n{}",
                               copies.empty() ? "" : "the files below, ", list));
    return static_cast<int>(kExitOk);
  };
}

}  // namespace ebb
