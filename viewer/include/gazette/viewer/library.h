#pragma once
// The read side of the archive: what the reader, `gazette search` and `gazette export` ask.
// Errors: NotFound for unknown ids or an empty archive, InvalidInput for bad queries.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gazette/catalog.h"
#include "gazette/index/searcher.h"
#include "gazette/model.h"
#include "gazette/validity.h"

namespace gazette::viewer {

struct ResultItem {
  Document doc;  // without text
  std::optional<Validity> status;
  double score = 0;
  std::string snippet_html;
};

struct ResultPage {
  std::size_t total = 0;
  std::vector<ResultItem> items;
  std::map<std::string, std::map<std::string, std::size_t>> facets;
};

struct DocumentView {
  Document doc;
  std::optional<Validity> status;
  std::vector<StatusChange> timeline;
  std::vector<IncomingRelation> incoming;
};

struct IssueView {
  IssueRecord record;
  std::vector<Page> pages;
  std::vector<Document> documents;
};

class Library {
 public:
  explicit Library(std::filesystem::path archive);

  // `request.as_of` empty means today.
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

 private:
  Catalog catalog() const;
  std::filesystem::path root_;
};

}  // namespace gazette::viewer
