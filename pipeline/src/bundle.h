#pragma once
// Unpacking bundles with libarchive into a staging folder, refusing entries that would
// escape it. Errors: InvalidInput.
#include <filesystem>

namespace gazette::pipeline {

bool is_bundle(const std::filesystem::path& file);

// Extracts regular files of `bundle` under `dest` (created), keeping entry names as paths.
void extract_bundle(const std::filesystem::path& bundle, const std::filesystem::path& dest);

}  // namespace gazette::pipeline
