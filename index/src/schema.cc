#include "schema.h"

#include <algorithm>

#include "gazette/dates.h"

namespace gazette::index::schema {

std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  // Xapian's convention: a prefix ending in an upper-case letter is joined with ':' when the
  // value itself starts with an upper-case letter.
  if (!value.empty() && value[0] >= 'A' && value[0] <= 'Z') t += ':';
  t += value;
  return t;
}

std::string order_suffix(std::string_view number) {
  const auto at = number.rfind("令第");
  if (at == std::string_view::npos || !number.ends_with("号")) return "";
  return std::string(number.substr(at));
}

SlotDates slot_dates(const ValidityFacts& facts) {
  SlotDates d;
  const auto timeline = validity_timeline(facts);
  for (const auto& change : timeline) {
    if (change.code == ValidityCode::in_force && d.effective == kOpenStart)
      d.effective = change.date;
    if (change.code == ValidityCode::amended && d.amended_since == kOpenEnd)
      d.amended_since = change.date;
    if (change.code == ValidityCode::partially_invalid && d.partial_since == kOpenEnd)
      d.partial_since = change.date;
  }
  if (auto end = validity_end(facts)) {
    d.end_of_validity = *end;
    d.end_kind = std::string(to_string(timeline.back().code));
  }
  return d;
}

std::optional<ValidityCode> status_from_slots(DocumentKind kind, const SlotDates& d,
                                              std::string_view as_of) {
  if (kind == DocumentKind::other) return std::nullopt;
  if (as_of < d.effective) return ValidityCode::not_yet_effective;
  if (as_of > d.end_of_validity)
    return d.end_kind == "repealed" ? ValidityCode::repealed : ValidityCode::expired;
  if (as_of >= d.partial_since) return ValidityCode::partially_invalid;
  if (as_of >= d.amended_since) return ValidityCode::amended;
  return ValidityCode::in_force;
}

StatusBounds status_bounds(const SlotDates& d) {
  StatusBounds b;
  b.in_force = d.effective;
  // x is the day after the last day in force; an open end stays the open end.
  b.ended = d.end_of_validity == kOpenEnd ? std::string(kOpenEnd) : add_days(d.end_of_validity, 1);
  if (b.ended < b.in_force) b.ended = b.in_force;
  b.partial = std::clamp(d.partial_since, b.in_force, b.ended);
  b.amended = std::clamp(d.amended_since, b.in_force, b.partial);
  b.end_kind = d.end_kind;
  return b;
}

}  // namespace gazette::index::schema
