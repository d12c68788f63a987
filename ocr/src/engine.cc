#include "gazette/ocr/engine.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <locale>
#include <sstream>
#include <vector>

#include "gazette/error.h"
#include "gazette/ocr/cjk_normalize.h"
#include "gazette/ocr/image.h"
#include "gazette/ocr/layout.h"
#include "gazette/page_render.h"
#include "gazette/utf8.h"

namespace gazette::ocr {
namespace {

struct CharArrayDeleter {
  void operator()(char* p) const { delete[] p; }
};
using TessText = std::unique_ptr<char, CharArrayDeleter>;  // Tesseract hands out new[] strings

std::string strip_newlines(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The type size of the line at the iterator: the median height of its Han glyphs, which are
// set square in the em box. Unlike the line box, it ignores punctuation and descenders, and
// unlike Tesseract's row height it does not vary from block to block.
double typeset_size(const tesseract::ResultIterator& line_start) {
  // Stepped in Tesseract's own (left-to-right) order: the order does not change a median, and
  // ResultIterator's stepping in reading order walks again from the top of the page at every
  // word (2% of a page's CPU time, measured on bench/ocr pages).
  tesseract::LTRResultIterator it(line_start);
  it.RestartRow();
  std::vector<int> heights, all;
  do {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    if (!it.BoundingBox(tesseract::RIL_SYMBOL, &x0, &y0, &x1, &y1)) continue;
    all.push_back(y1 - y0);
    TessText sym(it.GetUTF8Text(tesseract::RIL_SYMBOL));
    if (sym && utf8::is_han(utf8::decode(sym.get()).front())) heights.push_back(y1 - y0);
  } while (!it.IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_SYMBOL) &&
           it.Next(tesseract::RIL_SYMBOL));
  auto& use = heights.empty() ? all : heights;
  if (use.empty()) return 0;
  std::nth_element(use.begin(), use.begin() + use.size() / 2, use.end());
  return use[use.size() / 2];
}

}  // namespace

std::string ensure_single_threaded_openmp(char** argv) {
  if (const char* limit = std::getenv("OMP_THREAD_LIMIT"); limit != nullptr && *limit != '\0')
    return {};
  setenv("OMP_THREAD_LIMIT", "1", 1);
  execv("/proc/self/exe", argv);
  return std::string("cannot re-execute with OMP_THREAD_LIMIT=1 (") + std::strerror(errno) +
         "); OCR will be slower";
}

std::string engine_version() {
  // Leptonica's strings are released with lept_free, not delete[].
  std::unique_ptr<char, void (*)(void*)> lept(getLeptonicaVersion(), lept_free);
  return "tesseract-" + std::string(tesseract::TessBaseAPI::Version()) + "/" +
         (lept ? lept.get() : "leptonica");
}

Engine::Engine(const EngineOptions& options) : api_(std::make_unique<tesseract::TessBaseAPI>()) {
  const char* datapath = options.tessdata_dir.empty() ? nullptr : options.tessdata_dir.c_str();
  if (api_->Init(datapath, options.languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0)
    throw OcrError("cannot start Tesseract with languages '" + options.languages +
                   "' (is the traineddata installed?)");
  // Tesseract inserts spaces between CJK characters unless told to keep the printed ones;
  // cjk_normalize then drops what is left between CJK characters.
  // (Debian's chi_sim_vert traineddata lacks this setting, so it is set for every model.)
  api_->SetVariable("preserve_interword_spaces", "1");
  // Tesseract also reads every doubtful line inverted (white on black), which gazettes never
  // print: on bench/ocr that cost 11% of the CPU time and changed no character.
  api_->SetVariable("tessedit_do_invert", "0");
  // Paragraphs are found from the lines' geometry before recognition rather than from their
  // text after it: only the hOCR's ocr_par elements use them, and the text-based pass took 4%
  // of a page's CPU time (A/B on 7 bench/ocr pages; the same text on every page).
  api_->SetVariable("paragraph_text_based", "0");
  // Tesseract's diagnostics ("Image too small to scale!!") would flood the progress display.
  api_->SetVariable("debug_file", "/dev/null");
  // Vertical models read a page of columns as one vertical block.
  const bool vertical = options.languages.find("_vert") != std::string::npos;
  // Chinese set in rows is fixed pitch: Tesseract's CJK fixed-pitch model segments it better
  // (bench/ocr, 14 horizontal pages: 3.8% to 3.4% CER at the same CPU time; vertical pages
  // read slightly worse with it).
  if (!vertical) api_->SetVariable("textord_use_cjk_fp_model", "1");
  for (const auto& [name, value] : options.variables)
    if (!api_->SetVariable(name.c_str(), value.c_str()))
      throw OcrError("Tesseract has no variable '" + name + "' (or it can be set only at start)");
  page_mode_ = vertical ? static_cast<int>(tesseract::PSM_SINGLE_BLOCK_VERT_TEXT)
                        : static_cast<int>(tesseract::PSM_AUTO);
}

Engine::~Engine() {
  if (api_) api_->End();
}

namespace {

std::vector<TextLine> read_lines(tesseract::TessBaseAPI& api) {
  std::vector<TextLine> lines;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return lines;
  do {
    TessText raw(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
    if (!raw) continue;
    TextLine line;
    line.text = normalize_cjk_line(strip_newlines(raw.get()));
    if (line.text.empty()) continue;
    it->BoundingBox(tesseract::RIL_TEXTLINE, &line.box.x0, &line.box.y0, &line.box.x1,
                    &line.box.y1);
    line.confidence = it->Confidence(tesseract::RIL_TEXTLINE) / 100.0;
    line.size = typeset_size(*it);
    lines.push_back(std::move(line));
  } while (it->Next(tesseract::RIL_TEXTLINE));
  return lines;
}

// The band at the foot of the page where the printed page number (— 2 —) stands.
constexpr double kFooterBand = 0.12;
constexpr double kFooterMinConfidence = 0.6;
constexpr std::size_t kFooterMaxChars = 12;  // "— 12 —", "- 123 -", "第 5 页"

}  // namespace

bool looks_like_page_number(const std::string& text) {
  int digits = 0;
  for (const char32_t c : utf8::decode(text)) {
    const char32_t h = utf8::to_halfwidth(c);
    if (h >= U'0' && h <= U'9') {
      ++digits;
    } else if (!utf8::is_space(h) && h != U'-' && h != U'一' && h != U'—' && h != U'–' &&
               h != U'~' && h != U'_') {
      return false;
    }
  }
  return digits >= 1 && digits <= 4;
}

void assemble_text(Recognition& r) {
  r.text.clear();
  double conf_sum = 0;
  for (const auto& line : r.lines) {
    conf_sum += line.confidence;
    if (!r.text.empty()) r.text += '\n';
    r.text += line.text;
  }
  r.confidence = r.lines.empty() ? 0.0 : conf_sum / static_cast<double>(r.lines.size());
}

std::optional<Box> text_region(Pix* page, int top, int bottom) {
  auto ink = ink_extent(page, top, bottom);
  if (!ink) return std::nullopt;
  const int dpi = pixGetXRes(page) > 0 ? pixGetXRes(page) : 300;
  const int margin = dpi / 15;  // Tesseract wants some paper around the glyphs
  return Box{std::max(0, ink->x0 - margin), std::max(top, ink->y0 - margin),
             std::min(pixGetWidth(page), ink->x1 + margin), std::min(bottom, ink->y1 + margin)};
}

std::vector<TextLine> Engine::recognize_band(Pix* page, int top, int bottom) {
  return recognize_region(page, Box{0, top, pixGetWidth(page), bottom});
}

std::vector<TextLine> Engine::recognize_region(Pix* page, const Box& region) {
  // One block of lines, in the engine's own direction.
  api_->SetPageSegMode(page_mode_ == tesseract::PSM_AUTO
                           ? tesseract::PSM_SINGLE_BLOCK
                           : static_cast<tesseract::PageSegMode>(page_mode_));
  // The region is cut out rather than set as Tesseract's rectangle: with a rectangle, a header
  // band above a thick rule read as nothing at all (tests/unit/ocr_layout_test.cc).
  BOX* box = boxCreate(region.x0, region.y0, region.width(), region.height());
  PixPtr cut(pixClipRectangle(page, box, nullptr));
  boxDestroy(&box);
  if (!cut) return {};
  api_->SetImage(cut.get());
  std::vector<TextLine> lines;
  if (api_->Recognize(nullptr) == 0) lines = read_lines(*api_);
  api_->Clear();
  for (auto& l : lines) {
    l.box.x0 += region.x0, l.box.x1 += region.x0;
    l.box.y0 += region.y0, l.box.y1 += region.y0;
  }
  return lines;
}

namespace {

// A length of the image read in the page's own pixels.
long page_px(int v, double scale) {
  return std::lround(v * scale);
}

void bbox(std::ostringstream& out, const Box& b) {
  out << "bbox " << b.x0 << ' ' << b.y0 << ' ' << b.x1 << ' ' << b.y1;
}

void hocr_box(std::ostringstream& out, const tesseract::LTRResultIterator& it,
              tesseract::PageIteratorLevel level, const PageFrame& frame) {
  const double scale = frame.scale;
  Box b;
  it.BoundingBox(level, &b.x0, &b.y0, &b.x1, &b.y1);
  out << " title=\"";
  bbox(out, frame.to_page(b));
  if (level == tesseract::RIL_TEXTLINE) {
    // The baseline as y = slope * x + offset, from the bottom left of the line's box (as the
    // line runs in the upright image, also on a page scanned turned).
    if (int bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;
        it.Baseline(level, &bx0, &by0, &bx1, &by1) && bx0 != bx1) {
      const double slope = static_cast<double>(by1 - by0) / (bx1 - bx0);
      const double offset = (by0 - b.y1) - slope * (bx0 - b.x0);
      out << "; baseline " << std::round(slope * 1000.0) / 1000.0 << ' '
          << std::round(offset * scale * 1000.0) / 1000.0;
    }
    float size = 0, descenders = 0, ascenders = 0;
    it.RowAttributes(&size, &descenders, &ascenders);
    out << "; x_size " << size * scale << "; x_descenders " << -descenders * scale
        << "; x_ascenders " << ascenders * scale;
  }
  out << '"';
}

// The blocks, paragraphs, lines and words of Tesseract's last read as hOCR, in the elements
// and properties of Tesseract's own hOCR renderer; ids carry `read` (from 1), so that the
// reads of one page (its regions) stay unique. Written here because TessBaseAPI::GetHOCRText
// steps through the page in reading order, which walks again from the top of the page at
// every word: 7% of the CPU time of a page of running text (measured on bench/ocr pages).
void append_hocr_blocks(tesseract::TessBaseAPI& api, int read, const PageFrame& frame,
                        std::string& hocr) {
  std::unique_ptr<tesseract::ResultIterator> start(api.GetIterator());
  if (!start) return;
  tesseract::LTRResultIterator it(*start);
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out.precision(8);
  int block = 1, par = 1, line = 1, word = 1;
  while (!it.Empty(tesseract::RIL_BLOCK)) {
    const auto type = it.BlockType();
    if (!PTIsTextType(type)) {
      out << "   <div class='" << (PTIsLineType(type) ? "ocr_separator" : "ocr_photo")
          << "' id='block_" << read << '_' << block++ << "'";
      hocr_box(out, it, tesseract::RIL_BLOCK, frame);
      out << "></div>\n";
      if (!it.Next(tesseract::RIL_BLOCK)) break;
      continue;
    }
    if (it.Empty(tesseract::RIL_WORD)) {
      if (!it.Next(tesseract::RIL_WORD)) break;
      continue;
    }
    if (it.IsAtBeginningOf(tesseract::RIL_BLOCK)) {
      out << "   <div class='ocr_carea' id='block_" << read << '_' << block << "'";
      hocr_box(out, it, tesseract::RIL_BLOCK, frame);
      out << ">";
    }
    if (it.IsAtBeginningOf(tesseract::RIL_PARA)) {
      out << "\n    <p class='ocr_par' id='par_" << read << '_' << par << "'";
      if (const char* lang = it.WordRecognitionLanguage()) out << " lang='" << lang << "'";
      hocr_box(out, it, tesseract::RIL_PARA, frame);
      out << ">";
    }
    if (it.IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
      out << "\n     <span class='"
          << (type == tesseract::PT_HEADING_TEXT   ? "ocr_header"
              : type == tesseract::PT_PULLOUT_TEXT ? "ocr_textfloat"
              : type == tesseract::PT_CAPTION_TEXT ? "ocr_caption"
                                                   : "ocr_line")
          << "' id='line_" << read << '_' << line << "'";
      hocr_box(out, it, tesseract::RIL_TEXTLINE, frame);
      out << ">";
    }
    Box w;
    it.BoundingBox(tesseract::RIL_WORD, &w.x0, &w.y0, &w.x1, &w.y1);
    out << "\n      <span class='ocrx_word' id='word_" << read << '_' << word++ << "' title='";
    bbox(out, frame.to_page(w));
    out << "; x_wconf " << static_cast<int>(it.Confidence(tesseract::RIL_WORD)) << "'>";
    TessText text(it.GetUTF8Text(tesseract::RIL_WORD));
    if (text) out << xml_text(text.get());
    out << "</span>";
    const bool line_ends = it.IsAtFinalElement(tesseract::RIL_TEXTLINE, tesseract::RIL_WORD);
    const bool par_ends = it.IsAtFinalElement(tesseract::RIL_PARA, tesseract::RIL_WORD);
    const bool block_ends = it.IsAtFinalElement(tesseract::RIL_BLOCK, tesseract::RIL_WORD);
    if (line_ends) out << "\n     </span>", ++line;
    if (par_ends) out << "\n    </p>\n", ++par;
    if (block_ends) out << "   </div>\n", ++block;
    if (!it.Next(tesseract::RIL_WORD)) break;
  }
  hocr += out.str();
}

// One ocr_page over the whole image, holding the blocks of every read of the page.
std::string hocr_page(const std::string& blocks, int width, int height, int dpi) {
  return "  <div class='ocr_page' id='page_1' title='image \"unknown\"; bbox 0 0 " +
         std::to_string(width) + " " + std::to_string(height) + "; ppageno 0; scan_res " +
         std::to_string(dpi) + " " + std::to_string(dpi) + "'>\n" + blocks + "  </div>\n";
}

}  // namespace

Box PageFrame::to_page(const Box& in_image) const {
  auto px = [&](int v) { return static_cast<int>(std::lround(v * scale)); };
  const Box b{px(in_image.x0), px(in_image.y0), px(in_image.x1), px(in_image.y1)};
  // Undo the turn: the upright image is the page turned clockwise by `turns` quarters.
  Box p = b;
  switch (((turns % 4) + 4) % 4) {
    case 1:
      p = Box{b.y0, height - b.x1, b.y1, height - b.x0};
      break;
    case 2:
      p = Box{width - b.x1, height - b.y1, width - b.x0, height - b.y0};
      break;
    case 3:
      p = Box{width - b.y1, b.x0, width - b.y0, b.x1};
      break;
    default:
      break;
  }
  if (width > 0 && height > 0) {
    p.x0 = std::clamp(p.x0, 0, width), p.x1 = std::clamp(p.x1, 0, width);
    p.y0 = std::clamp(p.y0, 0, height), p.y1 = std::clamp(p.y1, 0, height);
  }
  return p;
}

Recognition Engine::recognize(Pix* page, const ReadLayout& layout) {
  Recognition out;
  out.width = pixGetWidth(page);
  out.height = pixGetHeight(page);
  const auto& regions = layout.regions;
  std::string blocks;  // hOCR of each read
  const auto mode = layout.single_block && page_mode_ == tesseract::PSM_AUTO
                        ? tesseract::PSM_SINGLE_BLOCK
                        : static_cast<tesseract::PageSegMode>(page_mode_);
  api_->SetPageSegMode(mode);
  api_->SetImage(page);
  if (regions.empty()) {
    if (api_->Recognize(nullptr) != 0) throw OcrError("Tesseract failed to recognise the page");
    out.lines = read_lines(*api_);
    append_hocr_blocks(*api_, 1, layout.page, blocks);
  } else {
    const int dpi = pixGetXRes(page) > 0 ? pixGetXRes(page) : 300;
    const int margin = dpi / 30;
    for (int k = 0; k < static_cast<int>(regions.size()); ++k) {
      const Box& r = regions[static_cast<std::size_t>(k)];
      const Box padded{std::max(0, r.x0 - margin), std::max(0, r.y0 - margin),
                       std::min(out.width, r.x1 + margin), std::min(out.height, r.y1 + margin)};
      api_->SetRectangle(padded.x0, padded.y0, padded.width(), padded.height());
      if (api_->Recognize(nullptr) != 0) throw OcrError("Tesseract failed to recognise the page");
      for (auto& line : read_lines(*api_)) out.lines.push_back(std::move(line));
      append_hocr_blocks(*api_, k + 1, layout.page, blocks);
    }
  }
  const int dpi = pixGetYRes(page) > 0 ? pixGetYRes(page) : 300;
  out.hocr = hocr_page(blocks, layout.page.width > 0 ? layout.page.width : out.width,
                       layout.page.height > 0 ? layout.page.height : out.height,
                       static_cast<int>(page_px(dpi, layout.page.scale)));

  // Layout analysis drops a lone page number set far below the text block, or reads it as
  // a doubtful fragment; look at the footer band again on its own unless a confident line
  // was found there.
  const int band_top = static_cast<int>(out.height * (1.0 - kFooterBand));
  auto in_footer = [&](const TextLine& l) { return l.box.y0 >= band_top; };
  const bool footer_read = std::any_of(out.lines.begin(), out.lines.end(), [&](const TextLine& l) {
    return in_footer(l) && l.confidence >= kFooterMinConfidence;
  });
  if (!footer_read) std::erase_if(out.lines, in_footer);
  // Only the ink that is more than specks is re-read, and only a confident short line or what
  // reads as a page number is taken: on a blank foot, specks and paper texture read as lines
  // of garbage (measured: 200% CER and 7 s on a scanned cover page).
  if (const auto region = footer_read ? std::nullopt : text_region(page, band_top, out.height)) {
    api_->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
    api_->SetRectangle(region->x0, region->y0, region->width(), region->height());
    if (api_->Recognize(nullptr) == 0)
      for (auto& line : read_lines(*api_))
        if (looks_like_page_number(line.text) ||
            (line.confidence >= kFooterMinConfidence &&
             utf8::decode(line.text).size() <= kFooterMaxChars))
          out.lines.push_back(std::move(line));
    api_->SetPageSegMode(mode);
  }

  assemble_text(out);
  api_->Clear();
  return out;
}

}  // namespace gazette::ocr
