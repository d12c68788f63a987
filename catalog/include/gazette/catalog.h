#pragma once
// The catalogue: issues, pages (with OCR lines), documents, relations, kept originals and the
// event log, in one SQLite file (WAL, synchronous=FULL). It is the source of truth: the index
// is rebuilt from it by `gazette reindex`, and the derived page files (hOCR) by recognising the
// kept originals again. Errors: StorageError, NotFound (see error.h).
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gazette/model.h"
#include "gazette/validity.h"

namespace gazette {

namespace sqlite {
class Connection;
class Statement;
}  // namespace sqlite

// How far an issue has come through the pipeline; a rerun resumes from here.
enum class IssueState { pages, structured, indexed };

struct IssueRecord {
  Issue issue;
  IssueState state = IssueState::pages;
};

struct CatalogOptions {
  bool read_only = false;
  // Stop migrating at this schema version (0 = the current one). Only upgrade tests use it,
  // to make a catalogue as an older release wrote it.
  int migrate_to = 0;
};

// A kept original as the catalogue records it.
struct BlobRecord {
  std::string sha256;
  std::int64_t size = 0;
  std::string path;  // relative to the archive root
};

// A derived file (hOCR) whose content hash is recorded so that `gazette verify` can audit it.
struct DerivedFileRecord {
  std::string path;  // relative to the archive root: derived/<issue>/page-NNNN.hocr
  std::string sha256;
  std::int64_t size = 0;
  std::string kind;  // hocr
};

// One row of the event log, as `gazette log` shows it.
struct EventRecord {
  std::int64_t id = 0;
  std::string time;  // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string type;
  std::string target;
  std::string agent;
  std::string outcome;
  std::string detail;
};

// Which events to list; at most one of the two is set (neither = the whole log).
struct EventQuery {
  std::optional<std::string> issue_id;     // the issue, its pages and its documents
  std::optional<std::string> document_id;  // the document, its issue and the pages it stands on
};

// A relation as seen from its target: which document acts on this one, and how.
struct IncomingRelation {
  std::string source_id;
  std::string source_title;
  std::string source_number;
  Relation relation;
  std::optional<std::string> date;  // the source's effective (or signed) date
};

struct Event {
  std::string type;     // ingest, ocr, structure, index, status_change, correction, verify, export
  std::string target;   // issue id, page (issue_id#seq) or document id
  std::string outcome;  // started, success, failure
  std::string detail;
};

// A person's correction of one field of a document's metadata (schema v3). Kept so that it
// outlives the issue being structured again from its pages.
struct Correction {
  std::string target;  // document id
  std::string field;   // title, number, authority, kind, signed, effective, expires
  std::optional<std::string> old_value, new_value;  // nullopt = none
  std::string person;
  std::string note;  // why: the evidence the person went by
  std::string time;  // UTC, set when recorded
};

class Catalog {
 public:
  static constexpr int kSchemaVersion = 3;

  Catalog(const std::filesystem::path& file, CatalogOptions options);
  ~Catalog();
  Catalog(Catalog&&) noexcept;
  Catalog& operator=(Catalog&&) noexcept;

  // Runs `body` inside one transaction; rolls back if it throws.
  template <typename F>
  void transaction(F&& body) {
    begin();
    try {
      body();
    } catch (...) {
      rollback();
      throw;
    }
    commit();
  }

  int schema_version() const;

  // Kept originals, content-addressed.
  bool has_blob(const std::string& sha256) const;
  void add_blob(const std::string& sha256, std::int64_t size, const std::string& path);
  std::vector<std::pair<std::string, std::string>> blobs() const;  // (sha256, path)
  std::optional<std::string> blob_path(const std::string& sha256) const;
  std::vector<BlobRecord> blob_records() const;  // ordered by path
  // Pages ("issue_id#seq") whose original has this hash.
  std::vector<std::string> pages_with_original(const std::string& sha256) const;
  // Pages that are not failed but whose original has no `blobs` row ("issue_id#seq").
  std::vector<std::string> pages_without_blob() const;

  // Derived files with recorded hashes (schema v2); a later record of a path replaces it.
  void record_derived_file(const DerivedFileRecord& file);
  std::vector<DerivedFileRecord> derived_files() const;  // ordered by path

  // SQLite's own consistency check: empty when the file is sound, else its complaints.
  std::vector<std::string> integrity_problems() const;

  void put_issue(const Issue& issue, IssueState state);
  void set_issue_state(const std::string& issue_id, IssueState state);
  std::optional<IssueRecord> issue(const std::string& issue_id) const;
  std::vector<IssueRecord> issues() const;  // newest first (year, issue)

  void put_page(const Page& page);  // with its lines; replaces an earlier row
  std::optional<Page> page(const std::string& issue_id, int seq, bool with_lines) const;
  std::vector<Page> pages(const std::string& issue_id, bool with_lines) const;
  std::vector<Page> all_pages() const;

  // Replaces every document of the issue (and their relations).
  void replace_documents(const std::string& issue_id, const std::vector<Document>& docs);
  std::optional<Document> document(const std::string& id) const;  // relations resolved
  std::vector<Document> documents_of_issue(const std::string& issue_id) const;
  std::vector<Document> all_documents() const;
  std::vector<std::string> document_ids_by_number(const std::string& number) const;
  // (number, title) of every document that has a number, oldest issue first.
  std::vector<std::pair<std::string, std::string>> numbered_titles() const;

  // Who acts on this document: relations naming its number, and relations naming its title
  // whose number is empty or names no archived act (OCR damage). Outgoing relations resolve
  // the same way.
  std::vector<IncomingRelation> incoming_relations(const Document& doc) const;
  // Documents that relations aimed at `number` reach by their title while no act has that
  // number: once one arrives, those relations move to it, and these need indexing again.
  std::vector<std::string> documents_named_by_title_for(const std::string& number) const;
  ValidityFacts validity_facts(const Document& doc) const;
  // Documents whose status may change because `doc`'s outgoing relations point at them.
  std::vector<std::string> targets_of(const Document& doc) const;

  // Corrections (schema v3), oldest first; `target_prefix` as for events.
  void add_correction(const Correction& correction);
  std::vector<Correction> corrections(const std::string& target_prefix) const;

  void log_event(const Event& event);
  // An event a person caused (a correction): the agent names them beside the software.
  void log_event(const Event& event, const std::string& person);
  std::vector<Event> events(const std::string& target_prefix) const;
  // The log in order of recording. Throws NotFound for an unknown issue or document.
  std::vector<EventRecord> event_log(const EventQuery& query) const;

 private:
  void begin();
  void commit();
  void rollback();
  void migrate(int migrate_to);
  Document read_document_row(const sqlite::Statement& row) const;
  void resolve_targets(Document& doc) const;
  std::unique_ptr<sqlite::Connection> db_;
};

}  // namespace gazette
