#pragma once
// Page images for the reader: IIIF Image API 3.0 requests (level 1 plus a few level 2
// features) rendered from the kept originals with Leptonica, and cached on disk under
// archive/derived/iiif/<sha256>/ so that each derived image is made once. Errors:
// InvalidInput for a request outside the API or the size bounds (→ 400), IoError when the
// original cannot be decoded.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "gazette/model.h"

namespace gazette::viewer::images {

// Bounds on what a request may render: no side above kMaxSide, no more than kMaxArea pixels.
inline constexpr int kMaxSide = 4000;
inline constexpr long kMaxArea = 12'000'000;

struct ImageRequest {
  Box region;     // in source pixels, clipped to the image
  int width = 0;  // output size
  int height = 0;
  std::string quality;    // default | color | gray | bitonal
  std::string format;     // jpg | png
  std::string cache_key;  // canonical: region, size, quality, format; safe as a file name
};

// Parses the four IIIF path parameters against a source of `width`×`height` pixels.
ImageRequest parse_request(std::string_view region, std::string_view size,
                           std::string_view rotation, std::string_view quality_format, int width,
                           int height);

// The pixel size of the kept original (read from its header; cached by hash). The
// catalogue's page size and line boxes may be in the OCR's working resolution instead.
std::pair<int, int> image_size(const std::filesystem::path& original, const std::string& sha256);

struct Rendered {
  std::string bytes;
  std::string content_type;
};

// Renders `request` from `original` (whose content hash is `sha256`). The result is cached in
// `cache_root`/<sha256>/<cache_key>; a cache that cannot be written is skipped silently.
Rendered render(const std::filesystem::path& original, const std::string& sha256,
                const ImageRequest& request, const std::filesystem::path& cache_root);

}  // namespace gazette::viewer::images
