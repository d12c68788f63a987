// The reader against a real server: in-process (viewer::Server on a free port) for the
// routes, and the `gazette serve` binary for the command itself.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <set>

#include "e2e_support.h"
#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/index/writer.h"
#include "gazette/sha256.h"
#include "gazette/viewer/server.h"

namespace {

class Reader : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<gazette::viewer::Server>(
        gazette::viewer::ServerOptions{e2e::archive(), "127.0.0.1", 0, 4});
    server_->start();
  }
  static void TearDownTestSuite() { server_.reset(); }
  static e2e::HttpResult get(const std::string& path) {
    return e2e::http_get("127.0.0.1", server_->port(), path);
  }
  static std::string normative_id() {
    const auto r = get("/api/search?q=" +
                       std::string("%E6%B5%99%E6%94%BF%E5%8A%9E%E5%8F%91%5B2017%5D42%E5%8F%B7"));
    Poco::JSON::Parser parser;
    const auto obj = parser.parse(r.body).extract<Poco::JSON::Object::Ptr>();
    const auto results = obj->getArray("results");
    if (!results || results->size() == 0)
      throw std::runtime_error("search found nothing: " + r.body);
    return results->getObject(0)->getValue<std::string>("id");
  }
  static std::string issue_id() {
    const auto id = normative_id();
    return id.substr(0, id.find('-'));
  }
  static Poco::JSON::Object::Ptr get_json(const std::string& path) {
    const auto r = get(path);
    if (r.status != 200) throw std::runtime_error(path + " answered " + std::to_string(r.status));
    Poco::JSON::Parser parser;
    return parser.parse(r.body).extract<Poco::JSON::Object::Ptr>();
  }
  // Sends raw bytes and returns the status line's code (0 if the server closed the connection).
  static int raw(const std::string& bytes) {
    Poco::Net::StreamSocket sock(Poco::Net::SocketAddress("127.0.0.1", server_->port()));
    sock.setReceiveTimeout(Poco::Timespan(10, 0));
    sock.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    char buf[64] = {};
    const int n = sock.receiveBytes(buf, sizeof buf - 1);
    const std::string head(buf, n > 0 ? n : 0);
    if (!head.starts_with("HTTP/1.")) return 0;
    return std::stoi(head.substr(9, 3));
  }
  static std::unique_ptr<gazette::viewer::Server> server_;
};
std::unique_ptr<gazette::viewer::Server> Reader::server_;

TEST_F(Reader, HomeListsTheIssue) {
  const auto r = get("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.content_type.find("text/html"), std::string::npos);
  EXPECT_NE(r.body.find("浙江省人民政府公报 2017年第12期"), std::string::npos);
  EXPECT_NE(r.body.find("name=\"q\""), std::string::npos);  // the search box
}

TEST_F(Reader, SearchPageShowsTheActWithABadge) {
  const auto r =
      get("/search?q=%E6%B5%99%E6%94%BF%E5%8A%9E%E5%8F%91%E3%80%942017%E3%80%9542%E5%8F%B7");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("关于印发浙江省全面推进政务公开工作实施细则的通知"), std::string::npos);
  EXPECT_NE(r.body.find("class=\"badge"), std::string::npos);
}

TEST_F(Reader, DocumentPageShowsValidityBannerAndText) {
  const auto r = get("/documents/" + normative_id());
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("id=\"validity\""), std::string::npos);
  EXPECT_NE(r.body.find("现行有效"), std::string::npos);
  EXPECT_NE(r.body.find("政务公开"), std::string::npos);
}

TEST_F(Reader, ApiDocumentHasTheContractShape) {
  const auto r = get("/api/documents/" + normative_id());
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.content_type.find("application/json"), std::string::npos);
  Poco::JSON::Parser parser;
  const auto d = parser.parse(r.body).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(d->getValue<std::string>("number"), "浙政办发〔2017〕42号");
  EXPECT_EQ(d->getObject("status")->getValue<std::string>("code"), "in_force");
  EXPECT_EQ(d->getObject("status")->getValue<std::string>("label"), "现行有效");
}

TEST_F(Reader, UnknownIdsAre404AndBadParametersAre400) {
  EXPECT_EQ(get("/documents/no-such-doc").status, 404);
  EXPECT_EQ(get("/api/documents/no-such-doc").status, 404);
  EXPECT_EQ(get("/issues/nope").status, 404);
  EXPECT_EQ(get("/no/such/route").status, 404);
  EXPECT_EQ(get("/search?q=x&as_of=2017-02-30").status, 400);
  EXPECT_EQ(get("/api/search?q=x&status=bogus").status, 400);
  EXPECT_EQ(get("/api/search?q=x&year=abc").status, 400);
}

// The JSON API counts every match and gives facets unless facets=0, which gives the page
// alone: the same hits, no facets, and a total flagged exact only when Xapian's bounds met.
TEST_F(Reader, ApiSearchFacetsOnlyWhenAsked) {
  struct Row {
    const char* facets_param;
    bool facets;
  };
  const std::string q = "/api/search?q=%E9%80%9A%E7%9F%A5";  // 通知
  std::vector<std::string> ids_with_facets;
  for (const Row row : {Row{"", true}, Row{"&facets=1", true}, Row{"&facets=0", false}}) {
    const auto obj = get_json(q + row.facets_param);
    SCOPED_TRACE(row.facets_param);
    const auto facets = obj->getObject("facets");
    ASSERT_TRUE(facets);
    EXPECT_EQ(facets->size() > 0, row.facets);
    if (row.facets) {
      EXPECT_TRUE(obj->getValue<bool>("total_exact"));
    }
    const auto results = obj->getArray("results");
    ASSERT_TRUE(results);
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < results->size(); ++i)
      ids.push_back(results->getObject(i)->getValue<std::string>("id"));
    EXPECT_FALSE(ids.empty());
    if (ids_with_facets.empty()) ids_with_facets = ids;
    EXPECT_EQ(ids, ids_with_facets);
  }
  EXPECT_EQ(get(q + "&facets=yes").status, 400);
}

TEST_F(Reader, QueryTextIsEscapedInThePage) {
  const auto r = get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(Reader, PageImageIsTheKeptOriginal) {
  const auto r =
      get("/issues/" + normative_id().substr(0, normative_id().find('-')) + "/pages/2/image");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "image/png");
  EXPECT_EQ(r.body.substr(1, 3), "PNG");
}

TEST_F(Reader, IiifManifestHasTheStructureOfPresentation3) {
  const auto issue = issue_id();
  const auto m = get_json("/iiif/issues/" + issue + "/manifest.json");
  EXPECT_EQ(m->getValue<std::string>("@context"), "http://iiif.io/api/presentation/3/context.json");
  EXPECT_EQ(m->getValue<std::string>("type"), "Manifest");
  EXPECT_NE(m->getValue<std::string>("id").find("/iiif/issues/" + issue + "/manifest.json"),
            std::string::npos);
  EXPECT_TRUE(std::regex_match(m->getValue<std::string>("navDate"),
                               std::regex(R"(\d{4}-\d{2}-\d{2}T00:00:00Z)")));
  ASSERT_TRUE(m->getObject("label")->has("zh"));
  const auto items = m->getArray("items");
  ASSERT_TRUE(items);
  EXPECT_EQ(items->size(), 3u);  // one Canvas per page of the 3-page issue
  std::set<std::string> canvas_ids;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto c = items->getObject(i);
    EXPECT_EQ(c->getValue<std::string>("type"), "Canvas");
    EXPECT_GT(c->getValue<int>("width"), 0);
    EXPECT_GT(c->getValue<int>("height"), 0);
    EXPECT_TRUE(canvas_ids.insert(c->getValue<std::string>("id")).second) << "duplicate canvas id";
    const auto ap = c->getArray("items")->getObject(0);
    EXPECT_EQ(ap->getValue<std::string>("type"), "AnnotationPage");
    const auto anno = ap->getArray("items")->getObject(0);
    EXPECT_EQ(anno->getValue<std::string>("type"), "Annotation");
    EXPECT_EQ(anno->getValue<std::string>("motivation"), "painting");
    EXPECT_EQ(anno->getValue<std::string>("target"), c->getValue<std::string>("id"));
    const auto body = anno->getObject("body");
    EXPECT_EQ(body->getValue<std::string>("type"), "Image");
    EXPECT_EQ(body->getValue<int>("width"), c->getValue<int>("width"));
    const auto service = body->getArray("service")->getObject(0);
    EXPECT_EQ(service->getValue<std::string>("type"), "ImageService3");
    EXPECT_EQ(service->getValue<std::string>("profile"), "level1");
    // The image service and the ALTO answer, on this server.
    const auto path = [](const std::string& url) { return url.substr(url.find('/', 7)); };
    const auto info = get_json(path(service->getValue<std::string>("id")) + "/info.json");
    EXPECT_EQ(info->getValue<int>("width"), c->getValue<int>("width"));
    const auto see_also = c->getArray("seeAlso");
    ASSERT_TRUE(see_also && see_also->size() >= 1);
    const auto alto = get(path(see_also->getObject(0)->getValue<std::string>("id")));
    EXPECT_EQ(alto.status, 200);
    EXPECT_NE(alto.body.find("<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\""),
              std::string::npos);
  }
  // One Range per act, pointing at canvases of this manifest.
  const auto ranges = m->getArray("structures");
  ASSERT_TRUE(ranges);
  EXPECT_GE(ranges->size(), 1u);
  for (std::size_t i = 0; i < ranges->size(); ++i) {
    const auto r = ranges->getObject(i);
    EXPECT_EQ(r->getValue<std::string>("type"), "Range");
    const auto ri = r->getArray("items");
    ASSERT_TRUE(ri && ri->size() >= 1);
    for (std::size_t k = 0; k < ri->size(); ++k)
      EXPECT_TRUE(canvas_ids.count(ri->getObject(k)->getValue<std::string>("id")));
  }
  EXPECT_EQ(get("/iiif/issues/nope/manifest.json").status, 404);
  const auto coll = get_json("/iiif/collection.json");
  EXPECT_EQ(coll->getValue<std::string>("type"), "Collection");
}

TEST_F(Reader, IiifImageApiRendersAndBoundsRequests) {
  const std::string base = "/iiif/" + issue_id() + ".2";
  const auto info = get_json(base + "/info.json");
  EXPECT_EQ(info->getValue<std::string>("@context"), "http://iiif.io/api/image/3/context.json");
  EXPECT_EQ(info->getValue<std::string>("protocol"), "http://iiif.io/api/image");
  EXPECT_EQ(info->getValue<std::string>("profile"), "level1");
  const auto jpg = get(base + "/full/200,/0/default.jpg");
  EXPECT_EQ(jpg.status, 200);
  EXPECT_EQ(jpg.content_type, "image/jpeg");
  EXPECT_EQ(jpg.body.substr(0, 3), "\xFF\xD8\xFF");
  const auto png = get(base + "/10,20,300,100/150,/0/gray.png");
  EXPECT_EQ(png.status, 200);
  EXPECT_EQ(png.body.substr(1, 3), "PNG");
  // Cached on disk under derived/, keyed by the source hash.
  bool cached = false;
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           gazette::ArchiveLayout(e2e::archive()).derived() / "iiif"))
    cached |= e.path().filename() == "10,20,300,100_150,50_gray.png";
  EXPECT_TRUE(cached);
  EXPECT_EQ(get(base + "/square/pct:10/0/default.jpg").status, 200);
  EXPECT_EQ(get(base + "/pct:0,0,50,50/!100,100/0/default.png").status, 200);
  for (const char* bad :
       {"/full/100000,100000/0/default.jpg", "/full/^100000,/0/default.jpg",
        "/full/max/90/default.jpg", "/full/max/0/default.gif", "/full/max/0/sepia.jpg",
        "/99999,0,10,10/max/0/default.jpg", "/0,0,0,10/max/0/default.jpg", "/full/0,/0/default.jpg",
        "/full/abc/0/default.jpg", "/full/-5,/0/default.jpg", "/full/max/0/default",
        "/full/max/0/x/y"})
    EXPECT_EQ(get(base + bad).status, 400) << bad;
  EXPECT_EQ(get("/iiif/nope.2/full/max/0/default.jpg").status, 404);
  EXPECT_EQ(get("/iiif/" + issue_id() + ".999/info.json").status, 404);
  EXPECT_EQ(get("/iiif/noseq/info.json").status, 400);
}

TEST_F(Reader, ImmutableImagesAnswerConditionalRequests) {
  const std::string path = "/iiif/" + issue_id() + ".2/full/100,/0/default.jpg";
  Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
  Poco::Net::HTTPRequest first(Poco::Net::HTTPRequest::HTTP_GET, path, "HTTP/1.1");
  session.sendRequest(first);
  Poco::Net::HTTPResponse r1;
  auto& body1 = session.receiveResponse(r1);
  body1.ignore(1 << 30);
  ASSERT_TRUE(r1.has("ETag"));
  EXPECT_NE(r1.get("Cache-Control").find("immutable"), std::string::npos);
  Poco::Net::HTTPRequest again(Poco::Net::HTTPRequest::HTTP_GET, path, "HTTP/1.1");
  again.set("If-None-Match", r1.get("ETag"));
  session.sendRequest(again);
  Poco::Net::HTTPResponse r2;
  session.receiveResponse(r2).ignore(1 << 30);
  EXPECT_EQ(r2.getStatus(), 304);
}

TEST_F(Reader, PageViewBoxesHitsAndLinksActs) {
  const auto r = get("/issues/" + issue_id() +
                     "/pages/2?q=%E6%B5%99%E6%94%BF%E5%8A%9E%E5%8F%91%5B2017%5D42%E5%8F%B7");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<rect class=\"hit\""), std::string::npos);
  EXPECT_NE(r.body.find("<mark>"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"acts\""), std::string::npos);
  EXPECT_NE(r.body.find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(r.body.find(" style=\""), std::string::npos);  // nothing the CSP would block
}

TEST_F(Reader, SearchPageHasFacetsPagingAndInForceSwitch) {
  const auto r = get("/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("id=\"facets\""), std::string::npos);
  EXPECT_NE(r.body.find("效力状态"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"in-force-only\""), std::string::npos);
  EXPECT_NE(r.body.find("type=\"date\" name=\"as_of\""), std::string::npos);
  const auto limited =
      get_json("/api/search?q=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80&limit=1&page=2");
  EXPECT_EQ(limited->getValue<int>("offset"), 1);
  EXPECT_EQ(get("/search?q=x&page=0").status, 400);
  EXPECT_EQ(get("/search?q=x&kind=bogus").status, 400);
}

TEST_F(Reader, OaiPmhAnswersTheSixVerbs) {
  auto oai = [](const std::string& query) { return get("/oai?" + query).body; };
  EXPECT_NE(oai("verb=Identify").find("<protocolVersion>2.0</protocolVersion>"), std::string::npos);
  EXPECT_NE(oai("verb=ListMetadataFormats").find("<metadataPrefix>oai_dc</metadataPrefix>"),
            std::string::npos);
  const auto sets = oai("verb=ListSets");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(sets, m, std::regex("<setSpec>([^<]+)</setSpec>")));
  const std::string set = m[1];
  const auto ids = oai("verb=ListIdentifiers&metadataPrefix=oai_dc&set=" + set);
  ASSERT_TRUE(std::regex_search(ids, m, std::regex("<identifier>([^<]+)</identifier>")));
  const std::string id = m[1];
  const auto rec = oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=" + id);
  EXPECT_NE(rec.find("<dc:title>"), std::string::npos);
  EXPECT_NE(oai("verb=ListRecords&metadataPrefix=oai_dc").find("<oai_dc:dc"), std::string::npos);
  EXPECT_NE(oai("verb=Bogus").find("code=\"badVerb\""), std::string::npos);
  EXPECT_NE(oai("verb=ListRecords").find("code=\"badArgument\""), std::string::npos);
  EXPECT_NE(oai("verb=ListRecords&metadataPrefix=marc").find("cannotDisseminateFormat"),
            std::string::npos);
  EXPECT_NE(oai("verb=ListRecords&resumptionToken=zz").find("badResumptionToken"),
            std::string::npos);
  EXPECT_NE(oai("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:x:y").find("idDoesNotExist"),
            std::string::npos);
  EXPECT_NE(oai("verb=ListRecords&metadataPrefix=oai_dc&from=2150-01-01").find("noRecordsMatch"),
            std::string::npos);
  EXPECT_NE(get("/feed.atom").body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
            std::string::npos);
}

TEST_F(Reader, OversizedAndMalformedRequestsAre4xx) {
  EXPECT_EQ(get("/search?q=" + std::string(5000, 'a')).status, 414);
  EXPECT_EQ(get("/search?q=" + std::string(2000, 'a')).status, 400);  // query too long
  const int big_header =
      raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_TRUE(big_header == 0 || (big_header >= 400 && big_header < 500)) << big_header;
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 500; ++i) many += "X-H" + std::to_string(i) + ": v\r\n";
  const int many_headers = raw(many + "\r\n");
  EXPECT_TRUE(many_headers == 0 || (many_headers >= 400 && many_headers < 500)) << many_headers;
  EXPECT_EQ(raw("POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"), 405);
  const int garbage = raw("\x01\x02 nonsense\r\n\r\n");
  EXPECT_TRUE(garbage == 0 || (garbage >= 400 && garbage < 500)) << garbage;
  EXPECT_EQ(get("/issues/" + issue_id() + "/pages/99999999999").status, 400);
  EXPECT_EQ(get("/documents/%ZZ").status, 400);
}

TEST_F(Reader, StaticPathsCannotLeaveTheirFolder) {
  for (const char* path :
       {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fetc%2fpasswd", "/static/style.css/../../catalog.sqlite",
        "/issues/..%2f..%2fetc/pages/1/hocr"}) {
    const auto r = get(path);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << path << " " << r.status;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
  }
  EXPECT_EQ(get("/static/style.css").status, 200);
}

TEST_F(Reader, ResponsesCarryAContentSecurityPolicy) {
  Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
  Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, "/", "HTTP/1.1");
  session.sendRequest(req);
  Poco::Net::HTTPResponse res;
  session.receiveResponse(res).ignore(1 << 30);
  EXPECT_NE(res.get("Content-Security-Policy", "").find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(res.get("X-Content-Type-Options", ""), "nosniff");
}

// An archive built directly through the catalogue and index APIs, whose acts carry XSS
// strings in every field the reader shows.
class HostileArchive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = std::filesystem::temp_directory_path() /
            ("gazette-xss-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(root_);
    const gazette::ArchiveLayout layout(root_);
    gazette::Catalog cat(layout.catalog(), gazette::CatalogOptions{false});
    gazette::Issue issue;
    issue.id = "ixss000000001";
    issue.series = "<script>alert('series')</script>";
    issue.year = 2020;
    issue.number = 1;
    issue.date = "2020-01-01";
    issue.lang = "chi_sim";
    issue.source = "x";
    issue.page_count = 1;
    gazette::Page page;
    page.issue_id = issue.id;
    page.seq = 1;
    page.printed_page = 1;
    page.source = "x/page-1.png";
    page.text = "<img src=x onerror=alert('page')>";
    page.lines.push_back({"<img src=x onerror=alert('page')>", {10, 10, 200, 40}, 0.9, 20});
    page.confidence = 0.9;
    page.width = 1000;
    page.height = 1400;
    gazette::Document doc;
    doc.id = issue.id + "-01";
    doc.issue_id = issue.id;
    doc.kind = gazette::DocumentKind::normative;
    doc.title = "关于<script>alert('title')</script>的通知";
    doc.number = "浙政发〔2020〕1号";
    doc.authority = "\"><svg onload=alert('authority')>";
    doc.signed_date = "2020-01-01";
    doc.first_page = doc.last_page = 1;
    doc.text = "正文</div><script>alert('text')</script>";
    cat.transaction([&] {
      cat.put_issue(issue, gazette::IssueState::indexed);
      cat.put_page(page);
      cat.replace_documents(issue.id, {doc});
      cat.add_correction({doc.id, "number", "浙政发〔2020〕7号", doc.number,
                          "<script>alert('person')</script>", "<img src=x onerror=alert('note')>",
                          ""});
    });
    gazette::index::Writer writer(layout.index());
    const auto stored = cat.document(doc.id);
    writer.put({*stored, cat.validity_facts(*stored)});
    writer.commit();
    server_ = std::make_unique<gazette::viewer::Server>(
        gazette::viewer::ServerOptions{root_, "127.0.0.1", 0, 2});
    server_->start();
  }
  static void TearDownTestSuite() {
    server_.reset();
    std::filesystem::remove_all(root_);
  }
  static e2e::HttpResult get(const std::string& path) {
    return e2e::http_get("127.0.0.1", server_->port(), path);
  }
  static void expect_inert(const std::string& body, const std::string& where) {
    for (const char* needle : {"<script>alert", "<img src=x", "<svg onload"})
      EXPECT_EQ(body.find(needle), std::string::npos) << where << " contains " << needle;
  }
  static std::filesystem::path root_;
  static std::unique_ptr<gazette::viewer::Server> server_;
};
std::filesystem::path HostileArchive::root_;
std::unique_ptr<gazette::viewer::Server> HostileArchive::server_;

TEST_F(HostileArchive, IndexedTextIsEscapedEverywhere) {
  for (const std::string path :
       {"/", "/search?q=%E9%80%9A%E7%9F%A5", "/search?q=alert", "/documents/ixss000000001-01",
        "/issues/ixss000000001", "/issues/ixss000000001/pages/1?q=img",
        "/issues/ixss000000001/pages/1/alto.xml", "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/oai?verb=ListSets", "/feed.atom"}) {
    const auto r = get(path);
    EXPECT_EQ(r.status, 200) << path;
    expect_inert(r.body, path);
  }
  const auto search = get("/search?q=%E9%80%9A%E7%9F%A5");
  EXPECT_NE(search.body.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(HostileArchive, DocumentPageListsCorrectionsWithWhoAndWhy) {
  const auto r = get("/documents/ixss000000001-01");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<a href=\"#corrections\">经人工更正</a>"), std::string::npos);
  const auto at = r.body.find("id=\"corrections\"");
  ASSERT_NE(at, std::string::npos) << r.body;
  const std::string list = r.body.substr(at, r.body.find("</ul>", at) - at);
  EXPECT_NE(list.find("文号：浙政发〔2020〕7号 → 浙政发〔2020〕1号"), std::string::npos) << list;
  EXPECT_NE(list.find("&lt;script&gt;alert(&#39;person&#39;)&lt;/script&gt;："), std::string::npos)
      << list;
  expect_inert(r.body, "document page");
}

TEST_F(HostileArchive, QueryStringsAreEscapedEverywhere) {
  const std::string xss = "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E";
  for (const std::string& path :
       {"/search?q=" + xss, "/search?q=x&authority=" + xss, "/search?q=" + xss + "&year=2020",
        "/issues/ixss000000001/pages/1?q=" + xss, "/documents/ixss000000001-01?q=" + xss,
        "/documents/" + xss, "/oai?verb=" + xss, "/oai?verb=Identify&" + xss + "=1"}) {
    const auto r = get(path);
    EXPECT_LT(r.status, 500) << path;
    EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos) << path;
  }
}

// An archive whose pages come from a 3-page TIFF and a 2-page PDF (each page a different grey
// and size), whose acts leave a gap in a 文号 sequence and cite an act that is not archived.
class MultiPageArchive : public ::testing::Test {
 protected:
  static constexpr int kTiffGreys[3] = {40, 128, 220};
  static constexpr int kTiffWidths[3] = {200, 210, 220};

  static void SetUpTestSuite() {
    root_ = std::filesystem::temp_directory_path() /
            ("gazette-multipage-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    const auto scans = root_ / "scans";
    std::filesystem::create_directories(scans);
    const auto tiff = scans / "issue.tif";
    for (int i = 0; i < 3; ++i) {
      PIX* pix = pixCreate(kTiffWidths[i], 300, 8);
      pixSetAllArbitrary(pix, kTiffGreys[i]);
      pixWriteTiff(tiff.c_str(), pix, IFF_TIFF_ZIP, i == 0 ? "w" : "a");
      pixDestroy(&pix);
    }
    const auto pdf = scans / "issue.pdf";
    {
      // Page 1: 72×96 pt, nearly black; page 2: 144×96 pt, nearly white.
      cairo_surface_t* surface = cairo_pdf_surface_create(pdf.c_str(), 72, 96);
      cairo_t* cr = cairo_create(surface);
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
      cairo_paint(cr);
      cairo_show_page(cr);
      cairo_pdf_surface_set_size(surface, 144, 96);
      cairo_set_source_rgb(cr, 0.9, 0.9, 0.9);
      cairo_paint(cr);
      cairo_show_page(cr);
      cairo_destroy(cr);
      cairo_surface_finish(surface);
      cairo_surface_destroy(surface);
    }
    const gazette::ArchiveLayout layout(root_);
    gazette::Catalog cat(layout.catalog(), gazette::CatalogOptions{false});
    auto keep = [&](const std::filesystem::path& file) {
      const auto sha = gazette::sha256_file(file);
      const auto rel = layout.object_relpath(sha, file.extension().string());
      std::filesystem::create_directories((root_ / rel).parent_path());
      std::filesystem::copy_file(file, root_ / rel);
      cat.add_blob(sha, static_cast<std::int64_t>(std::filesystem::file_size(file)), rel);
      return sha;
    };
    gazette::Issue issue;
    issue.id = "imultipage001";
    issue.series = "浙江省人民政府公报";
    issue.year = 2020;
    issue.number = 3;
    issue.date = "2020-02-01";
    issue.lang = "chi_sim";
    issue.source = "scans";
    issue.page_count = 5;
    std::vector<gazette::Page> pages;
    cat.transaction([&] {
      const auto tiff_sha = keep(tiff);
      const auto pdf_sha = keep(pdf);
      for (int seq = 1; seq <= 5; ++seq) {
        gazette::Page p;
        p.issue_id = issue.id;
        p.seq = seq;
        p.printed_page = seq;
        const bool from_tiff = seq <= 3;
        p.source = from_tiff ? "scans/issue.tif#page=" + std::to_string(seq)
                             : "scans/issue.pdf#page=" + std::to_string(seq - 3);
        p.sha256 = from_tiff ? tiff_sha : pdf_sha;
        p.width = from_tiff ? kTiffWidths[seq - 1] : (seq == 4 ? 300 : 600);
        p.height = from_tiff ? 300 : 400;
        p.text = "第" + std::to_string(seq) + "页可检索文字";
        p.lines.push_back({p.text, {10, 20, p.width - 10, 60}, 0.9, 40});
        p.confidence = 0.9;
        pages.push_back(p);
      }
      cat.put_issue(issue, gazette::IssueState::indexed);
      for (const auto& p : pages) cat.put_page(p);
      std::vector<gazette::Document> docs;
      for (int n : {1, 3}) {
        gazette::Document d;
        d.id = issue.id + "-0" + std::to_string(n);
        d.issue_id = issue.id;
        d.series = issue.series;
        d.year = 2020;
        d.issue = 3;
        d.kind = gazette::DocumentKind::normative;
        d.title = "浙江省人民政府关于第" + std::to_string(n) + "项工作的通知";
        d.number = "浙政发〔2020〕" + std::to_string(n) + "号";
        d.authority = "浙江省人民政府";
        d.signed_date = "2020-01-0" + std::to_string(n);
        d.first_page = d.last_page = n;
        d.text = "正文。";
        if (n == 3) {
          gazette::Relation cite;
          cite.type = gazette::RelationType::cites;
          cite.target_number = "国办发〔2019〕9号";
          cite.target_title = "国务院办公厅关于某项工作的通知";
          cite.evidence = {3, "根据国办发〔2019〕9号。"};
          d.relations.push_back(cite);
        }
        docs.push_back(d);
      }
      cat.replace_documents(issue.id, docs);
    });
    gazette::index::Writer writer(layout.index());
    for (const auto& d : cat.all_documents()) writer.put({d, cat.validity_facts(d)});
    writer.commit();
    server_ = std::make_unique<gazette::viewer::Server>(
        gazette::viewer::ServerOptions{root_, "127.0.0.1", 0, 2});
    server_->start();
  }
  static void TearDownTestSuite() {
    server_.reset();
    std::filesystem::remove_all(root_);
  }
  static e2e::HttpResult get(const std::string& path) {
    return e2e::http_get("127.0.0.1", server_->port(), path);
  }
  // The mean grey of a PNG the server rendered.
  static double mean_grey(const std::string& png) {
    PIX* pix = pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size());
    if (!pix) return -1;
    l_float32 mean = -1;
    pixGetAverageMasked(pix, nullptr, 0, 0, 1, L_MEAN_ABSVAL, &mean);
    pixDestroy(&pix);
    return mean;
  }
  struct Headers {
    int status = 0;
    std::string etag, last_modified;
  };
  static Headers conditional(const std::string& path, const std::string& header = "",
                             const std::string& value = "", const std::string& header2 = "",
                             const std::string& value2 = "") {
    Poco::Net::HTTPClientSession session("127.0.0.1", server_->port());
    Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_GET, path, "HTTP/1.1");
    if (!header.empty()) req.set(header, value);
    if (!header2.empty()) req.set(header2, value2);
    session.sendRequest(req);
    Poco::Net::HTTPResponse res;
    session.receiveResponse(res).ignore(1 << 30);
    return {res.getStatus(), res.get("ETag", ""), res.get("Last-Modified", "")};
  }
  static std::filesystem::path root_;
  static std::unique_ptr<gazette::viewer::Server> server_;
};
std::filesystem::path MultiPageArchive::root_;
std::unique_ptr<gazette::viewer::Server> MultiPageArchive::server_;

// Regression: every page of a multi-page TIFF or PDF used to render (and be cached) as page 1.
TEST_F(MultiPageArchive, IiifRendersEachPageOfAMultiPageFile) {
  for (int seq = 1; seq <= 3; ++seq) {
    const std::string base = "/iiif/imultipage001." + std::to_string(seq);
    Poco::JSON::Parser parser;
    const auto info =
        parser.parse(get(base + "/info.json").body).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(info->getValue<int>("width"), kTiffWidths[seq - 1]) << seq;
    const auto png = get(base + "/full/max/0/gray.png");
    ASSERT_EQ(png.status, 200) << seq;
    EXPECT_NEAR(mean_grey(png.body), kTiffGreys[seq - 1], 2.0) << seq;
  }
  // PDF pages at 300 dpi: 72 pt → 300 px, 144 pt → 600 px; dark then light.
  Poco::JSON::Parser parser;
  EXPECT_EQ(parser.parse(get("/iiif/imultipage001.4/info.json").body)
                .extract<Poco::JSON::Object::Ptr>()
                ->getValue<int>("width"),
            300);
  parser.reset();
  EXPECT_EQ(parser.parse(get("/iiif/imultipage001.5/info.json").body)
                .extract<Poco::JSON::Object::Ptr>()
                ->getValue<int>("width"),
            600);
  const double dark = mean_grey(get("/iiif/imultipage001.4/full/100,/0/gray.png").body);
  const double light = mean_grey(get("/iiif/imultipage001.5/full/100,/0/gray.png").body);
  EXPECT_LT(dark, 60);
  EXPECT_GT(light, 200);
  // The same request on a later page is cached under its own key, beside page 1's.
  std::set<std::string> names;
  for (const auto& e :
       std::filesystem::recursive_directory_iterator(gazette::ArchiveLayout(root_).image_cache()))
    names.insert(e.path().filename().string());
  EXPECT_TRUE(names.count("0,0,200,300_200,300_gray.png"));
  EXPECT_TRUE(names.count("p2_0,0,210,300_210,300_gray.png"));
  EXPECT_TRUE(names.count("p3_0,0,220,300_220,300_gray.png"));
  // Different pages, different ETags.
  EXPECT_NE(conditional("/iiif/imultipage001.1/full/50,/0/default.jpg").etag,
            conditional("/iiif/imultipage001.2/full/50,/0/default.jpg").etag);
}

TEST_F(MultiPageArchive, ImagesSendLastModifiedAndAnswerIfModifiedSince) {
  for (const std::string path :
       {"/iiif/imultipage001.2/full/50,/0/default.jpg", "/iiif/imultipage001.2/info.json",
        "/issues/imultipage001/pages/2/image"}) {
    const auto first = conditional(path);
    ASSERT_EQ(first.status, 200) << path;
    ASSERT_FALSE(first.last_modified.empty()) << path;
    EXPECT_EQ(conditional(path, "If-Modified-Since", first.last_modified).status, 304) << path;
    EXPECT_EQ(conditional(path, "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT").status, 200)
        << path;
    EXPECT_EQ(conditional(path, "If-Modified-Since", "not a date").status, 200) << path;
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.1.3).
    EXPECT_EQ(
        conditional(path, "If-None-Match", "\"other\"", "If-Modified-Since", first.last_modified)
            .status,
        200)
        << path;
    EXPECT_EQ(conditional(path, "If-None-Match", first.etag).status, 304) << path;
  }
}

TEST_F(MultiPageArchive, SearchablePdfCarriesEveryPageImageAndItsText) {
  const auto r = get("/issues/imultipage001/pdf");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/pdf");
  std::vector<char> bytes(r.body.begin(), r.body.end());
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_data(&bytes));
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->pages(), 5);
  for (int i = 0; i < 5; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    const auto utf8 = page->text().to_utf8();
    const std::string text(utf8.begin(), utf8.end());
    EXPECT_NE(text.find("第" + std::to_string(i + 1) + "页可检索文字"), std::string::npos)
        << "page " << i + 1 << ": " << text;
  }
  // One image per page, drawn on it.
  std::size_t images = 0;
  for (auto at = r.body.find("/Subtype /Image"); at != std::string::npos;
       at = r.body.find("/Subtype /Image", at + 1))
    ++images;
  EXPECT_EQ(images, 5u);
  EXPECT_NE(r.body.find("/DCTDecode"), std::string::npos);
  EXPECT_EQ(get("/issues/nope/pdf").status, 404);
  EXPECT_NE(get("/issues/imultipage001").body.find("/issues/imultipage001/pdf"), std::string::npos);
}

TEST_F(MultiPageArchive, CompletenessPageShowsGapsAndAbsentActs) {
  const auto home = get("/");
  EXPECT_NE(home.body.find("href=\"/completeness\""), std::string::npos);
  const auto r = get("/completeness");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("浙政发〔2020〕2号"), std::string::npos);  // between 1号 and 3号
  EXPECT_NE(r.body.find("国办发〔2019〕9号"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/documents/imultipage001-03\""), std::string::npos);
  const auto json = get("/api/completeness");
  ASSERT_EQ(json.status, 200);
  Poco::JSON::Parser parser;
  const auto obj = parser.parse(json.body).extract<Poco::JSON::Object::Ptr>();
  const auto gaps = obj->getArray("gaps");
  ASSERT_EQ(gaps->size(), 1u);
  EXPECT_EQ(gaps->getObject(0)->getArray("missing_numbers")->getElement<std::string>(0),
            "浙政发〔2020〕2号");
  const auto absent = obj->getArray("absent");
  ASSERT_EQ(absent->size(), 1u);
  EXPECT_EQ(absent->getObject(0)->getValue<std::string>("number"), "国办发〔2019〕9号");
}

TEST(ServeCommand, AnswersOnTheAddressItPrints) {
  Poco::Pipe out;
  std::vector<std::string> args = {"--archive", e2e::archive().string(), "serve", "--listen",
                                   "127.0.0.1:0"};
  Poco::ProcessHandle handle = Poco::Process::launch(GAZETTE_BIN, args, nullptr, &out, nullptr);
  Poco::PipeInputStream stream(out);
  std::string line;
  std::getline(stream, line);  // "Gazette Archive reader: http://127.0.0.1:PORT/"
  const auto colon = line.rfind(':');
  ASSERT_NE(colon, std::string::npos) << line;
  const auto port = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
  const auto r = e2e::http_get("127.0.0.1", port, "/");
  Poco::Process::requestTermination(handle.id());
  EXPECT_EQ(handle.wait(), 0);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("2017年第12期"), std::string::npos);
}

}  // namespace
