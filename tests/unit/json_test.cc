// JSON output: escaping, the writer, and the document shape of CONTRACT §3, parsed back with
// Poco::JSON to check that it is JSON and carries every field.
#include "gazette/json.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "gazette/export_json.h"

namespace gazette {
namespace {

Poco::Dynamic::Var parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json);
}

// Poco's parser wants an object or an array at the top.
Poco::Dynamic::Var parse_scalar(const std::string& json) {
  return parse("[" + json + "]").extract<Poco::JSON::Array::Ptr>()->get(0);
}

// ---------------------------------------------------------------------------------------------
// json_escape

struct EscapeRow {
  std::string input;
  std::string expected;
  bool invalid_utf8 = false;  // parses back as `expected`, not as `input`
};

const std::vector<EscapeRow>& escape_rows() {
  static const std::vector<EscapeRow> kRows = {
      {"", ""},
      {"abc", "abc"},
      {"a\"b", "a\\\"b"},
      {"\"quoted\"", "\\\"quoted\\\""},
      {"a\\b", "a\\\\b"},
      {"C:\\dir\\file", "C:\\\\dir\\\\file"},
      {"/", "/"},
      {"line\nbreak", "line\\nbreak"},
      {"\r\n", "\\r\\n"},
      {"tab\there", "tab\\there"},
      {"\b", "\\b"},
      {"\f", "\\f"},
      {std::string("a\0b", 3), "a\\u0000b"},
      {"\x01", "\\u0001"},
      {"\x1f", "\\u001f"},
      {"\x0b", "\\u000b"},
      {"\x7f", "\x7f"},  // DEL needs no escape
      {" ", " "},
      // UTF-8 passes through.
      {"浙江省人民政府公报", "浙江省人民政府公报"},
      {"浙政办发〔2014〕36号", "浙政办发〔2014〕36号"},
      {"“通知”", "“通知”"},
      {"— 2 —", "— 2 —"},
      {"𠀀", "𠀀"},  // outside the BMP
      {"《浙江省\"某某\"办法》\n", "《浙江省\\\"某某\\\"办法》\\n"},
      // Bytes that are not UTF-8 (a truncated snippet, OCR garbage) must not make invalid JSON.
      {"a\xff"
       "b",
       "a\xEF\xBF\xBD"
       "b",
       true},
      {"\xe6\xb5\x99\xe6\xb1", "\xe6\xb5\x99\xEF\xBF\xBD", true},  // 浙, then a cut-off character
      {"\xe6"
       "X",
       "\xEF\xBF\xBD"
       "X",
       true},
      {"\xc0\xaf", "\xEF\xBF\xBD\xEF\xBF\xBD", true},  // overlong "/"
  };
  return kRows;
}

TEST(Json, Escape) {
  for (const auto& row : escape_rows()) {
    EXPECT_EQ(json_escape(row.input), row.expected) << "input: " << row.input;
  }
}

TEST(Json, EscapeParsesBack) {
  for (const auto& row : escape_rows()) {
    const std::string json = "\"" + json_escape(row.input) + "\"";
    Poco::Dynamic::Var v;
    ASSERT_NO_THROW(v = parse_scalar(json)) << "input: " << row.input << " json: " << json;
    // Invalid input bytes come back as U+FFFD; everything else comes back as it went in.
    EXPECT_EQ(v.extract<std::string>(), row.invalid_utf8 ? row.expected : row.input)
        << "input: " << row.input;
  }
}

// ---------------------------------------------------------------------------------------------
// JsonWriter

struct WriterRow {
  const char* what;
  std::function<void(JsonWriter&)> write;
  const char* expected;
};

const std::vector<WriterRow>& writer_rows() {
  static const std::vector<WriterRow> kRows = {
      {"empty object", [](JsonWriter& w) { w.begin_object().end_object(); }, "{}"},
      {"empty array", [](JsonWriter& w) { w.begin_array().end_array(); }, "[]"},
      {"one member", [](JsonWriter& w) { w.begin_object().key("a").value(1).end_object(); },
       R"({"a":1})"},
      {"members",
       [](JsonWriter& w) { w.begin_object().key("a").value(1).key("b").value("x").end_object(); },
       R"({"a":1,"b":"x"})"},
      {"array of ints",
       [](JsonWriter& w) { w.begin_array().value(1).value(2).value(3).end_array(); }, "[1,2,3]"},
      {"nested",
       [](JsonWriter& w) {
         w.begin_object().key("a").begin_array().value(1).begin_object().key("b").null();
         w.end_object().end_array().key("c").value(true).end_object();
       },
       R"({"a":[1,{"b":null}],"c":true})"},
      {"arrays in an array",
       [](JsonWriter& w) {
         w.begin_array().begin_array().end_array().begin_array().end_array().end_array();
       },
       "[[],[]]"},
      {"objects in an array",
       [](JsonWriter& w) {
         w.begin_array().begin_object().end_object().begin_object().key("k").value(0);
         w.end_object().end_array();
       },
       R"([{},{"k":0}])"},
      {"booleans", [](JsonWriter& w) { w.begin_array().value(true).value(false).end_array(); },
       "[true,false]"},
      {"negative and large integers",
       [](JsonWriter& w) {
         w.begin_array().value(-5).value(std::int64_t{9007199254740993}).end_array();
       },
       "[-5,9007199254740993]"},
      {"doubles",
       [](JsonWriter& w) { w.begin_array().value(0.5).value(0.91).value(0.0).end_array(); },
       "[0.5,0.91,0]"},
      {"non-finite double is null",
       [](JsonWriter& w) {
         w.begin_array().value(std::numeric_limits<double>::quiet_NaN());
         w.value(std::numeric_limits<double>::infinity()).end_array();
       },
       "[null,null]"},
      {"optional values",
       [](JsonWriter& w) {
         w.begin_object()
             .key("a")
             .value(std::optional<int>{})
             .key("b")
             .value(std::optional<int>{3});
         w.key("c").value(std::optional<std::string>{}).key("d");
         w.value(std::optional<std::string>{"x"}).end_object();
       },
       R"({"a":null,"b":3,"c":null,"d":"x"})"},
      {"escaped key and value",
       [](JsonWriter& w) { w.begin_object().key("a\"b").value("c\nd").end_object(); },
       R"({"a\"b":"c\nd"})"},
      {"CJK key and value",
       [](JsonWriter& w) {
         w.begin_object().key("文号").value("浙政办发〔2014〕36号").end_object();
       },
       R"({"文号":"浙政办发〔2014〕36号"})"},
      {"raw value",
       [](JsonWriter& w) {
         w.begin_object().key("x").raw(R"({"y":1})").key("z").value(2).end_object();
       },
       R"({"x":{"y":1},"z":2})"},
      {"raw in an array", [](JsonWriter& w) { w.begin_array().raw("1").raw("[2]").end_array(); },
       "[1,[2]]"},
      {"top-level string", [](JsonWriter& w) { w.value("s"); }, R"("s")"},
  };
  return kRows;
}

TEST(Json, Writer) {
  for (const auto& row : writer_rows()) {
    JsonWriter w;
    row.write(w);
    EXPECT_EQ(w.str(), row.expected) << row.what;
    EXPECT_NO_THROW(parse_scalar(w.str())) << row.what << ": " << w.str();
  }
}

// ---------------------------------------------------------------------------------------------
// document_json: the shape of CONTRACT §3.

Document sample_document() {
  Document d;
  d.id = "zj-2014-11-03";
  d.issue_id = "zj-2014-11";
  d.series = "浙江省人民政府公报";
  d.year = 2014;
  d.issue = 11;
  d.issue_total = 398;
  d.first_page = 2;
  d.last_page = 5;
  d.kind = DocumentKind::normative;
  d.title = "浙江省人民政府办公厅关于加强\"档案\"管理工作的通知";
  d.number = "浙政办发〔2014〕36号";
  d.authority = "浙江省人民政府办公厅";
  d.signed_date = "2014-03-18";
  d.effective = "2014-04-01";
  d.text = "各市、县（市、区）人民政府：\n现将有关事项通知如下。\t";
  Relation r;
  r.type = RelationType::repeals;
  r.target_number = "浙政办发〔2010〕12号";
  r.target_title = "浙江省某某规定";
  r.target_id = "zj-2010-05-02";
  r.evidence = {3, "原《浙江省某某规定》（浙政办发〔2010〕12号）同时废止。"};
  d.relations.push_back(r);
  Relation c;
  c.type = RelationType::cites;
  c.target_title = "中华人民共和国档案法";
  c.evidence = {2, "根据《中华人民共和国档案法》，"};
  d.relations.push_back(c);
  return d;
}

Validity sample_status() {
  Validity v;
  v.as_of = "2026-11-25";
  v.code = ValidityCode::repealed;
  v.since = "2019-06-10";
  v.by = "zj-2019-06-01";
  return v;
}

std::set<std::string> keys_of(const Poco::JSON::Object::Ptr& o) {
  std::set<std::string> out;
  for (const auto& [k, v] : *o) out.insert(k);
  return out;
}

// One field of the parsed document: a string, an integer or null.
struct FieldRow {
  const char* key;
  enum { kString, kInt, kNull } type;
  const char* s;
  int i;
};

const FieldRow kDocumentFields[] = {
    {"id", FieldRow::kString, "zj-2014-11-03", 0},
    {"issue_id", FieldRow::kString, "zj-2014-11", 0},
    {"series", FieldRow::kString, "浙江省人民政府公报", 0},
    {"year", FieldRow::kInt, nullptr, 2014},
    {"issue", FieldRow::kInt, nullptr, 11},
    {"issue_total", FieldRow::kInt, nullptr, 398},
    {"first_page", FieldRow::kInt, nullptr, 2},
    {"last_page", FieldRow::kInt, nullptr, 5},
    {"kind", FieldRow::kString, "normative", 0},
    {"title", FieldRow::kString, "浙江省人民政府办公厅关于加强\"档案\"管理工作的通知", 0},
    {"number", FieldRow::kString, "浙政办发〔2014〕36号", 0},
    {"authority", FieldRow::kString, "浙江省人民政府办公厅", 0},
    {"signed", FieldRow::kString, "2014-03-18", 0},
    {"effective", FieldRow::kString, "2014-04-01", 0},
    {"expires", FieldRow::kNull, nullptr, 0},
    {"text", FieldRow::kString, "各市、县（市、区）人民政府：\n现将有关事项通知如下。\t", 0},
};

void check_field(const Poco::JSON::Object::Ptr& o, const FieldRow& row, const std::string& where) {
  ASSERT_TRUE(o->has(row.key)) << where << ": missing " << row.key;
  const auto v = o->get(row.key);
  switch (row.type) {
    case FieldRow::kNull:
      EXPECT_TRUE(v.isEmpty()) << where << "." << row.key << " should be null";
      break;
    case FieldRow::kInt:
      ASSERT_TRUE(v.isInteger()) << where << "." << row.key;
      EXPECT_EQ(v.convert<int>(), row.i) << where << "." << row.key;
      break;
    case FieldRow::kString:
      ASSERT_TRUE(v.isString()) << where << "." << row.key;
      EXPECT_EQ(v.extract<std::string>(), row.s) << where << "." << row.key;
      break;
  }
}

TEST(Json, DocumentFields) {
  const std::string json = document_json(sample_document(), sample_status(), true);
  const auto o = parse(json).extract<Poco::JSON::Object::Ptr>();
  const std::set<std::string> expected_keys = {
      "id",         "issue_id",  "series",  "year",   "issue",     "issue_total",
      "first_page", "last_page", "kind",    "title",  "number",    "authority",
      "signed",     "effective", "expires", "status", "relations", "text"};
  EXPECT_EQ(keys_of(o), expected_keys) << json;
  for (const auto& row : kDocumentFields) check_field(o, row, "document");
}

TEST(Json, DocumentStatus) {
  const std::string json = document_json(sample_document(), sample_status(), true);
  const auto o = parse(json).extract<Poco::JSON::Object::Ptr>();
  const auto status = o->getObject("status");
  ASSERT_TRUE(status) << json;
  const FieldRow kRows[] = {
      {"as_of", FieldRow::kString, "2026-11-25", 0}, {"code", FieldRow::kString, "repealed", 0},
      {"label", FieldRow::kString, "已废止", 0},     {"since", FieldRow::kString, "2019-06-10", 0},
      {"by", FieldRow::kString, "zj-2019-06-01", 0},
  };
  EXPECT_EQ(keys_of(status), (std::set<std::string>{"as_of", "code", "label", "since", "by"}));
  for (const auto& row : kRows) check_field(status, row, "status");

  // In force since it took effect, not changed by any act: since may be set, by is null.
  Validity in_force;
  in_force.as_of = "2015-01-01";
  in_force.code = ValidityCode::in_force;
  in_force.since = "2014-04-01";
  const auto o2 =
      parse(document_json(sample_document(), in_force, true)).extract<Poco::JSON::Object::Ptr>();
  const FieldRow kInForce[] = {
      {"as_of", FieldRow::kString, "2015-01-01", 0}, {"code", FieldRow::kString, "in_force", 0},
      {"label", FieldRow::kString, "现行有效", 0},   {"since", FieldRow::kString, "2014-04-01", 0},
      {"by", FieldRow::kNull, nullptr, 0},
  };
  for (const auto& row : kInForce) check_field(o2->getObject("status"), row, "status");
}

TEST(Json, DocumentRelations) {
  const std::string json = document_json(sample_document(), sample_status(), true);
  const auto o = parse(json).extract<Poco::JSON::Object::Ptr>();
  const auto rels = o->getArray("relations");
  ASSERT_TRUE(rels) << json;
  ASSERT_EQ(rels->size(), 2u);
  // CONTRACT §3's relation fields, plus `partial` (部分条款失效), our extension.
  const std::set<std::string> relation_keys = {"type",      "target_number", "target_title",
                                               "target_id", "evidence",      "partial"};
  const FieldRow kFirst[] = {
      {"type", FieldRow::kString, "repeals", 0},
      {"target_number", FieldRow::kString, "浙政办发〔2010〕12号", 0},
      {"target_title", FieldRow::kString, "浙江省某某规定", 0},
      {"target_id", FieldRow::kString, "zj-2010-05-02", 0},
  };
  const auto r0 = rels->getObject(0);
  EXPECT_EQ(keys_of(r0), relation_keys);
  for (const auto& row : kFirst) check_field(r0, row, "relations[0]");
  const FieldRow kFirstEvidence[] = {
      {"page", FieldRow::kInt, nullptr, 3},
      {"text", FieldRow::kString, "原《浙江省某某规定》（浙政办发〔2010〕12号）同时废止。", 0},
  };
  for (const auto& row : kFirstEvidence)
    check_field(r0->getObject("evidence"), row, "relations[0].evidence");

  const FieldRow kSecond[] = {
      {"type", FieldRow::kString, "cites", 0},
      {"target_title", FieldRow::kString, "中华人民共和国档案法", 0},
      {"target_id", FieldRow::kNull, nullptr, 0},
  };
  const auto r1 = rels->getObject(1);
  EXPECT_EQ(keys_of(r1), relation_keys);
  for (const auto& row : kSecond) check_field(r1, row, "relations[1]");
  check_field(r1->getObject("evidence"), {"page", FieldRow::kInt, nullptr, 2},
              "relations[1].evidence");
}

TEST(Json, DocumentWithoutTextOrStatus) {
  Document d = sample_document();
  d.kind = DocumentKind::other;
  d.number.clear();
  d.year.reset();
  d.first_page.reset();
  d.relations.clear();
  // kind other carries status null even when a status is passed in.
  const std::string json = document_json(d, sample_status(), false);
  const auto o = parse(json).extract<Poco::JSON::Object::Ptr>();
  EXPECT_FALSE(o->has("text")) << json;
  const FieldRow kRows[] = {
      {"kind", FieldRow::kString, "other", 0},  {"status", FieldRow::kNull, nullptr, 0},
      {"year", FieldRow::kNull, nullptr, 0},    {"first_page", FieldRow::kNull, nullptr, 0},
      {"expires", FieldRow::kNull, nullptr, 0},
  };
  for (const auto& row : kRows) check_field(o, row, "document");
  ASSERT_TRUE(o->getArray("relations"));
  EXPECT_EQ(o->getArray("relations")->size(), 0u);

  // A normative document with no status known writes null too.
  const auto o2 = parse(document_json(sample_document(), std::nullopt, false))
                      .extract<Poco::JSON::Object::Ptr>();
  check_field(o2, {"status", FieldRow::kNull, nullptr, 0}, "document");
}

TEST(Json, PageShape) {
  Page p;
  p.issue_id = "zj-2014-11";
  p.seq = 1;
  p.printed_page = 3;
  p.source = "zhejiang/2014-11/page-0003.png";
  p.sha256 = std::string(64, 'a');
  p.text = "浙江省人民政府公报\n2014年第11期";
  p.confidence = 0.91;
  p.status = PageStatus::needs_review;
  const auto o = parse(page_json(p)).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(keys_of(o), (std::set<std::string>{"issue_id", "seq", "printed_page", "source",
                                               "sha256", "text", "confidence", "status", "error"}));
  const FieldRow kRows[] = {
      {"issue_id", FieldRow::kString, "zj-2014-11", 0},
      {"seq", FieldRow::kInt, nullptr, 1},
      {"printed_page", FieldRow::kInt, nullptr, 3},
      {"source", FieldRow::kString, "zhejiang/2014-11/page-0003.png", 0},
      {"text", FieldRow::kString, "浙江省人民政府公报\n2014年第11期", 0},
      {"status", FieldRow::kString, "needs_review", 0},
      {"error", FieldRow::kNull, nullptr, 0},
  };
  for (const auto& row : kRows) check_field(o, row, "page");
  EXPECT_DOUBLE_EQ(o->getValue<double>("confidence"), 0.91);
}

}  // namespace
}  // namespace gazette
