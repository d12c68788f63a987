#pragma once
// Normalisation of recognised Chinese text: the spaces Tesseract puts between CJK characters
// are dropped, ASCII punctuation in CJK context becomes full-width, and 文号 brackets become
// 〔〕. Latin and number runs are left alone.
#include <string>
#include <string_view>
#include <vector>

namespace gazette::ocr {

std::string normalize_cjk_line(std::string_view line);

}  // namespace gazette::ocr
