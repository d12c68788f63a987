#include "bundle.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <string>

#include "gazette/error.h"

namespace gazette::pipeline {
namespace {

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

constexpr std::int64_t kMaxEntrySize = 2LL << 30;   // 2 GiB for one page or PDF
constexpr std::int64_t kMaxTotalSize = 64LL << 30;  // 64 GiB for a whole bundle
constexpr std::size_t kMaxEntries = 200'000;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Entry names must stay inside the staging folder and be printable.
void check_entry_name(const std::string& name) {
  if (name.empty()) throw InvalidInput("bundle entry with an empty name");
  if (name.front() == '/') throw InvalidInput("bundle entry with an absolute path: " + name);
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7F) throw InvalidInput("bundle entry name with control characters");
  for (const auto& part : std::filesystem::path(name))
    if (part == "..") throw InvalidInput("bundle entry escapes the bundle: " + name);
}

}  // namespace

bool is_bundle(const std::filesystem::path& file) {
  const std::string n = lower(file.filename().string());
  for (const char* ext :
       {".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"})
    if (n.size() > std::string(ext).size() && n.ends_with(ext)) return true;
  return false;
}

void extract_bundle(const std::filesystem::path& bundle, const std::filesystem::path& dest) {
  std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_bzip2(a.get());
  archive_read_support_filter_xz(a.get());
  if (archive_read_open_filename(a.get(), bundle.c_str(), 1 << 16) != ARCHIVE_OK)
    throw InvalidInput("cannot open bundle " + bundle.string() + ": " +
                       archive_error_string(a.get()));
  std::filesystem::create_directories(dest);
  archive_entry* entry = nullptr;
  std::size_t entries = 0;
  std::int64_t total = 0;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    if (++entries > kMaxEntries) throw InvalidInput("bundle has too many entries");
    const char* raw_name = archive_entry_pathname(entry);
    const std::string name = raw_name ? raw_name : "";
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    check_entry_name(name);
    if (type != AE_IFREG) throw InvalidInput("bundle entry is a link or special file: " + name);
    const std::filesystem::path out = dest / name;
    std::filesystem::create_directories(out.parent_path());
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    if (!file) throw IoError("cannot write " + out.string());
    std::int64_t written = 0;
    char buf[1 << 16];
    la_ssize_t n = 0;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
      written += n;
      total += n;
      if (written > kMaxEntrySize) throw InvalidInput("bundle entry too large: " + name);
      if (total > kMaxTotalSize) throw InvalidInput("bundle expands beyond the size limit");
      file.write(buf, n);
    }
    if (n < 0)
      throw InvalidInput("damaged bundle entry " + name + ": " + archive_error_string(a.get()));
  }
  if (rc != ARCHIVE_EOF)
    throw InvalidInput("damaged bundle " + bundle.string() + ": " + archive_error_string(a.get()));
}

}  // namespace gazette::pipeline
