#include "gazette/docnumber.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "gazette/utf8.h"

namespace gazette {
namespace {

using Cp = utf8::IndexedCodePoint;

bool is_open_bracket(char32_t c) {
  // 《 and 〈 are not 文号 brackets, but OCR reads （ as them.
  return c == U'[' || c == U'(' || c == U'【' || c == U'〔' || c == U'〈' || c == U'{' ||
         c == U'《' || c == U'〖' || c == U'「' || c == U'［' || c == U'〘';
}
bool is_close_bracket(char32_t c) {
  return c == U']' || c == U')' || c == U'】' || c == U'〕' || c == U'〉' || c == U'}' ||
         c == U'》' || c == U'〗' || c == U'」' || c == U'］' || c == U'〙';
}
bool is_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
// OCR and typesetting put stray spaces inside numbers; they carry no meaning.
bool is_gap(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\u00A0';
}

// Words that end a sentence fragment before an issuer code, e.g. 根据 in 根据浙政发〔…〕.
// Longer words come first so that 贯彻落实 is not taken for 贯彻.
constexpr std::u32string_view kLeadInWords[] = {
    U"贯彻落实", U"停止执行", U"根据", U"依据", U"依照", U"按照", U"参照", U"遵照",
    U"对照",     U"贯彻",     U"落实", U"执行", U"印发", U"转发", U"公布", U"发布",
    U"颁布",     U"废止",     U"修改", U"关于", U"以及", U"原"};
// Single characters that do the same (connectives, prepositions).
bool is_lead_in(char32_t c) {
  static constexpr std::u32string_view kLeadIns =
      U"将据照按的和及与或是在经对以即为现根于把由从见附印转同并";
  return kLeadIns.find(c) != std::u32string_view::npos;
}

// Length of the lead-in at the start of `s`, 0 if none.
std::size_t lead_in_at(std::u32string_view s) {
  for (const auto word : kLeadInWords)
    if (s.starts_with(word)) return word.size();
  return !s.empty() && is_lead_in(s.front()) ? 1 : 0;
}

// Marks OCR scatters inside an issuer code (浙政办\发); they carry no meaning there.
bool is_stray_mark(char32_t c) {
  return c == U'\\' || c == U'/' || c == U'|' || c == U'\'' || c == U'`';
}

// 号, or 號 in traditional print.
bool is_hao(char32_t c) {
  return c == U'号' || c == U'號';
}

// A Chinese numeral digit (〇 一 … 九; OCR reads 〇 as ○ O or 0), else -1.
int chinese_digit(char32_t c) {
  static constexpr std::u32string_view kDigits = U"〇一二三四五六七八九";
  if (c == U'○' || c == U'零' || c == U'O') return 0;
  const auto d = kDigits.find(c);
  return d == std::u32string_view::npos ? -1 : static_cast<int>(d);
}

// Positional Chinese digits (一九五三), with interior gaps, as ASCII digits.
std::size_t read_chinese_digits(const std::vector<Cp>& cps, std::size_t i, std::string& digits,
                                std::size_t max_digits) {
  std::size_t j = i;
  while (j + 1 < cps.size() && digits.size() < max_digits) {
    if (const int d = chinese_digit(cps[j].c); d >= 0) {
      digits.push_back(static_cast<char>('0' + d));
      ++j;
    } else if (is_gap(cps[j].c) && !digits.empty()) {
      ++j;
    } else {
      break;
    }
  }
  return j;
}

// A count in Chinese numerals up to 九百九十九 (十一, 二十, 一百零五), as ASCII digits.
std::size_t read_chinese_count(const std::vector<Cp>& cps, std::size_t i, std::string& digits) {
  int value = 0, current = 0, positional = 0;
  bool any = false, units = false;
  std::size_t j = i;
  for (; j + 1 < cps.size(); ++j) {
    const char32_t c = cps[j].c;
    if (const int d = chinese_digit(c); d >= 0) {
      current = d;
      positional = positional * 10 + d;  // 一二 without 十 reads as 12
    } else if (c == U'十') {
      value += (current == 0 ? 1 : current) * 10;
      current = 0, units = true;
    } else if (c == U'百') {
      value += current * 100;
      current = 0, units = true;
    } else {
      break;
    }
    any = true;
    if (positional > 999) return i;
  }
  value = units ? value + current : positional;
  if (any && value > 0) digits = std::to_string(value);
  return j;
}

std::size_t skip_gaps(const std::vector<Cp>& cps, std::size_t i) {
  while (i + 1 < cps.size() && is_gap(cps[i].c)) ++i;
  return i;
}

// Reads digits with interior gaps; returns the index after them and the digits.
std::size_t read_digits(const std::vector<Cp>& cps, std::size_t i, std::string& digits,
                        std::size_t max_digits) {
  std::size_t j = i;
  while (j + 1 < cps.size()) {
    if (is_digit(cps[j].c) && digits.size() < max_digits) {
      digits.push_back(static_cast<char>(cps[j].c));
      ++j;
    } else if (is_gap(cps[j].c) && !digits.empty() && j + 1 < cps.size() &&
               is_digit(cps[j + 1].c)) {
      ++j;
    } else {
      break;
    }
  }
  return j;
}

// The issuer code before index `end` (exclusive): a run of Han ideographs, trimmed of lead-ins,
// never reaching back before index `floor` (the end of the previous number).
std::u32string issuer_before(const std::vector<Cp>& cps, std::size_t end, std::size_t max_len,
                             std::size_t floor, std::size_t* begin_index) {
  std::size_t b = end;
  while (b > floor && is_gap(cps[b - 1].c)) --b;
  const std::size_t stop = b;
  std::u32string prefix;
  // OCR puts a stray mark between two characters of a code (浙政办\发): it is dropped.
  while (b > floor && prefix.size() < max_len) {
    if (utf8::is_han(cps[b - 1].c)) {
      prefix.insert(prefix.begin(), cps[b - 1].c);
      --b;
    } else if (is_stray_mark(cps[b - 1].c) && !prefix.empty() && b - 1 > floor &&
               utf8::is_han(cps[b - 2].c)) {
      --b;
    } else {
      break;
    }
  }
  // An issuer code never holds 的 or a genre word (通知, 决定 …): OCR lost the real code, and
  // what stands before the bracket is the end of a title (…工作的通知人《2008) 28号).
  std::size_t cut = 0;
  for (const std::u32string_view word : {U"的", U"通知", U"决定", U"意见", U"办法", U"规定"})
    if (const auto p = prefix.rfind(word); p != std::u32string::npos)
      cut = std::max(cut, p + word.size());
  if (cut > 0 && prefix.size() - cut < 2) {
    *begin_index = stop;
    return {};
  }
  // Drop leading connectives (根据, 现将, 贯彻落实 …) but keep at least two characters.
  for (;;) {
    const std::size_t n = lead_in_at(std::u32string_view(prefix).substr(cut));
    if (n == 0 || prefix.size() - cut - n < 2) break;
    cut += n;
  }
  // The printed form begins at the first character kept (strays count as one character each
  // only when they stand inside the code, so walk forward over the cut characters).
  std::size_t k = b, kept = 0;
  while (k < stop && kept < cut) {
    if (utf8::is_han(cps[k].c)) ++kept;
    ++k;
  }
  while (k < stop && !utf8::is_han(cps[k].c)) ++k;
  *begin_index = k;
  return prefix.substr(cut);
}

// OCR misreads the province character of an issuer code (浙 as 淅 诸 新 计; 粤 as 甸 黑 奥; 政
// as 玫). Only readings that cannot be a real code are repaired: 新政发 is Xinjiang's and 黑政发
// Heilongjiang's, but no province writes 黑府办 or 新江省.
std::u32string repair_issuer(std::u32string code) {
  for (auto& c : code)
    if (c == U'玫') c = U'政';
  if (code.size() < 2) return code;
  static constexpr std::u32string_view kZhe = U"淅诸计闭久六渐沂源";
  static constexpr std::u32string_view kYue = U"甸黑四细奥粵學專";
  const char32_t next = code[1];
  if (kZhe.find(code[0]) != std::u32string_view::npos &&
      (next == U'政' || next == U'府' || next == U'江'))
    code[0] = U'浙';
  else if (code[0] == U'新' && code.starts_with(U"新江省"))
    code[0] = U'浙';
  else if (kYue.find(code[0]) != std::u32string_view::npos && next == U'府')
    code[0] = U'粤';
  return code;
}

std::string strip_zeros(const std::string& digits) {
  std::size_t k = 0;
  while (k + 1 < digits.size() && digits[k] == '0') ++k;
  return digits.substr(k);
}

// Tries a 文号 at cps[i] being the opening bracket, or with `bracket_lost` the year right
// after the issuer code, whose opening bracket OCR lost (浙府秘字一九五三〕第十二號): the
// closing bracket is then still required.
std::optional<NumberMatch> try_wenhao(const std::vector<Cp>& cps, std::size_t i, std::size_t floor,
                                      bool bracket_lost = false) {
  std::size_t prefix_begin = 0;
  const std::u32string prefix = issuer_before(cps, i, 8, floor, &prefix_begin);
  if (prefix.empty()) return std::nullopt;
  std::size_t j = bracket_lost ? i : skip_gaps(cps, i + 1);
  // OCR doubles brackets (浙政干【〔【2014]24号).
  while (is_open_bracket(cps[j].c)) j = skip_gaps(cps, j + 1);
  std::string year;
  // 1950s numbers print the year and serial in Chinese numerals (〔一九五三〕第十一號).
  const bool chinese = chinese_digit(cps[j].c) >= 0;
  if (chinese) {
    j = read_chinese_digits(cps, j, year, 4);
  } else {
    j = read_digits(cps, j, year, 4);
  }
  if (year.size() != 4 || (year[0] != '1' && year[0] != '2')) return std::nullopt;
  j = skip_gaps(cps, j);
  // OCR reads a closing bracket as j before the serial ([2016j130号).
  const bool j_for_bracket =
      !bracket_lost && (cps[j].c == U'j' || cps[j].c == U'J') && is_digit(cps[j + 1].c);
  if (!is_close_bracket(cps[j].c) && !j_for_bracket) return std::nullopt;
  j = skip_gaps(cps, j + 1);
  // 第 sometimes stands between the bracket and the serial (国发〔2014〕第5号); it is dropped.
  if (cps[j].c == U'第') j = skip_gaps(cps, j + 1);
  // OCR puts a stray Latin letter before the serial (〔1988〕j37号).
  if (j + 2 < cps.size() &&
      std::isalpha(static_cast<unsigned char>(cps[j].c < 128 ? cps[j].c : 0)) &&
      is_digit(cps[j + 1].c))
    ++j;
  std::string serial;
  if (chinese && !is_digit(cps[j].c)) {
    j = read_chinese_count(cps, j, serial);
  } else {
    j = read_digits(cps, j, serial, 6);
  }
  if (serial.empty()) return std::nullopt;
  j = skip_gaps(cps, j);
  if (is_close_bracket(cps[j].c)) j = skip_gaps(cps, j + 1);  // OCR: 31号 read as 3]号
  // OCR puts a dot between the serial and 号 (9.号).
  if ((cps[j].c == U'.' || cps[j].c == U'。' || cps[j].c == U',') && is_hao(cps[j + 1].c)) ++j;
  if (!is_hao(cps[j].c)) return std::nullopt;
  NumberMatch m;
  m.number = utf8::encode(repair_issuer(prefix)) + "〔" + year + "〕" + strip_zeros(serial) + "号";
  m.begin = cps[prefix_begin].offset;
  m.end = cps[j + 1].offset;
  return m;
}

// Tries a 令号 at cps[i] being 令: …令第N号.
std::optional<NumberMatch> try_order(const std::vector<Cp>& cps, std::size_t i, std::size_t floor) {
  std::size_t j = skip_gaps(cps, i + 1);
  if (cps[j].c != U'第') return std::nullopt;
  j = skip_gaps(cps, j + 1);
  std::string serial;
  j = read_digits(cps, j, serial, 6);
  if (serial.empty()) return std::nullopt;
  j = skip_gaps(cps, j);
  // OCR reads a trailing 1 as "1]" or "1)"; a bracket before 号 carries nothing.
  if (is_close_bracket(cps[j].c)) j = skip_gaps(cps, j + 1);
  if (!is_hao(cps[j].c)) return std::nullopt;
  std::size_t prefix_begin = 0;
  const std::u32string prefix = issuer_before(cps, i, 12, floor, &prefix_begin);
  if (prefix.size() < 2) return std::nullopt;
  NumberMatch m;
  m.number = utf8::encode(repair_issuer(prefix)) + "令第" + strip_zeros(serial) + "号";
  m.begin = cps[prefix_begin].offset;
  m.end = cps[j + 1].offset;
  return m;
}

}  // namespace

std::vector<NumberMatch> find_numbers(std::string_view text) {
  const auto cps = utf8::decode_indexed_halfwidth(text);
  std::vector<NumberMatch> found;
  // Index just after the previous match: an issuer code never starts inside it (the 号 of
  // 浙政发〔2014〕1号和浙政发〔2014〕2号 is not part of the second issuer).
  std::size_t floor = 0;
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
    std::optional<NumberMatch> m;
    if (is_open_bracket(cps[i].c)) {
      m = try_wenhao(cps, i, floor);
    } else if (cps[i].c == U'令') {
      m = try_order(cps, i, floor);
    } else if (i > 0 &&
               (cps[i].c == U'1' || cps[i].c == U'2' || cps[i].c == U'一' || cps[i].c == U'二')) {
      // A year straight after the character a 文号 code ends in (浙政发, 浙府秘字, 粤府,
      // 国函…): perhaps a lost opening bracket. Only those, as prose puts years after words.
      static constexpr std::u32string_view kCodeEnds = U"发字函办府规复";
      if (kCodeEnds.find(cps[i - 1].c) != std::u32string_view::npos)
        m = try_wenhao(cps, i, floor, /*bracket_lost=*/true);
    }
    if (!m) continue;
    // A match never overlaps the previous one.
    if (!found.empty() && m->begin < found.back().end) continue;
    found.push_back(*m);
    while (i + 1 < cps.size() && cps[i + 1].offset < m->end) ++i;
    floor = i + 1;
  }
  return found;
}

std::optional<std::string> normalize_number(std::string_view text) {
  const std::string t = utf8::trim(text);
  const auto found = find_numbers(t);
  if (found.size() != 1 || found[0].begin != 0 || found[0].end != t.size()) return std::nullopt;
  return found[0].number;
}

namespace {

struct Province {
  std::u32string_view name;
  char32_t abbreviation;
  std::u32string_view confusables;  // what OCR has read the abbreviation as
};

constexpr Province kProvinces[] = {
    {U"北京", U'京', U""},
    {U"天津", U'津', U""},
    {U"河北", U'冀', U""},
    {U"山西", U'晋', U""},
    {U"内蒙古", U'蒙', U""},
    {U"辽宁", U'辽', U""},
    {U"吉林", U'吉', U""},
    {U"黑龙江", U'黑', U""},
    {U"上海", U'沪', U""},
    {U"江苏", U'苏', U""},
    {U"浙江", U'浙', U"淅诸计闭久六渐沂源新疡"},
    {U"安徽", U'皖', U""},
    {U"福建", U'闽', U""},
    {U"江西", U'赣', U""},
    {U"山东", U'鲁', U""},
    {U"河南", U'豫', U""},
    {U"湖北", U'鄂', U""},
    {U"湖南", U'湘', U""},
    {U"广东", U'粤', U"甸黑四细奥粵學專"},
    {U"广西", U'桂', U""},
    {U"海南", U'琼', U""},
    {U"重庆", U'渝', U""},
    {U"四川", U'川', U""},
    {U"贵州", U'黔', U""},
    {U"云南", U'云', U""},
    {U"西藏", U'藏', U""},
    {U"陕西", U'陕', U""},
    {U"甘肃", U'甘', U""},
    {U"青海", U'青', U""},
    {U"宁夏", U'宁', U""},
    {U"新疆", U'新', U""},
};

// Issuer codes of provincial governments and their offices, after the abbreviation.
constexpr std::u32string_view kProvinceCodes[] = {
    U"政发", U"政办发", U"政函",   U"政办函", U"政办", U"政令",   U"政干", U"政任", U"府",
    U"府办", U"府函",   U"府办函", U"府令",   U"府任", U"府秘字", U"办发", U"办函"};

// Characters of those codes and what OCR has read them as.
bool confusable(char32_t right, char32_t wrong) {
  static constexpr std::pair<char32_t, std::u32string_view> kTable[] = {
      {U'政', U"玫攻丰"}, {U'府', U"奉付腑"}, {U'办', U"力为"}, {U'发', U"友"}, {U'函', U"涵"}};
  for (const auto& [r, wrongs] : kTable)
    if (r == right) return wrongs.find(wrong) != std::u32string_view::npos;
  return false;
}

// The abbreviation of some issuer: a province's, or 国 (国发, 国办发).
bool abbreviates_an_issuer(char32_t c) {
  if (c == U'国') return true;
  for (const auto& p : kProvinces)
    if (p.abbreviation == c) return true;
  return false;
}

}  // namespace

std::string repair_for_authority(std::string_view normalized, std::string_view authority,
                                 Whose whose) {
  const std::u32string number = utf8::decode(normalized);
  const auto bracket = number.find(U'〔');
  if (bracket == std::u32string::npos || bracket < 2) return std::string(normalized);
  const std::u32string who = utf8::decode(authority);
  const Province* province = nullptr;
  for (const auto& p : kProvinces)
    if (who.starts_with(p.name)) province = &p;
  if (!province) return std::string(normalized);
  std::u32string code = number.substr(0, bracket);
  const std::u32string tail = code.substr(1);
  const bool look_alike = code[0] == province->abbreviation ||
                          province->confusables.find(code[0]) != std::u32string_view::npos;
  if (!look_alike && (whose == Whose::target || abbreviates_an_issuer(code[0])))
    return std::string(normalized);
  // The tail: a known code, or the one known code it differs from only by confusables.
  std::u32string repaired;
  for (const auto known : kProvinceCodes) {
    if (known.size() != tail.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < known.size() && same; ++k)
      same = known[k] == tail[k] || confusable(known[k], tail[k]);
    if (!same) continue;
    if (known == tail) {
      repaired = tail;
      break;
    }
    if (!repaired.empty()) return std::string(normalized);  // two candidates: leave it
    repaired = known;
  }
  if (repaired.empty()) return std::string(normalized);
  code = std::u32string(1, province->abbreviation) + repaired;
  return utf8::encode(code + number.substr(bracket));
}

bool is_order_number(std::string_view normalized) {
  return normalized.find("令第") != std::string_view::npos;
}

}  // namespace gazette
