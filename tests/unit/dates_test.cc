// Printed dates: CONTRACT §3 "Dates are ISO YYYY-MM-DD; printed dates may be Arabic
// (2014年3月18日) or Chinese numerals (二〇一四年三月十八日)."
#include "gazette/dates.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "table_util.h"

namespace gazette {
namespace {

using test::show;

constexpr std::nullopt_t kNone = std::nullopt;

struct ParseRow {
  const char* input;
  std::optional<std::string> expected;
};

const ParseRow kParseRows[] = {
    // Arabic.
    {"2014年3月18日", "2014-03-18"},
    {"2014年03月18日", "2014-03-18"},
    {"2014年3月8日", "2014-03-08"},
    {"2014年12月31日", "2014-12-31"},
    {"1953年5月10日", "1953-05-10"},
    // Full-width digits.
    {"２０１４年３月１８日", "2014-03-18"},
    {"２０１４年12月１日", "2014-12-01"},
    // Chinese numerals, with every zero the print or OCR shows.
    {"二〇一四年三月十八日", "2014-03-18"},
    {"二○一四年三月十八日", "2014-03-18"},
    {"二零一四年三月十八日", "2014-03-18"},
    {"二O一四年三月十八日", "2014-03-18"},   // Latin O for 〇
    {"二Ｏ一四年三月十八日", "2014-03-18"},  // full-width Latin O
    {"二0一四年三月十八日", "2014-03-18"},   // Arabic 0 for 〇
    {"二〇一0年十月一日", "2010-10-01"},
    {"一九五三年五月十日", "1953-05-10"},
    {"二〇一七年十二月三十一日", "2017-12-31"},
    {"二〇一七年十月一日", "2017-10-01"},
    {"二〇一七年十一月二十日", "2017-11-20"},
    {"二〇一七年一月二十九日", "2017-01-29"},
    {"二〇二〇年二月二十九日", "2020-02-29"},
    {"二〇〇〇年一月一日", "2000-01-01"},
    // Stray spaces.
    {"2014 年 3 月 18 日", "2014-03-18"},
    {"2014年 3月 18日", "2014-03-18"},
    {"二〇一四 年 三 月 十八 日", "2014-03-18"},
    {"  2014年3月18日  ", "2014-03-18"},
    {"\t2014年3月18日\n", "2014-03-18"},
    {"　2014年3月18日　", "2014-03-18"},
    // Numeric forms.
    {"2014-03-18", "2014-03-18"},
    {"2014-3-8", "2014-03-08"},
    {"2014.3.18", "2014-03-18"},
    {"2014.03.18", "2014-03-18"},
    {"2014/3/18", "2014-03-18"},
    {"２０１４－０３－１８", "2014-03-18"},
    {"２０１４．３．１８", "2014-03-18"},
    // Leap years.
    {"2016年2月29日", "2016-02-29"},
    {"2000年2月29日", "2000-02-29"},
    {"2015年2月29日", kNone},
    {"1900年2月29日", kNone},
    {"二〇一九年二月二十九日", kNone},
    // Impossible dates.
    {"2014年2月30日", kNone},
    {"2014年4月31日", kNone},
    {"2014年13月1日", kNone},
    {"2014年0月1日", kNone},
    {"2014年3月0日", kNone},
    {"2014年3月32日", kNone},
    {"二〇一四年十三月一日", kNone},
    {"二〇一四年三月三十二日", kNone},
    {"2014-02-30", kNone},
    {"2014-13-01", kNone},
    // OCR damage seen on structure-bench signatures (issue #4).
    {"二@〇一四年四月八日", "2014-04-08"},      // @ and 〇 for one 〇
    {"二@一四年四月八日", "2014-04-08"},        // @ for 〇
    {"二CC一四年二月十八日", "2014-02-18"},     // CC for one 〇
    {"二〇一四五年二月十八日", kNone},          // five digits, no doubled zero
    {"二C一四年二月十八日", "2014-02-18"},      // C for 〇
    {"二O-一四年三月三日", "2014-03-03"},       // stray dash inside the year
    {"二〇-四年一月二十八日", "2014-01-28"},    // dash for 一
    {"二-一四年一月二十八日", "2114-01-28"},    // dash for 一 after the first digit
    {"二〇-年一月二十八日", kNone},             // too short even with the dash
    {"二〇一O〇年一月二十一日", "2010-01-21"},  // doubled zero
    {"二O〇一〇年二月一日", "2010-02-01"},      // doubled zero, first pair
    {"二〇〇〇年一月一日", "2000-01-01"},       // real zeros stay
    // OCR damage after the session-3 OCR changes (structure-bench, issue #4).
    {"二O〇一C〇年一月十日", "2010-01-10"},  // two doubled zeros
    {"二〇〇〇〇年一月一日", "2000-01-01"},  // one doubled among real zeros
    {"二〇一四五六年一月一日", kNone},       // six digits, no doubled zero
    {"2016年11]月28日", "2016-11-28"},       // a speck after a two-digit month
    {"2023年12月3]1日", "2023-12-31"},  // a speck between a day's digits (structure-bench, 200 dpi)
    {"2016年1]2月5日", "2016-12-05"},   // and between a month's
    {"2023年11月3]0日", "2023-11-30"},
    {"2023年11月3]9日", kNone},            // no 39th
    {"2016年11月28]日", "2016-11-28"},     // … or day
    {"一力五三年三月-日", "1953-03-01"},   // 力 for 九, dash for 一
    {"一九五三年三月—日", "1953-03-01"},   // dash for 一
    {"一九五三年-月十日", "1953-01-10"},   // dash for 一 as the month
    {"一九五三年三月-", kNone},            // a dash alone is no day
    {"2017年6月]日", "2017-06-01"},        // ] for 1
    {"2017年3月3]日", "2017-03-31"},       // 3] for 31
    {"2017年3月l日", "2017-03-01"},        // l for 1
    {"2019年i1月16日", "2019-11-16"},      // i for 1
    {"2017年]月5日", "2017-01-05"},        // ] for 1 before 月
    {"2019年ID月]日", "2019-10-01"},       // ID for 10, ] for 1 (structure-bench 2019)
    {"2019年1O月1日", "2019-10-01"},       // O for 0 after a digit
    {"2019年10月2O日", "2019-10-20"},      // O for 0 in the day
    {"2019年lo月1日", "2019-10-01"},       // l and o for 10
    {"2019年O1月1日", kNone},              // a leading O is no digit
    {"2019年D月1日", kNone},               // D alone is no digit
    {"2019年1D1月1日", kNone},             // D only right before 月/日
    {"2020年4月15晶", "2020-04-15"},       // 晶 for 日
    {"2020年4月15曰", "2020-04-15"},       // 曰 for 日
    {"2020年4月156", "2020-04-15"},        // 6 for 日 at the end
    {"2020年4月15", "2020-04-15"},         // 日 lost at the end of a line
    {"二〇一四年二月十八", "2014-02-18"},  // 日 lost
    {"2020年4月15人", kNone},              // not a 日 look-alike
    {"2020年4月]", kNone},                 // ] alone is no day
    // Incomplete or not a date.
    {"", kNone},
    {"2014年", kNone},
    {"二○一四年", kNone},
    {"2014年3月", kNone},
    {"二〇一四年三月", kNone},
    {"3月18日", kNone},
    {"14年3月18日", kNone},
    {"2014-03", kNone},
    {"2014-03/18", kNone},
    {"20140318", kNone},
    {"2014年第11期", kNone},
    // More than a date.
    {"2014年3月18日起", kNone},
    {"自2014年3月18日", kNone},
    {"2014年3月18日至2015年3月17日", kNone},
};

TEST(Dates, ParseDate) {
  for (const auto& row : kParseRows) {
    EXPECT_EQ(show(parse_date(row.input)), show(row.expected)) << "input: " << row.input;
  }
}

struct Expected {
  const char* iso;
  const char* printed;  // the bytes of `text` the match must cover
};

struct FindRow {
  const char* text;
  std::vector<Expected> expected;
};

const FindRow kFindRows[] = {
    {"", {}},
    {"为加强管理，制定本办法。", {}},
    {"2014年第11期", {}},
    {"2014年3月", {}},
    {"二〇一四年三月十八日印发", {{"2014-03-18", "二〇一四年三月十八日"}}},
    {"有效期至2020年12月31日。", {{"2020-12-31", "2020年12月31日"}}},
    {"浙江省人民政府 2014 年 3 月 18 日", {{"2014-03-18", "2014 年 3 月 18 日"}}},
    {"本办法自2015年1月1日起施行，2010年5月1日发布的《浙江省某某办法》同时废止。",
     {{"2015-01-01", "2015年1月1日"}, {"2010-05-01", "2010年5月1日"}}},
    {"2014-03-18至2015-03-17", {{"2014-03-18", "2014-03-18"}, {"2015-03-17", "2015-03-17"}}},
    {"一九五三年五月十日和二〇一七年十二月三十一日",
     {{"1953-05-10", "一九五三年五月十日"}, {"2017-12-31", "二〇一七年十二月三十一日"}}},
    {"（２０１４年３月１８日）", {{"2014-03-18", "２０１４年３月１８日"}}},
    // An impossible date is skipped; the next one is still found.
    {"2014年2月30日和2014年3月1日", {{"2014-03-01", "2014年3月1日"}}},
    // A year with more digits in front is no year.
    {"编号12014年3月18日", {}},
};

TEST(Dates, FindDates) {
  for (const auto& row : kFindRows) {
    const std::string text = row.text;
    const auto found = find_dates(text);
    ASSERT_EQ(found.size(), row.expected.size()) << "text: " << text;
    std::size_t from = 0;
    for (std::size_t k = 0; k < found.size(); ++k) {
      const auto& e = row.expected[k];
      const std::string printed = e.printed;
      const std::size_t begin = test::locate(text, printed, from);
      ASSERT_NE(begin, std::string::npos) << "bad row, printed form absent: " << printed;
      EXPECT_EQ(found[k].iso, e.iso) << "text: " << text << " match " << k;
      EXPECT_EQ(found[k].begin, begin) << "text: " << text << " match " << k;
      EXPECT_EQ(found[k].end, begin + printed.size()) << "text: " << text << " match " << k;
      from = begin + printed.size();
    }
  }
}

struct ShiftRow {
  const char* iso;
  int amount;
  const char* expected;
};

const ShiftRow kAddYearsRows[] = {
    {"2014-03-18", 5, "2019-03-18"},
    {"2015-01-01", 3, "2018-01-01"},
    {"2014-12-31", 1, "2015-12-31"},
    {"2014-03-18", 0, "2014-03-18"},
    {"2019-03-18", -5, "2014-03-18"},
    // 29 February becomes 28 February in a common year.
    {"2016-02-29", 1, "2017-02-28"},
    {"2016-02-29", 3, "2019-02-28"},
    {"2016-02-29", 4, "2020-02-29"},
    {"2016-02-29", -1, "2015-02-28"},
    {"2000-02-29", 100, "2100-02-28"},
    {"2016-02-28", 1, "2017-02-28"},
};

TEST(Dates, AddYears) {
  for (const auto& row : kAddYearsRows) {
    EXPECT_EQ(add_years(row.iso, row.amount), row.expected)
        << row.iso << " + " << row.amount << " years";
  }
}

const ShiftRow kAddDaysRows[] = {
    {"2014-03-18", 0, "2014-03-18"},   {"2014-03-18", 1, "2014-03-19"},
    {"2014-03-18", 30, "2014-04-17"},  {"2014-12-31", 1, "2015-01-01"},
    {"2015-01-01", -1, "2014-12-31"},  {"2016-02-28", 1, "2016-02-29"},
    {"2015-02-28", 1, "2015-03-01"},   {"2016-03-01", -1, "2016-02-29"},
    {"2014-01-01", 365, "2015-01-01"}, {"2016-01-01", 366, "2017-01-01"},
    {"2020-12-31", 1, "2021-01-01"},
};

TEST(Dates, AddDays) {
  for (const auto& row : kAddDaysRows) {
    EXPECT_EQ(add_days(row.iso, row.amount), row.expected)
        << row.iso << " + " << row.amount << " days";
  }
}

struct ValidRow {
  int year, month, day;
  bool valid;
};

const ValidRow kValidRows[] = {
    {2014, 3, 18, true},  {2014, 12, 31, true}, {2014, 1, 1, true},   {2014, 2, 28, true},
    {2014, 2, 29, false}, {2016, 2, 29, true},  {2000, 2, 29, true},  {1900, 2, 29, false},
    {2014, 4, 30, true},  {2014, 4, 31, false}, {2014, 1, 32, false}, {2014, 13, 1, false},
    {2014, 0, 1, false},  {2014, 1, 0, false},  {2014, -1, 1, false}, {2014, 1, -1, false},
};

TEST(Dates, IsValidDate) {
  for (const auto& row : kValidRows) {
    EXPECT_EQ(is_valid_date(row.year, row.month, row.day), row.valid)
        << row.year << "-" << row.month << "-" << row.day;
  }
}

TEST(Dates, IsoDate) {
  EXPECT_EQ(iso_date(2014, 3, 8), "2014-03-08");
  EXPECT_EQ(iso_date(2017, 12, 31), "2017-12-31");
  EXPECT_EQ(iso_date(1953, 5, 10), "1953-05-10");
}

TEST(Dates, TodayIsAValidIsoDate) {
  const std::string today = today_iso();
  ASSERT_EQ(today.size(), 10u);
  EXPECT_EQ(parse_date(today), today);
}

}  // namespace
}  // namespace gazette
