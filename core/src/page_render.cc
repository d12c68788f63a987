#include "gazette/page_render.h"

#include <cstdio>

namespace gazette {
namespace {

std::string num(int n) {
  return std::to_string(n);
}

}  // namespace

std::string xml_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
          out.push_back(c);
    }
  }
  return out;
}

std::string AltoRenderer::render(const Page& p) const {
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alto xmlns=\"http://www.loc.gov/standards/"
      "alto/ns-v4#\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.loc.gov/standards/alto/ns-v4# "
      "http://www.loc.gov/standards/alto/v4/alto-4-2.xsd\">\n<Description><MeasurementUnit>pixel</"
      "MeasurementUnit><sourceImageInformation><fileName>" +
      xml_text(p.source) +
      "</fileName></sourceImageInformation></Description>\n<Layout><Page ID=\"p" + num(p.seq) +
      "\" PHYSICAL_IMG_NR=\"" + num(p.seq) + "\"" +
      (p.printed_page ? " PRINTED_IMG_NR=\"" + num(*p.printed_page) + "\"" : "") + " WIDTH=\"" +
      num(p.width) + "\" HEIGHT=\"" + num(p.height) +
      "\"><PrintSpace HPOS=\"0\" VPOS=\"0\" WIDTH=\"" + num(p.width) + "\" HEIGHT=\"" +
      num(p.height) + "\"><TextBlock ID=\"b1\">\n";
  for (std::size_t i = 0; i < p.lines.size(); ++i) {
    const auto& l = p.lines[i];
    const std::string geo = " HPOS=\"" + num(l.box.x0) + "\" VPOS=\"" + num(l.box.y0) +
                            "\" WIDTH=\"" + num(l.box.width()) + "\" HEIGHT=\"" +
                            num(l.box.height()) + "\"";
    char wc[16];
    std::snprintf(wc, sizeof wc, "%.3f", l.confidence);
    x += "<TextLine ID=\"l" + num(static_cast<int>(i)) + "\"" + geo + "><String" + geo + " WC=\"" +
         wc + "\" CONTENT=\"" + xml_text(l.text) + "\"/></TextLine>\n";
  }
  x += "</TextBlock></PrintSpace></Page></Layout>\n</alto>\n";
  return x;
}

std::string TextRenderer::render(const Page& p) const {
  if (p.text.empty() || p.text.ends_with('\n')) return p.text;
  return p.text + "\n";
}

}  // namespace gazette
