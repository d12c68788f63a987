#include "gazette/export_json.h"

namespace gazette {

void write_validity(JsonWriter& w, const std::optional<Validity>& status) {
  if (!status) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("as_of").value(status->as_of);
  w.key("code").value(to_string(status->code));
  w.key("label").value(label(status->code));
  w.key("since").value(status->since);
  w.key("by").value(status->by);
  w.end_object();
}

void write_document_fields(JsonWriter& w, const Document& d, const std::optional<Validity>& status,
                           bool with_text) {
  auto optional_text = [&](const std::string& s) {
    if (s.empty()) {
      w.null();
    } else {
      w.value(s);
    }
  };
  w.key("id").value(d.id);
  w.key("issue_id").value(d.issue_id);
  w.key("series").value(d.series);
  w.key("year").value(d.year);
  w.key("issue").value(d.issue);
  w.key("issue_total").value(d.issue_total);
  w.key("first_page").value(d.first_page);
  w.key("last_page").value(d.last_page);
  w.key("kind").value(to_string(d.kind));
  w.key("title").value(d.title);
  w.key("number");
  optional_text(d.number);
  w.key("authority");
  optional_text(d.authority);
  w.key("signed").value(d.signed_date);
  w.key("effective").value(d.effective);
  w.key("expires").value(d.expires);
  w.key("status");
  write_validity(w, d.kind == DocumentKind::other ? std::nullopt : status);
  w.key("relations").begin_array();
  for (const auto& r : d.relations) {
    w.begin_object();
    w.key("type").value(to_string(r.type));
    w.key("target_number");
    optional_text(r.target_number);
    w.key("target_title");
    optional_text(r.target_title);
    w.key("target_id").value(r.target_id);
    w.key("partial").value(r.partial);
    w.key("evidence").begin_object();
    w.key("page").value(r.evidence.page);
    w.key("text").value(r.evidence.text);
    w.end_object();
    w.end_object();
  }
  w.end_array();
  if (with_text) w.key("text").value(d.text);
}

std::string document_json(const Document& d, const std::optional<Validity>& status,
                          bool with_text) {
  JsonWriter w;
  w.begin_object();
  write_document_fields(w, d, status, with_text);
  w.end_object();
  return w.str();
}

std::string page_json(const Page& p) {
  JsonWriter w;
  w.begin_object();
  w.key("issue_id").value(p.issue_id);
  w.key("seq").value(p.seq);
  w.key("printed_page").value(p.printed_page);
  w.key("source").value(p.source);
  w.key("sha256").value(p.sha256);
  w.key("text").value(p.text);
  w.key("confidence").value(p.confidence);
  w.key("status").value(to_string(p.status));
  w.key("error").value(p.error);
  w.end_object();
  return w.str();
}

}  // namespace gazette
