#include "progress.h"

#include <cstdio>

namespace gazette::pipeline {

Progress::Progress(std::ostream* out, bool terminal, std::string unit, int total)
    : out_(out),
      terminal_(terminal),
      unit_(std::move(unit)),
      total_(total),
      start_(std::chrono::steady_clock::now()) {}

void Progress::advance(const std::string& what) {
  std::lock_guard lock(mutex_);
  ++done_;
  if (out_ == nullptr) return;
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double per_min = secs > 0 ? done_ * 60.0 / secs : 0;
  const double eta = per_min > 0 ? (total_ - done_) * 60.0 / per_min : 0;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%d/%d %s  %.1f %s/min  ETA %dm%02ds", done_, total_,
                unit_.c_str(), per_min, unit_.c_str(), static_cast<int>(eta) / 60,
                static_cast<int>(eta) % 60);
  if (terminal_) {
    *out_ << "\r\033[K" << buf << std::flush;
  } else {
    *out_ << buf << "  " << what << "\n";
  }
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (out_ != nullptr && terminal_) *out_ << "\n";
}

}  // namespace gazette::pipeline
