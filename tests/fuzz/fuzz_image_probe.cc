// The image loader's front (probe_image, image_page_count, is_image_file): header checks
// before any decoding. Anything it cannot read must be InvalidInput, nothing else.
#include "fuzz_util.h"
#include "gazette/error.h"
#include "gazette/ocr/image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The extension picks the reader only as a hint; try the content under a neutral name and
  // under the names scanners use.
  static const char* const kNames[] = {"page.png", "page.tif", "page.jpg", "page.pnm", "page.jp2"};
  const char* name = kNames[size % (sizeof kNames / sizeof kNames[0])];
  const auto file = fuzz::write_input(data, size, name);
  try {
    const auto info = gazette::ocr::probe_image(file);
    if (info.width <= 0 || info.height <= 0 ||
        static_cast<long long>(info.width) * info.height > gazette::ocr::kMaxPixels)
      __builtin_trap();  // the probe let through what it promises to refuse
    gazette::ocr::image_page_count(file);
  } catch (const gazette::InvalidInput&) {
  }
  return 0;
}
