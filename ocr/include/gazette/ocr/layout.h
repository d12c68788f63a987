#pragma once
// Layout estimates made before recognition, so that each page goes to the right model the
// first time instead of being read by every model in turn. Errors: InvalidInput when the
// image cannot be analysed.
#include <optional>
#include <vector>

#include "gazette/model.h"
#include "gazette/ocr/image.h"

namespace gazette::ocr {

// Share (0..1) of the page's text that is set in vertical columns. Characters closed up
// along the writing direction merge into long thin strokes (lines or columns); the side
// whose strokes hold more ink wins. Takes the cleaned grey or binary page.
double vertical_text_share(Pix* page);

// The regions of a page set in two columns, in reading order: each stretch of text that runs
// across the gutter (running header, rule, full-width title, page number) on its own, and
// between them the left column, then the right one. Empty when the page is not in columns
// (then the page is read as a whole). Takes the cleaned grey or binary page of horizontal
// text. Tesseract's own layout analysis joins the top line of the right column to a title in
// the left one and reads a running header right part first; reading the regions one by one
// keeps the printed order.
std::vector<Box> column_regions(Pix* page);

// How the text of a horizontal page is set, from its lines of text at a quarter of the
// resolution (one pass for both answers).
struct ColumnLayout {
  std::vector<Box> regions;  // two columns: column_regions; otherwise empty
  // One column of text: most of the length of its lines is in lines that run nearly across
  // the text's width. Such a page can be read as a single block of lines, without Tesseract's
  // own page layout analysis (column, image and table finding: about a sixth of the CPU time
  // of a page). False for pages in columns, tables and pages with little text, which keep it.
  bool one_column = false;
};
ColumnLayout column_layout(Pix* page);

// The box around the ink in rows [top, bottom) of the page that is more than specks (a
// component at least about 1 mm tall or wide at the page's resolution), or nothing when the
// band holds only specks and paper texture. Reading a band of specks as one block of text
// costs seconds and gives garbage (measured: 7 s for a scanned page's blank foot).
std::optional<Box> ink_extent(Pix* page, int top, int bottom);

}  // namespace gazette::ocr
