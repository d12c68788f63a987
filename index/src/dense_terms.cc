#include "dense_terms.h"

#include <cmath>

namespace gazette::index {

std::size_t TermBits::bytes() const {
  return bits.size() * sizeof(std::uint64_t) + wdf.size() +
         big_wdf.size() * (sizeof(Xapian::docid) + sizeof(Xapian::termcount) + 16);
}

DenseTermCache::DenseTermCache(const Xapian::Database& db, std::size_t budget_bytes)
    : db_(db), budget_(budget_bytes), words_(db.get_lastdocid() / 64 + 1) {}

std::shared_ptr<const TermBits> DenseTermCache::get(const std::string& term, bool with_wdf) {
  if (auto it = entries_.find(term); it != entries_.end()) {
    if (!with_wdf || !it->second.bits->wdf.empty()) {
      by_age_.splice(by_age_.begin(), by_age_, it->second.age);
      return it->second.bits;
    }
    used_ -= it->second.bits->bytes();
    by_age_.erase(it->second.age);
    entries_.erase(it);
  }
  auto loaded = std::make_shared<TermBits>();
  loaded->bits.assign(words_, 0);
  if (with_wdf) loaded->wdf.assign(words_ * 64, 0);
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
    const Xapian::docid d = *p;
    loaded->bits[d >> 6] |= std::uint64_t{1} << (d & 63);
    if (!with_wdf) continue;
    const Xapian::termcount wdf = p.get_wdf();
    if (wdf >= TermBits::kBigWdf) {
      loaded->wdf[d] = TermBits::kBigWdf;
      loaded->big_wdf[d] = wdf;
    } else {
      loaded->wdf[d] = static_cast<std::uint8_t>(wdf);
    }
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

const std::vector<Xapian::termcount>& DenseTermCache::lengths() {
  if (lengths_.empty()) {
    lengths_.assign(words_ * 64, 0);
    for (auto p = db_.postlist_begin(""); p != db_.postlist_end(""); ++p)
      lengths_[*p] = p.get_doclength();
  }
  return lengths_;
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
