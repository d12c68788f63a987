// Crash safety: `gazette ingest` is killed with SIGKILL again and again, at seeded points, and
// rerun with the same arguments each time. When a rerun finishes, the catalogue, the kept files
// and the Xapian document set must be identical to those of the uninterrupted reference run,
// with no page lost or duplicated.
//
// Most kills come from kill_at_sync (LD_PRELOAD): the process raises SIGKILL at the n-th
// fsync/rename of one area, which lands exactly while an original is copied (objects), an hOCR
// is written (derived), a catalogue transaction commits (catalog) or the index commits (index).
// The others are plain SIGKILLs from outside after a seeded delay.
#include <gtest/gtest.h>
#include <signal.h>
#include <xapian.h>

#include <random>
#include <sstream>

#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;
using integrity::gazette;

constexpr unsigned kSeed = 20261125;
constexpr int kKills = 22;

// Everything that must come out identical, as comparable lines.
struct Snapshot {
  std::map<std::string, std::vector<std::string>> parts;
};

std::vector<std::string> xapian_documents(const fs::path& archive) {
  std::vector<std::string> out;
  const Xapian::Database db((archive / "index").string());
  for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
    auto posting = db.postlist_begin(*id);
    std::ostringstream line;
    line << *id << " postings=" << id.get_termfreq();
    if (posting != db.postlist_end(*id)) {
      const auto doc = db.get_document(*posting);
      line << " data=" << doc.get_data() << " terms=";
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        line << *t << ":" << t.get_wdf() << ",";
      line << " values=";
      for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
        line << v.get_valueno() << "=" << *v << ",";
    }
    out.push_back(line.str());
  }
  out.push_back("doccount=" + std::to_string(db.get_doccount()));
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

Snapshot snapshot(const fs::path& archive) {
  Snapshot s;
  auto& p = s.parts;
  p["issues"] = integrity::query(archive, "SELECT * FROM issues ORDER BY id");
  p["pages"] = integrity::query(archive, "SELECT * FROM pages ORDER BY issue_id, seq");
  p["page_lines"] = integrity::query(archive, "SELECT * FROM page_lines ORDER BY 1, 2, 3");
  p["documents"] = integrity::query(archive, "SELECT * FROM documents ORDER BY id");
  p["relations"] = integrity::query(archive, "SELECT * FROM relations ORDER BY 1, 2");
  p["blobs"] = integrity::query(archive, "SELECT sha256, size, path FROM blobs ORDER BY 1");
  p["files"] = integrity::query(archive, "SELECT path, sha256, size, kind FROM files ORDER BY 1");
  // Events carry times; what must match is which were recorded, each exactly once.
  p["events"] =
      sorted(integrity::query(archive, "SELECT type, target, outcome, detail FROM events"));
  p["kept files"] = integrity::kept_files(archive);
  p["xapian"] = xapian_documents(archive);
  const auto exported = gazette(archive, {"export", "documents", "--as-of", "2026-01-01"});
  p["export documents"] = {std::to_string(exported.exit_code), exported.out};
  return s;
}

void expect_same(const Snapshot& expected, const Snapshot& actual, const std::string& when) {
  for (const auto& [part, lines] : expected.parts) {
    const auto& got = actual.parts.at(part);
    EXPECT_EQ(got.size(), lines.size()) << part << " differ in count " << when;
    for (std::size_t i = 0; i < std::min(got.size(), lines.size()); ++i)
      if (got[i] != lines[i]) {
        ADD_FAILURE() << part << " differ " << when << ":\n  expected " << lines[i].substr(0, 300)
                      << "\n  got      " << got[i].substr(0, 300);
        break;
      }
  }
}

TEST(CrashSafety, KilledAtSeededPointsAndRerunEndsIdenticalToAnUninterruptedRun) {
  const Snapshot reference = snapshot(integrity::fixture_archive());
  ASSERT_EQ(reference.parts.at("pages").size(), 3u);
  ASSERT_FALSE(reference.parts.at("documents").empty()) << "reference found no documents";
  ASSERT_EQ(reference.parts.at("blobs").size(), 3u);

  const std::vector<std::string> ingest = {
      "ingest", integrity::fixture_scans().string(), "--jobs", "1", "--lang", "chi_sim"};
  // Each kind at least once first, then seeded choices. The upper bound of n is the number of
  // such calls a whole run makes, roughly: a larger n just lets the run finish.
  const std::vector<std::pair<std::string, int>> kinds = {
      {"objects", 9}, {"catalog", 14}, {"index", 8}, {"derived", 9}, {"any", 40}, {"timer", 0}};
  std::mt19937 rng(kSeed);
  std::map<std::string, int> kills_by_kind;
  int kills = 0, lifecycle = 0, finished = 0;
  fs::path archive = integrity::fresh_dir("crash-" + std::to_string(lifecycle)) / "archive";
  for (int attempt = 0; kills < kKills; ++attempt) {
    ASSERT_LT(attempt, 4 * kKills) << "runs keep finishing before their kill point";
    const auto& [kind, max_n] =
        kinds[attempt < static_cast<int>(kinds.size())
                  ? attempt
                  : std::uniform_int_distribution<int>(0, static_cast<int>(kinds.size()) - 1)(rng)];
    integrity::RunOptions options;
    std::string point;
    if (kind == "timer") {
      const double delay = std::uniform_real_distribution<double>(0.05, 5.0)(rng);
      options.kill_after_seconds = delay;
      point = "after " + std::to_string(delay) + " s";
    } else {
      const int n = std::uniform_int_distribution<int>(1, max_n)(rng);
      const bool after = std::uniform_int_distribution<int>(0, 1)(rng) == 1;
      point = kind + ":" + std::to_string(n) + (after ? ":after" : "");
      options.env = {{"LD_PRELOAD", GAZETTE_KILL_AT_SYNC}, {"GAZETTE_KILL_AT", point}};
    }
    const auto r = gazette(archive, ingest, options);
    if (r.signal == SIGKILL) {
      ++kills;
      ++kills_by_kind[kind];
      continue;
    }
    ASSERT_EQ(r.exit_code, 0) << "ingest failed after a kill (" << point << "): " << r.err;
    // Finished: it must be the uninterrupted result. Then start again on an empty archive.
    expect_same(reference, snapshot(archive), "after lifecycle " + std::to_string(lifecycle));
    ++finished;
    archive = integrity::fresh_dir("crash-" + std::to_string(++lifecycle)) / "archive";
  }
  // The last lifecycle: rerun until it finishes (a rerun never needs more than one).
  const auto last = gazette(archive, ingest);
  ASSERT_EQ(last.exit_code, 0) << last.err;
  expect_same(reference, snapshot(archive), "after the final rerun");
  ++finished;

  EXPECT_GE(kills, 20);
  for (const auto& [kind, max_n] : kinds)
    EXPECT_GE(kills_by_kind[kind], 1) << "no kill landed in " << kind;
  RecordProperty("kills", kills);
  RecordProperty("finished_runs", finished);
  // A clean archive afterwards: nothing untracked, nothing changed.
  const auto audit = gazette(archive, {"verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out;
}

}  // namespace
