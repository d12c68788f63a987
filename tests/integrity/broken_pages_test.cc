// Broken pages never stop a batch: each is recorded as failed with its reason, the good page
// is recognised, the exit status is 0 and the end-of-batch report lists every failure.
#include <gtest/gtest.h>

#include <fstream>

#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;

struct Broken {
  std::string file, what, reason;  // reason: a part of the recorded error, "" = any reason
};

TEST(BrokenPages, RecordedAsFailedWithReasonsWhileTheBatchGoesOn) {
  const fs::path dir = integrity::fresh_dir("broken-pages");
  fs::path good;
  for (const auto& e : fs::recursive_directory_iterator(integrity::fixture_scans()))
    if (e.path().filename() == "page-0003.png") good = e.path();
  ASSERT_FALSE(good.empty());
  const auto made = integrity::run(
      "/usr/bin/python3", {GAZETTE_BROKEN_PAGES_SCRIPT, good.string(), (dir / "batch").string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;

  const fs::path report_file = dir / "report.json";
  const auto r =
      integrity::gazette(dir / "archive", {"ingest", (dir / "batch").string(), "--jobs", "1",
                                           "--lang", "chi_sim", "--report", report_file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream report_in(report_file);
  const std::string report_text{std::istreambuf_iterator<char>(report_in), {}};
  const auto report = integrity::json_object(report_text);
  ASSERT_TRUE(report) << report_text;
  const auto failed = report->getArray("failed");
  ASSERT_TRUE(failed);

  const std::vector<Broken> broken = {
      {"page-0002.png", "truncated PNG", ""},
      {"page-0003.jpg", "truncated JPEG", ""},
      {"page-0004.tif", "TIFF with a wrong IFD offset", ""},
      {"page-0005.png", "0-byte file", "0 bytes"},
      {"page-0006.tif", "text file named .tif", ""},
      {"page-0007.png", "100000x100000 header", "too large"},
      {"page-0008.pdf", "broken PDF", ""},
      {"page-0009.pdf", "encrypted PDF", ""},
  };
  const auto rows = integrity::query(
      dir / "archive", "SELECT source, status, COALESCE(error, '') FROM pages ORDER BY source");
  const auto row_of = [&](const std::string& file) -> std::vector<std::string> {
    for (const auto& row : rows) {
      std::vector<std::string> cols;
      std::size_t start = 0;
      for (std::size_t at; (at = row.find('\x1f', start)) != std::string::npos; start = at + 1)
        cols.push_back(row.substr(start, at - start));
      cols.push_back(row.substr(start));
      if (cols[0].ends_with("/" + file)) return cols;
    }
    return {};
  };
  const auto good_row = row_of("page-0001.png");
  ASSERT_EQ(good_row.size(), 3u) << "the good page has no row";
  EXPECT_NE(good_row[1], "failed") << good_row[2];
  for (const auto& b : broken) {
    const auto row = row_of(b.file);
    ASSERT_EQ(row.size(), 3u) << b.what << " (" << b.file << ") has no page row";
    EXPECT_EQ(row[1], "failed") << b.what;
    EXPECT_FALSE(row[2].empty()) << b.what << " failed without a reason";
    EXPECT_NE(row[2].find(b.reason), std::string::npos) << b.what << ": " << row[2];
    // The end-of-batch report names it with its reason.
    EXPECT_NE(r.out.find("failed: " + row[0] + ": " + row[2]), std::string::npos)
        << b.what << " missing from the report:\n"
        << r.out;
    // And so does the JSON report.
    int listed = 0;
    for (std::size_t i = 0; i < failed->size(); ++i) {
      const auto f = failed->getObject(static_cast<unsigned>(i));
      if (f->getValue<std::string>("source") == row[0] &&
          f->getValue<std::string>("reason") == row[2])
        ++listed;
    }
    EXPECT_EQ(listed, 1) << b.what << " not listed once in the JSON report:\n" << report_text;
  }
  EXPECT_EQ(report->getValue<int>("pages_failed"), static_cast<int>(broken.size()));
  EXPECT_EQ(static_cast<int>(failed->size()), static_cast<int>(broken.size()));
  // The folder of images is one issue and each PDF one of its own (CONTRACT §1).
  EXPECT_EQ(report->getValue<int>("issues"), 3);
  EXPECT_EQ(report->getValue<int>("pages"), static_cast<int>(broken.size()) + 1);
  const auto issues = report->getArray("issue_list");
  ASSERT_TRUE(issues);
  ASSERT_EQ(issues->size(), 3u);
  int failed_in_issues = 0;
  for (std::size_t i = 0; i < issues->size(); ++i)
    failed_in_issues += issues->getObject(static_cast<unsigned>(i))->getValue<int>("pages_failed");
  EXPECT_EQ(failed_in_issues, static_cast<int>(broken.size()));
  for (const char* key :
       {"pages_review", "documents", "relations_resolved", "relations_unresolved"})
    EXPECT_TRUE(report->has(key)) << key;
  // The good page's original is kept. (A file whose header passes the probe, like the
  // truncated PNG, is kept before decoding fails; files refused by the probe are not.)
  const auto blobs = integrity::query(dir / "archive", "SELECT COUNT(*) FROM blobs");
  ASSERT_EQ(blobs.size(), 1u);
  EXPECT_GE(std::stoi(blobs[0]), 1);
  EXPECT_LE(std::stoi(blobs[0]), 2);
  EXPECT_EQ(integrity::gazette(dir / "archive", {"verify"}).exit_code, 0);
}

}  // namespace
