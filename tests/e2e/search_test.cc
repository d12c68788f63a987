// Search through the command line and the reader: sort orders, query errors (exit 2, HTTP
// 400), and shard lists: the fixture's index moved into a named shard, and served by
// xapian-tcpsrv on 127.0.0.1, gives the same answers as the archive's own index.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "e2e_support.h"
#include "gazette/viewer/server.h"
#include "xapian_tcpsrv.h"

namespace {

namespace fs = std::filesystem;

const std::string kQuery = "政府";

std::vector<std::string> search_args(const std::vector<std::string>& extra) {
  std::vector<std::string> args = {"search", kQuery, "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// An archive copy the test may change; removed at the end.
struct ArchiveCopy {
  ArchiveCopy()
      : dir(fs::temp_directory_path() / ("gazette-search-e2e-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::copy(e2e::archive(), dir, fs::copy_options::recursive);
  }
  ~ArchiveCopy() { fs::remove_all(dir); }
  fs::path dir;
};

TEST(Search, SortOrdersFollowTheSignedDate) {
  for (const std::string order : {"newest", "oldest"}) {
    const auto r = e2e::gazette(search_args({"--sort", order}));
    ASSERT_EQ(r.exit_code, 0) << order;
    const auto lines = e2e::read_json_lines(r.out);
    ASSERT_GE(lines.size(), 2u) << r.out;
    std::vector<std::string> dates;
    for (const auto& l : lines)
      if (!l->isNull("signed")) dates.push_back(l->getValue<std::string>("signed"));
    for (std::size_t i = 1; i < dates.size(); ++i) {
      if (order == "newest")
        EXPECT_GE(dates[i - 1], dates[i]);
      else
        EXPECT_LE(dates[i - 1], dates[i]);
    }
    // Same documents as relevance order, another order.
    EXPECT_EQ(lines.size(), e2e::read_json_lines(e2e::gazette(search_args({})).out).size());
  }
  EXPECT_EQ(e2e::gazette(search_args({"--sort", "bogus"})).exit_code, 2);
}

TEST(Search, QueriesTheParserRejectsAreUsageErrors) {
  for (const char* q : {"AND", "政府 XOR", "NOT"})
    EXPECT_EQ(e2e::gazette({"search", q}).exit_code, 2) << q;
  EXPECT_EQ(e2e::gazette({"search", "\"政府"}).exit_code, 0);  // lenient: a phrase to the end
}

TEST(Search, ShardListsNameTheArchivesShards) {
  const auto plain = e2e::gazette(search_args({}));
  ASSERT_EQ(plain.exit_code, 0);
  EXPECT_EQ(e2e::gazette(search_args({"--shards", "main"})).out, plain.out);
  EXPECT_EQ(e2e::gazette(search_args({"--shards", "local:main"})).out, plain.out);
  EXPECT_EQ(
      e2e::gazette(search_args({"--shards", "dir:" + (e2e::archive() / "index").string()})).out,
      plain.out);
  EXPECT_EQ(e2e::gazette(search_args({"--shards", "Bad/Name"})).exit_code, 2);
  EXPECT_EQ(e2e::gazette(search_args({"--shards", "tcp://127.0.0.1"})).exit_code, 2);
  EXPECT_EQ(e2e::gazette(search_args({"--shards", "absent"})).exit_code, 1);  // no such shard
  EXPECT_EQ(e2e::gazette({"ingest", "/nonexistent", "--shard", "../up"}).exit_code, 2);
}

TEST(Search, AnArchiveSplitIntoShardsAnswersAsBefore) {
  const auto plain = e2e::gazette(search_args({}));
  ArchiveCopy copy;
  fs::create_directories(copy.dir / "shards");
  fs::rename(copy.dir / "index", copy.dir / "shards" / "zhejiang");
  // Without --shards every local shard is searched.
  EXPECT_EQ(e2e::gazette_on(copy.dir, search_args({})).out, plain.out);
  EXPECT_EQ(e2e::gazette_on(copy.dir, search_args({"--shards", "zhejiang"})).out, plain.out);
  EXPECT_EQ(e2e::gazette_on(copy.dir, search_args({"--shards", "main"})).exit_code, 1);
  // The catalogue records the fixture's issue in main, so reindex puts it back there.
  ASSERT_EQ(e2e::gazette_on(copy.dir, {"reindex"}).exit_code, 0);
  EXPECT_TRUE(fs::exists(copy.dir / "index"));
  EXPECT_FALSE(fs::exists(copy.dir / "shards" / "zhejiang"));
  EXPECT_EQ(e2e::gazette_on(copy.dir, search_args({"--shards", "main"})).out, plain.out);
}

TEST(Search, RemoteShardServedByXapianTcpsrvAnswersLikeTheLocalIndex) {
  gazette::testing::XapianTcpServer tcpsrv(e2e::archive() / "index");
  ASSERT_TRUE(tcpsrv.ready()) << tcpsrv.error();
  const auto port = tcpsrv.port();
  const std::string remote = "tcp://127.0.0.1:" + std::to_string(port);
  const auto plain = e2e::gazette(search_args({}));
  const auto r = e2e::gazette(search_args({"--shards", remote}));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, plain.out);

  // The reader over the remote shard: same JSON as over the archive's own index.
  gazette::viewer::Server local({e2e::archive(), "127.0.0.1", 0, 2, {}});
  gazette::viewer::ServerOptions remote_options{e2e::archive(), "127.0.0.1", 0, 2, {}};
  remote_options.shards = {gazette::index::ShardLocation::remote("127.0.0.1", port)};
  gazette::viewer::Server over_remote(remote_options);
  local.start();
  over_remote.start();
  const std::string path = "/api/search?q=%E6%94%BF%E5%BA%9C&sort=newest";
  const auto a = e2e::http_get("127.0.0.1", local.port(), path);
  const auto b = e2e::http_get("127.0.0.1", over_remote.port(), path);
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, b.body);
  local.stop();
  over_remote.stop();
}

TEST(Search, ReaderSortControlAndQueryErrors) {
  gazette::viewer::Server server({e2e::archive(), "127.0.0.1", 0, 2, {}});
  server.start();
  auto get = [&](const std::string& path) {
    return e2e::http_get("127.0.0.1", server.port(), path);
  };
  const auto page = get("/search?q=%E6%94%BF%E5%BA%9C&sort=oldest");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"sort\""), std::string::npos);
  EXPECT_NE(page.body.find("class=\"chip current\" id=\"sort-oldest\""), std::string::npos);
  EXPECT_NE(page.body.find("id=\"sort-newest\" href=\"/search?q="), std::string::npos);
  const auto api = get("/api/search?q=%E6%94%BF%E5%BA%9C&sort=newest");
  ASSERT_EQ(api.status, 200);
  Poco::JSON::Parser parser;
  EXPECT_EQ(
      parser.parse(api.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("sort"),
      "newest");
  EXPECT_EQ(get("/api/search?q=x&sort=bogus").status, 400);
  EXPECT_EQ(get("/api/search?q=AND").status, 400);
  EXPECT_EQ(get("/search?q=%E6%94%BF%E5%BA%9C%20XOR").status, 400);
  server.stop();
}

// The act of the fixture that spans two pages: a phrase from each page's part of it opens
// at that page.
TEST(Search, AHitOpensAtThePageThatPrintsIt) {
  const auto docs = e2e::read_json_lines(e2e::gazette({"export", "documents"}).out);
  const auto pages = e2e::read_json_lines(e2e::gazette({"export", "pages"}).out);
  Poco::JSON::Object::Ptr act;
  for (const auto& d : docs)
    if (!d->isNull("first_page") && !d->isNull("last_page") &&
        d->getValue<int>("last_page") > d->getValue<int>("first_page"))
      act = d;
  ASSERT_TRUE(act) << "the fixture has no act over two pages";
  auto squeeze = [](std::string s) {
    std::erase_if(s, [](char c) { return c == ' ' || c == '\n'; });
    return s;
  };
  const std::string act_text = squeeze(act->getValue<std::string>("text"));
  int checked = 0;
  for (const auto& p : pages) {
    if (p->isNull("printed_page") ||
        p->getValue<int>("printed_page") < act->getValue<int>("first_page") ||
        p->getValue<int>("printed_page") > act->getValue<int>("last_page"))
      continue;
    const std::string phrase = e2e::han_phrase(p->getValue<std::string>("text"), 8);
    if (act_text.find(phrase) == std::string::npos) continue;  // another act's paragraph
    const auto r = e2e::gazette({"search", "\"" + phrase + "\"", "--json"});
    ASSERT_EQ(r.exit_code, 0);
    const auto hits = e2e::read_json_lines(r.out);
    ASSERT_FALSE(hits.empty()) << phrase;
    EXPECT_EQ(hits[0]->getValue<std::string>("id"), act->getValue<std::string>("id")) << phrase;
    ASSERT_FALSE(hits[0]->isNull("hit_page")) << phrase;
    EXPECT_EQ(hits[0]->getValue<int>("hit_page"), p->getValue<int>("seq")) << phrase;
    ++checked;
  }
  EXPECT_EQ(checked, 2);
  // A number lookup opens at the act's first page, which prints the number.
  const auto r = e2e::gazette({"search", act->getValue<std::string>("number"), "--json"});
  const auto hits = e2e::read_json_lines(r.out);
  ASSERT_FALSE(hits.empty());
  for (const auto& p : pages) {
    if (!p->isNull("printed_page") &&
        p->getValue<int>("printed_page") == act->getValue<int>("first_page")) {
      EXPECT_EQ(hits[0]->getValue<int>("hit_page"), p->getValue<int>("seq"));
    }
  }
}

}  // namespace
