#include "dense_terms.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include "file_handle.h"
#include "gazette/error.h"
#include "gazette/index/writer.h"

namespace gazette::index {
namespace {

// The dense-terms file (docs/index-schema.md, "Dense terms"). Little-endian, sections
// 8-byte aligned.
constexpr char kMagic[8] = {'G', 'Z', 'D', 'E', 'N', 'S', 'E', '1'};
struct FileHeader {
  char magic[8];
  std::uint64_t revision;  // of the database it was written from
  std::uint64_t doccount;
  std::uint64_t words;  // 64-bit words in each bitset
  std::uint64_t terms;
  std::uint64_t lengths_offset;    // uint32 length by docid, words * 64 of them
  std::uint64_t directory_offset;  // per term: u32 size, name, u64 offset, u64 big entries
  char uuid[40];                    // of the database, NUL-padded
};

// Removes a file written aside unless it was put in place: a failed write leaves nothing.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    std::error_code not_there;  // already renamed, or never created
    std::filesystem::remove(path_, not_there);
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::size_t aligned(std::size_t n) {
  return (n + 7) & ~std::size_t{7};
}

// Fills `bits` (and `wdf`, when not null) from a term's posting list.
void read_postings(const Xapian::Database& db, const std::string& term, std::uint64_t* bits,
                   std::uint8_t* wdf,
                   std::unordered_map<Xapian::docid, Xapian::termcount>& big_wdf) {
  for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
    const Xapian::docid d = *p;
    bits[d >> 6] |= std::uint64_t{1} << (d & 63);
    if (wdf == nullptr) continue;
    const Xapian::termcount w = p.get_wdf();
    if (w >= TermBits::kBigWdf) {
      wdf[d] = TermBits::kBigWdf;
      big_wdf[d] = w;
    } else {
      wdf[d] = static_cast<std::uint8_t>(w);
    }
  }
}

}  // namespace

class DenseTermsFile {
 public:
  const unsigned char* data = nullptr;
  std::size_t size = 0;
  struct Term {
    std::uint64_t offset, big;
  };
  std::unordered_map<std::string, Term> terms;

  ~DenseTermsFile() {
    if (data != nullptr) munmap(const_cast<unsigned char*>(data), size);
  }
  // The file when it holds `db` at its current revision, else null (not an error: the
  // searcher then reads posting lists itself).
  static std::unique_ptr<DenseTermsFile> open(const std::filesystem::path& file,
                                              const Xapian::Database& db, std::size_t words,
                                              bool read_ahead) {
    auto mapped = std::make_unique<DenseTermsFile>();
    {
      const FileHandle f(file);
      if (f.fd() < 0) return nullptr;
      struct stat st {};
      if (fstat(f.fd(), &st) == 0 && static_cast<std::size_t>(st.st_size) >= sizeof(FileHeader)) {
        void* p = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED,
                       f.fd(), 0);
        if (p != MAP_FAILED) {
          mapped->data = static_cast<const unsigned char*>(p);
          mapped->size = static_cast<std::size_t>(st.st_size);
        }
      }
    }
    if (mapped->data == nullptr) return nullptr;
    FileHeader h{};
    std::memcpy(&h, mapped->data, sizeof h);
    const std::size_t size = mapped->size;
    // [offset, offset + length) lies in the file (written so that nothing can overflow).
    auto inside = [size](std::uint64_t offset, std::uint64_t length) {
      return offset <= size && length <= size - offset;
    };
    const std::uint64_t per_term = words * 8 + words * 64;
    if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.revision != db.get_revision() ||
        h.doccount != db.get_doccount() || h.words != words ||
        std::string(h.uuid, strnlen(h.uuid, sizeof h.uuid)) != db.get_uuid() ||
        h.lengths_offset % 8 != 0 || !inside(h.lengths_offset, words * 64 * 4) ||
        !inside(h.directory_offset, 0))
      return nullptr;
    std::size_t at = h.directory_offset;
    for (std::uint64_t i = 0; i < h.terms; ++i) {
      std::uint32_t n = 0;
      if (!inside(at, 4)) return nullptr;
      std::memcpy(&n, mapped->data + at, 4);
      at += 4;
      if (!inside(at, std::uint64_t{n} + 16)) return nullptr;
      std::string name(reinterpret_cast<const char*>(mapped->data + at), n);
      at += n;
      Term t{};
      std::memcpy(&t.offset, mapped->data + at, 8);
      std::memcpy(&t.big, mapped->data + at + 8, 8);
      at += 16;
      if (t.offset % 8 != 0 || !inside(t.offset, per_term) || t.big > size / 8 ||
          !inside(t.offset + per_term, t.big * 8))
        return nullptr;
      mapped->terms.emplace(std::move(name), t);
    }
    // Ask the kernel to read the file ahead, in the background: a term's first use would
    // otherwise wait for its megabyte from disk (a search reads up to ten of them).
    if (read_ahead) madvise(const_cast<unsigned char*>(mapped->data), mapped->size, MADV_WILLNEED);
    return mapped;
  }
  const Term* find(const std::string& term) const {
    const auto it = terms.find(term);
    return it == terms.end() ? nullptr : &it->second;
  }
  const std::uint32_t* lengths() const {
    FileHeader h{};
    std::memcpy(&h, data, sizeof h);
    return reinterpret_cast<const std::uint32_t*>(data + h.lengths_offset);
  }
};

std::size_t TermBits::bytes() const {
  return own_bits.size() * sizeof(std::uint64_t) + own_wdf.size() +
         big_wdf.size() * (sizeof(Xapian::docid) + sizeof(Xapian::termcount) + 16);
}

DenseTermCache::DenseTermCache(const Xapian::Database& db, std::size_t budget_bytes,
                               const std::filesystem::path& file)
    : db_(db), budget_(budget_bytes), words_(db.get_lastdocid() / 64 + 1) {
  if (!file.empty()) file_ = DenseTermsFile::open(file, db_, words_, true);
}

DenseTermCache::~DenseTermCache() = default;

std::shared_ptr<const TermBits> DenseTermCache::get(const std::string& term, bool with_wdf) {
  if (auto it = entries_.find(term); it != entries_.end()) {
    if (!with_wdf || it->second.bits->wdf != nullptr) {
      by_age_.splice(by_age_.begin(), by_age_, it->second.age);
      return it->second.bits;
    }
    used_ -= it->second.bits->bytes();
    by_age_.erase(it->second.age);
    entries_.erase(it);
  }
  auto loaded = std::make_shared<TermBits>();
  if (const DenseTermsFile::Term* in_file = file_ ? file_->find(term) : nullptr) {
    const unsigned char* at = file_->data + in_file->offset;
    loaded->bits = reinterpret_cast<const std::uint64_t*>(at);
    loaded->wdf = at + words_ * 8;
    const unsigned char* big = at + words_ * 8 + words_ * 64;
    for (std::uint64_t i = 0; i < in_file->big; ++i) {
      std::uint32_t d = 0, w = 0;
      std::memcpy(&d, big + i * 8, 4);
      std::memcpy(&w, big + i * 8 + 4, 4);
      loaded->big_wdf[d] = w;
    }
  } else {
    loaded->own_bits.assign(words_, 0);
    if (with_wdf) loaded->own_wdf.assign(words_ * 64, 0);
    read_postings(db_, term, loaded->own_bits.data(), with_wdf ? loaded->own_wdf.data() : nullptr,
                  loaded->big_wdf);
    loaded->bits = loaded->own_bits.data();
    loaded->wdf = with_wdf ? loaded->own_wdf.data() : nullptr;
  }
  used_ += loaded->bytes();
  by_age_.push_front(term);
  entries_[term] = Entry{loaded, by_age_.begin()};
  // The oldest entries go; one in use by a search stays alive through its shared_ptr.
  while (used_ > budget_ && by_age_.size() > 1) {
    const auto oldest = entries_.find(by_age_.back());
    used_ -= oldest->second.bits->bytes();
    entries_.erase(oldest);
    by_age_.pop_back();
  }
  return loaded;
}

const Xapian::termcount* DenseTermCache::lengths() {
  if (file_) return file_->lengths();
  if (lengths_.empty()) {
    lengths_.assign(words_ * 64, 0);
    for (auto p = db_.postlist_begin(""); p != db_.postlist_end(""); ++p)
      lengths_[*p] = p.get_doclength();
  }
  return lengths_.data();
}

void write_dense_terms(const std::filesystem::path& dir, const DenseTermsOptions& options) {
  static_assert(sizeof(Xapian::termcount) == 4 && sizeof(Xapian::docid) == 4);
  const auto file = dir / kDenseTermsFile;
  try {
    const Xapian::Database db(dir.string());
    const std::size_t words = db.get_lastdocid() / 64 + 1;
    std::error_code ec;
    if (db.get_doccount() < options.min_documents) {
      std::filesystem::remove(file, ec);
      return;
    }
    if (DenseTermsFile::open(file, db, words, false)) return;  // already current

    const TemporaryFile aside(dir / (std::string(kDenseTermsFile) + ".new"));
    const auto& temporary = aside.path();
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    auto put = [&](const void* p, std::size_t n) {
      out.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
    };
    auto pad = [&](std::size_t at) {
      static const char zeros[8] = {};
      put(zeros, aligned(at) - at);
      return aligned(at);
    };
    FileHeader h{};
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.revision = db.get_revision();
    h.doccount = db.get_doccount();
    h.words = words;
    const std::string uuid = db.get_uuid();
    std::memcpy(h.uuid, uuid.data(), std::min(uuid.size(), sizeof h.uuid));
    put(&h, sizeof h);
    std::size_t at = sizeof h;
    h.lengths_offset = at = pad(at);
    std::vector<std::uint32_t> lengths(words * 64, 0);
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) lengths[*p] = p.get_doclength();
    put(lengths.data(), lengths.size() * 4);
    at += lengths.size() * 4;

    struct Placed {
      std::string term;
      std::uint64_t offset, big;
    };
    std::vector<Placed> placed;
    std::vector<std::uint64_t> bits(words);
    std::vector<std::uint8_t> wdf(words * 64);
    const double least = options.share * static_cast<double>(db.get_doccount());
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      if (static_cast<double>(t.get_termfreq()) < least) continue;
      std::fill(bits.begin(), bits.end(), 0);
      std::fill(wdf.begin(), wdf.end(), 0);
      std::unordered_map<Xapian::docid, Xapian::termcount> big;
      read_postings(db, *t, bits.data(), wdf.data(), big);
      at = pad(at);
      placed.push_back({*t, at, big.size()});
      put(bits.data(), words * 8);
      put(wdf.data(), words * 64);
      at += words * 8 + words * 64;
      for (const auto& [d, w] : big) {
        const std::uint32_t pair[2] = {d, w};
        put(pair, 8);
      }
      at += big.size() * 8;
    }
    h.directory_offset = at = pad(at);
    h.terms = placed.size();
    for (const auto& p : placed) {
      const auto n = static_cast<std::uint32_t>(p.term.size());
      put(&n, 4);
      put(p.term.data(), n);
      put(&p.offset, 8);
      put(&p.big, 8);
    }
    out.seekp(0);
    put(&h, sizeof h);
    out.close();
    if (!out) throw StorageError("cannot write " + temporary.string());
    // On disk before it replaces the old file: a crash leaves one or the other whole.
    sync_path(temporary);
    std::filesystem::rename(temporary, file);
  } catch (const Xapian::Error& e) {
    throw StorageError("cannot write the dense terms of " + dir.string() + ": " +
                       e.get_description());
  } catch (const std::filesystem::filesystem_error& e) {
    throw StorageError(std::string("cannot write the dense terms: ") + e.what());
  }
}

Bm25Part::Bm25Part(Xapian::doccount collection_size, Xapian::doccount termfreq,
                   double average_length, double factor) {
  // The steps of BM25Weight::init, in its order, so that the parts are those Xapian adds.
  double tw = (collection_size - termfreq + 0.5) / (termfreq + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  constexpr double kK3 = 1, kWqf = 1;
  termweight_ = std::log(tw) * factor;
  termweight_ *= (kK3 + 1) * kWqf / (kK3 + kWqf);
  termweight_ *= (kK1 + 1);
  len_factor_ = average_length != 0 ? 1 / average_length : 0;
}

}  // namespace gazette::index
