// Hostile bundles: every trick in make_hostile_bundles.py is refused with a reason, nothing is
// written outside the staging folder, bombs stop at the caps, one level of nesting is unpacked
// and two are refused; zip, tar.gz, tar.bz2 and tar.xz are read.
#include "bundle.h"

#include <gtest/gtest.h>

#include <fstream>

#include "gazette/error.h"
#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;
using gazette::pipeline::BundleLimits;
using gazette::pipeline::extract_bundle;

const fs::path& bundles() {
  static const fs::path dir = [] {
    const fs::path d = integrity::fresh_dir("hostile-bundles");
    const auto r = integrity::run("/usr/bin/python3", {GAZETTE_HOSTILE_BUNDLES_SCRIPT, d.string()});
    if (r.exit_code != 0) throw std::runtime_error("make_hostile_bundles.py failed: " + r.err);
    return d;
  }();
  return dir;
}

// Extracts into <work>/staging-<name>/inside and returns the reason it was refused ("" if not).
std::string refusal(const std::string& name, const BundleLimits& limits = {}) {
  const fs::path root = integrity::fresh_dir("staging-" + name);
  try {
    extract_bundle(bundles() / name, root / "inside", limits);
  } catch (const gazette::InvalidInput& e) {
    // Whatever happened, nothing may have landed beside the staging folder.
    for (const auto& entry : fs::directory_iterator(root))
      EXPECT_EQ(entry.path().filename(), "inside") << name << " wrote " << entry.path();
    return e.what();
  }
  return "";
}

struct Case {
  std::string bundle, reason;
};

TEST(HostileBundles, EachTrickIsRefusedWithItsReason) {
  for (const auto& c : std::vector<Case>{
           {"dotdot.zip", "escapes the bundle"},
           {"backslash-dotdot.zip", "escapes the bundle"},
           {"absolute.tar", "absolute path"},
           {"symlink-out.tar", "link or special file"},
           {"hardlink-out.tar", "link or special file"},
           {"control-char.zip", "control characters"},
           {"escape-char.zip", "control characters"},
           {"sevenzip.zip", "accepted: zip, tar"},
           {"ar-archive.tar", "accepted: zip, tar"},
           {"text.tar.gz", "accepted: zip, tar"},
           {"nested-two-levels.zip", "nested more than 1 level"},
           // Found by fuzz_bundle (tests/fuzz): an I/O error used to escape instead.
           {"dot-entry.zip", "names no file"},
           {"fuzz-dot-entry.zip", "names no file"},
           {"file-then-folder.zip", "clashes with another entry"},
           {"folder-then-file.tar", "clashes with another entry"},
       }) {
    const std::string why = refusal(c.bundle);
    EXPECT_NE(why.find(c.reason), std::string::npos)
        << c.bundle << ": refused with \"" << why << "\", expected \"" << c.reason << "\"";
  }
  EXPECT_FALSE(fs::exists("/tmp/gazette-escaped.png"));
}

TEST(HostileBundles, ZipBombStopsAtTheExpansionRatio) {
  const std::string why = refusal("bomb.zip");
  EXPECT_NE(why.find("decompression bomb"), std::string::npos) << why;
  // It stopped soon after the 64 MiB ratio floor, not after writing all 256 MiB.
  const auto written = fs::file_size(fs::path(GAZETTE_INTEGRITY_WORK) / "staging-bomb.zip" /
                                     "inside" / "issue" / "page-0001.tif");
  EXPECT_LT(written, 80u << 20);
}

TEST(HostileBundles, CapsOnEntriesSizesAndTotal) {
  BundleLimits few_entries;
  few_entries.max_entries = 1;
  EXPECT_NE(refusal("nested-one-level.zip", few_entries).find("more than 1 entries"),
            std::string::npos);
  BundleLimits small_entries;
  small_entries.max_entry_size = 1 << 20;
  EXPECT_NE(refusal("bomb.zip", small_entries).find("larger than the limit"), std::string::npos);
  BundleLimits small_total;
  small_total.max_total_size = 2 << 20;
  small_total.max_entry_size = 1LL << 40;
  EXPECT_NE(refusal("bomb.zip", small_total).find("expands beyond the limit"), std::string::npos);
  BundleLimits no_nesting;
  no_nesting.max_nesting = 0;
  EXPECT_NE(refusal("nested-one-level.zip", no_nesting).find("nested"), std::string::npos);
}

TEST(HostileBundles, AcceptedFormatsAndOneLevelOfNestingAreUnpacked) {
  for (const std::string name : {"ok.tar.gz", "ok.tar.bz2", "ok.tar.xz"}) {
    EXPECT_EQ(refusal(name), "") << name;
    EXPECT_TRUE(fs::is_regular_file(fs::path(GAZETTE_INTEGRITY_WORK) / ("staging-" + name) /
                                    "inside" / "issue" / "page-0001.png"))
        << name;
  }
  const fs::path root = integrity::fresh_dir("staging-nested-ok");
  extract_bundle(bundles() / "nested-one-level.zip", root / "inside");
  EXPECT_TRUE(fs::is_regular_file(root / "inside" / "inner.zip" / "issue" / "page-0001.png"));
}

TEST(HostileBundles, CommandLineRefusesWithExitOneAndAReason) {
  const fs::path archive = integrity::fresh_dir("bundle-cli") / "archive";
  const auto r = integrity::gazette(archive, {"ingest", (bundles() / "dotdot.zip").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("escapes the bundle"), std::string::npos) << r.err;
  // One level of nesting: the inner bundle's (broken) page is found and recorded as failed.
  const auto nested =
      integrity::gazette(archive, {"ingest", (bundles() / "nested-one-level.zip").string(),
                                   "--jobs", "1", "--lang", "chi_sim"});
  EXPECT_EQ(nested.exit_code, 0) << nested.err;
  EXPECT_NE(nested.out.find("failed: nested-one-level.zip!/inner.zip/issue/page-0001.png"),
            std::string::npos)
      << nested.out;
}

}  // namespace
