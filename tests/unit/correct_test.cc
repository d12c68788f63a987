// Corrections of document metadata: FIELD=VALUE parsed and normalised as the structurer would
// store it (table-driven), and recorded corrections re-applied to freshly structured documents.
#include "gazette/pipeline/correct.h"

#include <gtest/gtest.h>

#include "gazette/error.h"

namespace {
using gazette::pipeline::FieldValue;
using gazette::pipeline::parse_field_value;

struct ParseRow {
  const char* assignment;
  const char* field;
  std::optional<std::string> value;
};

const ParseRow kParsed[] = {
    // Numbers in every printed or misread form normalise to CONTRACT §3.
    {"number=浙政办发[2014]36号", "number", "浙政办发〔2014〕36号"},
    {"number=浙政办发（2014）36号", "number", "浙政办发〔2014〕36号"},
    {"number=浙政办发【２０１４】３６号", "number", "浙政办发〔2014〕36号"},
    {"number = 浙政办发 〔2014〕 36号", "number", "浙政办发〔2014〕36号"},
    {"number=浙江省人民政府令第271号", "number", "浙江省人民政府令第271号"},
    {"number=none", "number", std::nullopt},
    // Dates from any printed form, ISO out; none or empty clears.
    {"signed=2014-02-18", "signed", "2014-02-18"},
    {"signed=2014年2月18日", "signed", "2014-02-18"},
    {"effective=二〇一四年三月一日", "effective", "2014-03-01"},
    {"expires=二○一九年二月二十八日", "expires", "2019-02-28"},
    {"expires=none", "expires", std::nullopt},
    {"expires=", "expires", std::nullopt},
    {"kind=rule", "kind", "rule"},
    {"kind=other", "kind", "other"},
    {"title=浙江省旅游市场秩序管理办法", "title", "浙江省旅游市场秩序管理办法"},
    {"authority=浙江省人民政府办公厅", "authority", "浙江省人民政府办公厅"},
    {"authority=none", "authority", std::nullopt},
};

TEST(Correction, ParsesAndNormalisesEachField) {
  for (const auto& row : kParsed) {
    SCOPED_TRACE(row.assignment);
    const FieldValue v = parse_field_value(row.assignment);
    EXPECT_EQ(v.field, row.field);
    EXPECT_EQ(v.value, row.value);
  }
}

struct RefusedRow {
  const char* assignment;
  const char* message;  // part of the error
};

const RefusedRow kRefused[] = {
    {"number", "FIELD=VALUE"},
    {"colour=red", "cannot correct \"colour\""},
    {"number=三十六号", "not a 文号 or 令号"},
    {"signed=2014-02-30", "not a date"},
    {"effective=soon", "not a date"},
    {"kind=law", "unknown document kind"},
    {"title=", "title cannot be empty"},
    {"kind=none", "kind cannot be empty"},
};

TEST(Correction, RefusesWhatCannotBeStoredWithAReason) {
  for (const auto& row : kRefused) {
    SCOPED_TRACE(row.assignment);
    try {
      parse_field_value(row.assignment);
      ADD_FAILURE() << "accepted";
    } catch (const gazette::InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find(row.message), std::string::npos) << e.what();
    }
  }
}

gazette::Document draft(const std::string& id) {
  gazette::Document d;
  d.id = id;
  d.kind = gazette::DocumentKind::normative;
  d.title = "关于印发浙江省海域使用实施意见的通知";
  d.number = "浙政发〔2014〕6号";
  d.signed_date = "2014-02-17";
  d.effective = "2014-03-01";
  return d;
}

TEST(Correction, RecordedCorrectionsAreReappliedOldestFirst) {
  std::vector<gazette::Document> docs = {draft("i1-01"), draft("i1-02")};
  const std::vector<gazette::Correction> corrections = {
      {"i1-02", "number", "浙政发〔2014〕6号", "浙政发〔2014〕16号", "a", "page image", "t1"},
      {"i1-02", "signed", "2014-02-17", "2014-02-18", "a", "page image", "t1"},
      {"i1-02", "number", "浙政发〔2014〕16号", "浙政发〔2014〕18号", "b", "second look", "t2"},
      {"i1-02", "expires", std::nullopt, "2019-02-28", "a", "有效期5年", "t3"},
      {"i1-02", "kind", "normative", "rule", "a", "令 header", "t3"},
      {"i1-09", "title", "x", "y", "a", "a document that is no longer there", "t4"},
  };
  gazette::pipeline::apply_corrections(docs, corrections);
  EXPECT_EQ(docs[0].number, "浙政发〔2014〕6号");   // untouched
  EXPECT_EQ(docs[1].number, "浙政发〔2014〕18号");  // the later correction wins
  EXPECT_EQ(docs[1].signed_date, "2014-02-18");
  EXPECT_EQ(docs[1].expires, "2019-02-28");
  EXPECT_EQ(docs[1].kind, gazette::DocumentKind::rule);
  EXPECT_EQ(docs.size(), 2u);
}

TEST(Correction, FieldValueReadsWhatSetFieldWrote) {
  gazette::Document d = draft("i1-01");
  for (const char* a : {"title=新标题", "number=浙政办发[2015]1号", "authority=浙江省人民政府",
                        "kind=rule", "signed=2015-01-02", "effective=none", "expires=2020-1-1"}) {
    SCOPED_TRACE(a);
    const auto v = parse_field_value(a);
    gazette::pipeline::set_field(d, v);
    EXPECT_EQ(gazette::pipeline::field_value(d, v.field), v.value);
  }
  EXPECT_FALSE(d.effective);
}

}  // namespace
