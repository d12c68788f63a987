// Reading a bag's manifest-sha256.txt and bag-info.txt (pipeline/bag.h): table-driven, no
// archive needed. A manifest line that names a path outside data/ is refused, never followed.
#include <gtest/gtest.h>

#include <fstream>

#include "gazette/error.h"
#include "gazette/pipeline/bag.h"
#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;

const std::string kSha = std::string(64, 'a');

fs::path bag_with(const std::string& name, const std::string& manifest) {
  const fs::path bag = integrity::fresh_dir("manifest-" + name);
  std::ofstream(bag / "bagit.txt") << "BagIt-Version: 1.0\n";
  std::ofstream(bag / "manifest-sha256.txt", std::ios::binary) << manifest;
  return bag;
}

TEST(BagManifest, ReadsEntriesInTheFormsRfc8493Allows) {
  struct Row {
    std::string name, manifest, path;
  };
  for (const auto& row : std::vector<Row>{
           {"two-spaces", kSha + "  data/scans/0001.png\n", "data/scans/0001.png"},
           {"one-space", kSha + " data/a b.png\n", "data/a b.png"},
           {"crlf", kSha + "  data/x.png\r\n", "data/x.png"},
           {"dot-slash", kSha + "  ./data/x.png\n", "data/x.png"},
           {"percent", kSha + "  data/100%25.png\n", "data/100%.png"},
           {"newline-name", kSha + "  data/a%0Ab.png\n", "data/a\nb.png"},
           {"upper-hex", std::string(64, 'A') + "  data/x.png\n", "data/x.png"},
       }) {
    const auto m = gazette::pipeline::read_bag_manifest(bag_with(row.name, row.manifest));
    ASSERT_EQ(m.size(), 1u) << row.name;
    EXPECT_EQ(m.begin()->first, row.path) << row.name;
    EXPECT_EQ(m.begin()->second, kSha) << row.name;
  }
}

TEST(BagManifest, RefusesLinesOutsideThePayloadOrMalformed) {
  struct Row {
    std::string name, manifest;
  };
  for (const auto& row : std::vector<Row>{
           {"dotdot", kSha + "  data/../../etc/passwd\n"},
           {"absolute", kSha + "  /etc/passwd\n"},
           {"tag-file", kSha + "  bag-info.txt\n"},
           {"short-hash", "abc  data/x.png\n"},
           {"not-hex", std::string(64, 'g') + "  data/x.png\n"},
           {"no-path", kSha + "\n"},
       }) {
    EXPECT_THROW(gazette::pipeline::read_bag_manifest(bag_with(row.name, row.manifest)),
                 gazette::InvalidInput)
        << row.name;
  }
  const fs::path none = integrity::fresh_dir("manifest-none");
  try {
    gazette::pipeline::read_bag_manifest(none);
    ADD_FAILURE() << "a bag without manifest-sha256.txt was read";
  } catch (const gazette::InvalidInput& e) {
    EXPECT_NE(std::string(e.what()).find("manifest-sha256.txt"), std::string::npos) << e.what();
  }
}

TEST(BagManifest, BagInfoLabelsAndContinuationLines) {
  const fs::path bag = integrity::fresh_dir("bag-info");
  std::ofstream(bag / "bag-info.txt", std::ios::binary)
      << "Gazette-Bag-Type: issue\r\nExternal-Description: first\n  second\nPayload-Oxum: 1.1\n";
  const auto info = gazette::pipeline::read_bag_info(bag);
  EXPECT_EQ(info.at("Gazette-Bag-Type"), "issue");
  EXPECT_EQ(info.at("External-Description"), "first second");
  EXPECT_EQ(info.at("Payload-Oxum"), "1.1");
  EXPECT_TRUE(gazette::pipeline::read_bag_info(integrity::fresh_dir("bag-info-none")).empty());
}

}  // namespace
