#pragma once
// `gazette serve`: the reader over HTTP (CONTRACT §5). Errors from start(): IoError when the
// address cannot be bound, NotFound when the archive holds nothing yet.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "gazette/index/shards.h"

namespace gazette::viewer {

struct ServerOptions {
  std::filesystem::path archive;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (tests)
  int threads = 8;
  // Index shards to search; empty = the archive's own local shards.
  std::vector<index::ShardLocation> shards = {};
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  void start();
  void stop();
  std::uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::viewer
