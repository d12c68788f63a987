#include "gazette/ocr/language_data.h"

#include <cstdlib>
#include <map>
#include <mutex>

#include "gazette/error.h"
#include "gazette/sha256.h"

namespace gazette::ocr {
namespace fs = std::filesystem;

fs::path tessdata_dir() {
  if (const char* prefix = std::getenv("TESSDATA_PREFIX"); prefix && *prefix) {
    const fs::path p(prefix);
    if (fs::exists(p / "tessdata") && !fs::exists(p / "eng.traineddata")) return p / "tessdata";
    return p;
  }
  return GAZETTE_TESSDATA_DEFAULT;
}

std::string language_data_version(std::string_view languages) {
  static std::mutex mutex;
  static std::map<fs::path, std::string> hashed;  // file → its entry
  const fs::path dir = tessdata_dir();
  std::string out;
  for (std::size_t start = 0; start <= languages.size();) {
    const auto plus = std::min(languages.find('+', start), languages.size());
    const std::string lang(languages.substr(start, plus - start));
    start = plus + 1;
    if (lang.empty()) continue;
    const fs::path file = dir / (lang + ".traineddata");
    std::string entry;
    {
      std::lock_guard lock(mutex);
      auto& known = hashed[file];
      if (known.empty()) {
        try {
          known = file.filename().string() + " sha256:" + sha256_file(file).substr(0, 12);
        } catch (const IoError&) {
          known = file.filename().string() + " not found in " + dir.string();
        }
      }
      entry = known;
    }
    out += (out.empty() ? "" : ", ") + entry;
  }
  return out;
}

}  // namespace gazette::ocr
