#include <algorithm>
#include <charconv>
#include <filesystem>

#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/export_json.h"
#include "html.h"
#include "http.h"

namespace gazette::viewer {
namespace {

using html::escape;

std::string issue_label(const Issue& i) {
  std::string s = i.series.empty() ? "未识别刊名" : i.series;
  s += " ";
  s += i.year ? std::to_string(*i.year) : "?";
  s += "年第";
  s += i.number ? std::to_string(*i.number) : "?";
  s += "期";
  if (i.total) s += "（总第" + std::to_string(*i.total) + "期）";
  return s;
}

int parse_int(const std::string& s, const std::string& what, int lo, int hi) {
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi)
    throw HttpError(
        400, what + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

Response json(std::string body) {
  Response r;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}

index::SearchRequest search_request(const Request& req) {
  index::SearchRequest s;
  s.query = req.param("q");
  if (s.query.size() > 1000) throw HttpError(400, "query too long");
  s.as_of = req.param("as_of");
  if (!s.as_of.empty() && !parse_date(s.as_of))
    throw HttpError(400, "as_of must be a date YYYY-MM-DD");
  if (const auto st = req.param("status"); !st.empty()) {
    s.status = validity_code_from_string(st);
    if (!s.status) throw HttpError(400, "unknown status " + st);
  }
  if (const auto k = req.param("kind"); !k.empty()) s.kind = document_kind_from_string(k);
  s.authority = req.param("authority");
  if (const auto y = req.param("year"); !y.empty()) s.year = parse_int(y, "year", 1800, 2200);
  const int page = req.param("page").empty() ? 1 : parse_int(req.param("page"), "page", 1, 1000);
  s.limit = 20;
  s.offset = (page - 1) * s.limit;
  return s;
}

// ---- HTML routes ----

Response home(const Library& lib, const Request&) {
  std::string body =
      "<h1>政府公报数字档案</h1><p>规章和行政规范性文件的标准文本，自创刊以来的每一期。</p>";
  const auto issues = lib.issues();
  std::map<std::string, std::map<int, int>> series_years;
  for (const auto& r : issues) series_years[r.issue.series][r.issue.year.value_or(0)]++;
  body += "<h2>刊物</h2><ul>";
  for (const auto& [series, years] : series_years) {
    body += "<li>" + escape(series.empty() ? "未识别刊名" : series) + "：";
    for (const auto& [year, count] : years)
      body += "<a href=\"/search?year=" + std::to_string(year) + "\">" + std::to_string(year) +
              "年</a>（" + std::to_string(count) + "期） ";
    body += "</li>";
  }
  body += "</ul><h2>最新各期</h2><ul class=\"issues\">";
  for (std::size_t i = 0; i < std::min<std::size_t>(issues.size(), 20); ++i) {
    const auto& is = issues[i].issue;
    body += "<li><a href=\"/issues/" + escape(is.id) + "\">" + escape(issue_label(is)) + "</a>";
    if (is.date) body += " <span class=\"meta\">" + escape(*is.date) + "</span>";
    body += "</li>";
  }
  body += "</ul>";
  Response r;
  r.body = html::page("首页", body);
  return r;
}

Response search_html(const Library& lib, const Request& req) {
  const auto s = search_request(req);
  const auto results = lib.search(s);
  std::string body =
      "<h1>搜索结果</h1><form action=\"/search\" class=\"meta\"><input type=\"hidden\" name=\"q\" "
      "value=\"" +
      escape(s.query) + "\">截至日期 <input type=\"date\" name=\"as_of\" value=\"" +
      escape(s.as_of) + "\"> <label><input type=\"checkbox\" name=\"status\" value=\"in_force\"" +
      (s.status == ValidityCode::in_force ? " checked" : "") +
      ">仅显示现行有效</label> <button>筛选</button></form>";
  body += "<p class=\"meta\">共 " + std::to_string(results.total) + " 条</p><div class=\"facets\">";
  for (const auto& [facet, values] : results.facets) {
    for (const auto& [value, count] : values)
      body += "<span>" + escape(facet) + ": <a href=\"/search?q=" + html::url_encode(s.query) +
              "&amp;" + escape(facet) + "=" + html::url_encode(value) + "\">" + escape(value) +
              "</a> (" + std::to_string(count) + ")</span>";
  }
  body += "</div>";
  for (const auto& item : results.items) {
    const auto& d = item.doc;
    body += "<div class=\"result\"><h3><a href=\"/documents/" + escape(d.id) + "\">" +
            escape(d.title) + "</a> " + html::status_badge(item.status) +
            "</h3><div class=\"meta\">" + escape(d.number) + " · " + escape(d.authority) + " · " +
            escape(d.signed_date.value_or("")) + "</div><div class=\"snippet\">" +
            item.snippet_html + "</div></div>";
  }
  Response r;
  r.body = html::page("搜索：" + s.query, body, s.query);
  return r;
}

std::string relation_label(RelationType t) {
  switch (t) {
    case RelationType::repeals:
      return "废止";
    case RelationType::amends:
      return "修改";
    case RelationType::declares_invalid:
      return "宣布失效";
    case RelationType::cites:
      return "引用";
  }
  return "";
}

Response document_html(const Library& lib, const Request& req, const std::string& id) {
  const auto v = lib.document(id, req.param("as_of"));
  const auto& d = v.doc;
  std::string body;
  if (v.status) {
    body += "<div class=\"banner " + std::string(to_string(v.status->code)) +
            "\" id=\"validity\">" + std::string(label(v.status->code));
    if (v.status->since) body += "（自" + escape(*v.status->since) + "）";
    if (v.status->by) {
      body += " 依据 <a href=\"/documents/" + escape(*v.status->by) + "\">";
      for (const auto& in : v.incoming)
        if (in.source_id == *v.status->by) {
          body += escape(in.source_title) + " " + escape(in.source_number);
          break;
        }
      body += "</a>";
      for (const auto& in : v.incoming)
        if (in.source_id == *v.status->by) {
          body += "<div class=\"meta\" style=\"color:#fff\">“" + escape(in.relation.evidence.text) +
                  "”";
          if (in.relation.evidence.page)
            body += "（第" + std::to_string(*in.relation.evidence.page) + "页）";
          body += "</div>";
          break;
        }
    }
    body += "</div>";
  }
  body += "<h1>" + escape(d.title) + "</h1><p class=\"meta\">" + escape(d.number) + " · " +
          escape(d.authority) + " · 签发 " + escape(d.signed_date.value_or("—")) + " · 施行 " +
          escape(d.effective.value_or("—")) + "</p><p class=\"meta\">引用：" + escape(d.title) +
          "（" + escape(d.number) + "），" + escape(d.series) + " " +
          (d.year ? std::to_string(*d.year) : "") + "年第" +
          (d.issue ? std::to_string(*d.issue) : "?") + "期第" +
          (d.first_page ? std::to_string(*d.first_page) : "?") + "页。 <a href=\"/documents/" +
          escape(d.id) + "\">永久链接</a> · <a href=\"/issues/" + escape(d.issue_id) +
          "\">本期</a></p>";
  if (v.timeline.size() > 1) {
    body += "<h2>效力沿革</h2><ol>";
    for (const auto& c : v.timeline) {
      body += "<li>" + escape(c.date) + " " + std::string(label(c.code));
      if (c.by) body += " ← <a href=\"/documents/" + escape(*c.by) + "\">" + escape(*c.by) + "</a>";
      body += "</li>";
    }
    body += "</ol>";
  }
  if (!d.relations.empty() || !v.incoming.empty()) {
    body += "<h2>关联文件</h2><ul>";
    for (const auto& r : d.relations) {
      body += "<li>本件" + relation_label(r.type) + "：";
      const std::string name =
          (r.target_title.empty() ? "" : "《" + r.target_title + "》") + r.target_number;
      body += r.target_id
                  ? "<a href=\"/documents/" + escape(*r.target_id) + "\">" + escape(name) + "</a>"
                  : escape(name);
      body += "</li>";
    }
    for (const auto& in : v.incoming)
      body += "<li><a href=\"/documents/" + escape(in.source_id) + "\">" + escape(in.source_title) +
              "</a> " + relation_label(in.relation.type) + "本件</li>";
    body += "</ul>";
  }
  body += "<h2>正文</h2><div class=\"text\">" + escape(d.text) + "</div>";
  Response r;
  r.body = html::page(d.title, body);
  return r;
}

Response issue_html(const Library& lib, const std::string& id) {
  const auto v = lib.issue(id);
  std::string body = "<h1>" + escape(issue_label(v.record.issue)) + "</h1>";
  if (v.record.issue.date)
    body += "<p class=\"meta\">出版日期 " + escape(*v.record.issue.date) + "</p>";
  body += "<h2>目录</h2><ol>";
  for (const auto& d : v.documents)
    body += "<li><a href=\"/documents/" + escape(d.id) + "\">" + escape(d.title) +
            "</a> <span class=\"meta\">" + escape(d.number) +
            (d.first_page ? " · 第" + std::to_string(*d.first_page) + "页" : "") + "</span></li>";
  body += "</ol><h2>页面</h2><ol>";
  for (const auto& p : v.pages)
    body += "<li><a href=\"/issues/" + escape(id) + "/pages/" + std::to_string(p.seq) + "\">" +
            (p.printed_page ? "第" + std::to_string(*p.printed_page) + "页" : "封面/未编页") +
            "</a> <span class=\"meta\">" + std::string(to_string(p.status)) + "</span></li>";
  body += "</ol>";
  Response r;
  r.body = html::page(issue_label(v.record.issue), body);
  return r;
}

Response page_html(const Library& lib, const std::string& issue_id, int seq) {
  const auto p = lib.page(issue_id, seq);
  const std::string base = "/issues/" + escape(issue_id) + "/pages/";
  std::string body = "<h1>第" + std::to_string(seq) + "张</h1><p>";
  if (seq > 1) body += "<a href=\"" + base + std::to_string(seq - 1) + "\">上一页</a> ";
  body += "<a href=\"" + base + std::to_string(seq + 1) + "\">下一页</a> · <a href=\"/issues/" +
          escape(issue_id) +
          "\">本期</a></p><div class=\"pageview\"><div><img alt=\"page scan\" src=\"" + base +
          std::to_string(seq) + "/image\"></div><div class=\"text\">" + escape(p.text) +
          "</div></div>";
  Response r;
  r.body = html::page("页面", body);
  return r;
}

Response page_image(const Library& lib, const std::string& issue_id, int seq) {
  const auto p = lib.page(issue_id, seq);
  Response r;
  r.file = lib.page_original(p).string();
  std::string ext = std::filesystem::path(r.file).extension().string();
  r.content_type = ext == ".png"                       ? "image/png"
                   : (ext == ".jpg" || ext == ".jpeg") ? "image/jpeg"
                                                       : "application/octet-stream";
  r.headers["Cache-Control"] = "public, max-age=31536000, immutable";
  r.headers["ETag"] = "\"" + p.sha256 + "\"";
  return r;
}

// ---- JSON routes ----

Response search_json(const Library& lib, const Request& req) {
  const auto s = search_request(req);
  const auto results = lib.search(s);
  JsonWriter w;
  w.begin_object()
      .key("total")
      .value(static_cast<std::int64_t>(results.total))
      .key("results")
      .begin_array();
  for (const auto& item : results.items) {
    w.begin_object();
    write_document_fields(w, item.doc, item.status, false);
    w.key("score").value(item.score).key("snippet").value(item.snippet_html);
    w.end_object();
  }
  w.end_array().key("facets").begin_object();
  for (const auto& [facet, values] : results.facets) {
    w.key(facet).begin_object();
    for (const auto& [value, count] : values) w.key(value).value(static_cast<std::int64_t>(count));
    w.end_object();
  }
  w.end_object().end_object();
  return json(w.str());
}

void write_issue(JsonWriter& w, const Issue& i) {
  w.key("id")
      .value(i.id)
      .key("series")
      .value(i.series)
      .key("year")
      .value(i.year)
      .key("issue")
      .value(i.number);
  w.key("issue_total").value(i.total).key("date").value(i.date).key("pages").value(i.page_count);
}

Response issues_json(const Library& lib) {
  JsonWriter w;
  w.begin_array();
  for (const auto& r : lib.issues()) {
    w.begin_object();
    write_issue(w, r.issue);
    w.end_object();
  }
  w.end_array();
  return json(w.str());
}

Response issue_json(const Library& lib, const std::string& id) {
  const auto v = lib.issue(id);
  JsonWriter w;
  w.begin_object();
  write_issue(w, v.record.issue);
  w.key("documents").begin_array();
  for (const auto& d : v.documents)
    w.begin_object()
        .key("id")
        .value(d.id)
        .key("title")
        .value(d.title)
        .key("number")
        .value(d.number)
        .key("first_page")
        .value(d.first_page)
        .end_object();
  w.end_array().key("page_list").begin_array();
  for (const auto& p : v.pages) w.raw(page_json(p));
  w.end_array().end_object();
  return json(w.str());
}

Response document_json_route(const Library& lib, const Request& req, const std::string& id) {
  const auto v = lib.document(id, req.param("as_of"));
  return json(gazette::document_json(v.doc, v.status, true));
}

Response route(const Library& lib, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD")
    throw HttpError(405, "read-only: only GET and HEAD");
  const auto& s = req.segments;
  if (s.empty()) return home(lib, req);
  if (s.size() == 2 && s[0] == "static" && s[1] == "style.css") {
    Response r;
    r.content_type = "text/css; charset=utf-8";
    r.body = html::css();
    return r;
  }
  if (s[0] == "search" && s.size() == 1) return search_html(lib, req);
  if (s[0] == "documents" && s.size() == 2) return document_html(lib, req, s[1]);
  if (s[0] == "issues" && s.size() == 2) return issue_html(lib, s[1]);
  if (s[0] == "issues" && s.size() == 4 && s[2] == "pages")
    return page_html(lib, s[1], parse_int(s[3], "page", 1, 100000));
  if (s[0] == "issues" && s.size() == 5 && s[2] == "pages" && s[4] == "image")
    return page_image(lib, s[1], parse_int(s[3], "page", 1, 100000));
  if (s[0] == "api" && s.size() >= 2) {
    if (s[1] == "search" && s.size() == 2) return search_json(lib, req);
    if (s[1] == "issues" && s.size() == 2) return issues_json(lib);
    if (s[1] == "issues" && s.size() == 3) return issue_json(lib, s[2]);
    if (s[1] == "documents" && s.size() == 3) return document_json_route(lib, req, s[2]);
  }
  throw HttpError(404, "no such page");
}

}  // namespace

Response error_response(int status, const std::string& reason, bool as_json) {
  Response r;
  r.status = status;
  if (as_json) {
    r.content_type = "application/json; charset=utf-8";
    JsonWriter w;
    w.begin_object().key("error").value(reason).key("status").value(status).end_object();
    r.body = w.str();
  } else {
    r.body =
        html::page("错误", "<h1>" + std::to_string(status) + "</h1><p>" + escape(reason) + "</p>");
  }
  return r;
}

std::string Request::param(const std::string& name, const std::string& fallback) const {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

Response handle(const Library& library, const Request& request) {
  const bool as_json = !request.segments.empty() && request.segments[0] == "api";
  try {
    return route(library, request);
  } catch (const HttpError& e) {
    return error_response(e.status(), e.what(), as_json);
  } catch (const NotFound& e) {
    return error_response(404, e.what(), as_json);
  } catch (const InvalidInput& e) {
    return error_response(400, e.what(), as_json);
  }
  // Anything else is a fault of ours, not of the request: the server logs it and answers 500.
}

}  // namespace gazette::viewer
