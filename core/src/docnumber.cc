#include "gazette/docnumber.h"

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
  while (b > floor && utf8::is_han(cps[b - 1].c) && stop - b < max_len) --b;
  std::u32string prefix;
  for (std::size_t k = b; k < stop; ++k) prefix.push_back(cps[k].c);
  // Drop leading connectives (根据, 现将, 贯彻落实 …) but keep at least two characters.
  std::size_t cut = 0;
  for (;;) {
    const std::size_t n = lead_in_at(std::u32string_view(prefix).substr(cut));
    if (n == 0 || prefix.size() - cut - n < 2) break;
    cut += n;
  }
  *begin_index = b + cut;
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

// Tries a 文号 at cps[i] being the opening bracket.
std::optional<NumberMatch> try_wenhao(const std::vector<Cp>& cps, std::size_t i,
                                      std::size_t floor) {
  std::size_t prefix_begin = 0;
  const std::u32string prefix = issuer_before(cps, i, 8, floor, &prefix_begin);
  if (prefix.empty()) return std::nullopt;
  std::size_t j = skip_gaps(cps, i + 1);
  // OCR doubles brackets (浙政干【〔【2014]24号).
  while (is_open_bracket(cps[j].c)) j = skip_gaps(cps, j + 1);
  std::string year;
  j = read_digits(cps, j, year, 4);
  if (year.size() != 4 || (year[0] != '1' && year[0] != '2')) return std::nullopt;
  j = skip_gaps(cps, j);
  // OCR reads a closing bracket as j before the serial ([2016j130号).
  const bool j_for_bracket = (cps[j].c == U'j' || cps[j].c == U'J') && is_digit(cps[j + 1].c);
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
  j = read_digits(cps, j, serial, 6);
  if (serial.empty()) return std::nullopt;
  j = skip_gaps(cps, j);
  if (is_close_bracket(cps[j].c)) j = skip_gaps(cps, j + 1);  // OCR: 31号 read as 3]号
  if (cps[j].c != U'号') return std::nullopt;
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
  if (cps[j].c != U'号') return std::nullopt;
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

bool is_order_number(std::string_view normalized) {
  return normalized.find("令第") != std::string_view::npos;
}

}  // namespace gazette
