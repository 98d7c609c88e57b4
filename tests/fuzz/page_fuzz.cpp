// libFuzzer target: the decoder of encrypted files (crypt.hpp). Any bytes, read as a header of
// either format, as a sealed page, WAL frame or WAL header, or as a whole-image file: nothing
// crashes, nothing opens without the seal of the key (a forged tag would trap), and what is
// sealed opens back to itself.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "ebb/store/crypt.hpp"

namespace {

const ebb::SecretBytes& fuzz_key() {
  static ebb::SecretBytes key = [] {
    ebb::SecretBytes k(ebb::kCryptKeySize);
    for (size_t i = 0; i < k.size(); ++i) k.data()[i] = static_cast<uint8_t>(i * 7 + 1);
    return k;
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ebb::SecretBytes page_key = ebb::page_key_of(fuzz_key());
  static const ebb::FileId file{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  std::span<const uint8_t> in(data, size);

  ebb::CryptHeader h;
  std::string err;
  if (ebb::parse_header(in, &h, &err) && h.version == 2 && ebb::header_mac_matches(in, fuzz_key()))
    __builtin_trap();  // a header MAC forged without the key
  ebb::encrypted_format(in);

  if (size >= 5) {
    constexpr ebb::UnitKind kKinds[] = {ebb::UnitKind::page, ebb::UnitKind::frame,
                                        ebb::UnitKind::wal_header};
    ebb::UnitKind kind = kKinds[data[0] % 3];
    uint32_t index;
    std::memcpy(&index, data + 1, 4);
    std::vector<uint8_t> unit(data + 5, data + size);
    if (ebb::open_unit(page_key, file, kind, index, unit.data(), unit.size()))
      __builtin_trap();  // a unit that opened without having been sealed
    // Sealed, it opens back to the same bytes, and only as what it was sealed as.
    std::vector<uint8_t> sealed(data + 5, data + size);
    size_t plain = sealed.size();
    sealed.resize(plain + ebb::kUnitOverhead);
    ebb::seal_unit(page_key, file, kind, index, sealed.data(), plain);
    std::vector<uint8_t> moved = sealed;
    if (!ebb::open_unit(page_key, file, kind, index, sealed.data(), sealed.size()) ||
        std::memcmp(sealed.data(), data + 5, plain) != 0)
      __builtin_trap();
    if (ebb::open_unit(page_key, file, kind, index + 1, moved.data(), moved.size()))
      __builtin_trap();
  }

  // The whole-image format: the decoder of files older ebbs wrote.
  std::vector<uint8_t> out(ebb::sealed_plain_size(size) + 1);
  if (ebb::open_sealed(in, fuzz_key(), out.data(), &err) == ebb::OpenFailure::none)
    __builtin_trap();
  return 0;
}
