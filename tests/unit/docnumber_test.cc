// Document numbers (文号, 令号): CONTRACT §3 "number is normalised: brackets 〔〕 whatever the
// print or OCR showed, ASCII digits, no spaces. 政府令第N号 keeps its 第."
#include "gazette/docnumber.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "table_util.h"

namespace gazette {
namespace {

using test::show;

constexpr std::nullopt_t kNone = std::nullopt;

struct NormalizeRow {
  const char* input;
  std::optional<std::string> expected;
};

const NormalizeRow kNormalizeRows[] = {
    // Already normal.
    {"浙政办发〔2014〕36号", "浙政办发〔2014〕36号"},
    {"国发〔2014〕5号", "国发〔2014〕5号"},
    {"国办发〔2016〕80号", "国办发〔2016〕80号"},
    // Every bracket the print or OCR may show.
    {"浙政办发[2014]36号", "浙政办发〔2014〕36号"},
    {"浙政办发(2014)36号", "浙政办发〔2014〕36号"},
    {"浙政办发（2014）36号", "浙政办发〔2014〕36号"},
    {"浙政办发【2014】36号", "浙政办发〔2014〕36号"},
    {"浙政办发［2014］36号", "浙政办发〔2014〕36号"},
    {"浙政办发〔2014]36号", "浙政办发〔2014〕36号"},
    {"浙政办发[2014〕36号", "浙政办发〔2014〕36号"},
    {"浙政办发(2014〕36号", "浙政办发〔2014〕36号"},
    // OCR damage seen on structure-bench pages (issue #4).
    {"浙政干【〔【2014]24号", "浙政干〔2014〕24号"},     // doubled brackets
    {"浙政办发〔1988〕j37号", "浙政办发〔1988〕37号"},   // stray Latin letter
    {"浙政办发〔1988〕jj37号", kNone},                   // more than one letter: not a number
    {"粤府办[2016j130号", "粤府办〔2016〕130号"},        // j for the closing bracket
    {"国办发【2010j57号", "国办发〔2010〕57号"},         // j for the closing bracket
    {"粤府办[2016j号", kNone},                           // j and no serial
    {"甸府办〔2012〕38号", "粤府办〔2012〕38号"},        // 甸 for 粤
    {"黑府办〔2016〕130号", "粤府办〔2016〕130号"},      // 黑 for 粤 (黑府办 is no code)
    {"四府任〔2020〕39号", "粤府任〔2020〕39号"},        // 四 for 粤
    {"细府办〔2006〕20号", "粤府办〔2006〕20号"},        // 细 for 粤
    {"黑政发〔2016〕1号", "黑政发〔2016〕1号"},          // Heilongjiang's own code stays
    {"浙政办\\发〔2017〕42号", "浙政办发〔2017〕42号"},  // stray mark inside the code
    {"浙政办|发〔2017〕42号", "浙政办发〔2017〕42号"},
    {"浙政发〔2010〕9.号", "浙政发〔2010〕9号"},  // dot before 号
    {"浙政发〔2010〕9。号", "浙政发〔2010〕9号"},
    {"浙政发〔2010〕9..号", kNone},  // one stray only
    {"通知人〔2008〕28号", kNone},   // a title's end, no code
    {"管理工作的通知人〔2008〕28号", kNone},
    // 1950s numbers in Chinese numerals, 號 in traditional print.
    {"浙府秘字〔一九五三〕第十一號", "浙府秘字〔1953〕11号"},
    {"浙府秘字（一九五三〕第十五號", "浙府秘字〔1953〕15号"},  // OCR: （ for 〔
    {"浙府秘字〔一九五三〕第十二号", "浙府秘字〔1953〕12号"},
    {"浙府秘字〔一九五三〕二十號", "浙府秘字〔1953〕20号"},
    {"浙府秘字〔一九五三〕第一百零五號", "浙府秘字〔1953〕105号"},
    {"浙府秘字〔一九五三〕第二二號", "浙府秘字〔1953〕22号"},  // digits without 十: positional
    {"浙府秘字〔一九五三〕第號", kNone},
    {"浙府秘字〔一九五〕第十一號", kNone},  // a year of three digits
    {"浙府秘字〔一九五三〕第十一", kNone},  // no 号
    // OCR lost the opening bracket (structure-bench, pages read at 200 dpi): the closing one
    // and a year straight after the code still make the number.
    {"浙府秘字一九五三〕第十二號", "浙府秘字〔1953〕12号"},
    {"浙政发2014〕5号", "浙政发〔2014〕5号"},
    {"浙政发2014年5号", kNone},  // no bracket at all: not a 文号
    {"浙政发20145号", kNone},
    {"浙政发2014j5号", kNone},    // no bracket at all, even a j for one
    {"统计年鉴2014)3号", kNone},  // prose before a year: no issuer code
    {"浙政发〔2014〕36號", "浙政发〔2014〕36号"},
    {"浙江省人民政府令第5號", "浙江省人民政府令第5号"},
    {"新政发〔2016〕1号", "新政发〔2016〕1号"},              // Xinjiang's own code stays
    {"浙玫发〔2019〕12号", "浙政发〔2019〕12号"},            // 玫 for 政
    {"淅政办发〔2017〕42号", "浙政办发〔2017〕42号"},        // 淅 for 浙
    {"诸政发〔2014〕34号", "浙政发〔2014〕34号"},            // 诸 for 浙
    {"源政发〔2021〕15号", "浙政发〔2021〕15号"},            // 源 for 浙
    {"新江省人民政府令第235号", "浙江省人民政府令第235号"},  // 新 for 浙
    {"计江省人民政府令第37号", "浙江省人民政府令第37号"},    // 计 for 浙
    // Full-width digits.
    {"浙政办发（２０１４）３６号", "浙政办发〔2014〕36号"},
    {"浙政办发〔２０１４〕36号", "浙政办发〔2014〕36号"},
    {"浙政办发(２０１４)36号", "浙政办发〔2014〕36号"},
    // Stray spaces: ASCII, ideographic, inside the year.
    {"浙政办发 〔2014〕 36 号", "浙政办发〔2014〕36号"},
    {"浙政办发 【2014】 36 号", "浙政办发〔2014〕36号"},
    {"浙政办发 [ 2014 ] 36 号", "浙政办发〔2014〕36号"},
    {"浙政办发〔2 014〕36号", "浙政办发〔2014〕36号"},
    {"浙政办发〔2014〕3 6号", "浙政办发〔2014〕36号"},
    {"浙政办发　〔2014〕　36号", "浙政办发〔2014〕36号"},
    {"  浙政办发〔2014〕36号  ", "浙政办发〔2014〕36号"},
    {"\t浙政办发〔2014〕36号\n", "浙政办发〔2014〕36号"},
    // Leading zeros in the serial.
    {"浙政办发〔2014〕036号", "浙政办发〔2014〕36号"},
    {"浙政办发〔2014〕0036号", "浙政办发〔2014〕36号"},
    {"浙政发〔2014〕01号", "浙政发〔2014〕1号"},
    // 第 between the year and the serial is not part of a 文号.
    {"国发〔2014〕第5号", "国发〔2014〕5号"},
    // OCR reads a trailing digit as "3]" or "3)".
    {"浙政发[2017]3]号", "浙政发〔2017〕3号"},
    {"浙政发〔2017〕3)号", "浙政发〔2017〕3号"},
    {"浙政发〔2017〕31]号", "浙政发〔2017〕31号"},
    // 令号 keep their 第.
    {"浙江省人民政府令第321号", "浙江省人民政府令第321号"},
    {"浙江省人民政府令第 321 号", "浙江省人民政府令第321号"},
    {"浙江省人民政府令 第321号", "浙江省人民政府令第321号"},
    {"浙江省人民政府令第３２１号", "浙江省人民政府令第321号"},
    {"浙江省人民政府令第0321号", "浙江省人民政府令第321号"},
    {"浙江省人民政府令第271]号", "浙江省人民政府令第271号"},
    {"浙江省人民政府令第271)号", "浙江省人民政府令第271号"},
    {"杭州市人民政府令第5号", "杭州市人民政府令第5号"},
    {"中华人民共和国国务院令第708号", "中华人民共和国国务院令第708号"},
    {"省政府令第1号", "省政府令第1号"},
    // Not a document number.
    {"", kNone},
    {"   ", kNone},
    {"2014年", kNone},
    {"2014年3月18日", kNone},
    {"关于加强行政规范性文件管理的通知", kNone},
    {"浙政发〔201〕3号", kNone},    // a year of three digits
    {"浙政发〔20145〕3号", kNone},  // a year of five digits
    {"浙政发〔0914〕3号", kNone},   // no such year
    {"浙政发〔2014〕号", kNone},    // no serial
    {"浙政发〔2014〕36", kNone},    // no 号
    {"〔2014〕36号", kNone},        // no issuer code
    {"（2014）", kNone},
    {"浙政发〔2014〕36号文", kNone},                    // more than the number
    {"浙政发〔2014〕36号、浙政发〔2014〕37号", kNone},  // two numbers
    {"浙江省人民政府令", kNone},
    {"浙江省人民政府令第号", kNone},
    {"命令第3号", kNone},  // one character is no issuer
    {"第321号", kNone},
};

TEST(DocNumber, NormalizeNumber) {
  for (const auto& row : kNormalizeRows) {
    EXPECT_EQ(show(normalize_number(row.input)), show(row.expected)) << "input: " << row.input;
  }
}

struct Expected {
  const char* number;   // normalised
  const char* printed;  // the bytes of `text` the match must cover
};

struct FindRow {
  const char* text;
  std::vector<Expected> expected;
};

const FindRow kFindRows[] = {
    {"", {}},
    {"本办法自2015年1月1日起施行。", {}},
    {"2014年第11期（总第398期）", {}},
    {"第（2014）期", {}},
    {"浙政办发〔2014〕36号", {{"浙政办发〔2014〕36号", "浙政办发〔2014〕36号"}}},
    // Lead-ins before the issuer code are not part of it.
    {"根据浙政发〔2014〕1号", {{"浙政发〔2014〕1号", "浙政发〔2014〕1号"}}},
    {"根据浙政发〔2014〕1号文件精神，制定本办法。", {{"浙政发〔2014〕1号", "浙政发〔2014〕1号"}}},
    {"按照浙政办发[2014]36号要求", {{"浙政办发〔2014〕36号", "浙政办发[2014]36号"}}},
    {"依据浙政发〔2014〕1号", {{"浙政发〔2014〕1号", "浙政发〔2014〕1号"}}},
    {"依照浙政发〔2014〕1号执行", {{"浙政发〔2014〕1号", "浙政发〔2014〕1号"}}},
    {"现将浙政发〔2014〕1号转发给你们", {{"浙政发〔2014〕1号", "浙政发〔2014〕1号"}}},
    {"贯彻落实浙政发〔2014〕1号精神", {{"浙政发〔2014〕1号", "浙政发〔2014〕1号"}}},
    {"原浙政发〔2010〕12号文件同时废止。", {{"浙政发〔2010〕12号", "浙政发〔2010〕12号"}}},
    {"根据浙江省人民政府令第321号", {{"浙江省人民政府令第321号", "浙江省人民政府令第321号"}}},
    {"依据浙江省人民政府令第 321 号", {{"浙江省人民政府令第321号", "浙江省人民政府令第 321 号"}}},
    {"现公布浙江省人民政府令第321号", {{"浙江省人民政府令第321号", "浙江省人民政府令第321号"}}},
    // Bracketed after a title.
    {"《浙江省行政规范性文件管理办法》（浙江省人民政府令第275号）",
     {{"浙江省人民政府令第275号", "浙江省人民政府令第275号"}}},
    {"原《浙江省某某规定》（浙政发〔2010〕12号）同时废止。",
     {{"浙政发〔2010〕12号", "浙政发〔2010〕12号"}}},
    {"1．浙江省人民政府办公厅关于加强档案管理工作的通知（浙政办发（2004）12号）",
     {{"浙政办发〔2004〕12号", "浙政办发（2004）12号"}}},
    // Damaged forms inside text.
    {"见浙政办发 〔2014〕 36 号。", {{"浙政办发〔2014〕36号", "浙政办发 〔2014〕 36 号"}}},
    {"（浙政发[2017]3]号）", {{"浙政发〔2017〕3号", "浙政发[2017]3]号"}}},
    {"（浙江省人民政府令第271]号）", {{"浙江省人民政府令第271号", "浙江省人民政府令第271]号"}}},
    {"（浙政办发（２０１４）３６号）", {{"浙政办发〔2014〕36号", "浙政办发（２０１４）３６号"}}},
    // Several numbers.
    {"浙政办发〔2014〕36号、浙政办发〔2015〕2号",
     {{"浙政办发〔2014〕36号", "浙政办发〔2014〕36号"},
      {"浙政办发〔2015〕2号", "浙政办发〔2015〕2号"}}},
    {"浙政发〔2014〕1号和浙政发〔2014〕2号同时废止。",
     {{"浙政发〔2014〕1号", "浙政发〔2014〕1号"}, {"浙政发〔2014〕2号", "浙政发〔2014〕2号"}}},
    {"浙江省人民政府令第321号浙江省人民政府令第322号",
     {{"浙江省人民政府令第321号", "浙江省人民政府令第321号"},
      {"浙江省人民政府令第322号", "浙江省人民政府令第322号"}}},
    {"浙政办发〔2014〕36号及浙政办发〔2015〕2号",
     {{"浙政办发〔2014〕36号", "浙政办发〔2014〕36号"},
      {"浙政办发〔2015〕2号", "浙政办发〔2015〕2号"}}},
    {"《浙江省A办法》（浙政发〔2008〕1号）和《浙江省B规定》（浙江省人民政府令第190号）同时废止。",
     {{"浙政发〔2008〕1号", "浙政发〔2008〕1号"},
      {"浙江省人民政府令第190号", "浙江省人民政府令第190号"}}},
    {"根据国发〔2014〕5号、国办发[2016]80号和浙政发(2017)3号文件精神",
     {{"国发〔2014〕5号", "国发〔2014〕5号"},
      {"国办发〔2016〕80号", "国办发[2016]80号"},
      {"浙政发〔2017〕3号", "浙政发(2017)3号"}}},
    // structure-bench 2019 repeal list: the code lost, what stands before the bracket is the
    // end of the item's title.
    {"3.浙江省人民政府办公厅关于进一步加强数据资源管理工作的通知人《2008) 28号）", {}},
    {"1，浙江省人民政府关於做好防汛工作的指示〈浙府秘字〔1953〕15号）",
     {{"浙府秘字〔1953〕15号", "浙府秘字〔1953〕15号"}}},
    {"（浙政办\\发〔2017〕42号）", {{"浙政办发〔2017〕42号", "浙政办\\发〔2017〕42号"}}},
    {"工作的浙政发〔2008〕28号", {{"浙政发〔2008〕28号", "浙政发〔2008〕28号"}}},  // 的 is no part
    // A year of three digits is no number; the one after it still is.
    {"浙政发〔201〕3号，浙政发〔2014〕3号", {{"浙政发〔2014〕3号", "浙政发〔2014〕3号"}}},
};

TEST(DocNumber, FindNumbers) {
  for (const auto& row : kFindRows) {
    const std::string text = row.text;
    const auto found = find_numbers(text);
    ASSERT_EQ(found.size(), row.expected.size()) << "text: " << text;
    std::size_t from = 0;
    for (std::size_t k = 0; k < found.size(); ++k) {
      const auto& e = row.expected[k];
      const std::size_t begin = test::locate(text, e.printed, from);
      ASSERT_NE(begin, std::string::npos) << "bad row, printed form absent: " << e.printed;
      const std::string printed = e.printed;
      EXPECT_EQ(found[k].number, e.number) << "text: " << text << " match " << k;
      EXPECT_EQ(found[k].begin, begin) << "text: " << text << " match " << k;
      EXPECT_EQ(found[k].end, begin + printed.size()) << "text: " << text << " match " << k;
      from = begin + printed.size();
    }
  }
}

// Byte offsets spelled out, for the arithmetic itself: a Han character or a full-width form is
// three bytes in UTF-8, an ASCII character one.
struct OffsetRow {
  const char* text;
  std::size_t begin, end;
};

const OffsetRow kOffsetRows[] = {
    {"浙政发〔2014〕1号", 0, 23},               // 3 Han + 〔 + 4 + 〕 + 1 + 号 = 9+3+4+3+1+3
    {"根据浙政发〔2014〕1号", 6, 29},           // 根据 = 6 bytes
    {"ab浙政发(2014)1号", 2, 21},               // ASCII brackets are one byte
    {"见浙江省人民政府令第 321 号。", 3, 38},   // 7 Han + 令第 + " 321 " + 号
    {"（浙政办发（２０１４）３６号）", 3, 42},  // every character three bytes
};

TEST(DocNumber, FindNumbersByteOffsets) {
  for (const auto& row : kOffsetRows) {
    const auto found = find_numbers(row.text);
    ASSERT_EQ(found.size(), 1u) << "text: " << row.text;
    EXPECT_EQ(found[0].begin, row.begin) << "text: " << row.text;
    EXPECT_EQ(found[0].end, row.end) << "text: " << row.text;
  }
}

// repair_for_authority: a number of the authority's own province read by OCR.
struct AuthorityRow {
  const char* number;
  const char* authority;
  const char* expected;
};

const AuthorityRow kAuthorityRows[] = {
    {"新政发〔2019〕9号", "浙江省人民政府", "浙政发〔2019〕9号"},      // structure-bench 2019
    {"细奉办〔2016〕130号", "广东省人民政府", "粤府办〔2016〕130号"},  // 2020: two characters
    {"淅政办发〔2017〕42号", "浙江省人民政府办公厅", "浙政办发〔2017〕42号"},
    {"浙玫发〔2014〕3号", "浙江省人民政府", "浙政发〔2014〕3号"},
    {"浙政发〔2014〕3号", "浙江省人民政府", "浙政发〔2014〕3号"},            // already right
    {"新政发〔2019〕9号", "新疆维吾尔自治区人民政府", "新政发〔2019〕9号"},  // Xinjiang's own
    {"新政发〔2019〕9号", "国务院", "新政发〔2019〕9号"},                    // no province named
    {"国办发〔2016〕80号", "浙江省人民政府", "国办发〔2016〕80号"},          // another issuer
    {"黑政发〔2016〕1号", "浙江省人民政府", "黑政发〔2016〕1号"},  // 黑 is no 浙 look-alike
    {"新奉发〔2019〕9号", "浙江省人民政府", "新奉发〔2019〕9号"},  // 奉发 is no code of 浙
    {"新政奉〔2019〕9号", "浙江省人民政府", "新政奉〔2019〕9号"},
    {"细奉〔2016〕1号", "广东省人民政府", "粤府〔2016〕1号"},
    {"浙江省人民政府令第271号", "浙江省人民政府", "浙江省人民政府令第271号"},  // 令号 stay
    {"", "浙江省人民政府", ""},
};

TEST(DocNumber, RepairForAuthority) {
  for (const auto& row : kAuthorityRows)
    EXPECT_EQ(repair_for_authority(row.number, row.authority), row.expected)
        << row.number << " by " << row.authority;
}

// A document's own number: any first character that abbreviates no issuer is OCR damage.
const AuthorityRow kOwnNumberRows[] = {
    {"潭政发〔2019〕9号", "浙江省人民政府", "浙政发〔2019〕9号"},    // structure-bench, session 3
    {"外府〔2020〕38号", "广东省人民政府", "粤府〔2020〕38号"},      // structure-bench, session 3
    {"新政发〔2019〕9号", "浙江省人民政府", "浙政发〔2019〕9号"},    // a listed look-alike
    {"黑政发〔2016〕1号", "浙江省人民政府", "黑政发〔2016〕1号"},    // Heilongjiang's: left
    {"国办发〔2016〕80号", "浙江省人民政府", "国办发〔2016〕80号"},  // the State Council's
    {"潭奉发〔2019〕9号", "浙江省人民政府", "潭奉发〔2019〕9号"},    // no code of 浙
    {"潭政发〔2019〕9号", "国务院", "潭政发〔2019〕9号"},            // no province named
};

TEST(DocNumber, RepairForAuthorityOfAnActsOwnNumber) {
  for (const auto& row : kOwnNumberRows)
    EXPECT_EQ(repair_for_authority(row.number, row.authority, Whose::own), row.expected)
        << row.number << " by " << row.authority;
  // As the number of an act repealed, a city's code is not the province's: 杭政发 stays, and so
  // does a character that is no known look-alike.
  EXPECT_EQ(repair_for_authority("杭政发〔2010〕5号", "浙江省人民政府"), "杭政发〔2010〕5号");
  EXPECT_EQ(repair_for_authority("潭政发〔2019〕9号", "浙江省人民政府"), "潭政发〔2019〕9号");
}

struct OrderRow {
  const char* normalized;
  bool order;
};

const OrderRow kOrderRows[] = {
    {"浙江省人民政府令第321号", true},
    {"中华人民共和国国务院令第708号", true},
    {"浙政办发〔2014〕36号", false},
    {"国发〔2014〕5号", false},
    {"", false},
};

TEST(DocNumber, IsOrderNumber) {
  for (const auto& row : kOrderRows) {
    EXPECT_EQ(is_order_number(row.normalized), row.order) << "number: " << row.normalized;
  }
}

}  // namespace
}  // namespace gazette
