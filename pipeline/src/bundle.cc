#include "bundle.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gazette/error.h"

namespace gazette::pipeline {
namespace fs = std::filesystem;
namespace {

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

constexpr const char* kAccepted = "accepted: zip, tar, tar.gz, tar.bz2, tar.xz";

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string error_of(archive* a) {
  const char* e = archive_error_string(a);
  return e ? e : "unknown error";
}

// Entry names must stay inside the staging folder and be printable. Backslashes count as
// separators too: bundles made on Windows use them.
void check_entry_name(const std::string& name) {
  if (name.empty()) throw InvalidInput("bundle entry with an empty name");
  if (name.front() == '/' || name.front() == '\\')
    throw InvalidInput("bundle entry with an absolute path: " + name);
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7F)
      throw InvalidInput("bundle entry name with control characters (refused)");
  std::string part;
  for (const char c : name + "/") {
    if (c == '/' || c == '\\') {
      if (part == "..") throw InvalidInput("bundle entry escapes the bundle: " + name);
      part.clear();
    } else {
      part += c;
    }
  }
}

// Bytes expanded so far, over the whole tree of nested bundles.
struct Budget {
  const BundleLimits& limits;
  std::size_t entries = 0;
  std::int64_t total = 0;
};

void extract(const fs::path& bundle, const fs::path& dest, Budget& budget, int depth) {
  std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  if (archive_read_open_filename(a.get(), bundle.c_str(), 1 << 16) != ARCHIVE_OK)
    throw InvalidInput("not a bundle this archive reads: " + bundle.filename().string() + " (" +
                       kAccepted + "): " + error_of(a.get()));
  fs::create_directories(dest);
  archive_entry* entry = nullptr;
  bool first = true;
  std::int64_t expanded_here = 0;  // this bundle's own output, for its expansion ratio
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    first = false;
    if (++budget.entries > budget.limits.max_entries)
      throw InvalidInput("bundle has more than " + std::to_string(budget.limits.max_entries) +
                         " entries");
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name ? raw_name : "";
    check_entry_name(name);
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    // A tar hard link is a "regular" entry naming another path; links of any kind are refused,
    // since a link is the classic way to write outside the staging folder.
    if (archive_entry_hardlink(entry) || archive_entry_symlink(entry) || type != AE_IFREG)
      throw InvalidInput("bundle entry is a link or special file (refused): " + name);
    const fs::path out = dest / name;
    if (const auto last = out.filename().string(); last.empty() || last == ".")
      throw InvalidInput("bundle entry names no file: " + name);
    // An entry whose folder is a file, or whose name is a folder, of an earlier entry.
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    if (ec || fs::is_directory(out))
      throw InvalidInput("bundle entry clashes with another entry of the bundle: " + name);
    {
      std::ofstream file(out, std::ios::binary | std::ios::trunc);
      if (!file) throw IoError("cannot write " + out.string());
      std::int64_t written = 0;
      std::vector<char> buf(1 << 16);
      la_ssize_t n = 0;
      while ((n = archive_read_data(a.get(), buf.data(), buf.size())) > 0) {
        written += n;
        expanded_here += n;
        budget.total += n;
        if (written > budget.limits.max_entry_size)
          throw InvalidInput("bundle entry larger than the limit of " +
                             std::to_string(budget.limits.max_entry_size) + " bytes: " + name);
        if (budget.total > budget.limits.max_total_size)
          throw InvalidInput("bundle expands beyond the limit of " +
                             std::to_string(budget.limits.max_total_size) + " bytes");
        const auto compressed = archive_filter_bytes(a.get(), -1);
        if (budget.total > budget.limits.ratio_floor && compressed > 0 &&
            static_cast<double>(expanded_here) / static_cast<double>(compressed) >
                budget.limits.max_expansion_ratio)
          throw InvalidInput("bundle expands more than " +
                             std::to_string(static_cast<int>(budget.limits.max_expansion_ratio)) +
                             " times its size (a decompression bomb?): " + name);
        file.write(buf.data(), n);
      }
      if (n < 0) throw InvalidInput("damaged bundle entry " + name + ": " + error_of(a.get()));
      if (!file.flush()) throw IoError("cannot write " + out.string());
    }
    if (is_bundle(out)) {
      if (depth >= budget.limits.max_nesting)
        throw InvalidInput("bundle nested more than " + std::to_string(budget.limits.max_nesting) +
                           " level deep (refused): " + name);
      // Unpack beside it, then let the folder take the bundle's name: "outer.zip!/inner.zip/…".
      const fs::path unpacked = out.string() + ".unpacking";
      fs::remove_all(unpacked);
      extract(out, unpacked, budget, depth + 1);
      fs::remove(out);
      fs::rename(unpacked, out);
    }
  }
  if (rc != ARCHIVE_EOF) {
    if (first)
      throw InvalidInput("not a bundle this archive reads: " + bundle.filename().string() + " (" +
                         kAccepted + "): " + error_of(a.get()));
    throw InvalidInput("damaged bundle " + bundle.filename().string() + ": " + error_of(a.get()));
  }
}

}  // namespace

bool is_bundle(const fs::path& file) {
  const std::string n = lower(file.filename().string());
  for (const char* ext :
       {".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"})
    if (n.size() > std::string(ext).size() && n.ends_with(ext)) return true;
  return false;
}

void extract_bundle(const fs::path& bundle, const fs::path& dest, const BundleLimits& limits) {
  Budget budget{limits};
  extract(bundle, dest, budget, 0);
}

}  // namespace gazette::pipeline
