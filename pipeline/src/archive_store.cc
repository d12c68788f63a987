#include "archive_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "gazette/error.h"

namespace gazette::pipeline {
namespace fs = std::filesystem;

namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void fsync_path(const fs::path& p, int flags) {
  Fd f{::open(p.c_str(), flags)};
  if (f.fd < 0 || ::fsync(f.fd) != 0)
    throw IoError("cannot sync " + p.string() + ": " + std::strerror(errno));
}

void write_synced(const fs::path& tmp, const char* data, std::size_t size) {
  Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  if (f.fd < 0) throw IoError("cannot create " + tmp.string() + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(f.fd, data + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError("cannot write " + tmp.string() + ": " + std::strerror(errno));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(f.fd) != 0)
    throw IoError("cannot sync " + tmp.string() + ": " + std::strerror(errno));
}

std::string read_all(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError("cannot read " + file.string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

ArchiveLock::ArchiveLock(const ArchiveLayout& layout) {
  fs::create_directories(layout.root());
  fd_ = ::open(layout.lock_file().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    throw IoError("cannot open lock file " + layout.lock_file().string() + ": " +
                  std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw LockError("another gazette ingest is writing to " + layout.root().string() +
                    "; wait for it to finish");
  }
}

ArchiveLock::~ArchiveLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

void write_file_atomically(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  const fs::path tmp = path.string() + ".tmp";
  write_synced(tmp, content.data(), content.size());
  fs::rename(tmp, path);
  fsync_path(path.parent_path(), O_RDONLY | O_DIRECTORY);
}

std::string keep_original(const ArchiveLayout& layout, const fs::path& file,
                          const std::string& sha256) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const std::string rel = layout.object_relpath(sha256, ext);
  const fs::path dest = layout.root() / rel;
  if (fs::exists(dest)) return rel;
  write_file_atomically(dest, read_all(file));
  // Originals are never written again: make that visible in the permissions too.
  fs::permissions(dest, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  return rel;
}

}  // namespace gazette::pipeline
