#pragma once
// The index schema: term prefixes and value slots. docs/index-schema.md explains each one;
// change both together.
#include <set>
#include <string>
#include <string_view>

#include "gazette/model.h"
#include "gazette/validity.h"

namespace gazette::index::schema {

// Boolean terms.
inline constexpr std::string_view kId = "Q";          // unique document id
inline constexpr std::string_view kNumber = "XN";     // normalised 文号 / 令号
inline constexpr std::string_view kAuthority = "XA";  // issuing authority, verbatim
inline constexpr std::string_view kKind = "XK";       // rule | normative | other
inline constexpr std::string_view kSeries = "XS";     // series name
inline constexpr std::string_view kYear = "XY";       // issue year
inline constexpr std::string_view kIssue = "XI";      // issue id
inline constexpr std::string_view kEndKind = "XE";    // repealed | expired, once validity ended
inline constexpr std::string_view kOrderNumber = "XL";  // 令第N号 of a 令号, without its authority
// Free-text prefix for title-only searching (title:…); the title is also indexed unprefixed.
inline constexpr std::string_view kTitle = "S";

// Value slots. Dates are ISO (YYYY-MM-DD) so that string order is date order.
enum Slot : unsigned {
  kSigned = 0,
  kEffective = 1,       // date: first day in force (signed date if none printed)
  kExpires = 2,         // date: printed expiry, "" if none
  kEndOfValidity = 3,   // date: last day in force; "9999-12-31" while still in force
  kAmendedSince = 4,    // date: first day amended; "9999-12-31" if never amended
  kKindValue = 5,       // rule | normative | other, for the kind facet
  kAuthorityValue = 6,  // authority, for the authority facet
  kYearValue = 7,       // issue year, for the year facet
  kPartialSince = 8,    // date: first day partially invalid; "9999-12-31" if never
  kEndKindValue = 9,    // repealed | expired | "", for the status filters' end kind
  kIdValue = 10,        // document id: breaks ties so that any sharding gives the same order
  kSortNewest = 11,     // "<signed date> <id>", "" date when undated: newest first (reversed)
  kSortOldest = 12,     // "<signed date> <id>", "~" date when undated: oldest first
  // Status boundaries, only for kinds that have a status (not `other`), for the status facet:
  // e ≤ a ≤ p ≤ x, and on day D the status is the interval holding D (see StatusBounds).
  kBoundInForce = 13,  // e: first day in force
  kBoundAmended = 14,  // a: first day amended (= p when never amended)
  kBoundPartial = 15,  // p: first day partially invalid (= x when never)
  kBoundEnded = 16,    // x: "<first day ended> <repealed|expired>", "9999-12-31" while open
};

inline constexpr std::string_view kOpenEnd = "9999-12-31";
inline constexpr std::string_view kOpenStart = "0000-01-01";

// Title words count this many times more than body words.
inline constexpr unsigned kTitleWeight = 5;

std::string term(std::string_view prefix, std::string_view value);

// The length of a term's prefix: its leading capital letters.
std::size_t prefix_length(std::string_view term);

// The single-character terms among `terms` that a CJK bigram among them implies: the writer's
// TermGenerator indexes both characters of every bigram it indexes, under the same prefix,
// so a document holding 管理 (or S管理) holds 管 and 理 (S管, S理). They do not narrow an
// AND that has the bigram.
std::set<std::string> characters_implied_by_bigrams(const std::set<std::string>& terms);

// "令第321号" for a 令号 (浙江省人民政府令第321号, 省政府令第321号), else "".
std::string order_suffix(std::string_view number);

// The dates the slots hold, derived from the validity engine's timeline.
struct SlotDates {
  std::string effective = std::string(kOpenStart);
  std::string end_of_validity = std::string(kOpenEnd);
  std::string amended_since = std::string(kOpenEnd);
  std::string partial_since = std::string(kOpenEnd);
  std::string end_kind;  // "repealed", "expired" or ""
};
SlotDates slot_dates(const ValidityFacts& facts);

// The status as of a date, computed from slot dates alone; agrees with validity_as_of().
std::optional<ValidityCode> status_from_slots(DocumentKind kind, const SlotDates& d,
                                              std::string_view as_of);

// The slot dates as four ordered boundaries, e ≤ a ≤ p ≤ x: on day D the status is
// not_yet_effective (D < e), in_force (e ≤ D < a), amended (a ≤ D < p), partially_invalid
// (p ≤ D < x) or ended (x ≤ D; repealed or expired by end_kind). Each status is one interval,
// so the number of matches with a status on D is a difference of two counts "boundary ≤ D",
// which Xapian's built-in ValueCountMatchSpy can give, also over remote shards.
struct StatusBounds {
  std::string in_force, amended, partial, ended;  // e, a, p, x
  std::string end_kind;                           // "repealed", "expired" or ""
};
StatusBounds status_bounds(const SlotDates& d);

}  // namespace gazette::index::schema
