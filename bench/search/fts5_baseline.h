#pragma once
// The baseline a small team would otherwise pick: one SQLite FTS5 table with the trigram
// tokenizer (title, number, body) and a plain table of the facet and validity columns.
// Errors: StorageError for any SQLite failure.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "gazette/index/writer.h"
#include "synthetic.h"

namespace gazette::searchbench {

struct BaselineResults {
  std::size_t total = 0;  // facet class only: the number of matches
  std::vector<std::string> ids;  // best first (unranked for sub-trigram queries, see .cc)
  std::map<std::string, std::map<std::string, std::size_t>> facets;
};

class Fts5Baseline {
 public:
  // Creates (or truncates) the database file; with `reuse`, opens the one an earlier run
  // built instead.
  explicit Fts5Baseline(const std::filesystem::path& file, bool reuse = false);
  ~Fts5Baseline();
  Fts5Baseline(const Fts5Baseline&) = delete;
  Fts5Baseline& operator=(const Fts5Baseline&) = delete;

  // Adds document `row` (its collection index); call commit() to end the running transaction.
  void add(std::uint64_t row, const index::IndexEntry& entry);
  void commit();

  BaselineResults search(const BenchQuery& query, int limit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::searchbench
