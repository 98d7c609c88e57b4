#pragma once
/// Encryption at rest, the pure part: the encrypted file formats, key derivation and the
/// sealing of pages and buffers with libsodium. No files, no terminal, no SQLite.
///
/// Format 2 (page by page; docs/privacy.md tells why). The file is a 4096-byte header,
/// then SQLite's pages, each sealed on its own with XChaCha20-Poly1305 (IETF AEAD):
///
///   offset size  header field
///   0      8     magic "EBBCRYPT"
///   8      1     format version (2)
///   9      1     key kind: 1 passphrase (Argon2id), 2 key file
///   10     2     zero
///   12     8     Argon2id opslimit, little endian (0 for a key file)
///   20     8     Argon2id memlimit in bytes, little endian (0 for a key file)
///   28     16    Argon2id salt (zero for a key file)
///   44     16    key check: keyed BLAKE2b of a fixed text, to tell a wrong key from damage
///   60     16    file id: random, new for every file, so no page fits another file
///   76     4     SQLite page size, little endian
///   80     1     bytes each page keeps for the seal (40)
///   81     ...   zero
///   4064   32    header MAC: BLAKE2b keyed with a subkey of the key, over bytes 0-4063
///
/// A page of P bytes is stored as P bytes: its first P-40 bytes encrypted, then the 24-byte
/// random nonce and the 16-byte tag in the 40 bytes SQLite reserves at the end of every page
/// (the "reserved bytes" of the database header). A WAL frame (24-byte frame header + page)
/// is sealed as one unit the same way, so SQLite's checksums of the plain pages never reach
/// the disk; the WAL's own 32-byte header is sealed with its nonce and tag after it. The
/// associated data of every seal is the file id, what the unit is (page, frame, WAL header)
/// and its number: a unit moved to another place or another file does not open.
///
/// Format 1 (whole image, ebb before page-level encryption): a 100-byte header followed by
/// the whole SQLite image sealed in one piece. ebb still reads it, to convert it.
///
///   offset size  field
///   0      8     magic "EBBCRYPT"
///   8      1     format version (1)
///   9      1     key kind
///   10     2     reserved, zero
///   12     8     Argon2id opslimit
///   20     8     Argon2id memlimit
///   28     16    Argon2id salt
///   44     24    nonce, fresh random bytes for every save
///   68     16    key check
///   84     16    reserved, zero
///   100    ...   ciphertext (image length + 16-byte tag); the header is the associated data

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ebb {

inline constexpr std::string_view kCryptMagic = "EBBCRYPT";
inline constexpr size_t kCryptKeySize = 32;
inline constexpr size_t kCryptTagSize = 16;
/// Format 1: header size.
inline constexpr size_t kCryptHeaderSize = 100;
/// Format 2: header size, and what each sealed unit adds (nonce + tag).
inline constexpr size_t kPageHeaderSize = 4096;
inline constexpr size_t kUnitOverhead = 40;

enum class KeyKind : uint8_t { passphrase = 1, key_file = 2 };

using FileId = std::array<uint8_t, 16>;

struct CryptHeader {
  uint8_t version = 2;
  KeyKind kind = KeyKind::key_file;
  uint64_t opslimit = 0;
  uint64_t memlimit = 0;
  std::array<uint8_t, 16> salt{};
  std::array<uint8_t, 16> key_check{};
  FileId file_id{};                ///< format 2
  uint32_t page_size = 0;          ///< format 2; 0 until the first page is written
  std::array<uint8_t, 24> nonce{};  ///< format 1
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
  /// A copy in new locked memory.
  SecretBytes clone() const;

 private:
  uint8_t* p_ = nullptr;
  size_t n_ = 0;
};

/// Starts libsodium. False when it cannot (no entropy source).
bool crypt_init();

/// The format version of a file starting with `prefix` (at least 9 bytes): 1 or 2 (or a
/// newer number) when it starts with the magic, 0 when it is not an encrypted ebb file.
int encrypted_format(std::span<const uint8_t> prefix);
/// True when `prefix` starts with the magic.
bool looks_encrypted(std::span<const uint8_t> prefix);

/// Parses a header of either format (100 bytes of format 1, kPageHeaderSize of format 2).
/// False with *err when it is not a header this build can use (bad magic, newer version,
/// unknown kind, KDF limits or page size out of range). The format 2 MAC needs the key:
/// see header_mac_matches.
bool parse_header(std::span<const uint8_t> bytes, CryptHeader* out, std::string* err);

/// Argon2id cost of new passphrase headers: libsodium's "moderate" limits (256 MiB, about a
/// second), for data this personal.
struct KdfLimits {
  uint64_t opslimit;
  uint64_t memlimit;
};
KdfLimits default_kdf_limits();

/// A header for a new passphrase-locked file: random salt and file id, the given limits.
CryptHeader new_passphrase_header(KdfLimits limits);
/// A header for a new key-file-locked file: random file id.
CryptHeader new_key_file_header();
/// The same key settings (kind, limits, salt: the same passphrase or key file opens it) for
/// another file: a new file id, the page size still to be learnt.
CryptHeader header_for_copy(const CryptHeader& h);

/// Derives the 32-byte key from a passphrase with the header's salt and limits. False
/// with *err when Argon2id fails (out of memory).
bool derive_key(std::span<const uint8_t> passphrase, const CryptHeader& h, SecretBytes* key,
                std::string* err);

/// 32 fresh random bytes.
SecretBytes random_key();

/// True when `key` matches the header's key check.
bool key_matches(const CryptHeader& h, const SecretBytes& key);

// ---- Format 2 ----

/// The 4096 header bytes of `h` (format 2) with the key check and MAC of `key`.
std::array<uint8_t, kPageHeaderSize> format_page_header(CryptHeader h, const SecretBytes& key);
/// True when the MAC of format 2 header `bytes` (kPageHeaderSize of them) is `key`'s.
bool header_mac_matches(std::span<const uint8_t> bytes, const SecretBytes& key);

/// What a sealed unit is, part of its associated data.
enum class UnitKind : uint8_t { page = 'P', frame = 'F', wal_header = 'W' };

/// The subkey that seals pages, derived from the key.
SecretBytes page_key_of(const SecretBytes& key);

/// Seals a unit in place: buf holds `plain_len` bytes followed by kUnitOverhead bytes of
/// room, which receive the nonce (fresh random bytes) and the tag.
void seal_unit(const SecretBytes& page_key, const FileId& file, UnitKind kind, uint32_t index,
               uint8_t* buf, size_t plain_len);
/// Opens a unit of `unit_len` bytes sealed by seal_unit, in place: the first
/// unit_len - kUnitOverhead bytes become the plain text. False (and buf zeroed) when it does
/// not authenticate: damaged, cut, moved, from another file or sealed with another key.
bool open_unit(const SecretBytes& page_key, const FileId& file, UnitKind kind, uint32_t index,
               uint8_t* buf, size_t unit_len);

// ---- Format 1 (reading old files, to convert them) ----

/// The header's 100 bytes (format 1).
std::array<uint8_t, kCryptHeaderSize> format_header(const CryptHeader& h);

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

}  // namespace ebb
