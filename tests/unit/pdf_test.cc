// PDF input: a page with a real text layer is read from it without OCR; an image-only page
// is rendered and recognised; a broken PDF is refused with a clear reason. The PDFs are
// made here with cairo, one with text and one holding only a picture of text.
#include "gazette/ocr/pdf.h"

#include <cairo-pdf.h>
#include <gtest/gtest.h>
#include <pango/pangocairo.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "gazette/error.h"
#include "gazette/ocr/recognizer.h"

namespace {

namespace fs = std::filesystem;

constexpr const char* kText =
    "浙江省人民政府办公厅关于印发浙江省全面推进政务公开工作实施细则的通知\n"
    "浙政办发〔2017〕42号\n"
    "各市、县（市、区）人民政府，省政府直属各单位：\n"
    "《浙江省全面推进政务公开工作实施细则》已经省政府同意，现印发给你们，请结合实际认真贯彻执行。";

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct LayoutDeleter {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
struct FontDeleter {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};

// Draws kText with Pango on `cr` (A4 in points).
void draw_text(cairo_t* cr) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  std::unique_ptr<PangoLayout, LayoutDeleter> layout(pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, FontDeleter> font(
      pango_font_description_from_string("Noto Serif CJK SC 14"));
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), 480 * PANGO_SCALE);
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_CHAR);
  pango_layout_set_spacing(layout.get(), 8 * PANGO_SCALE);
  pango_layout_set_text(layout.get(), kText, -1);
  cairo_move_to(cr, 56, 72);
  pango_cairo_show_layout(cr, layout.get());
}

class Pdf : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gazette-pdf-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path text_pdf() {
    const fs::path file = dir_ / "text.pdf";
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> pdf(
        cairo_pdf_surface_create(file.c_str(), 595, 842));
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(pdf.get()));
    draw_text(cr.get());
    cairo_show_page(cr.get());
    cairo_surface_finish(pdf.get());
    return file;
  }

  // The same page drawn into a 300-dpi raster first, then placed in the PDF as a picture.
  fs::path image_pdf() {
    const fs::path file = dir_ / "scan.pdf";
    const double scale = 300.0 / 72.0;
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> raster(cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, static_cast<int>(595 * scale), static_cast<int>(842 * scale)));
    {
      std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(raster.get()));
      cairo_scale(cr.get(), scale, scale);
      draw_text(cr.get());
    }
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> pdf(
        cairo_pdf_surface_create(file.c_str(), 595, 842));
    std::unique_ptr<cairo_t, CairoDeleter> cr(cairo_create(pdf.get()));
    cairo_scale(cr.get(), 1 / scale, 1 / scale);
    cairo_set_source_surface(cr.get(), raster.get(), 0, 0);
    cairo_paint(cr.get());
    cairo_show_page(cr.get());
    cairo_surface_finish(pdf.get());
    return file;
  }

  fs::path dir_;
};

TEST_F(Pdf, TextLayerIsReadWithoutOcr) {
  const auto file = text_pdf();
  EXPECT_EQ(gazette::ocr::pdf_page_count(file), 1);
  const auto layer = gazette::ocr::pdf_text_layer(file, 0);
  ASSERT_TRUE(layer.has_value());
  EXPECT_NE(layer->text.find("浙政办发〔2017〕42号"), std::string::npos) << layer->text;
  EXPECT_NE(layer->text.find("政务公开"), std::string::npos);
  gazette::ocr::Recognizer recognizer({});
  const auto page = recognizer.recognize_file(file, 0);
  EXPECT_EQ(page.model, gazette::ocr::kPdfTextLayerModel);
  EXPECT_EQ(page.result.text, layer->text);
  ASSERT_FALSE(page.result.lines.empty());
  EXPECT_GT(page.result.lines.front().box.width(), 0);
}

TEST_F(Pdf, ImageOnlyPageIsRenderedAndRecognised) {
  const auto file = image_pdf();
  EXPECT_FALSE(gazette::ocr::pdf_text_layer(file, 0).has_value());
  gazette::ocr::Recognizer recognizer({});
  const auto page = recognizer.recognize_file(file, 0);
  EXPECT_NE(page.model, gazette::ocr::kPdfTextLayerModel);
  EXPECT_NE(page.result.text.find("政务公开"), std::string::npos) << page.result.text;
  EXPECT_NE(page.result.text.find("政办发"), std::string::npos) << page.result.text;
}

TEST_F(Pdf, BrokenPdfIsRefusedWithAReason) {
  const fs::path broken = dir_ / "broken.pdf";
  std::ofstream(broken) << "%PDF-1.4\nthis is not a PDF body\n";
  EXPECT_THROW(gazette::ocr::pdf_page_count(broken), gazette::InvalidInput);
  const fs::path truncated = dir_ / "truncated.pdf";
  const auto good = text_pdf();
  std::ifstream in(good, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 3);
  EXPECT_THROW(gazette::ocr::pdf_page_count(truncated), gazette::InvalidInput);
}

}  // namespace
