#pragma once
// SHA-256 of files and buffers, as lowercase hex.
#include <filesystem>
#include <string>
#include <string_view>

namespace gazette {

std::string sha256_hex(std::string_view data);
// Throws IoError if the file cannot be read.
std::string sha256_file(const std::filesystem::path& path);

}  // namespace gazette
