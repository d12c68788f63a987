// The index against the validity engine: for every document and date, the status filters
// and the status facet (both computed from value slots) must agree with validity_as_of().
// Also number lookup in printed and OCR-damaged forms, and title-over-body ranking.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "gazette/index/searcher.h"
#include "gazette/index/writer.h"
#include "gazette/validity.h"

namespace {

namespace fs = std::filesystem;
using gazette::Document;
using gazette::DocumentKind;
using gazette::IncomingAct;
using gazette::RelationType;
using gazette::ValidityCode;
using gazette::ValidityFacts;

struct Case {
  const char* id;
  DocumentKind kind;
  const char* signed_date;
  const char* effective;  // "" for none
  const char* expires;    // "" for none
  std::vector<IncomingAct> acts;
};

IncomingAct act(RelationType t, const char* date, bool partial = false) {
  IncomingAct a;
  a.type = t;
  a.by_id = std::string("by-") + date;
  a.date = date;
  a.partial = partial;
  return a;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> kCases = {
      {"plain", DocumentKind::normative, "2014-03-18", "2014-04-01", "", {}},
      {"no-dates", DocumentKind::normative, "", "", "", {}},
      {"signed-only", DocumentKind::normative, "2015-06-01", "", "", {}},
      {"expires", DocumentKind::normative, "2015-01-01", "2015-01-01", "2019-12-31", {}},
      {"repealed",
       DocumentKind::rule,
       "2010-01-01",
       "2010-02-01",
       "",
       {act(RelationType::repeals, "2017-05-11")}},
      {"amended",
       DocumentKind::rule,
       "2012-05-01",
       "2012-06-01",
       "",
       {act(RelationType::amends, "2016-01-01")}},
      {"amended-then-repealed",
       DocumentKind::rule,
       "2012-05-01",
       "2012-06-01",
       "",
       {act(RelationType::amends, "2014-01-01"), act(RelationType::repeals, "2020-01-01")}},
      {"declared-invalid",
       DocumentKind::normative,
       "2008-01-01",
       "2008-01-01",
       "",
       {act(RelationType::declares_invalid, "2016-12-31")}},
      {"partial",
       DocumentKind::normative,
       "2014-02-17",
       "2014-03-01",
       "2019-02-28",
       {act(RelationType::declares_invalid, "2017-05-11", true)}},
      {"amended-then-partial",
       DocumentKind::normative,
       "2011-01-01",
       "2011-01-01",
       "",
       {act(RelationType::amends, "2013-01-01"), act(RelationType::repeals, "2015-01-01", true)}},
      {"repeal-before-effect",
       DocumentKind::normative,
       "2018-01-01",
       "2018-06-01",
       "",
       {act(RelationType::repeals, "2018-03-01")}},
      {"cited-only",
       DocumentKind::normative,
       "2016-01-01",
       "2016-01-01",
       "",
       {act(RelationType::cites, "2017-01-01")}},
      {"personnel", DocumentKind::other, "2017-05-17", "2017-05-17", "", {}},
  };
  return kCases;
}

const std::vector<std::string> kDates = {"2007-12-31", "2010-01-15", "2012-05-15", "2013-06-01",
                                         "2014-03-18", "2014-04-01", "2015-01-01", "2016-01-01",
                                         "2017-05-10", "2017-05-11", "2018-02-01", "2018-06-01",
                                         "2019-12-31", "2020-01-01", "2026-11-25"};

ValidityFacts facts_of(const Case& c) {
  ValidityFacts f;
  f.kind = c.kind;
  if (*c.signed_date) f.signed_date = c.signed_date;
  if (*c.effective) f.effective = c.effective;
  if (*c.expires) f.expires = c.expires;
  f.acts = c.acts;
  return f;
}

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gazette-index-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    gazette::index::Writer writer(dir_);
    int n = 0;
    for (const auto& c : cases()) {
      Document d;
      d.id = c.id;
      d.issue_id = "issue";
      d.kind = c.kind;
      d.title = std::string("浙江省关于测试文件") + std::to_string(n) + "的通知";
      d.number = "浙政发〔2014〕" + std::to_string(++n) + "号";
      d.authority = "浙江省人民政府";
      d.text = "各市、县人民政府：现将有关事项通知如下。";
      writer.put({d, facts_of(c)});
    }
    Document title_hit, body_hit;
    title_hit.id = "title-hit";
    title_hit.kind = DocumentKind::other;
    title_hit.title = "政府公报管理办法";
    title_hit.text = "第一条 为了规范工作，制定本办法。";
    body_hit.id = "body-hit";
    body_hit.kind = DocumentKind::other;
    body_hit.title = "关于做好年度工作的通知";
    body_hit.text = "各地要加强政府公报管理，做好发行工作。";
    writer.put({body_hit, {}});
    writer.put({title_hit, {}});
    writer.commit();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::set<std::string> search_ids(gazette::index::SearchRequest req) {
    gazette::index::Searcher searcher({gazette::index::ShardLocation::local(dir_)});
    req.limit = 1000;
    std::set<std::string> ids;
    for (const auto& h : searcher.search(req).hits) ids.insert(h.id);
    return ids;
  }

  fs::path dir_;
};

TEST_F(IndexTest, StatusFiltersAgreeWithTheValidityEngineOnEveryDate) {
  const ValidityCode codes[] = {ValidityCode::in_force,          ValidityCode::amended,
                                ValidityCode::partially_invalid, ValidityCode::repealed,
                                ValidityCode::expired,           ValidityCode::not_yet_effective};
  for (const auto& date : kDates) {
    for (const auto code : codes) {
      std::set<std::string> expected;
      for (const auto& c : cases()) {
        const auto v = gazette::validity_as_of(facts_of(c), date);
        if (v && v->code == code) expected.insert(c.id);
      }
      gazette::index::SearchRequest req;
      req.as_of = date;
      req.status = code;
      EXPECT_EQ(search_ids(req), expected)
          << "status " << gazette::to_string(code) << " on " << date;
    }
  }
}

TEST_F(IndexTest, StatusFacetAgreesWithTheValidityEngine) {
  for (const auto& date : kDates) {
    std::map<std::string, std::size_t> expected;
    for (const auto& c : cases())
      if (const auto v = gazette::validity_as_of(facts_of(c), date))
        ++expected[std::string(gazette::to_string(v->code))];
    gazette::index::Searcher searcher({gazette::index::ShardLocation::local(dir_)});
    gazette::index::SearchRequest req;
    req.as_of = date;
    req.facets = true;
    const auto results = searcher.search(req);
    EXPECT_TRUE(results.total_exact);
    const auto it = results.facets.find("status");
    const std::map<std::string, std::size_t> got =
        it == results.facets.end() ? std::map<std::string, std::size_t>{} : it->second;
    EXPECT_EQ(got, expected) << "on " << date;
  }
}

TEST_F(IndexTest, NumberInAnyPrintedFormRanksItsDocumentFirst) {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"浙政发〔2014〕5号", "repealed"},      {"浙政发[2014]5号", "repealed"},
      {"浙政发（２０１４）５号", "repealed"}, {"浙政发 【2014】 5 号", "repealed"},
      {"关于 浙政发(2014)6号 的", "amended"}, {"浙政发［2014］12号", "cited-only"},
      {"浙政发〔2014〕05号", "repealed"},
  };
  gazette::index::Searcher searcher({gazette::index::ShardLocation::local(dir_)});
  for (const auto& [query, id] : rows) {
    gazette::index::SearchRequest req;
    req.query = query;
    const auto results = searcher.search(req);
    ASSERT_FALSE(results.hits.empty()) << query;
    EXPECT_EQ(results.hits.front().id, id) << query;
  }
}

TEST_F(IndexTest, TitleMatchesRankAboveBodyMatches) {
  gazette::index::Searcher searcher({gazette::index::ShardLocation::local(dir_)});
  gazette::index::SearchRequest req;
  req.query = "公报管理";
  const auto results = searcher.search(req);
  ASSERT_GE(results.hits.size(), 2u);
  EXPECT_EQ(results.hits[0].id, "title-hit");
  EXPECT_EQ(results.hits[1].id, "body-hit");
  EXPECT_NE(results.hits[1].snippet_html.find("<b>"), std::string::npos);
}

TEST_F(IndexTest, MixedLatinAndChineseQueriesDoNotFail) {
  gazette::index::Searcher searcher({gazette::index::ShardLocation::local(dir_)});
  for (const char* q : {"abc 中文 def", "GDP 公报管理", "公报 2014 abc"}) {
    gazette::index::SearchRequest req;
    req.query = q;
    EXPECT_NO_THROW(searcher.search(req)) << q;
  }
}

}  // namespace
