#include "gazette/viewer/library.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "gazette/archive_layout.h"
#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/index/shards.h"
#include "gazette/utf8.h"

namespace gazette::viewer {
namespace {

// The characters that carry meaning for matching OCR lines to a sentence: Han, letters,
// digits (full-width folded); punctuation and spaces are dropped because OCR varies them.
std::u32string meaningful(std::string_view s) {
  std::u32string out;
  for (const auto& ic : utf8::decode_indexed_halfwidth(s)) {
    const char32_t c = ic.c;
    if (c == 0) break;
    if (utf8::is_han(c) || (c < 128 && std::isalnum(static_cast<unsigned char>(c))))
      out.push_back(c);
  }
  return out;
}

std::set<std::u32string> bigrams(const std::u32string& s) {
  std::set<std::u32string> out;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) out.insert(s.substr(i, 2));
  return out;
}

}  // namespace

std::vector<std::size_t> matching_lines(const Page& page, std::string_view query) {
  std::vector<std::u32string> words;
  std::size_t start = 0;
  const std::string q(query);
  while (start < q.size()) {
    auto end = q.find_first_of(" \t", start);
    if (end == std::string::npos) end = q.size();
    auto w = meaningful(std::string_view(q).substr(start, end - start));
    if (!w.empty()) words.push_back(std::move(w));
    start = end + 1;
  }
  std::vector<std::size_t> out;
  if (words.empty()) return out;
  for (std::size_t i = 0; i < page.lines.size(); ++i) {
    const auto line = meaningful(page.lines[i].text);
    if (line.empty()) continue;
    bool hit = false;
    for (const auto& w : words) {
      if (line.find(w) != std::u32string::npos) {
        hit = true;
      } else if (w.size() > line.size() / 2 && line.size() >= 3) {
        const auto lg = bigrams(line), wg = bigrams(w);
        std::size_t n = 0;
        for (const auto& g : lg) n += wg.count(g);
        hit = n * 20 >= lg.size() * 17;
      }
      if (hit) break;
    }
    if (hit) out.push_back(i);
  }
  return out;
}

std::optional<int> hit_page(const Document& doc, const std::vector<Page>& pages,
                            std::string_view query, std::string_view snippet_html) {
  const auto text = meaningful(doc.text);
  // The act's own pages only, when their printed numbers are known (a cover's 目录 repeats
  // titles that would otherwise be found).
  auto own = [&](const Page& p) {
    return !doc.first_page || (p.printed_page && *p.printed_page >= *doc.first_page &&
                               *p.printed_page <= doc.last_page.value_or(*doc.first_page));
  };
  for (const auto& p : pages) {
    if (!own(p)) continue;
    for (const auto i : matching_lines(p, query)) {
      const auto line = meaningful(p.lines[i].text);
      // A line of this act, not of another act printed on the same page.
      if (line.size() >= 2 && text.find(line) != std::u32string::npos) return p.seq;
    }
  }

  // The snippet is escaped text with <b>…</b> around hits and "…" where text was cut: take
  // the stretch holding the first hit, and how far into it the hit starts.
  // A number or title match, or a hit that cannot be placed: the act's first page, which
  // prints its title and number.
  std::optional<int> first_page;
  if (doc.first_page)
    for (const auto& p : pages)
      if (own(p)) {
        first_page = p.seq;
        break;
      }
  const auto first_hit = snippet_html.find("<b>");
  if (first_hit == std::string_view::npos) return first_page;
  const auto cut_before = snippet_html.rfind("…", first_hit);
  const auto from = cut_before == std::string_view::npos ? 0 : cut_before + std::string("…").size();
  auto cut_after = snippet_html.find("…", first_hit);
  if (cut_after == std::string_view::npos) cut_after = snippet_html.size();
  auto plain = [](std::string_view html) {
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
      if (html[i] == '<') {
        const auto close = html.find('>', i);
        i = close == std::string_view::npos ? html.size() : close + 1;
      } else if (html[i] == '&') {
        const auto semi = html.find(';', i);
        i = semi == std::string_view::npos ? html.size() : semi + 1;
        out += ' ';  // entities are punctuation here, which matching ignores anyway
      } else {
        out += html[i++];
      }
    }
    return meaningful(out);
  };
  const auto before = plain(snippet_html.substr(from, first_hit - from));
  const auto stretch = plain(snippet_html.substr(from, cut_after - from));
  const auto at = text.find(stretch);
  if (stretch.size() < 2 || at == std::u32string::npos) return first_page;
  const auto hit = at + before.size();

  // Where each page's part of the act begins in its text: the first line of the page
  // (of at least 4 characters, so not a page number) found there, in page order.
  std::optional<int> found;
  std::size_t page_start = 0;
  for (const auto& p : pages) {
    if (!own(p)) continue;
    for (const auto& line : p.lines) {
      const auto m = meaningful(line.text);
      if (m.size() < 4) continue;
      const auto pos = text.find(m, page_start);
      if (pos == std::u32string::npos) continue;
      if (pos > hit && found) return found;
      page_start = pos;
      found = p.seq;
      break;
    }
  }
  return found ? found : first_page;
}

namespace {

std::atomic<std::uint64_t> next_instance{1};

// Per thread: each Library's catalogue connection and searcher. Connections are not shared
// between threads (SQLite and Xapian handles are not thread-safe), and a thread serves one
// request at a time. Few Libraries exist in a process (tests make several), so the map is
// dropped when it grows, rather than tracking each Library's end.
struct ThreadHandles {
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<index::Searcher> searcher;
  std::filesystem::file_time_type index_stamp;
};
thread_local std::map<std::uint64_t, ThreadHandles> thread_handles;

ThreadHandles& handles_of(std::uint64_t instance) {
  if (thread_handles.size() > 16 && !thread_handles.count(instance)) thread_handles.clear();
  return thread_handles[instance];
}

// Changes on every Xapian commit (glass rewrites its version file), and when the index's
// dense-terms file is written, which ingest does after its last commit: a searcher opened
// between the two would go without it.
std::filesystem::file_time_type commit_time(const std::filesystem::path& index) {
  auto newest = std::filesystem::file_time_type::min();
  for (const auto& file : {index / "iamglass", index / index::kDenseTermsFile}) {
    std::error_code absent;
    const auto t = std::filesystem::last_write_time(file, absent);
    if (!absent) newest = std::max(newest, t);
  }
  return newest;
}

}  // namespace

template <typename V>
class Library::ViewCache {
 public:
  std::optional<V> find(const std::string& key, std::filesystem::file_time_type stamp) {
    std::lock_guard lock(mutex_);
    if (stamp != stamp_) return std::nullopt;
    const auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }
  void put(const std::string& key, std::filesystem::file_time_type stamp, const V& page) {
    std::lock_guard lock(mutex_);
    if (stamp != stamp_) {
      order_.clear();
      index_.clear();
      stamp_ = stamp;
    }
    if (index_.count(key)) return;
    order_.emplace_front(key, page);
    index_[key] = order_.begin();
    if (order_.size() > kViewCacheSize) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

 private:
  std::mutex mutex_;
  std::filesystem::file_time_type stamp_;
  std::list<std::pair<std::string, V>> order_;
  std::map<std::string, typename std::list<std::pair<std::string, V>>::iterator> index_;
};

Library::Library(std::filesystem::path archive, std::vector<index::ShardLocation> shards)
    : root_(std::move(archive)),
      shards_(std::move(shards)),
      instance_(next_instance++),
      results_(std::make_shared<ViewCache<ResultPage>>()),
      documents_(std::make_shared<ViewCache<DocumentView>>()),
      completeness_(std::make_shared<ViewCache<CompletenessView>>()) {}

const Catalog& Library::catalog() const {
  auto& h = handles_of(instance_);
  if (!h.catalog)
    h.catalog = std::make_unique<Catalog>(ArchiveLayout(root_).catalog(), CatalogOptions{true});
  return *h.catalog;
}

std::vector<index::ShardLocation> Library::shard_set() const {
  return shards_.empty() ? index::local_shards(ArchiveLayout(root_)) : shards_;
}

std::filesystem::file_time_type Library::index_stamp() const {
  // The newest commit of any local shard (a new shard is a new commit too). A remote shard's
  // commits cannot be seen from here, so with one in the set nothing is reused.
  auto stamp = std::filesystem::file_time_type::min();
  for (const auto& shard : shard_set()) {
    if (shard.is_remote()) return std::filesystem::file_time_type::clock::now();
    stamp = std::max(stamp, commit_time(shard.dir));
  }
  return stamp;
}

index::Searcher& Library::searcher() const {
  auto& h = handles_of(instance_);
  const auto stamp = index_stamp();
  if (!h.searcher || stamp != h.index_stamp) {
    h.searcher.reset();
    h.searcher = std::make_unique<index::Searcher>(shard_set());
    h.index_stamp = stamp;
  }
  return *h.searcher;
}

ResultPage Library::search(index::SearchRequest request) const {
  if (request.as_of.empty()) request.as_of = today_iso();
  if (!parse_date(request.as_of)) throw InvalidInput("as_of must be a date YYYY-MM-DD");
  const auto stamp = index_stamp();
  std::string key = request.query + '\x1f' + request.as_of + '\x1f' +
                    (request.status ? std::string(to_string(*request.status)) : "") + '\x1f' +
                    (request.kind ? std::string(to_string(*request.kind)) : "") + '\x1f' +
                    request.authority + '\x1f' +
                    (request.year ? std::to_string(*request.year) : "") + '\x1f' +
                    std::to_string(static_cast<int>(request.sort)) + '\x1f' +
                    std::to_string(request.offset) + '\x1f' + std::to_string(request.limit) +
                    '\x1f' + (request.facets ? "f" : "") + (request.exact_total ? "t" : "");
  if (auto cached = results_->find(key, stamp)) return std::move(*cached);
  const auto results = searcher().search(request);
  const Catalog& cat = catalog();
  ResultPage page;
  page.total = results.total;
  page.total_exact = results.total_exact;
  page.facets = results.facets;
  std::map<std::string, std::vector<Page>> issue_pages;  // hits often share an issue
  for (const auto& hit : results.hits) {
    auto doc = cat.document(hit.id);
    if (!doc) continue;  // index ahead of catalogue: never show what the catalogue lacks
    ResultItem item;
    auto pages = issue_pages.find(doc->issue_id);
    if (pages == issue_pages.end())
      pages = issue_pages.emplace(doc->issue_id, cat.pages(doc->issue_id, true)).first;
    item.hit_page = hit_page(*doc, pages->second, request.query, hit.snippet_html);
    doc->text.clear();
    item.status = validity_as_of(cat.validity_facts(*doc), request.as_of);
    item.doc = std::move(*doc);
    item.score = hit.score;
    item.snippet_html = hit.snippet_html;
    page.items.push_back(std::move(item));
  }
  results_->put(key, stamp, page);
  return page;
}

DocumentView Library::document(const std::string& id, const std::string& as_of) const {
  const auto stamp = index_stamp();
  const std::string key = id + '\x1f' + (as_of.empty() ? today_iso() : as_of);
  if (auto cached = documents_->find(key, stamp)) return std::move(*cached);
  DocumentView v = document_uncached(id, as_of);
  documents_->put(key, stamp, v);
  return v;
}

DocumentView Library::document_uncached(const std::string& id, const std::string& as_of) const {
  const Catalog& cat = catalog();
  auto doc = cat.document(id);
  if (!doc) throw NotFound("no document " + id);
  DocumentView v;
  const auto facts = cat.validity_facts(*doc);
  v.status = validity_as_of(facts, as_of.empty() ? today_iso() : as_of);
  v.timeline = validity_timeline(facts);
  v.incoming = cat.incoming_relations(*doc);
  for (auto& c : cat.corrections(id))
    if (c.target == id) v.corrections.push_back(std::move(c));
  v.doc = std::move(*doc);
  v.pages = pages_of(v.doc);
  if (v.status && v.status->by) {
    for (const auto& in : v.incoming)
      if (in.source_id == *v.status->by) {
        v.acting_evidence = in.relation.evidence;
        break;
      }
    v.acting = cat.document(*v.status->by);
    if (v.acting) v.acting->text.clear();
    if (v.acting && v.acting_evidence) v.evidence_region = locate(*v.acting, *v.acting_evidence);
  }
  return v;
}

std::vector<IssueRecord> Library::issues() const {
  return catalog().issues();
}

IssueView Library::issue(const std::string& id) const {
  const Catalog& cat = catalog();
  auto rec = cat.issue(id);
  if (!rec) throw NotFound("no issue " + id);
  return IssueView{*rec, cat.pages(id, false), cat.documents_of_issue(id)};
}

Page Library::page(const std::string& issue_id, int seq) const {
  auto p = catalog().page(issue_id, seq, true);
  if (!p) throw NotFound("no page " + std::to_string(seq) + " in issue " + issue_id);
  return *p;
}

std::filesystem::path Library::page_original(const Page& page) const {
  if (auto path = catalog().blob_path(page.sha256)) return root_ / *path;
  throw NotFound("the original of this page is not kept");
}

std::vector<std::pair<Document, std::optional<Validity>>> Library::all_documents(
    const std::string& as_of) const {
  const Catalog& cat = catalog();
  std::vector<std::pair<Document, std::optional<Validity>>> out;
  for (auto& doc : cat.all_documents()) {
    auto status = validity_as_of(cat.validity_facts(doc), as_of.empty() ? today_iso() : as_of);
    out.emplace_back(std::move(doc), std::move(status));
  }
  return out;
}

std::vector<Page> Library::all_pages() const {
  return catalog().all_pages();
}

std::vector<Page> Library::pages_of(const Document& doc) const {
  auto pages = catalog().pages(doc.issue_id, false);
  if (!doc.first_page) return pages;
  const int last = doc.last_page.value_or(*doc.first_page);
  std::vector<Page> out;
  for (auto& p : pages)
    if (p.printed_page && *p.printed_page >= *doc.first_page && *p.printed_page <= last)
      out.push_back(std::move(p));
  return out;
}

std::optional<PageRegion> Library::locate(const Document& doc, const Evidence& evidence) const {
  const auto wanted = bigrams(meaningful(evidence.text));
  if (wanted.size() < 2) return std::nullopt;
  const Catalog& cat = catalog();
  auto pages = cat.pages(doc.issue_id, true);
  // Prefer the printed page the evidence names, then the act's own pages, then any page.
  std::vector<const Page*> candidates;
  for (const auto& p : pages)
    if (evidence.page && p.printed_page == evidence.page) candidates.push_back(&p);
  if (candidates.empty())
    for (const auto& p : pages)
      if (doc.first_page && p.printed_page && *p.printed_page >= *doc.first_page &&
          *p.printed_page <= doc.last_page.value_or(*doc.first_page))
        candidates.push_back(&p);
  if (candidates.empty())
    for (const auto& p : pages) candidates.push_back(&p);

  std::optional<PageRegion> best;
  std::size_t best_score = 0;
  for (const Page* p : candidates) {
    // Per line: how many of its bigrams belong to the sentence, out of how many.
    std::vector<std::pair<std::size_t, std::size_t>> score;
    for (const auto& line : p->lines) {
      const auto grams = bigrams(meaningful(line.text));
      std::size_t hits = 0;
      for (const auto& g : grams) hits += wanted.count(g);
      score.emplace_back(hits, grams.size());
    }
    auto strong = [&](std::size_t i) {
      return score[i].second >= 2 && score[i].first * 10 >= score[i].second * 6;
    };
    // A line that starts or ends the sentence shares only part of itself with it.
    auto partial = [&](std::size_t i) { return score[i].first >= 2; };
    for (std::size_t i = 0; i < score.size();) {
      if (!strong(i)) {
        ++i;
        continue;
      }
      std::size_t first = i, last = i;
      while (last + 1 < score.size() && strong(last + 1)) ++last;
      i = last + 1;
      if (first > 0 && partial(first - 1)) --first;
      if (last + 1 < score.size() && partial(last + 1)) ++last;
      std::size_t run_score = 0;
      Box box = p->lines[first].box;
      for (std::size_t k = first; k <= last; ++k) {
        run_score += score[k].first;
        const Box& b = p->lines[k].box;
        box = {std::min(box.x0, b.x0), std::min(box.y0, b.y0), std::max(box.x1, b.x1),
               std::max(box.y1, b.y1)};
      }
      if (run_score <= best_score || box.width() <= 0 || box.height() <= 0) continue;
      best_score = run_score;
      const int m = 12;
      best = PageRegion{p->issue_id, p->seq,
                        Box{std::max(0, box.x0 - m), std::max(0, box.y0 - m),
                            p->width > 0 ? std::min(p->width, box.x1 + m) : box.x1 + m,
                            p->height > 0 ? std::min(p->height, box.y1 + m) : box.y1 + m},
                        p->width, p->height};
    }
  }
  // At least a third of the sentence must be found, or the crop would mislead.
  if (best_score * 3 < wanted.size()) return std::nullopt;
  if (best && (best->page_width <= 0 || best->page_height <= 0)) return std::nullopt;
  return best;
}

std::vector<std::pair<Document, StatusChange>> Library::status_changes(std::size_t limit) const {
  const Catalog& cat = catalog();
  std::vector<std::pair<Document, StatusChange>> out;
  for (auto& doc : cat.all_documents()) {
    if (doc.kind == DocumentKind::other) continue;
    const auto timeline = validity_timeline(cat.validity_facts(doc));
    doc.text.clear();
    for (const auto& change : timeline)
      if (change.by) out.emplace_back(doc, change);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second.date > b.second.date; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

CompletenessView Library::completeness() const {
  const auto stamp = index_stamp();
  if (auto cached = completeness_->find("", stamp)) return std::move(*cached);
  CompletenessView v;
  auto docs = catalog().all_documents();
  v.documents = docs.size();
  for (auto& d : docs) d.text.clear();
  v.report = find_gaps(docs);
  for (const auto& t : v.report.absent)
    for (const auto& ref : t.referenced_by) v.names[ref.document_id];
  for (const auto& d : docs)
    if (const auto it = v.names.find(d.id); it != v.names.end())
      it->second = d.number.empty() ? d.title : d.title + "（" + d.number + "）";
  completeness_->put("", stamp, v);
  return v;
}

std::filesystem::path Library::image_cache() const {
  return ArchiveLayout(root_).image_cache();
}

std::filesystem::path Library::hocr(const std::string& issue_id, int seq) const {
  return ArchiveLayout(root_).hocr(issue_id, seq);
}

}  // namespace gazette::viewer
