// `gazette log`: the event log, whole or filtered by issue or document. Every page of the batch
// has exactly one ingest and one OCR event, and the issue one ingest (started), one structure
// and one index event.
#include <gtest/gtest.h>

#include "integrity_support.h"

namespace {
using integrity::gazette;

struct LoggedEvent {
  std::string type, target, outcome;
};

std::vector<LoggedEvent> log_json(const std::filesystem::path& archive,
                                  const std::vector<std::string>& filter) {
  std::vector<std::string> args = {"log", "--json"};
  args.insert(args.end(), filter.begin(), filter.end());
  const auto r = gazette(archive, args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<LoggedEvent> out;
  for (const auto& e : integrity::json_lines(r.out)) {
    EXPECT_FALSE(e->getValue<std::string>("time").empty());
    EXPECT_FALSE(e->getValue<std::string>("agent").empty());
    out.push_back({e->getValue<std::string>("type"), e->getValue<std::string>("target"),
                   e->getValue<std::string>("outcome")});
  }
  return out;
}

int count(const std::vector<LoggedEvent>& events, const std::string& type,
          const std::string& target) {
  return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const auto& e) {
    return e.type == type && e.target == target;
  }));
}

TEST(Log, EveryPageOfTheBatchHasExactlyOneIngestAndOneOcrEvent) {
  const auto archive = integrity::fixture_archive();
  const auto issues = integrity::query(archive, "SELECT id, page_count FROM issues");
  ASSERT_EQ(issues.size(), 1u);
  const std::string issue = issues[0].substr(0, issues[0].find('\x1f'));
  const int pages = std::stoi(issues[0].substr(issues[0].find('\x1f') + 1));
  ASSERT_EQ(pages, 3);
  const auto events = log_json(archive, {"--issue", issue});
  for (int seq = 1; seq <= pages; ++seq) {
    const std::string page = issue + "#" + std::to_string(seq);
    EXPECT_EQ(count(events, "ingest", page), 1) << "page " << seq;
    EXPECT_EQ(count(events, "ocr", page), 1) << "page " << seq;
  }
  EXPECT_EQ(count(events, "ingest", issue), 1);
  EXPECT_EQ(count(events, "structure", issue), 1);
  EXPECT_EQ(count(events, "index", issue), 1);
  EXPECT_EQ(static_cast<int>(events.size()), 2 * pages + 3);
  // Each OCR run names the model, the engine versions and the language data by content.
  for (const auto& detail :
       integrity::query(archive, "SELECT detail FROM events WHERE type = 'ocr'")) {
    EXPECT_TRUE(detail.starts_with("model=chi_sim tesseract=tesseract-")) << detail;
    EXPECT_NE(detail.find(" data=chi_sim.traineddata sha256:"), std::string::npos) << detail;
  }
  // The whole log holds the same events here (one issue), in the same order.
  EXPECT_EQ(log_json(archive, {}).size(), events.size());
}

// The same scan arriving twice, as a page of another issue: kept once, and the second page's
// ingest event names the page that brought it first.
TEST(Log, ASecondCopyOfAScanIsStoredOnceAndItsIngestEventSaysSo) {
  namespace fs = std::filesystem;
  const fs::path dir = integrity::fresh_dir("log-same-scan-twice");
  const fs::path batch = dir / "batch";
  fs::create_directories(batch / "a");
  fs::create_directories(batch / "b");
  for (const auto& page : fs::recursive_directory_iterator(integrity::fixture_scans()))
    if (page.path().extension() == ".png")
      fs::copy_file(page.path(), batch / "a" / page.path().filename());
  fs::copy_file(batch / "a" / "page-0002.png", batch / "b" / "page-0001.png");
  const fs::path archive = dir / "archive";
  const auto r = gazette(archive, {"ingest", batch.string(), "--jobs", "1", "--lang", "chi_sim"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(integrity::query(archive, "SELECT COUNT(*) FROM pages"), std::vector<std::string>{"4"});
  EXPECT_EQ(integrity::query(archive, "SELECT COUNT(*) FROM blobs"), std::vector<std::string>{"3"});
  const auto first = integrity::query(
      archive,
      "SELECT p.issue_id || '#' || p.seq FROM pages p JOIN issues i ON i.id = p.issue_id "
      "WHERE i.page_count = 3 AND p.seq = 2");
  const auto copy = integrity::query(
      archive,
      "SELECT p.issue_id || '#' || p.seq FROM pages p JOIN issues i ON i.id = p.issue_id "
      "WHERE i.page_count = 1");
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(copy.size(), 1u);
  const auto details = [&](const std::string& target) {
    return integrity::query(archive,
                            "SELECT outcome || ' ' || detail FROM events WHERE type = "
                            "'ingest' AND target = '" +
                                target + "'");
  };
  const auto original = details(first[0]);
  ASSERT_EQ(original.size(), 1u);
  EXPECT_EQ(original[0].find("stored once"), std::string::npos) << original[0];
  const auto second = details(copy[0]);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_TRUE(second[0].starts_with("success source=b/page-0001.png sha256=")) << second[0];
  EXPECT_NE(second[0].find("(stored once, same content as " + first[0] + ")"), std::string::npos)
      << second[0];

  // Ingesting the batch again logs no new arrival.
  ASSERT_EQ(gazette(archive, {"ingest", batch.string(), "--jobs", "1"}).exit_code, 0);
  EXPECT_EQ(integrity::query(archive,
                             "SELECT COUNT(*) FROM events WHERE type = 'ingest' AND "
                             "target LIKE '%#%'"),
            std::vector<std::string>{"4"});
}

TEST(Log, DocumentFilterShowsItsIssueAndItsPagesOnly) {
  const auto archive = integrity::fixture_archive();
  const auto docs = integrity::query(
      archive, "SELECT id, issue_id, first_page, last_page FROM documents ORDER BY id");
  ASSERT_FALSE(docs.empty());
  const auto parts = [](const std::string& row) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t at; (at = row.find('\x1f', start)) != std::string::npos; start = at + 1)
      out.push_back(row.substr(start, at - start));
    out.push_back(row.substr(start));
    return out;
  };
  const auto doc = parts(docs.back());
  const auto events = log_json(archive, {"--document", doc[0]});
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(count(events, "structure", doc[1]), 1);
  // Printed page numbers locate the document; when they were not read, all its issue's pages.
  const std::string range = doc[2] == "<null>" ? ""
                                               : " AND printed_page BETWEEN " + doc[2] + " AND " +
                                                     (doc[3] == "<null>" ? doc[2] : doc[3]);
  const auto page_targets = integrity::query(
      archive, "SELECT issue_id || '#' || seq FROM pages WHERE issue_id='" + doc[1] + "'" + range);
  ASSERT_FALSE(page_targets.empty());
  for (const auto& page : page_targets) EXPECT_EQ(count(events, "ocr", page), 1) << page;
  for (const auto& e : events) {
    const bool ours =
        e.target == doc[0] || e.target == doc[1] ||
        std::find(page_targets.begin(), page_targets.end(), e.target) != page_targets.end();
    EXPECT_TRUE(ours) << "unrelated event on " << e.target;
  }
}

TEST(Log, TextFormAndErrors) {
  const auto archive = integrity::fixture_archive();
  const auto text = gazette(archive, {"log"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("  ocr  success  "), std::string::npos) << text.out;
  const auto unknown = gazette(archive, {"log", "--issue", "i000000000000"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no issue i000000000000"), std::string::npos) << unknown.err;
  EXPECT_EQ(gazette(archive, {"log", "--issue", "a", "--document", "b"}).exit_code, 2);
}

}  // namespace
