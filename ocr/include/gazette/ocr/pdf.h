#pragma once
// PDF pages through Poppler: a page with a real text layer gives its text without OCR; an
// image-only page is rendered for recognition. Errors: InvalidInput for unreadable, broken or
// encrypted PDFs.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gazette/model.h"
#include "gazette/ocr/image.h"

namespace gazette::ocr {

inline constexpr int kPdfRenderDpi = 300;

bool is_pdf(const std::filesystem::path& file);
int pdf_page_count(const std::filesystem::path& file);

struct PdfTextLayer {
  std::vector<TextLine> lines;  // boxes in pixels at kPdfRenderDpi
  std::string text;
  int width = 0, height = 0;
};

// The page's own text, if it has a real one (enough characters to be more than a stray mark).
std::optional<PdfTextLayer> pdf_text_layer(const std::filesystem::path& file, int index);

// The page rendered in grey at `dpi`.
PixPtr render_pdf_page(const std::filesystem::path& file, int index, int dpi = kPdfRenderDpi);

}  // namespace gazette::ocr
