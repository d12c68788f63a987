#pragma once
// Writes documents to the Xapian index. One writer per index at a time: a second one gets
// LockError. Other errors: StorageError. The index is derived data, rebuilt from the catalogue.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "gazette/index/shards.h"
#include "gazette/model.h"
#include "gazette/validity.h"

namespace gazette::index {

// A document with the validity facts the index needs for "in force on D" filtering.
struct IndexEntry {
  Document doc;
  ValidityFacts facts;
};

struct WriterOptions {
  // Changes after which the writer commits on its own (writer.cc says why it must).
  unsigned commit_every = 100;
  // false: the writer's own commits are not flushed to disk (Xapian's DB_NO_SYNC), which
  // spares the disk rewriting the same B-tree blocks at every commit; commit() still flushes
  // every file before it returns. Only for a database nobody reads until it is complete and
  // that is rebuilt if the machine crashes while it is written (reindex, bulk builds): after
  // an OS crash between two commit() calls it may be unreadable.
  bool durable = true;
};

class Writer {
 public:
  explicit Writer(const std::filesystem::path& dir, const WriterOptions& options = {});
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Adds or replaces (by document id) one document.
  void put(const IndexEntry& entry);
  void remove(const std::string& document_id);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The dense-terms file of an index (docs/index-schema.md, "Dense terms"): the postings of the
// terms at least `share` of the documents hold, as bitsets with each document's wdf, and
// every document's length, which the searcher maps instead of reading those posting lists
// on first use. Only for an index of at least `min_documents` (below, the searcher answers
// without it).
struct DenseTermsOptions {
  double share = 0.125;
  std::size_t min_documents = 50000;
};
// Writes `dir`/kDenseTermsFile (shards.h) for the index's current revision unless it is already
// there; removes a stale one when the index is too small. Atomic (written aside, then
// renamed): a reader sees the old file or the new. Errors: StorageError.
void write_dense_terms(const std::filesystem::path& dir, const DenseTermsOptions& options = {});

}  // namespace gazette::index
