#pragma once
// Minimal UTF-8 helpers. Invalid bytes decode to U+FFFD so that OCR garbage never throws.
#include <string>
#include <string_view>
#include <vector>

namespace gazette::utf8 {

std::u32string decode(std::string_view s);
std::string encode(std::u32string_view s);
void append(std::string& out, char32_t cp);

// Han ideographs (CJK unified, extension A, compatibility).
bool is_han(char32_t c);
// Han ideographs, CJK/full-width punctuation, kana: text where no spaces belong.
bool is_cjk(char32_t c);
bool is_space(char32_t c);
// Full-width forms of ASCII (U+FF01..U+FF5E) to ASCII; U+3000 to space.
char32_t to_halfwidth(char32_t c);

// `s` without leading and trailing white space (ASCII and ideographic).
std::string trim(std::string_view s);

// 2·LCS / (|a| + |b|) over code points: 1 for equal strings, 0 for nothing in common.
double similarity(std::string_view a, std::string_view b);

// A code point with the byte offset where it starts in the source text.
struct IndexedCodePoint {
  char32_t c;
  std::size_t offset;
};
// Decodes with offsets, folding full-width forms to ASCII; ends with a sentinel {0, size}.
std::vector<IndexedCodePoint> decode_indexed_halfwidth(std::string_view s);

}  // namespace gazette::utf8
