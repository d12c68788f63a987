#include "xapian_tcpsrv.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

extern char** environ;

namespace gazette::testing {
namespace {

// A port nothing listens on now (the kernel's choice); another process may take it before
// the server binds, so the caller retries.
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
  ::close(fd);
  return ok ? ntohs(addr.sin_port) : 0;
}

bool accepts_connections(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

XapianTcpServer::XapianTcpServer(const std::filesystem::path& database) {
  for (int attempt = 0; attempt < 5 && !ready_; ++attempt) {
    port_ = free_port();
    if (port_ == 0) {
      error_ = "no free port on 127.0.0.1";
      continue;
    }
    std::vector<std::string> args = {"xapian-tcpsrv",  "--interface",         "127.0.0.1",
                                     "--port",         std::to_string(port_), "--quiet",
                                     database.string()};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t files;
    ::posix_spawn_file_actions_init(&files);
    for (const int fd : {0, 1, 2})
      ::posix_spawn_file_actions_addopen(&files, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
    // Its own process group: on SIGTERM xapian-tcpsrv signals its whole group, which must
    // not include this test (or ctest); and stop() kills the group.
    posix_spawnattr_t attr;
    ::posix_spawnattr_init(&attr);
    ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    ::posix_spawnattr_setpgroup(&attr, 0);
    const int rc = ::posix_spawnp(&pid_, "xapian-tcpsrv", &files, &attr, argv.data(), environ);
    ::posix_spawnattr_destroy(&attr);
    ::posix_spawn_file_actions_destroy(&files);
    if (rc != 0) {
      error_ = "cannot start xapian-tcpsrv (" + std::string(std::strerror(rc)) +
               "): install xapian-tools (scripts/debian-packages.txt)";
      pid_ = 0;
      return;
    }
    // Ready when it accepts a connection; gone when the port was taken meanwhile.
    for (int wait = 0; wait < 200; ++wait) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        error_ = "xapian-tcpsrv exited at start (port " + std::to_string(port_) + " taken?)";
        pid_ = 0;
        break;
      }
      if (accepts_connections(port_)) {
        ready_ = true;
        error_.clear();
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (!ready_) {
      if (error_.empty()) error_ = "xapian-tcpsrv did not listen within 10 s";
      stop();
    }
  }
}

XapianTcpServer::~XapianTcpServer() {
  stop();
}

void XapianTcpServer::stop() {
  if (pid_ <= 0) return;
  // The whole group: the server and the child it forked for each connection.
  ::kill(-pid_, SIGTERM);
  int status = 0;
  bool reaped = false;
  for (int wait = 0; wait < 100 && !reaped; ++wait) {  // up to 5 s
    reaped = ::waitpid(pid_, &status, WNOHANG) == pid_;
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Whatever did not go (the group outlives its leader while members remain).
  ::kill(-pid_, SIGKILL);
  if (!reaped) ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

}  // namespace gazette::testing
