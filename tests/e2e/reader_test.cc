// The reader against a real server: in-process (viewer::Server on a free port) for the
// routes, and the `gazette serve` binary for the command itself.
#include <Poco/JSON/Parser.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <gtest/gtest.h>

#include "e2e_support.h"
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
