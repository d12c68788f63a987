#include "gazette/index/merge.h"

#include <xapian.h>

#include <memory>
#include <string>
#include <thread>

#include "file_handle.h"
#include "gazette/error.h"

namespace gazette::index {
namespace fs = std::filesystem;
namespace {

// Xapian's compactor says when it starts on a table (set_status with an empty status); this
// one then reads that table of every input ahead, in the order the inputs are given.
class ReadAheadCompactor : public Xapian::Compactor {
 public:
  explicit ReadAheadCompactor(const std::vector<fs::path>& inputs) : inputs_(inputs) {}

  void set_status(const std::string& table, const std::string& status) override {
    if (!status.empty() || table == current_) return;
    reader_ = {};  // stops and joins the previous table's reader
    if (!current_.empty())
      for (const auto& dir : inputs_) {
        const FileHandle f(dir / (current_ + ".glass"));
        if (f.fd() >= 0) ::posix_fadvise(f.fd(), 0, 0, POSIX_FADV_DONTNEED);
      }
    current_ = table;
    std::vector<fs::path> files;
    for (const auto& dir : inputs_) files.push_back(dir / (table + ".glass"));
    reader_ = std::jthread(read_through, std::move(files));
  }

 private:
  // Reading ahead only warms the page cache: a file that cannot be read is left to the
  // compactor, which reads it itself and reports the error.
  static void read_through(std::stop_token stop, std::vector<fs::path> files) {
    constexpr std::size_t kChunk = 4 << 20;
    const auto buffer = std::make_unique<char[]>(kChunk);
    for (const auto& file : files) {
      const FileHandle f(file);
      if (f.fd() < 0) continue;  // a table this input does not have
      ::posix_fadvise(f.fd(), 0, 0, POSIX_FADV_SEQUENTIAL);
      while (!stop.stop_requested() && ::read(f.fd(), buffer.get(), kChunk) > 0) {
      }
      if (stop.stop_requested()) return;
    }
  }

  const std::vector<fs::path>& inputs_;
  std::string current_;
  std::jthread reader_;
};

}  // namespace

void merge_databases(const std::vector<fs::path>& inputs, const fs::path& output,
                     const MergeOptions& options) {
  if (inputs.empty()) throw InvalidInput("nothing to merge into " + output.string());
  if (fs::exists(output)) throw InvalidInput("merge output " + output.string() + " exists");
  try {
    Xapian::Database all;
    for (const auto& dir : inputs) all.add_database(Xapian::Database(dir.string()));
    if (options.read_ahead) {
      ReadAheadCompactor compactor(inputs);
      all.compact(output.string(), 0, 0, compactor);
    } else {
      all.compact(output.string());
    }
  } catch (const Xapian::Error& e) {
    throw StorageError("merging " + std::to_string(inputs.size()) + " databases into " +
                       output.string() + " failed: " + e.get_description());
  }
}

}  // namespace gazette::index
