#include "gazette/validity.h"

#include <algorithm>

#include "gazette/dates.h"

namespace gazette {
namespace {

bool is_terminal(ValidityCode c) {
  return c == ValidityCode::repealed || c == ValidityCode::expired;
}

// What an incoming act does to the status; nullopt for relations that change nothing.
std::optional<ValidityCode> effect_of(RelationType t, bool partial) {
  switch (t) {
    case RelationType::repeals:
      return partial ? ValidityCode::partially_invalid : ValidityCode::repealed;
    case RelationType::declares_invalid:
      return partial ? ValidityCode::partially_invalid : ValidityCode::expired;
    case RelationType::amends:
      return ValidityCode::amended;
    case RelationType::cites:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

std::vector<StatusChange> validity_timeline(const ValidityFacts& facts) {
  std::vector<StatusChange> changes;
  if (facts.kind == DocumentKind::other) return changes;
  const std::optional<std::string> start = facts.effective ? facts.effective : facts.signed_date;
  if (facts.signed_date && start && *facts.signed_date < *start)
    changes.push_back({*facts.signed_date, ValidityCode::not_yet_effective, std::nullopt, {}});
  changes.push_back({start.value_or("0000-01-01"), ValidityCode::in_force, std::nullopt, {}});

  // Events after the start, applied in date order; ties keep the input order.
  std::vector<StatusChange> events;
  for (const auto& act : facts.acts) {
    const auto code = effect_of(act.type, act.partial);
    if (!code) continue;
    events.push_back(
        {act.date.value_or(start.value_or("0000-01-01")), *code, act.by_id, act.evidence});
  }
  if (facts.expires)
    events.push_back({add_days(*facts.expires, 1), ValidityCode::expired, std::nullopt, {}});
  std::stable_sort(events.begin(), events.end(),
                   [](const StatusChange& a, const StatusChange& b) { return a.date < b.date; });
  for (auto& e : events) {
    const ValidityCode current = changes.back().code;
    if (is_terminal(current)) break;
    // Partial invalidity outranks amendment: once some provisions are gone, a later amendment
    // leaves the status partially_invalid (and repeats change nothing).
    if (e.code == current) continue;
    if (e.code == ValidityCode::amended && current == ValidityCode::partially_invalid) continue;
    // An act dated before the document took effect still takes effect no earlier than it.
    if (e.date < changes.back().date) e.date = changes.back().date;
    changes.push_back(std::move(e));
  }
  return changes;
}

std::optional<Validity> validity_as_of(const ValidityFacts& facts, std::string_view as_of) {
  if (facts.kind == DocumentKind::other) return std::nullopt;
  const auto changes = validity_timeline(facts);
  Validity v;
  v.as_of = std::string(as_of);
  const StatusChange* current = nullptr;
  for (const auto& c : changes)
    if (c.date <= as_of) current = &c;
  if (current == nullptr) {
    v.code = ValidityCode::not_yet_effective;
    return v;
  }
  v.code = current->code;
  if (current->date != "0000-01-01") v.since = current->date;
  v.by = current->by;
  return v;
}

std::optional<std::string> validity_end(const ValidityFacts& facts) {
  for (const auto& c : validity_timeline(facts))
    if (is_terminal(c.code)) return add_days(c.date, -1);
  return std::nullopt;
}

}  // namespace gazette
