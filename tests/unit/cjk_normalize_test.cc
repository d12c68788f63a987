// Normalisation of recognised Chinese lines: the spaces OCR puts between CJK characters go,
// ASCII punctuation in CJK context becomes full-width, 文号 brackets become 〔〕; Latin words
// and numbers such as 2014.3.18 stay as they are; the dot leaders of a table of contents go.
#include "gazette/ocr/cjk_normalize.h"

#include <gtest/gtest.h>

#include <string>

namespace gazette::ocr {
namespace {

struct Row {
  const char* input;
  const char* expected;
};

const Row kRows[] = {
    // Unchanged.
    {"", ""},
    {"关于加强行政规范性文件管理的通知", "关于加强行政规范性文件管理的通知"},
    {"“通知”（一）：；，。", "“通知”（一）：；，。"},
    // Spaces between CJK characters are dropped.
    {"关 于 加 强 管 理 的 通 知", "关于加强管理的通知"},
    {"浙江省 人民政府", "浙江省人民政府"},
    {"浙江省   人民政府", "浙江省人民政府"},
    {"浙江\t省", "浙江省"},
    {"浙江　省", "浙江省"},  // ideographic space
    {"浙江\u00A0省", "浙江省"},
    {"  前后空格  ", "前后空格"},
    {"各市、县 （市、区）人民政府", "各市、县（市、区）人民政府"},
    {"“ 通知 ”", "“通知”"},
    // ... and between CJK characters and digits.
    {"2014 年 3 月 18 日", "2014年3月18日"},
    {"第 321 号", "第321号"},
    {"２０１４ 年", "２０１４年"},
    // Spaces between Latin words and numbers stay.
    {"Hello World", "Hello World"},
    {"Xapian search engine", "Xapian search engine"},
    {"GB/T 7714-2015", "GB/T 7714-2015"},
    {"ISO 9001", "ISO 9001"},
    {"version 2.0", "version 2.0"},
    {"Note: see above.", "Note: see above."},
    {"a, b; c", "a, b; c"},
    {"say \"hi\" now", "say \"hi\" now"},
    // ASCII punctuation in CJK context becomes full-width.
    {"各市,县人民政府", "各市，县人民政府"},
    {"现将有关事项通知如下:", "现将有关事项通知如下："},
    {"第一条;第二条", "第一条；第二条"},
    {"(一)加强领导", "（一）加强领导"},
    {"各地(市)", "各地（市）"},
    {"本办法自发布之日起施行.", "本办法自发布之日起施行。"},
    {"是否同意?", "是否同意？"},
    {"坚决执行!", "坚决执行！"},
    {"所称\"行政规范性文件\"是指", "所称“行政规范性文件”是指"},
    {"\"好\"和\"行\"", "“好”和“行”"},
    {"联系电话:0571-87051234", "联系电话：0571-87051234"},
    {"各市 , 县", "各市，县"},
    // Numbers stay as they are, even beside CJK.
    {"2014.3.18", "2014.3.18"},
    {"于2014.3.18印发", "于2014.3.18印发"},
    {"第1.2条", "第1.2条"},
    {"共3,000元", "共3,000元"},
    {"9:30开会", "9:30开会"},
    // 文号 brackets after a Han character become 〔〕.
    {"浙政办发[2014]36号", "浙政办发〔2014〕36号"},
    {"浙政办发(2014)36号", "浙政办发〔2014〕36号"},
    {"浙政办发（2014）36号", "浙政办发〔2014〕36号"},
    {"浙政办发【2014】36号", "浙政办发〔2014〕36号"},
    {"浙政办发［2014］36号", "浙政办发〔2014〕36号"},
    {"浙政办发〔2014〕36号", "浙政办发〔2014〕36号"},
    {"浙政办发[2014〕36号", "浙政办发〔2014〕36号"},
    {"国发[2014]第5号", "国发〔2014〕第5号"},
    {"（浙政办发[2014]36号）", "（浙政办发〔2014〕36号）"},
    {"(浙政办发[2014]36号)", "（浙政办发〔2014〕36号）"},
    {"浙政办发 [2014] 36 号", "浙政办发〔2014〕36号"},
    {"浙 政 办 发 〔 2014 〕 36 号", "浙政办发〔2014〕36号"},
    {"浙政办发 【2014】 36 号", "浙政办发〔2014〕36号"},
    {"浙政办发 (2014) 36 号", "浙政办发〔2014〕36号"},
    {"浙政办发[ 2014 ]36号", "浙政办发〔2014〕36号"},
    // Brackets that are no 文号 year stay.
    {"(2014)", "(2014)"},
    {"[2014]", "[2014]"},
    {"see [2014] p. 3", "see [2014] p. 3"},
    {"浙政办发[201]36号", "浙政办发[201]36号"},
    // Leaders of a table of contents go, the page number after them stays.
    {"浙江省城市绿化管理办法……………… 3", "浙江省城市绿化管理办法3"},
    {"实施意见的通知。。……。…。…………。。", "实施意见的通知"},
    {"同志职务任免的通知。……………………：0", "同志职务任免的通知0"},
    {"管理办法 . . . . . . . . . 12", "管理办法12"},
    {"管理办法.......、.... 12", "管理办法12"},
    // An ellipsis, a full stop, a decimal point and a few dots stay.
    {"等等……", "等等……"},
    {"起施行。", "起施行。"},
    {"版本2.0", "版本2.0"},
    {"管理办法.4", "管理办法.4"},
    {"...", "..."},
};

TEST(CjkNormalize, NormalizeCjkLine) {
  for (const auto& row : kRows) {
    EXPECT_EQ(normalize_cjk_line(row.input), row.expected) << "input: " << row.input;
  }
}

}  // namespace
}  // namespace gazette::ocr
