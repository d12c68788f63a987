#pragma once
// Renderers of a recognised page into the files that travel with it (the reader's /alto.xml, a
// bag's alto/ and text/ folders, later ALTO kept at ingest), behind one interface in the manner
// of Tesseract's renderer.h. They need only the model's Page (lines with boxes and confidence),
// so the reader and the pipeline share them without depending on each other. hOCR is written by
// the OCR engine itself (ocr/). Pure functions of the page; they never throw.
#include <string>
#include <string_view>

#include "gazette/model.h"

namespace gazette {

class PageRenderer {
 public:
  virtual ~PageRenderer() = default;
  virtual std::string render(const Page& page) const = 0;
  virtual std::string_view extension() const = 0;   // ".xml", ".txt"
  virtual std::string_view media_type() const = 0;  // with charset
};

// ALTO 4.2: one TextBlock, one TextLine with one String per recognised line, pixel units,
// confidence as WC. Characters XML 1.0 forbids are dropped.
class AltoRenderer final : public PageRenderer {
 public:
  std::string render(const Page& page) const override;
  std::string_view extension() const override { return ".xml"; }
  std::string_view media_type() const override { return "application/xml; charset=utf-8"; }
};

// The recognised text in reading order, UTF-8, ending in a newline unless empty.
class TextRenderer final : public PageRenderer {
 public:
  std::string render(const Page& page) const override;
  std::string_view extension() const override { return ".txt"; }
  std::string_view media_type() const override { return "text/plain; charset=utf-8"; }
};

// Escapes text for XML content and attributes, dropping characters XML 1.0 forbids.
std::string xml_text(std::string_view s);

}  // namespace gazette
