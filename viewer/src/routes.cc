#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/export_json.h"
#include "gazette/page_render.h"
#include "html.h"
#include "http.h"

namespace gazette::viewer {

Response feeds_route(const Library& lib, const Request& req);  // feeds.cc
Response issue_pdf(const Library& lib, const Request& req, const std::string& issue_id);  // pdf.cc

namespace {

using html::escape;
using html::issue_label;

constexpr int kPageSize = 20;

Response json(std::string body) {
  return json_response(std::move(body));
}

std::string num(int n) {
  return std::to_string(n);
}

std::string status_word(std::string_view code) {
  if (const auto c = validity_code_from_string(code)) return std::string(label(*c));
  return std::string(code);
}

std::string kind_word(std::string_view kind) {
  if (kind == "rule") return "规章";
  if (kind == "normative") return "行政规范性文件";
  if (kind == "other") return "其他";
  return std::string(kind);
}

std::string facet_title(std::string_view facet) {
  if (facet == "status") return "效力状态";
  if (facet == "kind") return "文件类型";
  if (facet == "authority") return "发文机关";
  if (facet == "year") return "年份";
  return std::string(facet);
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

std::string page_url(const std::string& issue_id, int seq) {
  return "/issues/" + html::url_encode(issue_id) + "/pages/" + num(seq);
}

std::string iiif_base(const std::string& issue_id, int seq) {
  return "/iiif/" + html::url_encode(issue_id) + "." + num(seq);
}

// ---- search parameters ----

// The search form's parameters, kept as given (validated) so links can change one of them.
struct SearchParams {
  std::map<std::string, std::string> values;  // q, as_of, status, kind, authority, year, sort
  int page = 1;

  std::string url(const std::map<std::string, std::string>& changes, int to_page = 1) const {
    auto v = values;
    for (const auto& [k, val] : changes) v[k] = val;
    std::string out = "/search?";
    bool first = true;
    for (const auto& [k, val] : v) {
      if (val.empty()) continue;
      if (!first) out += "&";
      first = false;
      out += k + "=" + html::url_encode(val);
    }
    if (to_page > 1) out += std::string(first ? "" : "&") + "page=" + num(to_page);
    return out;
  }
};

index::SearchRequest search_request(const Request& req, SearchParams* params = nullptr) {
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
  if (const auto k = req.param("kind"); !k.empty()) {
    if (k != "rule" && k != "normative" && k != "other") throw HttpError(400, "unknown kind " + k);
    s.kind = document_kind_from_string(k);
  }
  s.authority = req.param("authority");
  if (s.authority.size() > 200) throw HttpError(400, "authority too long");
  if (const auto y = req.param("year"); !y.empty()) s.year = parse_int(y, "year", 1800, 2200);
  if (const auto order = req.param("sort"); !order.empty()) {
    const auto parsed = index::sort_order_from_string(order);
    if (!parsed) throw HttpError(400, "sort must be relevance, newest or oldest");
    s.sort = *parsed;
  }
  const int page = req.param("page").empty() ? 1 : parse_int(req.param("page"), "page", 1, 1000);
  const int limit =
      req.param("limit").empty() ? kPageSize : parse_int(req.param("limit"), "limit", 1, 100);
  s.limit = limit;
  s.offset = (page - 1) * s.limit;
  // The search page always shows the facet sidebar, which needs every match counted; the
  // JSON API counts them unless asked not to (facets=0), and then gives an estimated total.
  const auto facets = req.param("facets");
  if (!facets.empty() && facets != "0" && facets != "1")
    throw HttpError(400, "facets must be 0 or 1");
  s.facets = facets != "0";
  if (params) {
    params->page = page;
    for (const char* k : {"q", "as_of", "status", "kind", "authority", "year", "sort"})
      params->values[k] = req.param(k);
  }
  return s;
}

// ---- HTML routes ----

Response home(const Library& lib, const Request&) {
  std::string body =
      "<h1>政府公报数字档案</h1><p>规章和行政规范性文件的标准文本，自创刊以来的每一期；"
      "每件文件在任何日期是否有效，以及依据。</p>"
      "<form action=\"/search\" method=\"get\" class=\"filters\" role=\"search\">"
      "<input type=\"search\" name=\"q\" id=\"home-q\" placeholder=\"标题、全文或文号，如 "
      "浙政办发〔2017〕42号\" size=\"32\"> <label>有效日期 <input type=\"date\" "
      "name=\"as_of\"></label> <button type=\"submit\">搜索</button></form>";
  const auto issues = lib.issues();
  std::map<std::string, std::map<int, int>> series_years;
  for (const auto& r : issues) series_years[r.issue.series][r.issue.year.value_or(0)]++;
  body += "<h2>刊物与年份</h2><ul>";
  for (const auto& [series, years] : series_years) {
    body += "<li><a href=\"/iiif/series/" + html::url_encode(series) +
            "/collection.json\" class=\"meta\" title=\"IIIF Collection\">IIIF</a> " +
            escape(series.empty() ? "未识别刊名" : series) + "：";
    for (const auto& [year, count] : years) {
      if (year == 0) {
        body += "年份不详（" + num(count) + "期） ";
        continue;
      }
      body += "<a href=\"/search?year=" + num(year) + "\">" + num(year) + "年</a>（" + num(count) +
              "期） ";
    }
    body += "</li>";
  }
  body +=
      "</ul><p><a href=\"/completeness\" id=\"completeness-link\">完整性报告</a>"
      "（缺号与被引用但未收录的文件）</p><h2>最新各期</h2><ul class=\"issues\">";
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
  SearchParams params;
  const auto s = search_request(req, &params);
  const auto results = lib.search(s);
  const std::string& q = params.values["q"];
  std::string body = "<h1>搜索</h1>";
  // The as-of picker and the in-force switch: plain GET forms and links, no script needed.
  body += "<form action=\"/search\" method=\"get\" class=\"filters\" id=\"asof-form\">";
  for (const auto& [k, v] : params.values)
    if (k != "as_of" && !v.empty())
      body += "<input type=\"hidden\" name=\"" + escape(k) + "\" value=\"" + escape(v) + "\">";
  body += "<label>在此日期的效力 <input type=\"date\" name=\"as_of\" value=\"" +
          escape(params.values["as_of"]) + "\"></label><button type=\"submit\">应用</button>";
  if (s.status == ValidityCode::in_force) {
    body += "<a class=\"chip\" id=\"all-statuses\" href=\"" + escape(params.url({{"status", ""}})) +
            "\">显示全部效力状态</a>";
  } else {
    body += "<a class=\"chip\" id=\"in-force-only\" href=\"" +
            escape(params.url({{"status", "in_force"}})) + "\">仅显示现行有效</a>";
  }
  body += "</form>";
  // Active filters, each removable.
  std::string chips;
  for (const char* k : {"status", "kind", "authority", "year", "as_of"}) {
    const auto& v = params.values[k];
    if (v.empty()) continue;
    const std::string shown = std::string_view(k) == "status"  ? status_word(v)
                              : std::string_view(k) == "kind"  ? kind_word(v)
                              : std::string_view(k) == "as_of" ? "截至 " + v
                                                               : v;
    chips += "<a class=\"chip\" href=\"" + escape(params.url({{k, ""}})) + "\">" + escape(shown) +
             " ✕</a>";
  }
  const std::string as_of_shown = s.as_of.empty() ? today_iso() : s.as_of;
  body += "<p class=\"meta\" id=\"total\">共 " + std::to_string(results.total) +
          " 条结果 · 效力截至 " + escape(as_of_shown) + "</p>";
  if (!chips.empty()) body += "<div class=\"filters\">筛选：" + chips + "</div>";
  // Sort: plain links, the current order shown as text.
  body += "<nav class=\"filters\" id=\"sort\" aria-label=\"排序\">排序：";
  for (const auto& [order, word] : {std::pair{index::SortOrder::relevance, "相关度"},
                                    std::pair{index::SortOrder::newest, "最新在前"},
                                    std::pair{index::SortOrder::oldest, "最早在前"}}) {
    const std::string value(index::to_string(order));
    if (order == s.sort) {
      body += "<span class=\"chip current\" id=\"sort-" + value + "\">" + word + "</span>";
    } else {
      body += "<a class=\"chip\" id=\"sort-" + value + "\" href=\"" +
              escape(params.url({{"sort", order == index::SortOrder::relevance ? "" : value}})) +
              "\">" + word + "</a>";
    }
  }
  body += "</nav>";
  body += "<div class=\"layout\"><aside class=\"facets\" id=\"facets\">";
  for (const char* facet : {"status", "kind", "authority", "year"}) {
    const auto it = results.facets.find(facet);
    if (it == results.facets.end() || it->second.empty()) continue;
    body += "<h3>" + facet_title(facet) + "</h3><ul>";
    std::vector<std::pair<std::string, std::size_t>> values(it->second.begin(), it->second.end());
    if (std::string_view(facet) == "year") {
      std::sort(values.begin(), values.end(), [](auto& a, auto& b) { return a.first > b.first; });
    } else {
      std::stable_sort(values.begin(), values.end(),
                       [](auto& a, auto& b) { return a.second > b.second; });
    }
    for (const auto& [value, count] : values) {
      const bool on = params.values[facet] == value;
      const std::string shown = std::string_view(facet) == "status" ? status_word(value)
                                : std::string_view(facet) == "kind" ? kind_word(value)
                                                                    : value;
      body += std::string("<li") + (on ? " class=\"on\"" : "") + "><a href=\"" +
              escape(params.url({{facet, on ? "" : value}})) + "\">" + escape(shown) +
              "</a> <span class=\"meta\">" + std::to_string(count) + "</span></li>";
    }
    body += "</ul>";
  }
  body += "</aside><section id=\"results\">";
  if (results.items.empty()) body += "<p>没有找到结果。</p>";
  for (const auto& item : results.items) {
    const auto& d = item.doc;
    std::string link = "/documents/" + html::url_encode(d.id);
    std::string params_out;
    if (!q.empty()) params_out += "q=" + html::url_encode(q);
    if (!s.as_of.empty())
      params_out += std::string(params_out.empty() ? "" : "&") + "as_of=" + s.as_of;
    if (!params_out.empty()) link += "?" + params_out;
    body += "<article class=\"result\"><h3><a href=\"" + escape(link) + "\">" + escape(d.title) +
            "</a> " + html::status_badge(item.status) + "</h3><div class=\"meta\">";
    std::vector<std::string> meta;
    if (!d.number.empty()) meta.push_back(escape(d.number));
    if (!d.authority.empty()) meta.push_back(escape(d.authority));
    if (d.signed_date) meta.push_back(escape(*d.signed_date));
    meta.push_back(escape(d.series) + " " + (d.year ? num(*d.year) : std::string("?")) + "年第" +
                   (d.issue ? num(*d.issue) : std::string("?")) + "期");
    // The page that prints the hit, with the hit boxed on the scan.
    if (item.hit_page)
      meta.push_back("<a class=\"hit-page\" href=\"" +
                     escape(page_url(d.issue_id, *item.hit_page) +
                            (q.empty() ? "" : "?q=" + html::url_encode(q))) +
                     "\">命中所在页（第" + num(*item.hit_page) + "页）</a>");
    for (std::size_t i = 0; i < meta.size(); ++i) body += (i ? " · " : "") + meta[i];
    // The snippet comes from Xapian already escaped, with <b> around hits.
    body += "</div><div class=\"snippet\">" + item.snippet_html + "</div></article>";
  }
  // Paging.
  const int pages = static_cast<int>((results.total + s.limit - 1) / s.limit);
  if (pages > 1) {
    body += "<nav class=\"pager\" aria-label=\"分页\">";
    if (params.page > 1)
      body += "<a rel=\"prev\" href=\"" + escape(params.url({}, params.page - 1)) + "\">上一页</a>";
    for (int p = std::max(1, params.page - 4);
         p <= std::min(std::min(pages, 1000), params.page + 4); ++p)
      body += p == params.page ? "<span class=\"current\">" + num(p) + "</span>"
                               : "<a href=\"" + escape(params.url({}, p)) + "\">" + num(p) + "</a>";
    if (params.page < pages)
      body += "<a rel=\"next\" href=\"" + escape(params.url({}, params.page + 1)) + "\">下一页</a>";
    body += "</nav>";
  }
  body += "</section></div>";
  Response r;
  r.body = html::page("搜索：" + q, body, q);
  return r;
}

std::string doc_name(const std::string& title, const std::string& number) {
  std::string s = title.empty() ? std::string("（无标题）") : title;
  if (!number.empty()) s += "（" + number + "）";
  return s;
}

std::string citation(const Document& d, const std::string& base) {
  std::string s = "《" + d.title + "》";
  if (!d.number.empty()) s += "（" + d.number + "）";
  s += "，" + (d.series.empty() ? std::string("未识别刊名") : d.series);
  s += d.year ? num(*d.year) + "年" : std::string();
  s += "第" + (d.issue ? num(*d.issue) : std::string("?")) + "期";
  if (d.issue_total) s += "（总第" + num(*d.issue_total) + "期）";
  if (d.first_page) {
    s += "第" + num(*d.first_page);
    if (d.last_page && *d.last_page != *d.first_page) s += "—" + num(*d.last_page);
    s += "页";
  }
  s += "。" + base + "/documents/" + d.id;
  return s;
}

// The Chinese name of a document field a person may correct (pipeline/correct.h).
std::string field_label(const std::string& field) {
  static const std::map<std::string, std::string> kLabels = {
      {"title", "标题"},      {"number", "文号"},     {"authority", "发文机关"},
      {"kind", "类别"},       {"signed", "签发日期"}, {"effective", "施行日期"},
      {"expires", "有效期至"}};
  const auto it = kLabels.find(field);
  return it == kLabels.end() ? field : it->second;
}

Response document_html(const Library& lib, const Request& req, const std::string& id) {
  const auto as_of = req.param("as_of");
  if (!as_of.empty() && !parse_date(as_of)) throw HttpError(400, "as_of must be a date YYYY-MM-DD");
  const auto q = req.param("q");
  if (q.size() > 1000) throw HttpError(400, "query too long");
  const auto v = lib.document(id, as_of);
  const auto& d = v.doc;
  std::string body;
  if (v.status) {
    const std::string code(to_string(v.status->code));
    body += "<div class=\"banner " + code + "\" id=\"validity\" data-status=\"" + code +
            "\" role=\"status\"><span class=\"status\">" + std::string(label(v.status->code)) +
            "</span>";
    if (v.status->since) body += "自 <time>" + escape(*v.status->since) + "</time> 起";
    body += " <span class=\"asof\">（截至 " + escape(v.status->as_of) + "）</span>";
    if (v.status->by) {
      const std::string name =
          v.acting ? doc_name(v.acting->title, v.acting->number) : *v.status->by;
      body += "<div class=\"evidence\">依据：<a id=\"acting-act\" href=\"/documents/" +
              html::url_encode(*v.status->by) + "\">" + escape(name) + "</a>";
      if (v.acting)
        body += " <span>" +
                escape(issue_label(Issue{v.acting->issue_id,
                                         v.acting->series,
                                         v.acting->year,
                                         v.acting->issue,
                                         v.acting->issue_total,
                                         {},
                                         {},
                                         {},
                                         0})) +
                "</span>";
      if (v.acting_evidence && !v.acting_evidence->text.empty()) {
        body += "<blockquote>“" + escape(v.acting_evidence->text) + "”";
        if (v.acting_evidence->page) body += "（第" + num(*v.acting_evidence->page) + "页）";
        body += "</blockquote>";
      }
      if (v.evidence_region) {
        // The region in percent of the catalogue's page frame: the kept original may have
        // another resolution than the one OCR worked at.
        const auto& e = *v.evidence_region;
        const auto pct = [](int value, int whole) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "%.3f", 100.0 * value / whole);
          return std::string(buf);
        };
        const std::string region =
            "pct:" + pct(e.box.x0, e.page_width) + "," + pct(e.box.y0, e.page_height) + "," +
            pct(e.box.width(), e.page_width) + "," + pct(e.box.height(), e.page_height);
        const int w = std::min(e.box.width(), 1000);
        body += "<a class=\"crop\" href=\"" + page_url(e.issue_id, e.seq) +
                "\"><img id=\"evidence-crop\" alt=\"载有该废止语句的公报页面局部\" src=\"" +
                iiif_base(e.issue_id, e.seq) + "/" + region + "/max/0/default.png\" width=\"" +
                num(w) + "\" height=\"" +
                num(static_cast<int>(static_cast<long>(e.box.height()) * w /
                                     std::max(1, e.box.width()))) +
                "\"></a>";
      }
      body += "</div>";
    }
    body += "</div>";
  } else {
    body +=
        "<div class=\"banner none\" id=\"validity\" data-status=\"none\">"
        "非规章或规范性文件，不标注效力</div>";
  }
  body += "<h1>" + escape(d.title) + "</h1><p class=\"meta\">";
  std::vector<std::string> meta;
  if (!d.number.empty()) meta.push_back("文号 " + escape(d.number));
  if (!d.authority.empty()) meta.push_back(escape(d.authority));
  meta.push_back(kind_word(to_string(d.kind)));
  meta.push_back("签发 " + escape(d.signed_date.value_or("—")));
  meta.push_back("施行 " + escape(d.effective.value_or("—")));
  if (d.expires) meta.push_back("有效期至 " + escape(*d.expires));
  if (!v.corrections.empty()) meta.push_back("<a href=\"#corrections\">经人工更正</a>");
  for (std::size_t i = 0; i < meta.size(); ++i) body += (i ? " · " : "") + meta[i];
  body += "</p>";
  // Citation: the text is in a read-only field (select and copy without script); the button
  // appears when the script runs.
  const std::string cite = citation(d, req.base_url());
  body +=
      "<div class=\"cite\"><label for=\"citation\">引用</label><textarea id=\"citation\" "
      "readonly rows=\"2\">" +
      escape(cite) +
      "</textarea><button type=\"button\" data-copy=\"citation\" hidden>复制引用</button> "
      "<a id=\"permalink\" href=\"/documents/" +
      html::url_encode(d.id) + "\">永久链接</a> · <a href=\"/issues/" +
      html::url_encode(d.issue_id) + "\">本期目录</a> · <a href=\"/api/documents/" +
      html::url_encode(d.id) + "\">JSON</a></div>";

  if (!v.corrections.empty()) {
    // What people changed after OCR, with who and why: the record the reader relies on.
    body += "<h2>更正记录</h2><ul class=\"corrections\" id=\"corrections\">";
    for (const auto& c : v.corrections)
      body += "<li><time>" + escape(c.time.substr(0, 10)) + "</time> " +
              escape(field_label(c.field)) + "：" + escape(c.old_value.value_or("（空）")) + " → " +
              escape(c.new_value.value_or("（空）")) + " <span class=\"meta\">" + escape(c.person) +
              "：" + escape(c.note) + "</span></li>";
    body += "</ul>";
  }
  if (!v.timeline.empty()) {
    body += "<h2>效力沿革</h2><ol class=\"timeline\" id=\"timeline\">";
    for (const auto& c : v.timeline) {
      body += "<li><time>" + escape(c.date) + "</time> " +
              html::status_badge(Validity{c.date, c.code, {}, {}});
      if (c.by) {
        std::string name = *c.by;
        for (const auto& in : v.incoming)
          if (in.source_id == *c.by) name = doc_name(in.source_title, in.source_number);
        body +=
            " 依据 <a href=\"/documents/" + html::url_encode(*c.by) + "\">" + escape(name) + "</a>";
      }
      if (!c.evidence.text.empty())
        body += " <span class=\"meta\">“" + escape(c.evidence.text) + "”</span>";
      body += "</li>";
    }
    body += "</ol>";
  }
  if (!d.relations.empty() || !v.incoming.empty()) {
    body +=
        "<h2>关联文件</h2><table class=\"rel\" id=\"relations\"><tr><th>方向</th><th>关系</"
        "th><th>文件</th></tr>";
    for (const auto& r : d.relations) {
      body += "<tr><td>本件→</td><td>" + relation_label(r.type) + "</td><td>";
      const std::string name =
          (r.target_title.empty() ? "" : "《" + r.target_title + "》") + r.target_number;
      body += r.target_id ? "<a href=\"/documents/" + html::url_encode(*r.target_id) + "\">" +
                                escape(name) + "</a>"
                          : escape(name) + " <span class=\"meta\">（未收录）</span>";
      body += "</td></tr>";
    }
    for (const auto& in : v.incoming)
      body += "<tr><td>→本件</td><td>" + relation_label(in.relation.type) +
              "</td><td><a href=\"/documents/" + html::url_encode(in.source_id) + "\">" +
              escape(doc_name(in.source_title, in.source_number)) + "</a>" +
              (in.date ? " <span class=\"meta\">" + escape(*in.date) + "</span>" : "") +
              "</td></tr>";
    body += "</table>";
  }
  if (!v.pages.empty()) {
    body += "<h2>原件页面</h2><ul class=\"thumbs\" id=\"pages\">";
    for (const auto& p : v.pages) {
      std::string link = page_url(p.issue_id, p.seq);
      if (!q.empty()) link += "?q=" + html::url_encode(q);
      body +=
          "<li><a href=\"" + escape(link) + "\"><img loading=\"lazy\" alt=\"第" +
          num(p.printed_page.value_or(p.seq)) + "页\" src=\"" + iiif_base(p.issue_id, p.seq) +
          "/full/150,/0/default.jpg\" width=\"150\" height=\"" +
          num(p.width > 0 ? static_cast<int>(static_cast<long>(p.height) * 150 / p.width) : 212) +
          "\">第" + num(p.printed_page.value_or(p.seq)) + "页</a></li>";
    }
    body += "</ul>";
  }
  body += "<h2>正文</h2><div class=\"text\" id=\"text\">" + escape(d.text) + "</div>";
  Response r;
  r.body = html::page(d.title, body);
  return r;
}

// ---- completeness ----

std::string sequence_label(const NumberGap& g) {
  return g.year ? g.code + "〔" + num(g.year) + "〕" : g.code;
}

std::string missing_label(const NumberGap& g, int n) {
  return g.year ? sequence_label(g) + num(n) + "号" : g.code + "第" + num(n) + "号";
}

Response completeness_html(const Library& lib) {
  const auto v = lib.completeness();
  const auto& report = v.report;
  std::size_t missing = 0;
  for (const auto& g : report.gaps) missing += g.missing.size();
  std::string body =
      "<h1>完整性报告</h1><p>应登尽登：按文号序列找出档案中缺少的编号，以及已收录文件所引用、"
      "废止、修改或宣布失效，但档案中没有的文件。依据 " +
      std::to_string(v.documents) + " 件已收录文件计算。<a href=\"/api/completeness\">JSON</a></p>";
  body += "<h2>文号缺号</h2><p class=\"meta\" id=\"gap-summary\">" +
          std::to_string(report.gaps.size()) + " 个序列共缺 " + std::to_string(missing) +
          " 个编号</p>";
  if (!report.gaps.empty()) {
    body +=
        "<table id=\"gaps\"><thead><tr><th>序列</th><th>已收录编号</th><th>缺号</th></tr></thead>"
        "<tbody>";
    for (const auto& g : report.gaps) {
      body += "<tr><td>" + escape(sequence_label(g)) + "</td><td>" + num(g.first) + "–" +
              num(g.last) + "</td><td class=\"missing\">";
      // Runs of consecutive numbers as one range: 浙政发〔2014〕35号–38号.
      for (std::size_t i = 0; i < g.missing.size();) {
        std::size_t j = i;
        while (j + 1 < g.missing.size() && g.missing[j + 1] == g.missing[j] + 1) ++j;
        body += (i ? "、" : "") + escape(missing_label(g, g.missing[i]));
        if (j > i) body += "–" + num(g.missing[j]) + "号";
        i = j + 1;
      }
      body += "</td></tr>";
    }
    body += "</tbody></table>";
  }
  body += "<h2>被引用但未收录的文件</h2><p class=\"meta\" id=\"absent-summary\">" +
          std::to_string(report.absent.size()) + " 件</p>";
  if (!report.absent.empty()) {
    body +=
        "<table id=\"absent\"><thead><tr><th>文号</th><th>标题</th><th>提及它的文件</th></tr>"
        "</thead><tbody>";
    for (const auto& t : report.absent) {
      body += "<tr><td>" + escape(t.number.empty() ? "—" : t.number) + "</td><td>" +
              escape(t.title) + "</td><td><ul>";
      for (const auto& ref : t.referenced_by) {
        const auto it = v.names.find(ref.document_id);
        const std::string name =
            it == v.names.end() || it->second.empty() ? ref.document_id : it->second;
        body += "<li>" + relation_label(ref.type) + "：<a href=\"/documents/" +
                html::url_encode(ref.document_id) + "\">" + escape(name) + "</a></li>";
      }
      body += "</ul></td></tr>";
    }
    body += "</tbody></table>";
  }
  Response r;
  r.body = html::page("完整性报告", body);
  return r;
}

Response issue_html(const Library& lib, const std::string& id) {
  const auto v = lib.issue(id);
  const auto& is = v.record.issue;
  std::string body = "<h1>" + escape(issue_label(is)) + "</h1><p class=\"meta\">";
  if (is.date) body += "出版日期 " + escape(*is.date) + " · ";
  body += num(is.page_count) + " 页 · <a href=\"/iiif/issues/" + html::url_encode(id) +
          "/manifest.json\">IIIF Manifest</a> · <a href=\"/issues/" + html::url_encode(id) +
          "/pdf\" id=\"pdf-link\">可检索 PDF</a> · <a href=\"/api/issues/" + html::url_encode(id) +
          "\">JSON</a></p>";
  body += "<h2>目录</h2><ol id=\"toc\">";
  for (const auto& d : v.documents)
    body += "<li><a href=\"/documents/" + html::url_encode(d.id) + "\">" + escape(d.title) +
            "</a> <span class=\"meta\">" + escape(d.number) +
            (d.first_page ? " · 第" + num(*d.first_page) + "页" : "") + "</span></li>";
  body += "</ol><h2>页面</h2><ul class=\"thumbs\">";
  for (const auto& p : v.pages) {
    const std::string label =
        p.printed_page ? "第" + num(*p.printed_page) + "页" : "第" + num(p.seq) + "张";
    body += "<li><a href=\"" + page_url(id, p.seq) + "\">";
    if (p.width > 0 && p.height > 0)
      body += "<img loading=\"lazy\" alt=\"" + label + "\" src=\"" + iiif_base(id, p.seq) +
              "/full/150,/0/default.jpg\" width=\"150\" height=\"" +
              num(static_cast<int>(static_cast<long>(p.height) * 150 / p.width)) + "\">";
    body += label + "</a>";
    if (p.status != PageStatus::ok)
      body += " <span class=\"meta\">" + std::string(to_string(p.status)) + "</span>";
    body += "</li>";
  }
  body += "</ul>";
  Response r;
  r.body = html::page(issue_label(is), body);
  return r;
}

Response page_html(const Library& lib, const Request& req, const std::string& issue_id, int seq) {
  const auto q = req.param("q");
  if (q.size() > 1000) throw HttpError(400, "query too long");
  const auto p = lib.page(issue_id, seq);
  const auto issue = lib.issue(issue_id);
  const int count = static_cast<int>(issue.pages.size());
  const std::string qs = q.empty() ? "" : "?q=" + html::url_encode(q);
  const std::string label =
      p.printed_page ? "第" + num(*p.printed_page) + "页" : "第" + num(seq) + "张";
  std::string body = "<h1>" + escape(issue_label(issue.record.issue)) + " · " + label + "</h1>";
  body += "<nav class=\"filters\">";
  if (seq > 1)
    body += "<a rel=\"prev\" id=\"prev\" href=\"" + escape(page_url(issue_id, seq - 1) + qs) +
            "\">← 上一页</a>";
  if (seq < count)
    body += "<a rel=\"next\" id=\"next\" href=\"" + escape(page_url(issue_id, seq + 1) + qs) +
            "\">下一页 →</a>";
  body += "<a href=\"/issues/" + html::url_encode(issue_id) + "\">本期目录</a>";
  body += "<a href=\"" + page_url(issue_id, seq) + "/alto.xml\">ALTO</a>";
  if (std::filesystem::exists(lib.hocr(issue_id, seq)))
    body += "<a href=\"" + page_url(issue_id, seq) + "/hocr\">hOCR</a>";
  body += "<form action=\"" + page_url(issue_id, seq) +
          "\" method=\"get\"><input type=\"search\" name=\"q\" value=\"" + escape(q) +
          "\" placeholder=\"在本页中查找\"><button>查找</button></form></nav>";
  // Acts printed on this page.
  std::string acts;
  if (p.printed_page)
    for (const auto& d : issue.documents)
      if (d.first_page && *d.first_page <= *p.printed_page &&
          d.last_page.value_or(*d.first_page) >= *p.printed_page)
        acts += "<li><a href=\"/documents/" + html::url_encode(d.id) + "\">" +
                escape(doc_name(d.title, d.number)) + "</a></li>";
  if (!acts.empty()) {
    body += "<h2>本页文件</h2><ul id=\"acts\">" + acts + "</ul>";
  } else if (!issue.documents.empty()) {
    // Printed page numbers not recognised: the acts of the issue, said as such.
    for (const auto& d : issue.documents)
      acts += "<li><a href=\"/documents/" + html::url_encode(d.id) + "\">" +
              escape(doc_name(d.title, d.number)) + "</a></li>";
    body +=
        "<h2>本期文件</h2><p class=\"meta\">页码未能识别，列出本期全部文件。</p><ul "
        "id=\"acts\">" +
        acts + "</ul>";
  }

  const auto hits = matching_lines(p, q);
  const std::set<std::size_t> hit_set(hits.begin(), hits.end());
  body += "<p class=\"meta\" id=\"hit-count\">";
  if (!q.empty()) body += "“" + escape(q) + "”在本页命中 " + std::to_string(hits.size()) + " 行";
  body += "</p><div class=\"pageview\"><figure class=\"scan\">";
  if (p.width > 0 && p.height > 0) {
    // The scan and its hit boxes in one SVG in page coordinates: it scales with the layout,
    // needs no script and no inline style (CSP).
    const std::string w = num(p.width), h = num(p.height);
    body += "<a href=\"" + iiif_base(issue_id, seq) +
            "/full/max/0/default.jpg\" title=\"原始分辨率\"><svg id=\"scan\" viewBox=\"0 0 " + w +
            " " + h + "\" role=\"img\" aria-label=\"" + escape(label) +
            " 扫描件\" xmlns=\"http://www.w3.org/2000/svg\"><image href=\"" +
            iiif_base(issue_id, seq) + "/full/1200,/0/default.jpg\" x=\"0\" y=\"0\" width=\"" + w +
            "\" height=\"" + h + "\"/>";
    for (std::size_t i : hits) {
      const auto& b = p.lines[i].box;
      body += "<rect class=\"hit\" x=\"" + num(b.x0 - 6) + "\" y=\"" + num(b.y0 - 6) +
              "\" width=\"" + num(b.width() + 12) + "\" height=\"" + num(b.height() + 12) + "\"/>";
    }
    body += "</svg></a>";
  } else {
    body += "<p>此页无法读取：" + escape(p.error.value_or("")) + "</p>";
  }
  body += "</figure><div class=\"lines text\" id=\"page-text\">";
  if (p.lines.empty()) {
    body += escape(p.text);
  } else {
    for (std::size_t i = 0; i < p.lines.size(); ++i) {
      const bool hit = hit_set.count(i) > 0;
      body += "<span id=\"l" + num(static_cast<int>(i)) + "\">" + (hit ? "<mark>" : "") +
              escape(p.lines[i].text) + (hit ? "</mark>" : "") + "</span>";
    }
  }
  body += "</div></div>";
  Response r;
  r.body = html::page(issue_label(issue.record.issue) + " " + label, body, q);
  return r;
}

Response page_image(const Library& lib, const std::string& issue_id, int seq) {
  const auto p = lib.page(issue_id, seq);
  Response r;
  r.file = lib.page_original(p).string();
  std::string ext = std::filesystem::path(r.file).extension().string();
  r.content_type = ext == ".png"                       ? "image/png"
                   : (ext == ".jpg" || ext == ".jpeg") ? "image/jpeg"
                   : (ext == ".tif" || ext == ".tiff") ? "image/tiff"
                                                       : "application/octet-stream";
  r.headers["Cache-Control"] = "public, max-age=31536000, immutable";
  r.headers["ETag"] = "\"" + p.sha256 + "\"";
  r.last_modified = file_mtime(r.file);
  return r;
}

Response page_alto(const Library& lib, const std::string& issue_id, int seq) {
  const AltoRenderer alto;
  Response r;
  r.content_type = std::string(alto.media_type());
  r.body = alto.render(lib.page(issue_id, seq));
  r.headers["Access-Control-Allow-Origin"] = "*";
  return r;
}

Response page_hocr(const Library& lib, const std::string& issue_id, int seq) {
  lib.page(issue_id, seq);  // 404 for unknown pages
  const auto path = lib.hocr(issue_id, seq);
  if (!std::filesystem::exists(path)) throw NotFound("no hOCR for this page");
  Response r;
  r.file = path.string();
  r.content_type = "text/vnd.hocr+html; charset=utf-8";
  // hOCR is HTML written by the OCR engine: never let the browser run it as our page.
  r.headers["Content-Disposition"] =
      "attachment; filename=\"" + issue_id + "-" + num(seq) + ".hocr\"";
  r.headers["Access-Control-Allow-Origin"] = "*";
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
      .key("total_exact")
      .value(results.total_exact)
      .key("offset")
      .value(s.offset)
      .key("limit")
      .value(s.limit)
      .key("sort")
      .value(std::string(index::to_string(s.sort)))
      .key("results")
      .begin_array();
  for (const auto& item : results.items) {
    w.begin_object();
    write_document_fields(w, item.doc, item.status, false);
    w.key("score").value(item.score).key("snippet").value(item.snippet_html);
    w.key("hit_page").value(item.hit_page);
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

Response issue_json(const Library& lib, const Request& req, const std::string& id) {
  const auto v = lib.issue(id);
  JsonWriter w;
  w.begin_object();
  write_issue(w, v.record.issue);
  w.key("manifest").value(req.base_url() + "/iiif/issues/" + id + "/manifest.json");
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
  const auto as_of = req.param("as_of");
  if (!as_of.empty() && !parse_date(as_of)) throw HttpError(400, "as_of must be a date YYYY-MM-DD");
  const auto v = lib.document(id, as_of);
  return json(gazette::document_json(v.doc, v.status, true));
}

Response route(const Library& lib, const Request& req) {
  if (req.method != "GET" && req.method != "HEAD")
    throw HttpError(405, "read-only: only GET and HEAD");
  const auto& s = req.segments;
  if (s.empty()) return home(lib, req);
  if (s.size() == 2 && s[0] == "static") {
    Response r;
    if (s[1] == "style.css") {
      r.content_type = "text/css; charset=utf-8";
      r.body = html::css();
    } else if (s[1] == "app.js") {
      r.content_type = "text/javascript; charset=utf-8";
      r.body = html::app_js();
    } else {
      // Static files are compiled in: no path ever reaches the file system.
      throw HttpError(404, "no such file");
    }
    r.headers["Cache-Control"] = "public, max-age=3600";
    return r;
  }
  if (s[0] == "search" && s.size() == 1) return search_html(lib, req);
  if (s[0] == "completeness" && s.size() == 1) return completeness_html(lib);
  if (s[0] == "documents" && s.size() == 2) return document_html(lib, req, s[1]);
  if (s[0] == "issues" && s.size() == 2) return issue_html(lib, s[1]);
  if (s[0] == "issues" && s.size() == 3 && s[2] == "pdf") return issue_pdf(lib, req, s[1]);
  if (s[0] == "issues" && s.size() >= 4 && s[2] == "pages") {
    const int seq = parse_int(s[3], "page", 1, 100000);
    if (s.size() == 4) return page_html(lib, req, s[1], seq);
    if (s.size() == 5 && s[4] == "image") return page_image(lib, s[1], seq);
    if (s.size() == 5 && s[4] == "alto.xml") return page_alto(lib, s[1], seq);
    if (s.size() == 5 && s[4] == "hocr") return page_hocr(lib, s[1], seq);
  }
  if (s[0] == "iiif") return iiif_route(lib, req);
  if (s[0] == "oai" || s[0] == "feed.atom") return feeds_route(lib, req);
  if (s[0] == "api" && s.size() >= 2) {
    if (s[1] == "search" && s.size() == 2) return search_json(lib, req);
    if (s[1] == "completeness" && s.size() == 2)
      return json(gap_report_json(lib.completeness().report));
    if (s[1] == "issues" && s.size() == 2) return issues_json(lib);
    if (s[1] == "issues" && s.size() == 3) return issue_json(lib, req, s[2]);
    if (s[1] == "documents" && s.size() == 3) return document_json_route(lib, req, s[2]);
  }
  throw HttpError(404, "no such page");
}

}  // namespace

int parse_int(const std::string& s, const std::string& what, int lo, int hi) {
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi)
    throw HttpError(
        400, what + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

Response json_response(std::string body) {
  Response r;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::move(body);
  return r;
}

Response error_response(int status, const std::string& reason, bool as_json) {
  Response r;
  r.status = status;
  if (as_json) {
    r.content_type = "application/json; charset=utf-8";
    JsonWriter w;
    w.begin_object().key("error").value(reason).key("status").value(status).end_object();
    r.body = w.str();
  } else {
    r.body = html::page("错误", "<h1>" + std::to_string(status) + "</h1><p id=\"reason\">" +
                                    escape(reason) + "</p>");
  }
  return r;
}

bool not_modified(const Request& request, const Response& response) {
  if (!request.if_none_match.empty()) {
    const auto it = response.headers.find("ETag");
    if (it == response.headers.end()) return false;
    // A list of quoted tags (which may hold commas), or *; weak comparison as GET allows.
    if (request.if_none_match == "*") return true;
    std::string_view list = request.if_none_match;
    for (;;) {
      while (!list.empty() && (list.front() == ' ' || list.front() == ',')) list.remove_prefix(1);
      if (list.starts_with("W/")) list.remove_prefix(2);
      if (!list.starts_with('"')) break;
      const auto close = list.find('"', 1);
      if (close == std::string_view::npos) break;
      if (list.substr(0, close + 1) == it->second) return true;
      list.remove_prefix(close + 1);
    }
    return false;  // If-None-Match present: If-Modified-Since is ignored
  }
  if (request.if_modified_since.empty() || !response.last_modified) return false;
  Poco::DateTime since;
  int tzd = 0;
  if (!Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::HTTP_FORMAT, request.if_modified_since,
                                      since, tzd))
    return false;  // an unparsable date is ignored (RFC 9110)
  return *response.last_modified <= since.timestamp().epochTime() - tzd;
}

std::optional<std::time_t> file_mtime(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return st.st_mtime;
}

std::string Request::param(const std::string& name, const std::string& fallback) const {
  const auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

std::string Request::base_url() const {
  return "http://" + (host.empty() ? std::string("127.0.0.1") : host);
}

Response handle(const Library& library, const Request& request) {
  const bool as_json =
      !request.segments.empty() && (request.segments[0] == "api" || request.segments[0] == "iiif");
  try {
    auto r = route(library, request);
    // Conditional GET for anything that carries an ETag or a Last-Modified.
    if (r.status == 200 && not_modified(request, r)) {
      r.status = 304;
      r.body.clear();
      r.file.clear();
    }
    return r;
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
