#pragma once
// A file descriptor owned for a scope, and fsync of a path: for the index's own files (the
// dense-terms file, a database flushed after unflushed commits, a merge's read-ahead).
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "gazette/error.h"

namespace gazette::index {

class FileHandle {
 public:
  explicit FileHandle(const std::filesystem::path& p, int flags = O_RDONLY)
      : fd_(::open(p.c_str(), flags | O_CLOEXEC)) {}
  ~FileHandle() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  int fd() const { return fd_; }  // negative when the file could not be opened

 private:
  int fd_;
};

// Flushes `p` (a file, or a directory with O_DIRECTORY) to disk. Errors: StorageError.
inline void sync_path(const std::filesystem::path& p, int flags = O_RDONLY) {
  const FileHandle f(p, flags);
  if (f.fd() < 0 || ::fsync(f.fd()) != 0) throw StorageError("cannot sync " + p.string());
}

}  // namespace gazette::index
