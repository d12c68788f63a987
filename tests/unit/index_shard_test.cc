// Sharded search against one database. The same generated collection is indexed once into a
// single Xapian database and once split over three shards: two local folders and one served
// by Xapian's own xapian-tcpsrv on 127.0.0.1 (a free port; started and killed here). Searched
// as one, the shards must give the same hits in the same order with the same weights and
// snippets, the same totals and facets, for every query and sort order; and their status
// filters and status facet must agree with the validity engine.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/index/searcher.h"
#include "gazette/index/shards.h"
#include "gazette/index/writer.h"
#include "gazette/validity.h"
#include "xapian_tcpsrv.h"

namespace {

namespace fs = std::filesystem;
using gazette::Document;
using gazette::DocumentKind;
using gazette::ValidityCode;
using gazette::index::SearchRequest;
using gazette::index::SearchResults;
using gazette::index::ShardLocation;
using gazette::index::SortOrder;

// Sentences of the real gazette texts in corpora/texts, the bodies of the generated acts.
std::vector<std::string> corpus_sentences() {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(GAZETTE_CORPUS_TEXTS)) {
    std::ifstream in(entry.path());
    std::stringstream all;
    all << in.rdbuf();
    std::string text = all.str();
    std::string sentence;
    for (std::size_t at = 0; at < text.size();) {
      const auto end = text.find("。", at);
      sentence = text.substr(at, end == std::string::npos ? std::string::npos : end - at);
      std::erase(sentence, '\n');
      if (sentence.size() >= 24) out.push_back(sentence + "。");
      if (end == std::string::npos) break;
      at = end + std::string("。").size();
    }
  }
  return out;
}

// A deterministic collection: kinds, authorities, numbers, dates and later acts (repeals,
// amendments, partial invalidity, fixed terms) in realistic proportions.
std::vector<gazette::index::IndexEntry> make_collection(int n) {
  const auto sentences = corpus_sentences();
  std::mt19937 rng(20261125);
  auto pick = [&](auto size) { return static_cast<std::size_t>(rng() % size); };
  const std::vector<std::pair<std::string, std::string>> authorities = {
      {"浙江省人民政府", "浙政发"},
      {"浙江省人民政府办公厅", "浙政办发"},
      {"广东省人民政府", "粤府"},
      {"杭州市人民政府", "杭政"}};
  const std::vector<std::string> topics = {"政务公开", "公报管理", "安全生产", "环境保护",
                                           "教育发展", "财政资金", "信息公开", "行政审批"};
  const std::vector<std::string> forms = {"通知", "办法", "规定", "意见", "决定"};
  std::vector<gazette::index::IndexEntry> out;
  for (int i = 0; i < n; ++i) {
    Document d;
    gazette::ValidityFacts f;
    d.id = "i" + std::to_string(100000 + i * 7919 % 100000) + "-" + std::to_string(i % 9 + 1);
    d.issue_id = d.id.substr(0, 7);
    d.kind = i % 7 == 0 ? DocumentKind::other
                        : (i % 3 == 0 ? DocumentKind::rule : DocumentKind::normative);
    const auto& [authority, code] = authorities[pick(authorities.size())];
    d.authority = authority;
    const int year = 1990 + static_cast<int>(pick(35));
    d.year = year;
    d.series = "政府公报";
    d.title = "关于" + topics[pick(topics.size())] + "和" + topics[pick(topics.size())] + "的" +
              forms[pick(forms.size())];
    if (d.kind == DocumentKind::rule)
      d.number = "浙江省人民政府令第" + std::to_string(100 + i) + "号";
    if (d.kind == DocumentKind::normative)
      d.number = code + "〔" + std::to_string(year) + "〕" + std::to_string(i + 1) + "号";
    if (i % 11 != 5)
      d.signed_date =
          gazette::iso_date(year, 1 + static_cast<int>(pick(12)), 1 + static_cast<int>(pick(28)));
    if (d.signed_date && i % 4 != 0)
      d.effective = gazette::add_days(*d.signed_date, static_cast<int>(pick(60)));
    if (d.signed_date && i % 13 == 0) d.expires = gazette::add_years(*d.signed_date, 5);
    for (std::size_t k = 0, m = 3 + pick(10); k < m; ++k)
      d.text += sentences[pick(sentences.size())];
    f.kind = d.kind;
    f.signed_date = d.signed_date;
    f.effective = d.effective;
    f.expires = d.expires;
    if (d.kind != DocumentKind::other && d.signed_date) {
      auto later = [&](int max_days) {
        gazette::IncomingAct a;
        a.date = gazette::add_days(*d.signed_date, 1 + static_cast<int>(pick(max_days)));
        a.by_id = "by-" + *a.date;
        return a;
      };
      if (i % 5 == 1) {
        auto a = later(4000);
        a.type = gazette::RelationType::amends;
        f.acts.push_back(a);
      }
      if (i % 6 == 2) {
        auto a = later(6000);
        a.type = gazette::RelationType::repeals;
        f.acts.push_back(a);
      }
      if (i % 17 == 3) {
        auto a = later(5000);
        a.type = gazette::RelationType::declares_invalid;
        a.partial = true;
        f.acts.push_back(a);
      }
    }
    out.push_back({std::move(d), std::move(f)});
  }
  return out;
}

class ShardedIndex : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new fs::path(fs::temp_directory_path() /
                         ("gazette-shard-test-" + std::to_string(::getpid())));
    fs::remove_all(*root_);
    entries_ = new std::vector<gazette::index::IndexEntry>(make_collection(420));
    {
      gazette::index::Writer one(*root_ / "one");
      gazette::index::Writer a(*root_ / "a"), b(*root_ / "b"), c(*root_ / "c");
      // Uneven shards, documents spread as provinces would be, not round-robin.
      for (std::size_t i = 0; i < entries_->size(); ++i) {
        one.put((*entries_)[i]);
        const auto h = std::hash<std::string>{}((*entries_)[i].doc.authority) + i / 50;
        (h % 5 < 2 ? a : h % 5 < 4 ? b : c).put((*entries_)[i]);
      }
      one.commit();
      a.commit();
      b.commit();
      c.commit();
    }
    server_ = new gazette::testing::XapianTcpServer(*root_ / "c");
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(*root_);
    delete entries_;
    delete root_;
  }
  void SetUp() override { ASSERT_TRUE(server_->ready()) << "xapian-tcpsrv: " << server_->error(); }

  static SearchResults search_one(SearchRequest r) {
    return gazette::index::Searcher({ShardLocation::local(*root_ / "one")}).search(r);
  }
  static SearchResults search_shards(SearchRequest r) {
    return gazette::index::Searcher({ShardLocation::local(*root_ / "a"),
                                     ShardLocation::local(*root_ / "b"),
                                     ShardLocation::remote("127.0.0.1", server_->port())})
        .search(r);
  }

  static fs::path* root_;
  static std::vector<gazette::index::IndexEntry>* entries_;
  static gazette::testing::XapianTcpServer* server_;
};

fs::path* ShardedIndex::root_ = nullptr;
std::vector<gazette::index::IndexEntry>* ShardedIndex::entries_ = nullptr;
gazette::testing::XapianTcpServer* ShardedIndex::server_ = nullptr;

void expect_same(const SearchResults& one, const SearchResults& shards, const std::string& what) {
  EXPECT_EQ(one.total, shards.total) << what;
  ASSERT_EQ(one.hits.size(), shards.hits.size()) << what;
  for (std::size_t i = 0; i < one.hits.size(); ++i) {
    EXPECT_EQ(one.hits[i].id, shards.hits[i].id) << what << " rank " << i;
    EXPECT_DOUBLE_EQ(one.hits[i].score, shards.hits[i].score) << what << " rank " << i;
    // Snippets may cut a different passage: Xapian 1.4 weighs snippet terms with statistics
    // that differ once a remote shard takes part. Both must still show a highlighted hit.
    if (!one.hits[i].snippet_html.empty()) {
      EXPECT_EQ(shards.hits[i].snippet_html.find("<b>") == std::string::npos,
                one.hits[i].snippet_html.find("<b>") == std::string::npos)
          << what << " rank " << i;
    }
  }
  for (const auto& [facet, values] : one.facets) {
    const auto it = shards.facets.find(facet);
    ASSERT_NE(it, shards.facets.end()) << what << ": facet " << facet;
    for (const auto& [value, count] : values) {
      const auto v = it->second.find(value);
      EXPECT_EQ(v == it->second.end() ? 0u : v->second, count)
          << what << ": " << facet << "=" << value;
    }
    EXPECT_EQ(values.size(), it->second.size()) << what << ": facet " << facet;
  }
  EXPECT_EQ(one.facets.size(), shards.facets.size()) << what;
}

struct QueryRow {
  std::string query;
  std::optional<ValidityCode> status;
  std::string as_of;
  std::optional<DocumentKind> kind;
  std::optional<int> year;
  std::string authority;
};

// Words, phrases, ORs, exclusions, numbers, blank queries, status/kind/year/authority
// filters: the shapes that are counted from posting lists and those Xapian's matcher counts.
std::vector<QueryRow> query_rows(const std::vector<gazette::index::IndexEntry>& e) {
  const std::string damaged = [&] {
    // 浙政发〔1999〕5号 as an OCR might print it: [ ], full-width digits, a space.
    for (const auto& x : e)
      if (x.doc.number.find("〔") != std::string::npos) {
        std::string n = x.doc.number;
        n.replace(n.find("〔"), std::string("〔").size(), " [");
        n.replace(n.find("〕"), std::string("〕").size(), "] ");
        return n;
      }
    return std::string();
  }();
  return {
      {"政务公开", {}, "2026-11-25", {}, {}, ""},
      {"公报管理", {}, "2026-11-25", {}, {}, ""},
      {"\"信息公开\"", {}, "2026-11-25", {}, {}, ""},
      {"公开 规范", {}, "2026-11-25", {}, {}, ""},
      {"title:安全生产", {}, "2026-11-25", {}, {}, ""},
      {"财政 OR 教育", {}, "2026-11-25", {}, {}, ""},
      {"管理 -教育", {}, "2026-11-25", {}, {}, ""},
      {"", {}, "2010-06-30", {}, {}, ""},
      {e[10].doc.number, {}, "2026-11-25", {}, {}, ""},
      {e[57].doc.number + " 公开", {}, "2026-11-25", {}, {}, ""},
      {damaged, {}, "2026-11-25", {}, {}, ""},
      {"政府", ValidityCode::in_force, "2015-06-01", {}, {}, ""},
      {"政府", ValidityCode::repealed, "2026-01-01", {}, {}, ""},
      {"", ValidityCode::amended, "2020-01-01", {}, {}, ""},
      {"工作", {}, "2026-11-25", DocumentKind::rule, {}, ""},
      {"公开", {}, "2012-03-04", {}, 2005, ""},
      {"", ValidityCode::in_force, "2012-03-04", {}, 2008, ""},
      {"规定", ValidityCode::expired, "2026-11-25", {}, {}, "浙江省人民政府"},
      {"管 理", {}, "2026-11-25", DocumentKind::normative, {}, "广东省人民政府"},
  };
}

SearchRequest request_for(const QueryRow& row, SortOrder order) {
  SearchRequest r;
  r.query = row.query;
  r.status = row.status;
  r.as_of = row.as_of;
  r.kind = row.kind;
  r.year = row.year;
  r.authority = row.authority;
  r.sort = order;
  r.limit = 1000;
  r.facets = true;
  return r;
}

TEST_F(ShardedIndex, ShardsSearchedAsOneRankExactlyLikeOneDatabase) {
  const auto rows = query_rows(*entries_);
  std::size_t non_trivial = 0;
  for (const auto& row : rows) {
    for (const auto order : {SortOrder::relevance, SortOrder::newest, SortOrder::oldest}) {
      SearchRequest r = request_for(row, order);
      const auto one = search_one(r);
      const std::string what = "'" + row.query + "' sorted " + std::string(to_string(order));
      expect_same(one, search_shards(r), what);
      if (one.hits.size() >= 10) ++non_trivial;
      // A page of results deep in the list is the same slice of it.
      r.offset = 10;
      r.limit = 10;
      expect_same(search_one(r), search_shards(r), what + ", second page");
    }
  }
  // The comparison means something only if most queries match many documents.
  EXPECT_GE(non_trivial, rows.size() * 3 / 2);
}

// Local shards are counted from the in-memory facet table, over a database of several
// shards whose docids interleave; the counts, totals and pages are those of one database (and
// so, by the test above, of Xapian's own match spies on a remote shard).
TEST_F(ShardedIndex, LocalShardsCountLikeOneDatabase) {
  const gazette::index::Searcher local({ShardLocation::local(*root_ / "a"),
                                        ShardLocation::local(*root_ / "b"),
                                        ShardLocation::local(*root_ / "c")});
  std::size_t counted = 0;
  for (const auto& row : query_rows(*entries_)) {
    const SearchRequest r = request_for(row, SortOrder::relevance);
    const auto one = search_one(r);
    expect_same(one, local.search(r), "'" + row.query + "' over local shards");
    counted += one.total > 0 && !one.facets.empty();
  }
  EXPECT_GE(counted, 15u);
}

// A quoted phrase (single characters with positions, filtered by the bigrams that stand side
// by side in it) finds every act whose text holds it literally, and only acts that hold it
// once punctuation and spaces are ignored.
TEST_F(ShardedIndex, QuotedPhrasesMatchTheActsThatHoldThem) {
  auto cjk_only = [](const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      const std::string ch = s.substr(i, n);
      // CJK ideographs only (U+4E00…U+9FFF: lead bytes E4…E9), no punctuation or spaces
      if (n == 3 && c >= 0xE4 && c <= 0xE9) out += ch;
      i += n;
    }
    return out;
  };
  std::mt19937 rng(7);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < entries_->size() && checked < 40; i += 11) {
    const std::string text = (*entries_)[i].doc.text;
    // A run of 2 to 7 ideographs from the act's body, without punctuation inside.
    const std::size_t chars = 2 + rng() % 6, start = rng() % std::max<std::size_t>(text.size(), 1);
    std::size_t at = start;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    std::string phrase;
    for (; at + 3 <= text.size() && phrase.size() < chars * 3; at += 3) {
      const std::string ch = text.substr(at, 3);
      if (cjk_only(ch).empty()) break;
      phrase += ch;
    }
    if (phrase.size() < 6) continue;
    SearchRequest r;
    r.query = "\"" + phrase + "\"";
    r.limit = 1000;
    std::set<std::string> got;
    for (const auto& h : search_one(r).hits) got.insert(h.id);
    for (const auto& x : *entries_) {
      const bool literal = x.doc.text.find(phrase) != std::string::npos ||
                           x.doc.title.find(phrase) != std::string::npos;
      const bool loose = cjk_only(x.doc.text).find(phrase) != std::string::npos ||
                         cjk_only(x.doc.title).find(phrase) != std::string::npos;
      if (literal) {
        EXPECT_TRUE(got.count(x.doc.id)) << phrase << " in " << x.doc.id;
      }
      if (got.count(x.doc.id)) {
        EXPECT_TRUE(loose) << phrase << " not in " << x.doc.id;
      }
    }
    EXPECT_TRUE(got.count((*entries_)[i].doc.id)) << phrase;
    ++checked;
  }
  EXPECT_GE(checked, 20u);
}

// Without facets the search may stop early and estimate the total; the page itself is the
// same as with every match counted, and an estimate is flagged as one.
TEST_F(ShardedIndex, EstimatedTotalsGiveTheSamePageAsExactCounts) {
  // Without an exact count, phrases are checked by a match decider only on the documents the
  // page needs (searcher.cc's deferring_phrases); the exact count, the facet count and the
  // remote shard check them Xapian's own way.
  for (const std::string query : {"政府", "工作", "管理 办法", "\"人民政府\"", "规定", "",
                                  "\"信息公开\"", "\"管理办法\" 规定", "\"人民\" OR \"工作\""}) {
    for (const int limit : {5, 20}) {
      SearchRequest r;
      r.query = query;
      r.limit = limit;
      SearchRequest exact = r;
      exact.exact_total = true;
      SearchRequest faceted = r;
      faceted.facets = true;
      const auto quick = search_one(r), counted = search_one(exact),
                 with_facets = search_one(faceted);
      EXPECT_TRUE(counted.total_exact) << query;
      EXPECT_TRUE(with_facets.total_exact) << query;
      EXPECT_EQ(counted.total, with_facets.total) << query;
      EXPECT_TRUE(quick.facets.empty()) << query;
      EXPECT_TRUE(counted.facets.empty()) << query;
      if (counted.total > 0) {
        EXPECT_FALSE(with_facets.facets.empty()) << query;
      }
      if (quick.total_exact) {
        EXPECT_EQ(quick.total, counted.total) << query;
      }
      ASSERT_EQ(quick.hits.size(), counted.hits.size()) << query;
      for (std::size_t i = 0; i < quick.hits.size(); ++i) {
        EXPECT_EQ(quick.hits[i].id, counted.hits[i].id) << query << " rank " << i;
        EXPECT_EQ(quick.hits[i].snippet_html, counted.hits[i].snippet_html) << query;
      }
      // Over the shards (one remote) the exact count is the single database's.
      EXPECT_EQ(search_shards(exact).total, counted.total) << query;
    }
  }
}

// A phrase checked by the match decider together with the status filter's decider, and a
// phrase whose characters repeat: the page is the one an exact count gives, over one database
// and over three local shards.
TEST_F(ShardedIndex, DeferredPhrasesWithStatusFiltersGiveTheCountedPage) {
  for (const std::string query :
       {"\"信息公开\"", "\"管理办法\" 规定", "\"人民人民\"", "\"政府\""}) {
    for (const auto status : {std::optional<ValidityCode>{}, std::optional{ValidityCode::in_force},
                              std::optional{ValidityCode::repealed}}) {
      SearchRequest r;
      r.query = query;
      r.limit = 5;
      r.status = status;
      r.as_of = "2020-01-01";
      SearchRequest exact = r;
      exact.exact_total = true;
      const auto quick = search_one(r), counted = search_one(exact);
      gazette::index::Searcher local_shards({ShardLocation::local(*root_ / "a"),
                                             ShardLocation::local(*root_ / "b"),
                                             ShardLocation::local(*root_ / "c")});
      const auto sharded = local_shards.search(r);
      ASSERT_EQ(quick.hits.size(), counted.hits.size()) << query;
      ASSERT_EQ(sharded.hits.size(), counted.hits.size()) << query;
      for (std::size_t i = 0; i < quick.hits.size(); ++i) {
        EXPECT_EQ(quick.hits[i].id, counted.hits[i].id) << query << " rank " << i;
        EXPECT_EQ(sharded.hits[i].id, counted.hits[i].id) << query << " rank " << i;
      }
      if (quick.total_exact) {
        EXPECT_EQ(quick.total, counted.total) << query;
      }
    }
  }
}

// Regression: Xapian 1.4.22's AND_MAYBE (the title bonus) lost a title match when it turned
// into an AND while its title side stood ahead: "政务公开" in force on 2015-06-01 missed its
// third act at limit 3 and 4. Small pages at any offset are those of an exact count.
TEST_F(ShardedIndex, SmallPagesAreTheCountedPages) {
  for (const std::string query : {"政务公开", "\"政务公开\"", "政府 工作", "公报管理"}) {
    for (const auto status : {std::optional<ValidityCode>{}, std::optional{ValidityCode::in_force},
                              std::optional{ValidityCode::repealed}}) {
      for (const int offset : {0, 3}) {
        for (int limit = 1; limit <= 8; ++limit) {
          SearchRequest r;
          r.query = query;
          r.status = status;
          r.as_of = "2015-06-01";
          r.offset = offset;
          r.limit = limit;
          SearchRequest exact = r;
          exact.exact_total = true;
          const auto quick = search_one(r), counted = search_one(exact);
          const std::string what = query + " offset " + std::to_string(offset) + " limit " +
                                   std::to_string(limit);
          ASSERT_EQ(quick.hits.size(), counted.hits.size()) << what;
          for (std::size_t i = 0; i < quick.hits.size(); ++i)
            EXPECT_EQ(quick.hits[i].id, counted.hits[i].id) << what << " rank " << i;
        }
      }
    }
  }
}

// The dense-term path (SearcherOptions::dense_share; here every term counts as dense) picks
// from bitsets the documents Xapian weighs for the page: the pages, weights and counts must
// be those of Xapian's matcher over every match, for words, phrases (also in titles), filters
// and statuses, at several offsets, with and without facets.
TEST_F(ShardedIndex, DenseTermPathGivesXapiansPages) {
  gazette::index::SearcherOptions dense, plain;
  dense.dense_share = 0;
  dense.dense_min_documents = 0;
  plain.dense_share = 2;
  gazette::index::Searcher with({ShardLocation::local(*root_ / "one")}, dense),
      without({ShardLocation::local(*root_ / "one")}, plain);
  auto rows = query_rows(*entries_);
  for (const std::string phrase : {"\"信息公开\"", "\"管理办法\" 规定", "\"人民政府\"",
                                   "\"关于政务公开\"", "\"公报管理\" 工作", "政务公开 安全生产",
                                   "\"人民人民\"", "的"})
    rows.push_back({phrase, {}, "2026-11-25", {}, {}, ""});
  rows.push_back({"\"政务公开\"", ValidityCode::in_force, "2015-06-01", {}, {}, ""});
  rows.push_back({"政府 工作", ValidityCode::repealed, "2026-01-01", DocumentKind::rule, {}, ""});
  std::size_t dense_pages = 0, phrase_pages = 0;
  for (const auto& row : rows) {
    for (const bool facets : {false, true}) {
      for (const auto& [offset, limit] : {std::pair{0, 10}, {10, 10}, {0, 1000}, {3, 1}, {0, 0}}) {
        SearchRequest r = request_for(row, SortOrder::relevance);
        r.facets = facets;
        r.offset = offset;
        r.limit = limit;
        const std::string what = "'" + row.query + "' facets " + std::to_string(facets) +
                                 " offset " + std::to_string(offset) + " limit " +
                                 std::to_string(limit);
        const auto a = with.search(r), b = without.search(r);
        dense_pages += a.from_dense_terms;
        phrase_pages += a.from_dense_terms && row.query.find('"') != std::string::npos;
        EXPECT_FALSE(b.from_dense_terms) << what;
        ASSERT_EQ(a.hits.size(), b.hits.size()) << what;
        for (std::size_t i = 0; i < a.hits.size(); ++i) {
          EXPECT_EQ(a.hits[i].id, b.hits[i].id) << what << " rank " << i;
          EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << what << " rank " << i;
          EXPECT_EQ(a.hits[i].snippet_html, b.hits[i].snippet_html) << what << " rank " << i;
        }
        EXPECT_EQ(a.facets, b.facets) << what;
        if (facets) {
          EXPECT_EQ(a.total, b.total) << what;
        }
        if (a.total_exact) {  // against every match counted
          SearchRequest exact = r;
          exact.exact_total = true;
          EXPECT_EQ(a.total, without.search(exact).total) << what;
        }
      }
    }
  }
  // Most rows are words and phrases the path answers; ORs, exclusions, numbers and blank
  // queries are not.
  EXPECT_GE(dense_pages, 150u);
  EXPECT_GE(phrase_pages, 50u);
}

TEST_F(ShardedIndex, NumberLookupFindsTheActFirstAcrossShards) {
  for (std::size_t i = 1; i < entries_->size(); i += 37) {
    const auto& d = (*entries_)[i].doc;
    if (d.number.empty()) continue;
    SearchRequest r;
    r.query = d.number;
    const auto results = search_shards(r);
    ASSERT_FALSE(results.hits.empty()) << d.number;
    EXPECT_EQ(results.hits.front().id, d.id) << d.number;
  }
}

TEST_F(ShardedIndex, DateOrderIsSignedDateNewestOrOldestFirstUndatedLast) {
  for (const auto order : {SortOrder::newest, SortOrder::oldest}) {
    SearchRequest r;
    r.sort = order;
    r.limit = 1000;
    const auto results = search_shards(r);
    ASSERT_EQ(results.hits.size(), entries_->size());
    std::map<std::string, std::string> date_of;
    for (const auto& x : *entries_)
      date_of[x.doc.id] = x.doc.signed_date.value_or(x.doc.effective.value_or(""));
    bool seen_undated = false;
    for (std::size_t i = 1; i < results.hits.size(); ++i) {
      const auto& prev = date_of[results.hits[i - 1].id];
      const auto& cur = date_of[results.hits[i].id];
      if (prev.empty()) seen_undated = true;
      if (cur.empty()) continue;
      EXPECT_FALSE(seen_undated) << "a dated act after an undated one at " << i;
      if (order == SortOrder::newest)
        EXPECT_GE(prev, cur) << i;
      else
        EXPECT_LE(prev, cur) << i;
    }
  }
}

TEST_F(ShardedIndex, StatusFiltersAndFacetOverShardsAgreeWithTheValidityEngine) {
  const ValidityCode codes[] = {ValidityCode::in_force,          ValidityCode::amended,
                                ValidityCode::partially_invalid, ValidityCode::repealed,
                                ValidityCode::expired,           ValidityCode::not_yet_effective};
  std::size_t seen = 0;
  for (const std::string date :
       {"1995-01-01", "2003-07-01", "2012-12-31", "2019-02-28", "2026-11-25", "2040-01-01"}) {
    std::map<std::string, std::size_t> expected_facet;
    std::map<ValidityCode, std::set<std::string>> expected_ids;
    for (const auto& x : *entries_)
      if (const auto v = gazette::validity_as_of(x.facts, date)) {
        ++expected_facet[std::string(gazette::to_string(v->code))];
        expected_ids[v->code].insert(x.doc.id);
      }
    SearchRequest all;
    all.as_of = date;
    all.facets = true;
    const auto facets = search_shards(all).facets;
    const auto it = facets.find("status");
    const std::map<std::string, std::size_t> got_facet =
        it == facets.end() ? std::map<std::string, std::size_t>{} : it->second;
    EXPECT_EQ(got_facet, expected_facet) << date;
    for (const auto code : codes) {
      SearchRequest r;
      r.as_of = date;
      r.status = code;
      r.limit = 1000;
      std::set<std::string> got;
      for (const auto& h : search_shards(r).hits) got.insert(h.id);
      EXPECT_EQ(got, expected_ids[code]) << gazette::to_string(code) << " on " << date;
      seen += got.size();
    }
  }
  EXPECT_GT(seen, 0u);
}

TEST(ShardList, ParsesNamesFoldersAndRemoteShards) {
  const gazette::ArchiveLayout layout("/arch");
  const auto shards = gazette::index::parse_shard_list(
      "main,zhejiang,local:guang-dong_2,dir:/srv/idx,tcp://10.0.0.7:33333", layout);
  ASSERT_EQ(shards.size(), 5u);
  EXPECT_EQ(shards[0].describe(), "/arch/index");
  EXPECT_EQ(shards[1].describe(), "/arch/shards/zhejiang");
  EXPECT_EQ(shards[2].describe(), "/arch/shards/guang-dong_2");
  EXPECT_EQ(shards[3].describe(), "/srv/idx");
  EXPECT_TRUE(shards[4].is_remote());
  EXPECT_EQ(shards[4].describe(), "tcp://10.0.0.7:33333");
  for (const char* bad : {"", "a,,b", "Zhejiang", "../x", "a/b", "tcp://host", "tcp://:80",
                          "tcp://h:0", "tcp://h:70000", "tcp://h:12x", "dir:", "local:"}) {
    EXPECT_THROW(gazette::index::parse_shard_list(bad, layout), gazette::InvalidInput) << bad;
  }
}

}  // namespace
