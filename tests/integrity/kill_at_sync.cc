// Test-only LD_PRELOAD library for the crash test. It wraps fsync, fdatasync, rename and
// renameat, the calls at which a writer makes its work durable, and raises SIGKILL on the
// process at a chosen one, so that a kill lands exactly while an original is being copied, a
// catalogue transaction commits or the Xapian index commits: windows too short to hit with a
// timer. The kill is a real SIGKILL: no destructor, no atexit handler, no flush runs.
//
//   GAZETTE_KILL_AT=<where>:<n>[:after]  kill at the n-th call (1-based) whose file path
//       matches <where>: objects (kept originals), derived (hOCR), catalog (catalog.sqlite*),
//       index (the Xapian folder) or any. Before the real call, unless ":after" is given.
//   GAZETTE_SYNC_TRACE=<file>            append "<call> <path>" for every call.
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atomic>
#include <string>

namespace {

struct KillPoint {
  std::string where;
  long n = 0;
  bool after = false;
};

KillPoint parse_kill_point() {
  KillPoint k;
  const char* spec = ::getenv("GAZETTE_KILL_AT");
  if (!spec) return k;
  const std::string s = spec;
  const auto colon = s.find(':');
  if (colon == std::string::npos) return k;
  k.where = s.substr(0, colon);
  k.n = ::strtol(s.c_str() + colon + 1, nullptr, 10);
  k.after = s.ends_with(":after");
  return k;
}

const KillPoint& kill_point() {
  static const KillPoint k = parse_kill_point();
  return k;
}

std::atomic<long> matching_calls{0};

bool matches(const std::string& where, const std::string& path) {
  if (where == "any") return true;
  if (where == "catalog") return path.find("catalog.sqlite") != std::string::npos;
  return path.find("/" + where + "/") != std::string::npos;
}

std::string path_of_fd(int fd) {
  char link[64], target[4096];
  ::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = ::readlink(link, target, sizeof target - 1);
  return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

void trace(const char* call, const std::string& path) {
  const char* file = ::getenv("GAZETTE_SYNC_TRACE");
  if (!file) return;
  const int fd = ::open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const std::string line = std::string(call) + " " + path + "\n";
  [[maybe_unused]] const auto written = ::write(fd, line.data(), line.size());
  ::close(fd);
}

// Counts the call and says whether this is the one to die at.
bool is_kill_point(const char* call, const std::string& path) {
  trace(call, path);
  const auto& k = kill_point();
  if (k.n <= 0 || !matches(k.where, path)) return false;
  return ++matching_calls == k.n;
}

template <typename F>
F real(const char* name) {
  return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

int fsync(int fd) {
  static const auto next = real<int (*)(int)>("fsync");
  const bool die = is_kill_point("fsync", path_of_fd(fd));
  if (die && !kill_point().after) ::raise(SIGKILL);
  const int rc = next(fd);
  if (die) ::raise(SIGKILL);
  return rc;
}

int fdatasync(int fd) {
  static const auto next = real<int (*)(int)>("fdatasync");
  const bool die = is_kill_point("fdatasync", path_of_fd(fd));
  if (die && !kill_point().after) ::raise(SIGKILL);
  const int rc = next(fd);
  if (die) ::raise(SIGKILL);
  return rc;
}

int rename(const char* from, const char* to) {
  static const auto next = real<int (*)(const char*, const char*)>("rename");
  const bool die = is_kill_point("rename", std::string(to) + " <- " + from);
  if (die && !kill_point().after) ::raise(SIGKILL);
  const int rc = next(from, to);
  if (die) ::raise(SIGKILL);
  return rc;
}

int renameat(int from_dir, const char* from, int to_dir, const char* to) {
  static const auto next = real<int (*)(int, const char*, int, const char*)>("renameat");
  const bool die = is_kill_point("renameat", std::string(to) + " <- " + from);
  if (die && !kill_point().after) ::raise(SIGKILL);
  const int rc = next(from_dir, from, to_dir, to);
  if (die) ::raise(SIGKILL);
  return rc;
}

}  // extern "C"
