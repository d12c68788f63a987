#pragma once
// Completeness (应登尽登) report: what the archive should hold but does not.
//
//   - per authority code and year, the numbers missing from a 文号 sequence between the
//     lowest and highest number archived (浙政办发〔2017〕41号 and 43号 archived, 42号 not);
//     令号 run on across years, so an order series is one sequence (year 0);
//   - acts that archived documents cite, repeal, amend or declare invalid, but that are not in
//     the archive (matched by normalised number, or by title when the relation has none).
//
// Pure functions over documents, plus a reader over the catalogue, here beside the catalogue so
// that both `gazette report gaps` and the reader's completeness page use them. Errors: only
// the catalogue's (StorageError).
#include <string>
#include <vector>

#include "gazette/catalog.h"
#include "gazette/model.h"

namespace gazette {

struct NumberGap {
  std::string code;          // 浙政办发, or 浙江省人民政府令 for orders
  int year = 0;              // 0 for order series, which run on across years
  int first = 0, last = 0;   // lowest and highest number archived
  std::vector<int> missing;  // numbers between them not archived, ascending
};

struct AbsentTarget {
  std::string number;  // normalised; may be empty
  std::string title;   // may be empty
  struct Reference {
    std::string document_id;
    RelationType type;
  };
  std::vector<Reference> referenced_by;
};

struct GapReport {
  std::vector<NumberGap> gaps;       // sorted by code, year
  std::vector<AbsentTarget> absent;  // sorted by number, then title
};

// A normalised 文号 split into code, year and serial: 浙政办发〔2017〕42号 → {浙政办发, 2017, 42};
// 浙江省人民政府令第321号 → {浙江省人民政府令, 0, 321}. False if it is neither form.
struct NumberParts {
  std::string code;
  int year = 0;
  int serial = 0;
};
bool split_number(const std::string& normalized, NumberParts& out);

GapReport find_gaps(const std::vector<Document>& documents);
GapReport find_gaps(const Catalog& catalog);

std::string gap_report_text(const GapReport& report);
// One JSON object: {"gaps": [...], "absent": [...]}.
std::string gap_report_json(const GapReport& report);

}  // namespace gazette
