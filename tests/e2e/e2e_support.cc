#include "e2e_support.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "gazette/utf8.h"

namespace e2e {

std::filesystem::path fixture() {
  return GAZETTE_E2E_FIXTURE;
}
std::filesystem::path archive() {
  return fixture() / "archive";
}
std::filesystem::path corpus() {
  return fixture() / "corpus";
}

std::vector<Poco::JSON::Object::Ptr> read_json_lines(const std::string& text) {
  std::vector<Poco::JSON::Object::Ptr> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    Poco::JSON::Parser parser;
    out.push_back(parser.parse(line).extract<Poco::JSON::Object::Ptr>());
  }
  return out;
}

std::vector<Poco::JSON::Object::Ptr> truth_documents() {
  std::ifstream in(corpus() / "truth" / "documents.jsonl");
  if (!in) throw std::runtime_error("fixture has no ground truth; did e2e_fixture run?");
  std::stringstream buf;
  buf << in.rdbuf();
  return read_json_lines(buf.str());
}

RunResult gazette(const std::vector<std::string>& args) { return gazette_on(archive(), args); }

RunResult gazette_on(const std::filesystem::path& archive_dir, const std::vector<std::string>& args) {
  std::vector<std::string> all = {"--archive", archive_dir.string()};
  all.insert(all.end(), args.begin(), args.end());
  Poco::Pipe out;
  Poco::ProcessHandle handle = Poco::Process::launch(GAZETTE_BIN, all, nullptr, &out, nullptr);
  Poco::PipeInputStream stream(out);
  RunResult r;
  Poco::StreamCopier::copyToString(stream, r.out);
  r.exit_code = handle.wait();
  return r;
}

HttpResult http_get(const std::string& host, unsigned short port, const std::string& path) {
  Poco::Net::HTTPClientSession session(host, port);
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(request);
  Poco::Net::HTTPResponse response;
  std::istream& body = session.receiveResponse(response);
  HttpResult r;
  r.status = response.getStatus();
  r.content_type = response.getContentType();
  Poco::StreamCopier::copyToString(body, r.body);
  return r;
}

std::string han_phrase(const std::string& text, std::size_t n) {
  std::istringstream in(text);
  std::string longest;
  for (std::string line; std::getline(in, line);)
    if (line.size() > longest.size()) longest = line;
  const auto cps = gazette::utf8::decode(longest);
  for (std::size_t start = cps.size() / 2; start + n <= cps.size(); ++start) {
    bool all_han = true;
    for (std::size_t k = 0; k < n && all_han; ++k) all_han = gazette::utf8::is_han(cps[start + k]);
    if (all_han) return gazette::utf8::encode(std::u32string_view(cps).substr(start, n));
  }
  throw std::runtime_error("no run of Han characters in the truth text");
}

}  // namespace e2e
