// Process-isolated OCR workers (issue #3, robustness): a worker that crashes, runs out of
// memory or hangs on one page costs that page only. Faults are injected with GAZETTE_OCR_FAULT
// (read by workers in builds with GAZETTE_OCR_FAULT_INJECTION). The batch goes on, the pages
// are failed with the right reasons, a rerun without the fault retries only them, and the
// archive then equals the uninterrupted reference run of the fixture.
#include "ocr_worker.h"

#include <gtest/gtest.h>

#include <fstream>

#include "gazette/error.h"
#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;
using integrity::gazette;

std::vector<std::string> split(const std::string& row) {
  std::vector<std::string> cols;
  std::size_t start = 0;
  for (std::size_t at; (at = row.find('\x1f', start)) != std::string::npos; start = at + 1)
    cols.push_back(row.substr(start, at - start));
  cols.push_back(row.substr(start));
  return cols;
}

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// page source (file name) → {status, error}
std::map<std::string, std::pair<std::string, std::string>> page_rows(const fs::path& archive) {
  std::map<std::string, std::pair<std::string, std::string>> out;
  for (const auto& row :
       integrity::query(archive, "SELECT source, status, COALESCE(error, '') FROM pages")) {
    const auto c = split(row);
    out[fs::path(c[0]).filename().string()] = {c[1], c[2]};
  }
  return out;
}

// page target (issue#seq) → outcomes of its ocr events, in order
std::map<std::string, std::vector<std::string>> ocr_events(const fs::path& archive) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& row : integrity::query(
           archive, "SELECT target, outcome FROM events WHERE type = 'ocr' ORDER BY id")) {
    const auto c = split(row);
    out[c[0]].push_back(c[1]);
  }
  return out;
}

TEST(OcrWorkers, CrashAndOutOfMemoryFailOnlyTheirPagesAndARerunCompletesTheIssue) {
  const fs::path dir = integrity::fresh_dir("ocr-worker-faults");
  const fs::path archive = dir / "archive";
  const fs::path report_file = dir / "report.json";
  integrity::RunOptions faulty;
  faulty.env["GAZETTE_OCR_FAULT"] = "crash:page-0001.png,oom:page-0002.png";
  const auto first = gazette(archive,
                             {"ingest", integrity::fixture_scans().string(), "--jobs", "2",
                              "--lang", "chi_sim", "--report", report_file.string()},
                             faulty);
  ASSERT_EQ(first.exit_code, 0) << first.err;

  // Catalogue: the two pages failed with their reasons, the third recognised.
  auto pages = page_rows(archive);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages["page-0001.png"].first, "failed");
  EXPECT_NE(pages["page-0001.png"].second.find("OCR worker crashed (signal 11"), std::string::npos)
      << pages["page-0001.png"].second;
  EXPECT_EQ(pages["page-0002.png"].first, "failed");
  EXPECT_NE(pages["page-0002.png"].second.find("OCR worker killed (out of memory"),
            std::string::npos)
      << pages["page-0002.png"].second;
  EXPECT_NE(pages["page-0003.png"].first, "failed") << pages["page-0003.png"].second;

  // The end-of-batch report says the same.
  const auto report = integrity::json_object(read_all(report_file));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->getValue<int>("pages"), 3);
  EXPECT_EQ(report->getValue<int>("pages_failed"), 2);
  const auto failed = report->getArray("failed");
  ASSERT_TRUE(failed);
  ASSERT_EQ(failed->size(), 2u);
  for (std::size_t i = 0; i < failed->size(); ++i) {
    const auto f = failed->getObject(static_cast<unsigned>(i));
    const auto name = fs::path(f->getValue<std::string>("source")).filename().string();
    EXPECT_EQ(f->getValue<std::string>("reason"), pages[name].second) << name;
  }
  EXPECT_NE(first.out.find("OCR worker crashed"), std::string::npos) << first.out;

  // Exactly one ocr event per page; one ingest event per page and one for the issue.
  auto events = ocr_events(archive);
  ASSERT_EQ(events.size(), 3u);
  int failures = 0;
  for (const auto& [target, outcomes] : events) {
    ASSERT_EQ(outcomes.size(), 1u) << target;
    failures += outcomes[0] == "failure";
  }
  EXPECT_EQ(failures, 2);
  const std::string ingest_events =
      "SELECT target, outcome FROM events WHERE type = 'ingest' ORDER BY target";
  const auto arrivals = integrity::query(archive, ingest_events);
  ASSERT_EQ(arrivals.size(), 4u);
  // The scans of the two failed pages were kept before their workers died.
  for (std::size_t i = 1; i < arrivals.size(); ++i)
    EXPECT_EQ(split(arrivals[i])[1], "success") << arrivals[i];
  // Nothing derived is kept for the failed pages, and what is kept passes the audit.
  EXPECT_EQ(integrity::query(archive, "SELECT kind, COUNT(*) FROM files GROUP BY kind ORDER BY 1"),
            (std::vector<std::string>{"alto\x1f"
                                      "1",
                                      "hocr\x1f"
                                      "1"}));
  EXPECT_EQ(gazette(archive, {"verify"}).exit_code, 0);

  // Rerun without the fault: only the two failed pages are recognised again.
  const auto second =
      gazette(archive, {"ingest", integrity::fixture_scans().string(), "--jobs", "2", "--lang",
                        "chi_sim", "--report", report_file.string()});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto report2 = integrity::json_object(read_all(report_file));
  ASSERT_TRUE(report2);
  EXPECT_EQ(report2->getValue<int>("pages_failed"), 0);
  EXPECT_EQ(report2->getValue<int>("pages_recognised"), 2);
  for (const auto& [name, row] : page_rows(archive)) EXPECT_NE(row.first, "failed") << name;
  events = ocr_events(archive);
  ASSERT_EQ(events.size(), 3u);
  int retried = 0;
  for (const auto& [target, outcomes] : events) {
    if (outcomes.size() == 2) {
      ++retried;
      EXPECT_EQ(outcomes, (std::vector<std::string>{"failure", "success"})) << target;
    } else {
      EXPECT_EQ(outcomes, std::vector<std::string>{"success"}) << target;
    }
  }
  EXPECT_EQ(retried, 2);
  // A retried page arrived once: its ingest event is not repeated.
  EXPECT_EQ(integrity::query(archive, ingest_events), arrivals);

  // The result equals the uninterrupted reference run.
  const fs::path reference = integrity::fixture_archive();
  for (const std::string sql :
       {"SELECT issue_id, seq, source, sha256, text, status, confidence, width, height, "
        "printed_page FROM pages ORDER BY issue_id, seq",
        "SELECT * FROM page_lines ORDER BY 1, 2, 3", "SELECT * FROM documents ORDER BY id",
        "SELECT * FROM relations ORDER BY 1, 2",
        "SELECT path, sha256, size, kind FROM files ORDER BY 1",
        "SELECT id, state FROM issues ORDER BY id"})
    EXPECT_EQ(integrity::query(archive, sql), integrity::query(reference, sql)) << sql;
  const auto exported = gazette(archive, {"export", "documents", "--as-of", "2026-01-01"});
  const auto expected = gazette(reference, {"export", "documents", "--as-of", "2026-01-01"});
  EXPECT_EQ(exported.out, expected.out);
  EXPECT_FALSE(exported.out.empty());
  const auto search = gazette(archive, {"search", "政府", "--json"});
  const auto expected_search = gazette(reference, {"search", "政府", "--json"});
  EXPECT_EQ(search.out, expected_search.out);
  EXPECT_EQ(gazette(archive, {"verify"}).exit_code, 0);

  // The ALTO kept at ingest is what the shared renderer makes of the page as catalogued (a
  // bag's data/alto/ is rendered on the fly, like the reader's /alto.xml).
  const auto issue = integrity::query(archive, "SELECT id FROM issues");
  ASSERT_EQ(issue.size(), 1u);
  const auto bag = gazette(archive, {"export", "bag", issue[0], "--out", (dir / "bag").string()});
  ASSERT_EQ(bag.exit_code, 0) << bag.err;
  for (int seq = 1; seq <= 3; ++seq) {
    char name[32];
    std::snprintf(name, sizeof name, "page-%04d", seq);
    const std::string kept =
        read_all(archive / "derived" / issue[0] / (std::string(name) + ".alto.xml"));
    EXPECT_NE(kept.find("<alto xmlns"), std::string::npos) << name;
    EXPECT_EQ(kept, read_all(dir / "bag" / "data" / "alto" / (std::string(name) + ".xml"))) << name;
  }
}

TEST(OcrWorkers, AHangingWorkerIsKilledAfterThePageTimeout) {
  const fs::path dir = integrity::fresh_dir("ocr-worker-hang");
  fs::create_directories(dir / "batch");
  for (const auto& e : fs::recursive_directory_iterator(integrity::fixture_scans()))
    if (e.path().filename() == "page-0001.png")
      fs::copy_file(e.path(), dir / "batch" / "page-0001.png");
  integrity::RunOptions faulty;
  faulty.env["GAZETTE_OCR_FAULT"] = "hang:page-0001.png";
  const auto r = gazette(dir / "archive",
                         {"ingest", (dir / "batch").string(), "--jobs", "1", "--lang", "chi_sim",
                          "--page-timeout", "2"},
                         faulty);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto pages = page_rows(dir / "archive");
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages.begin()->second.first, "failed");
  EXPECT_EQ(pages.begin()->second.second, "OCR worker timed out after 2 s on this page (killed)");
}

// The frame coding, both ways, and what the parent refuses.
TEST(OcrWorkerProtocol, AnswersRoundTripExactlyAndBrokenFramesAreRefused) {
  using namespace gazette::pipeline;
  OcrAnswer a;
  a.model = "chi_sim";
  a.text = std::string("第一行\n含\x1f控制\0字符", 27);
  a.confidence = 0.1 + 0.2;  // not exactly representable in short decimal
  a.width = 2480;
  a.height = 3508;
  a.hocr = "<html>…</html>";
  a.lines = {{"浙政办发〔2017〕42号", {10, 20, 300, 60}, 0.87654321, 41.5},
             {"", {0, 0, 0, 0}, 0, 0}};
  const OcrAnswer b = decode_answer(encode_answer(a));
  EXPECT_EQ(b.model, a.model);
  EXPECT_EQ(b.text, a.text);
  EXPECT_EQ(b.confidence, a.confidence);
  EXPECT_EQ(b.width, a.width);
  EXPECT_EQ(b.hocr, a.hocr);
  ASSERT_EQ(b.lines.size(), 2u);
  EXPECT_EQ(b.lines[0].text, a.lines[0].text);
  EXPECT_EQ(b.lines[0].box.x1, 300);
  EXPECT_EQ(b.lines[0].confidence, a.lines[0].confidence);
  EXPECT_EQ(b.lines[0].size, 41.5);

  OcrRequest q;
  q.file = "/scans/a b/页.tif";
  q.index = 3;
  q.languages = "chi_tra_vert";
  q.cleanup.deskew = false;               // off where the default is on
  q.cleanup.normalize_background = true;  // on where the default is off
  q.cleanup.target_dpi = 400;
  q.cleanup.max_dpi = 240;
  const OcrRequest p = decode_request(encode_request(q));
  EXPECT_EQ(p.file, q.file);
  EXPECT_EQ(p.index, 3);
  EXPECT_EQ(p.languages, q.languages);
  EXPECT_FALSE(p.cleanup.deskew);
  EXPECT_TRUE(p.cleanup.normalize_background);
  EXPECT_EQ(p.cleanup.target_dpi, 400);
  EXPECT_EQ(p.cleanup.max_dpi, 240);

  const std::string good = encode_answer(a);
  const std::vector<std::pair<std::string, std::string>> broken = {
      {"truncated", good.substr(0, good.size() - 3)},
      {"trailing bytes", good + "x"},
      {"empty", ""},
      {"huge field length", std::string("\xff\xff\xff\x7f", 4) + "abc"},
  };
  for (const auto& [what, frame] : broken)
    EXPECT_THROW(decode_answer(frame), gazette::InvalidInput) << what;
}

}  // namespace
