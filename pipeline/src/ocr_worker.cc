#include "ocr_worker.h"

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <thread>

#include "gazette/error.h"
#include "gazette/ocr/recognizer.h"
#include "gazette/pipeline/ocr_worker.h"

namespace gazette::pipeline {
namespace {

constexpr std::uint32_t kMaxFrame = 1u << 30;

// --- field coding -----------------------------------------------------------------------

void put_u32(std::string& out, std::uint32_t n) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
}

std::uint32_t get_u32(const char* p) {
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i)
    n |= static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return n;
}

class FieldWriter {
 public:
  FieldWriter& add(const std::string& s) {
    put_u32(out_, static_cast<std::uint32_t>(s.size()));
    out_ += s;
    return *this;
  }
  FieldWriter& add(long long n) { return add(std::to_string(n)); }
  FieldWriter& add(int n) { return add(static_cast<long long>(n)); }
  FieldWriter& add(bool b) { return add(std::string(b ? "1" : "0")); }
  FieldWriter& add(double d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return add(std::string(buf));
  }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

class FieldReader {
 public:
  explicit FieldReader(const std::string& frame) : frame_(frame) {}
  std::string text() {
    if (frame_.size() - at_ < 4) throw InvalidInput("OCR worker message truncated");
    const std::uint32_t n = get_u32(frame_.data() + at_);
    at_ += 4;
    if (frame_.size() - at_ < n) throw InvalidInput("OCR worker message truncated");
    std::string s = frame_.substr(at_, n);
    at_ += n;
    return s;
  }
  long long integer() {
    const std::string s = text();
    char* end = nullptr;
    errno = 0;
    const long long n = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno) throw InvalidInput("OCR worker sent a bad number");
    return n;
  }
  int small() {
    const long long n = integer();
    if (n < -(1ll << 31) || n > (1ll << 31) - 1) throw InvalidInput("OCR worker sent a bad number");
    return static_cast<int>(n);
  }
  bool flag() { return integer() != 0; }
  double real() {
    const std::string s = text();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') throw InvalidInput("OCR worker sent a bad number");
    return d;
  }
  void finish() const {
    if (at_ != frame_.size()) throw InvalidInput("OCR worker message has trailing bytes");
  }

 private:
  const std::string& frame_;
  std::size_t at_ = 0;
};

// --- frames on a descriptor -------------------------------------------------------------

bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    // MSG_NOSIGNAL: a dead peer is an error to report, not a SIGPIPE.
    const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool write_frame(int fd, const std::string& payload) {
  std::string frame;
  put_u32(frame, static_cast<std::uint32_t>(payload.size()));
  frame += payload;
  return write_all(fd, frame);
}

enum class ReadResult { ok, eof, timeout, bad };

// Reads exactly n bytes; `deadline` bounds the wait (none when nullopt).
ReadResult read_exact(int fd, char* buf, std::size_t n,
                      std::optional<std::chrono::steady_clock::time_point> deadline) {
  std::size_t done = 0;
  while (done < n) {
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            *deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return ReadResult::timeout;
      pollfd p{fd, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return ReadResult::eof;
      if (r == 0) return ReadResult::timeout;
    }
    const ssize_t got = ::read(fd, buf + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return ReadResult::eof;
    done += static_cast<std::size_t>(got);
  }
  return ReadResult::ok;
}

ReadResult read_frame(int fd, std::string& payload,
                      std::optional<std::chrono::steady_clock::time_point> deadline) {
  char head[4];
  if (const auto r = read_exact(fd, head, 4, deadline); r != ReadResult::ok) return r;
  const std::uint32_t n = get_u32(head);
  if (n > kMaxFrame) return ReadResult::bad;
  payload.assign(n, '\0');
  return read_exact(fd, payload.data(), n, deadline);
}

// --- the worker's side ------------------------------------------------------------------

#ifdef GAZETTE_OCR_FAULT_INJECTION
// Test builds only: GAZETTE_OCR_FAULT=KIND:SUBSTRING[,KIND:SUBSTRING…] makes the worker fail
// on pages whose file path contains SUBSTRING, as a broken engine would: crash (SIGSEGV),
// abort (SIGABRT), oom (allocates until its memory limit stops it), hang (never answers).
void inject_fault(const OcrRequest& request) {
  const char* spec = std::getenv("GAZETTE_OCR_FAULT");
  if (!spec) return;
  std::string all = spec;
  for (std::size_t start = 0; start <= all.size();) {
    const std::size_t comma = std::min(all.find(',', start), all.size());
    const std::string item = all.substr(start, comma - start);
    start = comma + 1;
    const auto colon = item.find(':');
    if (colon == std::string::npos) continue;
    const std::string kind = item.substr(0, colon), what = item.substr(colon + 1);
    if (what.empty() || request.file.string().find(what) == std::string::npos) continue;
    if (kind == "crash") std::raise(SIGSEGV);
    if (kind == "abort") std::abort();
    if (kind == "hang")
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(60));
    if (kind == "oom") {
      // Address space only (never touched), so the limit is reached without using RAM.
      std::vector<std::unique_ptr<char[]>> hog;
      for (;;) hog.emplace_back(new char[64 << 20]);
    }
  }
}
#else
void inject_fault(const OcrRequest&) {}
#endif

std::string recognizer_key(const OcrRequest& r) {
  const auto& c = r.cleanup;
  return r.languages + "|" + std::to_string(c.drop_red) + std::to_string(c.upscale_low_dpi) +
         std::to_string(c.normalize_background) + std::to_string(c.deskew) +
         std::to_string(c.remove_borders) + std::to_string(c.despeckle) +
         std::to_string(c.binarize) + "|" + std::to_string(c.target_dpi) + "|" +
         std::to_string(c.max_dpi);
}

OcrAnswer answer_request(const OcrRequest& request,
                         std::map<std::string, std::unique_ptr<ocr::Recognizer>>& recognizers) {
  OcrAnswer a;
  try {
    inject_fault(request);
    auto& slot = recognizers[recognizer_key(request)];
    if (!slot) {
      ocr::RecognizerOptions o;
      o.languages = request.languages;
      o.cleanup = request.cleanup;
      slot = std::make_unique<ocr::Recognizer>(o);
    }
    auto recognised = slot->recognize_file(request.file, request.index);
    auto& rec = recognised.result;
    a.model = recognised.model;
    a.text = std::move(rec.text);
    a.lines = std::move(rec.lines);
    a.confidence = rec.confidence;
    a.width = rec.width;
    a.height = rec.height;
    a.hocr = std::move(rec.hocr);
  } catch (const InvalidInput& e) {
    a = {};
    a.error = e.what();
  } catch (const OcrError& e) {
    a = {};
    a.error = e.what();
  }
  return a;
}

std::string describe_end(int status, const OcrWorkerOptions& options) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = ::strsignal(sig);
    if (sig == SIGKILL)
      return std::string(kWorkerFailurePrefix) + "killed (signal 9; out of memory?)";
    return std::string(kWorkerFailurePrefix) + "crashed (signal " + std::to_string(sig) +
           (name ? std::string(", ") + name : "") + ")";
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == kWorkerOutOfMemoryStatus)
    return std::string(kWorkerFailurePrefix) + "killed (out of memory: over its limit of " +
           std::to_string(options.memory_limit_bytes >> 20) + " MiB)";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
    return std::string(kWorkerFailurePrefix) + "could not be started (" + options.program.string() +
           ")";
  return std::string(kWorkerFailurePrefix) + "exited unexpectedly (status " +
         std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) + ")";
}

}  // namespace

// --- coding -----------------------------------------------------------------------------

std::string encode_request(const OcrRequest& r) {
  FieldWriter w;
  const auto& c = r.cleanup;
  w.add(r.file.string()).add(r.index).add(r.languages);
  w.add(c.drop_red).add(c.upscale_low_dpi).add(c.normalize_background).add(c.deskew);
  w.add(c.remove_borders).add(c.despeckle).add(c.binarize).add(c.target_dpi).add(c.max_dpi);
  return w.str();
}

OcrRequest decode_request(const std::string& frame) {
  FieldReader f(frame);
  OcrRequest r;
  r.file = f.text();
  r.index = f.small();
  r.languages = f.text();
  auto& c = r.cleanup;
  c.drop_red = f.flag();
  c.upscale_low_dpi = f.flag();
  c.normalize_background = f.flag();
  c.deskew = f.flag();
  c.remove_borders = f.flag();
  c.despeckle = f.flag();
  c.binarize = f.flag();
  c.target_dpi = f.small();
  c.max_dpi = f.small();
  f.finish();
  return r;
}

std::string encode_answer(const OcrAnswer& a) {
  FieldWriter w;
  w.add(a.error).add(a.model).add(a.text).add(a.confidence).add(a.width).add(a.height);
  w.add(a.hocr).add(static_cast<long long>(a.lines.size()));
  for (const auto& l : a.lines)
    w.add(l.text)
        .add(l.box.x0)
        .add(l.box.y0)
        .add(l.box.x1)
        .add(l.box.y1)
        .add(l.confidence)
        .add(l.size);
  return w.str();
}

OcrAnswer decode_answer(const std::string& frame) {
  FieldReader f(frame);
  OcrAnswer a;
  a.error = f.text();
  a.model = f.text();
  a.text = f.text();
  a.confidence = f.real();
  a.width = f.small();
  a.height = f.small();
  a.hocr = f.text();
  const long long n = f.integer();
  if (n < 0 || static_cast<std::size_t>(n) > frame.size() / 28)
    throw InvalidInput("OCR worker sent a bad line count");
  a.lines.resize(static_cast<std::size_t>(n));
  for (auto& l : a.lines) {
    l.text = f.text();
    l.box.x0 = f.small();
    l.box.y0 = f.small();
    l.box.x1 = f.small();
    l.box.y1 = f.small();
    l.confidence = f.real();
    l.size = f.real();
  }
  f.finish();
  return a;
}

// --- worker main ------------------------------------------------------------------------

int run_ocr_worker() {
  // The socket is stdin and stdout. Keep private copies and point fd 1 at stderr, so that
  // anything a library prints cannot corrupt the frames.
  const int in = ::dup(0), out = ::dup(1);
  if (in < 0 || out < 0 || ::dup2(2, 1) < 0) {
    std::cerr << "gazette ocr-worker: cannot set up its channel: " << std::strerror(errno) << "\n";
    return 1;
  }
  std::map<std::string, std::unique_ptr<ocr::Recognizer>> recognizers;
  try {
    for (std::string frame;;) {
      const auto r = read_frame(in, frame, std::nullopt);
      if (r == ReadResult::eof) return 0;
      if (r != ReadResult::ok) {
        std::cerr << "gazette ocr-worker: bad request frame\n";
        return 1;
      }
      const OcrAnswer answer = answer_request(decode_request(frame), recognizers);
      if (!write_frame(out, encode_answer(answer))) return 1;  // the parent has gone
    }
  } catch (const std::bad_alloc&) {
    // Its memory limit stopped a runaway page: say so by the exit status. _exit: unwinding
    // and destructors would need memory too.
    std::_Exit(kWorkerOutOfMemoryStatus);
  } catch (const std::exception& e) {
    std::cerr << "gazette ocr-worker: " << e.what() << "\n";
    return 1;
  }
}

// --- parent side ------------------------------------------------------------------------

OcrWorker::OcrWorker(OcrWorkerOptions options) : options_(std::move(options)) {}

OcrWorker::~OcrWorker() {
  if (pid_ > 0) stop(true);
}

void OcrWorker::start() {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    throw OcrError(std::string("cannot create the OCR worker's socket: ") + std::strerror(errno));
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  const std::string program = options_.program.string();
  std::string command = kOcrWorkerCommand;
  char* argv[] = {const_cast<char*>(program.c_str()), command.data(), nullptr};
  rlimit limit{};
  limit.rlim_cur = limit.rlim_max = options_.memory_limit_bytes;
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int err = errno;
    ::close(sv[0]);
    ::close(sv[1]);
    throw OcrError(std::string("cannot start an OCR worker: ") + std::strerror(err));
  }
  if (pid == 0) {
    if (::dup2(sv[1], 0) < 0 || ::dup2(sv[1], 1) < 0) ::_exit(127);
    // No inherited descriptor (the archive lock, the catalogue, the index) outlives the
    // parent in a worker.
    ::close_range(3, ~0u, 0);
    if (options_.memory_limit_bytes > 0) ::setrlimit(RLIMIT_AS, &limit);
    ::execv(argv[0], argv);
    ::_exit(127);
  }
  ::close(sv[1]);
  pid_ = pid;
  socket_ = sv[0];
}

std::string OcrWorker::stop(bool kill_it) {
  if (kill_it) ::kill(pid_, SIGKILL);
  ::close(socket_);
  socket_ = -1;
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  return describe_end(status, options_);
}

OcrAnswer OcrWorker::recognize(const OcrRequest& request) {
  if (pid_ <= 0) start();
  OcrAnswer failed;
  if (!write_frame(socket_, encode_request(request))) {
    failed.error = stop(false);
    return failed;
  }
  std::optional<std::chrono::steady_clock::time_point> deadline;
  if (options_.page_timeout_seconds > 0)
    deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(options_.page_timeout_seconds);
  std::string frame;
  switch (read_frame(socket_, frame, deadline)) {
    case ReadResult::ok:
      try {
        return decode_answer(frame);
      } catch (const InvalidInput& e) {
        stop(true);
        failed.error =
            std::string(kWorkerFailurePrefix) + "answered garbage (" + e.what() + "; killed)";
        return failed;
      }
    case ReadResult::eof:
      failed.error = stop(false);
      return failed;
    case ReadResult::timeout:
      stop(true);
      failed.error = std::string(kWorkerFailurePrefix) + "timed out after " +
                     std::to_string(options_.page_timeout_seconds) + " s on this page (killed)";
      return failed;
    case ReadResult::bad:
      stop(true);
      failed.error =
          std::string(kWorkerFailurePrefix) + "answered garbage (frame too large; killed)";
      return failed;
  }
  return failed;
}

}  // namespace gazette::pipeline
