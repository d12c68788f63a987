// OAI-PMH 2.0 at /oai (oai_dc; the six verbs; resumption tokens; one set per series) and the
// Atom feed at /feed.atom (new issues and status changes).
//
// Records are the archive's acts. Their datestamp is the publication date of the issue that
// prints them (the catalogue keeps no modification time per act), so harvesting with `from`
// selects acts by publication date; granularity is YYYY-MM-DD.
#include <algorithm>
#include <ctime>
#include <set>

#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/sha256.h"
#include "html.h"
#include "http.h"

namespace gazette::viewer {
namespace {

constexpr const char* kRepositoryId = "gazette-archive";
constexpr std::size_t kOaiPageSize = 100;

std::string xml(std::string_view s) {
  std::string clean;
  clean.reserve(s.size());
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r')
      clean.push_back(c);
  return html::escape(clean);
}

std::string set_spec(const std::string& series) {
  return "series:" + sha256_hex(series).substr(0, 12);
}

std::string oai_id(const std::string& doc_id) {
  return std::string("oai:") + kRepositoryId + ":" + doc_id;
}

std::string datestamp(const Document& d, const std::map<std::string, std::string>& issue_dates) {
  const auto it = issue_dates.find(d.issue_id);
  if (it != issue_dates.end() && !it->second.empty()) return it->second;
  if (d.signed_date) return *d.signed_date;
  return "1900-01-01";
}

struct OaiError {
  std::string code, message;
};

std::string hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::optional<std::string> unhex(std::string_view s) {
  if (s.size() % 2 || s.size() > 2000) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    auto val = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int hi = val(s[i]), lo = val(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// The state of a list request, carried in the resumption token: offset, from, until, set.
struct ListState {
  std::size_t offset = 0;
  std::string from, until, set;
  std::string encode() const {
    return hex(std::to_string(offset) + "\n" + from + "\n" + until + "\n" + set);
  }
  static std::optional<ListState> decode(std::string_view token) {
    const auto raw = unhex(token);
    if (!raw) return std::nullopt;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
      const auto nl = raw->find('\n', start);
      parts.push_back(raw->substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    if (parts.size() != 4 || parts[0].empty() || parts[0].size() > 9 ||
        !std::all_of(parts[0].begin(), parts[0].end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    ListState st{std::stoul(parts[0]), parts[1], parts[2], parts[3]};
    if ((!st.from.empty() && !parse_date(st.from)) || (!st.until.empty() && !parse_date(st.until)))
      return std::nullopt;
    return st;
  }
};

std::string dc_record(const Document& d, const std::optional<Validity>& status,
                      const std::string& base) {
  std::string x =
      "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ "
      "http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">";
  x += "<dc:title>" + xml(d.title) + "</dc:title>";
  if (!d.authority.empty()) x += "<dc:creator>" + xml(d.authority) + "</dc:creator>";
  if (d.signed_date) x += "<dc:date>" + xml(*d.signed_date) + "</dc:date>";
  x += "<dc:type>" +
       std::string(d.kind == DocumentKind::rule        ? "规章"
                   : d.kind == DocumentKind::normative ? "行政规范性文件"
                                                       : "其他") +
       "</dc:type>";
  x += "<dc:identifier>" + xml(base + "/documents/" + d.id) + "</dc:identifier>";
  if (!d.number.empty()) x += "<dc:identifier>" + xml(d.number) + "</dc:identifier>";
  x += "<dc:source>" + xml(html::issue_label(Issue{
                           d.issue_id, d.series, d.year, d.issue, d.issue_total, {}, {}, {}, 0}));
  if (d.first_page) x += " 第" + std::to_string(*d.first_page) + "页";
  x += "</dc:source><dc:language>zh</dc:language><dc:format>image/png</dc:format>";
  if (status) {
    x += "<dc:description>效力：" + std::string(label(status->code)) + "（截至 " +
         xml(status->as_of) + "）</dc:description>";
  }
  for (const auto& r : d.relations)
    if (r.target_id)
      x += "<dc:relation>" + xml(base + "/documents/" + *r.target_id) + "</dc:relation>";
  x += "<dc:rights>公开发布</dc:rights></oai_dc:dc>";
  return x;
}

Response oai(const Library& lib, const Request& req) {
  const std::string base = req.base_url();
  char now[32];
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string body;
  std::optional<OaiError> error;
  const std::string verb = req.param("verb");
  std::string request_attrs;

  const std::set<std::string> known = {"verb",  "identifier", "metadataPrefix", "from",
                                       "until", "set",        "resumptionToken"};
  for (const auto& [k, v] : req.query) {
    if (!known.count(k)) error = OaiError{"badArgument", "unknown argument " + k};
    if (req.query.count(k) > 1) error = OaiError{"badArgument", "repeated argument " + k};
  }
  if (!error && req.query.count("verb") == 1)
    for (const auto& [k, v] : req.query) request_attrs += " " + xml(k) + "=\"" + xml(v) + "\"";

  auto allow = [&](std::initializer_list<const char*> allowed) {
    if (error) return;
    for (const auto& [k, v] : req.query) {
      if (k == "verb") continue;
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }) ==
          allowed.end())
        error = OaiError{"badArgument", "argument " + k + " is not allowed for " + verb};
    }
  };

  std::map<std::string, std::string> issue_dates;
  std::set<std::string> series;
  for (const auto& r : lib.issues()) {
    issue_dates[r.issue.id] = r.issue.date.value_or("");
    series.insert(r.issue.series);
  }

  if (verb == "Identify") {
    allow({});
    if (!error) {
      std::string earliest = "9999-12-31";
      for (const auto& [id, date] : issue_dates)
        if (!date.empty()) earliest = std::min(earliest, date);
      if (earliest == "9999-12-31") earliest = "1900-01-01";
      body = "<Identify><repositoryName>政府公报数字档案</repositoryName><baseURL>" +
             xml(base + "/oai") +
             "</baseURL><protocolVersion>2.0</protocolVersion><adminEmail>archive@example.org</"
             "adminEmail><earliestDatestamp>" +
             earliest +
             "</earliestDatestamp><deletedRecord>no</deletedRecord><granularity>YYYY-MM-DD</"
             "granularity></Identify>";
    }
  } else if (verb == "ListMetadataFormats") {
    allow({"identifier"});
    if (!error && !req.param("identifier").empty()) {
      const auto id = req.param("identifier");
      const std::string prefix = std::string("oai:") + kRepositoryId + ":";
      bool found = false;
      if (id.starts_with(prefix)) try {
          lib.document(id.substr(prefix.size()), "");
          found = true;
        } catch (const NotFound&) {
        }
      if (!found) error = OaiError{"idDoesNotExist", "no record " + id};
    }
    if (!error)
      body =
          "<ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix><schema>"
          "http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>"
          "http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace></metadataFormat></"
          "ListMetadataFormats>";
  } else if (verb == "ListSets") {
    allow({"resumptionToken"});
    if (!error && !req.param("resumptionToken").empty())
      error = OaiError{"badResumptionToken", "ListSets is never split"};
    if (!error) {
      body = "<ListSets>";
      for (const auto& s : series)
        body += "<set><setSpec>" + set_spec(s) + "</setSpec><setName>" +
                xml(s.empty() ? "未识别刊名" : s) + "</setName></set>";
      body += "</ListSets>";
    }
  } else if (verb == "GetRecord") {
    allow({"identifier", "metadataPrefix"});
    if (!error && (req.param("identifier").empty() || req.param("metadataPrefix").empty()))
      error = OaiError{"badArgument", "GetRecord needs identifier and metadataPrefix"};
    if (!error && req.param("metadataPrefix") != "oai_dc")
      error = OaiError{"cannotDisseminateFormat", "only oai_dc"};
    if (!error) {
      const auto id = req.param("identifier");
      const std::string prefix = std::string("oai:") + kRepositoryId + ":";
      try {
        if (!id.starts_with(prefix)) throw NotFound("foreign identifier");
        const auto v = lib.document(id.substr(prefix.size()), "");
        body = "<GetRecord><record><header><identifier>" + xml(id) + "</identifier><datestamp>" +
               datestamp(v.doc, issue_dates) + "</datestamp><setSpec>" + set_spec(v.doc.series) +
               "</setSpec></header><metadata>" + dc_record(v.doc, v.status, base) +
               "</metadata></record></GetRecord>";
      } catch (const NotFound&) {
        error = OaiError{"idDoesNotExist", "no record " + id};
      }
    }
  } else if (verb == "ListIdentifiers" || verb == "ListRecords") {
    ListState st;
    if (!req.param("resumptionToken").empty()) {
      allow({"resumptionToken"});
      if (!error) {
        const auto decoded = ListState::decode(req.param("resumptionToken"));
        if (!decoded)
          error = OaiError{"badResumptionToken", "not a token of this repository"};
        else
          st = *decoded;
      }
    } else {
      allow({"metadataPrefix", "from", "until", "set"});
      if (!error && req.param("metadataPrefix").empty())
        error = OaiError{"badArgument", "metadataPrefix is required"};
      if (!error && req.param("metadataPrefix") != "oai_dc")
        error = OaiError{"cannotDisseminateFormat", "only oai_dc"};
      st.from = req.param("from");
      st.until = req.param("until");
      st.set = req.param("set");
      if (!error && ((!st.from.empty() && !parse_date(st.from)) ||
                     (!st.until.empty() && !parse_date(st.until))))
        error = OaiError{"badArgument", "from and until are dates YYYY-MM-DD"};
      if (!error && !st.from.empty() && !st.until.empty() && st.from > st.until)
        error = OaiError{"badArgument", "from is after until"};
    }
    if (!error) {
      std::vector<std::pair<Document, std::optional<Validity>>> records;
      for (auto& [doc, status] : lib.all_documents("")) {
        const auto ds = datestamp(doc, issue_dates);
        if (!st.from.empty() && ds < st.from) continue;
        if (!st.until.empty() && ds > st.until) continue;
        if (!st.set.empty() && set_spec(doc.series) != st.set) continue;
        doc.text.clear();
        records.emplace_back(std::move(doc), std::move(status));
      }
      std::stable_sort(records.begin(), records.end(), [&](const auto& a, const auto& b) {
        const auto da = datestamp(a.first, issue_dates), db = datestamp(b.first, issue_dates);
        return da != db ? da < db : a.first.id < b.first.id;
      });
      if (records.empty()) {
        error = OaiError{"noRecordsMatch", "no records match"};
      } else if (st.offset >= records.size()) {
        error = OaiError{"badResumptionToken", "token past the end of the list"};
      } else {
        body = "<" + verb + ">";
        const std::size_t end = std::min(records.size(), st.offset + kOaiPageSize);
        for (std::size_t i = st.offset; i < end; ++i) {
          const auto& [d, status] = records[i];
          const std::string header = "<header><identifier>" + xml(oai_id(d.id)) +
                                     "</identifier><datestamp>" + datestamp(d, issue_dates) +
                                     "</datestamp><setSpec>" + set_spec(d.series) +
                                     "</setSpec></header>";
          if (verb == "ListIdentifiers") {
            body += header;
          } else {
            body += "<record>" + header + "<metadata>" + dc_record(d, status, base) +
                    "</metadata></record>";
          }
        }
        if (end < records.size() || st.offset > 0) {
          ListState next = st;
          next.offset = end;
          body += "<resumptionToken completeListSize=\"" + std::to_string(records.size()) +
                  "\" cursor=\"" + std::to_string(st.offset) + "\">" +
                  (end < records.size() ? next.encode() : std::string()) + "</resumptionToken>";
        }
        body += "</" + verb + ">";
      }
    }
  } else {
    error = OaiError{"badVerb", verb.empty() ? "verb is missing" : "unknown verb"};
  }

  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH "
      "xmlns=\"http://www.openarchives.org/OAI/2.0/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/ "
      "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd\"><responseDate>" +
      std::string(now) + "</responseDate><request" +
      (error && (error->code == "badVerb" || error->code == "badArgument") ? std::string()
                                                                           : request_attrs) +
      ">" + xml(base + "/oai") + "</request>";
  if (error) {
    x += "<error code=\"" + error->code + "\">" + xml(error->message) + "</error>";
  } else {
    x += body;
  }
  x += "</OAI-PMH>\n";
  Response r;
  r.content_type = "text/xml; charset=utf-8";
  r.body = std::move(x);
  return r;
}

Response atom(const Library& lib, const Request& req) {
  const std::string base = req.base_url();
  struct Entry {
    std::string id, title, updated, link, summary;
  };
  std::vector<Entry> entries;
  const auto issues = lib.issues();
  for (std::size_t i = 0; i < std::min<std::size_t>(issues.size(), 50); ++i) {
    const auto& is = issues[i].issue;
    entries.push_back({"urn:gazette-archive:issue:" + is.id, "新一期：" + html::issue_label(is),
                       is.date.value_or("1900-01-01"), base + "/issues/" + is.id,
                       std::to_string(is.page_count) + " 页"});
  }
  for (const auto& [doc, change] : lib.status_changes(50)) {
    std::string title = "效力变化：《" + doc.title + "》" + std::string(label(change.code));
    entries.push_back({"urn:gazette-archive:status:" + doc.id + ":" + change.date + ":" +
                           std::string(to_string(change.code)),
                       title, change.date, base + "/documents/" + doc.id, change.evidence.text});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.updated > b.updated; });
  const std::string updated = entries.empty() ? "1900-01-01" : entries.front().updated;
  std::string x =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed "
      "xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\"><title>政府公报数字档案："
      "新刊与效力变化</title><id>urn:gazette-archive:feed</id><updated>" +
      updated + "T00:00:00Z</updated><link rel=\"self\" href=\"" + xml(base + "/feed.atom") +
      "\"/><link href=\"" + xml(base + "/") + "\"/><author><name>政府公报数字档案</name></author>";
  for (const auto& e : entries)
    x += "<entry><id>" + xml(e.id) + "</id><title>" + xml(e.title) + "</title><updated>" +
         xml(e.updated) + "T00:00:00Z</updated><link href=\"" + xml(e.link) + "\"/><summary>" +
         xml(e.summary) + "</summary></entry>";
  x += "</feed>\n";
  Response r;
  r.content_type = "application/atom+xml; charset=utf-8";
  r.body = std::move(x);
  return r;
}

}  // namespace

Response feeds_route(const Library& lib, const Request& req) {
  const auto& s = req.segments;
  if (s.size() == 1 && s[0] == "oai") return oai(lib, req);
  if (s.size() == 1 && s[0] == "feed.atom") return atom(lib, req);
  throw HttpError(404, "no such page");
}

}  // namespace gazette::viewer
