#include "gazette/dates.h"

#include <chrono>
#include <cstdio>

#include "gazette/utf8.h"

namespace gazette {
namespace {

using Cp = utf8::IndexedCodePoint;

int chinese_digit(char32_t c) {
  switch (c) {
    // OCR reads 〇 as a Latin O or an Arabic 0 (二0一四). An Arabic number is still read as
    // Arabic: read_year decides by its first digit.
    case U'〇':
    case U'○':
    case U'零':
    case U'O':
    case U'Ｏ':
    case U'o':
    case U'0':
    case U'@':  // OCR: 二@一四
    case U'C':  // OCR: 二C一四
    case U'Q':
      return 0;
    case U'一':
      return 1;
    case U'二':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
    case U'力':  // OCR: 一力五三 for 一九五三
      return 9;
    default:
      return -1;
  }
}
int ascii_digit(char32_t c) {
  return c >= U'0' && c <= U'9' ? static_cast<int>(c - U'0') : -1;
}
bool is_dash(char32_t c) {
  return c == U'-' || c == U'—' || c == U'－' || c == U'_';
}
bool is_gap(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\u00A0';
}

std::size_t skip_gaps(const std::vector<Cp>& cps, std::size_t i) {
  while (i + 1 < cps.size() && is_gap(cps[i].c)) ++i;
  return i;
}

// Year: four Arabic digits, or four Chinese digits (二〇一四).
std::optional<int> read_year(const std::vector<Cp>& cps, std::size_t& i) {
  int value = 0, count = 0;
  const bool chinese = chinese_digit(cps[i].c) >= 0 && ascii_digit(cps[i].c) < 0;
  std::size_t j = i;
  int dash_at = -1;  // digits read before a dash inside a year in Chinese numerals
  while (j + 1 < cps.size() && count < 4) {
    const int d = chinese ? chinese_digit(cps[j].c) : ascii_digit(cps[j].c);
    if (d >= 0) {
      value = value * 10 + d, ++count, ++j;
    } else if ((is_gap(cps[j].c) || (chinese && cps[j].c == U'-')) && count > 0) {
      if (cps[j].c == U'-') dash_at = count;
      ++j;  // OCR puts a stray space or dash between the digits of 二〇一四
    } else {
      break;
    }
  }
  // …or reads 一 itself as a dash (二〇-四): three digits and a dash before 年 make four.
  if (chinese && count == 3 && dash_at > 0 && cps[skip_gaps(cps, j)].c == U'年') {
    std::string digits = std::to_string(value);
    while (static_cast<int>(digits.size()) < 3) digits.insert(digits.begin(), '0');
    digits.insert(static_cast<std::size_t>(dash_at), "1");
    value = std::stoi(digits);
    count = 4;
  }
  // OCR doubles zeros of a year in Chinese numerals (二〇一O〇 for 二〇一〇, 二@〇一四 for
  // 二〇一四, 二O〇一C〇 for 二〇一〇): of five or six digits before 年, one of each pair of
  // adjacent zeros is dropped.
  if (chinese && count == 4) {
    std::string digits = std::to_string(value);
    std::size_t k = j;
    while (k + 1 < cps.size() && digits.size() < 6 && chinese_digit(cps[k].c) >= 0)
      digits += static_cast<char>('0' + chinese_digit(cps[k++].c));
    if (digits.size() > 4 && cps[skip_gaps(cps, k)].c == U'年') {
      while (digits.size() > 4) {
        const auto pair = digits.find("00");
        if (pair == std::string::npos) return std::nullopt;
        digits.erase(pair, 1);
      }
      value = std::stoi(digits);
      j = k;
    }
  }
  if (count != 4) return std::nullopt;
  i = j;
  return value;
}

// An Arabic digit of a month or day; OCR reads 1 as ] l I | ! i (3] for 31, ]日 for 1日),
// which count as 1 next to a digit or before 月/日, and 0 as O o D Q, which counts as 0 only
// as the second digit, before 月/日 (ID月 for 10月, 2O日 for 20日).
bool ends_small(const std::vector<Cp>& cps, std::size_t k) {
  return k < cps.size() && (cps[k].c == U'月' || cps[k].c == U'日');
}
bool one_like(char32_t c) {
  static constexpr std::u32string_view kOnes = U"]lI|!i";
  return kOnes.find(c) != std::u32string_view::npos;
}
bool zero_like(const std::vector<Cp>& cps, std::size_t j) {
  static constexpr std::u32string_view kZeros = U"OoDQ";
  return kZeros.find(cps[j].c) != std::u32string_view::npos && j > 0 &&
         (ascii_digit(cps[j - 1].c) >= 0 || one_like(cps[j - 1].c)) && ends_small(cps, j + 1);
}
int small_digit(const std::vector<Cp>& cps, std::size_t j) {
  if (const int d = ascii_digit(cps[j].c); d >= 0) return d;
  if (zero_like(cps, j)) return 0;
  if (!one_like(cps[j].c)) return -1;
  const bool after_digit = j > 0 && ascii_digit(cps[j - 1].c) >= 0;
  const bool before_digit =
      j + 1 < cps.size() && (ascii_digit(cps[j + 1].c) >= 0 || zero_like(cps, j + 1));
  return after_digit || before_digit || ends_small(cps, j + 1) ? 1 : -1;
}

// Month or day: one or two Arabic digits, or Chinese numerals up to 三十一 (十, 十二, 二十三).
std::optional<int> read_small(const std::vector<Cp>& cps, std::size_t& i) {
  std::size_t j = i;
  if (small_digit(cps, j) >= 0) {
    int value = 0, count = 0;
    while (j + 1 < cps.size() && small_digit(cps, j) >= 0 && count < 2) {
      value = value * 10 + small_digit(cps, j), ++count, ++j;
    }
    // A third digit-like mark before 月/日 is a speck (11]月): no month or day has three.
    if (count == 2 && one_like(cps[j].c) && ends_small(cps, j + 1)) ++j;
    // So is a 1-like mark between two digits before 月/日 (3]1日): the digits are the number.
    else if (count == 2 && one_like(cps[j - 1].c) && ascii_digit(cps[j - 2].c) >= 0 &&
             ascii_digit(cps[j].c) >= 0 && ends_small(cps, j + 1))
      value = ascii_digit(cps[j - 2].c) * 10 + ascii_digit(cps[j].c), ++j;
    i = j;
    return value;
  }
  int value = 0;
  bool seen = false;
  if (chinese_digit(cps[j].c) > 0 && cps[j + 1].c == U'十') {
    value = chinese_digit(cps[j].c) * 10, j += 2, seen = true;
  } else if (cps[j].c == U'十') {
    value = 10, ++j, seen = true;
  }
  if (chinese_digit(cps[j].c) > 0) {
    value += chinese_digit(cps[j].c), ++j, seen = true;
  } else if (!seen && is_dash(cps[j].c) && ends_small(cps, j + 1)) {
    value = 1, ++j, seen = true;  // OCR reads 一 as a dash: 三月-日
  }
  if (!seen) return std::nullopt;
  i = j;
  return value;
}

std::optional<DateMatch> try_date(const std::vector<Cp>& cps, std::size_t start) {
  std::size_t i = start;
  const auto year = read_year(cps, i);
  if (!year) return std::nullopt;
  i = skip_gaps(cps, i);
  const char32_t sep = cps[i].c;
  const bool cjk_form = sep == U'年';
  if (!cjk_form && sep != U'-' && sep != U'.' && sep != U'/') return std::nullopt;
  i = skip_gaps(cps, i + 1);
  const auto month = read_small(cps, i);
  if (!month) return std::nullopt;
  i = skip_gaps(cps, i);
  if (cps[i].c != (cjk_form ? U'月' : sep)) return std::nullopt;
  i = skip_gaps(cps, i + 1);
  const auto day = read_small(cps, i);
  if (!day) return std::nullopt;
  if (cjk_form) {
    i = skip_gaps(cps, i);
    // OCR reads 日 as a look-alike (曰 目 晶 白 口), as 6 or 8 when it ends the text, or loses
    // it at the end of the text (a signature line "2020年4月15").
    static constexpr std::u32string_view kDayLike = U"日号曰目晶白口";
    const bool at_end = i + 1 >= cps.size();
    const bool last = i + 2 == cps.size();
    if (kDayLike.find(cps[i].c) != std::u32string_view::npos ||
        (last && (cps[i].c == U'6' || cps[i].c == U'8'))) {
      ++i;
    } else if (!at_end) {
      return std::nullopt;
    }
  }
  if (!is_valid_date(*year, *month, *day)) return std::nullopt;
  return DateMatch{iso_date(*year, *month, *day), cps[start].offset, cps[i].offset};
}

std::chrono::year_month_day ymd_of(std::string_view iso) {
  int y = 0, m = 0, d = 0;
  std::sscanf(std::string(iso).c_str(), "%d-%d-%d", &y, &m, &d);
  return std::chrono::year_month_day{std::chrono::year{y},
                                     std::chrono::month{static_cast<unsigned>(m)},
                                     std::chrono::day{static_cast<unsigned>(d)}};
}

std::string iso_of(std::chrono::year_month_day ymd) {
  return iso_date(static_cast<int>(ymd.year()),
                  static_cast<int>(static_cast<unsigned>(ymd.month())),
                  static_cast<int>(static_cast<unsigned>(ymd.day())));
}

}  // namespace

bool is_valid_date(int year, int month, int day) {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return std::chrono::year_month_day{std::chrono::year{year},
                                     std::chrono::month{static_cast<unsigned>(month)},
                                     std::chrono::day{static_cast<unsigned>(day)}}
      .ok();
}

std::string iso_date(int year, int month, int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::vector<DateMatch> find_dates(std::string_view text) {
  const auto cps = utf8::decode_indexed_halfwidth(text);
  std::vector<DateMatch> found;
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
    const bool can_start = ascii_digit(cps[i].c) >= 0 || chinese_digit(cps[i].c) >= 0;
    // A year must not be the tail of a longer number.
    if (!can_start || (i > 0 && (ascii_digit(cps[i - 1].c) >= 0))) continue;
    if (auto m = try_date(cps, i)) {
      found.push_back(*m);
      while (i + 1 < cps.size() && cps[i + 1].offset < m->end) ++i;
    }
  }
  return found;
}

std::optional<std::string> parse_date(std::string_view text) {
  const std::string t = utf8::trim(text);
  const auto found = find_dates(t);
  if (found.size() != 1 || found[0].begin != 0 || found[0].end != t.size()) return std::nullopt;
  return found[0].iso;
}

std::string add_years(std::string_view iso, int years) {
  auto ymd = ymd_of(iso);
  ymd += std::chrono::years{years};
  if (!ymd.ok()) ymd = ymd.year() / ymd.month() / std::chrono::last;
  return iso_of(ymd);
}

std::string add_days(std::string_view iso, int days) {
  const std::chrono::sys_days d{ymd_of(iso)};
  return iso_of(std::chrono::year_month_day{d + std::chrono::days{days}});
}

std::string today_iso() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return iso_of(std::chrono::year_month_day{now});
}

}  // namespace gazette
