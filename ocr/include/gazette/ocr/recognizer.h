#pragma once
// A page recogniser for one worker: clean-up, then recognition with the right model. By
// default each page is routed automatically between horizontal and vertical, simplified and
// traditional models; engines are created once per model and reused for every page.
// Not thread-safe: one per worker. Errors: InvalidInput (bad image), OcrError (engine).
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gazette/ocr/cleanup.h"
#include "gazette/ocr/engine.h"
#include "gazette/ocr/orientation.h"

namespace gazette::ocr {

// The model recorded for a PDF page whose text was taken from its text layer, without OCR.
inline constexpr std::string_view kPdfTextLayerModel = "pdf-text-layer";

struct RecognizerOptions {
  // Tesseract model(s) to use, e.g. "chi_sim" or "chi_tra_vert"; empty routes automatically.
  std::string languages;
  CleanupOptions cleanup;
  // Automatic routing first measures the layout (layout.h): pages whose vertical share is at
  // least `vertical_from` go to the vertical models, pages below `ambiguous_from` to the
  // horizontal ones, and pages in between are read horizontally with the vertical model as a
  // fallback. Within that order the next model is tried only while the best read so far is
  // less confident than `reroute_below`, and a later model must beat the earlier one by
  // `switch_margin` (the traditional model reads simplified text with similar confidence but
  // far more errors). Measured on bench/ocr; see the README.
  double vertical_from = 0.30;
  double ambiguous_from = 0.10;
  double reroute_below = 0.50;
  double switch_margin = 0.05;
  // Pages in two columns (layout.h's column_regions) are read region by region, in order.
  bool split_columns = true;
  // Pages of running text in one column (layout.h's ColumnLayout) and the regions of pages in
  // columns read as single blocks, without Tesseract's page layout analysis. Off by default:
  // on bench/ocr it cut 7% of the CPU of a body page and CER from 4.04% to 3.97%, but on
  // structure-bench it changed characters that matter on three documents (a 令 number 271 read
  // 27, a signing year 2010 read 2009, 葬 read 匡), taking title, number and effective-date
  // accuracy below their targets.
  bool single_blocks = false;
  // A page whose best read stays below `reroute_below` is asked of Tesseract's orientation
  // detection (orientation.h); when it was scanned turned (OSD confidence at least
  // `orientation_confidence`: upright bench/ocr pages and their turned copies measured 7–17),
  // it is read again upright, and the better read is kept, its boxes in the page as scanned.
  bool detect_orientation = true;
  double orientation_confidence = 5.0;
  std::string tessdata_dir;
  // Tesseract variables for every engine (engine.h's EngineOptions::variables).
  std::vector<std::pair<std::string, std::string>> tesseract_variables;
};

// Where a page's CPU time went (seconds of this thread), for bench/ocr's --details.
struct StageCost {
  double load = 0, cleanup = 0, layout = 0, read = 0, probe = 0, furniture = 0, orientation = 0;
  int reads = 0, probes = 0;
};

struct PageRecognition {
  Recognition result;
  std::string model;  // the Tesseract model that produced it
  CleanupReport cleanup;
  double vertical_share = 0;  // layout estimate (automatic routing only)
  int regions = 0;            // regions read one by one (pages in columns); 0: the whole page
  bool single_block = false;  // the page or its regions read as single blocks (engine.h)
  int turns = 0;              // read turned clockwise by this many 90° (found turned by OSD)
  StageCost cost;
};

// The models, in order, that automatic routing tries for a page with this vertical share.
std::vector<std::string> routing_order(double vertical_share, const RecognizerOptions& options);

class Recognizer {
 public:
  explicit Recognizer(RecognizerOptions options);
  ~Recognizer();
  Recognizer(const Recognizer&) = delete;
  Recognizer& operator=(const Recognizer&) = delete;

  // Page `index` of an image, multi-page TIFF or PDF. A PDF page with a real text layer is
  // read from it without OCR (model kPdfTextLayerModel); other PDF pages are rendered and OCR'd.
  PageRecognition recognize_file(const std::filesystem::path& file, int index = 0);
  PageRecognition recognize(Pix* page);

 private:
  Engine& engine(const std::string& model);
  // `image` (the page as scanned turned by frame.turns) cleaned and read, its results in the
  // page's own pixels.
  PageRecognition read_in_frame(Pix* image, PageFrame frame);
  PageRecognition recognize_cleaned(Pix* image, PageFrame& frame);
  OrientationDetector& orientation();
  void read_furniture_across(Pix* page, Recognition& vertical, StageCost& cost);
  // Bands of the page that hold the running header and the page number.
  static constexpr double kHeaderBand = 0.08;
  static constexpr double kFooterBand = 0.12;
  static constexpr const char* kFurnitureModel = "chi_tra";
  // The band of the body (fractions of the height) another model is tried on first.
  static constexpr std::pair<double, double> kProbeBand{0.35, 0.60};
  RecognizerOptions options_;
  std::map<std::string, std::unique_ptr<Engine>> engines_;
  std::unique_ptr<OrientationDetector> orientation_;  // made when a page first needs it
};

}  // namespace gazette::ocr
