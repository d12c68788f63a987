#include "gazette/ocr/layout.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <optional>
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

namespace {

// A stretch of a line of text (or a rule) at a quarter of the page's resolution.
struct Fragment {
  int x0, y0, x1, y1;
  bool rule;  // a rule rather than a line of text
};

struct LineFragments {
  std::vector<Fragment> fragments;
  int width = 0, height = 0, dpi = 0;  // of the reduced page
};

LineFragments line_fragments(Pix* page) {
  // A quarter of the resolution (75 dpi for a 300-dpi scan): a character is about 10 pixels,
  // a column gutter 30 or more.
  PixPtr bin = checked(pixConvertTo1(page, 128), "binarisation");
  PixPtr small = checked(pixReduceRankBinaryCascade(bin.get(), 1, 1, 0, 0), "reduction");
  LineFragments out;
  out.dpi = (pixGetXRes(page) > 0 ? pixGetXRes(page) : 300) / 4;
  out.width = pixGetWidth(small.get());
  out.height = pixGetHeight(small.get());
  const int dpi = out.dpi;
  // Specks are not text; characters closed up along the line become line fragments that a
  // gutter (at least ~8 mm) keeps apart but word spaces and punctuation (~4 mm) do not.
  const int speck = std::max(2, dpi / 18);  // 1.4 mm
  PixPtr text = checked(
      pixSelectBySize(small.get(), speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr),
      "speck removal");
  const int join = std::max(3, dpi * 5 / 25);  // 5 mm
  PixPtr lines = checked(pixCloseBrick(nullptr, text.get(), join, 1), "line closing");
  const BoxaPtr parts = components(lines.get());
  // Only lines of text (half to four times the body size of 10.5 pt high, at least a character
  // and a half long) and rules count; blotches, stamps and leftover specks do not.
  const int glyph = std::max(4, dpi * 3 / 20);
  for (int i = 0; i < boxaGetCount(parts.get()); ++i) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(parts.get(), i, &x, &y, &w, &h);
    const bool line = h * 2 >= glyph && h <= 4 * glyph && w * 2 >= 3 * glyph;
    const bool rule = w * 4 >= out.width && h * 2 < glyph;
    if (line || rule) out.fragments.push_back({x, y, x + w, y + h, !line});
  }
  return out;
}

// A page of running text in one column: at least kMinRows rows of text, and across the middle
// kCentralShare of the text's width every x lies on at least kMinCrossed of those rows (a
// gutter between columns is crossed by almost none, a page of broken old print by most).
// Cover pages (mastheads, titles, a table of contents) fall short of the rows, pages in
// columns and tables of the crossing: both keep Tesseract's layout analysis.
constexpr int kMinRows = 20;
constexpr double kCentralShare = 0.6;
constexpr double kMinCrossed = 0.25;

bool one_column(const LineFragments& found) {
  std::vector<Fragment> text;
  for (const auto& f : found.fragments)
    if (!f.rule) text.push_back(f);
  if (text.empty()) return false;
  std::sort(text.begin(), text.end(),
            [](const Fragment& a, const Fragment& b) { return a.y0 < b.y0; });
  // Rows: runs of fragments whose heights overlap; each row marks the x it covers once.
  const int width = found.width;
  std::vector<int> crossed(static_cast<std::size_t>(width), 0);
  std::vector<char> row(static_cast<std::size_t>(width), 0);
  int rows = 0, row_bottom = -1;
  auto close_row = [&] {
    for (int x = 0; x < width; ++x) crossed[x] += row[x];
    std::fill(row.begin(), row.end(), 0);
  };
  for (const auto& f : text) {
    if (f.y0 >= row_bottom) {
      if (rows > 0) close_row();
      ++rows;
    }
    row_bottom = std::max(row_bottom, f.y1);
    std::fill(row.begin() + std::clamp(f.x0, 0, width), row.begin() + std::clamp(f.x1, 0, width),
              1);
  }
  close_row();
  if (rows < kMinRows) return false;
  int x0 = width, x1 = 0;
  for (const auto& f : text) x0 = std::min(x0, f.x0), x1 = std::max(x1, f.x1);
  const int margin = static_cast<int>((x1 - x0) * (1.0 - kCentralShare) / 2);
  int least = rows;
  for (int x = std::max(0, x0 + margin); x < std::min(width, x1 - margin); ++x)
    least = std::min(least, crossed[x]);
  return least >= kMinCrossed * rows;
}

std::vector<Box> two_column_regions(Pix* page, const LineFragments& lines) {
  const auto& fragments = lines.fragments;
  const int dpi = lines.dpi, width = lines.width;
  if (fragments.size() < 8) return {};
  // The gutter of columns of equal width: the x within a tenth of the text's width of its
  // middle crossed by the fewest fragments (the middle of the widest such run).
  int text_x0 = width, text_x1 = 0;
  for (const auto& f : fragments)
    text_x0 = std::min(text_x0, f.x0), text_x1 = std::max(text_x1, f.x1);
  const int text_width = text_x1 - text_x0;
  if (text_width <= 0) return {};
  std::vector<int> crossing(static_cast<std::size_t>(width), 0);
  for (const auto& f : fragments)
    for (int x = std::max(0, f.x0); x < std::min(width, f.x1); ++x) ++crossing[x];
  const int from = std::max(0, (text_x0 + text_x1) / 2 - text_width / 10);
  const int to = std::min(width, (text_x0 + text_x1) / 2 + text_width / 10);
  int best = from, best_run = 0;
  for (int x = from; x < to;) {
    int end = x;
    while (end < to && crossing[end] == crossing[x]) ++end;
    if (crossing[x] < crossing[best] || (crossing[x] == crossing[best] && end - x > best_run))
      best = x, best_run = end - x;
    x = end;
  }
  const int gutter = best + best_run / 2;
  if (best_run < dpi * 2 / 25) return {};  // narrower than 2 mm: no gutter
  // Stretches across the gutter split the page into bands; within a band, fragments lie left
  // or right of it.
  std::vector<std::pair<int, int>> across;  // y ranges, merged
  for (const auto& f : fragments)
    if (f.x0 < gutter && f.x1 > gutter) across.emplace_back(f.y0, f.y1);
  std::sort(across.begin(), across.end());
  std::vector<std::pair<int, int>> merged;
  for (const auto& r : across)
    if (!merged.empty() && r.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, r.second);
    else
      merged.push_back(r);
  const int height = lines.height;
  struct Band {
    int y0, y1;
    bool across;
  };
  std::vector<Band> bands;
  int y = 0;
  for (const auto& [a, b] : merged) {
    if (a > y) bands.push_back({y, a, false});
    bands.push_back({a, b, true});
    y = b;
  }
  if (y < height) bands.push_back({y, height, false});

  auto grow = [](std::optional<Box>& b, const Fragment& f) {
    if (!b) b = Box{f.x0, f.y0, f.x1, f.y1};
    b->x0 = std::min(b->x0, f.x0), b->y0 = std::min(b->y0, f.y0);
    b->x1 = std::max(b->x1, f.x1), b->y1 = std::max(b->y1, f.y1);
  };
  std::vector<std::pair<Box, bool>> found;  // at the reduced scale; whether it runs across
  bool in_columns = false;
  for (const auto& band : bands) {
    std::optional<Box> all, left, right;
    int n_left = 0, n_right = 0;
    for (const auto& f : fragments) {
      const int mid = (f.y0 + f.y1) / 2;
      if (mid < band.y0 || mid >= band.y1) continue;
      grow(all, f);
      if (band.across) continue;
      if (f.x1 <= gutter) grow(left, f), ++n_left;
      if (f.x0 >= gutter) grow(right, f), ++n_right;
    }
    if (!all) continue;
    if (band.across || !left || !right) {
      // One region; consecutive stretches across the gutter are read together.
      if (band.across && !found.empty() && found.back().second) {
        auto& last = found.back().first;
        last.x0 = std::min(last.x0, all->x0), last.x1 = std::max(last.x1, all->x1);
        last.y1 = std::max(last.y1, all->y1);
      } else {
        found.emplace_back(*all, band.across);
      }
      continue;
    }
    // Columns: both sides carry lines beside each other, and each side is a column wide
    // (not a signature or a date set to the right).
    const int overlap = std::min(left->y1, right->y1) - std::max(left->y0, right->y0);
    const int narrower = std::min(left->x1 - left->x0, right->x1 - right->x0);
    if (n_left >= 3 && n_right >= 3 &&
        overlap * 2 >= std::min(left->y1 - left->y0, right->y1 - right->y0) &&
        narrower * 20 >= text_width * 7)
      in_columns = true;
    found.emplace_back(*left, false);
    found.emplace_back(*right, false);
  }
  if (!in_columns) return {};
  // Back to full resolution.
  const int full_width = pixGetWidth(page), full_height = pixGetHeight(page);
  std::vector<Box> regions;
  for (const auto& [b, across_gutter] : found)
    regions.push_back({std::max(0, b.x0 * 4), std::max(0, b.y0 * 4), std::min(full_width, b.x1 * 4),
                       std::min(full_height, b.y1 * 4)});
  return regions;
}

}  // namespace

ColumnLayout column_layout(Pix* page) {
  const LineFragments found = line_fragments(page);
  ColumnLayout out;
  out.regions = two_column_regions(page, found);
  out.one_column = out.regions.empty() && one_column(found);
  return out;
}

std::vector<Box> column_regions(Pix* page) {
  return column_layout(page).regions;
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
