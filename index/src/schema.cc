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

std::size_t prefix_length(std::string_view term) {
  std::size_t n = 0;
  while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') ++n;
  return n;
}

std::set<std::string> characters_implied_by_bigrams(const std::set<std::string>& terms) {
  auto is_continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  std::set<std::string> implied;
  for (const auto& t : terms) {
    const std::size_t p = prefix_length(t);
    const std::string_view body = std::string_view(t).substr(p);
    // Two multibyte characters: the first ends where the second lead byte is.
    if (body.empty() || static_cast<unsigned char>(body[0]) < 0xC0) continue;
    std::size_t second = 1;
    while (second < body.size() && is_continuation(body[second])) ++second;
    if (second >= body.size() || static_cast<unsigned char>(body[second]) < 0xC0) continue;
    std::size_t end = second + 1;
    while (end < body.size() && is_continuation(body[end])) ++end;
    if (end != body.size()) continue;
    for (const auto part : {body.substr(0, second), body.substr(second)})
      if (const std::string c = t.substr(0, p) + std::string(part); terms.count(c))
        implied.insert(c);
  }
  return implied;
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
