// `gazette verify`: a clean archive passes; one corrupted byte, one deleted original and one
// stray file are each found exactly once, and the audit is logged.
#include <gtest/gtest.h>

#include <fstream>

#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;
using integrity::gazette;

std::vector<fs::path> originals(const fs::path& archive) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(archive / "objects"))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string rel(const fs::path& p, const fs::path& archive) {
  return fs::relative(p, archive).generic_string();
}

void flip_one_byte(const fs::path& file, std::streamoff at) {
  // Kept originals are read-only; a bit rot or a careless user does not ask.
  fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f);
  f.seekg(at);
  char c = 0;
  f.get(c);
  f.seekp(at);
  f.put(static_cast<char>(c ^ 0x01));
}

TEST(Verify, CleanArchivePassesAndLogsSuccess) {
  const auto archive = integrity::copy_of_fixture("verify-clean");
  const auto r = gazette(archive, {"verify", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto report = integrity::json_object(r.out);
  EXPECT_TRUE(report->getValue<bool>("ok"));
  EXPECT_EQ(report->getValue<int>("originals_checked"), 3);
  EXPECT_EQ(report->getValue<int>("derived_checked"), 6);  // one hOCR and one ALTO per page
  EXPECT_EQ(report->getArray("findings")->size(), 0u);
  const auto events = integrity::query(
      archive, "SELECT outcome FROM events WHERE type='verify' AND target='archive'");
  EXPECT_EQ(events, std::vector<std::string>{"success"});
}

// Regression: images the reader rendered into its disposable cache made verify fail.
TEST(Verify, ReaderImageCacheIsNotAudited) {
  const auto archive = integrity::copy_of_fixture("verify-cache");
  fs::create_directories(archive / "derived" / "iiif" / "abc");
  std::ofstream(archive / "derived" / "iiif" / "abc" / "full-max-0-default.png") << "cached";
  const auto r = gazette(archive, {"verify", "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(integrity::json_object(r.out)->getArray("findings")->size(), 0u);
}

TEST(Verify, FindsExactlyOneChangedOneMissingOneUntracked) {
  const auto archive = integrity::copy_of_fixture("verify-damaged");
  const auto files = originals(archive);
  ASSERT_EQ(files.size(), 3u);
  flip_one_byte(files[0], 100);
  fs::remove(files[1]);
  const fs::path stray = archive / "objects" / "sha256" / "00" / "stray.png";
  fs::create_directories(stray.parent_path());
  std::ofstream(stray) << "not from the catalogue";

  const auto r = gazette(archive, {"verify", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("1 changed, 1 missing, 1 untracked"), std::string::npos) << r.err;
  const auto report = integrity::json_object(r.out);
  EXPECT_FALSE(report->getValue<bool>("ok"));
  EXPECT_EQ(report->getValue<int>("changed"), 1);
  EXPECT_EQ(report->getValue<int>("missing"), 1);
  EXPECT_EQ(report->getValue<int>("untracked"), 1);
  EXPECT_EQ(report->getValue<int>("catalogue"), 0);
  std::map<std::string, std::string> path_of;
  const auto findings = report->getArray("findings");
  ASSERT_EQ(findings->size(), 3u);
  for (std::size_t i = 0; i < findings->size(); ++i) {
    const auto f = findings->getObject(static_cast<unsigned>(i));
    path_of[f->getValue<std::string>("problem")] = f->getValue<std::string>("path");
  }
  EXPECT_EQ(path_of["changed"], rel(files[0], archive));
  EXPECT_EQ(path_of["missing"], rel(files[1], archive));
  EXPECT_EQ(path_of["untracked"], rel(stray, archive));

  // The text form names the same three files.
  const auto text = gazette(archive, {"verify"});
  EXPECT_EQ(text.exit_code, 1);
  for (const auto& [problem, path] : path_of)
    EXPECT_NE(text.out.find(problem + "\t" + path), std::string::npos) << text.out;

  // Logged: the audit's outcome, and a failure on each page whose original is damaged.
  const auto audits = integrity::query(
      archive, "SELECT outcome FROM events WHERE type='verify' AND target='archive' ORDER BY id");
  EXPECT_EQ(audits, (std::vector<std::string>{"failure", "failure"}));
  const auto page_events = integrity::query(
      archive, "SELECT target FROM events WHERE type='verify' AND target LIKE '%#%'");
  EXPECT_EQ(page_events.size(), 4u);  // 2 damaged originals x 2 audits
}

TEST(Verify, FindsAChangedHocrFile) {
  const auto archive = integrity::copy_of_fixture("verify-hocr");
  fs::path hocr;
  for (const auto& e : fs::recursive_directory_iterator(archive / "derived"))
    if (e.is_regular_file()) hocr = e.path();
  ASSERT_FALSE(hocr.empty());
  std::ofstream(hocr, std::ios::app) << "<!-- edited -->";
  const auto r = gazette(archive, {"verify", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  const auto report = integrity::json_object(r.out);
  EXPECT_EQ(report->getValue<int>("changed"), 1);
  EXPECT_EQ(report->getValue<int>("missing"), 0);
  EXPECT_EQ(report->getValue<int>("untracked"), 0);
}

TEST(Verify, LeftoverTempFileIsUntrackedUntilTheNextIngestRemovesIt) {
  const auto archive = integrity::copy_of_fixture("verify-partial");
  const auto files = originals(archive);
  const fs::path partial = files[0].string() + ".4242-1.partial";
  std::ofstream(partial) << "half a scan";
  const auto r = gazette(archive, {"verify", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(integrity::json_object(r.out)->getValue<int>("untracked"), 1);
  // A rerun of the batch (nothing to recognise: the issue is complete) clears the debris.
  const auto ingest = gazette(
      archive, {"ingest", integrity::fixture_scans().string(), "--jobs", "1", "--lang", "chi_sim"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(gazette(archive, {"verify"}).exit_code, 0);
}

}  // namespace
