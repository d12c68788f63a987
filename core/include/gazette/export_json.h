#pragma once
// The export shapes of CONTRACT §3, shared by `gazette export`, `gazette search --json` and
// the reader's JSON API.
#include <optional>
#include <string>

#include "gazette/json.h"
#include "gazette/model.h"

namespace gazette {

// Writes the fields of a document object (without braces) so callers can add their own.
void write_document_fields(JsonWriter& w, const Document& d, const std::optional<Validity>& status,
                           bool with_text);
void write_validity(JsonWriter& w, const std::optional<Validity>& status);
std::string document_json(const Document& d, const std::optional<Validity>& status, bool with_text);
std::string page_json(const Page& p);

}  // namespace gazette
