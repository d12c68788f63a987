#pragma once
// Unpacking bundles with libarchive into a staging folder, refusing anything that would escape
// it or exhaust the machine. Errors: InvalidInput (the whole bundle is refused, with the reason),
// IoError when the staging folder cannot be written.
#include <cstdint>
#include <filesystem>

namespace gazette::pipeline {

// What a bundle may expand to. Zip bombs and decompression quines stop at these caps while
// memory stays bounded (one 64 KiB buffer, entries streamed to disk).
struct BundleLimits {
  std::size_t max_entries = 200'000;
  std::int64_t max_entry_size = 2LL << 30;   // 2 GiB for one page or PDF
  std::int64_t max_total_size = 64LL << 30;  // 64 GiB for a whole bundle, nested ones included
  // Expanded bytes per compressed byte read. Scans barely compress (PNG, JPEG, G4 TIFF); an
  // uncompressed white page stays far below this. Enforced once `ratio_floor` bytes are out.
  double max_expansion_ratio = 200.0;
  std::int64_t ratio_floor = 64LL << 20;
  int max_nesting = 1;  // a bundle inside a bundle is unpacked; one more level is refused
};

// .zip, .tar, .tar.gz/.tgz, .tar.bz2/.tbz2, .tar.xz/.txz (by name; the content is checked when
// it is read).
bool is_bundle(const std::filesystem::path& file);

// Extracts the regular files of `bundle` under `dest` (created), keeping entry names as paths.
// A bundle entry that is itself a bundle is unpacked into a folder of the same name.
void extract_bundle(const std::filesystem::path& bundle, const std::filesystem::path& dest,
                    const BundleLimits& limits = {});

}  // namespace gazette::pipeline
