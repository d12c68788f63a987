#include "bag_records.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cstdio>

#include "gazette/error.h"
#include "gazette/json.h"

namespace gazette::pipeline {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string exact(double d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

Object::Ptr parse_object(const std::string& json, const char* what) {
  try {
    Poco::JSON::Parser parser;
    auto obj = parser.parse(json).extract<Object::Ptr>();
    if (!obj) throw InvalidInput(std::string(what) + ": not a JSON object");
    return obj;
  } catch (const Poco::Exception& e) {
    throw InvalidInput(std::string(what) + ": " + e.displayText());
  }
}

bool present(const Object::Ptr& o, const std::string& key) {
  return o->has(key) && !o->isNull(key);
}

template <typename T>
T required(const Object::Ptr& o, const std::string& key, const char* what) {
  if (!present(o, key)) throw InvalidInput(std::string(what) + ": no " + key);
  try {
    return o->getValue<T>(key);
  } catch (const Poco::Exception& e) {
    throw InvalidInput(std::string(what) + ": " + key + ": " + e.displayText());
  }
}

template <typename T>
std::optional<T> optional(const Object::Ptr& o, const std::string& key, const char* what) {
  if (!present(o, key)) return std::nullopt;
  return required<T>(o, key, what);
}

}  // namespace

std::string bag_page_json(const Page& p, const std::optional<std::string>& scan) {
  JsonWriter w;
  w.begin_object();
  w.key("issue_id").value(p.issue_id);
  w.key("seq").value(p.seq);
  w.key("printed_page").value(p.printed_page);
  w.key("source").value(p.source);
  w.key("sha256").value(p.sha256);
  w.key("text").value(p.text);
  w.key("confidence").raw(exact(p.confidence));
  w.key("status").value(to_string(p.status));
  w.key("error").value(p.error);
  w.key("width").value(p.width);
  w.key("height").value(p.height);
  w.key("scan").value(scan);
  w.key("lines").begin_array();
  for (const auto& l : p.lines) {
    w.begin_object();
    w.key("text").value(l.text);
    w.key("box").begin_array().value(l.box.x0).value(l.box.y0).value(l.box.x1).value(l.box.y1);
    w.end_array();
    w.key("confidence").raw(exact(l.confidence));
    w.key("size").raw(exact(l.size));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

BagPage parse_bag_page(const std::string& json) {
  constexpr const char* what = "metadata/pages.jsonl";
  const auto o = parse_object(json, what);
  BagPage b;
  Page& p = b.page;
  p.issue_id = required<std::string>(o, "issue_id", what);
  p.seq = required<int>(o, "seq", what);
  if (p.seq < 1) throw InvalidInput(std::string(what) + ": seq must be at least 1");
  p.printed_page = optional<int>(o, "printed_page", what);
  p.source = required<std::string>(o, "source", what);
  p.sha256 = optional<std::string>(o, "sha256", what).value_or("");
  p.text = optional<std::string>(o, "text", what).value_or("");
  p.confidence = optional<double>(o, "confidence", what).value_or(0);
  p.status = page_status_from_string(required<std::string>(o, "status", what));
  p.error = optional<std::string>(o, "error", what);
  p.width = optional<int>(o, "width", what).value_or(0);
  p.height = optional<int>(o, "height", what).value_or(0);
  b.scan = optional<std::string>(o, "scan", what);
  if (present(o, "lines")) {
    const auto lines = o->getArray("lines");
    if (!lines) throw InvalidInput(std::string(what) + ": lines is not an array");
    for (std::size_t i = 0; i < lines->size(); ++i) {
      const auto l = lines->getObject(static_cast<unsigned>(i));
      if (!l) throw InvalidInput(std::string(what) + ": a line is not an object");
      TextLine line;
      line.text = required<std::string>(l, "text", what);
      const auto box = l->getArray("box");
      if (!box || box->size() != 4) throw InvalidInput(std::string(what) + ": bad line box");
      line.box = {box->getElement<int>(0), box->getElement<int>(1), box->getElement<int>(2),
                  box->getElement<int>(3)};
      line.confidence = optional<double>(l, "confidence", what).value_or(0);
      line.size = optional<double>(l, "size", what).value_or(0);
      p.lines.push_back(std::move(line));
    }
  }
  return b;
}

std::string bag_issue_json(const Issue& i) {
  JsonWriter w;
  w.begin_object();
  w.key("id").value(i.id);
  w.key("series").value(i.series);
  w.key("year").value(i.year);
  w.key("issue").value(i.number);
  w.key("issue_total").value(i.total);
  w.key("date").value(i.date);
  w.key("lang").value(i.lang);
  w.key("source").value(i.source);
  w.key("page_count").value(i.page_count);
  w.end_object();
  return w.str();
}

Issue parse_bag_issue(const std::string& json) {
  constexpr const char* what = "metadata/issue.json";
  const auto o = parse_object(json, what);
  Issue i;
  i.id = required<std::string>(o, "id", what);
  i.series = optional<std::string>(o, "series", what).value_or("");
  i.year = optional<int>(o, "year", what);
  i.number = optional<int>(o, "issue", what);
  i.total = optional<int>(o, "issue_total", what);
  i.date = optional<std::string>(o, "date", what);
  i.lang = optional<std::string>(o, "lang", what).value_or("");
  i.source = optional<std::string>(o, "source", what).value_or("");
  i.page_count = optional<int>(o, "page_count", what).value_or(0);
  return i;
}

std::string issue_overrides_json(const Issue& i) {
  JsonWriter w;
  w.begin_object();
  if (!i.series.empty()) w.key("series").value(i.series);
  if (i.year) w.key("year").value(*i.year);
  if (i.number) w.key("issue").value(*i.number);
  if (i.date) w.key("date").value(*i.date);
  if (!i.lang.empty()) w.key("lang").value(i.lang);
  w.end_object();
  return w.str();
}

Document parse_bag_document(const std::string& json) {
  constexpr const char* what = "metadata/documents.jsonl";
  const auto o = parse_object(json, what);
  Document d;
  d.id = required<std::string>(o, "id", what);
  d.issue_id = required<std::string>(o, "issue_id", what);
  d.series = optional<std::string>(o, "series", what).value_or("");
  d.year = optional<int>(o, "year", what);
  d.issue = optional<int>(o, "issue", what);
  d.issue_total = optional<int>(o, "issue_total", what);
  d.first_page = optional<int>(o, "first_page", what);
  d.last_page = optional<int>(o, "last_page", what);
  d.kind = document_kind_from_string(required<std::string>(o, "kind", what));
  d.title = optional<std::string>(o, "title", what).value_or("");
  d.number = optional<std::string>(o, "number", what).value_or("");
  d.authority = optional<std::string>(o, "authority", what).value_or("");
  d.signed_date = optional<std::string>(o, "signed", what);
  d.effective = optional<std::string>(o, "effective", what);
  d.expires = optional<std::string>(o, "expires", what);
  d.text = optional<std::string>(o, "text", what).value_or("");
  if (present(o, "relations")) {
    const auto rels = o->getArray("relations");
    if (!rels) throw InvalidInput(std::string(what) + ": relations is not an array");
    for (std::size_t i = 0; i < rels->size(); ++i) {
      const auto r = rels->getObject(static_cast<unsigned>(i));
      if (!r) throw InvalidInput(std::string(what) + ": a relation is not an object");
      Relation rel;
      rel.type = relation_type_from_string(required<std::string>(r, "type", what));
      rel.target_number = optional<std::string>(r, "target_number", what).value_or("");
      rel.target_title = optional<std::string>(r, "target_title", what).value_or("");
      rel.partial = optional<bool>(r, "partial", what).value_or(false);
      if (const auto ev = r->getObject("evidence")) {
        rel.evidence.page = optional<int>(ev, "page", what);
        rel.evidence.text = optional<std::string>(ev, "text", what).value_or("");
      }
      d.relations.push_back(std::move(rel));
    }
  }
  return d;
}

}  // namespace gazette::pipeline
