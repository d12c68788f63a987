#pragma once
// One Tesseract engine, loaded once and reused for every page it is given. Not thread-safe:
// the pipeline gives each worker its own engine. Errors: OcrError.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gazette/model.h"
#include "gazette/ocr/image.h"

namespace tesseract {
class TessBaseAPI;
}

namespace gazette::ocr {

struct EngineOptions {
  std::string languages = "chi_sim";  // Tesseract language list, e.g. "chi_sim+eng"
  std::string tessdata_dir;           // empty: Tesseract's built-in default
  // Tesseract variables (name, value) set after the engine's own settings, so a batch or a
  // benchmark can change one and measure the effect. An unknown name is an OcrError.
  std::vector<std::pair<std::string, std::string>> variables;
};

struct Recognition {
  std::string text;  // lines in reading order, CJK-normalised, '\n' between lines
  std::vector<TextLine> lines;
  double confidence = 0;  // mean word confidence, 0..1
  std::string hocr;
  int width = 0, height = 0;
};

// Where the image Tesseract reads lies on the page as scanned: clean-up scaled it to its
// working resolution (CleanupOptions::max_dpi), and a page found turned was turned upright
// (Recognizer). Lines and hOCR are given in the scanned page's own pixels.
struct PageFrame {
  double scale = 1.0;         // page pixels per pixel of the image read
  int turns = 0;              // the image read is the page turned clockwise by this many 90°
  int width = 0, height = 0;  // the page as scanned; 0 (only without turns): the image's size
  // A box of the image read, in the page's pixels.
  Box to_page(const Box& in_image) const;
};

// What the engine is told about where the text is before it reads a page.
struct ReadLayout {
  // Read one by one, in this order (layout.h's column_regions); empty: the whole page.
  std::vector<Box> regions;
  // The page, or each region, is a single block of lines (layout.h's ColumnLayout): Tesseract
  // then finds only the lines, without its page layout analysis (columns, images, tables),
  // which took about a sixth of a page's CPU time. Horizontal models only; vertical models
  // always read one block of columns.
  bool single_block = false;
  // The hOCR is written in the page's own pixels; the Recognition's lines, width and height
  // stay in the image's (Recognizer maps them with the same frame).
  PageFrame page;
};

// "— 2 —", "一2一", "-12-", "3": one to four digits between dashes, however they were read.
bool looks_like_page_number(const std::string& text);

// The box around the ink of rows [top, bottom) that is more than specks, with a margin of paper
// (see layout.h's ink_extent); nothing when the band is blank.
std::optional<Box> text_region(Pix* page, int top, int bottom);

// Rebuilds `text` and `confidence` from `lines` (after lines were replaced or added).
void assemble_text(Recognition& r);

// Tesseract's own OpenMP threads fight with our one-engine-per-core workers (measured: a page
// that takes 3.7 s with one OpenMP thread took 26-40 s on a busy 2-core machine without the
// limit). libgomp reads OMP_THREAD_LIMIT once, when it is loaded, so setting it from inside
// the process is too late: a program that recognises pages calls this first thing in main().
// It re-executes the program with OMP_THREAD_LIMIT=1 when the limit is not yet in force and
// returns only when it is (or when re-execution failed; the message says why).
std::string ensure_single_threaded_openmp(char** argv);

// "tesseract 5.3.0, leptonica-1.82.0", for the event log.
std::string engine_version();

class Engine {
 public:
  explicit Engine(const EngineOptions& options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The whole page, or when regions are given each of them in turn, in that order.
  Recognition recognize(Pix* page, const ReadLayout& layout = {});
  // The horizontal band [top, bottom) of the page read as one block of lines (columns for a
  // vertical model).
  std::vector<TextLine> recognize_band(Pix* page, int top, int bottom);
  std::vector<TextLine> recognize_region(Pix* page, const Box& region);

 private:
  std::unique_ptr<tesseract::TessBaseAPI> api_;
  int page_mode_ = 0;  // tesseract::PageSegMode
};

}  // namespace gazette::ocr
