#include "gazette/ocr/image.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "gazette/error.h"

namespace gazette::ocr {

void PixDeleter::operator()(Pix* p) const {
  pixDestroy(&p);
}

bool is_image_file(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  static constexpr std::array<std::string_view, 11> kExt = {
      ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".jp2", ".j2k", ".pnm", ".pgm", ".pbm", ".ppm"};
  return std::find(kExt.begin(), kExt.end(), ext) != kExt.end();
}

ImageInfo probe_image(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw InvalidInput("cannot read file: " + ec.message());
  if (size == 0) throw InvalidInput("empty file (0 bytes)");
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
  if (pixReadHeader(file.c_str(), &format, &w, &h, &bps, &spp, &iscmap) != 0)
    throw InvalidInput("not a readable image (unknown format or damaged header)");
  if (w <= 0 || h <= 0) throw InvalidInput("image header gives no dimensions");
  if (static_cast<long long>(w) * h > kMaxPixels)
    throw InvalidInput("image too large: " + std::to_string(w) + "x" + std::to_string(h) +
                       " pixels (limit " + std::to_string(kMaxPixels / 1'000'000) + " megapixels)");
  return ImageInfo{w, h, bps * spp, 0};
}

PixPtr load_page_image(const std::filesystem::path& file) {
  probe_image(file);
  PixPtr pix(pixRead(file.c_str()));
  if (!pix) throw InvalidInput("image could not be decoded (truncated or corrupt)");
  // Grey conversion keeps the recogniser's input uniform whatever the scanner produced.
  // For colour scans take the brightest channel: black ink stays dark while red seals (印章)
  // and yellowed paper turn light, so a seal over a signature no longer garbles it.
  PixPtr rgb(pixGetDepth(pix.get()) == 32 || pixGetColormap(pix.get()) ? pixConvertTo32(pix.get())
                                                                       : nullptr);
  PixPtr grey(rgb ? pixConvertRGBToGrayMinMax(rgb.get(), L_CHOOSE_MAX)
                  : pixConvertTo8(pix.get(), 0));
  if (!grey) throw InvalidInput("image could not be converted to grey");
  const l_int32 xres = pixGetXRes(pix.get());
  pixSetResolution(grey.get(), xres > 0 ? xres : 300, xres > 0 ? pixGetYRes(pix.get()) : 300);
  return grey;
}

}  // namespace gazette::ocr
