#include "gazette/viewer/library.h"

#include "gazette/archive_layout.h"
#include "gazette/dates.h"
#include "gazette/error.h"

namespace gazette::viewer {

Library::Library(std::filesystem::path archive) : root_(std::move(archive)) {}

Catalog Library::catalog() const {
  // One connection per call: SQLite connections are cheap and this keeps the reader's
  // threads independent.
  return Catalog(ArchiveLayout(root_).catalog(), CatalogOptions{true});
}

ResultPage Library::search(index::SearchRequest request) const {
  if (request.as_of.empty()) request.as_of = today_iso();
  if (!parse_date(request.as_of)) throw InvalidInput("as_of must be a date YYYY-MM-DD");
  index::Searcher searcher({ArchiveLayout(root_).index()});
  const auto results = searcher.search(request);
  const Catalog cat = catalog();
  ResultPage page;
  page.total = results.total;
  page.facets = results.facets;
  for (const auto& hit : results.hits) {
    auto doc = cat.document(hit.id);
    if (!doc) continue;  // index ahead of catalogue: never show what the catalogue lacks
    doc->text.clear();
    ResultItem item;
    item.status = validity_as_of(cat.validity_facts(*doc), request.as_of);
    item.doc = std::move(*doc);
    item.score = hit.score;
    item.snippet_html = hit.snippet_html;
    page.items.push_back(std::move(item));
  }
  return page;
}

DocumentView Library::document(const std::string& id, const std::string& as_of) const {
  const Catalog cat = catalog();
  auto doc = cat.document(id);
  if (!doc) throw NotFound("no document " + id);
  DocumentView v;
  const auto facts = cat.validity_facts(*doc);
  v.status = validity_as_of(facts, as_of.empty() ? today_iso() : as_of);
  v.timeline = validity_timeline(facts);
  v.incoming = cat.incoming_relations(*doc);
  v.doc = std::move(*doc);
  return v;
}

std::vector<IssueRecord> Library::issues() const {
  return catalog().issues();
}

IssueView Library::issue(const std::string& id) const {
  const Catalog cat = catalog();
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
  const Catalog cat = catalog();
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

}  // namespace gazette::viewer
