#pragma once
// The OCR worker process: `gazette ingest` runs recognition in child processes (the gazette
// binary re-executed as `gazette ocr-worker`), so that a crash or a runaway allocation inside
// Leptonica or Tesseract on one page costs that page only. The protocol and the parent's side
// are internal to the pipeline (pipeline/src/ocr_worker.h).
namespace gazette::pipeline {

// The hidden subcommand that makes the gazette binary an OCR worker.
inline constexpr const char* kOcrWorkerCommand = "ocr-worker";

// Serves page requests on standard input, answers on standard output, until end of input.
// Returns the process exit status. Never throws: a page's errors are answered to the parent;
// running out of memory ends the process with a status the parent recognises.
int run_ocr_worker();

}  // namespace gazette::pipeline
