// IIIF for the reader: Image API 3.0 (level 1, plus regionByPct, sizeByPct, sizeByConfinedWh,
// gray and bitonal qualities) over the kept originals, and Presentation API 3.0 manifests
// (one per issue) and collections (all series; one per series).
//
//   /iiif/{issue_id}.{seq}/info.json
//   /iiif/{issue_id}.{seq}/{region}/{size}/{rotation}/{quality}.{format}
//   /iiif/issues/{issue_id}/manifest.json
//   /iiif/collection.json, /iiif/series/{series}/collection.json
#include <filesystem>
#include <set>
#include <tuple>

#include "gazette/error.h"
#include "gazette/json.h"
#include "html.h"
#include "http.h"
#include "images.h"

namespace gazette::viewer {
namespace {

constexpr const char* kImageContext = "http://iiif.io/api/image/3/context.json";
constexpr const char* kPresentationContext = "http://iiif.io/api/presentation/3/context.json";

Response ld_json(std::string body, const char* context) {
  Response r = json_response(std::move(body));
  r.content_type = std::string("application/ld+json;profile=\"") + context + "\"";
  r.headers["Access-Control-Allow-Origin"] = "*";
  return r;
}

struct PageId {
  std::string issue_id;
  int seq = 0;
};

PageId parse_page_id(const std::string& pid) {
  const auto dot = pid.rfind('.');
  if (dot == std::string::npos || dot == 0) throw HttpError(400, "IIIF id must be issue.seq");
  return {pid.substr(0, dot), parse_int(pid.substr(dot + 1), "page", 1, 100000)};
}

// The page's image inside its kept original (a page of a multi-page TIFF or a PDF).
images::Source source_of(const Library& lib, const Page& p) {
  if (p.sha256.empty()) throw NotFound("this page has no image");
  return {lib.page_original(p), p.sha256, images::page_index(p.source)};
}

// The page image's pixel size; 404 when the page has no readable image.
std::pair<int, int> real_size(const Library& lib, const Page& p) {
  const auto source = source_of(lib, p);
  try {
    return images::image_size(source);
  } catch (const IoError&) {
    throw HttpError(404, "the page image cannot be read");
  }
}

Response info_json(const Library& lib, const Request& req, const PageId& id) {
  Page p = lib.page(id.issue_id, id.seq);
  std::tie(p.width, p.height) = real_size(lib, p);
  JsonWriter w;
  w.begin_object()
      .key("@context")
      .value(kImageContext)
      .key("id")
      .value(req.base_url() + "/iiif/" + id.issue_id + "." + std::to_string(id.seq))
      .key("type")
      .value("ImageService3")
      .key("protocol")
      .value("http://iiif.io/api/image")
      .key("profile")
      .value("level1")
      .key("width")
      .value(p.width)
      .key("height")
      .value(p.height)
      .key("maxWidth")
      .value(images::kMaxSide)
      .key("maxHeight")
      .value(images::kMaxSide)
      .key("maxArea")
      .value(static_cast<std::int64_t>(images::kMaxArea));
  w.key("sizes").begin_array();
  for (int width : {150, 600, 1200})
    if (width < p.width)
      w.begin_object()
          .key("width")
          .value(width)
          .key("height")
          .value(static_cast<int>(static_cast<long>(p.height) * width / p.width))
          .end_object();
  w.end_array();
  w.key("extraQualities").begin_array().value("color").value("gray").value("bitonal").end_array();
  w.key("extraFormats").begin_array().value("png").end_array();
  w.key("extraFeatures")
      .begin_array()
      .value("regionByPct")
      .value("regionSquare")
      .value("sizeByConfinedWh")
      .value("sizeByPct")
      .value("sizeUpscaling")
      .end_array();
  w.end_object();
  auto r = ld_json(w.str(), kImageContext);
  const auto source = source_of(lib, p);
  r.headers["ETag"] = "\"info-" + p.sha256 +
                      (source.index > 0 ? "-p" + std::to_string(source.index + 1) : "") + "\"";
  r.last_modified = file_mtime(source.file);
  return r;
}

Response image(const Library& lib, const Request& req, const PageId& id) {
  const auto& s = req.segments;
  const Page p = lib.page(id.issue_id, id.seq);
  const auto source = source_of(lib, p);
  const auto [width, height] = real_size(lib, p);
  const auto ir = images::parse_request(s[2], s[3], s[4], s[5], width, height);
  const std::string page_part = source.index > 0 ? "p" + std::to_string(source.index + 1) + "-" : "";
  Response r;
  r.headers["ETag"] = "\"" + p.sha256.substr(0, 16) + "-" + page_part + ir.cache_key + "\"";
  r.headers["Cache-Control"] = "public, max-age=31536000, immutable";
  r.headers["Access-Control-Allow-Origin"] = "*";
  r.headers["Link"] = "<http://iiif.io/api/image/3/level1.json>;rel=\"profile\"";
  r.last_modified = file_mtime(source.file);
  if (not_modified(req, r)) {
    r.status = 304;
    return r;
  }
  try {
    const auto out = images::render(source, ir, lib.image_cache());
    r.body = out.bytes;
    r.content_type = out.content_type;
  } catch (const IoError&) {
    throw HttpError(404, "the page image cannot be read");
  }
  return r;
}

std::string issue_title(const Issue& i) {
  return html::issue_label(i);
}

Response manifest(const Library& lib, const Request& req, const std::string& issue_id) {
  const auto v = lib.issue(issue_id);
  const std::string base = req.base_url();
  const std::string mid = base + "/iiif/issues/" + issue_id + "/manifest.json";
  JsonWriter w;
  w.begin_object()
      .key("@context")
      .value(kPresentationContext)
      .key("id")
      .value(mid)
      .key("type")
      .value("Manifest");
  w.key("label").begin_object().key("zh").begin_array().value(issue_title(v.record.issue));
  w.end_array().end_object();
  if (v.record.issue.date) w.key("navDate").value(*v.record.issue.date + "T00:00:00Z");
  w.key("metadata").begin_array();
  auto meta = [&](const char* label, const std::string& value) {
    if (value.empty()) return;
    w.begin_object().key("label").begin_object().key("zh").begin_array().value(label);
    w.end_array().end_object().key("value").begin_object().key("none").begin_array();
    w.value(value).end_array().end_object().end_object();
  };
  meta("刊名", v.record.issue.series);
  meta("年份", v.record.issue.year ? std::to_string(*v.record.issue.year) : "");
  meta("期号", v.record.issue.number ? std::to_string(*v.record.issue.number) : "");
  meta("总期号", v.record.issue.total ? std::to_string(*v.record.issue.total) : "");
  meta("出版日期", v.record.issue.date.value_or(""));
  w.end_array();
  w.key("homepage")
      .begin_array()
      .begin_object()
      .key("id")
      .value(base + "/issues/" + issue_id)
      .key("type")
      .value("Text")
      .key("format")
      .value("text/html")
      .key("label")
      .begin_object()
      .key("zh")
      .begin_array()
      .value(issue_title(v.record.issue))
      .end_array()
      .end_object()
      .end_object()
      .end_array();
  w.key("viewingDirection").value("left-to-right").key("behavior").begin_array();
  w.value("paged").end_array();

  auto canvas_id = [&](int seq) {
    return mid.substr(0, mid.size() - 14) + "/canvas/" + std::to_string(seq);
  };
  std::set<int> canvases;
  w.key("items").begin_array();
  for (auto p : v.pages) {
    if (p.sha256.empty()) continue;  // failed page: nothing to paint
    try {
      std::tie(p.width, p.height) = real_size(lib, p);
    } catch (const Error&) {
      continue;
    } catch (const HttpError&) {
      continue;
    }
    canvases.insert(p.seq);
    const std::string cid = canvas_id(p.seq);
    const std::string service = base + "/iiif/" + issue_id + "." + std::to_string(p.seq);
    const std::string page_url = base + "/issues/" + issue_id + "/pages/" + std::to_string(p.seq);
    w.begin_object().key("id").value(cid).key("type").value("Canvas");
    w.key("label").begin_object().key("none").begin_array();
    w.value(p.printed_page ? "第" + std::to_string(*p.printed_page) + "页"
                           : "第" + std::to_string(p.seq) + "张");
    w.end_array().end_object();
    w.key("width").value(p.width).key("height").value(p.height);
    w.key("items").begin_array().begin_object();
    w.key("id").value(cid + "/page").key("type").value("AnnotationPage");
    w.key("items").begin_array().begin_object();
    w.key("id").value(cid + "/page/image").key("type").value("Annotation");
    w.key("motivation").value("painting").key("target").value(cid);
    w.key("body").begin_object();
    w.key("id").value(service + "/full/max/0/default.jpg").key("type").value("Image");
    w.key("format").value("image/jpeg").key("width").value(p.width).key("height").value(p.height);
    w.key("service").begin_array().begin_object();
    w.key("id").value(service).key("type").value("ImageService3").key("profile").value("level1");
    w.end_object().end_array();
    w.end_object();  // body
    w.end_object().end_array().end_object().end_array();
    w.key("seeAlso").begin_array();
    w.begin_object().key("id").value(page_url + "/alto.xml").key("type").value("Dataset");
    w.key("format").value("application/xml").key("profile");
    w.value("http://www.loc.gov/standards/alto/v4/alto.xsd");
    w.key("label").begin_object().key("none").begin_array().value("ALTO").end_array();
    w.end_object().end_object();
    if (std::filesystem::exists(lib.hocr(issue_id, p.seq))) {
      w.begin_object().key("id").value(page_url + "/hocr").key("type").value("Dataset");
      w.key("format").value("text/vnd.hocr+html").key("profile");
      w.value("http://kba.github.io/hocr-spec/1.2/");
      w.key("label").begin_object().key("none").begin_array().value("hOCR").end_array();
      w.end_object().end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();

  w.key("structures").begin_array();
  for (const auto& d : v.documents) {
    std::vector<int> seqs;
    if (d.first_page)
      for (const auto& p : v.pages)
        if (canvases.count(p.seq) && p.printed_page && *p.printed_page >= *d.first_page &&
            *p.printed_page <= d.last_page.value_or(*d.first_page))
          seqs.push_back(p.seq);
    if (seqs.empty()) continue;  // a Range must point at something
    w.begin_object()
        .key("id")
        .value(mid.substr(0, mid.size() - 14) + "/range/" + d.id)
        .key("type")
        .value("Range");
    w.key("label").begin_object().key("zh").begin_array();
    w.value(d.number.empty() ? d.title : d.title + "（" + d.number + "）");
    w.end_array().end_object();
    w.key("homepage").begin_array().begin_object();
    w.key("id").value(base + "/documents/" + d.id).key("type").value("Text");
    w.key("format").value("text/html").key("label").begin_object().key("zh").begin_array();
    w.value(d.title).end_array().end_object().end_object().end_array();
    w.key("items").begin_array();
    for (int seq : seqs)
      w.begin_object().key("id").value(canvas_id(seq)).key("type").value("Canvas").end_object();
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object();
  return ld_json(w.str(), kPresentationContext);
}

Response collection(const Library& lib, const Request& req, const std::string* series) {
  const std::string base = req.base_url();
  const auto issues = lib.issues();
  JsonWriter w;
  w.begin_object().key("@context").value(kPresentationContext).key("id");
  if (series) {
    w.value(base + "/iiif/series/" + html::url_encode(*series) + "/collection.json");
  } else {
    w.value(base + "/iiif/collection.json");
  }
  w.key("type").value("Collection").key("label").begin_object().key("zh").begin_array();
  w.value(series ? *series : std::string("政府公报数字档案")).end_array().end_object();
  w.key("items").begin_array();
  if (series) {
    bool any = false;
    for (const auto& r : issues) {
      if (r.issue.series != *series) continue;
      any = true;
      w.begin_object()
          .key("id")
          .value(base + "/iiif/issues/" + r.issue.id + "/manifest.json")
          .key("type")
          .value("Manifest");
      w.key("label").begin_object().key("zh").begin_array().value(issue_title(r.issue));
      w.end_array().end_object().end_object();
    }
    if (!any) throw NotFound("no series " + *series);
  } else {
    std::set<std::string> names;
    for (const auto& r : issues) names.insert(r.issue.series);
    for (const auto& name : names) {
      w.begin_object()
          .key("id")
          .value(base + "/iiif/series/" + html::url_encode(name) + "/collection.json")
          .key("type")
          .value("Collection");
      w.key("label").begin_object().key("zh").begin_array().value(name.empty() ? "未识别刊名"
                                                                               : name);
      w.end_array().end_object().end_object();
    }
  }
  w.end_array().end_object();
  return ld_json(w.str(), kPresentationContext);
}

}  // namespace

Response iiif_route(const Library& lib, const Request& req) {
  const auto& s = req.segments;  // s[0] == "iiif"
  if (s.size() == 2 && s[1] == "collection.json") return collection(lib, req, nullptr);
  if (s.size() == 4 && s[1] == "series" && s[3] == "collection.json")
    return collection(lib, req, &s[2]);
  if (s.size() == 4 && s[1] == "issues" && (s[3] == "manifest.json" || s[3] == "manifest"))
    return manifest(lib, req, s[2]);
  if (s.size() == 2) {
    const auto id = parse_page_id(s[1]);
    lib.page(id.issue_id, id.seq);  // 404 before redirecting
    Response r;
    r.status = 303;
    r.headers["Location"] = "/iiif/" + s[1] + "/info.json";
    return r;
  }
  if (s.size() == 3 && s[2] == "info.json") return info_json(lib, req, parse_page_id(s[1]));
  if (s.size() == 6) return image(lib, req, parse_page_id(s[1]));
  throw HttpError(400, "IIIF: expected {id}/{region}/{size}/{rotation}/{quality}.{format}");
}

}  // namespace gazette::viewer
