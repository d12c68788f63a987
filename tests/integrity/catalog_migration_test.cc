// Catalogue migrations: a catalogue written at an earlier schema (by the real migrations up to
// it) opens in this program, is upgraded in place, keeps every row, and gains the new tables:
// v2 `files`, v3 `corrections`.
#include <gtest/gtest.h>
#include <unistd.h>

#include "gazette/catalog.h"
#include "gazette/error.h"

namespace {
namespace fs = std::filesystem;

fs::path fresh_catalogue(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("gazette-migration-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir / "catalog.sqlite";
}

TEST(CatalogMigration, UpgradesV1ToV2KeepingEveryRow) {
  const fs::path file = fresh_catalogue("v1");
  {
    gazette::Catalog v1(file, gazette::CatalogOptions{.migrate_to = 1});
    ASSERT_EQ(v1.schema_version(), 1);
    gazette::Issue issue;
    issue.id = "i0123456789ab";
    issue.series = "浙江省人民政府公报";
    issue.lang = "chi_sim";
    issue.source = "zhejiang/2017-12";
    issue.page_count = 1;
    v1.transaction([&] {
      v1.put_issue(issue, gazette::IssueState::indexed);
      v1.add_blob(std::string(64, 'a'), 42, "objects/sha256/aa/" + std::string(64, 'a') + ".png");
      v1.log_event({"ingest", issue.id, "started", "source=zhejiang/2017-12"});
    });
    // v1 has no `files` table: recording a derived file must fail, not vanish.
    EXPECT_THROW(v1.record_derived_file({"derived/x/page-0001.hocr", "b", 1, "hocr"}),
                 gazette::StorageError);
  }
  gazette::Catalog upgraded(file, gazette::CatalogOptions{});
  EXPECT_EQ(upgraded.schema_version(), gazette::Catalog::kSchemaVersion);
  EXPECT_EQ(upgraded.schema_version(), 3);
  const auto issue = upgraded.issue("i0123456789ab");
  ASSERT_TRUE(issue);
  EXPECT_EQ(issue->issue.series, "浙江省人民政府公报");
  EXPECT_EQ(issue->state, gazette::IssueState::indexed);
  const auto blobs = upgraded.blob_records();
  ASSERT_EQ(blobs.size(), 1u);
  EXPECT_EQ(blobs[0].size, 42);
  const auto log = upgraded.event_log({});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].type, "ingest");
  EXPECT_TRUE(upgraded.integrity_problems().empty());
  // v2's table works.
  upgraded.record_derived_file(
      {"derived/i0123456789ab/page-0001.hocr", std::string(64, 'c'), 7, "hocr"});
  ASSERT_EQ(upgraded.derived_files().size(), 1u);
  EXPECT_EQ(upgraded.derived_files()[0].kind, "hocr");
}

TEST(CatalogMigration, UpgradesV2ToV3KeepingEveryRowAndAddsCorrections) {
  const fs::path file = fresh_catalogue("v2");
  {
    gazette::Catalog v2(file, gazette::CatalogOptions{.migrate_to = 2});
    ASSERT_EQ(v2.schema_version(), 2);
    v2.record_derived_file({"derived/i0123456789ab/page-0001.alto.xml", "d", 3, "alto"});
    v2.log_event({"verify", "archive", "success", "0 changed"});
    // v2 has no `corrections` table: recording one must fail, not vanish.
    EXPECT_THROW(v2.add_correction({"i0123456789ab-01", "number", std::nullopt,
                                    "浙政发〔2014〕16号", "archivist", "page image", ""}),
                 gazette::StorageError);
  }
  gazette::Catalog upgraded(file, gazette::CatalogOptions{});
  EXPECT_EQ(upgraded.schema_version(), 3);
  ASSERT_EQ(upgraded.derived_files().size(), 1u);
  EXPECT_EQ(upgraded.derived_files()[0].kind, "alto");
  ASSERT_EQ(upgraded.event_log({}).size(), 1u);
  EXPECT_TRUE(upgraded.integrity_problems().empty());
  upgraded.add_correction({"i0123456789ab-01", "number", std::nullopt, "浙政发〔2014〕16号",
                           "archivist", "page image", ""});
  upgraded.add_correction(
      {"i0123456789ab-02", "signed", "2014-02-17", "2014-02-18", "archivist", "stamp", ""});
  const auto first = upgraded.corrections("i0123456789ab-01");
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].field, "number");
  EXPECT_FALSE(first[0].old_value);
  EXPECT_EQ(first[0].new_value, "浙政发〔2014〕16号");
  EXPECT_FALSE(first[0].time.empty());
  // A prefix is compared literally: `_` and `%` are not wildcards.
  EXPECT_EQ(upgraded.corrections("i0123456789ab-").size(), 2u);
  EXPECT_TRUE(upgraded.corrections("i0123456789a_-").empty());
}

TEST(CatalogMigration, ReopeningAtTheCurrentVersionChangesNothing) {
  const fs::path file = fresh_catalogue("current");
  { gazette::Catalog first(file, gazette::CatalogOptions{}); }
  gazette::Catalog again(file, gazette::CatalogOptions{});
  EXPECT_EQ(again.schema_version(), gazette::Catalog::kSchemaVersion);
  const gazette::Catalog reader(file, gazette::CatalogOptions{.read_only = true});
  EXPECT_EQ(reader.schema_version(), gazette::Catalog::kSchemaVersion);
}

}  // namespace
