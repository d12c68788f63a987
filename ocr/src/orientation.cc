#include "gazette/ocr/orientation.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <algorithm>

#include "gazette/error.h"
#include "gazette/ocr/image.h"

namespace gazette::ocr {

namespace {
// OSD reads a page at this resolution at most: a finer page costs more and tells no more.
constexpr int kOsdDpi = 200;
}  // namespace

OrientationDetector::OrientationDetector(const std::string& tessdata_dir)
    : api_(std::make_unique<tesseract::TessBaseAPI>()) {
  const char* datapath = tessdata_dir.empty() ? nullptr : tessdata_dir.c_str();
  if (api_->Init(datapath, "osd", tesseract::OEM_TESSERACT_ONLY) != 0)
    throw OcrError(
        "cannot start Tesseract's orientation detection (is osd.traineddata installed?)");
  api_->SetVariable("debug_file", "/dev/null");
  api_->SetPageSegMode(tesseract::PSM_OSD_ONLY);
}

OrientationDetector::~OrientationDetector() {
  if (api_) api_->End();
}

int OrientationDetector::upright_turns(Pix* page, double min_confidence) {
  PixPtr grey(pixConvertTo8(page, 0));
  if (!grey) return 0;
  const int dpi = pixGetXRes(page);
  if (dpi > kOsdDpi) {
    const auto f = static_cast<float>(kOsdDpi) / static_cast<float>(dpi);
    if (PixPtr small{pixScaleAreaMap(grey.get(), f, f)}) {
      grey = std::move(small);
      pixSetResolution(grey.get(), kOsdDpi, kOsdDpi);
    }
  } else if (dpi <= 0) {
    pixSetResolution(grey.get(), kOsdDpi, kOsdDpi);
  }
  api_->SetImage(grey.get());
  int degrees = 0;  // how far the page is turned, clockwise
  float confidence = 0, script_confidence = 0;
  const char* script = nullptr;
  const bool found =
      api_->DetectOrientationScript(&degrees, &confidence, &script, &script_confidence);
  api_->Clear();
  if (!found || confidence < min_confidence || degrees % 90 != 0) return 0;
  return (4 - degrees / 90 % 4) % 4;
}

}  // namespace gazette::ocr
