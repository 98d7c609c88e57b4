#include <doctest/doctest.h>
#include <sodium.h>

#include <cstring>
#include <string>
#include <vector>

#include "ebb/store/crypt.hpp"

using namespace ebb;

namespace {

std::span<const uint8_t> bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The cheapest Argon2id settings libsodium accepts, so tests stay fast.
KdfLimits cheap() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

SecretBytes key_of(const std::string& pass, const CryptHeader& h) {
  SecretBytes k;
  std::string err;
  REQUIRE(derive_key(bytes(pass), h, &k, &err));
  return k;
}

std::string open_to_string(const std::string& file, const SecretBytes& key, OpenFailure* why,
                           std::string* err) {
  std::string out(sealed_plain_size(file.size()), '\0');
  *why = open_sealed(bytes(file), key, reinterpret_cast<uint8_t*>(out.data()), err);
  return out;
}

}  // namespace

TEST_CASE("header: format and parse round trip, byte layout as documented") {
  CryptHeader h;
  h.kind = KeyKind::passphrase;
  h.opslimit = 3;
  h.memlimit = 268435456;  // 0x10000000
  for (int i = 0; i < 16; ++i) h.salt[i] = static_cast<uint8_t>(i + 1);
  for (int i = 0; i < 24; ++i) h.nonce[i] = static_cast<uint8_t>(0xA0 + i);
  for (int i = 0; i < 16; ++i) h.key_check[i] = static_cast<uint8_t>(0x50 + i);
  auto raw = format_header(h);
  CHECK(std::memcmp(raw.data(), "EBBCRYPT", 8) == 0);
  CHECK(raw[8] == 1);
  CHECK(raw[9] == 1);
  CHECK(raw[10] == 0);
  CHECK(raw[11] == 0);
  CHECK(raw[12] == 3);                    // opslimit, little endian
  for (int i = 13; i < 20; ++i) CHECK(raw[i] == 0);
  CHECK(raw[20 + 3] == 0x10);             // 0x10000000 -> bytes 00 00 00 10
  CHECK(raw[20] == 0);
  CHECK(raw[28] == 1);                    // salt
  CHECK(raw[43] == 16);
  CHECK(raw[44] == 0xA0);                 // nonce
  CHECK(raw[67] == 0xA0 + 23);
  CHECK(raw[68] == 0x50);                 // key check
  CHECK(raw[83] == 0x5F);
  for (size_t i = 84; i < kCryptHeaderSize; ++i) CHECK(raw[i] == 0);

  CryptHeader back;
  std::string err;
  REQUIRE(parse_header(raw, &back, &err));
  CHECK(back.kind == KeyKind::passphrase);
  CHECK(back.opslimit == 3);
  CHECK(back.memlimit == 268435456);
  CHECK(back.salt == h.salt);
  CHECK(back.nonce == h.nonce);
  CHECK(back.key_check == h.key_check);
}

TEST_CASE("header: refuses what this build can't use") {
  CryptHeader h = new_key_file_header();
  auto raw = format_header(h);
  CryptHeader out;
  std::string err;

  SUBCASE("not the magic") {
    std::string sqlite = "SQLite format 3";
    sqlite.resize(kCryptHeaderSize, '\0');
    CHECK_FALSE(parse_header(bytes(sqlite), &out, &err));
    CHECK(err.find("isn't an encrypted") != std::string::npos);
    CHECK_FALSE(looks_encrypted(bytes(sqlite)));
  }
  SUBCASE("cut inside the header") {
    CHECK(looks_encrypted({raw.data(), 40}));
    CHECK_FALSE(parse_header({raw.data(), 40}, &out, &err));
    CHECK(err.find("cut short") != std::string::npos);
  }
  SUBCASE("a newer format") {
    raw[8] = 3;
    CHECK_FALSE(parse_header(raw, &out, &err));
    CHECK(err.find("format 3") != std::string::npos);
    CHECK(encrypted_format(raw) == 3);
  }
  SUBCASE("an unknown key kind") {
    raw[9] = 7;
    CHECK_FALSE(parse_header(raw, &out, &err));
    CHECK(err.find("unknown kind of key (7)") != std::string::npos);
  }
  SUBCASE("a passphrase header asking for absurd memory") {
    raw[9] = 1;
    raw[12] = 3;
    raw[20 + 5] = 1;  // 2^40 bytes = 1 TiB
    CHECK_FALSE(parse_header(raw, &out, &err));
    CHECK(err.find("out of range") != std::string::npos);
  }
}

TEST_CASE("seal and open: round trip with a key file key") {
  SecretBytes key = random_key();
  using namespace std::string_literals;
  std::string image = "SQLite format 3\0 pretend pages: unique-note-7f3a"s;
  std::string file = seal(new_key_file_header(), key, bytes(image));
  CHECK(file.size() == kCryptHeaderSize + image.size() + kCryptTagSize);
  CHECK(sealed_plain_size(file.size()) == image.size());
  CHECK(looks_encrypted(bytes(file)));
  CHECK(file.find("unique-note-7f3a") == std::string::npos);

  OpenFailure why;
  std::string err;
  CHECK(open_to_string(file, key, &why, &err) == image);
  CHECK(why == OpenFailure::none);

  SUBCASE("every save gets a fresh nonce, so two seals differ") {
    std::string again = seal(new_key_file_header(), key, bytes(image));
    CHECK(again != file);
    CHECK(open_to_string(again, key, &why, &err) == image);
  }
  SUBCASE("another key is a wrong key, not damage") {
    SecretBytes other = random_key();
    std::string out = open_to_string(file, other, &why, &err);
    CHECK(why == OpenFailure::wrong_key);
    CHECK(err == "the key file doesn't match");
    CHECK(out == std::string(image.size(), '\0'));
  }
  SUBCASE("one flipped bit in the ciphertext is damage") {
    file[kCryptHeaderSize + 5] ^= 1;
    std::string out = open_to_string(file, key, &why, &err);
    CHECK(why == OpenFailure::damaged);
    CHECK(out == std::string(image.size(), '\0'));
  }
  SUBCASE("a flipped bit in the tag is damage") {
    file[file.size() - 1] ^= 0x80;
    open_to_string(file, key, &why, &err);
    CHECK(why == OpenFailure::damaged);
  }
  SUBCASE("the header is authenticated too: a changed reserved byte is damage") {
    file[90] = 1;
    open_to_string(file, key, &why, &err);
    CHECK(why == OpenFailure::damaged);
  }
  SUBCASE("a truncated file is damage") {
    file.resize(file.size() - 1);
    open_to_string(file, key, &why, &err);
    CHECK(why == OpenFailure::damaged);
    file.resize(kCryptHeaderSize + 3);
    CHECK(sealed_plain_size(file.size()) == 0);
    uint8_t none = 0;
    CHECK(open_sealed(bytes(file), key, &none, &err) == OpenFailure::damaged);
  }
  SUBCASE("an extended file is damage") {
    file += "x";
    open_to_string(file, key, &why, &err);
    CHECK(why == OpenFailure::damaged);
  }
}

TEST_CASE("passphrase keys: same passphrase and salt give the same key; others don't open") {
  CryptHeader h = new_passphrase_header(cheap());
  CHECK(h.kind == KeyKind::passphrase);
  CHECK(h.salt != std::array<uint8_t, 16>{});
  SecretBytes k1 = key_of("correct horse", h);
  SecretBytes k2 = key_of("correct horse", h);
  REQUIRE(k1.size() == 32);
  CHECK(std::memcmp(k1.data(), k2.data(), 32) == 0);

  std::string image(5000, 'q');
  std::string file = seal(h, k1, bytes(image));
  CryptHeader parsed;
  std::string err;
  REQUIRE(parse_header(bytes(file), &parsed, &err));
  CHECK(parsed.salt == h.salt);
  CHECK(parsed.opslimit == h.opslimit);
  CHECK(key_matches(parsed, key_of("correct horse", parsed)));
  CHECK_FALSE(key_matches(parsed, key_of("correct horse ", parsed)));

  OpenFailure why;
  CHECK(open_to_string(file, key_of("correct horse", parsed), &why, &err) == image);
  CHECK(why == OpenFailure::none);
  open_to_string(file, key_of("Correct horse", parsed), &why, &err);
  CHECK(why == OpenFailure::wrong_key);
  CHECK(err == "the passphrase doesn't match");

  SUBCASE("another salt gives another key") {
    CryptHeader h2 = new_passphrase_header(cheap());
    CHECK(h2.salt != h.salt);
    SecretBytes k3 = key_of("correct horse", h2);
    CHECK(std::memcmp(k1.data(), k3.data(), 32) != 0);
  }
}

TEST_CASE("default KDF limits are libsodium's moderate ones") {
  auto l = default_kdf_limits();
  CHECK(l.opslimit == 3);
  CHECK(l.memlimit == 256ull * 1024 * 1024);
}

// ---- Format 2: page by page ----

TEST_CASE("page header: layout as documented, parsed back, MAC of the key") {
  SecretBytes key = random_key();
  CryptHeader h = new_passphrase_header(cheap());
  h.page_size = 4096;
  CHECK(h.version == 2);
  CHECK(h.file_id != FileId{});
  auto raw = format_page_header(h, key);
  CHECK(std::memcmp(raw.data(), "EBBCRYPT", 8) == 0);
  CHECK(raw[8] == 2);
  CHECK(raw[9] == 1);
  CHECK(raw[12] == h.opslimit);
  CHECK(std::memcmp(raw.data() + 28, h.salt.data(), 16) == 0);
  CHECK(std::memcmp(raw.data() + 60, h.file_id.data(), 16) == 0);
  CHECK(raw[76] == 0x00);
  CHECK(raw[77] == 0x10);  // 4096, little endian
  CHECK(raw[80] == kUnitOverhead);
  for (size_t i = 81; i < kPageHeaderSize - 32; ++i) REQUIRE(raw[i] == 0);
  CHECK(encrypted_format(raw) == 2);

  CryptHeader back;
  std::string err;
  REQUIRE(parse_header(raw, &back, &err));
  CHECK(back.version == 2);
  CHECK(back.kind == KeyKind::passphrase);
  CHECK(back.salt == h.salt);
  CHECK(back.file_id == h.file_id);
  CHECK(back.page_size == 4096);
  CHECK(key_matches(back, key));
  CHECK_FALSE(key_matches(back, random_key()));
  CHECK(header_mac_matches(raw, key));

  SUBCASE("any changed byte fails the MAC") {
    for (size_t i : {size_t{9}, size_t{30}, size_t{61}, size_t{200}, kPageHeaderSize - 1}) {
      auto bad = raw;
      bad[i] ^= 0x04;
      CHECK_FALSE(header_mac_matches(bad, key));
    }
  }
  SUBCASE("another key's MAC doesn't match") { CHECK_FALSE(header_mac_matches(raw, random_key())); }
  SUBCASE("cut inside the header") {
    CHECK_FALSE(parse_header({raw.data(), 2000}, &back, &err));
    CHECK(err.find("cut short") != std::string::npos);
  }
  SUBCASE("a page size SQLite can't have") {
    raw[77] = 0x11;
    CHECK_FALSE(parse_header(raw, &back, &err));
    CHECK(err.find("page settings") != std::string::npos);
  }
  SUBCASE("a copy keeps the key settings, not the file id") {
    CryptHeader c = header_for_copy(back);
    CHECK(c.salt == back.salt);
    CHECK(c.kind == back.kind);
    CHECK(c.opslimit == back.opslimit);
    CHECK(c.page_size == 0);
    CHECK(c.file_id != back.file_id);
  }
}

TEST_CASE("sealed units: round trip, fresh nonce each time, bound to file, kind and place") {
  SecretBytes key = random_key();
  SecretBytes pk = page_key_of(key);
  FileId file = new_key_file_header().file_id;
  const size_t unit = 4096;
  std::vector<uint8_t> page(unit, 0);
  const std::string text = "substance=ketamine note=unique-phrase-9931";
  std::memcpy(page.data() + 1000, text.data(), text.size());
  auto sealed = page;
  seal_unit(pk, file, UnitKind::page, 7, sealed.data(), unit - kUnitOverhead);
  std::string as_text(sealed.begin(), sealed.end());
  CHECK(as_text.find("unique-phrase") == std::string::npos);
  CHECK(as_text.find("ketamine") == std::string::npos);

  auto opened = sealed;
  REQUIRE(open_unit(pk, file, UnitKind::page, 7, opened.data(), unit));
  CHECK(std::memcmp(opened.data(), page.data(), unit - kUnitOverhead) == 0);

  SUBCASE("the same page sealed twice differs (a new random nonce)") {
    auto again = page;
    seal_unit(pk, file, UnitKind::page, 7, again.data(), unit - kUnitOverhead);
    CHECK(again != sealed);
  }
  SUBCASE("a flipped bit anywhere is refused") {
    for (size_t i : {size_t{0}, size_t{1000}, unit - kUnitOverhead - 1, unit - 30, unit - 1}) {
      auto bad = sealed;
      bad[i] ^= 0x01;
      CHECK_FALSE(open_unit(pk, file, UnitKind::page, 7, bad.data(), unit));
    }
  }
  SUBCASE("moved to another page, kind or file, or opened with another key: refused") {
    auto a = sealed, b = sealed, c = sealed, d = sealed, e = sealed;
    CHECK_FALSE(open_unit(pk, file, UnitKind::page, 8, a.data(), unit));
    CHECK_FALSE(open_unit(pk, file, UnitKind::frame, 7, b.data(), unit));
    CHECK_FALSE(open_unit(pk, new_key_file_header().file_id, UnitKind::page, 7, c.data(), unit));
    CHECK_FALSE(open_unit(page_key_of(random_key()), file, UnitKind::page, 7, d.data(), unit));
    // The page key is a subkey: the key itself doesn't open pages either.
    CHECK_FALSE(open_unit(key, file, UnitKind::page, 7, e.data(), unit));
  }
  SUBCASE("cut short: refused") {
    CHECK_FALSE(open_unit(pk, file, UnitKind::page, 7, sealed.data(), unit - 1));
    CHECK_FALSE(open_unit(pk, file, UnitKind::page, 7, sealed.data(), kUnitOverhead - 1));
  }
}
