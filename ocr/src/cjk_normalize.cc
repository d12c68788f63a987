#include "gazette/ocr/cjk_normalize.h"

#include "gazette/utf8.h"

namespace gazette::ocr {
namespace {

using utf8::is_cjk;
using utf8::is_han;

bool is_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
bool is_blank(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\u00A0';
}

bool is_number_open(char32_t c) {
  return c == U'[' || c == U'(' || c == U'【' || c == U'［' || c == U'（' || c == U'〔' ||
         c == U'{';
}
bool is_number_close(char32_t c) {
  return c == U']' || c == U')' || c == U'】' || c == U'］' || c == U'）' || c == U'〕' ||
         c == U'}';
}

// [2014] after an issuer code is a 文号 year whatever brackets print or OCR gave it. OCR may
// put blanks between the issuer, the brackets and the year (浙政办发 [ 2014 ] 36 号); the
// blanks touching the new 〔〕 are dropped afterwards like any blank beside CJK.
void fix_number_brackets(std::u32string& s) {
  auto skip_blanks = [&](std::size_t k) {
    while (k < s.size() && is_blank(s[k])) ++k;
    return k;
  };
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (!is_number_open(s[i])) continue;
    std::size_t before = i;
    while (before > 0 && is_blank(s[before - 1])) --before;
    if (before == 0 || !is_han(s[before - 1])) continue;
    const std::size_t first = skip_blanks(i + 1);
    std::size_t k = first;
    while (k < s.size() && k - first < 4 && is_digit(utf8::to_halfwidth(s[k]))) ++k;
    if (k - first != 4) continue;
    const std::size_t close = skip_blanks(k);
    if (close < s.size() && is_number_close(s[close])) {
      s[i] = U'〔';
      s[close] = U'〕';
      i = close;
    }
  }
}

// Dots of a table of contents' leader line (……… 2) as OCR reads them.
bool is_leader_dot(char32_t c) {
  return c == U'.' || c == U'。' || c == U'…' || c == U'·' || c == U'．' || c == U'‥' ||
         c == U'・' || c == U'⋯';
}
// What else OCR makes of a leader's dots and the gaps between them.
bool is_leader_noise(char32_t c) {
  return is_blank(c) || c == U'、' || c == U'，' || c == U',' || c == U'：' || c == U':' ||
         c == U'；' || c == U';' || c == U'-' || c == U'_' || c == U'`' || c == U'\'' ||
         c == U'‘' || c == U'’';
}

// A leader (a run of dots, however OCR read them, that reaches the end of the line or the page
// number printed there) is no text: it becomes one blank before the page number. A run needs
// at least three dots among four or more characters, so that an ellipsis (……) or a full stop
// stays.
void drop_leader(std::u32string& s) {
  std::size_t end = s.size();
  while (end > 0 && (is_digit(utf8::to_halfwidth(s[end - 1])) || is_blank(s[end - 1]))) --end;
  std::size_t start = end;
  int dots = 0;
  while (start > 0 && (is_leader_dot(s[start - 1]) || is_leader_noise(s[start - 1]))) {
    --start;
    if (is_leader_dot(s[start])) ++dots;
  }
  while (start < end && !is_leader_dot(s[start])) ++start;  // keep what stands before the dots
  if (start == 0 || dots < 3 || end - start < 4) return;
  std::u32string tail = s.substr(end);
  while (!tail.empty() && is_blank(tail.front())) tail.erase(tail.begin());
  s.erase(start);
  if (!tail.empty()) s += U' ' + tail;
}

char32_t full_width_of(char32_t c, bool opening_quote) {
  switch (c) {
    case U',':
      return U'，';
    case U':':
      return U'：';
    case U';':
      return U'；';
    case U'(':
      return U'（';
    case U')':
      return U'）';
    case U'?':
      return U'？';
    case U'!':
      return U'！';
    case U'.':
      return U'。';
    case U'"':
      return opening_quote ? U'“' : U'”';
    default:
      return c;
  }
}

}  // namespace

std::string normalize_cjk_line(std::string_view line) {
  std::u32string s = utf8::decode(line);
  drop_leader(s);
  fix_number_brackets(s);

  // Drop blanks that touch CJK on either side.
  std::u32string packed;
  packed.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_blank(s[i])) {
      std::size_t j = i;
      while (j < s.size() && is_blank(s[j])) ++j;
      const bool left_cjk = !packed.empty() && is_cjk(packed.back());
      const bool right_cjk = j < s.size() && is_cjk(s[j]);
      const bool edge = packed.empty() || j == s.size();
      if (!left_cjk && !right_cjk && !edge) packed.push_back(U' ');
      i = j - 1;
      continue;
    }
    packed.push_back(s[i]);
  }

  // ASCII punctuation beside Han becomes full-width; "2014.3" and "a, b" stay.
  bool quote_open = false;
  for (std::size_t i = 0; i < packed.size(); ++i) {
    const char32_t c = packed[i];
    if (c != U',' && c != U':' && c != U';' && c != U'(' && c != U')' && c != U'?' && c != U'!' &&
        c != U'.' && c != U'"')
      continue;
    const bool left_han = i > 0 && is_cjk(packed[i - 1]);
    const bool right_han = i + 1 < packed.size() && is_cjk(packed[i + 1]);
    bool convert = left_han || right_han;
    if (c == U'.') convert = left_han && (i + 1 == packed.size() || !is_digit(packed[i + 1]));
    if (c == U'(') convert = right_han || left_han;
    if (!convert) continue;
    if (c == U'"') quote_open = !quote_open;
    packed[i] = full_width_of(c, quote_open);
  }
  return utf8::encode(packed);
}

}  // namespace gazette::ocr
