#pragma once
// `gazette correct`: a person corrects a document's metadata where OCR or the structurer got
// it wrong (a misread 文号, a date, a title). The correction is recorded in the catalogue with
// who made it and why, logged as a `correction` event, re-applied whenever the issue is
// structured again, and carried into the index and the status of every act it touches.
//
// Errors: InvalidInput for an unknown field or a value that does not parse, NotFound for an
// unknown document, LockError while another writer holds the archive; StorageError/IoError
// otherwise. The catalogue is committed before the index: after a crash, running the same
// correction again changes nothing more and brings the index up to date.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/catalog.h"
#include "gazette/model.h"

namespace gazette::pipeline {

// One field set to a value; `value` nullopt clears it (only dates and authority may be empty).
struct FieldValue {
  std::string field;  // title, number, authority, kind, signed, effective, expires
  std::optional<std::string> value;
};

// "number=浙政办发[2014]36号" → {number, 浙政办发〔2014〕36号}: the value normalised as the
// structurer would store it (number per CONTRACT §3, dates ISO from any printed form, kind one
// of rule|normative|other); "expires=none" clears. Throws InvalidInput naming what is wrong.
FieldValue parse_field_value(std::string_view assignment);

// The field's value in `doc`, as parse_field_value would write it.
std::optional<std::string> field_value(const Document& doc, std::string_view field);

// Sets the field (validated by parse_field_value).
void set_field(Document& doc, const FieldValue& value);

// Applies recorded corrections, oldest first, to documents freshly structured from pages.
// A correction whose document no longer exists is ignored.
void apply_corrections(std::vector<Document>& docs, const std::vector<Correction>& corrections);

struct CorrectionOptions {
  std::filesystem::path archive;
  std::string document_id;
  std::vector<FieldValue> values;
  std::string person;  // who; required
  std::string note;    // why, e.g. "page image shows 36号"; required
};

struct CorrectionResult {
  std::vector<Correction> recorded;   // empty when every field already had its value
  std::vector<Event> status_changes;  // on this and other acts, logged with the correction
  int documents_indexed = 0;
  std::vector<std::string> warnings;  // what did not stop the correction (a derived file)
};

CorrectionResult correct_document(const CorrectionOptions& options);

}  // namespace gazette::pipeline
