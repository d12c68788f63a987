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

// One page's image inside a kept original: a multi-page TIFF or a PDF holds several pages,
// all under the file's one hash, so the page index is part of every size, render and cache key.
struct Source {
  std::filesystem::path file;
  std::string sha256;  // of the whole file
  int index = 0;       // 0-based page within the file
};

// The 0-based page a page's source names ("scans/issue.pdf#page=3" → 2); 0 when it names none.
int page_index(std::string_view source);

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

// The pixel size of the page (from the file's header where it can; cached by hash and page).
// PDF pages are rendered at the OCR's 300 dpi, the frame their text layer was read in. The
// catalogue's page size and line boxes may be in the OCR's working resolution instead.
std::pair<int, int> image_size(const Source& source);

struct Rendered {
  std::string bytes;
  std::string content_type;
};

// Renders `request` from `source`. The result is cached in `cache_root`/<sha256>/<key>, the
// key prefixed with "p<N>_" for the N-th (1-based) page of a multi-page file; a cache that
// cannot be written is skipped silently. Decoded pages are kept in a small in-memory cache
// (kDecodedCacheBytes), so that the tiles of one page are cut from one decode.
inline constexpr std::size_t kDecodedCacheBytes = 80u << 20;
Rendered render(const Source& source, const ImageRequest& request,
                const std::filesystem::path& cache_root);

}  // namespace gazette::viewer::images
