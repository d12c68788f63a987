// index::Writer's options (writer.h): how often it commits on its own and whether those
// commits are flushed change how fast an index is built, never what it holds. Nor does
// building it in pieces and merging them (merge.h).
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

#include "gazette/error.h"
#include "gazette/index/merge.h"
#include "gazette/index/writer.h"

namespace {

namespace fs = std::filesystem;
using gazette::index::IndexEntry;
using gazette::index::Writer;
using gazette::index::WriterOptions;

IndexEntry act(int i) {
  static const std::vector<std::string> words = {"政务公开", "依法行政", "财政预算",
                                                 "安全生产", "公报管理", "监督检查"};
  IndexEntry e;
  auto& d = e.doc;
  d.id = "w" + std::to_string(1000 + i);
  d.issue_id = "issue" + std::to_string(i / 10);
  d.kind = i % 4 == 0 ? gazette::DocumentKind::rule : gazette::DocumentKind::normative;
  d.title = "关于" + words[i % words.size()] + "的通知";
  if (i % 3 == 0) d.number = "浙政发〔2014〕" + std::to_string(i) + "号";
  for (int k = 0; k < 3 + i % 11; ++k) d.text += words[(i * 7 + k) % words.size()] + "，";
  d.signed_date = "2014-03-" + std::to_string(10 + i % 18);
  e.facts.kind = d.kind;
  e.facts.signed_date = d.signed_date;
  return e;
}

// Everything Xapian holds for a document: terms with wdf and positions, values and data.
std::string dump(const Xapian::Database& db, Xapian::docid did) {
  std::string out;
  const Xapian::Document doc = db.get_document(did);
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    out += *t + ":" + std::to_string(t.get_wdf()) + "@";
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      out += std::to_string(*p) + ",";
    out += " ";
  }
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
    out += "|" + std::to_string(v.get_valueno()) + "=" + *v;
  return out + "|" + doc.get_data();
}

class WriterOptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("gazette-writer-test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Every document of `expected` is in `got` under the same docid, term for term.
  static void expect_same(const Xapian::Database& got, const Xapian::Database& expected) {
    ASSERT_EQ(got.get_doccount(), expected.get_doccount());
    ASSERT_EQ(got.get_lastdocid(), expected.get_lastdocid());
    EXPECT_EQ(got.get_total_length(), expected.get_total_length());
    for (auto p = expected.postlist_begin(""); p != expected.postlist_end(""); ++p)
      EXPECT_EQ(dump(got, *p), dump(expected, *p)) << "docid " << *p;
  }

  fs::path build(const std::string& name, const WriterOptions& options, int acts) const {
    const fs::path dir = root_ / name;
    Writer writer(dir, options);
    for (int i = 0; i < acts; ++i) writer.put(act(i));
    writer.remove(act(5).doc.id);  // a removal among the writer's own commits
    writer.put(act(7));            // and a replacement
    writer.commit();
    return dir;
  }

  fs::path root_;
};

TEST_F(WriterOptionsTest, UnflushedCommitsHoldWhatFlushedOnesHold) {
  constexpr int kActs = 95;
  const fs::path flushed = build("flushed", WriterOptions{}, kActs);
  struct Row {
    const char* name;
    WriterOptions options;
  };
  const Row rows[] = {
      {"unflushed-every-7", {.commit_every = 7, .durable = false}},
      {"unflushed-every-1", {.commit_every = 1, .durable = false}},
      {"flushed-every-1000", {.commit_every = 1000, .durable = true}},
  };
  const Xapian::Database expected(flushed.string());
  ASSERT_EQ(expected.get_doccount(), static_cast<Xapian::doccount>(kActs - 1));
  ASSERT_GT(expected.get_total_length(), 0u);
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    expect_same(Xapian::Database(build(row.name, row.options, kActs).string()), expected);
  }
}

TEST_F(WriterOptionsTest, UnflushedDatabaseReopensForMoreWrites) {
  const fs::path dir = build("reopened", WriterOptions{.commit_every = 4, .durable = false}, 20);
  {
    Writer again(dir, WriterOptions{.commit_every = 4, .durable = false});
    again.put(act(40));
    again.commit();
  }
  const Xapian::Database db(dir.string());
  EXPECT_EQ(db.get_doccount(), 20u);  // 20 acts, one removed, one added
  EXPECT_EQ(db.get_termfreq("Q" + act(40).doc.id), 1u);
  EXPECT_EQ(db.get_termfreq("Q" + act(5).doc.id), 0u);
}

TEST_F(WriterOptionsTest, MergedPiecesHoldWhatOneDatabaseHolds) {
  constexpr int kActs = 60;
  const fs::path whole = root_ / "whole";
  {
    Writer writer(whole);
    for (int i = 0; i < kActs; ++i) writer.put(act(i));
    writer.commit();
  }
  // Three pieces of unequal size, the way parallel jobs leave them, unflushed.
  std::vector<fs::path> pieces;
  const int bounds[] = {0, 7, 31, kActs};
  for (int p = 0; p < 3; ++p) {
    pieces.push_back(root_ / ("piece" + std::to_string(p)));
    Writer writer(pieces.back(), WriterOptions{.commit_every = 5, .durable = false});
    for (int i = bounds[p]; i < bounds[p + 1]; ++i) writer.put(act(i));
    writer.commit();
  }
  const Xapian::Database expected(whole.string());
  for (const bool read_ahead : {true, false}) {
    SCOPED_TRACE(read_ahead ? "read ahead" : "compactor alone");
    const fs::path merged = root_ / (read_ahead ? "merged-ahead" : "merged-plain");
    gazette::index::merge_databases(pieces, merged, {.read_ahead = read_ahead});
    expect_same(Xapian::Database(merged.string()), expected);
    for (const auto& piece : pieces) EXPECT_TRUE(fs::exists(piece / "iamglass"));
  }
}

TEST_F(WriterOptionsTest, MergeRefusesWhatItCannotDo) {
  const fs::path piece = build("piece", WriterOptions{}, 4);
  using gazette::index::merge_databases;
  EXPECT_THROW(merge_databases({}, root_ / "out"), gazette::InvalidInput);
  EXPECT_THROW(merge_databases({piece}, piece), gazette::InvalidInput);  // output exists
  EXPECT_THROW(merge_databases({piece, root_ / "missing"}, root_ / "out"), gazette::StorageError);
  EXPECT_FALSE(fs::exists(root_ / "out" / "iamglass"));
}

}  // namespace
