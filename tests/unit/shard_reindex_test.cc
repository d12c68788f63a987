// `gazette reindex` on an archive whose issues were ingested into different shards: every
// document goes back into the shard its issue's ingest event names, none into two shards,
// and an act repealed by an act of another shard carries that status in its own shard.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/error.h"
#include "gazette/index/searcher.h"
#include "gazette/index/shards.h"
#include "gazette/pipeline/ingest.h"

namespace {

namespace fs = std::filesystem;
using gazette::index::Searcher;
using gazette::index::SearchRequest;
using gazette::index::ShardLocation;

gazette::Document act(const std::string& issue_id, const std::string& number,
                      const std::string& signed_date, const std::string& title) {
  gazette::Document d;
  d.id = issue_id + "-01";
  d.issue_id = issue_id;
  d.kind = gazette::DocumentKind::rule;
  d.number = number;
  d.title = title;
  d.authority = "浙江省人民政府";
  d.signed_date = signed_date;
  d.effective = signed_date;
  d.text = "第一条 为了规范政府公报管理工作，制定本办法。";
  return d;
}

void add_issue(gazette::Catalog& catalog, const std::string& id, const std::string& shard,
               const std::vector<gazette::Document>& docs) {
  gazette::Issue issue;
  issue.id = id;
  issue.series = "浙江省人民政府公报";
  catalog.transaction([&] {
    catalog.put_issue(issue, gazette::IssueState::indexed);
    catalog.log_event(
        {"ingest", id, "started", "source=" + id + (shard.empty() ? "" : " shard=" + shard)});
    catalog.replace_documents(id, docs);
  });
}

std::vector<std::string> ids_in(const fs::path& shard, const SearchRequest& request) {
  SearchRequest r = request;
  r.limit = 100;
  std::vector<std::string> ids;
  for (const auto& h : Searcher({ShardLocation::local(shard)}).search(r).hits) ids.push_back(h.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST(ShardReindex, EachIssueGoesBackIntoItsShard) {
  const fs::path root =
      fs::temp_directory_path() / ("gazette-shard-reindex-" + std::to_string(::getpid()));
  fs::remove_all(root);
  const gazette::ArchiveLayout layout(root);
  fs::create_directories(root);
  {
    gazette::Catalog catalog(layout.catalog(), gazette::CatalogOptions{});
    add_issue(catalog, "iold", "north",
              {act("iold", "浙江省人民政府令第37号", "1990-05-01", "浙江省政府公报管理办法")});
    auto repealing = act("inew", "浙江省人民政府令第235号", "2007-08-01", "浙江省政府公报管理规定");
    gazette::Relation repeal;
    repeal.type = gazette::RelationType::repeals;
    repeal.target_number = "浙江省人民政府令第37号";
    repealing.relations.push_back(repeal);
    add_issue(catalog, "inew", "south", {repealing});
    // Ingested before shards existed: its event names none, so it belongs to main.
    add_issue(catalog, "iplain", "",
              {act("iplain", "浙江省人民政府令第300号", "2012-01-01", "浙江省档案管理办法")});
  }
  gazette::pipeline::reindex(root);

  const auto north = gazette::index::shard_dir(layout, "north");
  const auto south = gazette::index::shard_dir(layout, "south");
  const auto main = gazette::index::shard_dir(layout, "main");
  SearchRequest all;
  EXPECT_EQ(ids_in(north, all), std::vector<std::string>{"iold-01"});
  EXPECT_EQ(ids_in(south, all), std::vector<std::string>{"inew-01"});
  EXPECT_EQ(ids_in(main, all), std::vector<std::string>{"iplain-01"});
  EXPECT_EQ(gazette::index::local_shards(layout).size(), 3u);

  // The repeal recorded in south shows in north, on the old act itself.
  SearchRequest repealed;
  repealed.as_of = "2026-01-01";
  repealed.status = gazette::ValidityCode::repealed;
  EXPECT_EQ(ids_in(north, repealed), std::vector<std::string>{"iold-01"});
  repealed.as_of = "2000-01-01";
  EXPECT_TRUE(ids_in(north, repealed).empty());

  // All local shards as one: three acts, each once.
  SearchRequest text;
  text.query = "公报管理";
  text.limit = 100;
  std::vector<std::string> ids;
  for (const auto& h : Searcher(gazette::index::local_shards(layout)).search(text).hits)
    ids.push_back(h.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"inew-01", "iold-01", "iplain-01"}));
  fs::remove_all(root);
}

}  // namespace
