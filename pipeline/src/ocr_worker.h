#pragma once
// Parent side of the OCR worker processes (gazette/pipeline/ocr_worker.h) and their protocol.
//
// Protocol, over one Unix socket that is the worker's stdin and stdout: each message is a
// frame, a 4-byte little-endian length then that many bytes; a frame holds fields, each a
// 4-byte little-endian length then its bytes (numbers as decimal text). Request fields: file,
// page index, languages, then the clean-up switches. Answer fields: error (empty when the page
// was recognised), model, text, confidence, width, height, hOCR, line count, then per line
// text, x0, y0, x1, y1, confidence, size. The worker answers one request at a time.
//
// Error policy: a worker that crashes, is killed, runs out of memory, times out or answers
// garbage is reported as a failed page with the reason (never thrown); the next request
// starts a new worker. Only failing to start a worker at all throws (OcrError).
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gazette/model.h"
#include "gazette/ocr/cleanup.h"

namespace gazette::pipeline {

struct OcrWorkerOptions {
  std::filesystem::path program = "/proc/self/exe";  // the gazette binary
  // Address-space limit of each worker (RLIMIT_AS): a runaway page is stopped, not the machine.
  // A worker needs ~0.5 GiB with four models loaded; 0 = no limit.
  std::uint64_t memory_limit_bytes = 4ull << 30;
  int page_timeout_seconds = 600;  // a worker silent this long on one page is killed; 0 = never
};

struct OcrRequest {
  std::filesystem::path file;
  int index = 0;
  std::string languages;  // "" = automatic routing
  ocr::CleanupOptions cleanup;
};

struct OcrAnswer {
  // Empty when recognised; otherwise why not (bad image, engine error, worker crash …).
  std::string error;
  std::string model;
  std::string text;
  std::vector<TextLine> lines;
  double confidence = 0;
  int width = 0, height = 0;
  std::string hocr;
};

// One worker process, started on first use and again after it dies. Not thread-safe: one
// per ingest thread.
class OcrWorker {
 public:
  explicit OcrWorker(OcrWorkerOptions options);
  ~OcrWorker();
  OcrWorker(const OcrWorker&) = delete;
  OcrWorker& operator=(const OcrWorker&) = delete;

  OcrAnswer recognize(const OcrRequest& request);

 private:
  void start();
  // Kills (if still running) and reaps the worker; returns why it ended, for the page.
  std::string stop(bool kill_it);
  OcrWorkerOptions options_;
  pid_t pid_ = -1;
  int socket_ = -1;
};

// Every reason given for a page its worker failed on starts so; such pages are retried by a
// rerun even in an issue that is otherwise complete.
inline constexpr const char* kWorkerFailurePrefix = "OCR worker ";

// Exit status of a worker whose allocation failed under its memory limit.
inline constexpr int kWorkerOutOfMemoryStatus = 86;

// Frame coding, shared by both sides (and the tests).
std::string encode_request(const OcrRequest& request);
OcrRequest decode_request(const std::string& frame);
std::string encode_answer(const OcrAnswer& answer);
OcrAnswer decode_answer(const std::string& frame);

}  // namespace gazette::pipeline
