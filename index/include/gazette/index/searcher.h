#pragma once
// Searches one or more index shards as one. Errors: InvalidInput for queries the parser
// rejects, NotFound for a missing index, StorageError otherwise.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gazette/model.h"

namespace gazette::index {

struct SearchRequest {
  std::string query;
  std::string as_of;                   // ISO date; status filters and badges refer to it
  std::optional<ValidityCode> status;  // only documents with this status on as_of
  std::optional<DocumentKind> kind;
  std::string authority;  // empty: any
  std::optional<int> year;
  int offset = 0;
  int limit = 20;
};

struct SearchHit {
  std::string id;
  double score = 0;
  std::string snippet_html;  // escaped text with <b>…</b> around hits
};

struct SearchResults {
  std::size_t total = 0;  // estimated number of matches
  std::vector<SearchHit> hits;
  // facet name (status, kind, authority, year) → value → count over the whole match set;
  // status counts are as of the request's as_of date
  std::map<std::string, std::map<std::string, std::size_t>> facets;
};

class Searcher {
 public:
  explicit Searcher(const std::vector<std::filesystem::path>& shards);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // `request.as_of` empty means today.
  SearchResults search(SearchRequest request);
  std::size_t document_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::index
