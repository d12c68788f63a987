#pragma once
// Keeping originals (content-addressed, written once, never modified) and the archive's
// writer lock. Errors: IoError, LockError.
// Every write is temp file + fsync + rename + fsync(dir), so a killed writer leaves either the
// whole file or a `.partial` temp file that remove_interrupted_writes() clears.
#include <filesystem>
#include <string>

#include "gazette/archive_layout.h"
#include "gazette/catalog.h"

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

// Temp files of interrupted atomic writes end in this suffix, e.g. `<sha>.png.1234-7.partial`.
inline constexpr const char* kPartialSuffix = ".partial";

// Removes the temp files that killed writers left under objects/ and derived/. Call it only
// while holding the ArchiveLock: then no write is in progress, so every temp file is debris.
// Returns how many were removed.
int remove_interrupted_writes(const ArchiveLayout& layout);

// Removes index/ and each shards/NAME/ that holds no committed Xapian revision (no `iamglass`): a
// writer killed while creating the database leaves such a folder, which Xapian then refuses to
// open. Nothing is lost: an issue is marked indexed only after a commit. Call it only while holding
// the lock.
void remove_uncommitted_index(const ArchiveLayout& layout);

// Hash and size of a derived file as it is on disk now, for the catalogue's `files` table.
DerivedFileRecord derived_file_record(const ArchiveLayout& layout,
                                      const std::filesystem::path& file, const std::string& kind);

}  // namespace gazette::pipeline
