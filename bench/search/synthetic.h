#pragma once
// A deterministic synthetic gazette collection for bench/search, and the query mix run on it.
//
// Document i is a pure function of (seed, i): any document can be generated on its own, in any
// order, by any thread, so a million documents never have to sit in memory. Bodies are built
// from the sentences of the real documents in corpora/texts and from gazette templates filled
// with topics; every document carries a unique 文号 or 令号 that is a bijection of i.
// Errors: InvalidInput for a missing or empty texts folder.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gazette/index/writer.h"
#include "gazette/model.h"

namespace gazette::searchbench {

// SplitMix64: tiny, fast, and the same everywhere (std::uniform_int_distribution is not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [lo, hi], inclusive.
  int uniform(int lo, int hi);
  bool chance(double p);
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(uniform(0, static_cast<int>(v.size()) - 1))];
  }

 private:
  std::uint64_t state_;
};

// A number as a user types it or a list prints it: `name` says which damaged form.
struct PrintedNumber {
  std::string name;
  std::string text;
};

struct CollectionOptions {
  std::uint64_t seed = 1;
  std::filesystem::path texts_dir;  // corpora/texts
};

class Collection {
 public:
  explicit Collection(const CollectionOptions& options);

  // Document i with its validity facts, ready for index::Writer::put().
  index::IndexEntry entry(std::uint64_t i) const;
  // The normalised number of document i (cheaper than entry(i).doc.number).
  std::string number(std::uint64_t i) const;
  bool is_order(std::uint64_t i) const;  // 令号 rather than 文号
  // Document i's number printed in damaged form `form` (forms rotate: 9 for 文号, 4 for 令号).
  PrintedNumber printed_number(std::uint64_t i, int form) const;
  static std::string id(std::uint64_t i);

 private:
  CollectionOptions options_;
  std::vector<std::string> real_sentences_;
};

enum class QueryClass { number, word, phrase, filtered, facet };
inline constexpr QueryClass kQueryClasses[] = {QueryClass::number, QueryClass::word,
                                               QueryClass::phrase, QueryClass::filtered,
                                               QueryClass::facet};
std::string to_string(QueryClass c);

struct BenchQuery {
  QueryClass cls = QueryClass::word;
  std::string text;         // what the user types
  std::string form;         // number class: which printed form (brackets, full-width, …)
  std::string expected_id;  // number class: the document that must rank first
  std::string as_of;        // ISO; filtered and facet classes
  std::optional<ValidityCode> status;
  std::optional<int> year;  // facet class: sometimes narrowed to one year
};

struct QueryMixOptions {
  std::uint64_t seed = 7;
  std::uint64_t documents = 0;  // queries only reference documents below this
  int count = 1000;             // spread over the classes, numbers first
};

// The query mix: numbers 30 %, words 25 %, phrases 15 %, filtered 15 %, facets 15 %.
std::vector<BenchQuery> make_queries(const Collection& collection, const QueryMixOptions& options);

}  // namespace gazette::searchbench
