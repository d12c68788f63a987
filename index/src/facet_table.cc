#include "facet_table.h"

#include <algorithm>
#include <array>
#include <limits>
#include <set>

#include "gazette/model.h"
#include "schema.h"

namespace gazette::index {
namespace {

std::int32_t bound_number(const std::string& value) {
  const auto n = date_number(value);
  return n == 0 ? FacetTable::kNever : n;
}

// Walks `values` of one slot, calling put(docid, value) for every document that has one.
template <typename Put>
void read_slot(const Xapian::Database& db, unsigned slot, Put put) {
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v)
    put(v.get_docid(), *v);
}

// The terms of an AND of terms, or false for any other query shape.
bool and_terms(const Xapian::Query& q, std::set<std::string>& terms) {
  using Q = Xapian::Query;
  switch (q.get_type()) {
    case Q::LEAF_MATCH_ALL:
      return true;
    case Q::LEAF_TERM:
      terms.insert(*q.get_terms_begin());
      return true;
    case Q::OP_AND:
    case Q::OP_FILTER:
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (!and_terms(q.get_subquery(i), terms)) return false;
      return true;
    case Q::OP_SCALE_WEIGHT:
      return and_terms(q.get_subquery(0), terms);
    case Q::OP_AND_MAYBE:  // the optional side adds weight, not matches
      return and_terms(q.get_subquery(0), terms);
    default:
      return false;
  }
}

}  // namespace

std::int32_t date_number(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return 0;
  std::int32_t n = 0;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (iso[i] < '0' || iso[i] > '9') return 0;
    n = n * 10 + (iso[i] - '0');
  }
  return n;
}

// The facet slots, in the order FacetTable reads them.
constexpr std::array<unsigned, 7> kFacetSlots = {
    schema::kKindValue,    schema::kAuthorityValue, schema::kYearValue, schema::kBoundInForce,
    schema::kBoundAmended, schema::kBoundPartial,   schema::kBoundEnded};

FacetTable::FacetTable(const Xapian::Database& db)
    : rows_(static_cast<std::size_t>(db.get_lastdocid()) + 1), kinds_{""}, authorities_{""} {
  // Every document has an id value, so this marks the documents that exist.
  read_slot(db, schema::kIdValue,
            [&](Xapian::docid d, const std::string&) { rows_[d].present = true; });
  auto learn = [](std::vector<std::string>& dictionary, std::map<std::string, std::uint32_t>& codes,
                  const std::string& value) {
    auto [it, added] = codes.try_emplace(value, static_cast<std::uint32_t>(dictionary.size()));
    if (added) dictionary.push_back(value);
    return it->second;
  };
  for (const unsigned slot : kFacetSlots)
    read_slot(db, slot, [&](Xapian::docid d, const std::string& v) {
      assign(rows_[d], slot, v, [&](unsigned s, const std::string& value) {
        return s == schema::kKindValue ? learn(kinds_, kind_codes_, value)
                                       : learn(authorities_, authority_codes_, value);
      });
    });
  for (const auto& row : rows_) last_year_ = std::max(last_year_, row.year);
  if (kinds_.size() > 255) throw Xapian::InvalidArgumentError("more than 255 kinds in the index");
}

template <typename CodeOf>
void FacetTable::assign(Row& row, unsigned slot, const std::string& v, CodeOf code_of) {
  switch (slot) {
    case schema::kKindValue:
      row.kind = static_cast<std::uint8_t>(code_of(slot, v));
      break;
    case schema::kAuthorityValue:
      row.authority = code_of(slot, v);
      break;
    case schema::kYearValue:
      if (const int year = std::atoi(v.c_str());
          year > 0 && year < 65536 && std::to_string(year) == v)
        row.year = static_cast<std::uint16_t>(year);
      break;
    case schema::kBoundInForce:
      row.in_force = bound_number(v);
      break;
    case schema::kBoundAmended:
      row.amended = bound_number(v);
      break;
    case schema::kBoundPartial:
      row.partial = bound_number(v);
      break;
    case schema::kBoundEnded: {
      row.ended = bound_number(v);
      const auto end = v.size() > 11 ? validity_code_from_string(v.substr(11)) : std::nullopt;
      row.end_kind = static_cast<std::uint8_t>(end.value_or(ValidityCode::expired));
      break;
    }
    default:
      break;
  }
}

FacetTable::Row FacetTable::row_of(const Xapian::Document& doc) const {
  Row row;
  row.present = true;
  auto code_of = [&](unsigned slot, const std::string& value) -> std::uint32_t {
    const auto& codes = slot == schema::kKindValue ? kind_codes_ : authority_codes_;
    const auto it = codes.find(value);
    // The table and the match come from the same snapshot of the index, so every value is
    // known; 0 (not counted) only guards against a caller mixing snapshots.
    return it == codes.end() ? 0 : it->second;
  };
  for (const unsigned slot : kFacetSlots)
    if (std::string v = doc.get_value(slot); !v.empty()) assign(row, slot, v, code_of);
  return row;
}

std::optional<ValidityCode> FacetTable::status_on(Xapian::docid docid, std::int32_t as_of) const {
  if (docid >= rows_.size()) return std::nullopt;
  return status_of(rows_[docid], as_of);
}

std::optional<ValidityCode> FacetTable::status_on(const Xapian::Document& doc,
                                                  std::int32_t as_of) const {
  return status_of(row_of(doc), as_of);
}

std::optional<ValidityCode> FacetTable::status_of(const Row& r, std::int32_t as_of) {
  if (r.ended == 0) return std::nullopt;  // kind `other`: no status
  if (r.ended <= as_of) return static_cast<ValidityCode>(r.end_kind);
  if (r.partial <= as_of) return ValidityCode::partially_invalid;
  if (r.amended <= as_of) return ValidityCode::amended;
  if (r.in_force <= as_of) return ValidityCode::in_force;
  return ValidityCode::not_yet_effective;
}

FacetTable::Counter::Counter(const FacetTable& table, std::int32_t as_of)
    : table_(table),
      as_of_(as_of),
      kinds_(table.kinds_.size()),
      authorities_(table.authorities_.size()),
      years_(static_cast<std::size_t>(table.last_year_) + 1) {}

void FacetTable::Counter::add(Xapian::docid docid) {
  if (docid < table_.rows_.size()) add(table_.rows_[docid]);
}

void FacetTable::Counter::add(const Xapian::Document& doc) {
  add(table_.row_of(doc));
}

void FacetTable::Counter::add(const Row& r) {
  ++matches_;
  ++kinds_[r.kind];
  ++authorities_[r.authority];
  if (r.year < years_.size()) ++years_[r.year];
  if (const auto s = status_of(r, as_of_)) ++status_[static_cast<std::size_t>(*s)];
}

void FacetTable::Counter::merge(const Counter& other) {
  matches_ += other.matches_;
  auto add = [](std::vector<std::size_t>& to, const std::vector<std::size_t>& from) {
    for (std::size_t i = 0; i < to.size() && i < from.size(); ++i) to[i] += from[i];
  };
  add(kinds_, other.kinds_);
  add(authorities_, other.authorities_);
  add(years_, other.years_);
  for (std::size_t i = 0; i < status_.size(); ++i) status_[i] += other.status_[i];
}

void FacetTable::Counter::fill(FacetCounts& facets) const {
  auto put = [&](const char* name, std::size_t i, std::size_t n, const std::string& value) {
    if (i != 0 && n != 0) facets[name][value] = n;
  };
  for (std::size_t i = 0; i < kinds_.size(); ++i) put("kind", i, kinds_[i], table_.kinds_[i]);
  for (std::size_t i = 0; i < authorities_.size(); ++i)
    put("authority", i, authorities_[i], table_.authorities_[i]);
  for (std::size_t y = 0; y < years_.size(); ++y) put("year", y, years_[y], std::to_string(y));
  for (std::size_t s = 0; s < status_.size(); ++s)
    if (status_[s] != 0)
      facets["status"][std::string(to_string(static_cast<ValidityCode>(s)))] = status_[s];
}

bool count_matches(const Xapian::Database& db, const Xapian::Query& text,
                   const std::vector<std::string>& filter_terms, std::optional<ValidityCode> status,
                   const FacetTable& table, std::int32_t as_of, FacetTable::Counter& counter) {
  std::set<std::string> terms;
  if (!text.empty() && !and_terms(text, terms)) return false;
  for (const auto& t : schema::characters_implied_by_bigrams(terms)) terms.erase(t);
  terms.insert(filter_terms.begin(), filter_terms.end());
  auto keep = [&](Xapian::docid d) {
    if (!status || table.status_on(d, as_of) == status) counter.add(d);
  };
  if (terms.empty()) {  // every document
    for (Xapian::docid d = 1; d <= table.last_docid(); ++d)
      if (table.holds(d)) keep(d);
    return true;
  }
  // Leapfrog over the posting lists, rarest first.
  std::vector<std::pair<Xapian::doccount, std::string>> by_frequency;
  for (const auto& t : terms) {
    const auto tf = db.get_termfreq(t);
    if (tf == 0) return true;  // nothing matches
    by_frequency.emplace_back(tf, t);
  }
  std::sort(by_frequency.begin(), by_frequency.end());
  std::vector<Xapian::PostingIterator> lists;
  for (const auto& [tf, t] : by_frequency) lists.push_back(db.postlist_begin(t));
  const Xapian::PostingIterator end;
  Xapian::PostingIterator& driver = lists.front();
  while (driver != end) {
    Xapian::docid candidate = *driver;
    bool all = true;
    for (std::size_t i = 1; i < lists.size(); ++i) {
      lists[i].skip_to(candidate);
      if (lists[i] == end) return true;
      if (*lists[i] != candidate) {
        driver.skip_to(*lists[i]);
        all = false;
        break;
      }
    }
    if (all) {
      keep(candidate);
      ++driver;
    }
  }
  return true;
}

}  // namespace gazette::index
