#include "gazette/ocr/layout.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gazette/error.h"

namespace gazette::ocr {
namespace {

struct BoxaDeleter {
  void operator()(Boxa* b) const { boxaDestroy(&b); }
};
using BoxaPtr = std::unique_ptr<Boxa, BoxaDeleter>;

PixPtr checked(Pix* p, const char* step) {
  if (p == nullptr) throw InvalidInput(std::string("layout analysis failed at ") + step);
  return PixPtr(p);
}

BoxaPtr components(Pix* bin) {
  Boxa* boxes = pixConnCompBB(bin, 8);
  if (boxes == nullptr) throw InvalidInput("layout analysis failed at connected components");
  return BoxaPtr(boxes);
}

// Ink area of the components that are at least kThin times longer along one axis than the
// other: closed-up text lines (horizontal) or columns (vertical).
constexpr int kThin = 4;

long long elongated_area(Boxa* boxes, bool vertical, int min_length) {
  long long area = 0;
  const int n = boxaGetCount(boxes);
  for (int i = 0; i < n; ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h);
    const int along = vertical ? h : w, across = vertical ? w : h;
    if (along >= min_length && along >= kThin * across) area += static_cast<long long>(w) * h;
  }
  return area;
}

}  // namespace

double vertical_text_share(Pix* page) {
  // Half resolution is plenty to see lines and columns, and four times cheaper.
  PixPtr bin = checked(pixConvertTo1(page, 128), "binarisation");
  PixPtr small = checked(pixReduceRankBinary2(bin.get(), 1, nullptr), "reduction");
  // The size of a character: the component extent that half of the boxed area lies below.
  // Weighting by area keeps specks (many, tiny) from passing for characters.
  const BoxaPtr parts = components(small.get());
  std::vector<std::pair<int, long long>> sizes;  // extent, box area
  long long total = 0;
  for (int i = 0; i < boxaGetCount(parts.get()); ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(parts.get(), i, &x, &y, &w, &h);
    // Rules and frames are not characters.
    if (std::max(w, h) > 8 * std::min(w, h) + 8) continue;
    sizes.emplace_back(std::max(w, h), static_cast<long long>(w) * h);
    total += static_cast<long long>(w) * h;
  }
  if (sizes.size() < 20) return 0.0;  // too little text to tell; horizontal is the default
  std::sort(sizes.begin(), sizes.end());
  int glyph = 4;
  for (long long seen = 0; const auto& [extent, area] : sizes) {
    seen += area;
    if (2 * seen >= total) {
      glyph = std::max(glyph, extent);
      break;
    }
  }
  // Close the gaps between characters (a fraction of a glyph) but not between lines.
  const int gap = std::max(2, glyph * 2 / 3);
  PixPtr rows = checked(pixCloseBrick(nullptr, small.get(), gap, 1), "row closing");
  PixPtr cols = checked(pixCloseBrick(nullptr, small.get(), 1, gap), "column closing");
  const int min_length = glyph * kThin;
  const long long horizontal = elongated_area(components(rows.get()).get(), false, min_length);
  const long long vertical = elongated_area(components(cols.get()).get(), true, min_length);
  if (horizontal + vertical == 0) return 0.0;
  return static_cast<double>(vertical) / static_cast<double>(horizontal + vertical);
}

std::optional<Box> ink_extent(Pix* page, int top, int bottom) {
  const int width = pixGetWidth(page);
  top = std::max(0, top);
  bottom = std::min(pixGetHeight(page), bottom);
  if (bottom <= top) return std::nullopt;
  BOX* band = boxCreate(0, top, width, bottom - top);
  PixPtr clip(pixClipRectangle(page, band, nullptr));
  boxDestroy(&band);
  if (!clip) throw InvalidInput("layout analysis failed at band clipping");
  PixPtr bin = checked(pixConvertTo1(clip.get(), 128), "band binarisation");
  const int dpi = pixGetXRes(page) > 0 ? pixGetXRes(page) : 300;
  const int min_extent = std::max(6, dpi / 25);  // about 1 mm
  const BoxaPtr parts = components(bin.get());
  std::optional<Box> ink;
  for (int i = 0; i < boxaGetCount(parts.get()); ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(parts.get(), i, &x, &y, &w, &h);
    if (std::max(w, h) < min_extent) continue;
    if (!ink) ink = Box{x, y, x + w, y + h};
    ink->x0 = std::min(ink->x0, x), ink->y0 = std::min(ink->y0, y);
    ink->x1 = std::max(ink->x1, x + w), ink->y1 = std::max(ink->y1, y + h);
  }
  if (ink) ink->y0 += top, ink->y1 += top;
  return ink;
}

}  // namespace gazette::ocr
