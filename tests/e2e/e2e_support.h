#pragma once
// Shared helpers for the end-to-end tests: the fixture's paths, its ground truth, running
// the gazette binary, and HTTP GETs.
#include <Poco/JSON/Object.h>

#include <filesystem>
#include <string>
#include <vector>

namespace e2e {

std::filesystem::path fixture();
std::filesystem::path archive();
std::filesystem::path corpus();

// One parsed JSON line per element.
std::vector<Poco::JSON::Object::Ptr> read_json_lines(const std::string& text);
std::vector<Poco::JSON::Object::Ptr> truth_documents();

struct RunResult {
  int exit_code = -1;
  std::string out;
};
// Runs the gazette binary with the fixture archive and `args`.
RunResult gazette(const std::vector<std::string>& args);
// The same on another archive folder (a copy the test may change).
RunResult gazette_on(const std::filesystem::path& archive_dir, const std::vector<std::string>& args);

struct HttpResult {
  int status = 0;
  std::string content_type;
  std::string body;
};
HttpResult http_get(const std::string& host, unsigned short port, const std::string& path);

// A run of `n` Han characters from the middle of the longest paragraph of `text`.
std::string han_phrase(const std::string& text, std::size_t n);

}  // namespace e2e
