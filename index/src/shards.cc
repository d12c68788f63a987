#include "gazette/index/shards.h"

#include <algorithm>
#include <charconv>

#include "gazette/error.h"

namespace gazette::index {
namespace fs = std::filesystem;

ShardLocation ShardLocation::local(fs::path dir) {
  ShardLocation s;
  s.dir = std::move(dir);
  return s;
}

ShardLocation ShardLocation::remote(std::string host, std::uint16_t port) {
  ShardLocation s;
  s.host = std::move(host);
  s.port = port;
  return s;
}

std::string ShardLocation::describe() const {
  return is_remote() ? "tcp://" + host + ":" + std::to_string(port) : dir.string();
}

void check_shard_name(std::string_view name) {
  const bool ok =
      !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      });
  if (!ok)
    throw InvalidInput("bad shard name '" + std::string(name) +
                       "': use 1 to 64 of a-z, 0-9, _ and -");
}

fs::path shard_dir(const ArchiveLayout& layout, std::string_view name) {
  check_shard_name(name);
  return name == kMainShard ? layout.index() : layout.shard(std::string(name));
}

std::vector<ShardLocation> local_shards(const ArchiveLayout& layout) {
  // Only databases with a committed revision: a shard that its first ingest is still
  // writing has nothing to search yet, and Xapian would refuse to open it.
  auto committed = [](const fs::path& dir) {
    std::error_code ec;
    return fs::exists(dir / "iamglass", ec);
  };
  std::vector<ShardLocation> out;
  if (committed(layout.index())) out.push_back(ShardLocation::local(layout.index()));
  std::error_code ec;
  std::vector<fs::path> others;
  for (const auto& entry : fs::directory_iterator(layout.shards(), ec))
    if (committed(entry.path())) others.push_back(entry.path());
  std::sort(others.begin(), others.end());
  for (auto& p : others) out.push_back(ShardLocation::local(std::move(p)));
  return out;
}

std::vector<ShardLocation> parse_shard_list(std::string_view list, const ArchiveLayout& layout) {
  std::vector<ShardLocation> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    const std::string_view spec = list.substr(start, end - start);
    start = end + 1;
    if (spec.empty()) throw InvalidInput("empty entry in the shard list");
    if (spec.starts_with("tcp://")) {
      const std::string_view hostport = spec.substr(6);
      const auto colon = hostport.rfind(':');
      int port = 0;
      const auto digits =
          colon == std::string_view::npos ? std::string_view() : hostport.substr(colon + 1);
      const auto [ptr, err] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
      if (colon == 0 || colon == std::string_view::npos || err != std::errc() ||
          ptr != digits.data() + digits.size() || port < 1 || port > 65535)
        throw InvalidInput("bad remote shard '" + std::string(spec) + "': use tcp://HOST:PORT");
      out.push_back(ShardLocation::remote(std::string(hostport.substr(0, colon)),
                                          static_cast<std::uint16_t>(port)));
    } else if (spec.starts_with("dir:")) {
      if (spec.size() == 4) throw InvalidInput("dir: needs a path");
      out.push_back(ShardLocation::local(fs::path(spec.substr(4))));
    } else {
      const std::string_view name = spec.starts_with("local:") ? spec.substr(6) : spec;
      out.push_back(ShardLocation::local(shard_dir(layout, name)));
    }
  }
  return out;
}

}  // namespace gazette::index
