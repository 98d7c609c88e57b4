#include "ebb/store/crypt.hpp"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

#include <fmt/format.h>

namespace ebb {

namespace {

constexpr uint8_t kWholeImage = 1, kPages = 2;
constexpr char kKeyCheckContext[] = "ebb key check v1";

// Offsets of the header fields; see crypt.hpp. Both formats share the first 44 bytes.
constexpr size_t kOffVersion = 8, kOffKind = 9, kOffOps = 12, kOffMem = 20, kOffSalt = 28;
// Format 1.
constexpr size_t kOffNonce = 44, kOffCheck = 68;
// Format 2.
constexpr size_t kOffCheck2 = 44, kOffFileId = 60, kOffPageSize = 76, kOffOverhead = 80,
                 kOffMac = kPageHeaderSize - 32;
// Subkeys of the key (crypto_kdf): one seals pages, one authenticates the header.
constexpr char kSubkeyContext[crypto_kdf_CONTEXTBYTES + 1] = "ebbcrypt";
constexpr uint64_t kPageSubkey = 1, kHeaderSubkey = 2;

static_assert(crypto_pwhash_SALTBYTES == 16);
static_assert(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == 24);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kCryptKeySize);
static_assert(crypto_aead_xchacha20poly1305_ietf_ABYTES == kCryptTagSize);
static_assert(kUnitOverhead == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + kCryptTagSize);
static_assert(crypto_kdf_KEYBYTES == kCryptKeySize);

void put_le(uint8_t* p, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t get_le(const uint8_t* p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void put_u64(uint8_t* p, uint64_t v) { put_le(p, v, 8); }
uint64_t get_u64(const uint8_t* p) { return get_le(p, 8); }

SecretBytes subkey(const SecretBytes& key, uint64_t id) {
  SecretBytes k(kCryptKeySize);
  crypto_kdf_derive_from_key(k.data(), k.size(), id, kSubkeyContext, key.data());
  return k;
}

// The associated data of a sealed unit: a domain tag, the file id, the kind and the index.
constexpr size_t kAdSize = 4 + 16 + 1 + 4;
std::array<uint8_t, kAdSize> unit_ad(const FileId& file, UnitKind kind, uint32_t index) {
  std::array<uint8_t, kAdSize> ad{};
  std::memcpy(ad.data(), "EBB2", 4);
  std::memcpy(ad.data() + 4, file.data(), file.size());
  ad[20] = static_cast<uint8_t>(kind);
  put_le(ad.data() + 21, index, 4);
  return ad;
}

void header_mac(std::span<const uint8_t> bytes, const SecretBytes& key, uint8_t out[32]) {
  SecretBytes k = subkey(key, kHeaderSubkey);
  crypto_generichash(out, 32, bytes.data(), kOffMac, k.data(), k.size());
}

std::array<uint8_t, 16> key_check_of(const SecretBytes& key) {
  std::array<uint8_t, 16> out{};
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const uint8_t*>(kKeyCheckContext),
                     sizeof kKeyCheckContext - 1, key.data(), key.size());
  return out;
}

}  // namespace

SecretBytes::SecretBytes(size_t n) : n_(n) {
  if (!crypt_init()) throw std::bad_alloc();
  p_ = static_cast<uint8_t*>(sodium_malloc(n ? n : 1));
  if (!p_) throw std::bad_alloc();
  sodium_memzero(p_, n ? n : 1);
}

SecretBytes::~SecretBytes() {
  if (p_) sodium_free(p_);  // zeroes before freeing
}

SecretBytes::SecretBytes(SecretBytes&& o) noexcept
    : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& o) noexcept {
  if (this != &o) {
    if (p_) sodium_free(p_);
    p_ = std::exchange(o.p_, nullptr);
    n_ = std::exchange(o.n_, 0);
  }
  return *this;
}

SecretBytes SecretBytes::clone() const {
  SecretBytes c(n_);
  if (n_) std::memcpy(c.data(), p_, n_);
  return c;
}

bool crypt_init() { return sodium_init() >= 0; }

bool looks_encrypted(std::span<const uint8_t> prefix) {
  return prefix.size() >= kCryptMagic.size() &&
         std::memcmp(prefix.data(), kCryptMagic.data(), kCryptMagic.size()) == 0;
}

int encrypted_format(std::span<const uint8_t> prefix) {
  if (prefix.size() <= kOffVersion || !looks_encrypted(prefix)) return 0;
  return prefix[kOffVersion] == 0 ? 0 : prefix[kOffVersion];
}

namespace {
// The fields both formats share: magic, version, key kind, Argon2id limits and salt.
void put_common(uint8_t* out, const CryptHeader& h, uint8_t version) {
  std::memcpy(out, kCryptMagic.data(), kCryptMagic.size());
  out[kOffVersion] = version;
  out[kOffKind] = static_cast<uint8_t>(h.kind);
  put_u64(out + kOffOps, h.opslimit);
  put_u64(out + kOffMem, h.memlimit);
  std::memcpy(out + kOffSalt, h.salt.data(), h.salt.size());
}
}  // namespace

std::array<uint8_t, kCryptHeaderSize> format_header(const CryptHeader& h) {
  std::array<uint8_t, kCryptHeaderSize> out{};
  put_common(out.data(), h, kWholeImage);
  std::memcpy(out.data() + kOffNonce, h.nonce.data(), h.nonce.size());
  std::memcpy(out.data() + kOffCheck, h.key_check.data(), h.key_check.size());
  return out;
}

bool parse_header(std::span<const uint8_t> bytes, CryptHeader* out, std::string* err) {
  if (!looks_encrypted(bytes)) {
    *err = "it isn't an encrypted ebb database";
    return false;
  }
  if (bytes.size() <= kOffVersion) {
    *err = "it is cut short (the header is incomplete)";
    return false;
  }
  CryptHeader h;
  h.version = bytes[kOffVersion];
  if (h.version != kWholeImage && h.version != kPages) {
    *err = fmt::format("it uses encryption format {}, and this ebb knows formats {} and {}; a "
                       "newer ebb can open it",
                       h.version, kWholeImage, kPages);
    return false;
  }
  if (bytes.size() < (h.version == kPages ? kPageHeaderSize : kCryptHeaderSize)) {
    *err = "it is cut short (the header is incomplete)";
    return false;
  }
  uint8_t kind = bytes[kOffKind];
  if (kind != static_cast<uint8_t>(KeyKind::passphrase) &&
      kind != static_cast<uint8_t>(KeyKind::key_file)) {
    *err = fmt::format("its header names an unknown kind of key ({})", kind);
    return false;
  }
  h.kind = static_cast<KeyKind>(kind);
  h.opslimit = get_u64(bytes.data() + kOffOps);
  h.memlimit = get_u64(bytes.data() + kOffMem);
  std::memcpy(h.salt.data(), bytes.data() + kOffSalt, h.salt.size());
  if (h.version == kWholeImage) {
    std::memcpy(h.nonce.data(), bytes.data() + kOffNonce, h.nonce.size());
    std::memcpy(h.key_check.data(), bytes.data() + kOffCheck, h.key_check.size());
  } else {
    std::memcpy(h.key_check.data(), bytes.data() + kOffCheck2, h.key_check.size());
    std::memcpy(h.file_id.data(), bytes.data() + kOffFileId, h.file_id.size());
    h.page_size = static_cast<uint32_t>(get_le(bytes.data() + kOffPageSize, 4));
    // SQLite pages are powers of two from 512 to 65536 bytes, and the seal must leave at
    // least the 480 bytes SQLite needs.
    bool pow2 = (h.page_size & (h.page_size - 1)) == 0;
    if (!pow2 || h.page_size < 512 || h.page_size > 65536 ||
        bytes[kOffOverhead] != kUnitOverhead) {
      *err = "its page settings are out of range (the header is damaged)";
      return false;
    }
  }
  if (h.kind == KeyKind::passphrase) {
    // The limits come from the file: bound them so a damaged header cannot ask for
    // terabytes of memory or hours of work.
    constexpr uint64_t kMaxOps = 32, kMaxMem = 4ull << 30;
    if (h.opslimit < crypto_pwhash_OPSLIMIT_MIN || h.opslimit > kMaxOps ||
        h.memlimit < crypto_pwhash_MEMLIMIT_MIN || h.memlimit > kMaxMem) {
      *err = "its key-derivation settings are out of range (the header is damaged)";
      return false;
    }
  }
  *out = h;
  return true;
}

KdfLimits default_kdf_limits() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

CryptHeader new_key_file_header() {
  crypt_init();
  CryptHeader h;
  h.kind = KeyKind::key_file;
  randombytes_buf(h.file_id.data(), h.file_id.size());
  return h;
}

CryptHeader new_passphrase_header(KdfLimits limits) {
  CryptHeader h = new_key_file_header();
  h.kind = KeyKind::passphrase;
  h.opslimit = limits.opslimit;
  h.memlimit = limits.memlimit;
  randombytes_buf(h.salt.data(), h.salt.size());
  return h;
}

CryptHeader header_for_copy(const CryptHeader& h) {
  crypt_init();
  CryptHeader c = h;
  c.version = kPages;
  c.page_size = 0;
  c.nonce = {};
  randombytes_buf(c.file_id.data(), c.file_id.size());
  return c;
}

bool derive_key(std::span<const uint8_t> passphrase, const CryptHeader& h, SecretBytes* key,
                std::string* err) {
  if (!crypt_init()) {
    *err = "libsodium could not start";
    return false;
  }
  SecretBytes k(kCryptKeySize);
  if (crypto_pwhash(k.data(), k.size(), reinterpret_cast<const char*>(passphrase.data()),
                    passphrase.size(), h.salt.data(), h.opslimit, static_cast<size_t>(h.memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    *err = fmt::format("deriving the key from the passphrase needs {} MiB of memory, and it "
                       "wasn't available",
                       h.memlimit >> 20);
    return false;
  }
  *key = std::move(k);
  return true;
}

SecretBytes random_key() {
  SecretBytes k(kCryptKeySize);
  randombytes_buf(k.data(), k.size());
  return k;
}

bool key_matches(const CryptHeader& h, const SecretBytes& key) {
  if (key.size() != kCryptKeySize) return false;
  auto check = key_check_of(key);
  return sodium_memcmp(check.data(), h.key_check.data(), check.size()) == 0;
}

std::array<uint8_t, kPageHeaderSize> format_page_header(CryptHeader h, const SecretBytes& key) {
  std::array<uint8_t, kPageHeaderSize> out{};
  put_common(out.data(), h, kPages);
  auto check = key_check_of(key);
  std::memcpy(out.data() + kOffCheck2, check.data(), check.size());
  std::memcpy(out.data() + kOffFileId, h.file_id.data(), h.file_id.size());
  put_le(out.data() + kOffPageSize, h.page_size, 4);
  out[kOffOverhead] = kUnitOverhead;
  header_mac(out, key, out.data() + kOffMac);
  return out;
}

bool header_mac_matches(std::span<const uint8_t> bytes, const SecretBytes& key) {
  if (bytes.size() < kPageHeaderSize || key.size() != kCryptKeySize) return false;
  uint8_t mac[32];
  header_mac(bytes, key, mac);
  return sodium_memcmp(mac, bytes.data() + kOffMac, sizeof mac) == 0;
}

SecretBytes page_key_of(const SecretBytes& key) { return subkey(key, kPageSubkey); }

void seal_unit(const SecretBytes& page_key, const FileId& file, UnitKind kind, uint32_t index,
               uint8_t* buf, size_t plain_len) {
  auto ad = unit_ad(file, kind, index);
  uint8_t* nonce = buf + plain_len;
  uint8_t* tag = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  unsigned long long tag_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached(buf, tag, &tag_len, buf, plain_len,
                                                      ad.data(), ad.size(), nullptr, nonce,
                                                      page_key.data());
}

bool open_unit(const SecretBytes& page_key, const FileId& file, UnitKind kind, uint32_t index,
               uint8_t* buf, size_t unit_len) {
  if (unit_len < kUnitOverhead || page_key.size() != kCryptKeySize) return false;
  size_t plain_len = unit_len - kUnitOverhead;
  auto ad = unit_ad(file, kind, index);
  const uint8_t* nonce = buf + plain_len;
  const uint8_t* tag = nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  // libsodium checks the tag before it decrypts anything; a failure zeroes buf.
  return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(buf, nullptr, buf, plain_len, tag,
                                                             ad.data(), ad.size(), nonce,
                                                             page_key.data()) == 0;
}

std::string seal(CryptHeader h, const SecretBytes& key, std::span<const uint8_t> plain) {
  crypt_init();
  randombytes_buf(h.nonce.data(), h.nonce.size());
  h.key_check = key_check_of(key);
  auto header = format_header(h);
  std::string out(kCryptHeaderSize + plain.size() + kCryptTagSize, '\0');
  auto* o = reinterpret_cast<uint8_t*>(out.data());
  std::memcpy(o, header.data(), header.size());
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(o + kCryptHeaderSize, &clen, plain.data(),
                                             plain.size(), header.data(), header.size(), nullptr,
                                             h.nonce.data(), key.data());
  out.resize(kCryptHeaderSize + clen);
  return out;
}

size_t sealed_plain_size(size_t file_size) {
  return file_size < kCryptHeaderSize + kCryptTagSize
             ? 0
             : file_size - kCryptHeaderSize - kCryptTagSize;
}

OpenFailure open_sealed(std::span<const uint8_t> file, const SecretBytes& key, uint8_t* out,
                        std::string* err) {
  CryptHeader h;
  if (!parse_header(file, &h, err)) return OpenFailure::not_encrypted;
  if (h.version != kWholeImage) {
    *err = "it isn't in the whole-image format";
    return OpenFailure::not_encrypted;
  }
  if (!key_matches(h, key)) {
    *err = h.kind == KeyKind::passphrase ? "the passphrase doesn't match"
                                         : "the key file doesn't match";
    return OpenFailure::wrong_key;
  }
  if (file.size() < kCryptHeaderSize + kCryptTagSize) {
    *err = "it is cut short";
    return OpenFailure::damaged;
  }
  unsigned long long plen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out, &plen, nullptr, file.data() + kCryptHeaderSize, file.size() - kCryptHeaderSize,
          file.data(), kCryptHeaderSize, file.data() + kOffNonce, key.data()) != 0) {
    sodium_memzero(out, sealed_plain_size(file.size()));
    *err = "it was changed or cut short after it was written (the authentication check failed)";
    return OpenFailure::damaged;
  }
  return OpenFailure::none;
}

}  // namespace ebb
