#pragma once
// The validity engine: a pure function from a document's dates and the acts that touched it
// to its status (CONTRACT §4) on any date, with the timeline of every change and its evidence.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/model.h"

namespace gazette {

// A later act's relation to this document (the incoming side of a Relation).
struct IncomingAct {
  RelationType type = RelationType::repeals;
  std::string by_id;                // the acting document
  std::optional<std::string> date;  // when the act takes effect (its effective or signed date)
  Evidence evidence;
  bool partial = false;  // only some provisions (部分条款失效)
};

struct ValidityFacts {
  DocumentKind kind = DocumentKind::other;
  std::optional<std::string> signed_date, effective, expires;
  std::vector<IncomingAct> acts;
};

struct StatusChange {
  std::string date;  // ISO; the status holds from this day on
  ValidityCode code = ValidityCode::in_force;
  std::optional<std::string> by;  // acting document, if a later act caused the change
  Evidence evidence;
};

// Every status change in date order. Empty for kind other.
std::vector<StatusChange> validity_timeline(const ValidityFacts& facts);

// The status on `as_of` (ISO date); nullopt for kind other.
std::optional<Validity> validity_as_of(const ValidityFacts& facts, std::string_view as_of);

// The last day a document is in force, if its validity has ended (repealed, expired,
// declared invalid); used for the index's end-of-validity value slot.
std::optional<std::string> validity_end(const ValidityFacts& facts);

}  // namespace gazette
