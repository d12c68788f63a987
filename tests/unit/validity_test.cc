// The validity engine against the vocabulary of CONTRACT §4: in_force, amended, repealed,
// expired (有效期 ended or 宣布失效), not_yet_effective; kind other has no status.
#include "gazette/validity.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "table_util.h"

namespace gazette {
namespace {

using test::show;

constexpr std::nullopt_t kNone = std::nullopt;
using Code = ValidityCode;

IncomingAct act(RelationType type, std::string by, std::optional<std::string> date) {
  IncomingAct a;
  a.type = type;
  a.by_id = std::move(by);
  a.date = std::move(date);
  return a;
}
IncomingAct repeal(std::string by, std::optional<std::string> date) {
  return act(RelationType::repeals, std::move(by), std::move(date));
}
IncomingAct amend(std::string by, std::optional<std::string> date) {
  return act(RelationType::amends, std::move(by), std::move(date));
}
IncomingAct invalidate(std::string by, std::optional<std::string> date) {
  return act(RelationType::declares_invalid, std::move(by), std::move(date));
}
IncomingAct partly(IncomingAct a) {
  a.partial = true;
  return a;
}
IncomingAct cite(std::string by, std::optional<std::string> date) {
  return act(RelationType::cites, std::move(by), std::move(date));
}

ValidityFacts facts(DocumentKind kind, std::optional<std::string> signed_date,
                    std::optional<std::string> effective, std::optional<std::string> expires,
                    std::vector<IncomingAct> acts = {}) {
  ValidityFacts f;
  f.kind = kind;
  f.signed_date = std::move(signed_date);
  f.effective = std::move(effective);
  f.expires = std::move(expires);
  f.acts = std::move(acts);
  return f;
}

constexpr DocumentKind kNormative = DocumentKind::normative;
constexpr DocumentKind kRule = DocumentKind::rule;
constexpr DocumentKind kOther = DocumentKind::other;

struct Row {
  const char* what;
  ValidityFacts facts;
  const char* as_of;
  std::optional<Code> code;  // nullopt: no status at all (kind other)
  std::optional<std::string> since;
  std::optional<std::string> by;
};

// Signed 2014-03-18, effective 2014-04-01: the document of CONTRACT §3.
ValidityFacts plain() {
  return facts(kNormative, "2014-03-18", "2014-04-01", kNone);
}

const std::vector<Row>& rows() {
  static const std::vector<Row> kRows = {
      // Published before it takes effect.
      {"signed, not yet effective", plain(), "2014-03-18", Code::not_yet_effective, "2014-03-18",
       kNone},
      {"day before effective", plain(), "2014-03-31", Code::not_yet_effective, "2014-03-18", kNone},
      {"effective day", plain(), "2014-04-01", Code::in_force, "2014-04-01", kNone},
      {"years later", plain(), "2026-11-25", Code::in_force, "2014-04-01", kNone},
      // 自印发之日起施行: effective on the day it is signed.
      {"effective when signed", facts(kNormative, "2014-03-18", "2014-03-18", kNone), "2014-03-18",
       Code::in_force, "2014-03-18", kNone},
      {"effective date unknown, signed date counts", facts(kNormative, "2014-03-18", kNone, kNone),
       "2015-01-01", Code::in_force, "2014-03-18", kNone},
      {"retroactive: effective before signed", facts(kNormative, "2014-03-18", "2014-01-01", kNone),
       "2014-02-01", Code::in_force, "2014-01-01", kNone},
      {"no dates at all", facts(kNormative, kNone, kNone, kNone), "2020-01-01", Code::in_force,
       kNone, kNone},
      {"rule, effective later", facts(kRule, "2014-11-20", "2015-01-01", kNone), "2014-12-31",
       Code::not_yet_effective, "2014-11-20", kNone},
      {"rule, in force", facts(kRule, "2014-11-20", "2015-01-01", kNone), "2015-01-01",
       Code::in_force, "2015-01-01", kNone},

      // Repealed.
      {"day before repeal",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {repeal("R", "2019-06-10")}),
       "2019-06-09", Code::in_force, "2014-04-01", kNone},
      {"repeal day",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {repeal("R", "2019-06-10")}),
       "2019-06-10", Code::repealed, "2019-06-10", "R"},
      {"after repeal",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {repeal("R", "2019-06-10")}),
       "2026-11-25", Code::repealed, "2019-06-10", "R"},
      {"rule repealed",
       facts(kRule, "2010-01-01", "2010-03-01", kNone, {repeal("R", "2015-01-01")}), "2015-06-01",
       Code::repealed, "2015-01-01", "R"},
      {"repeal without a date counts from the start",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {repeal("R", kNone)}), "2020-01-01",
       Code::repealed, "2014-04-01", "R"},

      // Amended.
      {"before amendment",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {amend("A", "2016-01-01")}),
       "2015-12-31", Code::in_force, "2014-04-01", kNone},
      {"amended", facts(kNormative, "2014-03-18", "2014-04-01", kNone, {amend("A", "2016-01-01")}),
       "2016-01-01", Code::amended, "2016-01-01", "A"},
      {"amended twice: amended since the first",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone,
             {amend("A", "2016-01-01"), amend("B", "2018-01-01")}),
       "2019-01-01", Code::amended, "2016-01-01", "A"},
      {"citation changes nothing",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {cite("C", "2016-01-01")}),
       "2019-01-01", Code::in_force, "2014-04-01", kNone},

      // Amended, then repealed.
      {"amended, before repeal",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone,
             {amend("A", "2016-01-01"), repeal("R", "2019-06-10")}),
       "2017-01-01", Code::amended, "2016-01-01", "A"},
      {"repeal after an amendment",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone,
             {amend("A", "2016-01-01"), repeal("R", "2019-06-10")}),
       "2019-06-10", Code::repealed, "2019-06-10", "R"},
      {"acts listed out of date order",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone,
             {repeal("R", "2019-06-10"), amend("A", "2016-01-01")}),
       "2017-01-01", Code::amended, "2016-01-01", "A"},
      {"acts listed out of date order, later",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone,
             {repeal("R", "2019-06-10"), amend("A", "2016-01-01")}),
       "2020-01-01", Code::repealed, "2019-06-10", "R"},
      {"amendment after repeal changes nothing",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone,
             {repeal("R", "2016-01-01"), amend("A", "2018-01-01")}),
       "2019-01-01", Code::repealed, "2016-01-01", "R"},
      // Partial invalidity (部分条款失效): some provisions go, the act stays.
      {"partially invalid",
       facts(kNormative, "2014-02-17", "2014-03-01", kNone,
             {partly(invalidate("P", "2017-05-11"))}),
       "2017-05-11", Code::partially_invalid, "2017-05-11", "P"},
      {"before partial invalidity",
       facts(kNormative, "2014-02-17", "2014-03-01", kNone,
             {partly(invalidate("P", "2017-05-11"))}),
       "2017-05-10", Code::in_force, "2014-03-01", kNone},
      {"partial repeal is partial invalidity",
       facts(kNormative, "2014-02-17", "2014-03-01", kNone, {partly(repeal("P", "2016-01-01"))}),
       "2020-01-01", Code::partially_invalid, "2016-01-01", "P"},
      {"partially invalid outranks a later amendment",
       facts(kNormative, "2014-02-17", "2014-03-01", kNone,
             {partly(invalidate("P", "2016-01-01")), amend("A", "2018-01-01")}),
       "2019-01-01", Code::partially_invalid, "2016-01-01", "P"},
      {"amended, then partially invalid",
       facts(kNormative, "2014-02-17", "2014-03-01", kNone,
             {amend("A", "2015-01-01"), partly(invalidate("P", "2016-01-01"))}),
       "2016-06-01", Code::partially_invalid, "2016-01-01", "P"},
      {"partially invalid, then its term ends",
       facts(kNormative, "2014-02-17", "2014-03-01", "2019-02-28",
             {partly(invalidate("P", "2017-05-11"))}),
       "2019-03-01", Code::expired, "2019-03-01", kNone},
      {"partially invalid, then repealed whole",
       facts(kNormative, "2014-02-17", "2014-03-01", kNone,
             {partly(invalidate("P", "2016-01-01")), repeal("R", "2018-01-01")}),
       "2018-01-01", Code::repealed, "2018-01-01", "R"},
      {"second repeal changes nothing",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone,
             {repeal("R1", "2016-01-01"), repeal("R2", "2018-01-01")}),
       "2019-01-01", Code::repealed, "2016-01-01", "R1"},

      // Expired: `expires` is the last day in force.
      {"last day of its term", facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31"),
       "2016-12-31", Code::in_force, "2014-04-01", kNone},
      {"day after its term", facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31"),
       "2017-01-01", Code::expired, "2017-01-01", kNone},
      {"long after its term", facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31"),
       "2026-11-25", Code::expired, "2017-01-01", kNone},
      {"term ends on 28 February of a leap year",
       facts(kNormative, "2015-03-01", "2015-03-01", "2016-02-28"), "2016-02-29", Code::expired,
       "2016-02-29", kNone},
      {"repealed before its term ended",
       facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31", {repeal("R", "2015-06-01")}),
       "2017-06-01", Code::repealed, "2015-06-01", "R"},
      {"repeal after its term ended changes nothing",
       facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31", {repeal("R", "2018-01-01")}),
       "2019-01-01", Code::expired, "2017-01-01", kNone},
      {"amended, then its term ended",
       facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31", {amend("A", "2015-06-01")}),
       "2017-01-01", Code::expired, "2017-01-01", kNone},
      {"amended within its term",
       facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31", {amend("A", "2015-06-01")}),
       "2016-12-31", Code::amended, "2015-06-01", "A"},

      // Declared invalid (宣布失效) is expired, by the declaring act.
      {"before declared invalid",
       facts(kNormative, "2005-01-01", "2005-01-01", kNone, {invalidate("D", "2017-05-01")}),
       "2017-04-30", Code::in_force, "2005-01-01", kNone},
      {"declared invalid",
       facts(kNormative, "2005-01-01", "2005-01-01", kNone, {invalidate("D", "2017-05-01")}),
       "2017-05-01", Code::expired, "2017-05-01", "D"},

      // Acts dated before the document took effect take effect when it does.
      {"amended before effective, as of before",
       facts(kNormative, "2014-11-01", "2015-01-01", kNone, {amend("A", "2014-12-15")}),
       "2014-12-20", Code::not_yet_effective, "2014-11-01", kNone},
      {"amended before effective, as of effective day",
       facts(kNormative, "2014-11-01", "2015-01-01", kNone, {amend("A", "2014-12-15")}),
       "2015-01-01", Code::amended, "2015-01-01", "A"},
      {"repealed before effective",
       facts(kNormative, "2014-11-01", "2015-01-01", kNone, {repeal("R", "2014-12-15")}),
       "2015-06-01", Code::repealed, "2015-01-01", "R"},

      // kind other carries no status, whatever happened to it.
      {"other", facts(kOther, "2014-03-18", "2014-04-01", kNone), "2020-01-01", kNone, kNone,
       kNone},
      {"other, repealed",
       facts(kOther, "2014-03-18", "2014-04-01", kNone, {repeal("R", "2019-06-10")}), "2020-01-01",
       kNone, kNone, kNone},
      {"other, before signed", facts(kOther, "2014-03-18", kNone, kNone), "2000-01-01", kNone,
       kNone, kNone},
  };
  return kRows;
}

std::string show_code(const std::optional<Code>& c) {
  return c ? std::string(to_string(*c)) : std::string("no status");
}

TEST(Validity, AsOf) {
  for (const auto& row : rows()) {
    const auto v = validity_as_of(row.facts, row.as_of);
    ASSERT_EQ(show_code(v ? std::optional<Code>(v->code) : std::nullopt), show_code(row.code))
        << row.what << ", as of " << row.as_of;
    if (!v) continue;
    EXPECT_EQ(v->as_of, row.as_of) << row.what;
    EXPECT_EQ(show(v->since), show(row.since)) << row.what << ", as of " << row.as_of;
    EXPECT_EQ(show(v->by), show(row.by)) << row.what << ", as of " << row.as_of;
  }
}

struct EndRow {
  const char* what;
  ValidityFacts facts;
  std::optional<std::string> end;  // the last day in force
};

TEST(Validity, End) {
  const EndRow kRows[] = {
      {"in force", plain(), kNone},
      {"amended only",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {amend("A", "2016-01-01")}), kNone},
      {"repealed",
       facts(kNormative, "2014-03-18", "2014-04-01", kNone, {repeal("R", "2019-06-10")}),
       "2019-06-09"},
      {"expired", facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31"), "2016-12-31"},
      {"repealed before its term ended",
       facts(kNormative, "2014-03-18", "2014-04-01", "2016-12-31", {repeal("R", "2015-06-01")}),
       "2015-05-31"},
      {"declared invalid",
       facts(kNormative, "2005-01-01", "2005-01-01", kNone, {invalidate("D", "2017-05-01")}),
       "2017-04-30"},
      {"other", facts(kOther, "2014-03-18", "2014-04-01", "2016-12-31"), kNone},
  };
  for (const auto& row : kRows) {
    EXPECT_EQ(show(validity_end(row.facts)), show(row.end)) << row.what;
  }
}

TEST(Validity, Timeline) {
  const auto f = facts(kNormative, "2014-03-18", "2014-04-01", kNone,
                       {repeal("R", "2019-06-10"), amend("A", "2016-01-01")});
  const auto t = validity_timeline(f);
  struct Change {
    const char* date;
    Code code;
    std::optional<std::string> by;
  };
  const Change kExpected[] = {
      {"2014-03-18", Code::not_yet_effective, kNone},
      {"2014-04-01", Code::in_force, kNone},
      {"2016-01-01", Code::amended, "A"},
      {"2019-06-10", Code::repealed, "R"},
  };
  ASSERT_EQ(t.size(), std::size(kExpected));
  for (std::size_t k = 0; k < t.size(); ++k) {
    EXPECT_EQ(t[k].date, kExpected[k].date) << "change " << k;
    EXPECT_EQ(to_string(t[k].code), to_string(kExpected[k].code)) << "change " << k;
    EXPECT_EQ(show(t[k].by), show(kExpected[k].by)) << "change " << k;
  }
  EXPECT_TRUE(validity_timeline(facts(kOther, "2014-03-18", "2014-04-01", kNone)).empty());
}

TEST(Validity, TimelineCarriesEvidence) {
  IncomingAct r = repeal("R", "2019-06-10");
  r.evidence = {7, "原《浙江省某某办法》（浙政发〔2014〕36号）同时废止。"};
  const auto t = validity_timeline(facts(kNormative, "2014-03-18", "2014-04-01", kNone, {r}));
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(to_string(t.back().code), "repealed");
  EXPECT_EQ(show(t.back().evidence.page), "7");
  EXPECT_EQ(t.back().evidence.text, r.evidence.text);
}

// The vocabulary itself, as CONTRACT §4 spells it.
struct VocabularyRow {
  Code code;
  const char* name;
  const char* label;
};

const VocabularyRow kVocabulary[] = {
    {Code::in_force, "in_force", "现行有效"},
    {Code::amended, "amended", "已修改"},
    {Code::partially_invalid, "partially_invalid", "部分失效"},
    {Code::repealed, "repealed", "已废止"},
    {Code::expired, "expired", "失效"},
    {Code::not_yet_effective, "not_yet_effective", "尚未生效"},
};

TEST(Validity, Vocabulary) {
  for (const auto& row : kVocabulary) {
    EXPECT_EQ(to_string(row.code), row.name);
    EXPECT_EQ(label(row.code), row.label) << row.name;
    const auto back = validity_code_from_string(row.name);
    ASSERT_TRUE(back.has_value()) << row.name;
    EXPECT_EQ(to_string(*back), row.name);
  }
  EXPECT_FALSE(validity_code_from_string("valid").has_value());
}

}  // namespace
}  // namespace gazette
