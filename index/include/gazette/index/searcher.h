#pragma once
// Searches one or more index shards, local or remote (xapian-tcpsrv), as one: ranking, facets
// and status filters are those of a single database holding everything. Errors: InvalidInput
// for queries the parser rejects or wildcards that expand too far, NotFound for a missing
// index, StorageError otherwise (an unreachable remote shard included).
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/index/shards.h"
#include "gazette/model.h"

namespace gazette::index {

enum class SortOrder { relevance, newest, oldest };  // by signed date for newest/oldest
std::optional<SortOrder> sort_order_from_string(std::string_view s);
std::string_view to_string(SortOrder order);

// A wildcard (`regul*`) may expand to at most this many terms; more is InvalidInput.
inline constexpr unsigned kMaxWildcardExpansion = 100;

struct SearchRequest {
  std::string query;
  std::string as_of;                   // ISO date; status filters and badges refer to it
  std::optional<ValidityCode> status;  // only documents with this status on as_of
  std::optional<DocumentKind> kind;
  std::string authority;  // empty: any
  std::optional<int> year;
  SortOrder sort = SortOrder::relevance;
  int offset = 0;
  int limit = 20;
  // What must be counted over the whole match set. Counting every match costs time in
  // proportion to the number of matches (most of a search over a large archive), so by default
  // the search stops once the page is filled and `total` is Xapian's estimate.
  bool facets = false;       // fill SearchResults::facets (implies an exact total)
  bool exact_total = false;  // count every match for `total`
};

struct SearchHit {
  std::string id;
  double score = 0;
  std::string snippet_html;  // escaped text with <b>…</b> around hits
};

struct SearchResults {
  std::size_t total = 0;     // number of matches: exact when total_exact, else an estimate
  bool total_exact = false;  // true when facets or exact_total were asked, or when Xapian's
                             // bounds on the count met (small collections, rare words)
  std::vector<SearchHit> hits;
  bool from_dense_terms = false;  // matched by the dense-term path (SearcherOptions)
  // Only when the request asked for facets: facet name (status, kind, authority, year) →
  // value → count over the whole match set; status counts are as of the request's as_of date
  std::map<std::string, std::map<std::string, std::size_t>> facets;
};

// How a Searcher answers; the defaults suit an archive of any size.
struct SearcherOptions {
  // The dense-term path (index/src/dense_terms.h): a relevance-ordered word or phrase whose
  // rarest term is held by at least `dense_share` of the documents (its matches are many), in
  // an index of at least `dense_min_documents` (one local database), is matched from
  // bitsets and only the documents that can reach the page are weighed by Xapian. The
  // bitsets of common terms come from the index's dense-terms file (write_dense_terms); the
  // others are read on first use and kept within `dense_cache_bytes`. Results are the same
  // either way; a share above 1 turns the path off.
  double dense_share = 0.005;
  std::size_t dense_min_documents = 50000;
  std::size_t dense_cache_bytes = std::size_t{384} << 20;  // bitsets and wdf of dense terms
};

// Not thread-safe: search() fills its facet table and dense-term cache on first use without
// locks, so each thread holds its own Searcher (as the reader does).
class Searcher {
 public:
  explicit Searcher(const std::vector<ShardLocation>& shards, SearcherOptions options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // `request.as_of` empty means today.
  SearchResults search(SearchRequest request) const;
  std::size_t document_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gazette::index
