// The dense-terms file (index/src/dense_terms.h, docs/index-schema.md "Dense terms"): what a
// searcher maps must be what Xapian's posting lists say, a stale, truncated or foreign file
// must be refused (the terms are then read from Xapian), and searches through the mapped
// file must give Xapian's pages.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "dense_terms.h"  // internal: index/src
#include "gazette/index/searcher.h"
#include "gazette/index/shards.h"
#include "gazette/index/writer.h"

namespace {

namespace fs = std::filesystem;
using gazette::index::DenseTermCache;
using gazette::index::SearchRequest;

const std::vector<std::string> kWords = {"政务公开", "依法行政", "财政预算", "安全生产",
                                         "公报管理", "监督检查", "信息公开", "应急预案"};

gazette::index::IndexEntry act(int i, std::mt19937& rng) {
  gazette::index::IndexEntry e;
  auto& d = e.doc;
  d.id = "d" + std::to_string(100000 + i);
  d.issue_id = "issue" + std::to_string(i / 20);
  d.kind = i % 3 == 0 ? gazette::DocumentKind::rule : gazette::DocumentKind::normative;
  d.title = "关于" + kWords[rng() % kWords.size()] + "的通知";
  for (int k = 0, n = 5 + static_cast<int>(rng() % 20); k < n; ++k)
    d.text += kWords[rng() % kWords.size()] + (k % 4 == 3 ? "。" : "，");
  e.facts.kind = d.kind;
  return e;
}

class DenseTermsFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gazette-dense-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    std::mt19937 rng(42);
    gazette::index::Writer w(dir_);
    for (int i = 0; i < 300; ++i) w.put(act(i, rng));
    // A wdf past what one byte holds (255): kept beside the bitset.
    auto big = act(300, rng);
    for (int k = 0; k < 300; ++k) big.doc.text += "政务公开。";
    w.put(big);
    w.commit();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_all_terms() const {
    gazette::index::DenseTermsOptions all;
    all.share = 0;
    all.min_documents = 0;
    gazette::index::write_dense_terms(dir_, all);
  }
  fs::path file() const { return dir_ / gazette::index::kDenseTermsFile; }

  fs::path dir_;
};

TEST_F(DenseTermsFile, MappedTermsAreXapiansPostings) {
  write_all_terms();
  ASSERT_TRUE(fs::exists(file()));
  const Xapian::Database db(dir_.string());
  DenseTermCache mapped(db, 1 << 20, file()), read(db, 64 << 20);
  ASSERT_TRUE(mapped.mapped());
  ASSERT_FALSE(read.mapped());
  for (Xapian::docid d = 1; d <= db.get_lastdocid(); ++d)
    EXPECT_EQ(mapped.lengths()[d], read.lengths()[d]) << d;
  std::size_t big = 0;
  for (const std::string term : {"政务", "务公", "公开", "依法", "行政", "财政", "XKrule", "S公报"}) {
    const auto a = mapped.get(term, true), b = read.get(term, true);
    ASSERT_GT(db.get_termfreq(term), 0u) << term;
    for (Xapian::docid d = 0; d < mapped.words() * 64; ++d) {
      ASSERT_EQ(a->holds(d), b->holds(d)) << term << " " << d;
      if (a->holds(d)) {
        EXPECT_EQ(a->wdf_of(d), b->wdf_of(d)) << term << " " << d;
        big += a->wdf_of(d) >= gazette::index::TermBits::kBigWdf;
      }
    }
  }
  EXPECT_GE(big, 1u);  // the act that says 政务公开 300 times
}

TEST_F(DenseTermsFile, StaleTruncatedOrForeignFilesAreRefused) {
  write_all_terms();
  {
    const Xapian::Database db(dir_.string());
    ASSERT_TRUE(DenseTermCache(db, 1 << 20, file()).mapped());
  }
  // Another database's file (same documents, another uuid).
  const fs::path other = dir_.string() + "-other";
  fs::remove_all(other);
  {
    std::mt19937 rng(42);
    gazette::index::Writer w(other);
    for (int i = 0; i < 301; ++i) w.put(act(i, rng));
    w.commit();
  }
  fs::copy_file(file(), other / gazette::index::kDenseTermsFile);
  EXPECT_FALSE(DenseTermCache(Xapian::Database(other.string()), 1 << 20,
                              other / gazette::index::kDenseTermsFile)
                   .mapped());
  fs::remove_all(other);
  // Truncated.
  const auto size = fs::file_size(file());
  const fs::path copy = dir_.string() + "-whole";
  fs::copy_file(file(), copy, fs::copy_options::overwrite_existing);
  fs::resize_file(file(), size / 2);
  EXPECT_FALSE(DenseTermCache(Xapian::Database(dir_.string()), 1 << 20, file()).mapped());
  fs::copy_file(copy, file(), fs::copy_options::overwrite_existing);
  fs::remove(copy);
  EXPECT_TRUE(DenseTermCache(Xapian::Database(dir_.string()), 1 << 20, file()).mapped());
  // Stale: the index has changed since.
  {
    std::mt19937 rng(7);
    gazette::index::Writer w(dir_);
    w.put(act(301, rng));
    w.commit();
  }
  EXPECT_FALSE(DenseTermCache(Xapian::Database(dir_.string()), 1 << 20, file()).mapped());
  // Writing again brings it up to date; an index below min_documents has none.
  write_all_terms();
  EXPECT_TRUE(DenseTermCache(Xapian::Database(dir_.string()), 1 << 20, file()).mapped());
  gazette::index::write_dense_terms(dir_, {0.125, 100000});
  EXPECT_FALSE(fs::exists(file()));
  EXPECT_FALSE(fs::exists(dir_ / (std::string(gazette::index::kDenseTermsFile) + ".new")));
}

TEST_F(DenseTermsFile, SearchesThroughTheFileGiveXapiansPages) {
  write_all_terms();
  gazette::index::SearcherOptions dense, plain;
  dense.dense_share = 0;
  dense.dense_min_documents = 0;
  plain.dense_share = 2;
  gazette::index::Searcher with({gazette::index::ShardLocation::local(dir_)}, dense),
      without({gazette::index::ShardLocation::local(dir_)}, plain);
  std::size_t answered = 0;
  for (const std::string query : {"政务公开", "依法行政 财政预算", "\"政务公开\"", "公开",
                                  "\"公报管理\" 监督检查", "应急预案"}) {
    for (const bool facets : {false, true}) {
      for (const int limit : {1, 5, 50}) {
        SearchRequest r;
        r.query = query;
        r.as_of = "2026-11-25";
        r.facets = facets;
        r.limit = limit;
        const auto a = with.search(r), b = without.search(r);
        answered += a.from_dense_terms;
        ASSERT_EQ(a.hits.size(), b.hits.size()) << query;
        for (std::size_t i = 0; i < a.hits.size(); ++i) {
          EXPECT_EQ(a.hits[i].id, b.hits[i].id) << query << " limit " << limit << " rank " << i;
          EXPECT_DOUBLE_EQ(a.hits[i].score, b.hits[i].score) << query << " rank " << i;
        }
        EXPECT_EQ(a.facets, b.facets) << query;
      }
    }
  }
  EXPECT_EQ(answered, 36u);
}

}  // namespace
