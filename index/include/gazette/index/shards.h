#pragma once
// Where index shards are: the archive's own (archive/index is shard "main", archive/shards/NAME
// the others), any local Xapian database folder, and remote ones served by xapian-tcpsrv.
// Errors: InvalidInput for malformed shard names or lists.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/archive_layout.h"

namespace gazette::index {

struct ShardLocation {
  std::filesystem::path dir;  // a local database folder; empty for a remote shard
  std::string host;           // a remote shard: where xapian-tcpsrv listens
  std::uint16_t port = 0;

  static ShardLocation local(std::filesystem::path dir);
  static ShardLocation remote(std::string host, std::uint16_t port);
  bool is_remote() const { return port != 0; }
  std::string describe() const;  // the folder, or tcp://host:port
};

inline constexpr std::string_view kMainShard = "main";
// In a local shard's folder, beside Xapian's files: its dense-terms file (writer.h,
// write_dense_terms; docs/index-schema.md, "Dense terms").
inline constexpr const char* kDenseTermsFile = "gazette-dense-terms";

// Throws InvalidInput unless `name` is 1 to 64 of [a-z0-9_-].
void check_shard_name(std::string_view name);
// archive/index for "main", else archive/shards/NAME.
std::filesystem::path shard_dir(const ArchiveLayout& layout, std::string_view name);
// The archive's shards that hold a committed database: main first, then archive/shards/*
// by name.
std::vector<ShardLocation> local_shards(const ArchiveLayout& layout);
// A comma-separated list of NAME or local:NAME (a shard of this archive), dir:PATH (any local
// database folder) and tcp://HOST:PORT (xapian-tcpsrv), searched together as one.
std::vector<ShardLocation> parse_shard_list(std::string_view list, const ArchiveLayout& layout);

}  // namespace gazette::index
