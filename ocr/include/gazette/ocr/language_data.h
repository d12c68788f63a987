#pragma once
// Which language data (Tesseract traineddata) read a page, for the event log. Debian's
// traineddata files carry no version of their own that the public API exposes, so a file is
// named by its content: its SHA-256, as for kept originals. Never throws: data that cannot be
// found or read is reported as such in the returned text.
#include <filesystem>
#include <string>
#include <string_view>

namespace gazette::ocr {

// Where Tesseract finds its language data when no folder is given: $TESSDATA_PREFIX (the
// folder itself, or its parent holding tessdata/), else the folder found at build time.
std::filesystem::path tessdata_dir();

// "chi_sim.traineddata sha256:1a2b3c4d5e6f" for each language of `languages` ("chi_sim+eng":
// one entry each, comma-separated); "chi_sim.traineddata not found" when absent. Each file is
// hashed once per process.
std::string language_data_version(std::string_view languages);

}  // namespace gazette::ocr
