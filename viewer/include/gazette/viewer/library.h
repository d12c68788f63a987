#pragma once
// The read side of the archive: what the reader, `gazette search` and `gazette export` ask.
// Errors: NotFound for unknown ids or an empty archive, InvalidInput for bad queries.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/catalog.h"
#include "gazette/gaps.h"
#include "gazette/index/searcher.h"
#include "gazette/model.h"
#include "gazette/validity.h"

namespace gazette::viewer {

struct ResultItem {
  Document doc;  // without text
  std::optional<Validity> status;
  double score = 0;
  std::string snippet_html;
  // The page (seq in the issue) that prints the hit, so that a result can open at its page
  // (see hit_page()); nullopt when the act's pages are not known.
  std::optional<int> hit_page;
};

struct ResultPage {
  std::size_t total = 0;
  bool total_exact = false;  // else `total` is an estimate (index::SearchResults)
  std::vector<ResultItem> items;
  std::map<std::string, std::map<std::string, std::size_t>> facets;
};

// Where on a scanned page a sentence is printed: the OCR lines that carry it, joined.
struct PageRegion {
  std::string issue_id;
  int seq = 0;
  Box box;                              // in the catalogue's page coordinates, with a small margin
  int page_width = 0, page_height = 0;  // the catalogue's page size (the boxes' frame)
};

struct DocumentView {
  Document doc;
  std::optional<Validity> status;
  std::vector<StatusChange> timeline;
  std::vector<IncomingRelation> incoming;
  std::vector<Page> pages;  // the pages the act is printed on (without lines)
  // The act that changed the status (status->by), and where its sentence is printed.
  std::optional<Document> acting;
  std::optional<Evidence> acting_evidence;
  std::optional<PageRegion> evidence_region;
  std::vector<Correction> corrections;  // people's corrections of its metadata, oldest first
};

struct IssueView {
  IssueRecord record;
  std::vector<Page> pages;
  std::vector<Document> documents;
};

// Indices of the page's OCR lines that carry a hit for `query`: a line containing a query
// word, or a line that is mostly made of a longer query phrase. Punctuation and spaces are
// ignored, full-width forms folded.
std::vector<std::size_t> matching_lines(const Page& page, std::string_view query);

// The completeness report, with the names of the archived acts it refers to.
struct CompletenessView {
  GapReport report;
  std::map<std::string, std::string> names;  // document id → title（文号）of referring acts
  std::size_t documents = 0;                 // archived documents it was computed over
};

// The page (seq) of `doc` that prints a hit for `query`: the first of the act's pages with
// a line of the act that matching_lines() finds; else the page holding the first highlighted
// hit of `snippet_html` (MSet::snippet markup); else (a number or title match) the act's
// first page. `pages` are the issue's pages with lines, in order. nullopt when the act's
// pages are not known.
std::optional<int> hit_page(const Document& doc, const std::vector<Page>& pages,
                            std::string_view query, std::string_view snippet_html);

class Library {
 public:
  // `shards`: the index shards to search (local or remote); empty means the archive's own
  // local shards, looked up at each search so that new shards show without a restart.
  explicit Library(std::filesystem::path archive, std::vector<index::ShardLocation> shards = {});

  // `request.as_of` empty means today. The last kViewCacheSize distinct result pages (and
  // document views) are kept until the index has a new commit, which every ingest makes after
  // writing the catalogue: a popular query or act costs one lookup.
  static constexpr std::size_t kViewCacheSize = 512;
  ResultPage search(index::SearchRequest request) const;
  DocumentView document(const std::string& id, const std::string& as_of) const;
  std::vector<IssueRecord> issues() const;
  IssueView issue(const std::string& id) const;
  Page page(const std::string& issue_id, int seq) const;
  // The kept original of a page, for display.
  std::filesystem::path page_original(const Page& page) const;
  std::vector<std::pair<Document, std::optional<Validity>>> all_documents(
      const std::string& as_of) const;
  std::vector<Page> all_pages() const;
  // The pages (without lines) of the act's issue whose printed numbers lie in [first, last];
  // all the issue's pages when the printed numbers are not known.
  std::vector<Page> pages_of(const Document& doc) const;
  // The OCR lines of the page(s) of `doc` that best carry `evidence`, or nullopt.
  std::optional<PageRegion> locate(const Document& doc, const Evidence& evidence) const;
  // Status changes caused by later acts (repeals, amendments, declarations), newest first;
  // documents without their text.
  std::vector<std::pair<Document, StatusChange>> status_changes(std::size_t limit) const;
  // Numbers missing from 文号 sequences, and acts referred to but not archived (gaps.h);
  // computed over every document, so kept until the index changes.
  CompletenessView completeness() const;
  // Where derived images are cached: archive/derived/iiif.
  std::filesystem::path image_cache() const;
  // The hOCR file Tesseract wrote for a page (it may not exist).
  std::filesystem::path hocr(const std::string& issue_id, int seq) const;

 private:
  // This thread's read-only catalogue connection and index searcher, opened on first use and
  // kept: opening them per request cost more than answering it (bench/http). The searcher
  // reopens when the index has a new commit.
  const Catalog& catalog() const;
  index::Searcher& searcher() const;
  std::vector<index::ShardLocation> shard_set() const;
  // Changes whenever the searched index changes; cached views are kept while it does not.
  std::filesystem::file_time_type index_stamp() const;
  DocumentView document_uncached(const std::string& id, const std::string& as_of) const;
  std::filesystem::path root_;
  std::vector<index::ShardLocation> shards_;
  std::uint64_t instance_;  // tells the thread-local connections of two Libraries apart
  // Recent result pages and document views, shared by the threads; emptied when the index
  // has a new commit.
  template <typename V>
  class ViewCache;
  std::shared_ptr<ViewCache<ResultPage>> results_;
  std::shared_ptr<ViewCache<DocumentView>> documents_;
  std::shared_ptr<ViewCache<CompletenessView>> completeness_;
};

}  // namespace gazette::viewer
