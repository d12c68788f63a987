#include "gazette/catalog.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <iterator>

#include "gazette/error.h"
#include "gazette/version.h"
#include "sqlite.h"

namespace gazette {
namespace {

// Each entry migrates from version (index) to version (index + 1). Never edit a released entry;
// append a new one.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE blobs(
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  path TEXT NOT NULL,
  stored_at TEXT NOT NULL);
CREATE TABLE issues(
  id TEXT PRIMARY KEY,
  series TEXT NOT NULL,
  year INTEGER, number INTEGER, total INTEGER, date TEXT,
  lang TEXT NOT NULL,
  source TEXT NOT NULL,
  page_count INTEGER NOT NULL,
  state TEXT NOT NULL);
CREATE TABLE pages(
  issue_id TEXT NOT NULL REFERENCES issues(id),
  seq INTEGER NOT NULL,
  printed_page INTEGER,
  source TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  text TEXT NOT NULL,
  confidence REAL NOT NULL,
  status TEXT NOT NULL,
  error TEXT,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  PRIMARY KEY(issue_id, seq));
CREATE TABLE page_lines(
  issue_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  line INTEGER NOT NULL,
  x0 INTEGER, y0 INTEGER, x1 INTEGER, y1 INTEGER,
  confidence REAL,
  size REAL,
  text TEXT NOT NULL,
  PRIMARY KEY(issue_id, seq, line));
CREATE TABLE documents(
  id TEXT PRIMARY KEY,
  issue_id TEXT NOT NULL REFERENCES issues(id),
  ordinal INTEGER NOT NULL,
  first_page INTEGER, last_page INTEGER,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  number TEXT,
  authority TEXT,
  signed TEXT, effective TEXT, expires TEXT,
  text TEXT NOT NULL);
CREATE INDEX documents_by_issue ON documents(issue_id, ordinal);
CREATE INDEX documents_by_number ON documents(number);
CREATE INDEX documents_by_title ON documents(title);
CREATE TABLE relations(
  document_id TEXT NOT NULL REFERENCES documents(id),
  ordinal INTEGER NOT NULL,
  type TEXT NOT NULL,
  target_number TEXT,
  target_title TEXT,
  evidence_page INTEGER,
  evidence_text TEXT NOT NULL,
  partial INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(document_id, ordinal));
CREATE INDEX relations_by_number ON relations(target_number);
CREATE INDEX relations_by_title ON relations(target_title);
CREATE TABLE events(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  type TEXT NOT NULL,
  target TEXT NOT NULL,
  agent TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX events_by_target ON events(target);
)sql",
    // v2: hashes of derived files (hOCR), so that `gazette verify` can audit them too.
    R"sql(
CREATE TABLE files(
  path TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  kind TEXT NOT NULL,
  recorded_at TEXT NOT NULL);
)sql",
    // v3: corrections of document metadata by people, re-applied whenever an issue is
    // structured again.
    R"sql(
CREATE TABLE corrections(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  time TEXT NOT NULL,
  target TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  person TEXT NOT NULL,
  note TEXT NOT NULL);
CREATE INDEX corrections_by_target ON corrections(target);
)sql",
};
static_assert(std::size(kMigrations) == Catalog::kSchemaVersion,
              "one migration per schema version");

std::string_view state_name(IssueState s) {
  switch (s) {
    case IssueState::pages:
      return "pages";
    case IssueState::structured:
      return "structured";
    case IssueState::indexed:
      return "indexed";
  }
  return "pages";
}

IssueState state_from(std::string_view s) {
  if (s == "structured") return IssueState::structured;
  if (s == "indexed") return IssueState::indexed;
  return IssueState::pages;
}

std::string now_utc() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

constexpr const char* kIssueColumns =
    "id, series, year, number, total, date, lang, source, page_count, state";

IssueRecord read_issue(const sqlite::Statement& s) {
  IssueRecord r;
  r.issue.id = s.text(0);
  r.issue.series = s.text(1);
  r.issue.year = s.optional_int(2);
  r.issue.number = s.optional_int(3);
  r.issue.total = s.optional_int(4);
  r.issue.date = s.optional_text(5);
  r.issue.lang = s.text(6);
  r.issue.source = s.text(7);
  r.issue.page_count = static_cast<int>(s.integer(8));
  r.state = state_from(s.text(9));
  return r;
}

constexpr const char* kPageColumns =
    "issue_id, seq, printed_page, source, sha256, text, confidence, status, error, width, height";

Page read_page(const sqlite::Statement& s) {
  Page p;
  p.issue_id = s.text(0);
  p.seq = static_cast<int>(s.integer(1));
  p.printed_page = s.optional_int(2);
  p.source = s.text(3);
  p.sha256 = s.text(4);
  p.text = s.text(5);
  p.confidence = s.real(6);
  p.status = page_status_from_string(s.text(7));
  p.error = s.optional_text(8);
  p.width = static_cast<int>(s.integer(9));
  p.height = static_cast<int>(s.integer(10));
  return p;
}

// Documents joined with their issue for the series/year/issue fields.
constexpr const char* kDocumentSelect =
    "SELECT d.id, d.issue_id, i.series, i.year, i.number, i.total, d.first_page, d.last_page, "
    "d.kind, d.title, d.number, d.authority, d.signed, d.effective, d.expires, d.text "
    "FROM documents d JOIN issues i ON i.id = d.issue_id ";

}  // namespace

Catalog::Catalog(const std::filesystem::path& file, CatalogOptions options) {
  if (options.read_only && !std::filesystem::exists(file))
    throw NotFound("no catalogue at " + file.string() + " (has anything been ingested?)");
  db_ = std::make_unique<sqlite::Connection>(file.string(), options.read_only);
  db_->exec("PRAGMA foreign_keys=ON");
  if (!options.read_only) {
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=FULL");
    migrate(options.migrate_to);
  } else if (schema_version() > kSchemaVersion) {
    throw StorageError("catalogue schema is newer than this program understands");
  }
}

Catalog::~Catalog() = default;
Catalog::Catalog(Catalog&&) noexcept = default;
Catalog& Catalog::operator=(Catalog&&) noexcept = default;

void Catalog::begin() {
  db_->exec("BEGIN IMMEDIATE");
}
void Catalog::commit() {
  db_->exec("COMMIT");
}
void Catalog::rollback() {
  // Rollback after a failed statement may itself report "no transaction"; that is fine.
  sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

int Catalog::schema_version() const {
  auto s = db_->prepare("PRAGMA user_version");
  s.step();
  return static_cast<int>(s.integer(0));
}

void Catalog::migrate(int migrate_to) {
  const int current = schema_version();
  if (current > kSchemaVersion)
    throw StorageError("catalogue schema v" + std::to_string(current) +
                       " is newer than this program (v" + std::to_string(kSchemaVersion) + ")");
  const int target = migrate_to > 0 ? std::min(migrate_to, kSchemaVersion) : kSchemaVersion;
  for (int v = current; v < target; ++v) {
    transaction([&] {
      db_->exec(kMigrations[v]);
      db_->exec("PRAGMA user_version=" + std::to_string(v + 1));
    });
  }
}

bool Catalog::has_blob(const std::string& sha256) const {
  auto s = db_->prepare("SELECT 1 FROM blobs WHERE sha256=?");
  s.bind(1, sha256);
  return s.step();
}

void Catalog::add_blob(const std::string& sha256, std::int64_t size, const std::string& path) {
  db_->prepare("INSERT OR IGNORE INTO blobs(sha256,size,path,stored_at) VALUES(?,?,?,?)")
      .bind(1, sha256)
      .bind(2, size)
      .bind(3, path)
      .bind(4, now_utc())
      .run();
}

std::vector<std::pair<std::string, std::string>> Catalog::blobs() const {
  auto s = db_->prepare("SELECT sha256, path FROM blobs ORDER BY sha256");
  std::vector<std::pair<std::string, std::string>> out;
  while (s.step()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

std::optional<std::string> Catalog::blob_path(const std::string& sha256) const {
  auto s = db_->prepare("SELECT path FROM blobs WHERE sha256=?");
  s.bind(1, sha256);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void Catalog::put_issue(const Issue& i, IssueState state) {
  db_->prepare(std::string("INSERT OR REPLACE INTO issues(") + kIssueColumns +
               ") VALUES(?,?,?,?,?,?,?,?,?,?)")
      .bind(1, i.id)
      .bind(2, i.series)
      .bind(3, i.year)
      .bind(4, i.number)
      .bind(5, i.total)
      .bind(6, i.date)
      .bind(7, i.lang)
      .bind(8, i.source)
      .bind(9, i.page_count)
      .bind(10, state_name(state))
      .run();
}

void Catalog::set_issue_state(const std::string& issue_id, IssueState state) {
  db_->prepare("UPDATE issues SET state=? WHERE id=?")
      .bind(1, state_name(state))
      .bind(2, issue_id)
      .run();
}

std::optional<IssueRecord> Catalog::issue(const std::string& issue_id) const {
  auto s = db_->prepare(std::string("SELECT ") + kIssueColumns + " FROM issues WHERE id=?");
  s.bind(1, issue_id);
  if (!s.step()) return std::nullopt;
  return read_issue(s);
}

std::vector<IssueRecord> Catalog::issues() const {
  auto s = db_->prepare(std::string("SELECT ") + kIssueColumns +
                        " FROM issues ORDER BY year DESC, number DESC, id");
  std::vector<IssueRecord> out;
  while (s.step()) out.push_back(read_issue(s));
  return out;
}

void Catalog::put_page(const Page& p) {
  db_->prepare(std::string("INSERT OR REPLACE INTO pages(") + kPageColumns +
               ") VALUES(?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, p.issue_id)
      .bind(2, p.seq)
      .bind(3, p.printed_page)
      .bind(4, p.source)
      .bind(5, p.sha256)
      .bind(6, p.text)
      .bind(7, p.confidence)
      .bind(8, to_string(p.status))
      .bind(9, p.error)
      .bind(10, p.width)
      .bind(11, p.height)
      .run();
  db_->prepare("DELETE FROM page_lines WHERE issue_id=? AND seq=?")
      .bind(1, p.issue_id)
      .bind(2, p.seq)
      .run();
  auto ins = db_->prepare(
      "INSERT INTO page_lines(issue_id,seq,line,x0,y0,x1,y1,confidence,size,text) "
      "VALUES(?,?,?,?,?,?,?,?,?,?)");
  int n = 0;
  for (const auto& l : p.lines) {
    sqlite3_reset(ins.handle());
    ins.bind(1, p.issue_id).bind(2, p.seq).bind(3, n++).bind(4, l.box.x0).bind(5, l.box.y0);
    ins.bind(6, l.box.x1)
        .bind(7, l.box.y1)
        .bind(8, l.confidence)
        .bind(9, l.size)
        .bind(10, l.text)
        .run();
  }
}

std::optional<Page> Catalog::page(const std::string& issue_id, int seq, bool with_lines) const {
  auto s = db_->prepare(std::string("SELECT ") + kPageColumns +
                        " FROM pages WHERE issue_id=? AND seq=?");
  s.bind(1, issue_id).bind(2, seq);
  if (!s.step()) return std::nullopt;
  Page p = read_page(s);
  if (with_lines) {
    auto l = db_->prepare(
        "SELECT x0,y0,x1,y1,confidence,text,size FROM page_lines WHERE issue_id=? AND seq=? ORDER "
        "BY line");
    l.bind(1, issue_id).bind(2, seq);
    while (l.step()) {
      TextLine line;
      line.box = {static_cast<int>(l.integer(0)), static_cast<int>(l.integer(1)),
                  static_cast<int>(l.integer(2)), static_cast<int>(l.integer(3))};
      line.confidence = l.real(4);
      line.text = l.text(5);
      line.size = l.real(6);
      p.lines.push_back(std::move(line));
    }
  }
  return p;
}

std::vector<Page> Catalog::pages(const std::string& issue_id, bool with_lines) const {
  std::vector<int> seqs;
  {
    auto s = db_->prepare("SELECT seq FROM pages WHERE issue_id=? ORDER BY seq");
    s.bind(1, issue_id);
    while (s.step()) seqs.push_back(static_cast<int>(s.integer(0)));
  }
  std::vector<Page> out;
  for (int seq : seqs) out.push_back(*page(issue_id, seq, with_lines));
  return out;
}

std::vector<Page> Catalog::all_pages() const {
  auto s =
      db_->prepare(std::string("SELECT ") + kPageColumns + " FROM pages ORDER BY issue_id, seq");
  std::vector<Page> out;
  while (s.step()) out.push_back(read_page(s));
  return out;
}

void Catalog::replace_documents(const std::string& issue_id, const std::vector<Document>& docs) {
  db_->prepare(
         "DELETE FROM relations WHERE document_id IN (SELECT id FROM documents WHERE issue_id=?)")
      .bind(1, issue_id)
      .run();
  db_->prepare("DELETE FROM documents WHERE issue_id=?").bind(1, issue_id).run();
  int ordinal = 0;
  for (const auto& d : docs) {
    db_->prepare(
           "INSERT INTO "
           "documents(id,issue_id,ordinal,first_page,last_page,kind,title,number,authority,"
           "signed,effective,expires,text) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind(1, d.id)
        .bind(2, issue_id)
        .bind(3, ordinal++)
        .bind(4, d.first_page)
        .bind(5, d.last_page)
        .bind(6, to_string(d.kind))
        .bind(7, d.title)
        .bind_text_or_null(8, d.number)
        .bind_text_or_null(9, d.authority)
        .bind(10, d.signed_date)
        .bind(11, d.effective)
        .bind(12, d.expires)
        .bind(13, d.text)
        .run();
    int n = 0;
    for (const auto& r : d.relations) {
      db_->prepare(
             "INSERT INTO "
             "relations(document_id,ordinal,type,target_number,target_title,evidence_page,"
             "evidence_text,partial) VALUES(?,?,?,?,?,?,?,?)")
          .bind(1, d.id)
          .bind(2, n++)
          .bind(3, to_string(r.type))
          .bind_text_or_null(4, r.target_number)
          .bind_text_or_null(5, r.target_title)
          .bind(6, r.evidence.page)
          .bind(7, r.evidence.text)
          .bind(8, r.partial ? 1 : 0)
          .run();
    }
  }
}

Document Catalog::read_document_row(const sqlite::Statement& s) const {
  Document d;
  d.id = s.text(0);
  d.issue_id = s.text(1);
  d.series = s.text(2);
  d.year = s.optional_int(3);
  d.issue = s.optional_int(4);
  d.issue_total = s.optional_int(5);
  d.first_page = s.optional_int(6);
  d.last_page = s.optional_int(7);
  d.kind = document_kind_from_string(s.text(8));
  d.title = s.text(9);
  d.number = s.text(10);
  d.authority = s.text(11);
  d.signed_date = s.optional_text(12);
  d.effective = s.optional_text(13);
  d.expires = s.optional_text(14);
  d.text = s.text(15);
  auto r = db_->prepare(
      "SELECT type,target_number,target_title,evidence_page,evidence_text,partial FROM relations "
      "WHERE document_id=? ORDER BY ordinal");
  r.bind(1, d.id);
  while (r.step()) {
    Relation rel;
    rel.type = relation_type_from_string(r.text(0));
    rel.target_number = r.text(1);
    rel.target_title = r.text(2);
    rel.evidence.page = r.optional_int(3);
    rel.evidence.text = r.text(4);
    rel.partial = r.integer(5) != 0;
    d.relations.push_back(std::move(rel));
  }
  resolve_targets(d);
  return d;
}

void Catalog::resolve_targets(Document& doc) const {
  for (auto& rel : doc.relations) {
    rel.target_id.reset();
    if (!rel.target_number.empty()) {
      const auto ids = document_ids_by_number(rel.target_number);
      if (!ids.empty()) {
        rel.target_id = ids.front();
        continue;
      }
    }
    // No number, or one that names no archived act (often OCR damage in a list): the title.
    if (!rel.target_title.empty()) {
      auto s = db_->prepare("SELECT id FROM documents WHERE title=? ORDER BY id LIMIT 1");
      s.bind(1, rel.target_title);
      if (s.step()) rel.target_id = s.text(0);
    }
  }
}

std::optional<Document> Catalog::document(const std::string& id) const {
  auto s = db_->prepare(std::string(kDocumentSelect) + "WHERE d.id=?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_document_row(s);
}

std::vector<Document> Catalog::documents_of_issue(const std::string& issue_id) const {
  auto s = db_->prepare(std::string(kDocumentSelect) + "WHERE d.issue_id=? ORDER BY d.ordinal");
  s.bind(1, issue_id);
  std::vector<Document> out;
  while (s.step()) out.push_back(read_document_row(s));
  return out;
}

std::vector<Document> Catalog::all_documents() const {
  auto s = db_->prepare(std::string(kDocumentSelect) +
                        "ORDER BY i.year, i.number, d.issue_id, d.ordinal");
  std::vector<Document> out;
  while (s.step()) out.push_back(read_document_row(s));
  return out;
}

std::vector<std::string> Catalog::document_ids_by_number(const std::string& number) const {
  auto s = db_->prepare(
      "SELECT d.id FROM documents d JOIN issues i ON i.id=d.issue_id WHERE d.number=? "
      "ORDER BY i.year, i.number, d.id");
  s.bind(1, number);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<std::pair<std::string, std::string>> Catalog::numbered_titles() const {
  auto s = db_->prepare(
      "SELECT d.number, d.title FROM documents d JOIN issues i ON i.id=d.issue_id "
      "WHERE d.number <> '' ORDER BY i.year, i.number, d.id");
  std::vector<std::pair<std::string, std::string>> out;
  while (s.step()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

std::vector<IncomingRelation> Catalog::incoming_relations(const Document& doc) const {
  auto s = db_->prepare(
      "SELECT r.document_id, d.title, d.number, COALESCE(d.effective, d.signed), r.type, "
      "r.target_number, "
      "r.target_title, r.evidence_page, r.evidence_text, r.partial "
      "FROM relations r JOIN documents d ON d.id = r.document_id "
      "WHERE r.document_id <> ?1 AND ((?2 <> '' AND r.target_number = ?2) OR "
      "(r.target_title = ?3 AND (r.target_number IS NULL OR r.target_number = '' OR "
      "NOT EXISTS (SELECT 1 FROM documents n WHERE n.number = r.target_number)))) "
      "ORDER BY COALESCE(d.effective, d.signed), r.document_id, r.ordinal");
  s.bind(1, doc.id).bind(2, doc.number).bind(3, doc.title);
  std::vector<IncomingRelation> out;
  while (s.step()) {
    IncomingRelation in;
    in.source_id = s.text(0);
    in.source_title = s.text(1);
    in.source_number = s.text(2);
    in.date = s.optional_text(3);
    in.relation.type = relation_type_from_string(s.text(4));
    in.relation.target_number = s.text(5);
    in.relation.target_title = s.text(6);
    in.relation.target_id = doc.id;
    in.relation.evidence.page = s.optional_int(7);
    in.relation.evidence.text = s.text(8);
    in.relation.partial = s.integer(9) != 0;
    out.push_back(std::move(in));
  }
  return out;
}

ValidityFacts Catalog::validity_facts(const Document& doc) const {
  ValidityFacts f;
  f.kind = doc.kind;
  f.signed_date = doc.signed_date;
  f.effective = doc.effective;
  f.expires = doc.expires;
  for (const auto& in : incoming_relations(doc))
    f.acts.push_back(
        {in.relation.type, in.source_id, in.date, in.relation.evidence, in.relation.partial});
  return f;
}

std::vector<std::string> Catalog::documents_named_by_title_for(const std::string& number) const {
  auto s = db_->prepare(
      "SELECT DISTINCT d.id FROM relations r JOIN documents d ON d.title = r.target_title "
      "WHERE r.target_number = ?1 AND ?1 <> '' AND d.number IS NOT ?1 ORDER BY d.id");
  s.bind(1, number);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<std::string> Catalog::targets_of(const Document& doc) const {
  std::vector<std::string> out;
  Document resolved = doc;
  resolve_targets(resolved);
  for (const auto& r : resolved.relations)
    if (r.target_id && r.type != RelationType::cites) out.push_back(*r.target_id);
  return out;
}

void Catalog::add_correction(const Correction& c) {
  db_->prepare(
         "INSERT INTO corrections(time,target,field,old_value,new_value,person,note) "
         "VALUES(?,?,?,?,?,?,?)")
      .bind(1, now_utc())
      .bind(2, c.target)
      .bind(3, c.field)
      .bind(4, c.old_value)
      .bind(5, c.new_value)
      .bind(6, c.person)
      .bind(7, c.note)
      .run();
}

std::vector<Correction> Catalog::corrections(const std::string& target_prefix) const {
  // A reader may open an archive last written before v3 (read-only opens never migrate).
  if (schema_version() < 3) return {};
  auto s = db_->prepare(
      "SELECT target,field,old_value,new_value,person,note,time FROM corrections "
      "WHERE substr(target, 1, length(?1)) = ?1 ORDER BY id");
  s.bind(1, target_prefix);
  std::vector<Correction> out;
  while (s.step())
    out.push_back({s.text(0), s.text(1), s.optional_text(2), s.optional_text(3), s.text(4),
                   s.text(5), s.text(6)});
  return out;
}

void Catalog::log_event(const Event& e) {
  log_event(e, "");
}

void Catalog::log_event(const Event& e, const std::string& person) {
  db_->prepare("INSERT INTO events(time,type,target,agent,outcome,detail) VALUES(?,?,?,?,?,?)")
      .bind(1, now_utc())
      .bind(2, e.type)
      .bind(3, e.target)
      .bind(4, person.empty() ? software_agent() : person + " with " + software_agent())
      .bind(5, e.outcome)
      .bind(6, e.detail)
      .run();
}

std::vector<Event> Catalog::events(const std::string& target_prefix) const {
  auto s = db_->prepare(
      "SELECT type,target,outcome,detail FROM events WHERE target LIKE ? || '%' ORDER BY id");
  s.bind(1, target_prefix);
  std::vector<Event> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3)});
  return out;
}

}  // namespace gazette

namespace gazette {

std::vector<BlobRecord> Catalog::blob_records() const {
  auto s = db_->prepare("SELECT sha256, size, path FROM blobs ORDER BY path");
  std::vector<BlobRecord> out;
  while (s.step()) out.push_back({s.text(0), s.integer(1), s.text(2)});
  return out;
}

std::vector<std::string> Catalog::pages_with_original(const std::string& sha256) const {
  auto s = db_->prepare(
      "SELECT issue_id || '#' || seq FROM pages WHERE sha256=? ORDER BY issue_id, seq");
  s.bind(1, sha256);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

std::vector<std::string> Catalog::pages_without_blob() const {
  auto s = db_->prepare(
      "SELECT p.issue_id || '#' || p.seq FROM pages p LEFT JOIN blobs b ON b.sha256 = p.sha256 "
      "WHERE p.status <> 'failed' AND b.sha256 IS NULL ORDER BY p.issue_id, p.seq");
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void Catalog::record_derived_file(const DerivedFileRecord& f) {
  db_->prepare(
         "INSERT OR REPLACE INTO files(path, sha256, size, kind, recorded_at) VALUES(?,?,?,?,?)")
      .bind(1, f.path)
      .bind(2, f.sha256)
      .bind(3, f.size)
      .bind(4, f.kind)
      .bind(5, now_utc())
      .run();
}

std::vector<DerivedFileRecord> Catalog::derived_files() const {
  auto s = db_->prepare("SELECT path, sha256, size, kind FROM files ORDER BY path");
  std::vector<DerivedFileRecord> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.integer(2), s.text(3)});
  return out;
}

std::vector<std::string> Catalog::integrity_problems() const {
  auto s = db_->prepare("PRAGMA integrity_check");
  std::vector<std::string> out;
  while (s.step())
    if (const std::string line = s.text(0); line != "ok") out.push_back(line);
  return out;
}

std::vector<EventRecord> Catalog::event_log(const EventQuery& q) const {
  constexpr const char* kColumns =
      "SELECT id, time, type, target, agent, outcome, detail FROM events ";
  std::optional<sqlite::Statement> s;
  if (q.document_id) {
    auto d = db_->prepare("SELECT issue_id, first_page, last_page FROM documents WHERE id=?");
    d.bind(1, *q.document_id);
    if (!d.step()) throw NotFound("no document " + *q.document_id + " in the catalogue");
    // The document's own events, its issue's, and those of the pages it is printed on.
    s.emplace(db_->prepare(
        std::string(kColumns) +
        "WHERE target = ?1 OR target = ?2 OR target IN (SELECT issue_id || '#' || seq FROM pages "
        "WHERE issue_id = ?2 AND (?3 IS NULL OR printed_page BETWEEN ?3 AND COALESCE(?4, ?3))) "
        "ORDER BY id"));
    s->bind(1, *q.document_id).bind(2, d.text(0)).bind(3, d.optional_int(1));
    s->bind(4, d.optional_int(2));
  } else if (q.issue_id) {
    if (!issue(*q.issue_id)) throw NotFound("no issue " + *q.issue_id + " in the catalogue");
    // Pages are "<issue>#<seq>" and documents "<issue>-NN": compare prefixes without LIKE, whose
    // wildcards could match other ids.
    s.emplace(db_->prepare(std::string(kColumns) +
                           "WHERE target = ?1 OR substr(target, 1, length(?1) + 1) IN "
                           "(?1 || '#', ?1 || '-') ORDER BY id"));
    s->bind(1, *q.issue_id);
  } else {
    s.emplace(db_->prepare(std::string(kColumns) + "ORDER BY id"));
  }
  std::vector<EventRecord> out;
  while (s->step())
    out.push_back(
        {s->integer(0), s->text(1), s->text(2), s->text(3), s->text(4), s->text(5), s->text(6)});
  return out;
}

}  // namespace gazette
