#pragma once
// Keeping originals (content-addressed, written once, never modified) and the archive's
// writer lock. Errors: IoError, LockError.
#include <filesystem>
#include <string>

#include "gazette/archive_layout.h"

namespace gazette::pipeline {

// Holds an exclusive flock on the archive's lock file for its lifetime.
class ArchiveLock {
 public:
  explicit ArchiveLock(const ArchiveLayout& layout);
  ~ArchiveLock();
  ArchiveLock(const ArchiveLock&) = delete;
  ArchiveLock& operator=(const ArchiveLock&) = delete;

 private:
  int fd_ = -1;
};

// Copies `file` into the object store under its hash (write to a temp file, fsync, rename),
// unless it is already there. Returns the object's path relative to the archive root.
std::string keep_original(const ArchiveLayout& layout, const std::filesystem::path& file,
                          const std::string& sha256);

// Writes `content` to `path` atomically (temp file, fsync, rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

}  // namespace gazette::pipeline
