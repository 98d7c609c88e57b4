#pragma once
/// Encryption at rest, the pure part: the encrypted file format, key derivation and sealing
/// of byte buffers with libsodium. No files, no terminal, no SQLite.
///
/// An encrypted database file is a fixed 100-byte header followed by the SQLite image
/// sealed with XChaCha20-Poly1305 (IETF AEAD). The whole header is the associated data, so
/// changing, cutting or extending any byte of the file makes opening fail.
///
///   offset size  field
///   0      8     magic "EBBCRYPT"
///   8      1     format version (1)
///   9      1     key kind: 1 passphrase (Argon2id), 2 key file
///   10     2     reserved, zero
///   12     8     Argon2id opslimit, little endian (0 for a key file)
///   20     8     Argon2id memlimit in bytes, little endian (0 for a key file)
///   28     16    Argon2id salt (zero for a key file)
///   44     24    nonce, fresh random bytes for every save
///   68     16    key check: BLAKE2b of the key, to tell a wrong key from a damaged file
///   84     16    reserved, zero
///   100    ...   ciphertext (image length + 16-byte tag)

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ebb {

inline constexpr std::string_view kCryptMagic = "EBBCRYPT";
inline constexpr size_t kCryptHeaderSize = 100;
inline constexpr size_t kCryptKeySize = 32;
inline constexpr size_t kCryptTagSize = 16;

enum class KeyKind : uint8_t { passphrase = 1, key_file = 2 };

struct CryptHeader {
  uint8_t version = 1;
  KeyKind kind = KeyKind::key_file;
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;
  std::array<uint8_t, 16> salt{};
  std::array<uint8_t, 24> nonce{};
  std::array<uint8_t, 16> key_check{};
};

/// Bytes that live in locked memory (sodium_malloc: mlock'd, guard pages) and are zeroed
/// when freed. Move-only.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t n);
  ~SecretBytes();
  SecretBytes(SecretBytes&& o) noexcept;
  SecretBytes& operator=(SecretBytes&& o) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  uint8_t* data() { return p_; }
  const uint8_t* data() const { return p_; }
  size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  /// Shrinks the visible size (the memory stays until freed); for text read into a buffer.
  void truncate(size_t n) { if (n < n_) n_ = n; }

 private:
  uint8_t* p_ = nullptr;
  size_t n_ = 0;
};

/// Starts libsodium. False when it cannot (no entropy source).
bool crypt_init();

/// True when `prefix` (the first bytes of a file) starts with the magic.
bool looks_encrypted(std::span<const uint8_t> prefix);

/// Writes the header's 100 bytes.
std::array<uint8_t, kCryptHeaderSize> format_header(const CryptHeader& h);

/// Parses the first bytes of a file. False with *err when it is not a header this build
/// can use (bad magic, newer version, unknown kind, KDF limits out of range).
bool parse_header(std::span<const uint8_t> bytes, CryptHeader* out, std::string* err);

/// Argon2id cost of new passphrase headers: libsodium's "moderate" limits (256 MiB, about a
/// second), for data this personal.
struct KdfLimits {
  uint64_t opslimit;
  uint64_t memlimit;
};
KdfLimits default_kdf_limits();

/// A header for a new passphrase-locked file: random salt, the given limits.
CryptHeader new_passphrase_header(KdfLimits limits);
/// A header for a new key-file-locked file.
CryptHeader new_key_file_header();

/// Derives the 32-byte key from a passphrase with the header's salt and limits. False
/// with *err when Argon2id fails (out of memory).
bool derive_key(std::span<const uint8_t> passphrase, const CryptHeader& h, SecretBytes* key,
                std::string* err);

/// 32 fresh random bytes.
SecretBytes random_key();

/// The file: `h` with a fresh nonce and the key check of `key`, then `plain` sealed.
std::string seal(CryptHeader h, const SecretBytes& key, std::span<const uint8_t> plain);

/// Why opening failed.
enum class OpenFailure { none, not_encrypted, wrong_key, damaged };

/// Length of the image inside a sealed file of `file_size` bytes (0 when too short).
size_t sealed_plain_size(size_t file_size);

/// Checks `key` against the file's key check and decrypts into `out`, which holds
/// sealed_plain_size(file.size()) bytes. On failure `out` is zeroed and *err says why.
OpenFailure open_sealed(std::span<const uint8_t> file, const SecretBytes& key, uint8_t* out,
                        std::string* err);

/// True when `key` matches the header's key check.
bool key_matches(const CryptHeader& h, const SecretBytes& key);

}  // namespace ebb
