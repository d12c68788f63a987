// Two writers on one archive: the second stops at once with a clear lock message (exit 3),
// and the lock dies with its holder, even under SIGKILL.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;
using integrity::gazette;

// True while some process holds the archive's writer flock.
bool lock_is_held(const fs::path& archive) {
  const int fd = ::open((archive / "lock").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);  // releases it if we got it
  return held;
}

TEST(Lock, SecondWriterStopsAtOnceWithExitThree) {
  const fs::path archive = integrity::fresh_dir("lock") / "archive";
  // The first ingester runs in its own process, from a thread of ours that waits for it.
  integrity::RunResult first;
  std::atomic<int> first_pid{0};
  std::thread holder([&] {
    first =
        gazette(archive,
                {"ingest", integrity::fixture_scans().string(), "--jobs", "1", "--lang", "chi_sim"},
                {{}, 300.0, [&](int pid) { first_pid = pid; }});
  });
  // Whatever happens below, the first ingester does not outlive the test.
  struct StopHolder {
    std::atomic<int>& pid;
    std::thread& thread;
    ~StopHolder() {
      if (thread.joinable()) {
        if (pid > 0) ::kill(pid, SIGKILL);
        thread.join();
      }
    }
  } stop_holder{first_pid, holder};
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!lock_is_held(archive) && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(lock_is_held(archive)) << "the first ingest never took the lock";

  int judged = 0;
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"ingest", integrity::fixture_scans().string()},
        std::vector<std::string>{"reindex"}, std::vector<std::string>{"verify"}}) {
    const auto started = std::chrono::steady_clock::now();
    const auto second = gazette(archive, args);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!lock_is_held(archive)) break;  // the first one finished meanwhile: nothing to judge
    ++judged;
    EXPECT_EQ(second.exit_code, 3) << args[0] << ": " << second.err;
    EXPECT_NE(second.err.find("another gazette ingest is writing to"), std::string::npos)
        << second.err;
    EXPECT_LT(seconds, 5.0) << args[0] << " waited for the lock instead of stopping";
  }
  EXPECT_GE(judged, 1) << "the first ingest finished before a second writer could be tried";
  // SIGKILL the holder: the kernel releases the flock, so the archive is usable again.
  ASSERT_GT(first_pid.load(), 0);
  ::kill(first_pid.load(), SIGKILL);
  holder.join();
  EXPECT_TRUE(first.signal == SIGKILL || first.exit_code == 0);
  EXPECT_FALSE(lock_is_held(archive));
  const auto after = gazette(archive, {"log"});
  EXPECT_EQ(after.exit_code, 0) << after.err;
}

}  // namespace
