#include "archive_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "gazette/error.h"
#include "gazette/sha256.h"

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

// A temp name no other writer uses: two workers keeping the same scan at once must not write
// into each other's temp file.
fs::path unique_temp_for(const fs::path& dest) {
  static std::atomic<unsigned> counter{0};
  return dest.string() + "." + std::to_string(::getpid()) + "-" + std::to_string(++counter) +
         kPartialSuffix;
}

void write_synced(const fs::path& tmp, const char* data, std::size_t size, mode_t mode) {
  Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)};
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
  // The umask may have narrowed `mode`; set it exactly, before the file gets its real name.
  if (::fchmod(f.fd, mode) != 0)
    throw IoError("cannot set the mode of " + tmp.string() + ": " + std::strerror(errno));
  if (::fsync(f.fd) != 0)
    throw IoError("cannot sync " + tmp.string() + ": " + std::strerror(errno));
}

void write_atomically(const fs::path& path, const std::string& content, mode_t mode) {
  fs::create_directories(path.parent_path());
  const fs::path tmp = unique_temp_for(path);
  try {
    write_synced(tmp, content.data(), content.size(), mode);
    fs::rename(tmp, path);
  } catch (...) {
    std::error_code ignored;  // the write already failed; report that, not the clean-up
    fs::remove(tmp, ignored);
    throw;
  }
  fsync_path(path.parent_path(), O_RDONLY | O_DIRECTORY);
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
  write_atomically(path, content, 0644);
}

std::string keep_original(const ArchiveLayout& layout, const fs::path& file,
                          const std::string& sha256) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const std::string rel = layout.object_relpath(sha256, ext);
  const fs::path dest = layout.root() / rel;
  if (fs::exists(dest)) return rel;
  const std::string content = read_all(file);
  // Hash what is about to be kept, not what was hashed when the batch was planned: a source
  // that changed in between must not be stored under a hash it does not have.
  if (sha256_hex(content) != sha256)
    throw InvalidInput("file changed while it was being ingested: " + file.string());
  // Read-only from the moment it has its name: originals are never written again.
  write_atomically(dest, content, 0444);
  return rel;
}

int remove_interrupted_writes(const ArchiveLayout& layout) {
  int removed = 0;
  for (const fs::path& top : {layout.objects(), layout.derived()}) {
    std::error_code ec;
    if (!fs::exists(top, ec)) continue;
    std::vector<fs::path> debris;
    for (auto it = fs::recursive_directory_iterator(top); it != fs::recursive_directory_iterator();
         ++it)
      if (!it->is_directory() && it->path().string().ends_with(kPartialSuffix))
        debris.push_back(it->path());
    for (const auto& p : debris) removed += fs::remove(p) ? 1 : 0;
  }
  return removed;
}

void remove_uncommitted_index(const ArchiveLayout& layout) {
  std::error_code ec;
  std::vector<fs::path> shards = {layout.index()};
  for (const auto& entry : fs::directory_iterator(layout.shards(), ec))
    shards.push_back(entry.path());
  for (const auto& dir : shards)
    if (fs::is_directory(dir, ec) && !fs::exists(dir / "iamglass", ec)) fs::remove_all(dir);
}

DerivedFileRecord derived_file_record(const ArchiveLayout& layout, const fs::path& file,
                                      const std::string& kind) {
  return {fs::relative(file, layout.root()).generic_string(), sha256_file(file),
          static_cast<std::int64_t>(fs::file_size(file)), kind};
}

}  // namespace gazette::pipeline
