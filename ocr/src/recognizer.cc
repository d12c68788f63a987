#include "gazette/ocr/recognizer.h"

#include <leptonica/allheaders.h>

#include "gazette/ocr/pdf.h"

namespace gazette::ocr {

const std::vector<std::string>& routing_models() {
  // Horizontal simplified is the modern default; traditional and vertical models cover the
  // issues before the mid-1950s (measured: traditional text through chi_sim gives ~32% CER).
  static const std::vector<std::string> kModels = {"chi_sim", "chi_tra", "chi_tra_vert", "chi_sim_vert"};
  return kModels;
}

Recognizer::Recognizer(RecognizerOptions options) : options_(std::move(options)) {}
Recognizer::~Recognizer() = default;

Engine& Recognizer::engine(const std::string& model) {
  auto& slot = engines_[model];
  if (!slot) slot = std::make_unique<Engine>(EngineOptions{model, options_.tessdata_dir});
  return *slot;
}

PageRecognition Recognizer::recognize_file(const std::filesystem::path& file, int index) {
  if (is_pdf(file)) {
    if (auto layer = pdf_text_layer(file, index)) {
      PageRecognition out;
      out.model = "pdf-text-layer";
      out.result.text = std::move(layer->text);
      out.result.lines = std::move(layer->lines);
      out.result.width = layer->width;
      out.result.height = layer->height;
      out.result.confidence = 1.0;
      return out;
    }
    auto rendered = render_pdf_page(file, index);
    return recognize(rendered.get());
  }
  auto pix = load_page_image(file, index);
  return recognize(pix.get());
}

PageRecognition Recognizer::recognize(Pix* page) {
  PageRecognition out;
  auto clean = clean_page(page, options_.cleanup, &out.cleanup);
  if (!options_.languages.empty()) {
    out.model = options_.languages;
    out.result = engine(out.model).recognize(clean.get());
    return out;
  }
  for (const auto& model : routing_models()) {
    auto attempt = engine(model).recognize(clean.get());
    if (out.model.empty() || attempt.confidence > out.result.confidence) {
      out.result = std::move(attempt);
      out.model = model;
    }
    if (out.result.confidence >= options_.reroute_below) break;
  }
  return out;
}

}  // namespace gazette::ocr
