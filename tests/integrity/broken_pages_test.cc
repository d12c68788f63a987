// Broken pages never stop a batch: each is recorded as failed with its reason, the good page
// is recognised, the exit status is 0 and the end-of-batch report lists every failure.
#include <gtest/gtest.h>

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

  const auto r = integrity::gazette(
      dir / "archive", {"ingest", (dir / "batch").string(), "--jobs", "1", "--lang", "chi_sim"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

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
  }
  // The good page's original is kept. (A file whose header passes the probe, like the
  // truncated PNG, is kept before decoding fails; files refused by the probe are not.)
  const auto blobs = integrity::query(dir / "archive", "SELECT COUNT(*) FROM blobs");
  ASSERT_EQ(blobs.size(), 1u);
  EXPECT_GE(std::stoi(blobs[0]), 1);
  EXPECT_LE(std::stoi(blobs[0]), 2);
  EXPECT_EQ(integrity::gazette(dir / "archive", {"verify"}).exit_code, 0);
}

}  // namespace
