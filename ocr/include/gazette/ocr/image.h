#pragma once
// Page images: header checks before decoding, and loading through Leptonica.
// Errors: InvalidInput for files that are not a usable image (with the reason).
#include <filesystem>
#include <memory>

struct Pix;

namespace gazette::ocr {

// Larger images are refused before decoding: no scan of a gazette page needs more.
inline constexpr long long kMaxPixels = 300'000'000;

struct ImageInfo {
  int width = 0, height = 0, depth = 0;
  int dpi = 0;  // 0 when the file does not say
};

struct PixDeleter {
  void operator()(Pix* p) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Reads dimensions from the header only; throws InvalidInput for absurd sizes or non-images.
ImageInfo probe_image(const std::filesystem::path& file);

// Decodes the image as it is stored (after probe_image's checks); see cleanup.h.
// `index` selects a page of a multi-page TIFF.
PixPtr load_page_image(const std::filesystem::path& file, int index = 0);

// Pages in a file: several for a multi-page TIFF, one for other images.
int image_page_count(const std::filesystem::path& file);

bool is_image_file(const std::filesystem::path& file);

}  // namespace gazette::ocr
