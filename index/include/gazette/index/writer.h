#pragma once
// Writes documents to the Xapian index. One writer per index at a time: a second one gets
// LockError. Other errors: StorageError. The index is derived data, rebuilt from the catalogue.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "gazette/model.h"
#include "gazette/validity.h"

namespace gazette::index {

// A document with the validity facts the index needs for "in force on D" filtering.
struct IndexEntry {
  Document doc;
  ValidityFacts facts;
};

class Writer {
 public:
  explicit Writer(const std::filesystem::path& dir);
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

}  // namespace gazette::index
