#pragma once
// A page recogniser for one worker: clean-up, then recognition with the right model. By
// default each page is routed automatically between horizontal and vertical, simplified and
// traditional models; engines are created once per model and reused for every page.
// Not thread-safe: one per worker. Errors: InvalidInput (bad image), OcrError (engine).
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gazette/ocr/cleanup.h"
#include "gazette/ocr/engine.h"

namespace gazette::ocr {

struct RecognizerOptions {
  // Tesseract model(s) to use, e.g. "chi_sim" or "chi_tra_vert"; empty routes automatically.
  std::string languages;
  CleanupOptions cleanup;
  // Automatic routing tries the other models when the first read is less confident than this.
  double reroute_below = 0.80;
  std::string tessdata_dir;
};

struct PageRecognition {
  Recognition result;
  std::string model;  // the Tesseract model that produced it
  CleanupReport cleanup;
};

// The models automatic routing chooses between, most common first.
const std::vector<std::string>& routing_models();

class Recognizer {
 public:
  explicit Recognizer(RecognizerOptions options);
  ~Recognizer();
  Recognizer(const Recognizer&) = delete;
  Recognizer& operator=(const Recognizer&) = delete;

  // Page `index` of an image, multi-page TIFF or PDF. A PDF page with a real text layer is
  // read from it without OCR (model "pdf-text-layer"); other PDF pages are rendered and OCR'd.
  PageRecognition recognize_file(const std::filesystem::path& file, int index = 0);
  PageRecognition recognize(Pix* page);

 private:
  Engine& engine(const std::string& model);
  RecognizerOptions options_;
  std::map<std::string, std::unique_ptr<Engine>> engines_;
};

}  // namespace gazette::ocr
