#pragma once
// The domain types shared by every layer: pages, issues, documents, relations, validity.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

enum class PageStatus { ok, failed, needs_review };
std::string_view to_string(PageStatus s);
PageStatus page_status_from_string(std::string_view s);

// A rectangle in page pixels: left, top, right, bottom (exclusive).
struct Box {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  int width() const { return x1 - x0; }
  int height() const { return y1 - y0; }
};

// One recognised line with its geometry; the page text is these lines in reading order.
struct TextLine {
  std::string text;
  Box box;
  double confidence = 0;  // 0..1
  double size = 0;        // typographic size (Tesseract's row height), pixels
};

struct Page {
  std::string issue_id;
  int seq = 0;                      // 1-based position in the issue
  std::optional<int> printed_page;  // the number printed on the page (— 2 —)
  std::string source;               // path relative to the batch root, or the bundle entry name
  std::string sha256;               // of the original file as it arrived
  std::string text;                 // recognised text in reading order
  std::vector<TextLine> lines;
  double confidence = 0;
  PageStatus status = PageStatus::ok;
  std::optional<std::string> error;
  int width = 0, height = 0;
  std::string model;  // the OCR model that read it (not stored; see the ocr event)
};

struct Issue {
  std::string id;
  std::string series;
  std::optional<int> year;
  std::optional<int> number;  // 第N期
  std::optional<int> total;   // 总第N期
  std::optional<std::string> date;
  std::string lang;
  std::string source;  // the folder or bundle entry the issue came from
  int page_count = 0;
};

enum class DocumentKind { rule, normative, other };
std::string_view to_string(DocumentKind k);
DocumentKind document_kind_from_string(std::string_view s);

enum class RelationType { repeals, amends, declares_invalid, cites };
std::string_view to_string(RelationType t);
RelationType relation_type_from_string(std::string_view s);

struct Evidence {
  std::optional<int> page;  // printed page number
  std::string text;         // the sentence that carries the relation
};

struct Relation {
  RelationType type = RelationType::cites;
  std::string target_number;             // normalised, may be empty
  std::string target_title;              // may be empty
  std::optional<std::string> target_id;  // set when the target is in the archive
  Evidence evidence;
  // Only some provisions are repealed or declared invalid (部分条款失效): the target becomes
  // partially_invalid rather than repealed or expired.
  bool partial = false;
};

enum class ValidityCode {
  in_force,
  amended,
  partially_invalid,
  repealed,
  expired,
  not_yet_effective
};
std::string_view to_string(ValidityCode c);
std::string_view label(ValidityCode c);  // 现行有效 …
std::optional<ValidityCode> validity_code_from_string(std::string_view s);

struct Validity {
  std::string as_of;  // ISO date
  ValidityCode code = ValidityCode::in_force;
  std::optional<std::string> since;
  std::optional<std::string> by;  // id of the document that caused the change
};

struct Document {
  std::string id;
  std::string issue_id;
  std::string series;
  std::optional<int> year, issue, issue_total;
  std::optional<int> first_page, last_page;
  DocumentKind kind = DocumentKind::other;
  std::string title;
  std::string number;  // normalised; empty when none
  std::string authority;
  std::optional<std::string> signed_date, effective, expires;
  std::vector<Relation> relations;
  std::string text;
};

}  // namespace gazette
