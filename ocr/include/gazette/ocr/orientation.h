#pragma once
// Whether a page was scanned turned by 90°, 180° or 270°: Tesseract's orientation and script
// detection (OSD, osd.traineddata). It costs about a second a page at 200 dpi, so Recognizer
// asks only about pages it read badly. Not thread-safe: one per worker.
// Errors: OcrError when the OSD model cannot be loaded.
#include <memory>
#include <string>

#include "gazette/ocr/image.h"

namespace tesseract {
class TessBaseAPI;
}

namespace gazette::ocr {

class OrientationDetector {
 public:
  explicit OrientationDetector(const std::string& tessdata_dir);
  ~OrientationDetector();
  OrientationDetector(const OrientationDetector&) = delete;
  OrientationDetector& operator=(const OrientationDetector&) = delete;

  // Clockwise quarter turns (1–3) that make `page` upright when OSD finds it turned with at
  // least `min_confidence`; 0 when it is upright, or OSD is unsure or finds no text.
  int upright_turns(Pix* page, double min_confidence);

 private:
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

}  // namespace gazette::ocr
