#include "gazette/pipeline/correct.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "archive_store.h"
#include "gazette/archive_layout.h"
#include "gazette/dates.h"
#include "gazette/docnumber.h"
#include "gazette/error.h"
#include "gazette/utf8.h"
#include "gazette/validity.h"
#include "shard_writers.h"

namespace gazette::pipeline {
namespace {

constexpr std::array<std::string_view, 7> kFields = {"title",  "number",    "authority", "kind",
                                                     "signed", "effective", "expires"};

bool is_date_field(std::string_view f) {
  return f == "signed" || f == "effective" || f == "expires";
}

// The document's date member named `field` (const or not, as `doc` is), or nullptr.
template <typename D>
auto date_slot(D& doc, std::string_view field) -> decltype(&doc.effective) {
  if (field == "signed") return &doc.signed_date;
  if (field == "effective") return &doc.effective;
  if (field == "expires") return &doc.expires;
  return nullptr;
}

std::string shown(const std::optional<std::string>& v) {
  return v ? "“" + *v + "”" : "none";
}

// The timeline entries of `after` that `before` lacks, as status_change events on `doc_id`.
void log_differences(const std::string& doc_id, const std::vector<StatusChange>& before,
                     const std::vector<StatusChange>& after, const std::string& prefix,
                     const std::string& because, std::vector<Event>& out) {
  for (const auto& c : after) {
    const bool known = std::any_of(before.begin(), before.end(), [&](const StatusChange& o) {
      return o.date == c.date && o.code == c.code && o.by == c.by;
    });
    if (known) continue;
    out.push_back({"status_change", doc_id, "success",
                   prefix + std::string(to_string(c.code)) + " from " + c.date +
                       (c.by ? " by " + *c.by : "") + "; " + because});
  }
}

}  // namespace

FieldValue parse_field_value(std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos)
    throw InvalidInput("a correction is FIELD=VALUE, not \"" + std::string(assignment) + "\"");
  const std::string field(utf8::trim(assignment.substr(0, eq)));
  const std::string raw(utf8::trim(assignment.substr(eq + 1)));
  if (std::find(kFields.begin(), kFields.end(), field) == kFields.end())
    throw InvalidInput("cannot correct \"" + field +
                       "\": fields are title, number, authority, kind, signed, effective, "
                       "expires");
  const bool clear = raw.empty() || raw == "none";
  if (clear) {
    if (is_date_field(field) || field == "authority" || field == "number") return {field, {}};
    throw InvalidInput(field + " cannot be empty");
  }
  if (field == "number") {
    const auto n = normalize_number(raw);
    if (!n) throw InvalidInput("\"" + raw + "\" is not a 文号 or 令号");
    return {field, *n};
  }
  if (is_date_field(field)) {
    const auto d = parse_date(raw);
    if (!d) throw InvalidInput(field + ": \"" + raw + "\" is not a date");
    return {field, *d};
  }
  if (field == "kind") document_kind_from_string(raw);  // throws for anything else
  return {field, raw};
}

std::optional<std::string> field_value(const Document& doc, std::string_view field) {
  const auto or_none = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  if (field == "title") return doc.title;
  if (field == "number") return or_none(doc.number);
  if (field == "authority") return or_none(doc.authority);
  if (field == "kind") return std::string(to_string(doc.kind));
  if (const auto* slot = date_slot(doc, field)) return *slot;
  throw InvalidInput("no field \"" + std::string(field) + "\"");
}

void set_field(Document& doc, const FieldValue& v) {
  if (v.field == "title") {
    doc.title = v.value.value_or("");
  } else if (v.field == "number") {
    doc.number = v.value.value_or("");
  } else if (v.field == "authority") {
    doc.authority = v.value.value_or("");
  } else if (v.field == "kind") {
    doc.kind = document_kind_from_string(v.value.value_or(""));
  } else if (auto* slot = date_slot(doc, v.field)) {
    *slot = v.value;
  } else {
    throw InvalidInput("no field \"" + v.field + "\"");
  }
}

void apply_corrections(std::vector<Document>& docs, const std::vector<Correction>& corrections) {
  for (const auto& c : corrections)
    for (auto& doc : docs)
      if (doc.id == c.target) set_field(doc, {c.field, c.new_value});
}

CorrectionResult correct_document(const CorrectionOptions& o) {
  if (o.person.empty()) throw InvalidInput("a correction needs the name of who makes it");
  if (utf8::trim(o.note).empty()) throw InvalidInput("a correction needs a note saying why");
  if (o.values.empty()) throw InvalidInput("nothing to correct: give FIELD=VALUE");
  for (const auto& v : o.values)  // validated again: callers may build them by hand
    if (v.value) parse_field_value(v.field + "=" + *v.value);

  const ArchiveLayout layout(o.archive);
  ArchiveLock lock(layout);
  Catalog catalog(layout.catalog(), CatalogOptions{});
  const auto found = catalog.document(o.document_id);
  if (!found) throw NotFound("no document " + o.document_id);
  const Document before = *found;

  CorrectionResult result;
  Document after = before;
  for (const auto& v : o.values) {
    const auto old = field_value(after, v.field);
    set_field(after, v);
    const auto now = field_value(after, v.field);
    if (old != now)
      result.recorded.push_back({o.document_id, v.field, old, now, o.person, o.note, ""});
  }

  // Acts whose status may change: this one, the acts it points at, acts that share its old or
  // new number, and acts that relations aimed at that number reached by title. Both numbers
  // are known before the change, so one look finds them all.
  std::set<std::string> affected = {o.document_id};
  for (const auto& doc : {before, after}) {
    for (const auto& t : catalog.targets_of(doc)) affected.insert(t);
    if (!doc.number.empty()) {
      for (const auto& id : catalog.document_ids_by_number(doc.number)) affected.insert(id);
      for (const auto& id : catalog.documents_named_by_title_for(doc.number)) affected.insert(id);
    }
  }
  std::map<std::string, std::vector<StatusChange>> timeline_before;
  for (const auto& id : affected)
    if (const auto doc = catalog.document(id))
      timeline_before[id] = validity_timeline(catalog.validity_facts(*doc));

  if (!result.recorded.empty()) {
    catalog.transaction([&] {
      auto docs = catalog.documents_of_issue(before.issue_id);
      for (auto& doc : docs)
        if (doc.id == after.id) doc = after;
      catalog.replace_documents(before.issue_id, docs);
      std::string detail;
      for (const auto& c : result.recorded) {
        catalog.add_correction(c);
        detail += (detail.empty() ? "" : "; ") + c.field + ": " + shown(c.old_value) + " → " +
                  shown(c.new_value);
      }
      detail += "; note: " + o.note;
      catalog.log_event({"correction", o.document_id, "success", detail}, o.person);
      const std::string because = "after correction of " + o.document_id;
      for (const auto& id : affected) {
        const auto doc = catalog.document(id);
        if (!doc) continue;
        const auto now = validity_timeline(catalog.validity_facts(*doc));
        const auto& was = timeline_before[id];
        log_differences(id, was, now, "", because, result.status_changes);
        log_differences(id, now, was, "withdrawn: ", because, result.status_changes);
      }
      for (const auto& e : result.status_changes) catalog.log_event(e, o.person);
    });
  }

  // Always, so that running the same correction again after a crash completes the index.
  ShardWriters writers(layout, catalog);
  for (const auto& id : affected) {
    const auto doc = catalog.document(id);
    if (!doc) continue;
    writers.for_issue(doc->issue_id).put({*doc, catalog.validity_facts(*doc)});
    ++result.documents_indexed;
  }
  // The correction stands either way; without the file searches are only slower.
  for (const auto& [shard, reason] : writers.finish())
    result.warnings.push_back("dense-terms file of shard " + shard + " not written: " + reason);
  return result;
}

}  // namespace gazette::pipeline
