#pragma once
// Dense terms: terms that a large share of the documents hold (the bigrams of boilerplate such
// as 依法行政, 财政预算), kept in memory as a bitset by docid with each document's wdf, and
// the length of every document. A word made of them matches most of a large archive, and
// Xapian 1.4 walks and weighs every match (it has no block-max pruning): at a million acts,
// 100–200 ms a query. From the bitsets the matches are found a machine word at a time and
// each is scored with Xapian's BM25 formula (its default BM25Weight), so that only the
// documents that can reach the page are handed to Xapian's matcher, which weighs them
// exactly (dense_page in searcher.cc). One database only: docids are those of that database.
//
// Errors: Xapian::Error passes through (the Searcher maps it, as for any Xapian call).
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace gazette::index {

class DenseTermsFile;  // a mapped dense-terms file (dense_terms.cc)

// One term's postings: a bit per docid, and (for weighted terms) its wdf per docid, either
// read from Xapian into memory or viewed in a mapped dense-terms file.
struct TermBits {
  const std::uint64_t* bits = nullptr;  // bit d of word d/64 set when docid d holds the term
  const std::uint8_t* wdf = nullptr;    // by docid; kBigWdf: see big_wdf; null: not asked for
  std::unordered_map<Xapian::docid, Xapian::termcount> big_wdf;
  std::vector<std::uint64_t> own_bits;  // the storage when read from Xapian
  std::vector<std::uint8_t> own_wdf;
  static constexpr std::uint8_t kBigWdf = 255;

  bool holds(Xapian::docid d) const { return (bits[d >> 6] >> (d & 63)) & 1; }
  Xapian::termcount wdf_of(Xapian::docid d) const {
    const auto w = wdf[d];
    if (w != kBigWdf) return w;
    const auto big = big_wdf.find(d);
    return big == big_wdf.end() ? w : big->second;
  }
  std::size_t bytes() const;  // memory of its own
};

// Loads terms' postings on first use and keeps the most recently used ones within a budget.
// Terms in the index's dense-terms file (write_dense_terms), when it was written at the
// database's revision, are viewed in the mapped file instead: nothing to read or keep.
// Not thread-safe: one per Searcher.
class DenseTermCache {
 public:
  DenseTermCache(const Xapian::Database& db, std::size_t budget_bytes,
                 const std::filesystem::path& file = {});
  ~DenseTermCache();

  // The postings of `term`, with wdf when `with_wdf` (loaded again if an entry without it
  // is cached).
  std::shared_ptr<const TermBits> get(const std::string& term, bool with_wdf);
  // Document lengths by docid (Xapian's doclength, the `len` of BM25), read on first use.
  const Xapian::termcount* lengths();
  std::size_t words() const { return words_; }  // 64-bit words in each bitset
  bool mapped() const { return file_ != nullptr; }

 private:
  struct Entry {
    std::shared_ptr<const TermBits> bits;
    std::list<std::string>::iterator age;
  };
  Xapian::Database db_;
  std::size_t budget_, used_ = 0, words_;
  std::unique_ptr<DenseTermsFile> file_;  // null: no usable dense-terms file
  std::vector<Xapian::termcount> lengths_;
  std::map<std::string, Entry> entries_;
  std::list<std::string> by_age_;  // most recently used first
};

// Xapian's BM25Weight with its default parameters (k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5),
// as Xapian 1.4 computes it for a term of the query with wqf 1, no relevance set, and the
// weight scaled by `factor` (OP_SCALE_WEIGHT) (xapian-core weight/bm25weight.cc). Used only
// to choose candidates, with a margin: the weights in results are always Xapian's own.
class Bm25Part {
 public:
  Bm25Part(Xapian::doccount collection_size, Xapian::doccount termfreq, double average_length,
           double factor);
  // The part of the denominator that depends on the document's length alone: the same for
  // every term of a database (one average length), so computed once per document.
  double base(Xapian::termcount length) const {
    const double normlen = std::max(length * len_factor_, kMinNormlen);
    return kK1 * (normlen * kB + (1 - kB));
  }
  double at(Xapian::termcount wdf, double base) const {
    const double wdf_double(wdf);
    return termweight_ * (wdf_double / (base + wdf_double));
  }

 private:
  static constexpr double kK1 = 1, kB = 0.5, kMinNormlen = 0.5;
  double termweight_ = 0, len_factor_ = 0;
};

}  // namespace gazette::index
