#include "gazette/ocr/engine.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "gazette/error.h"
#include "gazette/ocr/cjk_normalize.h"
#include "gazette/ocr/image.h"
#include "gazette/ocr/layout.h"
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
  tesseract::ResultIterator it(line_start);
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
  // Tesseract's diagnostics ("Image too small to scale!!") would flood the progress display.
  api_->SetVariable("debug_file", "/dev/null");
  // Vertical models read a page of columns as one vertical block.
  const bool vertical = options.languages.find("_vert") != std::string::npos;
  // Chinese set in rows is fixed pitch: Tesseract's CJK fixed-pitch model segments it better
  // (bench/ocr, 14 horizontal pages: 3.8% to 3.4% CER at the same CPU time; vertical pages
  // read slightly worse with it).
  if (!vertical) api_->SetVariable("textord_use_cjk_fp_model", "1");
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

// Tesseract's hOCR for one read is one ocr_page element whose bbox is the rectangle read.
// Several reads of one page become one ocr_page over the whole image holding all their
// blocks (each read numbers its ids with its own index, so they stay unique).
void append_hocr(std::string& page_hocr, const std::string& part, int width, int height) {
  const auto open_end = part.find('\n');
  const auto close = part.rfind("</div>");
  if (open_end == std::string::npos || close == std::string::npos || close < open_end) return;
  const auto body_end = part.rfind('\n', close);
  std::string body = part.substr(open_end + 1, body_end > open_end ? body_end - open_end : 0);
  if (page_hocr.empty()) {
    std::string open = part.substr(0, open_end + 1);
    if (const auto at = open.find("bbox "); at != std::string::npos) {
      const auto end = open.find_first_of(";'", at);
      open.replace(at, end - at,
                   "bbox 0 0 " + std::to_string(width) + " " + std::to_string(height));
    }
    page_hocr = open + "  </div>\n";
  }
  page_hocr.insert(page_hocr.rfind("  </div>"), body);
}

}  // namespace

Recognition Engine::recognize(Pix* page, const ReadLayout& layout) {
  Recognition out;
  out.width = pixGetWidth(page);
  out.height = pixGetHeight(page);
  const auto& regions = layout.regions;
  const auto mode = layout.single_block && page_mode_ == tesseract::PSM_AUTO
                        ? tesseract::PSM_SINGLE_BLOCK
                        : static_cast<tesseract::PageSegMode>(page_mode_);
  api_->SetPageSegMode(mode);
  api_->SetImage(page);
  if (regions.empty()) {
    if (api_->Recognize(nullptr) != 0) throw OcrError("Tesseract failed to recognise the page");
    out.lines = read_lines(*api_);
    TessText hocr(api_->GetHOCRText(0));
    if (hocr) out.hocr = hocr.get();
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
      TessText hocr(api_->GetHOCRText(k));
      if (hocr) append_hocr(out.hocr, hocr.get(), out.width, out.height);
    }
  }

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
