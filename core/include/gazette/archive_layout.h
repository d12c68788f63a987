#pragma once
// Where things live inside an archive folder (docs/archive-layout.md). Paths only, no I/O,
// so that both the pipeline (writer) and the reader agree without depending on each other.
#include <filesystem>
#include <string>

namespace gazette {

class ArchiveLayout {
 public:
  explicit ArchiveLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path catalog() const { return root_ / "catalog.sqlite"; }
  std::filesystem::path index() const { return root_ / "index"; }  // the "main" index shard
  // Other index shards (`gazette ingest --shard NAME`), one Xapian database each.
  std::filesystem::path shards() const { return root_ / "shards"; }
  std::filesystem::path shard(const std::string& name) const { return shards() / name; }
  std::filesystem::path objects() const { return root_ / "objects"; }
  std::filesystem::path derived() const { return root_ / "derived"; }
  // The reader's cache of rendered images: disposable, never audited, never kept.
  std::filesystem::path image_cache() const { return derived() / "iiif"; }
  std::filesystem::path staging() const { return root_ / "staging"; }
  std::filesystem::path lock_file() const { return root_ / "lock"; }

  // Kept originals are content-addressed: objects/sha256/ab/abcdef….<ext>
  std::string object_relpath(const std::string& sha256, const std::string& extension) const {
    return "objects/sha256/" + sha256.substr(0, 2) + "/" + sha256 + extension;
  }
  std::filesystem::path hocr(const std::string& issue_id, int seq) const {
    return derived() / issue_id / ("page-" + pad(seq) + ".hocr");
  }
  // ALTO 4.2 of a recognised page, written at ingest beside its hOCR.
  std::filesystem::path alto(const std::string& issue_id, int seq) const {
    return derived() / issue_id / ("page-" + pad(seq) + ".alto.xml");
  }

 private:
  static std::string pad(int seq) {
    std::string s = std::to_string(seq);
    return std::string(s.size() < 4 ? 4 - s.size() : 0, '0') + s;
  }
  std::filesystem::path root_;
};

// The archive folder: --archive DIR, else $GAZETTE_ARCHIVE, else ./archive.
std::filesystem::path default_archive_root();

}  // namespace gazette
