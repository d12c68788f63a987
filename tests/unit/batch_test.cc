// Batch discovery: which folders are issues, their pages in natural order, and the settings
// that apply to each: series.json files from the batch root down, nearer winning, then the
// issue's own issue.json (table-driven over generated batch folders).
#include "gazette/pipeline/batch.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "gazette/error.h"

namespace {
namespace fs = std::filesystem;
using gazette::pipeline::discover_issues;
using gazette::pipeline::IssueFiles;

class Batch : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("gazette-batch-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "batch");
  }
  void TearDown() override { fs::remove_all(root_); }

  // Files under the batch; their content does not matter to discovery.
  void write(const std::string& rel, const std::string& content = "x") {
    const fs::path p = root_ / "batch" / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << content;
  }
  std::map<std::string, IssueFiles> issues() {
    std::map<std::string, IssueFiles> out;
    for (auto& i : discover_issues({root_ / "batch"}, root_ / "staging")) out[i.source] = i;
    return out;
  }
  fs::path root_;
};

TEST_F(Batch, LeafFoldersOfImagesAreIssuesWithPagesInNaturalOrder) {
  for (const char* f : {"zj/2014-05/page-10.png", "zj/2014-05/page-2.png", "zj/2014-05/page-1.png",
                        "zj/notes/readme.txt", "zj/2014-05/.DS_Store"})
    write(f);
  const auto found = issues();
  ASSERT_EQ(found.size(), 1u);
  const auto& issue = found.at("zj/2014-05");
  std::vector<std::string> sources;
  for (const auto& p : issue.pages) sources.push_back(p.source);
  EXPECT_EQ(sources, (std::vector<std::string>{"zj/2014-05/page-1.png", "zj/2014-05/page-2.png",
                                               "zj/2014-05/page-10.png"}));
}

TEST_F(Batch, SeriesJsonAppliesBelowItNearerWinsAndIssueJsonWinsOverAll) {
  write("series.json", R"({"lang": "chi_sim"})");
  write("zj/series.json", R"({"series": "浙江省人民政府公报", "lang": "chi_tra"})");
  write("zj/1953/series.json", R"({"lang": "chi_tra_vert"})");
  write("zj/1953/01/page-1.png");
  write("zj/1988-07/page-1.png");
  write("zj/2014-05/page-1.png");
  write("zj/2014-05/issue.json", R"({"lang": "chi_sim", "year": 2014, "issue": 5})");
  write("gd/2001-01/page-1.png");
  const struct {
    const char* issue;
    std::optional<std::string> series, lang;
    std::optional<int> year;
  } rows[] = {
      {"zj/1953/01", "浙江省人民政府公报", "chi_tra_vert", std::nullopt},
      {"zj/1988-07", "浙江省人民政府公报", "chi_tra", std::nullopt},
      {"zj/2014-05", "浙江省人民政府公报", "chi_sim", 2014},
      {"gd/2001-01", std::nullopt, "chi_sim", std::nullopt},
  };
  const auto found = issues();
  ASSERT_EQ(found.size(), std::size(rows));
  for (const auto& row : rows) {
    SCOPED_TRACE(row.issue);
    const auto& o = found.at(row.issue).overrides;
    EXPECT_EQ(o.series, row.series);
    EXPECT_EQ(o.lang, row.lang);
    EXPECT_EQ(o.year, row.year);
    // Settings files are never pages.
    for (const auto& p : found.at(row.issue).pages)
      EXPECT_TRUE(p.source.ends_with(".png")) << p.source;
  }
}

TEST_F(Batch, BadSettingsFilesAreRefusedWithTheirReason) {
  const struct {
    const char* file;
    const char* content;
    const char* reason;
  } rows[] = {
      {"zj/series.json", R"({"lang": "chi_tra", "year": 1953})", "states only series and lang"},
      {"zj/series.json", R"(["chi_tra"])", "series.json"},
      {"zj/series.json", R"({"lang": )", "series.json"},
      {"zj/2014-05/issue.json", R"({"year": "two thousand"})", "issue.json"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.content);
    fs::remove_all(root_ / "batch");
    write("zj/2014-05/page-1.png");
    write(row.file, row.content);
    try {
      issues();
      ADD_FAILURE() << "accepted";
    } catch (const gazette::InvalidInput& e) {
      EXPECT_NE(std::string(e.what()).find(row.reason), std::string::npos) << e.what();
    }
  }
}

}  // namespace
