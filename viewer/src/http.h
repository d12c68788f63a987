#pragma once
// The reader's request/response types: each route is one function from a Request to a
// Response; errors are thrown as HttpError (or gazette errors, mapped to 400/404).
#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "gazette/viewer/library.h"

namespace gazette::viewer {

struct Request {
  std::string method;
  std::string path;                               // decoded
  std::vector<std::string> segments;              // path split on '/'
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::string host;                               // the Host header, checked; may be empty
  std::string if_none_match;                      // the If-None-Match header
  std::string if_modified_since;                  // the If-Modified-Since header
  std::string param(const std::string& name, const std::string& fallback = "") const;
  // "http://host" for absolute URLs (IIIF, OAI-PMH, Atom); 127.0.0.1 when Host is absent.
  std::string base_url() const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::string file;  // when set, the body is this file's content
  std::map<std::string, std::string> headers;
  // Sent as Last-Modified (with the ETag) for resources that do not change once made.
  std::optional<std::time_t> last_modified;
};

class HttpError : public std::runtime_error {
 public:
  HttpError(int status, const std::string& reason) : std::runtime_error(reason), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

// Dispatches a request to its route. Request errors (HttpError, NotFound, InvalidInput)
// become 4xx responses; anything else propagates for the server to log and answer 500.
Response handle(const Library& library, const Request& request);
Response error_response(int status, const std::string& reason, bool as_json);

// Conditional GET (RFC 9110 §13.2.2): If-None-Match against the response's ETag when the
// request has one, else If-Modified-Since against its last_modified.
bool not_modified(const Request& request, const Response& response);
// A file's modification time (kept originals are written once); nullopt when it is missing.
std::optional<std::time_t> file_mtime(const std::filesystem::path& file);

// Routes in their own files.
Response json_response(std::string body);
Response iiif_route(const Library& library, const Request& request);
int parse_int(const std::string& s, const std::string& what, int lo, int hi);

}  // namespace gazette::viewer
