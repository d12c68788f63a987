#include "gazette/ocr/pdf.h"

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "gazette/error.h"
#include "gazette/ocr/cjk_normalize.h"
#include "gazette/utf8.h"

namespace gazette::ocr {
namespace {

// Fewer characters than this is a scanned page with, at most, a stray mark or page number.
constexpr std::size_t kMinTextLayerChars = 20;

std::unique_ptr<poppler::document> open_pdf(const std::filesystem::path& file) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(file.string()));
  if (!doc) throw InvalidInput("not a readable PDF (damaged, truncated or not a PDF)");
  if (doc->is_locked()) throw InvalidInput("encrypted PDF: cannot be read without its password");
  return doc;
}

std::unique_ptr<poppler::page> open_page(const poppler::document& doc, int index) {
  if (index < 0 || index >= doc.pages())
    throw InvalidInput("PDF has no page " + std::to_string(index + 1));
  std::unique_ptr<poppler::page> page(doc.create_page(index));
  if (!page) throw InvalidInput("PDF page " + std::to_string(index + 1) + " cannot be read");
  return page;
}

std::string to_utf8(const poppler::ustring& s) {
  const auto bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

bool is_pdf(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".pdf";
}

int pdf_page_count(const std::filesystem::path& file) {
  return open_pdf(file)->pages();
}

std::optional<PdfTextLayer> pdf_text_layer(const std::filesystem::path& file, int index) {
  const auto doc = open_pdf(file);
  const auto page = open_page(*doc, index);
  const double scale = kPdfRenderDpi / 72.0;
  PdfTextLayer layer;
  const auto rect = page->page_rect();
  layer.width = static_cast<int>(rect.width() * scale);
  layer.height = static_cast<int>(rect.height() * scale);
  // Words to lines: boxes whose vertical centres lie within half a box height of each other.
  struct Word {
    std::string text;
    poppler::rectf box;
  };
  std::vector<Word> words;
  std::size_t chars = 0;
  for (const auto& box : page->text_list()) {
    Word w{to_utf8(box.text()), box.bbox()};
    for (char32_t c : utf8::decode(w.text)) chars += utf8::is_space(c) ? 0 : 1;
    words.push_back(std::move(w));
  }
  if (chars < kMinTextLayerChars) return std::nullopt;
  std::stable_sort(words.begin(), words.end(), [](const Word& a, const Word& b) {
    return a.box.top() + a.box.height() / 2 < b.box.top() + b.box.height() / 2;
  });
  std::vector<std::vector<Word>> rows;
  for (auto& w : words) {
    const double centre = w.box.top() + w.box.height() / 2;
    if (!rows.empty()) {
      const auto& last = rows.back().front().box;
      if (std::abs(centre - (last.top() + last.height() / 2)) < last.height() / 2) {
        rows.back().push_back(std::move(w));
        continue;
      }
    }
    rows.push_back({std::move(w)});
  }
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(),
              [](const Word& a, const Word& b) { return a.box.left() < b.box.left(); });
    TextLine line;
    double x0 = row.front().box.left(), y0 = row.front().box.top(), x1 = x0, y1 = y0;
    std::string raw;
    for (const auto& w : row) {
      if (!raw.empty()) raw += ' ';
      raw += w.text;
      x0 = std::min(x0, w.box.left()), y0 = std::min(y0, w.box.top());
      x1 = std::max(x1, w.box.right()), y1 = std::max(y1, w.box.bottom());
    }
    line.text = normalize_cjk_line(raw);
    if (line.text.empty()) continue;
    line.box = {static_cast<int>(x0 * scale), static_cast<int>(y0 * scale),
                static_cast<int>(x1 * scale), static_cast<int>(y1 * scale)};
    line.size = (y1 - y0) * scale;
    line.confidence = 1.0;  // the publisher's own text
    if (!layer.text.empty()) layer.text += '\n';
    layer.text += line.text;
    layer.lines.push_back(std::move(line));
  }
  return layer;
}

PixPtr render_pdf_page(const std::filesystem::path& file, int index, int dpi) {
  const auto doc = open_pdf(file);
  const auto page = open_page(*doc, index);
  const auto rect = page->page_rect();
  const double pixels = rect.width() * dpi / 72.0 * rect.height() * dpi / 72.0;
  if (pixels > static_cast<double>(kMaxPixels))
    throw InvalidInput("PDF page too large to render at " + std::to_string(dpi) + " dpi");
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  poppler::image img = renderer.render_page(page.get(), dpi, dpi);
  if (!img.is_valid())
    throw InvalidInput("PDF page " + std::to_string(index + 1) + " cannot be rendered");
  PixPtr pix(pixCreate(img.width(), img.height(), 8));
  if (!pix) throw InvalidInput("out of memory rendering a PDF page");
  const char* data = img.const_data();
  for (int y = 0; y < img.height(); ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(data + static_cast<std::ptrdiff_t>(y) *
                                                                        img.bytes_per_row());
    for (int x = 0; x < img.width(); ++x) pixSetPixel(pix.get(), x, y, row[x]);
  }
  pixSetResolution(pix.get(), dpi, dpi);
  return pix;
}

}  // namespace gazette::ocr
