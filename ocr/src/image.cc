#include "gazette/ocr/image.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <memory>
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

namespace {

bool is_tiff(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext == ".tif" || ext == ".tiff";
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

}  // namespace

int image_page_count(const std::filesystem::path& file) {
  if (!is_tiff(file)) return 1;
  std::unique_ptr<FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
  l_int32 n = 0;
  if (!f || tiffGetCount(f.get(), &n) != 0 || n < 1) return 1;  // probe_image reports the damage
  return n;
}

PixPtr load_page_image(const std::filesystem::path& file, int index) {
  probe_image(file);
  PixPtr pix(index > 0 ? pixReadTiff(file.c_str(), index) : pixRead(file.c_str()));
  if (!pix) throw InvalidInput("image could not be decoded (truncated or corrupt)");
  return pix;
}

}  // namespace gazette::ocr
