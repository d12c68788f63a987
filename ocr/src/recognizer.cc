#include "gazette/ocr/recognizer.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>

#include "gazette/error.h"
#include "gazette/ocr/layout.h"
#include "gazette/ocr/pdf.h"

namespace gazette::ocr {

namespace {

double mean_confidence(const std::vector<TextLine>& lines) {
  double sum = 0;
  for (const auto& l : lines) sum += l.confidence;
  return lines.empty() ? 0.0 : sum / static_cast<double>(lines.size());
}

// Mean confidence of the lines whose middle lies in [top, bottom).
double band_confidence(const std::vector<TextLine>& lines, int top, int bottom) {
  std::vector<TextLine> in_band;
  for (const auto& l : lines)
    if (const int mid = (l.box.y0 + l.box.y1) / 2; mid >= top && mid < bottom) in_band.push_back(l);
  return mean_confidence(in_band);
}

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// Adds the CPU time of its scope to `into`.
class Charge {
 public:
  explicit Charge(double& into) : into_(into), start_(thread_cpu_seconds()) {}
  ~Charge() { into_ += thread_cpu_seconds() - start_; }
  Charge(const Charge&) = delete;
  Charge& operator=(const Charge&) = delete;

 private:
  double& into_;
  double start_;
};

// A page in two columns is read region by region; with `single_blocks`, each region (a column,
// or a stretch across the gutter) and a page of one column are read as single blocks, any
// other page with Tesseract's own layout analysis.
ReadLayout read_layout(ColumnLayout columns, bool single_blocks) {
  ReadLayout out;
  out.single_block = single_blocks && (columns.one_column || !columns.regions.empty());
  out.regions = std::move(columns.regions);
  return out;
}

// Lines, width and height of a read of the cleaned page in the scanned page's pixels.
void to_page_coordinates(Recognition& read, const PageFrame& frame) {
  read.width = frame.width;
  read.height = frame.height;
  for (auto& l : read.lines) {
    l.box = frame.to_page(l.box);
    l.size *= frame.scale;
  }
}

}  // namespace

std::vector<std::string> routing_order(double vertical_share, const RecognizerOptions& options) {
  if (vertical_share >= options.vertical_from) return {"chi_tra_vert", "chi_sim_vert"};
  if (vertical_share >= options.ambiguous_from) return {"chi_sim", "chi_tra", "chi_tra_vert"};
  return {"chi_sim", "chi_tra"};
}

Recognizer::Recognizer(RecognizerOptions options) : options_(std::move(options)) {}
Recognizer::~Recognizer() = default;

Engine& Recognizer::engine(const std::string& model) {
  auto& slot = engines_[model];
  if (!slot)
    slot = std::make_unique<Engine>(
        EngineOptions{model, options_.tessdata_dir, options_.tesseract_variables});
  return *slot;
}

PageRecognition Recognizer::recognize_file(const std::filesystem::path& file, int index) {
  const bool pdf = is_pdf(file);
  if (pdf) {
    if (auto layer = pdf_text_layer(file, index)) {
      PageRecognition out;
      out.model = kPdfTextLayerModel;
      out.result.text = std::move(layer->text);
      out.result.lines = std::move(layer->lines);
      out.result.width = layer->width;
      out.result.height = layer->height;
      out.result.confidence = 1.0;
      return out;
    }
  }
  // A PDF page without a text layer is rendered and read like a scan.
  double load = 0;
  PixPtr pix;
  {
    Charge c(load);
    pix = pdf ? render_pdf_page(file, index) : load_page_image(file, index);
  }
  auto out = recognize(pix.get());
  out.cost.load = load;
  return out;
}

void Recognizer::read_furniture_across(Pix* page, Recognition& vertical, StageCost& cost) {
  Charge charge(cost.furniture);
  // Pages set in columns still carry a horizontal running header and page number, which a
  // vertical read turns into stray columns ("荐五第才五"): read those bands across instead.
  // (The hOCR keeps Tesseract's own vertical read of the page.)
  const int header_bottom = static_cast<int>(vertical.height * kHeaderBand);
  const int footer_top = static_cast<int>(vertical.height * (1.0 - kFooterBand));
  std::erase_if(vertical.lines, [&](const TextLine& l) {
    return l.box.y1 <= header_bottom || l.box.y0 >= footer_top;
  });
  auto& across = engine(kFurnitureModel);
  // Only the ink in each band is read, not its specks.
  if (const auto region = text_region(page, 0, header_bottom)) {
    auto header = across.recognize_region(page, *region);
    std::erase_if(header, [&](const TextLine& l) { return l.confidence < options_.reroute_below; });
    vertical.lines.insert(vertical.lines.begin(), header.begin(), header.end());
  }
  if (const auto region = text_region(page, footer_top, vertical.height))
    for (auto& line : across.recognize_region(page, *region))
      if (line.confidence >= options_.reroute_below || looks_like_page_number(line.text))
        vertical.lines.push_back(std::move(line));
  assemble_text(vertical);
}

OrientationDetector& Recognizer::orientation() {
  if (!orientation_) orientation_ = std::make_unique<OrientationDetector>(options_.tessdata_dir);
  return *orientation_;
}

PageRecognition Recognizer::recognize(Pix* page) {
  PageFrame scanned;
  scanned.width = pixGetWidth(page);
  scanned.height = pixGetHeight(page);
  PageRecognition out = read_in_frame(page, scanned);
  if (!options_.detect_orientation || out.result.confidence >= options_.reroute_below) return out;
  // A doubtful read: perhaps the page was scanned turned.
  double osd = 0;
  int turns = 0;
  {
    Charge c(osd);
    turns = orientation().upright_turns(page, options_.orientation_confidence);
  }
  out.cost.orientation = osd;
  if (turns == 0) return out;
  PixPtr upright(pixRotateOrth(page, turns));
  if (!upright) throw InvalidInput("image clean-up failed at turning the page upright");
  PageFrame turned = scanned;
  turned.turns = turns;
  PageRecognition again = read_in_frame(upright.get(), turned);
  if (again.result.confidence <= out.result.confidence) return out;
  again.turns = turns;
  again.cost.orientation = osd;
  again.cost.load += out.cost.load;
  again.cost.cleanup += out.cost.cleanup;
  again.cost.layout += out.cost.layout;
  again.cost.read += out.cost.read;
  again.cost.reads += out.cost.reads;
  return again;
}

PageRecognition Recognizer::read_in_frame(Pix* image, PageFrame frame) {
  PageRecognition out = recognize_cleaned(image, frame);
  to_page_coordinates(out.result, frame);
  return out;
}

PageRecognition Recognizer::recognize_cleaned(Pix* image, PageFrame& frame) {
  PageRecognition out;
  PixPtr clean;
  {
    Charge c(out.cost.cleanup);
    clean = clean_page(image, options_.cleanup, &out.cleanup);
  }
  frame.scale = 1.0 / out.cleanup.scale;
  // Every read writes its hOCR in the scanned page's pixels.
  auto on_page = [&](ReadLayout layout) {
    layout.page = frame;
    return layout;
  };
  if (!options_.languages.empty()) {
    out.model = options_.languages;
    Engine& reader = engine(out.model);
    ReadLayout layout;
    if (options_.split_columns && out.model.find("_vert") == std::string::npos) {
      Charge c(out.cost.layout);
      layout = read_layout(column_layout(clean.get()), options_.single_blocks);
    }
    Charge c(out.cost.read);
    out.result = reader.recognize(clean.get(), on_page(layout));
    out.regions = static_cast<int>(layout.regions.size());
    out.single_block = layout.single_block;
    ++out.cost.reads;
    return out;
  }
  double vertical_share = 0;
  {
    Charge c(out.cost.layout);
    vertical_share = vertical_text_share(clean.get());
  }
  out.vertical_share = vertical_share;
  // Horizontal models read a page in columns column by column, and a page of one column as
  // one block (the layout is found once, on first use).
  std::optional<ReadLayout> horizontal_layout;
  auto layout_for = [&](const std::string& model) -> ReadLayout {
    if (!options_.split_columns || model.find("_vert") != std::string::npos) return on_page({});
    if (!horizontal_layout) {
      Charge c(out.cost.layout);
      horizontal_layout = read_layout(column_layout(clean.get()), options_.single_blocks);
    }
    return on_page(*horizontal_layout);
  };
  const int height = pixGetHeight(clean.get());
  const int probe_top = static_cast<int>(height * kProbeBand.first);
  const int probe_bottom = static_cast<int>(height * kProbeBand.second);
  for (const auto& model : routing_order(vertical_share, options_)) {
    Engine& reader = engine(model);  // loaded on first use, outside the page's stage costs
    // Another model reads a band of the body first, and the whole page only if it reads that
    // band clearly better: a full read per model tried is what made routing slow.
    if (!out.model.empty()) {
      double probe = 0;
      {
        Charge c(out.cost.probe);
        ++out.cost.probes;
        probe = mean_confidence(reader.recognize_band(clean.get(), probe_top, probe_bottom));
      }
      if (probe <=
          band_confidence(out.result.lines, probe_top, probe_bottom) + options_.switch_margin)
        continue;
    }
    Recognition attempt;
    const auto layout = layout_for(model);
    {
      Charge c(out.cost.read);
      ++out.cost.reads;
      attempt = reader.recognize(clean.get(), layout);
    }
    if (model.find("_vert") != std::string::npos)
      read_furniture_across(clean.get(), attempt, out.cost);
    if (out.model.empty() || attempt.confidence > out.result.confidence + options_.switch_margin) {
      out.result = std::move(attempt);
      out.model = model;
      out.regions = static_cast<int>(layout.regions.size());
      out.single_block = layout.single_block;
    }
    if (out.result.confidence >= options_.reroute_below) break;
  }
  return out;
}

}  // namespace gazette::ocr
