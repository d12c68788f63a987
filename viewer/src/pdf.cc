// A searchable PDF per issue: /issues/{issue_id}/pdf. Each page is the scan (JPEG, the same
// rendering the IIIF service caches) with the recognised lines laid over it as invisible text
// (rendering mode 3), so that a PDF reader can search, select and copy what OCR read.
//
// The text uses Tesseract's glyphless font, as Tesseract's own PDF renderer does: a TrueType
// font with one empty glyph, every character code mapped to it (CIDToGIDMap), Identity-H
// encoding with UTF-16 codes, and a ToUnicode CMap that maps each code to itself, so text
// extraction gives back the characters. Each line is stretched (Tz) over its box.
#include <Poco/DeflatingStream.h>

#include <cstdio>
#include <sstream>

#include "gazette/error.h"
#include "gazette/utf8.h"
#include "http.h"
#include "images.h"

namespace gazette::viewer {
namespace {

// /usr/share/tesseract-ocr/5/tessdata/pdf.ttf (Tesseract, Apache License 2.0): the glyphless
// font, 572 bytes, kept here so that the reader does not depend on where tessdata lives.
const unsigned char kGlyphlessFont[] = {
    0x00, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x80, 0x00, 0x03, 0x00, 0x20, 0x4f, 0x53, 0x2f, 0x32,
    0x56, 0xde, 0xc8, 0x94, 0x00, 0x00, 0x01, 0x28, 0x00, 0x00, 0x00, 0x60, 0x63, 0x6d, 0x61, 0x70,
    0x00, 0x0a, 0x00, 0x34, 0x00, 0x00, 0x01, 0x90, 0x00, 0x00, 0x00, 0x1e, 0x67, 0x6c, 0x79, 0x66,
    0x15, 0x22, 0x41, 0x24, 0x00, 0x00, 0x01, 0xb8, 0x00, 0x00, 0x00, 0x18, 0x68, 0x65, 0x61, 0x64,
    0x0b, 0x78, 0xf1, 0x65, 0x00, 0x00, 0x00, 0xac, 0x00, 0x00, 0x00, 0x36, 0x68, 0x68, 0x65, 0x61,
    0x0c, 0x02, 0x04, 0x02, 0x00, 0x00, 0x00, 0xe4, 0x00, 0x00, 0x00, 0x24, 0x68, 0x6d, 0x74, 0x78,
    0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x88, 0x00, 0x00, 0x00, 0x08, 0x6c, 0x6f, 0x63, 0x61,
    0x00, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x01, 0xb0, 0x00, 0x00, 0x00, 0x06, 0x6d, 0x61, 0x78, 0x70,
    0x00, 0x04, 0x00, 0x05, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x20, 0x6e, 0x61, 0x6d, 0x65,
    0xf2, 0xeb, 0x16, 0xda, 0x00, 0x00, 0x01, 0xd0, 0x00, 0x00, 0x00, 0x4b, 0x70, 0x6f, 0x73, 0x74,
    0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x1c, 0x00, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0xb0, 0x94, 0x71, 0x10, 0x5f, 0x0f, 0x3c, 0xf5, 0x04, 0x07, 0x08, 0x00,
    0x00, 0x00, 0x00, 0x00, 0xcf, 0x9a, 0xfc, 0x6e, 0x00, 0x00, 0x00, 0x00, 0xd4, 0xc3, 0xa7, 0xf2,
    0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x02, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x08, 0x00, 0xff, 0xff, 0x00, 0x00, 0x04, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x04,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x01, 0x90, 0x00, 0x05,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x47, 0x4f, 0x4f, 0x47, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x03, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x14, 0x00, 0x06, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
    0x08, 0x00, 0x00, 0x03, 0x00, 0x00, 0x31, 0x21, 0x11, 0x21, 0x04, 0x00, 0xfc, 0x00, 0x08, 0x00,
    0x00, 0x00, 0x00, 0x03, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x16,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x0b, 0x00, 0x16, 0x00, 0x03,
    0x00, 0x01, 0x04, 0x09, 0x00, 0x05, 0x00, 0x16, 0x00, 0x00, 0x00, 0x56, 0x00, 0x65, 0x00, 0x72,
    0x00, 0x73, 0x00, 0x69, 0x00, 0x6f, 0x00, 0x6e, 0x00, 0x20, 0x00, 0x31, 0x00, 0x2e, 0x00, 0x30,
    0x56, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x31, 0x2e, 0x30, 0x00, 0x00, 0x01, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

// Scans are rendered for the PDF at most this wide (200 dpi on A4): readable, and a fraction
// of the original's size.
constexpr int kPdfImageWidth = 1654;
// Source pixels per inch assumed for the page size: the corpus and most archive scans are 300.
constexpr double kSourceDpi = 300.0;

std::string deflate(const std::string& data) {
  std::ostringstream out;
  Poco::DeflatingOutputStream z(out, Poco::DeflatingStreamBuf::STREAM_ZLIB, 9);
  z.write(data.data(), static_cast<std::streamsize>(data.size()));
  z.close();
  return out.str();
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// The pixel size and components (1 grey, 3 colour) of a baseline or progressive JPEG, from
// its SOF marker.
struct JpegInfo {
  int width = 0, height = 0, components = 0;
};

JpegInfo jpeg_info(const std::string& jpeg) {
  auto byte = [&](std::size_t i) { return static_cast<int>(static_cast<unsigned char>(jpeg[i])); };
  std::size_t i = 2;
  while (i + 9 < jpeg.size() && byte(i) == 0xFF) {
    const int marker = byte(i + 1);
    if (marker >= 0xC0 && marker <= 0xC2)
      return {byte(i + 7) << 8 | byte(i + 8), byte(i + 5) << 8 | byte(i + 6), byte(i + 9)};
    i += 2 + static_cast<std::size_t>(byte(i + 2) << 8 | byte(i + 3));
  }
  throw IoError("cannot read the JPEG of a page");
}

// The line's text as UTF-16BE hex codes; characters outside the BMP become U+FFFD.
std::string utf16_hex(const std::string& text) {
  std::string out;
  char buf[8];
  for (char32_t c : utf8::decode(text)) {
    if (c > 0xFFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(c));
    out += buf;
  }
  return out;
}

class PdfWriter {
 public:
  // Reserves an object number, to be written later with `object`.
  int reserve() { return ++count_; }
  void object(int n, const std::string& dict, const std::string* stream = nullptr) {
    if (static_cast<int>(offsets_.size()) < n) offsets_.resize(n);
    offsets_[n - 1] = out_.size();
    out_ += std::to_string(n) + " 0 obj\n" + dict;
    if (stream) out_ += "\nstream\n" + *stream + "\nendstream";
    out_ += "\nendobj\n";
  }
  std::string finish(int root) {
    const std::size_t xref = out_.size();
    out_ += "xref\n0 " + std::to_string(count_ + 1) + "\n0000000000 65535 f \n";
    char buf[32];
    for (int i = 0; i < count_; ++i) {
      std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", offsets_[i]);
      out_ += buf;
    }
    out_ += "trailer\n<< /Size " + std::to_string(count_ + 1) + " /Root " + std::to_string(root) +
            " 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return std::move(out_);
  }

 private:
  std::string out_ = "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets_;
  int count_ = 0;
};

// The glyphless Type 0 font; returns its object number.
int write_font(PdfWriter& pdf) {
  const int type0 = pdf.reserve(), cid = pdf.reserve(), to_unicode = pdf.reserve(),
            descriptor = pdf.reserve(), file = pdf.reserve(), cid_to_gid = pdf.reserve();
  pdf.object(type0,
             "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding "
             "/Identity-H /DescendantFonts [" +
                 std::to_string(cid) + " 0 R] /ToUnicode " + std::to_string(to_unicode) +
                 " 0 R >>");
  pdf.object(cid,
             "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont "
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
             "/FontDescriptor " +
                 std::to_string(descriptor) + " 0 R /CIDToGIDMap " + std::to_string(cid_to_gid) +
                 " 0 R /DW 500 >>");
  const std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << "
      "/Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS "
      "def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
      "1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap\nCMapName currentdict /CMap "
      "defineresource pop\nend\nend";
  pdf.object(to_unicode, "<< /Length " + std::to_string(cmap.size()) + " >>", &cmap);
  pdf.object(descriptor,
             "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 "
             "/FontBBox [0 0 500 1000] /ItalicAngle 0 /Ascent 1000 /Descent -1 "
             "/CapHeight 1000 /StemV 80 /FontFile2 " +
                 std::to_string(file) + " 0 R >>");
  const std::string font(reinterpret_cast<const char*>(kGlyphlessFont), sizeof kGlyphlessFont);
  pdf.object(file,
             "<< /Length " + std::to_string(font.size()) + " /Length1 " +
                 std::to_string(font.size()) + " >>",
             &font);
  // Every 2-byte code → glyph 1, the font's one glyph.
  std::string map(2 * 65536, '\0');
  for (std::size_t i = 1; i < map.size(); i += 2) map[i] = 1;
  const std::string packed = deflate(map);
  pdf.object(cid_to_gid, "<< /Length " + std::to_string(packed.size()) + " /Filter /FlateDecode >>",
             &packed);
  return type0;
}

// The page's content: the scan over the whole page, the lines under it, invisible.
std::string page_content(const Page& page, double width_pt, double height_pt) {
  std::string c = "q " + fmt(width_pt) + " 0 0 " + fmt(height_pt) + " 0 0 cm /Im1 Do Q\n";
  if (page.width <= 0 || page.height <= 0) return c;
  // Line boxes are in the catalogue's frame, which may differ from the scan's pixels.
  const double sx = width_pt / page.width, sy = height_pt / page.height;
  c += "BT 3 Tr\n";
  for (const auto& line : page.lines) {
    const auto chars = utf8::decode(line.text).size();
    if (chars == 0 || line.box.width() <= 0 || line.box.height() <= 0) continue;
    const double size = line.box.height() * sy;
    const double box_width = line.box.width() * sx;
    // Each glyph advances half an em (DW 500): stretch the run to the box.
    const double stretch = 100.0 * box_width / (static_cast<double>(chars) * size * 0.5);
    const double x = line.box.x0 * sx;
    const double baseline = height_pt - line.box.y1 * sy + size * 0.1;
    c += "/F1 " + fmt(size) + " Tf " + fmt(stretch) + " Tz 1 0 0 1 " + fmt(x) + " " +
         fmt(baseline) + " Tm <" + utf16_hex(line.text) + "> Tj\n";
  }
  c += "ET\n";
  return c;
}

}  // namespace

Response issue_pdf(const Library& lib, const Request&, const std::string& issue_id) {
  const auto issue = lib.issue(issue_id);
  PdfWriter pdf;
  const int catalog = pdf.reserve(), pages_obj = pdf.reserve();
  const int font = write_font(pdf);
  std::vector<int> kids;
  for (const auto& listed : issue.pages) {
    if (listed.sha256.empty()) continue;  // a failed page has no image to show
    const Page page = lib.page(issue_id, listed.seq);
    images::Source source{lib.page_original(page), page.sha256, images::page_index(page.source)};
    std::pair<int, int> size;
    images::Rendered jpeg;
    try {
      size = images::image_size(source);
      const auto request =
          images::parse_request("full", size.first > kPdfImageWidth ? "1654," : "max", "0",
                                "default.jpg", size.first, size.second);
      jpeg = images::render(source, request, lib.image_cache());
    } catch (const IoError&) {
      continue;  // unreadable original: the page is left out, as the manifest does
    }
    const int w = size.first, h = size.second;
    const double width_pt = w * 72.0 / kSourceDpi, height_pt = h * 72.0 / kSourceDpi;
    const auto info = jpeg_info(jpeg.bytes);
    const int page_obj = pdf.reserve(), content_obj = pdf.reserve(), image_obj = pdf.reserve();
    pdf.object(image_obj,
               "<< /Type /XObject /Subtype /Image /Width " + std::to_string(info.width) +
                   " /Height " + std::to_string(info.height) + " /ColorSpace " +
                   (info.components == 1 ? "/DeviceGray" : "/DeviceRGB") +
                   " /BitsPerComponent 8 /Filter /DCTDecode /Length " +
                   std::to_string(jpeg.bytes.size()) + " >>",
               &jpeg.bytes);
    const std::string content = deflate(page_content(page, width_pt, height_pt));
    pdf.object(content_obj,
               "<< /Length " + std::to_string(content.size()) + " /Filter /FlateDecode >>",
               &content);
    pdf.object(page_obj, "<< /Type /Page /Parent " + std::to_string(pages_obj) +
                             " 0 R /MediaBox [0 0 " + fmt(width_pt) + " " + fmt(height_pt) +
                             "] /Resources << /Font << /F1 " + std::to_string(font) +
                             " 0 R >> /XObject << /Im1 " + std::to_string(image_obj) +
                             " 0 R >> >> /Contents " + std::to_string(content_obj) + " 0 R >>");
    kids.push_back(page_obj);
  }
  if (kids.empty()) throw NotFound("no page of this issue has a readable image");
  std::string kid_refs;
  for (int k : kids) kid_refs += std::to_string(k) + " 0 R ";
  pdf.object(pages_obj, "<< /Type /Pages /Kids [" + kid_refs + "] /Count " +
                            std::to_string(kids.size()) + " >>");
  pdf.object(catalog, "<< /Type /Catalog /Pages " + std::to_string(pages_obj) + " 0 R >>");
  Response r;
  r.content_type = "application/pdf";
  r.body = pdf.finish(catalog);
  r.headers["Content-Disposition"] = "inline; filename=\"" + issue_id + ".pdf\"";
  r.headers["Cache-Control"] = "public, max-age=3600";
  return r;
}

}  // namespace gazette::viewer
