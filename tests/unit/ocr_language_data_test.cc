// The language data named in each ocr event: found where Tesseract looks, named by content.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "gazette/ocr/language_data.h"
#include "gazette/sha256.h"

namespace {
namespace fs = std::filesystem;

std::string entry(const fs::path& file) {
  return file.filename().string() + " sha256:" + gazette::sha256_file(file).substr(0, 12);
}

TEST(LanguageData, NamesEachLanguageOfAModelByItsContent) {
  const fs::path dir = gazette::ocr::tessdata_dir();
  ASSERT_TRUE(fs::exists(dir / "chi_sim.traineddata")) << dir;
  const struct {
    const char* languages;
    std::string expected;
  } rows[] = {
      {"chi_sim", entry(dir / "chi_sim.traineddata")},
      {"chi_tra_vert", entry(dir / "chi_tra_vert.traineddata")},
      {"chi_sim+eng", entry(dir / "chi_sim.traineddata") + ", " + entry(dir / "eng.traineddata")},
      {"chi_sim++", entry(dir / "chi_sim.traineddata")},
      {"klingon", "klingon.traineddata not found in " + dir.string()},
  };
  for (const auto& row : rows)
    EXPECT_EQ(gazette::ocr::language_data_version(row.languages), row.expected) << row.languages;
}

TEST(LanguageData, TessdataPrefixWinsAsForTesseract) {
  const fs::path dir =
      fs::temp_directory_path() / ("gazette-tessdata-" + std::to_string(::getpid()));
  fs::create_directories(dir / "tessdata");
  std::ofstream(dir / "tessdata" / "chi_sim.traineddata") << "not really a model";
  // The prefix may name the folder itself or its parent.
  for (const fs::path& prefix : {dir / "tessdata", dir}) {
    ::setenv("TESSDATA_PREFIX", prefix.c_str(), 1);
    EXPECT_EQ(gazette::ocr::tessdata_dir(), dir / "tessdata") << prefix;
    EXPECT_EQ(
        gazette::ocr::language_data_version("chi_sim"),
        "chi_sim.traineddata sha256:" + gazette::sha256_hex("not really a model").substr(0, 12))
        << prefix;
  }
  ::unsetenv("TESSDATA_PREFIX");
  fs::remove_all(dir);
}

}  // namespace
