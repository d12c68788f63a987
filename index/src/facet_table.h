#pragma once
// The facet values of every document of a local index, in memory, by Xapian docid: kind,
// authority, year and the four status boundaries (schema::StatusBounds). Counting facets then
// costs an array lookup per match instead of five to seven value reads; and with
// count_matches() a query that is an AND of terms is counted from its posting lists alone,
// without Xapian's matcher weighing every match (a word in most acts matches nearly every
// document of a large archive). Built once per Searcher, from the value slots, on the first search that asks
// for facets or filters by status (its load time is not measured apart: bench/search counts it
// in the warm-up).
//
// Errors: Xapian::Error passes through (the Searcher maps it, as for any Xapian call).
#include <xapian.h>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gazette/validity.h"

namespace gazette::index {

// Facet name (status, kind, authority, year) → value → count, as SearchResults::facets.
using FacetCounts = std::map<std::string, std::map<std::string, std::size_t>>;

class FacetTable {
 public:
  explicit FacetTable(const Xapian::Database& db);

  // The status of `docid` on day `as_of` (YYYYMMDD), none for kind `other` or a docid the
  // table does not hold.
  std::optional<ValidityCode> status_on(Xapian::docid docid, std::int32_t as_of) const;
  // The same for a match as a MatchSpy or MatchDecider sees it (see Counter::add), from its
  // values.
  std::optional<ValidityCode> status_on(const Xapian::Document& doc, std::int32_t as_of) const;

  struct Row;

  // Adds matches to counts per value; fill() turns them into FacetCounts.
  class Counter {
   public:
    Counter(const FacetTable& table, std::int32_t as_of);
    void add(Xapian::docid docid);
    // A match as a MatchSpy sees it: over several databases its docid is the one in its own
    // database (Xapian 1.4), not the combined one the table uses, so its values are read.
    void add(const Xapian::Document& doc);
    void fill(FacetCounts& facets) const;
    // Adds the counts of `other`, made from the same table for the same day.
    void merge(const Counter& other);
    std::size_t matches() const { return matches_; }

   private:
    void add(const Row& row);
    const FacetTable& table_;
    std::int32_t as_of_;
    std::size_t matches_ = 0;
    std::vector<std::size_t> kinds_, authorities_, years_;
    std::array<std::size_t, 6> status_{};  // by ValidityCode
  };

  Xapian::docid last_docid() const { return static_cast<Xapian::docid>(rows_.size()) - 1; }
  bool holds(Xapian::docid docid) const { return docid < rows_.size() && rows_[docid].present; }

 private:
  template <typename CodeOf>
  static void assign(Row& row, unsigned slot, const std::string& value, CodeOf code_of);
  Row row_of(const Xapian::Document& doc) const;
  static std::optional<ValidityCode> status_of(const Row& row, std::int32_t as_of);

 public:
  struct Row {
    bool present = false;
    std::uint8_t kind = 0;        // index into kinds_ (0: none)
    std::uint8_t end_kind = 0;    // ValidityCode of the end (repealed | expired)
    std::uint16_t year = 0;       // 0: none
    std::uint32_t authority = 0;  // index into authorities_ (0: none)
    // Status boundaries as YYYYMMDD (kNever: none); ended 0 for kind `other` (no status).
    std::int32_t in_force = kNever, amended = kNever, partial = kNever, ended = 0;
  };
  static constexpr std::int32_t kNever = std::numeric_limits<std::int32_t>::max();

 private:
  std::vector<Row> rows_;                         // by docid
  std::vector<std::string> kinds_, authorities_;  // code → value; [0] is ""
  std::map<std::string, std::uint32_t> kind_codes_, authority_codes_;
  std::uint16_t last_year_ = 0;
};

// YYYYMMDD of an ISO date (its first ten bytes), 0 when it is not one.
std::int32_t date_number(std::string_view iso);

// Counts the matches of `text` (an empty query: every document) narrowed by the boolean
// `filter_terms` and, when given, by the status on the table's as-of day, into `counter`.
// Only for queries whose matches are an AND of terms (what the query parser makes of words,
// CJK n-grams included); returns false, counting nothing, for any other shape (phrases, ORs,
// value ranges, wildcards), which the caller then counts with Xapian's matcher.
bool count_matches(const Xapian::Database& db, const Xapian::Query& text,
                   const std::vector<std::string>& filter_terms, std::optional<ValidityCode> status,
                   const FacetTable& table, std::int32_t as_of, FacetTable::Counter& counter);

}  // namespace gazette::index
