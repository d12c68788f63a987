// The layout estimate that routes a page to a horizontal or vertical model before it is read,
// the routing order it implies, and the page-number test of the footer re-read. Pages are
// typeset here with Pango, one glyph at a time, so the same characters can be set in rows or
// in columns.
#include <cairo.h>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <vector>

#include "gazette/ocr/engine.h"
#include "gazette/ocr/image.h"
#include "gazette/ocr/layout.h"
#include "gazette/ocr/recognizer.h"
#include "gazette/utf8.h"

namespace {

using gazette::ocr::PixPtr;

constexpr int kWidth = 1240, kHeight = 1754;  // A4 at 150 dpi
constexpr int kGlyph = 28;                    // 10.5 pt at 150 dpi, roughly

const std::string kText =
    "为深入贯彻落实国务院关于全面推进政务公开工作的意见进一步推进决策执行管理服务结果公开"
    "加强政策解读回应社会关切公开平台建设等工作各地各部门要高度重视切实加强组织领导"
    "本细则自印发之日起施行由省政府办公厅负责解释";

struct Canvas {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight), cairo_surface_destroy};
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr{cairo_create(surface.get()), cairo_destroy};
  Canvas() {
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_set_source_rgb(cr.get(), 0, 0, 0);
  }
  void glyph(const std::string& ch, double x, double y, int size = kGlyph) {
    std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(
        pango_cairo_create_layout(cr.get()), g_object_unref);
    std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
        pango_font_description_from_string("Noto Serif CJK SC"), pango_font_description_free);
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE * 0.8);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_text(layout.get(), ch.c_str(), -1);
    cairo_move_to(cr.get(), x, y);
    pango_cairo_show_layout(cr.get(), layout.get());
  }
  void rule(double x0, double x1, double y) {
    cairo_set_line_width(cr.get(), 3);
    cairo_move_to(cr.get(), x0, y);
    cairo_line_to(cr.get(), x1, y);
    cairo_stroke(cr.get());
  }
  void text(const std::string& s, double x, double y, int size = kGlyph) {
    const auto chars = gazette::utf8::decode(s);
    for (std::size_t i = 0; i < chars.size(); ++i)
      glyph(gazette::utf8::encode(std::u32string(1, chars[i])), x + static_cast<double>(i) * size,
            y, size);
  }
  PixPtr pix() {
    cairo_surface_flush(surface.get());
    PixPtr out(pixCreate(kWidth, kHeight, 8));
    const unsigned char* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < kHeight; ++y)
      for (int x = 0; x < kWidth; ++x)
        pixSetPixel(out.get(), x, y, data[y * stride + x * 4 + 1]);  // green channel
    pixSetResolution(out.get(), 150, 150);
    return out;
  }
};

// A second text for the right-hand column of a two-column page, and a running header.
const std::string kOtherText =
    "各级人民政府应当加强政府信息公开信息化建设推进数据共享提高管理和服务水平"
    "有关主管部门应当建立健全监督检查制度定期开展检查及时发现和纠正违法行为";
const std::string kHeaderLeft = "浙江省人民政府公报", kHeaderRight = "二〇一七年第十二期";
const std::string kTitle = "浙江省人民政府令";

enum class Setting { rows, columns, columns_with_header, blank, two_columns };

// Body text repeated to fill the page: rows left to right, top to bottom; or columns top to
// bottom, right to left, with characters set a little apart as in the 1950s issues.
PixPtr typeset(Setting setting) {
  Canvas c;
  const auto chars = gazette::utf8::decode(kText);
  std::size_t next = 0;
  auto take = [&] {
    return gazette::utf8::encode(std::u32string(1, chars[next++ % chars.size()]));
  };
  const int margin = 120;
  if (setting == Setting::two_columns) {
    // As printed in the 1990s: a running header in two parts over a rule, then two columns of
    // 16 characters a line, three characters apart, each with its own text; the left one opens
    // with a larger title, level with the right column's first line. (Tesseract's own layout
    // analysis joined such a title to the right column's line and read the header's right part
    // first.)
    const int column = 16 * kGlyph, gutter = 3 * kGlyph, right_x = margin + column + gutter;
    c.text(kHeaderLeft, margin, margin);
    c.text(kHeaderRight, kWidth - margin - 9 * kGlyph, margin);
    c.rule(margin, kWidth - margin, margin + kGlyph * 3 / 2);
    const int top = margin + 3 * kGlyph, title = kGlyph * 3 / 2;
    c.text(kTitle, margin + (column - 8 * title) / 2, top, title);
    const auto other = gazette::utf8::decode(kOtherText);
    std::size_t next_other = 0;
    for (int y = top; y + kGlyph < kHeight - margin; y += kGlyph * 3 / 2)
      for (int i = 0; i < 16; ++i) {
        if (y >= top + 2 * title) c.glyph(take(), margin + i * kGlyph, y);
        c.glyph(gazette::utf8::encode(std::u32string(1, other[next_other++ % other.size()])),
                right_x + i * kGlyph, y);
      }
    return c.pix();
  }
  if (setting == Setting::rows) {
    for (int y = margin; y + kGlyph < kHeight - margin; y += kGlyph * 3 / 2)
      for (int x = margin; x + kGlyph < kWidth - margin; x += kGlyph) c.glyph(take(), x, y);
  } else if (setting != Setting::blank) {
    const int top = setting == Setting::columns_with_header ? margin + 2 * kGlyph : margin;
    for (int x = kWidth - margin - kGlyph; x > margin; x -= kGlyph * 2)
      for (int y = top; y + kGlyph < kHeight - margin; y += kGlyph * 6 / 5) c.glyph(take(), x, y);
    if (setting == Setting::columns_with_header) {
      // A running header across the top and a page number at the foot, as printed.
      for (int i = 0; i < 16; ++i) c.glyph(take(), margin + i * kGlyph, margin / 2);
      c.glyph("2", kWidth / 2, kHeight - margin / 2);
    }
  }
  return c.pix();
}

struct LayoutRow {
  const char* name;
  Setting setting;
  double min_share, max_share;
};

TEST(OcrLayout, VerticalShareTellsRowsFromColumns) {
  const std::vector<LayoutRow> rows = {
      {"rows", Setting::rows, 0.0, 0.1},
      {"columns", Setting::columns, 0.3, 1.0},
      {"columns under a horizontal running header", Setting::columns_with_header, 0.3, 1.0},
      {"blank page", Setting::blank, 0.0, 0.0},
  };
  for (const auto& row : rows) {
    const auto page = typeset(row.setting);
    const double share = gazette::ocr::vertical_text_share(page.get());
    EXPECT_GE(share, row.min_share) << row.name;
    EXPECT_LE(share, row.max_share) << row.name;
  }
}

TEST(OcrLayout, ColumnRegionsOnlyForPagesInColumns) {
  const struct {
    const char* name;
    Setting setting;
    bool in_columns;
  } rows[] = {
      {"rows across the page", Setting::rows, false},
      {"blank page", Setting::blank, false},
      {"two columns under a header", Setting::two_columns, true},
  };
  for (const auto& row : rows) {
    const auto page = typeset(row.setting);
    const auto regions = gazette::ocr::column_regions(page.get());
    EXPECT_EQ(!regions.empty(), row.in_columns) << row.name;
    if (regions.empty()) continue;
    // The header's parts and the rule first, then the left column, then the right one.
    ASSERT_GE(regions.size(), 3u) << row.name;
    const auto& left = regions[regions.size() - 2];
    const auto& right = regions.back();
    EXPECT_LE(left.x1, right.x0) << row.name;
    EXPECT_GT(left.height(), kHeight / 2) << row.name;
    EXPECT_GT(right.height(), kHeight / 2) << row.name;
    for (std::size_t i = 0; i + 2 < regions.size(); ++i)
      EXPECT_LE(regions[i].y1, std::min(left.y0, right.y0) + 4) << row.name << " region " << i;
  }
}

// A page of running text is read as one block of lines (no Tesseract layout analysis); pages
// in columns, vertical pages and blank pages are not.
TEST(OcrLayout, OneColumnOnlyForRunningTextAcrossThePage) {
  const struct {
    const char* name;
    Setting setting;
    bool one_column;
  } rows[] = {
      {"rows across the page", Setting::rows, true},
      {"blank page", Setting::blank, false},
      {"two columns under a header", Setting::two_columns, false},
      {"vertical columns", Setting::columns, false},
  };
  for (const auto& row : rows) {
    const auto page = typeset(row.setting);
    const auto layout = gazette::ocr::column_layout(page.get());
    EXPECT_EQ(layout.one_column, row.one_column) << row.name;
    EXPECT_EQ(layout.regions.size(), gazette::ocr::column_regions(page.get()).size()) << row.name;
  }
}

// The hOCR written for a page: one ocr_page over the whole image, and its words in lines
// holding the text that was read (the page in two columns is read region by region, each
// region's ids kept apart).
TEST(OcrLayout, HocrHoldsTheWordsRead) {
  for (const auto setting : {Setting::rows, Setting::two_columns}) {
    const auto page = typeset(setting);
    gazette::ocr::RecognizerOptions options;
    options.languages = "chi_sim";
    gazette::ocr::Recognizer recognizer(options);
    const auto read = recognizer.recognize(page.get());
    const std::string& hocr = read.result.hocr;
    EXPECT_EQ(hocr.rfind("  <div class='ocr_page' id='page_1' title='image \"unknown\"; bbox 0 0 " +
                             std::to_string(kWidth) + " " + std::to_string(kHeight),
                         0),
              0u)
        << hocr.substr(0, 200);
    EXPECT_EQ(hocr.substr(hocr.size() - 9), "  </div>\n");
    // The words' text, tags dropped, is the page's text (give or take what normalisation
    // changed).
    std::string words;
    for (std::size_t at = 0; (at = hocr.find("class='ocrx_word'", at)) != std::string::npos;) {
      const auto open = hocr.find('>', at) + 1;
      const auto close = hocr.find("</span>", open);
      words += hocr.substr(open, close - open);
      at = close;
    }
    std::size_t text_chars = 0;
    for (const char32_t c : gazette::utf8::decode(read.result.text))
      if (!gazette::utf8::is_space(c)) ++text_chars;
    const std::size_t word_chars = gazette::utf8::decode(words).size();
    EXPECT_GE(word_chars * 10, text_chars * 9) << words;
    EXPECT_LE(word_chars * 10, text_chars * 11) << words;
    EXPECT_NE(words.find("贯彻落实"), std::string::npos) << words;
    EXPECT_NE(hocr.find("class='ocr_line'"), std::string::npos);
    if (setting == Setting::two_columns) {
      EXPECT_GE(read.regions, 3);
      EXPECT_NE(hocr.find("id='word_2_1'"), std::string::npos) << "the second region's ids";
    }
  }
}

// A page scanned finer than the working resolution (CleanupOptions::max_dpi) is read smaller,
// but its lines and hOCR are in the page's own pixels: the same page at 150 dpi and scaled to
// 300 dpi gives the same text and boxes twice as large.
TEST(OcrLayout, PagesReadSmallerKeepTheirOwnCoordinates) {
  // The top of a page of rows (a whole page at 300 dpi took 40 s to read).
  const auto full = typeset(Setting::rows);
  constexpr int kTop = 500;
  BOX* top = boxCreate(0, 0, kWidth, kTop);
  PixPtr page(pixClipRectangle(full.get(), top, nullptr));
  boxDestroy(&top);
  ASSERT_TRUE(page);
  PixPtr fine(pixScaleGrayLI(page.get(), 2.0f, 2.0f));
  ASSERT_TRUE(fine);
  pixSetResolution(fine.get(), 300, 300);
  gazette::ocr::RecognizerOptions options;
  options.languages = "chi_sim";
  gazette::ocr::Recognizer recognizer(options);
  const auto coarse_read = recognizer.recognize(page.get());
  const auto fine_read = recognizer.recognize(fine.get());
  EXPECT_LT(fine_read.cleanup.scale, 1.0) << "the 300-dpi page is read at the working resolution";
  EXPECT_EQ(coarse_read.cleanup.scale, 1.0);
  EXPECT_EQ(fine_read.result.width, 2 * kWidth);
  EXPECT_EQ(fine_read.result.height, 2 * kTop);
  EXPECT_EQ(
      fine_read.result.hocr.rfind("  <div class='ocr_page' id='page_1' title='image "
                                  "\"unknown\"; bbox 0 0 " +
                                      std::to_string(2 * kWidth) + " " + std::to_string(2 * kTop) +
                                      "; ppageno 0; scan_res 300 300'",
                                  0),
      0u)
      << fine_read.result.hocr.substr(0, 200);
  ASSERT_FALSE(coarse_read.result.lines.empty());
  ASSERT_EQ(fine_read.result.lines.size(), coarse_read.result.lines.size());
  for (std::size_t i = 0; i < coarse_read.result.lines.size(); ++i) {
    const auto& a = coarse_read.result.lines[i].box;
    const auto& b = fine_read.result.lines[i].box;
    // Within a few pixels of 300 dpi: the reads differ in resolution, so in their ink's edges.
    EXPECT_NEAR(b.x0, 2 * a.x0, 12) << "line " << i;
    EXPECT_NEAR(b.y0, 2 * a.y0, 12) << "line " << i;
    EXPECT_NEAR(b.x1, 2 * a.x1, 12) << "line " << i;
    EXPECT_NEAR(b.y1, 2 * a.y1, 12) << "line " << i;
    EXPECT_NEAR(fine_read.result.lines[i].size, 2 * coarse_read.result.lines[i].size, 6);
  }
  // The hOCR's first line box is the first line's box.
  const auto& first = fine_read.result.lines.front().box;
  const std::string first_line_box = "bbox " + std::to_string(first.x0) + " " +
                                     std::to_string(first.y0) + " " + std::to_string(first.x1) +
                                     " " + std::to_string(first.y1);
  const auto line_at = fine_read.result.hocr.find("class='ocr_line'");
  ASSERT_NE(line_at, std::string::npos);
  EXPECT_EQ(fine_read.result.hocr.find(first_line_box, line_at),
            fine_read.result.hocr.find("bbox", line_at))
      << fine_read.result.hocr.substr(line_at, 300);
}

// Issue #3: a page scanned turned by 90°, 180° or 270° reads badly, so Tesseract's orientation
// detection is asked about it; it is read again upright, and its lines are boxed where they are
// on the page as scanned (the same boxes as the upright page's, turned with the page).
TEST(OcrLayout, TurnedPagesAreReadUpright) {
  const auto full = typeset(Setting::rows);
  constexpr int kTop = 360;  // nine rows: enough for OSD, and the turned reads are slow
  BOX* top = boxCreate(0, 0, kWidth, kTop);
  PixPtr page(pixClipRectangle(full.get(), top, nullptr));
  boxDestroy(&top);
  ASSERT_TRUE(page);
  gazette::ocr::RecognizerOptions options;
  options.languages = "chi_sim";
  gazette::ocr::Recognizer recognizer(options);
  const auto upright = recognizer.recognize(page.get());
  EXPECT_EQ(upright.turns, 0);
  ASSERT_FALSE(upright.result.lines.empty());
  for (const int quarters : {1, 2, 3}) {
    SCOPED_TRACE(quarters * 90);
    PixPtr turned(pixRotateOrth(page.get(), quarters));  // clockwise
    const auto read = recognizer.recognize(turned.get());
    // Turned a quarter clockwise, the rows stand as columns, which Tesseract's own layout
    // analysis may take for vertical text and read turned back (bench/ocr page: 0.84
    // confidence): such a page needs no second read.
    if (quarters == 1 && read.turns == 0) {
      EXPECT_GE(read.result.confidence, options.reroute_below);
    } else {
      EXPECT_EQ(read.turns, (4 - quarters) % 4) << "quarter turns that make it upright";
    }
    EXPECT_NE(read.result.text.find("贯彻落实"), std::string::npos) << read.result.text;
    EXPECT_EQ(read.result.width, pixGetWidth(turned.get()));
    EXPECT_EQ(read.result.height, pixGetHeight(turned.get()));
    // The first line's box is the upright page's first line turned with the page.
    gazette::ocr::PageFrame frame{1.0, (4 - quarters) % 4, pixGetWidth(turned.get()),
                                  pixGetHeight(turned.get())};
    const auto expected = frame.to_page(upright.result.lines.front().box);
    const auto& got = read.result.lines.front().box;
    EXPECT_NEAR(got.x0, expected.x0, 8);
    EXPECT_NEAR(got.y0, expected.y0, 8);
    EXPECT_NEAR(got.x1, expected.x1, 8);
    EXPECT_NEAR(got.y1, expected.y1, 8);
    EXPECT_NE(read.result.hocr.find("bbox 0 0 " + std::to_string(pixGetWidth(turned.get())) + " " +
                                    std::to_string(pixGetHeight(turned.get()))),
              std::string::npos);
  }
}

// Issue #3: two-column pages come out in reading order, the whole of column 1 before column 2.
TEST(OcrLayout, TwoColumnPageReadsColumnOneFirst) {
  const auto page = typeset(Setting::two_columns);
  gazette::ocr::RecognizerOptions options;
  options.languages = "chi_sim";
  gazette::ocr::Recognizer recognizer(options);
  const std::string text = recognizer.recognize(page.get()).result.text;
  const auto header_left = text.find("人民政府公报"), header_right = text.find("第十二期");
  const auto title = text.find("人民政府令");
  const auto first_left = text.find("贯彻落实"), last_left = text.rfind("贯彻落实");
  const auto first_right = text.find("数据共享");
  for (const auto at : {header_left, header_right, title, first_left, first_right})
    ASSERT_NE(at, std::string::npos) << text;
  EXPECT_LT(header_left, header_right) << text;
  EXPECT_LT(header_right, title) << text;
  EXPECT_LT(title, first_left) << text;
  EXPECT_NE(first_left, last_left) << "the left column repeats its text: " << text;
  EXPECT_LT(last_left, first_right) << text;
}

TEST(OcrLayout, RoutingOrderFollowsTheShare) {
  const gazette::ocr::RecognizerOptions options;
  const struct {
    double share;
    std::vector<std::string> order;
  } rows[] = {
      {0.0, {"chi_sim", "chi_tra"}},
      {0.09, {"chi_sim", "chi_tra"}},
      {0.10, {"chi_sim", "chi_tra", "chi_tra_vert"}},
      {0.29, {"chi_sim", "chi_tra", "chi_tra_vert"}},
      {0.30, {"chi_tra_vert", "chi_sim_vert"}},
      {1.0, {"chi_tra_vert", "chi_sim_vert"}},
  };
  for (const auto& row : rows)
    EXPECT_EQ(gazette::ocr::routing_order(row.share, options), row.order) << row.share;
}

TEST(OcrLayout, PageNumbersAsTheFooterReadsThem) {
  const struct {
    const char* text;
    bool page_number;
  } rows[] = {
      {"— 2 —", true},      {"一2一", true},     {"-12-", true},   {"3", true},
      {"－ １２ －", true}, {"~ 123 ~", true},   {"1234", true},   {"12345", false},
      {"", false},          {"一一", false},     {"第5页", false}, {"人0 2人本", false},
      {"2015年", false},    {"— 2 — 3 —", true},
  };
  for (const auto& row : rows)
    EXPECT_EQ(gazette::ocr::looks_like_page_number(row.text), row.page_number) << row.text;
}

// A band of the page read on its own (the running header of a page set in columns): the band
// is cut out, since with Tesseract's rectangle a header above a thick rule read as nothing
// (structure-bench 1953: the year and number are only in that header).
TEST(OcrLayout, HeaderBandAboveARuleIsRead) {
  Canvas c;
  const auto header = gazette::utf8::decode("浙江省人民政府公报");
  for (std::size_t i = 0; i < header.size(); ++i)
    c.glyph(gazette::utf8::encode(std::u32string(1, header[i])), 400 + static_cast<int>(i) * kGlyph,
            60);
  cairo_rectangle(c.cr.get(), 120, 112, kWidth - 240, 6);  // the rule under the header
  cairo_fill(c.cr.get());
  const auto body = gazette::utf8::decode(kText);
  std::size_t next = 0;
  for (int y = 200; y + kGlyph < kHeight - 120; y += kGlyph * 3 / 2)
    for (int x = 120; x + kGlyph < kWidth - 120; x += kGlyph)
      c.glyph(gazette::utf8::encode(std::u32string(1, body[next++ % body.size()])), x, y);
  const auto page = c.pix();
  gazette::ocr::Engine engine(gazette::ocr::EngineOptions{"chi_sim", "", {}});
  const int band = kHeight * 8 / 100;  // Recognizer::kHeaderBand
  std::string text;
  for (const auto& line : engine.recognize_band(page.get(), 0, band)) {
    text += line.text;
    EXPECT_GE(line.box.y0, 0);
    EXPECT_LE(line.box.y1, band);
  }
  EXPECT_NE(text.find("人民政府"), std::string::npos) << "read: " << text;
}

}  // namespace
