#pragma once
// Progress of long work: done/total, rate and ETA, redrawn in place on a terminal and as
// plain log lines otherwise.
#include <chrono>
#include <mutex>
#include <ostream>
#include <string>

namespace gazette::pipeline {

class Progress {
 public:
  Progress(std::ostream* out, bool terminal, std::string unit, int total);
  void advance(const std::string& what);
  void finish();

 private:
  std::ostream* out_;
  bool terminal_;
  std::string unit_;
  int total_;
  int done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

}  // namespace gazette::pipeline
