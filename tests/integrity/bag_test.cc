// BagIt (RFC 8493): `gazette export bag` writes a bag that an independent validator (the Library
// of Congress's bagit.py) accepts, `gazette ingest` of that bag into a fresh archive yields
// identical records, any bag's payload is checked against its manifest before it is kept (a
// mismatch fails that file only), and the export and status changes are logged PREMIS-style.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "gazette/sha256.h"
#include "gazette/version.h"
#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;
using integrity::gazette;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string fixture_issue() {
  const auto rows = integrity::query(integrity::fixture_archive(), "SELECT id FROM issues");
  return rows.size() == 1 ? rows[0] : "";
}

integrity::RunResult validate_bag(const fs::path& bag) {
  return integrity::run("/usr/bin/python3", {GAZETTE_BAGIT_PY, "--validate", bag.string()});
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// Flips one byte in the middle of a file (made writable first).
void corrupt(const fs::path& file) {
  fs::permissions(file, fs::perms::owner_write, fs::perm_options::add);
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  const auto size = static_cast<std::streamoff>(fs::file_size(file));
  f.seekg(size / 2);
  char c = 0;
  f.get(c);
  f.seekp(size / 2);
  f.put(static_cast<char>(c ^ 0x5a));
}

TEST(BagExport, AnIndependentValidatorAcceptsTheIssueBag) {
  const auto archive = integrity::copy_of_fixture("bag-export");
  const std::string issue = fixture_issue();
  ASSERT_FALSE(issue.empty());
  const fs::path bag = archive.parent_path() / "bag";
  const auto r =
      gazette(archive, {"export", "bag", issue, "--as-of", "2020-01-01", "--out", bag.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const auto v = validate_bag(bag);
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.err.find("is valid"), std::string::npos) << v.err;

  for (const char* tag :
       {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"})
    EXPECT_TRUE(fs::exists(bag / tag)) << tag;
  const std::string info = slurp(bag / "bag-info.txt");
  EXPECT_NE(info.find("External-Identifier: " + issue), std::string::npos) << info;
  EXPECT_NE(info.find("Gazette-Bag-Type: issue"), std::string::npos) << info;
  EXPECT_NE(info.find("Gazette-As-Of: 2020-01-01"), std::string::npos) << info;
  EXPECT_NE(info.find("Payload-Oxum: "), std::string::npos) << info;

  // Each kept original, bit for bit, and text and ALTO for each recognised page.
  const auto blobs = integrity::query(archive, "SELECT sha256 FROM blobs ORDER BY sha256");
  std::vector<std::string> scans;
  for (const auto& e : fs::directory_iterator(bag / "data" / "scans"))
    if (e.path().filename() != "issue.json") scans.push_back(gazette::sha256_file(e.path()));
  std::sort(scans.begin(), scans.end());
  EXPECT_EQ(scans, blobs);
  const auto pages = integrity::json_lines(gazette(archive, {"export", "pages"}).out);
  ASSERT_EQ(pages.size(), 3u);
  for (const auto& p : pages) {
    char name[32];
    std::snprintf(name, sizeof name, "page-%04d", p->getValue<int>("seq"));
    const std::string text = slurp(bag / "data" / "text" / (std::string(name) + ".txt"));
    EXPECT_EQ(text, p->getValue<std::string>("text") + "\n") << name;
    const std::string alto = slurp(bag / "data" / "alto" / (std::string(name) + ".xml"));
    EXPECT_NE(alto.find("<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\""),
              std::string::npos);
    EXPECT_NE(alto.find("<TextLine "), std::string::npos) << name;
  }

  // Documents in the CONTRACT §3 shape with their status as of the date asked for.
  const auto docs = integrity::json_lines(slurp(bag / "data" / "metadata" / "documents.jsonl"));
  const auto archived = integrity::query(archive, "SELECT COUNT(*) FROM documents");
  ASSERT_EQ(std::to_string(docs.size()), archived[0]);
  const auto expected =
      integrity::json_lines(gazette(archive, {"export", "documents", "--as-of", "2020-01-01"}).out);
  ASSERT_EQ(docs.size(), expected.size());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    std::ostringstream a, b;
    docs[i]->stringify(a);
    expected[i]->stringify(b);
    EXPECT_EQ(a.str(), b.str());
  }
  // The events of the issue, and the export itself logged in the archive.
  const auto events = integrity::json_lines(slurp(bag / "data" / "metadata" / "events.jsonl"));
  EXPECT_GE(events.size(), 6u);  // ingest, 3 × ocr, structure, index
  const auto log = integrity::json_lines(gazette(archive, {"log", "--issue", issue, "--json"}).out);
  ASSERT_FALSE(log.empty());
  const auto& last = log.back();
  EXPECT_EQ(last->getValue<std::string>("type"), "export");
  EXPECT_EQ(last->getValue<std::string>("outcome"), "success");
  EXPECT_EQ(last->getValue<std::string>("agent"), "gazette-archive " + gazette::software_version());
  EXPECT_NE(last->getValue<std::string>("detail").find(bag.filename().string()), std::string::npos);

  // A second export to the same place is refused and leaves the bag alone.
  const auto again = gazette(archive, {"export", "bag", issue, "--out", bag.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("exists already"), std::string::npos) << again.err;
  EXPECT_EQ(validate_bag(bag).exit_code, 0);
  EXPECT_EQ(
      gazette(archive, {"export", "bag", "no-such-id", "--out", (bag.string() + "2")}).exit_code,
      1);
}

TEST(BagExport, ADocumentBagHoldsTheDocumentAndItsEvents) {
  const auto archive = integrity::copy_of_fixture("bag-document");
  const auto ids = integrity::query(archive, "SELECT id FROM documents ORDER BY id");
  ASSERT_FALSE(ids.empty());
  const fs::path bag = archive.parent_path() / "bag";
  ASSERT_EQ(gazette(archive, {"export", "bag", ids[0], "--out", bag.string()}).exit_code, 0);
  EXPECT_EQ(validate_bag(bag).exit_code, 0);
  const auto docs = integrity::json_lines(slurp(bag / "data" / "metadata" / "documents.jsonl"));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0]->getValue<std::string>("id"), ids[0]);
  EXPECT_NE(slurp(bag / "bag-info.txt").find("Gazette-Bag-Type: document"), std::string::npos);
  EXPECT_FALSE(lines_of(slurp(bag / "data" / "metadata" / "events.jsonl")).empty());
}

TEST(BagRoundTrip, IngestingTheBagIntoAFreshArchiveYieldsIdenticalRecords) {
  const auto a = integrity::copy_of_fixture("bag-roundtrip");
  const fs::path b = a.parent_path() / "fresh";
  const fs::path bag = a.parent_path() / "bag";
  ASSERT_EQ(gazette(a, {"export", "bag", fixture_issue(), "--out", bag.string()}).exit_code, 0);
  const auto r =
      gazette(b, {"ingest", bag.string(), "--report", (a.parent_path() / "r.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto report = integrity::json_object(slurp(a.parent_path() / "r.json"));
  EXPECT_EQ(report->getValue<int>("issues_restored"), 1);
  EXPECT_EQ(report->getValue<int>("pages_recognised"), 0);  // restored, not recognised again

  for (const std::string as_of : {"2010-01-01", "2020-01-01", "2030-01-01"})
    EXPECT_EQ(gazette(b, {"export", "documents", "--as-of", as_of}).out,
              gazette(a, {"export", "documents", "--as-of", as_of}).out)
        << as_of;
  EXPECT_EQ(gazette(b, {"export", "pages"}).out, gazette(a, {"export", "pages"}).out);
  for (const std::string sql :
       {"SELECT * FROM issues ORDER BY id", "SELECT * FROM pages ORDER BY issue_id, seq",
        "SELECT * FROM page_lines ORDER BY issue_id, seq, line",
        "SELECT * FROM documents ORDER BY id",
        "SELECT * FROM relations ORDER BY document_id, ordinal",
        "SELECT sha256, size, path FROM blobs ORDER BY sha256",
        "SELECT path, sha256, size, kind FROM files ORDER BY path"})
    EXPECT_EQ(integrity::query(b, sql), integrity::query(a, sql)) << sql;
  EXPECT_EQ(gazette(b, {"search", "政务公开"}).out, gazette(a, {"search", "政务公开"}).out);
  EXPECT_EQ(gazette(b, {"verify"}).exit_code, 0);

  // Again: nothing to do, nothing duplicated.
  const auto events = integrity::query(b, "SELECT COUNT(*) FROM events WHERE type <> 'verify'");
  const auto again = gazette(b, {"ingest", bag.string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("1 already complete"), std::string::npos) << again.out;
  EXPECT_EQ(integrity::query(b, "SELECT COUNT(*) FROM events WHERE type <> 'verify'"), events);
}

// Bags travel zipped: a zip whose only folder is the bag is restored the same way.
TEST(BagRoundTrip, AZippedBagIsRestoredToo) {
  const auto a = integrity::copy_of_fixture("bag-zipped");
  const fs::path bag = a.parent_path() / "bag";
  ASSERT_EQ(gazette(a, {"export", "bag", fixture_issue(), "--out", bag.string()}).exit_code, 0);
  const fs::path zip = a.parent_path() / "bag.zip";
  const auto zipped = integrity::run(
      "/usr/bin/python3",
      {"-c",
       "import os, sys, zipfile\n"
       "root, out = sys.argv[1], sys.argv[2]\n"
       "with zipfile.ZipFile(out, 'w') as z:\n"
       "    for d, _, files in os.walk(root):\n"
       "        for f in files:\n"
       "            p = os.path.join(d, f)\n"
       "            z.write(p, os.path.join('bag', os.path.relpath(p, root)))\n",
       bag.string(), zip.string()});
  ASSERT_EQ(zipped.exit_code, 0) << zipped.err;
  const fs::path b = a.parent_path() / "fresh";
  const auto r = gazette(b, {"ingest", zip.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 restored from bags"), std::string::npos) << r.out;
  EXPECT_EQ(gazette(b, {"export", "documents"}).out, gazette(a, {"export", "documents"}).out);
  EXPECT_EQ(gazette(b, {"export", "pages"}).out, gazette(a, {"export", "pages"}).out);
}

TEST(BagInput, AScanThatFailsTheManifestIsNotKeptAndNothingElseIsLost) {
  const auto a = integrity::copy_of_fixture("bag-mismatch");
  const fs::path b = a.parent_path() / "fresh";
  const fs::path bag = a.parent_path() / "bag";
  ASSERT_EQ(gazette(a, {"export", "bag", fixture_issue(), "--out", bag.string()}).exit_code, 0);
  corrupt(bag / "data" / "scans" / "0002.png");
  const fs::path report_file = a.parent_path() / "r.json";
  const auto r = gazette(b, {"ingest", bag.string(), "--report", report_file.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const auto pages =
      integrity::query(b, "SELECT seq, status, COALESCE(error, '') FROM pages ORDER BY seq");
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[0].substr(0, pages[0].find('\x1f', 2)), "1\x1fok");
  EXPECT_EQ(pages[2].substr(0, pages[2].find('\x1f', 2)), "3\x1fok");
  EXPECT_NE(pages[1].find("2\x1f"
                          "failed\x1f"),
            std::string::npos)
      << pages[1];
  EXPECT_NE(pages[1].find("does not match"), std::string::npos) << pages[1];
  EXPECT_EQ(integrity::query(b, "SELECT COUNT(*) FROM blobs"), std::vector<std::string>{"2"});
  EXPECT_EQ(integrity::query(b, "SELECT COUNT(*) FROM documents"),
            integrity::query(a, "SELECT COUNT(*) FROM documents"));
  // The report names the file and why.
  const auto report = integrity::json_object(slurp(report_file));
  const auto refused = report->getArray("refused");
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->size(), 1u);
  EXPECT_EQ(refused->getObject(0)->getValue<std::string>("source"), "data/scans/0002.png");
  EXPECT_NE(refused->getObject(0)->getValue<std::string>("reason").find("manifest-sha256.txt"),
            std::string::npos);
  EXPECT_EQ(report->getValue<int>("pages_failed"), 1);
  EXPECT_NE(r.out.find("refused: data/scans/0002.png"), std::string::npos) << r.out;
  EXPECT_EQ(gazette(b, {"verify"}).exit_code, 0);
}

// A bag from elsewhere (made by bagit.py): its scans are recognised, each checked against the
// manifest first; a corrupted page and a page the manifest does not list fail, the rest is kept.
TEST(BagInput, AnyBagIsCheckedPageByPageAgainstItsManifest) {
  const fs::path dir = integrity::fresh_dir("bag-foreign");
  const fs::path bag = dir / "bag";
  fs::create_directories(bag / "issue");
  std::vector<fs::path> scans;
  for (const auto& e : fs::recursive_directory_iterator(integrity::fixture_scans()))
    if (e.path().extension() == ".png") scans.push_back(e.path());
  std::sort(scans.begin(), scans.end());
  ASSERT_EQ(scans.size(), 3u);
  for (const auto& s : scans) fs::copy_file(s, bag / "issue" / s.filename());
  const auto made = integrity::run("/usr/bin/python3", {GAZETTE_BAGIT_PY, bag.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  corrupt(bag / "data" / "issue" / scans[1].filename());
  fs::copy_file(scans[0], bag / "data" / "issue" / "page-9999.png");  // not in the manifest

  const auto r = gazette(dir / "archive", {"ingest", bag.string(), "--jobs", "1", "--lang",
                                           "chi_sim", "--report", (dir / "r.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = integrity::query(
      dir / "archive", "SELECT source, status, COALESCE(error, '') FROM pages ORDER BY seq");
  ASSERT_EQ(rows.size(), 4u);
  const auto row = [&](const fs::path& name) {
    for (const auto& x : rows)
      if (x.starts_with("data/issue/" + name.string() + "\x1f")) return x;
    return std::string();
  };
  EXPECT_NE(row(scans[0].filename()).find("\x1fok\x1f"), std::string::npos)
      << row(scans[0].filename());
  EXPECT_NE(row(scans[2].filename()).find("\x1fok\x1f"), std::string::npos)
      << row(scans[2].filename());
  EXPECT_NE(row(scans[1].filename()).find("does not match the bag's manifest-sha256.txt"),
            std::string::npos)
      << row(scans[1].filename());
  EXPECT_NE(row("page-9999.png").find("not listed"), std::string::npos) << row("page-9999.png");
  EXPECT_EQ(integrity::query(dir / "archive", "SELECT COUNT(*) FROM blobs"),
            std::vector<std::string>{"2"});
  const auto report = integrity::json_object(slurp(dir / "r.json"));
  EXPECT_EQ(report->getValue<int>("pages_failed"), 2);
  EXPECT_EQ(report->getArray("refused")->size(), 2u);  // the corrupted and the unlisted file
}

}  // namespace
