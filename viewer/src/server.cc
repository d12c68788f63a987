#include "gazette/viewer/server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>

#include "gazette/error.h"
#include "http.h"

namespace gazette::viewer {
namespace {

constexpr std::size_t kMaxUri = 4096;

Request to_request(Poco::Net::HTTPServerRequest& in) {
  if (in.getURI().size() > kMaxUri) throw HttpError(414, "URI too long");
  Request r;
  r.method = in.getMethod();
  Poco::URI uri;
  try {
    uri = Poco::URI(in.getURI());
    for (const auto& [k, v] : uri.getQueryParameters()) r.query.emplace(k, v);
  } catch (const Poco::Exception&) {
    throw HttpError(400, "malformed URI");
  }
  r.path = uri.getPath();
  // Host goes into absolute URLs (IIIF ids, citations): accept only host[:port] characters.
  const auto& host = in.getHost();
  if (host.size() <= 255 && std::all_of(host.begin(), host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
      }))
    r.host = host;
  r.if_none_match = in.get("If-None-Match", "");
  if (r.if_none_match.size() > 512) r.if_none_match.clear();
  r.if_modified_since = in.get("If-Modified-Since", "");
  if (r.if_modified_since.size() > 64) r.if_modified_since.clear();
  std::vector<std::string> segments;
  uri.getPathSegments(segments);
  r.segments = std::move(segments);
  return r;
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(const Library& library) : library_(library) {}

  void handleRequest(Poco::Net::HTTPServerRequest& in,
                     Poco::Net::HTTPServerResponse& out) override {
    Response r;
    bool as_json = in.getURI().starts_with("/api/");
    try {
      r = handle(library_, to_request(in));
    } catch (const HttpError& e) {
      r = error_response(e.status(), e.what(), as_json);
    } catch (const std::exception& e) {
      std::cerr << "serve: " << in.getMethod() << " " << in.getURI() << ": " << e.what() << "\n";
      r = error_response(500, "internal error", as_json);
    }
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
    out.setContentType(r.content_type);
    out.set("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; "
            "frame-ancestors 'none'");
    out.set("X-Content-Type-Options", "nosniff");
    out.set("Referrer-Policy", "same-origin");
    for (const auto& [k, v] : r.headers) out.set(k, v);
    if (r.last_modified)
      out.set("Last-Modified",
              Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(*r.last_modified),
                                              Poco::DateTimeFormat::HTTP_FORMAT));
    if (r.status == 304) {
      out.send();
      return;
    }
    if (!r.file.empty()) {
      std::ifstream f(r.file, std::ios::binary);
      if (!f) {
        const auto e = error_response(404, "file missing", as_json);
        out.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
        out.sendBuffer(e.body.data(), e.body.size());
        return;
      }
      r.body.assign(std::istreambuf_iterator<char>(f), {});
    }
    out.setContentLength(static_cast<std::streamsize>(r.body.size()));
    if (in.getMethod() == "HEAD") {
      out.send();
    } else {
      out.sendBuffer(r.body.data(), r.body.size());
    }
  }

 private:
  const Library& library_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(const Library& library) : library_(library) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new Handler(library_);  // Poco takes ownership
  }

 private:
  const Library& library_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Library library;
  std::unique_ptr<Poco::Net::HTTPServer> server;
};

Server::Server(ServerOptions options)
    : impl_(std::make_unique<Impl>(Impl{options, Library(options.archive, options.shards), nullptr})) {}

Server::~Server() {
  stop();
}

void Server::start() {
  try {
    Poco::Net::ServerSocket socket(
        Poco::Net::SocketAddress(impl_->options.host, impl_->options.port));
    auto params = Poco::AutoPtr<Poco::Net::HTTPServerParams>(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(impl_->options.threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    impl_->server =
        std::make_unique<Poco::Net::HTTPServer>(new Factory(impl_->library), socket, params);
    impl_->server->start();
  } catch (const Poco::Exception& e) {
    throw IoError("cannot listen on " + impl_->options.host + ":" +
                  std::to_string(impl_->options.port) + ": " + e.displayText());
  }
}

void Server::stop() {
  if (impl_ && impl_->server) {
    impl_->server->stopAll(true);
    impl_->server.reset();
  }
}

std::uint16_t Server::port() const {
  return impl_->server ? impl_->server->port() : impl_->options.port;
}

}  // namespace gazette::viewer
