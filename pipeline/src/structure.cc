#include "gazette/pipeline/structure.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include "gazette/dates.h"
#include "gazette/docnumber.h"
#include "gazette/utf8.h"

namespace gazette::pipeline {
namespace {

std::string halfwidth(std::string_view s) {
  std::u32string cps = utf8::decode(s);
  for (auto& c : cps) c = utf8::to_halfwidth(c);
  return utf8::encode(cps);
}

std::string strip_spaces(std::string_view s) {
  std::u32string out;
  for (char32_t c : utf8::decode(s))
    if (!utf8::is_space(c)) out.push_back(c);
  return utf8::encode(out);
}

std::size_t length_u32(std::string_view s) {
  return utf8::decode(s).size();
}

bool contains(std::string_view s, std::string_view what) {
  return s.find(what) != std::string_view::npos;
}

// Han run that ends right before byte offset `end` (e.g. the series name before 公报).
std::string han_run_before(std::string_view s, std::size_t end) {
  const auto cps = utf8::decode(s.substr(0, end));
  std::size_t b = cps.size();
  while (b > 0 && utf8::is_han(cps[b - 1])) --b;
  return utf8::encode(std::u32string_view(cps).substr(b));
}

int chinese_number(std::string_view s) {
  // 一..九十九 and digit strings such as 一九五三.
  const auto cps = utf8::decode(s);
  static const std::u32string kDigits = U"〇一二三四五六七八九";
  int value = 0, current = 0;
  bool positional =
      cps.size() > 1 && std::none_of(cps.begin(), cps.end(), [](char32_t c) { return c == U'十'; });
  for (char32_t c : cps) {
    if (c == U'○' || c == U'零') c = U'〇';
    if (c == U'两') c = U'二';
    const auto d = kDigits.find(c);
    if (d != std::u32string::npos) {
      if (positional) {
        value = value * 10 + static_cast<int>(d);
      } else {
        current = static_cast<int>(d);
      }
    } else if (c == U'十') {
      value += (current == 0 ? 1 : current) * 10;
      current = 0;
    }
  }
  return positional ? value : value + current;
}

const std::regex& issue_line_arabic() {
  static const std::regex re(R"(([0-9]{4})\s*年\s*第\s*([0-9]{1,3})\s*期)");
  return re;
}
const std::regex& issue_line_chinese() {
  static const std::regex re(
      "((?:〇|○|零|一|二|三|四|五|六|七|八|九){4})年第((?:一|二|三|四|五|六|七|八|九|十)+)期");
  return re;
}
const std::regex& total_line() {
  static const std::regex re(R"((?:总|總)\s*第\s*([0-9]{1,5})\s*期)");
  return re;
}

bool is_issue_line(std::string_view line) {
  const std::string h = halfwidth(line);
  return std::regex_search(h, issue_line_arabic()) || std::regex_search(h, issue_line_chinese());
}

std::string series_in(std::string_view line) {
  for (std::string_view marker : {"公报", "公報"}) {
    const auto pos = line.find(marker);
    if (pos == std::string_view::npos) continue;
    std::string run = han_run_before(line, pos);
    // A running header may print the issue line right before the series, with no space
    // between them once OCR has read it (一九五三年第五期浙江省人民政府公報).
    for (std::string_view end : {"期", "日"})
      if (const auto p = run.rfind(end); p != std::string::npos) run = run.substr(p + end.size());
    if (length_u32(run) >= 2) return run + std::string(marker);
  }
  return {};
}

}  // namespace

std::optional<int> parse_page_footer(std::string_view line) {
  const auto cps = utf8::decode(halfwidth(line));
  std::string digits;
  bool dash = false, digits_ended = false;
  int letters = 0;
  for (char32_t c : cps) {
    if (c >= U'0' && c <= U'9') {
      if (digits_ended) return std::nullopt;  // two numbers: not a page number
      digits.push_back(static_cast<char>(c));
    } else if (c == U'—' || c == U'-' || c == U'–' || c == U'一' || c == U'_' || c == U'―' ||
               c == U'－' || c == U'~') {
      dash = true;
      digits_ended = !digits.empty();
    } else if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) {
      // Upscaled low-dpi scans turn the dashes around the number into letters ("aa 2 PP").
      ++letters;
      dash = true;
      digits_ended = !digits.empty();
    } else if (utf8::is_space(c)) {
      digits_ended = !digits.empty();
    } else {
      return std::nullopt;
    }
  }
  if (letters > 4) return std::nullopt;
  if (digits.empty() || digits.size() > 4 || (!dash && digits.size() > 3)) return std::nullopt;
  return std::stoi(digits);
}

IssueIdentity identify_issue(const std::vector<Page>& pages) {
  IssueIdentity id;
  std::map<std::string, int> series_votes;
  for (const auto& page : pages) {
    // The cover and the running headers carry the identity; look at the top of each page.
    const std::size_t take =
        page.seq == 1 ? page.lines.size() : std::min<std::size_t>(page.lines.size(), 3);
    for (std::size_t i = 0; i < take; ++i) {
      const std::string& text = page.lines[i].text;
      if (auto s = series_in(text); !s.empty()) series_votes[s] += page.seq == 1 ? 3 : 1;
      const std::string h = halfwidth(text);
      std::smatch m;
      if (!id.year && std::regex_search(h, m, issue_line_arabic())) {
        id.year = std::stoi(m[1]);
        id.number = std::stoi(m[2]);
      } else if (!id.year && std::regex_search(h, m, issue_line_chinese())) {
        id.year = chinese_number(m[1].str());
        id.number = chinese_number(m[2].str());
      }
      if (!id.total && std::regex_search(h, m, total_line())) id.total = std::stoi(m[1]);
      if (!id.date && page.seq == 1) {
        if (auto d = parse_date(strip_spaces(text))) id.date = d;
      }
    }
  }
  int best = 0;
  for (const auto& [name, votes] : series_votes)
    if (votes > best) best = votes, id.series = name;
  return id;
}

PageFurniture find_furniture(const Page& page, const IssueIdentity& issue) {
  PageFurniture f;
  const int h = page.height > 0 ? page.height : 1;
  for (std::size_t i = 0; i < page.lines.size(); ++i) {
    const auto& line = page.lines[i];
    const double top = static_cast<double>(line.box.y0) / h;
    const double bottom = static_cast<double>(line.box.y1) / h;
    // A page number is a short line; a rule across the foot that OCR read as a digit is not.
    const bool narrow = page.width <= 0 || line.box.width() <= 0.3 * page.width;
    if (bottom > 0.88 && narrow) {
      if (auto n = parse_page_footer(line.text)) {
        f.printed_page = n;
        f.furniture_lines.push_back(i);
        continue;
      }
    }
    if (top < 0.10 &&
        (is_issue_line(line.text) || (!issue.series.empty() && contains(line.text, issue.series)) ||
         !series_in(line.text).empty())) {
      f.furniture_lines.push_back(i);
    }
  }
  for (const auto& line : page.lines) {
    const std::string t = strip_spaces(line.text);
    if (t == "目录" || t == "目錄" || t.starts_with("目录") || t.starts_with("目錄"))
      f.is_cover = true;
  }
  if (page.seq == 1 && !f.printed_page) f.is_cover = true;
  if (f.is_cover) f.furniture_lines.clear();
  return f;
}

namespace {

// "30" or "三十" → 30; 0 if neither.
int count_of(const std::string& s) {
  if (s.empty()) return 0;
  if (s[0] >= '0' && s[0] <= '9') return std::stoi(s);
  return chinese_number(s);
}

}  // namespace

namespace {

// A date printed as digits and 年月日 only, as OCR read it without look-alikes.
bool is_clean_date(std::string_view span) {
  static constexpr std::u32string_view kClean = U"0123456789-./年月日〇○零一二三四五六七八九十";
  const auto cps = utf8::decode(span);
  return !cps.empty() && std::all_of(cps.begin(), cps.end(), [](char32_t c) {
    return kClean.find(c) != std::u32string_view::npos;
  });
}

}  // namespace

std::optional<std::string> parse_effective(std::string_view text,
                                           const std::optional<std::string>& signed_date) {
  const std::string t = strip_spaces(halfwidth(text));
  // 自<date or 公布之日>起[N日后]施行
  static const std::regex verb(
      "^((?:[0-9]+|(?:一|二|两|三|四|五|六|七|八|九|十)+)日(?:后|以后))?"
      "(?:施行|执行|实施|生效|试行)");
  static const std::regex later("^(?:([0-9]+)|((?:一|二|两|三|四|五|六|七|八|九|十)+))日");
  const std::string from = "自", since = "起";
  std::optional<std::string> damaged;
  for (std::size_t pos = t.find(from); pos != std::string::npos;
       pos = t.find(from, pos + from.size())) {
    const auto start = pos + from.size();
    const auto qi = t.find(since, start);
    if (qi == std::string::npos || qi - start > 60) continue;
    const std::string span = t.substr(start, qi - start);
    const std::string rest = t.substr(qi + since.size(), 40);
    std::smatch m;
    if (!std::regex_search(rest, m, verb)) continue;
    int days = 0;
    if (m[1].matched) {
      std::smatch n;
      const std::string delay = m[1].str();
      if (std::regex_search(delay, n, later))
        days = count_of(n[1].matched ? n[1].str() : n[2].str());
    }
    std::optional<std::string> date = parse_date(span);
    if (const auto dates = find_dates(span); !date && !dates.empty()) date = dates.front().iso;
    if (date) {
      const std::string found = days ? add_days(*date, days) : *date;
      // A date OCR damaged (2024年3月1]日: the 1st or the 11th?) yields to a clean statement of
      // the same clause later in the act (第八条 本办法自2024年3月1日起施行).
      if (is_clean_date(span)) return found;
      if (!damaged) damaged = found;
      continue;
    }
    for (std::string_view issued :
         {"印发之日", "公布之日", "发布之日", "颁布之日", "下发之日", "发文之日"})
      if (contains(span, issued) && signed_date)
        return days ? add_days(*signed_date, days) : *signed_date;
  }
  return damaged;
}

std::optional<std::string> parse_expiry(std::string_view text,
                                        const std::optional<std::string>& effective) {
  const std::string t = strip_spaces(halfwidth(text));
  const std::string marker = "有效期";
  const auto pos = t.find(marker);
  if (pos == std::string::npos) return std::nullopt;
  std::string rest = t.substr(pos + marker.size(), 90);
  for (std::string_view filler : {"限", "为", "是"})
    if (rest.starts_with(filler)) rest = rest.substr(filler.size());
  // 有效期自2016年1月1日起至2020年12月31日止 / 有效期至2020年12月31日 / 有效期至2020年底
  const auto until = rest.find("至");
  if (until != std::string::npos && (until == 0 || rest.starts_with("自"))) {
    const std::string after = rest.substr(until + std::string("至").size());
    const auto dates = find_dates(after);
    if (!dates.empty() && dates.front().begin <= 4) return dates.front().iso;
    static const std::regex year_end("^([0-9]{4})年(?:底|末)");
    std::smatch m;
    if (std::regex_search(after, m, year_end)) return iso_date(std::stoi(m[1]), 12, 31);
    return std::nullopt;
  }
  // 有效期5年 / 有效期为两年 / 有效期三年
  static const std::regex years("^([0-9]{1,2}|(?:一|二|两|三|四|五|六|七|八|九|十)+)年");
  std::smatch m;
  if (std::regex_search(rest, m, years) && effective) {
    const int n = count_of(m[1].str());
    if (n > 0) return add_days(add_years(*effective, n), -1);
  }
  return std::nullopt;
}

namespace {

struct Span {
  std::size_t begin, end;
};

// 《…》 spans (byte offsets of the inner text).
std::vector<Span> book_titles(const std::string& s) {
  std::vector<Span> out;
  std::size_t pos = 0;
  const std::string open = "《", close = "》";
  while ((pos = s.find(open, pos)) != std::string::npos) {
    // Nested titles print 〈〉 inside (《国务院办公厅印发〈…〉的通知》), but amending acts
    // also nest 《》 (《…关于修改《…》的决定》): the matching 》 closes, else the first one.
    auto end = s.find(close, pos);
    if (end == std::string::npos) break;
    int depth = 0;
    for (std::size_t k = pos; k < s.size();) {
      if (s.compare(k, open.size(), open) == 0) {
        ++depth, k += open.size();
      } else if (s.compare(k, close.size(), close) == 0) {
        if (--depth == 0) {
          end = k;
          break;
        }
        k += close.size();
      } else if (s[k] == '\n') {
        break;
      } else {
        ++k;
      }
    }
    out.push_back({pos + open.size(), end});
    pos = end + close.size();
  }
  return out;
}

// "1．浙江省…的通知（浙政办发" / "〔2004〕12号）": list items wrap across lines; join every line
// that does not start a new item or heading.
bool is_list_item(std::string_view line) {
  const auto cps = utf8::decode(line);
  std::size_t i = 0;
  // OCR puts a stray mark before the item number (”1，浙江省…).
  while (i < cps.size() &&
         std::u32string_view(U"”“\"'`·.,，_-").find(cps[i]) != std::u32string_view::npos)
    ++i;
  const std::size_t digits_begin = i;
  while (i < cps.size() &&
         ((cps[i] >= U'0' && cps[i] <= U'9') || (cps[i] >= U'０' && cps[i] <= U'９')))
    ++i;
  if (i == digits_begin || i == cps.size()) return false;
  // OCR may lose the mark after the item number (2浙江省…); a Han character that cannot follow
  // a count (年, 月, 号 …) then starts the item.
  if (i - digits_begin <= 2 && utf8::is_han(cps[i]) &&
      std::u32string_view(U"年月日号條条款项期届次件个名万千百十").find(cps[i]) ==
          std::u32string_view::npos)
    return true;
  return std::u32string_view(U"．.，,、)）").find(cps[i]) != std::u32string_view::npos;
}

std::string join_list_items(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  bool in_list = false;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    const bool boundary = !in_list || is_list_item(line) || contains(line, "目录");
    if (!out.empty()) out += (in_list && !boundary) ? "" : "\n";
    out += line;
    if (contains(line, "目录")) in_list = true;
    start = end + 1;
  }
  return out;
}

// A number printed across a line break (…的通知》 / （浙政发〔2019〕12号）精神, or 〈浙府秘字 /
// 〔1953〕12号）) belongs to the sentence before: the break is dropped when the next line starts
// with a bracketed number or with the year bracket of one.
std::string join_split_numbers(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (!out.empty()) {
      const auto cps = utf8::decode_indexed_halfwidth(line.substr(0, 40));
      bool joins = false;
      if (cps.size() > 6 &&
          std::u32string_view(U"(（〈〔[【《").find(cps[0].c) != std::u32string_view::npos) {
        const bool year_next = cps[1].c >= U'0' && cps[1].c <= U'9';
        const auto numbers = find_numbers(line.substr(0, 60));
        joins = year_next || (!numbers.empty() && numbers.front().begin <= cps[1].offset);
      }
      out += joins ? "" : "\n";
    }
    out += line;
    start = end + 1;
  }
  return out;
}

// A heading of a repeal list on a line of its own: …废止的…目录, …失效的…目录.
bool is_list_heading(std::string_view line) {
  return contains(line, "目录") && (contains(line, "废止的") || contains(line, "失效的")) &&
         length_u32(line) <= 40 && find_numbers(line).empty();
}

bool has_list_heading(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (is_list_heading(text.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

std::optional<int> page_at(const std::vector<std::pair<std::size_t, int>>& starts,
                           std::size_t offset) {
  std::optional<int> page;
  for (const auto& [start, printed] : starts)
    if (start <= offset) page = printed;
  return page;
}

std::optional<RelationType> relation_of_sentence(std::string_view s) {
  if (contains(s, "宣布失效") || contains(s, "宣布废止和失效"))
    return RelationType::declares_invalid;
  if (contains(s, "废止") || contains(s, "停止执行") || contains(s, "不再执行"))
    return RelationType::repeals;
  if (contains(s, "修改为") || contains(s, "作如下修改") || contains(s, "作出修改") ||
      contains(s, "予以修改"))
    return RelationType::amends;
  if (contains(s, "根据") || contains(s, "贯彻") || contains(s, "依据") || contains(s, "按照") ||
      contains(s, "转发"))
    return RelationType::cites;
  return std::nullopt;
}

// Where a list item's bracketed number begins: the first （ ( 〈 [ 【, else a 《 never closed
// (OCR reads （ as 《); the item's end when there is none.
std::size_t item_bracket(const std::string& line) {
  std::size_t best = line.size();
  for (std::string_view open : {"（", "(", "〈", "[", "【", "［"})
    best = std::min(best, line.find(open));
  if (best == line.size())
    for (auto p = line.find("《"); p != std::string::npos; p = line.find("《", p + 1))
      if (line.find("》", p) == std::string::npos) return p;
  return best;
}

// A list item's title ends in an act's genre (…的通知, …办法), perhaps followed by OCR debris.
bool looks_like_listed_title(std::string_view title) {
  for (std::string_view genre : {"通知", "决定", "办法", "规定", "意见", "细则", "指示", "批复",
                                 "条例", "规则", "方案", "通告", "公告", "令"})
    if (contains(title.substr(title.size() > 12 ? title.size() - 12 : 0), genre)) return true;
  return false;
}

// A list line "3. 浙江省××办法（浙政发〔2010〕12号）": the title is what stands before the number.
std::string list_item_title(const std::string& line, std::size_t number_begin) {
  std::u32string cps = utf8::decode(line.substr(0, number_begin));
  // OCR reads the （ before the number as 〈 or 《.
  while (!cps.empty() &&
         std::u32string_view(U"(（〈《 ，").find(cps.back()) != std::u32string_view::npos)
    cps.pop_back();
  std::size_t b = 0;
  while (b < cps.size() && !utf8::is_han(cps[b]) && cps[b] != U'《') ++b;
  std::u32string title = cps.substr(b);
  if (!title.empty() && title.front() == U'《') title.erase(0, 1);
  if (!title.empty() && title.back() == U'》') title.pop_back();
  return utf8::encode(title);
}

}  // namespace

std::vector<Relation> extract_relations(
    std::string_view title, std::string_view text,
    const std::vector<std::pair<std::size_t, int>>& page_starts) {
  std::vector<Relation> out;
  std::set<std::tuple<int, std::string, std::string>> seen;
  auto push = [&](Relation r) {
    if (r.target_number.empty() && r.target_title.empty()) return;
    auto key = std::make_tuple(static_cast<int>(r.type), r.target_number,
                               r.target_number.empty() ? r.target_title : "");
    if (!seen.insert(key).second) return;
    out.push_back(std::move(r));
  };

  // 关于修改《…》的决定 amends what it names.
  const std::string t(title);
  if (contains(t, "修改") && contains(t, "决定")) {
    for (const auto& span : book_titles(t)) {
      Relation r;
      r.type = RelationType::amends;
      r.target_title = t.substr(span.begin, span.end - span.begin);
      r.evidence = {page_at(page_starts, 0), t};
      push(std::move(r));
    }
  }
  // OCR may damage the title of a repeal decision (废止 read as 庆止, 决定 as 决十); its text
  // still says so, and its list headings (决定废止的行政规范性文件目录) name what the items
  // undergo.
  const bool repeal_list =
      contains(t, "废止") || contains(t, "失效") ||
      (contains(t, "决定") && (contains(text, "决定废止") || contains(text, "宣布失效"))) ||
      has_list_heading(text);
  RelationType list_type = contains(t, "失效") && !contains(t, "废止")
                               ? RelationType::declares_invalid
                               : RelationType::repeals;
  bool list_partial = false;  // the current list names acts that lose only some provisions

  const std::string body =
      join_split_numbers(repeal_list ? join_list_items(text) : std::string(text));
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.size();
    for (std::string_view stop : {"。", "；", "\n"}) {
      const auto p = body.find(stop, start);
      if (p != std::string::npos && p + stop.size() < end + 1) end = std::min(end, p + stop.size());
    }
    const std::string sentence = body.substr(start, end - start);
    const std::size_t sentence_offset = start;
    start = end;
    // A list heading (决定废止的…目录, 部分条款失效的…目录) sets what its items undergo.
    const bool heading = !is_list_item(sentence) && find_numbers(sentence).empty() &&
                         (contains(sentence, "目录") ||
                          (length_u32(sentence) <= 40 &&
                           (contains(sentence, "废止的") || contains(sentence, "失效的"))));
    if (repeal_list && heading) {
      list_type = contains(sentence, "失效") && !contains(sentence, "废止")
                      ? RelationType::declares_invalid
                      : RelationType::repeals;
      list_partial = contains(sentence, "部分");
      continue;
    }
    const auto numbers = find_numbers(sentence);
    // A list item whose number OCR left unreadable (浙府秘字： OO 1号) still names its act: the
    // title before the bracket is the target (complete_targets may find its number).
    if (repeal_list && is_list_item(sentence) && numbers.empty()) {
      Relation r;
      r.type = list_type;
      r.target_title = list_item_title(sentence, item_bracket(sentence));
      r.evidence = {page_at(page_starts, sentence_offset), strip_spaces(sentence)};
      r.partial = list_partial;
      if (length_u32(r.target_title) >= 8 && looks_like_listed_title(r.target_title))
        push(std::move(r));
      continue;
    }
    auto type = repeal_list && is_list_item(sentence) && !numbers.empty()
                    ? std::optional(list_type)
                    : relation_of_sentence(sentence);
    if (!type) continue;
    const auto titles = book_titles(sentence);
    std::vector<bool> number_used(numbers.size(), false);
    // 部分条款失效 / 第六条废止: the act loses some provisions, not all.
    const bool partial_here = (repeal_list && is_list_item(sentence))
                                  ? list_partial
                                  : contains(sentence, "部分条款") ||
                                        contains(sentence, "部分内容") ||
                                        contains(sentence, "部分失效");
    // One sentence may cite one act and repeal another (根据《甲》…，决定废止《乙》): each
    // target takes the verb nearest to it, after it first (原《乙》同时废止), else before it.
    std::vector<std::pair<std::size_t, std::size_t>> targets;  // byte spans of titles and numbers
    for (const auto& span : titles) targets.emplace_back(span.begin, span.end);
    for (const auto& n : numbers) targets.emplace_back(n.begin, n.end);
    std::sort(targets.begin(), targets.end());
    auto type_at = [&](std::size_t target_begin, std::size_t target_end) -> RelationType {
      if (repeal_list && is_list_item(sentence)) return *type;
      std::size_t prev_end = 0, next_begin = sentence.size();
      for (const auto& [b, e] : targets) {
        if (e <= target_begin) prev_end = std::max(prev_end, e);
        if (b >= target_end) next_begin = std::min(next_begin, b);
      }
      const auto after = relation_of_sentence(sentence.substr(target_end, next_begin - target_end));
      if (after && *after != RelationType::cites) return *after;
      if (const auto before =
              relation_of_sentence(sentence.substr(prev_end, target_begin - prev_end)))
        return *before;
      return *type;
    };
    const std::string evidence = strip_spaces(sentence);
    for (const auto& span : titles) {
      Relation r;
      r.type = type_at(span.begin, span.end);
      r.target_title = sentence.substr(span.begin, span.end - span.begin);
      // 按照《实施细则》 names an abbreviation, not an act; citations need a full title or a
      // number. A number right after the title, in brackets, belongs to it.
      for (std::size_t k = 0; k < numbers.size(); ++k) {
        if (!number_used[k] && numbers[k].begin >= span.end && numbers[k].begin <= span.end + 9) {
          r.target_number = numbers[k].number;
          number_used[k] = true;
          break;
        }
      }
      if (r.type == RelationType::cites && r.target_number.empty() &&
          length_u32(r.target_title) < 8)
        continue;
      r.evidence = {page_at(page_starts, sentence_offset), evidence};
      r.partial = partial_here;
      push(std::move(r));
    }
    for (std::size_t k = 0; k < numbers.size(); ++k) {
      if (number_used[k]) continue;
      Relation r;
      r.type = type_at(numbers[k].begin, numbers[k].end);
      r.target_number = numbers[k].number;
      if (repeal_list) r.target_title = list_item_title(sentence, numbers[k].begin);
      r.evidence = {page_at(page_starts, sentence_offset), evidence};
      r.partial = partial_here;
      push(std::move(r));
    }
  }
  return out;
}

namespace {

constexpr double kTitleSizeRatio = 1.2;

}  // namespace

std::vector<std::optional<int>> printed_pages(const std::vector<Page>& pages,
                                              const IssueIdentity& issue) {
  std::vector<std::optional<int>> out(pages.size());
  std::vector<bool> cover(pages.size(), false);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const auto f = find_furniture(pages[i], issue);
    out[i] = f.printed_page;
    cover[i] = f.is_cover;
  }
  // Page numbers run on with the sequence: the offset most footers agree on overrides a
  // footer that OCR misread (— 2 — read as 7).
  std::map<int, int> offsets;
  for (std::size_t i = 0; i < pages.size(); ++i)
    if (out[i]) ++offsets[*out[i] - pages[i].seq];
  const auto majority =
      std::max_element(offsets.begin(), offsets.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  if (majority != offsets.end() && majority->second >= 2) {
    for (std::size_t i = 0; i < pages.size(); ++i)
      if (out[i] && *out[i] - pages[i].seq != majority->first)
        out[i] = pages[i].seq + majority->first;
  }
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (out[i] || cover[i]) continue;
    for (std::size_t d = 1; d < pages.size() && !out[i]; ++d) {
      if (i >= d && out[i - d] && !cover[i - d])
        out[i] = *out[i - d] + static_cast<int>(d);
      else if (i + d < pages.size() && out[i + d] && *out[i + d] > static_cast<int>(d))
        out[i] = *out[i + d] - static_cast<int>(d);
    }
  }
  return out;
}

namespace {

struct ContentLine {
  std::string text;
  double size = 0;
  int x0 = 0, x1 = 0, page_width = 0;
  std::optional<int> printed_page;
  bool title = false;
  bool starts_paragraph = false;          // indented, or the line before it stopped short
  int column_left = 0, column_right = 0;  // text margins of the line's column
};

bool ends_with_punctuation(std::string_view s) {
  for (std::string_view p : {"。", "，", "；", "：", "、", "）", ")", "》"})
    if (s.ends_with(p)) return true;
  return false;
}

bool is_signature_candidate(std::string_view s) {
  const auto n = length_u32(s);
  return n >= 2 && n <= 24 && !ends_with_punctuation(s) && !contains(s, "《");
}

std::string authority_from_order(const std::string& number) {
  const auto pos = number.find("令第");
  return pos == std::string::npos ? std::string() : number.substr(0, pos);
}

std::string authority_from_title(const std::string& title) {
  // 浙江省人民政府办公厅关于… : the authority is what stands before 关于.
  auto pos = std::min(title.find("关于"), title.find("關於"));
  for (std::string_view verb : {"转发", "印发"}) pos = std::min(pos, title.find(verb));
  if (pos == std::string::npos || pos == 0) return {};
  const std::string head = title.substr(0, pos);
  if (length_u32(head) > 20) return {};
  for (std::string_view suffix :
       {"政府", "办公厅", "办公室", "厅", "局", "委员会", "委", "院", "部", "署", "会"})
    if (head.ends_with(suffix)) return head;
  return {};
}

// Appointments and removals (任免) are printed in gazettes but are not normative acts.
bool is_personnel(std::string_view title) {
  return contains(title, "任免") || contains(title, "任职") || contains(title, "免职") ||
         contains(title, "职务");
}

// The number a line consists of, allowing two characters of OCR debris after it
// (浙府秘字【一九五三〕第十五號3).
std::optional<std::string> leading_number(std::string_view line) {
  const std::string t = strip_spaces(line);
  const auto found = find_numbers(t);
  if (found.empty() || found[0].begin != 0 || length_u32(t.substr(found[0].end)) > 2)
    return std::nullopt;
  return found[0].number;
}

// 号）第三条, 15号）: the end of a number that wrapped onto a line of its own.
bool is_number_tail(std::string_view line) {
  const auto cps = utf8::decode_indexed_halfwidth(strip_spaces(line));
  std::size_t i = 0;
  while (i + 1 < cps.size() && cps[i].c >= U'0' && cps[i].c <= U'9') ++i;
  if (i + 1 < cps.size() && (cps[i].c == U']' || cps[i].c == U'〕' || cps[i].c == U')')) ++i;
  return i + 2 < cps.size() && cps[i].c == U'号' && (cps[i + 1].c == U')' || cps[i + 1].c == U'）');
}

// Titles of acts end in the name of their genre; headings inside an act do not.
bool looks_like_act_title(std::string_view title) {
  for (std::string_view genre :
       {"通知", "决定", "办法", "规定", "意见", "细则", "批复", "公告", "通告", "报告", "函",
        "条例", "规则", "方案", "纲要", "命令", "令", "规划", "决议", "指令", "布告", "规程",
        "标准", "要点", "制度", "公報", "通知。", "指示",
        // Traditional print (1950s): 決定, 辦法, 規定 …
        "決定", "辦法", "規定", "意見", "細則", "批覆", "條例", "規則", "綱要", "決議", "佈告",
        "報告", "規劃", "命令"})
    if (title.ends_with(genre)) return true;
  return false;
}

// （此件公开发布） and similar notes stand in brackets; titles never do.
bool is_parenthesised(std::string_view s) {
  for (std::string_view open : {"（", "(", "〈", "《"})
    if (s.starts_with(open)) return s.ends_with("）") || s.ends_with(")");
  return false;
}

double han_ratio(std::string_view s) {
  const auto cps = utf8::decode(s);
  if (cps.empty()) return 0;
  return static_cast<double>(
             std::count_if(cps.begin(), cps.end(), [](char32_t c) { return utf8::is_han(c); })) /
         static_cast<double>(cps.size());
}

// OCR noise around a title: leading marks (-, “, _), and the tail of the previous act caught
// in the same block ("号）第三条浙江省…的通知").
std::string clean_title(std::string title) {
  // Fixed words of act titles that OCR damages in known ways (厅 read as 打, 若 as 各/知/震).
  static const std::pair<std::string_view, std::string_view> kRepairs[] = {
      {"办公打", "办公厅"},
      {"各干规定", "若干规定"},
      {"知干规定", "若干规定"},
      {"震干规定", "若干规定"},
      {"工作要损", "工作要点"}};
  for (const auto& [wrong, right] : kRepairs)
    for (auto p = title.find(wrong); p != std::string::npos; p = title.find(wrong, p))
      title.replace(p, wrong.size(), right);
  for (std::string_view tail : {"号）", "号)"}) {
    const auto p = title.rfind(tail);
    if (p != std::string::npos && length_u32(title.substr(p + tail.size())) >= 6)
      title = title.substr(p + tail.size());
  }
  static const std::regex article("^第(?:一|二|三|四|五|六|七|八|九|十|百|零|〇|[0-9])+条");
  std::smatch m;
  if (std::regex_search(title, m, article) && length_u32(m.suffix().str()) >= 6)
    title = m.suffix().str();
  std::u32string cps = utf8::decode(title);
  std::size_t b = 0;
  while (b < cps.size() && !utf8::is_han(cps[b]) && cps[b] != U'《' &&
         !(cps[b] >= U'0' && cps[b] <= U'9'))
    ++b;
  return utf8::encode(std::u32string_view(cps).substr(b));
}

std::string without_quotes(std::string_view s) {
  std::u32string out;
  for (char32_t c : utf8::decode(s))
    if (std::u32string_view(U"《》〈〉“”\"").find(c) == std::u32string_view::npos) out.push_back(c);
  return utf8::encode(out);
}

// 省政府令第235号 in an act of 浙江省人民政府 is 浙江省人民政府令第235号.
std::string expand_short_order(const std::string& number, const std::string& authority) {
  for (std::string_view short_form : {"省政府令第", "省人民政府令第"}) {
    if (!number.starts_with(short_form)) continue;
    const auto province = authority.find("省");
    if (province == std::string::npos) return number;
    return authority.substr(0, province) + "省人民政府令第" + number.substr(short_form.size());
  }
  return number;
}

// Relations as the ground truth of a gazette records them: one per target; a title-only
// mention of an act that is also named with its number is the same target; citations need a
// number, or the explicit 贯彻落实《…》; an act never relates to itself.
std::vector<Relation> tidy_relations(std::vector<Relation> relations, const std::string& title,
                                     const std::string& authority) {
  std::set<std::string> numbered_titles;
  bool numbered_amends = false;
  for (auto& r : relations) {
    r.target_number = expand_short_order(r.target_number, authority);
    // What an act repeals, declares invalid or amends was issued in its own province.
    if (r.type != RelationType::cites)
      r.target_number = repair_for_authority(r.target_number, authority);
    if (!r.target_number.empty()) {
      if (!r.target_title.empty()) numbered_titles.insert(without_quotes(r.target_title));
      numbered_amends = numbered_amends || r.type == RelationType::amends;
    }
  }
  std::vector<Relation> out;
  std::set<std::pair<int, std::string>> seen;
  for (auto& r : relations) {
    if (r.target_number.empty()) {
      const std::string t = without_quotes(r.target_title);
      if (numbered_titles.count(t) || t == without_quotes(title)) continue;
      if (r.type == RelationType::amends && numbered_amends) continue;
      if (r.type == RelationType::cites &&
          !contains(r.evidence.text, "贯彻落实《" + r.target_title))
        continue;
    }
    const std::string key =
        r.target_number.empty() ? "t:" + r.target_title : "n:" + r.target_number;
    if (!seen.insert({static_cast<int>(r.type), key}).second) continue;
    out.push_back(std::move(r));
  }
  return out;
}

struct DraftDocument {
  std::vector<std::string> title_lines;
  std::vector<ContentLine> lines;  // body lines after the title
  std::optional<int> first_page, last_page;
  bool order_header = false;  // 令 header seen; the act's own title may follow later
  std::string listed_title;   // the 目录's reading of the title, when it reads better
};

// An act is signed in the year of the issue that prints it or the year before. A signature
// year outside that range is an OCR misreading (二〇一〇 read as 二O〇一): the issue's year
// stands in for it when month and day make a date that is not after the issue.
std::string plausible_year(const std::string& iso, std::optional<int> issue_year) {
  if (!issue_year || iso.size() != 10) return iso;
  const int year = std::stoi(iso.substr(0, 4));
  if (year == *issue_year || year == *issue_year - 1) return iso;
  const int month = std::stoi(iso.substr(5, 2)), day = std::stoi(iso.substr(8, 2));
  return is_valid_date(*issue_year, month, day) ? iso_date(*issue_year, month, day) : iso;
}

// A signature date whose year OCR garbled (一UN年二月二十六日, 二人〇一四年二月十三日): month
// and day are read, and the year is the issue's, or the year before when that day comes after
// the issue's date.
std::optional<std::string> date_with_garbled_year(const std::string& line,
                                                  const IssueIdentity& issue) {
  if (!issue.year) return std::nullopt;
  const auto nian = line.find("年");
  if (nian == std::string::npos) return std::nullopt;
  const auto year_length = length_u32(line.substr(0, nian));
  if (year_length < 2 || year_length > 6) return std::nullopt;
  auto date = parse_date(std::to_string(*issue.year) + line.substr(nian));
  if (date && issue.date && *date > *issue.date)
    date = parse_date(std::to_string(*issue.year - 1) + line.substr(nian));
  return date;
}

Document finish(const DraftDocument& draft, const std::string& id, const IssueIdentity& issue) {
  Document d;
  d.id = id;
  d.series = issue.series;
  d.year = issue.year;
  d.issue = issue.number;
  d.issue_total = issue.total;
  d.first_page = draft.first_page;
  d.last_page = draft.last_page;
  for (const auto& t : draft.title_lines) d.title += strip_spaces(t);
  d.title = clean_title(d.title);

  const auto& lines = draft.lines;
  std::size_t body_start = 0;
  // The title's last character may wrap onto a short line of its own (…的决 / 定。).
  if (!lines.empty() && !looks_like_act_title(d.title)) {
    std::string tail = strip_spaces(lines[0].text);
    if (tail.ends_with("。")) tail.resize(tail.size() - std::string_view("。").size());
    if (length_u32(tail) <= 2 && looks_like_act_title(d.title + tail)) {
      d.title += tail;
      body_start = 1;
    }
  }
  if (!draft.listed_title.empty()) d.title = draft.listed_title;
  // Number: one of the first lines, possibly split as 浙江省人民政府令 / 第321号.
  for (std::size_t i = body_start; i < std::min<std::size_t>(lines.size(), body_start + 4); ++i) {
    const std::string line = strip_spaces(lines[i].text);
    if (auto n = leading_number(line)) {
      d.number = *n;
      body_start = i + 1;
      break;
    }
    if (auto n = normalize_number(d.title + line); n && line.starts_with("第")) {
      d.number = *n;
      body_start = i + 1;
      break;
    }
    if (line.ends_with("令") && i + 1 < lines.size()) {
      if (auto n = normalize_number(line + strip_spaces(lines[i + 1].text))) {
        d.number = *n;
        body_start = i + 2;
        break;
      }
    }
  }
  if (draft.order_header && d.number.empty()) {
    // Title block was the 令 header itself.
    for (std::size_t i = 0; i < std::min<std::size_t>(lines.size(), 3); ++i)
      if (auto n = normalize_number(d.title + strip_spaces(lines[i].text)))
        d.number = *n, body_start = i + 1;
  }

  // Signature: the first date line that follows a short authority-like line.
  std::optional<std::size_t> date_line;
  for (std::size_t i = body_start; i < lines.size(); ++i) {
    std::string line = strip_spaces(lines[i].text);
    for (std::string_view mark : {"，", "。", ",", "."})
      if (line.ends_with(mark)) line.resize(line.size() - mark.size());
    auto date = parse_date(line);
    if (!date && i > body_start && is_signature_candidate(strip_spaces(lines[i - 1].text)))
      date = date_with_garbled_year(line, issue);
    if (date) {
      date = plausible_year(*date, issue.year);
      d.signed_date = date;
      date_line = i;
      if (i > body_start) {
        const std::string prev = strip_spaces(lines[i - 1].text);
        if (is_signature_candidate(prev) && !prev.starts_with("省长") &&
            !prev.starts_with("市长") && !prev.starts_with("主席"))
          d.authority = prev;
      }
      break;
    }
  }

  // The title names its authority in print (浙江省人民政府办公厅关于…), where OCR of the
  // signature under a seal is least reliable; the signature is the fallback.
  if (const auto from_title = authority_from_title(d.title); !from_title.empty())
    d.authority = from_title;
  // The act's own number carries its authority's province code (新政发 read for 浙政发).
  d.number = repair_for_authority(d.number, d.authority, Whose::own);
  if (is_order_number(d.number)) {
    d.kind = DocumentKind::rule;
    d.authority = authority_from_order(d.number);
  } else if (!d.number.empty() && !is_personnel(d.title)) {
    d.kind = DocumentKind::normative;
  }

  // Text: paragraphs rejoined; a new paragraph starts at an indented line.
  std::string text;
  std::vector<std::pair<std::size_t, int>> page_starts;
  std::optional<int> current_page;
  for (std::size_t i = body_start; i < lines.size(); ++i) {
    const auto& l = lines[i];
    if (l.printed_page != current_page || page_starts.empty()) {
      current_page = l.printed_page;
      if (current_page) page_starts.emplace_back(text.size(), *current_page);
    }
    // Printed lines wrap inside a paragraph; an indent, a short line before, a heading or
    // the signature block starts a new one.
    const bool in_signature = date_line && i + 1 >= *date_line && i <= *date_line + 1;
    const bool new_paragraph = l.starts_paragraph || l.title || in_signature;
    if (!text.empty() && new_paragraph) text += '\n';
    text += strip_spaces(l.text);
  }
  d.text = text;
  // An act that names no date of effect takes effect when issued (自印发之日起施行).
  d.effective = parse_effective(text, d.signed_date);
  if (!d.effective) d.effective = d.signed_date;
  d.expires = parse_expiry(text, d.effective ? d.effective : d.signed_date);
  d.relations = tidy_relations(extract_relations(d.title, text, page_starts), d.title, d.authority);
  return d;
}

bool names_attachment(const std::string& notice_title, const std::string& title) {
  // 关于印发《浙江省…细则》的通知 followed by the attached 浙江省…细则.
  if (!(contains(notice_title, "印发") || contains(notice_title, "转发") ||
        contains(notice_title, "公布")))
    return false;
  const std::string t = without_quotes(clean_title(strip_spaces(title)));
  if (t.empty()) return false;
  if (contains(notice_title, t)) return true;
  // The notice title names it, with or without 《》, between 印发/转发 and 的通知; OCR damages
  // both copies differently, so they are compared fuzzily.
  std::string named = without_quotes(notice_title);
  for (std::string_view verb : {"印发", "转发", "公布"})
    if (const auto p = named.find(verb); p != std::string::npos) {
      named = named.substr(p + verb.size());
      break;
    }
  if (const auto p = named.rfind("的通知"); p != std::string::npos) named.resize(p);
  std::string candidate = t;
  if (candidate.ends_with("的通知") && !named.ends_with("通知"))
    candidate.resize(candidate.size() - std::string_view("的通知").size());
  return utf8::similarity(named, candidate) >= 0.8;
}

}  // namespace

std::vector<Document> segment_documents(const std::string& issue_id, const IssueIdentity& issue,
                                        const std::vector<Page>& pages) {
  // Collect content lines and their typographic size.
  std::vector<ContentLine> content;
  std::vector<double> sizes;
  const auto printed = printed_pages(pages, issue);
  for (const auto& page : pages) {
    if (page.status == PageStatus::failed) continue;
    const auto furniture = find_furniture(page, issue);
    if (furniture.is_cover) continue;
    auto is_furniture = [&](std::size_t i) {
      return std::find(furniture.furniture_lines.begin(), furniture.furniture_lines.end(), i) !=
             furniture.furniture_lines.end();
    };
    // A line's column is every other line that overlaps it horizontally; its edges are the
    // column's text margins (two-column pages have two).
    auto column_edges = [&](const TextLine& l) {
      int left = l.box.x0, right = l.box.x1;
      for (std::size_t k = 0; k < page.lines.size(); ++k) {
        const auto& o = page.lines[k];
        if (is_furniture(k) || o.box.x1 <= l.box.x0 || o.box.x0 >= l.box.x1) continue;
        left = std::min(left, o.box.x0);
        right = std::max(right, o.box.x1);
      }
      return std::pair{left, right};
    };
    const TextLine* previous = nullptr;
    for (std::size_t i = 0; i < page.lines.size(); ++i) {
      if (is_furniture(i)) continue;
      const auto& l = page.lines[i];
      ContentLine c{l.text, l.size, l.box.x0, l.box.x1, page.width, printed[&page - pages.data()],
                    false,  false};
      const auto [left, right] = column_edges(l);
      c.column_left = left;
      c.column_right = right;
      const double em = l.size > 0 ? l.size : l.box.height();
      const bool indented = l.box.x0 > left + 0.8 * em;
      const bool previous_short =
          previous != nullptr && previous->box.x1 < column_edges(*previous).second - 1.5 * em;
      c.starts_paragraph = indented || previous_short || previous == nullptr;
      content.push_back(std::move(c));
      if (length_u32(l.text) >= 8) sizes.push_back(l.size);
      previous = &l;
    }
  }
  if (content.empty()) return {};
  std::sort(sizes.begin(), sizes.end());
  const double median = sizes.empty() ? 0 : sizes[sizes.size() / 2];
  for (std::size_t i = 0; i < content.size(); ++i) {
    auto& c = content[i];
    // Titles are set larger than the body (Hei or bold Song); sentences never end a title.
    const bool large = median > 0 && c.size >= kTitleSizeRatio * median;
    const std::string t = strip_spaces(c.text);
    // A signature block sits at the right; a title is centred or starts at the left.
    // Measured in the line's column, so that a title in the right column of a two-column page
    // is not taken for a signature: a signature's right margin is narrower than its left one;
    // a centred title has equal margins.
    const int column_width = c.column_right - c.column_left;
    const int left_margin = c.x0 - c.column_left, right_margin = c.column_right - c.x1;
    const bool right_aligned =
        column_width > 0 && left_margin > 0.25 * column_width && right_margin < 0.8 * left_margin;
    const bool continues_title = i > 0 && content[i - 1].title;
    // Pages set in columns (vertical print) set titles in the body's size: there, a line that
    // reads as an act's title and is followed by its number is one.
    bool number_next = false;
    for (std::size_t k = i + 1; k < std::min(content.size(), i + 3) && !number_next; ++k)
      number_next = leading_number(content[k].text).has_value();
    const bool titled = large || (number_next && looks_like_act_title(t) && length_u32(t) >= 6);
    c.title = titled && !right_aligned && !normalize_number(t) && !t.ends_with("。") &&
              !t.ends_with("，") && !t.ends_with("；") && !t.ends_with("：") &&
              han_ratio(t) >= 0.5 && !is_parenthesised(t) &&
              (length_u32(t) >= 2 || continues_title);
  }

  std::vector<DraftDocument> drafts;
  for (std::size_t i = 0; i < content.size();) {
    if (content[i].title) {
      std::vector<std::string> title_lines;
      const auto page = content[i].printed_page;
      while (i < content.size() && content[i].title) title_lines.push_back(content[i++].text);
      // The tail of a number that wrapped at the end of the previous act (〈浙政发〔2021〕15 /
      // 号）第三条) is set in the same size as the title after it; it belongs to that act.
      while (title_lines.size() > 1 && !drafts.empty() && is_number_tail(title_lines.front())) {
        drafts.back().lines.push_back(
            ContentLine{title_lines.front(), 0, 0, 0, 0, page, false, false});
        title_lines.erase(title_lines.begin());
      }
      std::string joined;
      for (const auto& t : title_lines) joined += strip_spaces(t);
      const bool is_order = joined.ends_with("令");
      if (!drafts.empty()) {
        auto& prev = drafts.back();
        std::string prev_title;
        for (const auto& t : prev.title_lines) prev_title += strip_spaces(t);
        // The act promulgated by a 令, or the text attached to a notice, belongs to it.
        const bool order_needs_title = prev.order_header && prev.title_lines.size() == 1 &&
                                       strip_spaces(prev.title_lines[0]).ends_with("令");
        // The promulgation paragraph quotes the act's title in 《》 (《…办法》已经…审议通过);
        // set large by OCR, its first line is still no title: the title follows the date.
        if (order_needs_title && joined.starts_with("《")) {
          for (const auto& t : title_lines)
            prev.lines.push_back(ContentLine{t, 0, 0, 0, 0, page, false, false});
          continue;
        }
        if (order_needs_title) {
          prev.lines.insert(prev.lines.begin(), ContentLine{prev.title_lines[0], 0, 0, 0, 0,
                                                            prev.first_page, false, false});
          prev.title_lines = title_lines;
          continue;
        }
        if (names_attachment(prev_title, joined)) {
          for (const auto& t : title_lines)
            prev.lines.push_back(ContentLine{t, 0, 0, 0, 0, page, true, true});
          prev.last_page = page ? page : prev.last_page;
          continue;
        }
      }
      // A heading inside an act (决定废止的行政规范性文件目录) is neither an act's title nor
      // followed by a number.
      bool number_follows = false;
      for (std::size_t k = i; k < std::min(content.size(), i + 3) && !number_follows; ++k)
        number_follows = leading_number(content[k].text).has_value() ||
                         strip_spaces(content[k].text).starts_with("第");
      if (!drafts.empty() && !is_order && !number_follows && !looks_like_act_title(joined)) {
        for (const auto& t : title_lines)
          drafts.back().lines.push_back(ContentLine{t, 0, 0, 0, 0, page, true, true});
        continue;
      }
      DraftDocument d;
      d.title_lines = title_lines;
      d.first_page = d.last_page = page;
      d.order_header = is_order;
      drafts.push_back(std::move(d));
      continue;
    }
    if (!drafts.empty()) {
      drafts.back().lines.push_back(content[i]);
      if (content[i].printed_page) drafts.back().last_page = content[i].printed_page;
    }
    ++i;
  }

  std::vector<Document> docs;
  std::vector<std::string> ids;
  for (const auto& draft : drafts) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "-%02d", static_cast<int>(ids.size()) + 1);
    ids.push_back(issue_id + suffix);
    docs.push_back(finish(draft, ids.back(), issue));
  }

  // The 目录 is a second reading of every title: where it reads better, it is taken (with the
  // authority and relations the title implies).
  std::vector<ContentsEntry> contents;
  for (const auto& page : pages) {
    if (page.status == PageStatus::failed || !find_furniture(page, issue).is_cover) continue;
    for (auto& e : parse_contents(page)) contents.push_back(std::move(e));
  }
  if (contents.empty()) return docs;
  std::string issue_text;
  for (const auto& d : docs) issue_text += d.text + "\n";
  struct Pair {
    double similarity;
    std::size_t doc, entry;
  };
  std::vector<Pair> pairs;
  for (std::size_t k = 0; k < docs.size(); ++k)
    for (std::size_t e = 0; e < contents.size(); ++e) {
      const double sim =
          utf8::similarity(without_quotes(docs[k].title), without_quotes(contents[e].title));
      if (sim >= 0.6) pairs.push_back({sim, k, e});
    }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity
                                        : std::tie(a.doc, a.entry) < std::tie(b.doc, b.entry);
  });
  std::vector<bool> doc_done(docs.size(), false), entry_done(contents.size(), false);
  for (const auto& p : pairs) {
    if (doc_done[p.doc] || entry_done[p.entry]) continue;
    doc_done[p.doc] = entry_done[p.entry] = true;
    const std::string& listed = contents[p.entry].title;
    if (listed == docs[p.doc].title ||
        better_title(docs[p.doc].title, listed, issue_text) != listed)
      continue;
    drafts[p.doc].listed_title = listed;
    docs[p.doc] = finish(drafts[p.doc], ids[p.doc], issue);
  }
  return docs;
}

std::vector<ContentsEntry> parse_contents(const Page& cover) {
  std::vector<ContentsEntry> out;
  // Entries follow the 目录 heading (OCR: 己录, 目錄); without one, every long line after the
  // issue line is a candidate.
  std::size_t first = 0;
  bool heading = false;
  for (std::size_t i = 0; i < cover.lines.size() && !heading; ++i) {
    const std::string t = strip_spaces(cover.lines[i].text);
    const auto n = length_u32(t);
    if (n >= 2 && n <= 3 && (t.ends_with("录") || t.ends_with("錄") || t.starts_with("目")))
      heading = true, first = i + 1;
  }
  std::string title;
  auto close = [&](std::optional<int> page) {
    if (length_u32(title) >= 6) out.push_back({title, page});
    title.clear();
  };
  for (std::size_t i = first; i < cover.lines.size(); ++i) {
    std::string t = strip_spaces(cover.lines[i].text);
    if (!heading && (is_issue_line(t) || !series_in(t).empty() || parse_date(t))) continue;
    // 【省政府文件】: a category, never part of a title.
    if (t.starts_with("【") || t.starts_with("[") || t.starts_with("〔") || t.starts_with("［")) {
      if (t.ends_with("】") || t.ends_with("]") || t.ends_with("〕") || t.ends_with("］")) {
        close(std::nullopt);
        continue;
      }
    }
    auto cps = utf8::decode(t);
    // The page number and the dot leaders OCR read as marks and letters (…77:, 。pp, ……).
    std::string digits;
    while (!cps.empty() && !utf8::is_han(cps.back()) &&
           std::u32string_view(U"》）)").find(cps.back()) == std::u32string_view::npos) {
      const char32_t c = utf8::to_halfwidth(cps.back());
      if (c >= U'0' && c <= U'9') digits.insert(digits.begin(), static_cast<char>(c));
      cps.pop_back();
    }
    // Vertical 目录 print the page in Chinese numerals after the title (…的指示二).
    std::u32string chinese;
    if (digits.empty()) {
      std::u32string rest = cps;
      while (!rest.empty() && std::u32string_view(U"〇一二三四五六七八九十").find(rest.back()) !=
                                  std::u32string_view::npos) {
        chinese.insert(chinese.begin(), rest.back());
        rest.pop_back();
      }
      if (!chinese.empty() && chinese.size() <= 3 &&
          looks_like_act_title(utf8::encode(utf8::decode(title) + rest)))
        cps = rest;
      else
        chinese.clear();
    }
    // Latin letters between Han characters are specks (的决定y的决定).
    std::u32string kept;
    for (std::size_t k = 0; k < cps.size(); ++k) {
      const char32_t c = cps[k];
      const bool latin = (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
      if (!latin) kept.push_back(c);
    }
    // Leading marks (“, -, _) before the title.
    std::size_t b = 0;
    while (b < kept.size() && !utf8::is_han(kept[b]) && kept[b] != U'《' &&
           !(kept[b] >= U'0' && kept[b] <= U'9'))
      ++b;
    title += utf8::encode(std::u32string_view(kept).substr(b));
    std::optional<int> page;
    if (!digits.empty() && digits.size() <= 3) page = std::stoi(digits);
    if (!chinese.empty()) page = chinese_number(utf8::encode(chinese));
    if (page || looks_like_act_title(title)) close(page);
  }
  close(std::nullopt);
  return out;
}

std::string better_title(const std::string& printed, const std::string& listed,
                         std::string_view reference) {
  // A title's words recur in the text of its issue (the notice quotes the act it prints, the
  // list names what it repeals); a character pair that occurs nowhere else is more likely an
  // OCR error. The reading with fewer such pairs wins, a reading that ends in an act's genre
  // (通知, 办法 …) first.
  auto unsupported = [&](const std::string& title) {
    const auto cps = utf8::decode(without_quotes(title));
    int n = 0;
    for (std::size_t k = 0; k + 1 < cps.size(); ++k)
      if (!contains(reference, utf8::encode(cps.substr(k, 2)))) ++n;
    return n;
  };
  const bool printed_act = looks_like_act_title(printed), listed_act = looks_like_act_title(listed);
  if (printed_act != listed_act) return listed_act ? listed : printed;
  return unsupported(listed) < unsupported(printed) ? listed : printed;
}

}  // namespace gazette::pipeline

namespace gazette::pipeline {

std::string fold_title(std::string_view title) {
  // Traditional forms that gazette titles of the 1950s print, and their simplified forms.
  static constexpr std::u32string_view kTraditional =
      U"關於強產頓農業組織導會發機構區縣專幹劃計設經濟貿財務衛條辦規決議見細則報鄉鎮廳處華國"
      U"糧儲備營稅價檢運輸電資號對開歸與為學醫藥護環災測興礦漁蠶緊傳統體製質賣買壓據態勞動響"
      U"點個們實當應邊遷遠進還這將從屬廣東門問間陽陳際隊階場塊聯聲職書領頒預題類風驗黨齊歷錄"
      U"鐵銀錢長線練維級紀約納給結絡續總編義習圖團園圍過選遺釋閉隨難雙雜離靈項順須顯養館駐鬥"
      U"爭無熱獨獲現畢異療盡監確禮稱種積穩競節範築簡網罰舉藝蘇萬葉補裝複規視親觀訂討訓記許論"
      U"訪證評試話該詳認語說請課調談講識譯讀變讓豐負貨責貫貧購貸費賽贊車軍較載輕輔轉達遞適遲"
      U"銷鎮閱陸險靜頂頭額飲飼餘駕鳳麥黃擁擇擊擔擴擬損換揮揚掃採戰戶憲懷惡慶憂愛廢廠庫幣師帶"
      U"幫幾島嶺層屆尋導孫寧審寫寬寶婦壯墾堅執圓嚴囑單員啟勢勝勵勸創則別減兒傷僅億優倉來係偉"
      U"側偵亂並兩齡懲處剛";
  static constexpr std::u32string_view kSimplified =
      U"关于强产顿农业组织导会发机构区县专干划计设经济贸财务卫条办规决议见细则报乡镇厅处华国"
      U"粮储备营税价检运输电资号对开归与为学医药护环灾测兴矿渔蚕紧传统体制质卖买压据态劳动响"
      U"点个们实当应边迁远进还这将从属广东门问间阳陈际队阶场块联声职书领颁预题类风验党齐历录"
      U"铁银钱长线练维级纪约纳给结络续总编义习图团园围过选遗释闭随难双杂离灵项顺须显养馆驻斗"
      U"争无热独获现毕异疗尽监确礼称种积稳竞节范筑简网罚举艺苏万叶补装复规视亲观订讨训记许论"
      U"访证评试话该详认语说请课调谈讲识译读变让丰负货责贯贫购贷费赛赞车军较载轻辅转达递适迟"
      U"销镇阅陆险静顶头额饮饲余驾凤麦黄拥择击担扩拟损换挥扬扫采战户宪怀恶庆忧爱废厂库币师带"
      U"帮几岛岭层届寻导孙宁审写宽宝妇壮垦坚执圆严嘱单员启势胜励劝创则别减儿伤仅亿优仓来系伟"
      U"侧侦乱并两龄惩处刚";
  static_assert(kTraditional.size() == kSimplified.size());
  std::u32string out;
  for (char32_t c : utf8::decode(title)) {
    if (std::u32string_view(U"《》〈〉“”\"").find(c) != std::u32string_view::npos ||
        utf8::is_space(c))
      continue;
    if (const auto k = kTraditional.find(c); k != std::u32string_view::npos) c = kSimplified[k];
    out.push_back(c);
  }
  return utf8::encode(out);
}

void complete_targets(std::vector<Document>& docs,
                      const std::vector<std::pair<std::string, std::string>>& known) {
  std::vector<std::pair<std::string, std::string>> folded;  // (number, folded title)
  for (const auto& [number, title] : known)
    if (!number.empty() && !title.empty()) folded.emplace_back(number, fold_title(title));
  for (auto& d : docs)
    for (auto& r : d.relations) {
      if (!r.target_number.empty() || r.target_title.empty() || r.type == RelationType::cites)
        continue;
      const std::string want = fold_title(r.target_title);
      double best = 0, second = 0;
      std::string number;
      for (const auto& [n, t] : folded) {
        if (n == d.number) continue;  // an act never relates to itself
        const double sim = utf8::similarity(want, t);
        if (sim > best) {
          if (n != number) second = best;
          best = sim, number = n;
        } else if (sim > second && n != number) {
          second = sim;
        }
      }
      if (best >= 0.85 && best - second >= 0.05) r.target_number = number;
    }
}

}  // namespace gazette::pipeline
