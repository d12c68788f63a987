#include "shard_writers.h"

#include "gazette/error.h"
#include "gazette/index/shards.h"

namespace gazette::pipeline {

std::string recorded_shard(const Catalog& catalog, const std::string& issue_id) {
  for (const auto& e : catalog.events(issue_id)) {
    if (e.type != "ingest" || e.target != issue_id) continue;
    const auto at = e.detail.find(" shard=");
    if (at != std::string::npos) return e.detail.substr(at + 7);
  }
  return std::string(index::kMainShard);
}

index::Writer& ShardWriters::for_issue(const std::string& issue_id) {
  auto& shard = shard_of_issue_[issue_id];
  if (shard.empty()) shard = recorded_shard(catalog_, issue_id);
  auto& writer = writers_[shard];
  if (!writer) writer = std::make_unique<index::Writer>(index::shard_dir(layout_, shard), options_);
  return *writer;
}

void ShardWriters::commit() {
  for (auto& [name, writer] : writers_) writer->commit();
}

std::vector<std::pair<std::string, std::string>> ShardWriters::finish() {
  commit();
  std::vector<std::pair<std::string, std::string>> failed;
  for (const auto& [name, writer] : writers_) {
    try {
      index::write_dense_terms(index::shard_dir(layout_, name));
    } catch (const StorageError& e) {
      failed.emplace_back(name, e.what());
    }
  }
  return failed;
}

}  // namespace gazette::pipeline
