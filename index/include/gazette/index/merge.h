#pragma once
// Merges Xapian databases built apart (in parallel, for a bulk build) into one, with Xapian's
// compactor. Errors: StorageError; InvalidInput for no inputs or an existing output.
#include <filesystem>
#include <vector>

namespace gazette::index {

struct MergeOptions {
  // Read each input's table ahead, from start to end on a second thread, when the compactor
  // starts on that table, and drop the inputs' previous table from the page cache. A
  // database grown commit by commit has its B-tree blocks scattered through its files, so
  // the compactor's walk in key order reads them at random once they are no longer cached:
  // at 1M documents the merge waited on the disk half of the time.
  bool read_ahead = true;
};

// Writes `output`, holding the documents of `inputs` in that order (docids renumbered one
// after another), and flushes it to disk. The inputs are left as they were.
void merge_databases(const std::vector<std::filesystem::path>& inputs,
                     const std::filesystem::path& output, const MergeOptions& options = {});

}  // namespace gazette::index
