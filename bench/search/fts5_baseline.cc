#include "fts5_baseline.h"

#include <sqlite3.h>

#include <algorithm>

#include "gazette/docnumber.h"
#include "gazette/error.h"
#include "gazette/utf8.h"
#include "gazette/validity.h"

namespace gazette::searchbench {
namespace {

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw StorageError(std::string("fts5 baseline: ") + what + ": " + sqlite3_errmsg(db));
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const std::string& sql) {
    check(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), sql.c_str());
  }
  ~Statement() { sqlite3_finalize(stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void bind(const char* name, const std::string& value) {
    const int at = sqlite3_bind_parameter_index(stmt, name);
    if (at > 0) sqlite3_bind_text(stmt, at, value.c_str(), -1, SQLITE_TRANSIENT);
  }
};

// The same dates the index's value slots hold (index/src/schema.cc, slot_dates), from the
// validity engine, so that both engines filter on the same facts.
struct Dates {
  std::string effective = "0000-01-01", end = "9999-12-31", amended = "9999-12-31",
              partial = "9999-12-31", end_kind;
};
Dates dates_of(const ValidityFacts& facts) {
  Dates d;
  const auto timeline = validity_timeline(facts);
  for (const auto& c : timeline) {
    if (c.code == ValidityCode::in_force && d.effective == "0000-01-01") d.effective = c.date;
    if (c.code == ValidityCode::amended && d.amended == "9999-12-31") d.amended = c.date;
    if (c.code == ValidityCode::partially_invalid && d.partial == "9999-12-31") d.partial = c.date;
  }
  if (auto end = validity_end(facts)) {
    d.end = *end;
    d.end_kind = std::string(to_string(timeline.back().code));
  }
  return d;
}

// Status on :d, the same rule as schema::status_from_slots.
constexpr const char* kStatusSql =
    "CASE WHEN m.kind = 'other' THEN NULL"
    " WHEN :d < m.effective THEN 'not_yet_effective'"
    " WHEN :d > m.end_of_validity THEN m.end_kind"
    " WHEN :d >= m.partial_since THEN 'partially_invalid'"
    " WHEN :d >= m.amended_since THEN 'amended'"
    " ELSE 'in_force' END";

std::string fts_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

struct Fts5Baseline::Impl {
  sqlite3* db = nullptr;
  std::unique_ptr<Statement> insert_doc, insert_meta;
  bool in_transaction = false;
  ~Impl() {
    insert_doc.reset();
    insert_meta.reset();
    sqlite3_close(db);
  }
  void exec(const char* sql) { check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql); }
};

Fts5Baseline::Fts5Baseline(const std::filesystem::path& file, bool reuse)
    : impl_(std::make_unique<Impl>()) {
  if (reuse && !std::filesystem::exists(file))
    throw StorageError("fts5 baseline: no " + file.string() + " to reuse");
  if (!reuse) std::filesystem::remove(file);
  if (sqlite3_open(file.c_str(), &impl_->db) != SQLITE_OK)
    throw StorageError("fts5 baseline: cannot open " + file.string());
  // Bulk-load settings a careful team would use; durability does not matter for a benchmark.
  impl_->exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
  if (!reuse)
    impl_->exec(
        "CREATE VIRTUAL TABLE docs USING fts5(title, number, body, tokenize='trigram');"
        "INSERT INTO docs(docs, rank) VALUES('rank', 'bm25(5.0, 1.0, 1.0)');"
        "CREATE TABLE meta(id INTEGER PRIMARY KEY, doc_id TEXT, kind TEXT, authority TEXT,"
        " year INTEGER, effective TEXT, end_of_validity TEXT, amended_since TEXT,"
        " partial_since TEXT, end_kind TEXT);");
  impl_->insert_doc = std::make_unique<Statement>(
      impl_->db, "INSERT INTO docs(rowid, title, number, body) VALUES(:r, :t, :n, :b)");
  impl_->insert_meta = std::make_unique<Statement>(
      impl_->db, "INSERT INTO meta VALUES(:r, :id, :k, :a, :y, :e, :end, :am, :pa, :ek)");
}

Fts5Baseline::~Fts5Baseline() = default;

void Fts5Baseline::add(std::uint64_t row, const index::IndexEntry& entry) {
  if (!impl_->in_transaction) {
    impl_->exec("BEGIN");
    impl_->in_transaction = true;
  }
  const Document& d = entry.doc;
  const std::string rowid = std::to_string(row + 1);
  auto& doc = *impl_->insert_doc;
  doc.bind(":r", rowid);
  doc.bind(":t", d.title);
  doc.bind(":n", d.number);
  doc.bind(":b", d.text);
  check(impl_->db, sqlite3_step(doc.stmt), "insert into docs");
  sqlite3_reset(doc.stmt);
  const Dates dates = dates_of(entry.facts);
  auto& meta = *impl_->insert_meta;
  meta.bind(":r", rowid);
  meta.bind(":id", d.id);
  meta.bind(":k", std::string(to_string(d.kind)));
  meta.bind(":a", d.authority);
  meta.bind(":y", d.year ? std::to_string(*d.year) : "");
  meta.bind(":e", dates.effective);
  meta.bind(":end", dates.end);
  meta.bind(":am", dates.amended);
  meta.bind(":pa", dates.partial);
  meta.bind(":ek", dates.end_kind);
  check(impl_->db, sqlite3_step(meta.stmt), "insert into meta");
  sqlite3_reset(meta.stmt);
}

void Fts5Baseline::commit() {
  if (impl_->in_transaction) impl_->exec("COMMIT");
  impl_->in_transaction = false;
}

BaselineResults Fts5Baseline::search(const BenchQuery& query, int limit) {
  // The same reading of the query as the Xapian searcher: numbers (normalised by the project's
  // own parser, which FTS5 cannot do) become lookups on the number column, OR-ed with the
  // text; the text is quoted phrases and words, AND-ed. The trigram tokenizer cannot look up
  // fewer than three characters, so such words fall back to LIKE, a scan of every row.
  std::string rest = query.text;
  std::vector<std::string> number_parts;
  const auto numbers = find_numbers(query.text);
  for (auto it = numbers.rbegin(); it != numbers.rend(); ++it) {
    number_parts.push_back("number : " + fts_string(it->number));
    rest.replace(it->begin, it->end - it->begin, " ");
  }
  std::vector<std::string> match_parts, like_words;
  for (std::size_t i = 0; i < rest.size();) {
    if (rest[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t end;
    std::string word;
    if (rest[i] == '"') {
      end = rest.find('"', i + 1);
      if (end == std::string::npos) end = rest.size();
      word = rest.substr(i + 1, end - i - 1);
      ++end;
    } else {
      end = std::min(rest.find(' ', i), rest.size());
      word = rest.substr(i, end - i);
    }
    i = end;
    if (word.empty()) continue;
    if (utf8::decode(word).size() >= 3)
      match_parts.push_back(fts_string(word));
    else
      like_words.push_back(word);
  }
  std::string match;
  auto join = [](const std::vector<std::string>& parts, const char* op) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : op) + p;
    return s;
  };
  const std::string text_match = join(match_parts, " AND ");
  if (!number_parts.empty()) {
    match = "(" + join(number_parts, " OR ") + ")";
    if (!text_match.empty()) match += " OR (" + text_match + ")";
    like_words.clear();  // the numbered act is what was asked for; text only widens it
  } else {
    match = text_match;
  }

  std::string where;
  auto add = [&](const std::string& cond) {
    where += (where.empty() ? " WHERE " : " AND ") + cond;
  };
  if (!match.empty()) add("docs MATCH :m");
  for (std::size_t k = 0; k < like_words.size(); ++k) {
    const std::string p = ":l" + std::to_string(k);
    add("(docs.title LIKE " + p + " OR docs.body LIKE " + p + ")");
  }
  const bool need_meta = query.status || query.year || query.cls == QueryClass::facet;
  if (query.status) add(std::string(kStatusSql) + " = :st");
  if (query.year) add("m.year = :yr");
  const std::string from =
      std::string(" FROM docs") + (need_meta ? " JOIN meta m ON m.id = docs.rowid" : "");
  auto bind_all = [&](Statement& s) {
    s.bind(":m", match);
    for (std::size_t k = 0; k < like_words.size(); ++k)
      s.bind((":l" + std::to_string(k)).c_str(), "%" + like_words[k] + "%");
    s.bind(":d", query.as_of);
    if (query.status) s.bind(":st", std::string(to_string(*query.status)));
    if (query.year) s.bind(":yr", std::to_string(*query.year));
  };

  BaselineResults out;
  {
    Statement top(impl_->db, "SELECT docs.rowid" + from + where +
                                 (match.empty() ? "" : " ORDER BY rank") + " LIMIT " +
                                 std::to_string(limit));
    bind_all(top);
    int rc;
    while ((rc = sqlite3_step(top.stmt)) == SQLITE_ROW)
      out.ids.push_back(
          Collection::id(static_cast<std::uint64_t>(sqlite3_column_int64(top.stmt, 0)) - 1));
    check(impl_->db, rc, "search");
  }
  if (query.cls == QueryClass::facet) {
    // One pass over the match set, counted here: cheaper than one GROUP BY per facet.
    Statement all(impl_->db,
                  std::string("SELECT m.kind, m.authority, m.year, ") + kStatusSql + from + where);
    bind_all(all);
    int rc;
    while ((rc = sqlite3_step(all.stmt)) == SQLITE_ROW) {
      ++out.total;
      for (int c = 0; c < 4; ++c) {
        static const char* kNames[] = {"kind", "authority", "year", "status"};
        const auto* v = sqlite3_column_text(all.stmt, c);
        if (v && *v) ++out.facets[kNames[c]][reinterpret_cast<const char*>(v)];
      }
    }
    check(impl_->db, rc, "facets");
  }
  // Other classes fetch the top `limit` only, like the Xapian side, which counts every match
  // only for facets (its total is otherwise an estimate); FTS5 has no estimate, so no total.
  return out;
}

}  // namespace gazette::searchbench
