// Xapian's own xapian-tcpsrv serving one database on 127.0.0.1, for tests of remote shards.
//
// The server runs in its own process group with its standard streams on /dev/null, and is
// stopped by killing that whole group: xapian-tcpsrv forks a child per connection, and a
// child left behind that still held the test's stdout kept ctest waiting until its timeout.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace gazette::testing {

class XapianTcpServer {
 public:
  // Starts the server on a free port and waits until it accepts connections. On failure
  // ready() is false and error() says why.
  explicit XapianTcpServer(const std::filesystem::path& database);
  ~XapianTcpServer();
  XapianTcpServer(const XapianTcpServer&) = delete;
  XapianTcpServer& operator=(const XapianTcpServer&) = delete;

  bool ready() const { return ready_; }
  const std::string& error() const { return error_; }
  std::uint16_t port() const { return port_; }

  // Stops the server and every process it forked; waits for the server.
  void stop();

 private:
  pid_t pid_ = 0;
  std::uint16_t port_ = 0;
  bool ready_ = false;
  std::string error_;
};

}  // namespace gazette::testing
