#include "gazette/ocr/cleanup.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cmath>

#include "gazette/error.h"

namespace gazette::ocr {
namespace {

// pixBackgroundNormSimple maps the paper to grey 200; these end points map it to white and
// the darkest ink to black.
constexpr l_int32 kNormalisedPaper = 190;
constexpr l_int32 kInkLevel = 30;
// Despeckling: the largest speck at 300 dpi (pixels, both ways) and the grey level below
// which a pixel counts (faint specks on old paper too). Measured on bench/ocr.
constexpr int kSpeckSize300 = 8;
constexpr l_int32 kSpeckInk = 200;

PixPtr checked(Pix* p, const char* step) {
  if (p == nullptr) throw InvalidInput(std::string("image clean-up failed at ") + step);
  return PixPtr(p);
}

PixPtr to_grey(Pix* page, bool drop_red) {
  const bool colour = pixGetDepth(page) == 32 || pixGetColormap(page) != nullptr;
  if (colour && drop_red) {
    // For colour scans take the brightest channel: black ink stays dark while red seals and
    // yellowed paper turn light, so a seal over a signature no longer garbles it.
    PixPtr rgb = checked(pixConvertTo32(page), "colour conversion");
    return checked(pixConvertRGBToGrayMinMax(rgb.get(), L_CHOOSE_MAX), "grey conversion");
  }
  return checked(pixConvertTo8(page, 0), "grey conversion");
}

}  // namespace

PixPtr clean_page(Pix* page, const CleanupOptions& options, CleanupReport* report) {
  CleanupReport local;
  CleanupReport& r = report ? *report : local;
  PixPtr grey = to_grey(page, options.drop_red);
  pixCopyResolution(grey.get(), page);

  const int dpi = pixGetXRes(page);
  if (options.upscale_low_dpi && dpi > 0 && dpi < options.target_dpi * 5 / 6) {
    r.scale = static_cast<double>(options.target_dpi) / dpi;
    grey = checked(
        pixScaleGrayLI(grey.get(), static_cast<float>(r.scale), static_cast<float>(r.scale)),
        "upscaling");
    pixSetResolution(grey.get(), options.target_dpi, options.target_dpi);
  }
  if (options.max_dpi > 0 && dpi > options.max_dpi * 21 / 20) {
    r.scale = static_cast<double>(options.max_dpi) / dpi;
    grey = checked(
        pixScaleAreaMap(grey.get(), static_cast<float>(r.scale), static_cast<float>(r.scale)),
        "downscaling");
    pixSetResolution(grey.get(), options.max_dpi, options.max_dpi);
  }
  if (pixGetXRes(grey.get()) <= 0)
    pixSetResolution(grey.get(), options.target_dpi, options.target_dpi);

  if (options.normalize_background) {
    PixPtr flat(pixBackgroundNormSimple(grey.get(), nullptr, nullptr));
    if (flat) {  // a blank page has no background to model
      // The normalised background sits at grey 200; stretch it back to white, or the
      // binarisation inside Tesseract turns paper texture into thousands of specks
      // (measured: a scanned page went from 8.6% to 180% CER and from 4 s to 70 s).
      pixGammaTRC(flat.get(), flat.get(), 1.0f, kInkLevel, kNormalisedPaper);
      grey = std::move(flat);
    }
  }
  if (options.deskew) {
    l_float32 angle = 0, conf = 0;
    PixPtr straight(pixFindSkewAndDeskew(grey.get(), 2, &angle, &conf));
    if (straight) {
      r.skew_degrees = angle;
      grey = std::move(straight);
    }
  }
  if (options.remove_borders) {
    // Dark regions connected to the image edge are scanner margins, never text.
    PixPtr bin = checked(pixConvertTo1(grey.get(), 128), "border mask");
    PixPtr border = checked(pixExtractBorderConnComps(bin.get(), 8), "border components");
    // Only large border components (a margin, not a character cut by the crop) are erased.
    l_int32 w = 0, h = 0;
    pixGetDimensions(border.get(), &w, &h, nullptr);
    PixPtr big = checked(
        pixSelectBySize(border.get(), w / 8, h / 8, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GT, nullptr),
        "border size");
    PixPtr grown = checked(pixDilateBrick(nullptr, big.get(), 5, 5), "border dilation");
    pixSetMasked(grey.get(), grown.get(), 255);
  }
  if (options.despeckle) {
    // Specks are small components of anything darker than light paper; a dot beside a
    // character (a decimal point, the dot of 、) is kept.
    const int res = pixGetXRes(grey.get()) > 0 ? pixGetXRes(grey.get()) : options.target_dpi;
    const int speck = std::max(2, (res * kSpeckSize300 + 150) / 300);
    PixPtr bin = checked(pixConvertTo1(grey.get(), kSpeckInk), "speckle mask");
    PixPtr specks = checked(
        pixSelectBySize(bin.get(), speck, speck, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LTE, nullptr),
        "speckles");
    PixPtr text = checked(
        pixSelectBySize(bin.get(), speck, speck, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GT, nullptr),
        "speckle text");
    // Within two speck sizes of a character: the dots of 氵 and of ：；.
    PixPtr near = checked(pixDilateBrick(nullptr, text.get(), 2 * speck + 1, 2 * speck + 1),
                          "speckle margin");
    pixSubtract(specks.get(), specks.get(), near.get());
    pixSetMasked(grey.get(), specks.get(), 255);
  }
  if (options.binarize) {
    Pix* out = nullptr;
    if (pixSauvolaBinarizeTiled(grey.get(), 25, 0.35f, 1, 1, nullptr, &out) != 0 || out == nullptr)
      throw InvalidInput("image clean-up failed at binarisation");
    PixPtr bin(out);
    pixCopyResolution(bin.get(), grey.get());
    return bin;
  }
  return grey;
}

}  // namespace gazette::ocr
