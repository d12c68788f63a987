#include "gazette/index/writer.h"

#include <xapian.h>

#include "file_handle.h"
#include "gazette/error.h"
#include "schema.h"

namespace gazette::index {
namespace {

// Why WriterOptions::commit_every exists: Xapian keeps every change since the last commit in
// in-memory maps and commits on its own only every 10,000 documents. With ~2,000-character CJK
// documents (about 4,000 n-gram postings each) those maps grow large and each further document
// costs more: bench/search measured 10 ms of CPU per document with 3,000 pending, 7 ms with
// 1,000 and 4 ms with 100. Single documents and issues (a few dozen acts) are unaffected: they
// are still committed by commit().

// Flushes every file of the database, then the directory, as Xapian's own commit would have.
void sync_database(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file()) sync_path(entry.path());
  sync_path(dir, O_RDONLY | O_DIRECTORY);
}

}  // namespace

struct Writer::Impl {
  Xapian::WritableDatabase db;
  Xapian::TermGenerator generator;
  std::filesystem::path dir;
  WriterOptions options;
  unsigned pending = 0;  // changes since the last commit

  void changed() {
    if (++pending >= options.commit_every) {
      db.commit();
      pending = 0;
    }
  }
};

Writer::Writer(const std::filesystem::path& dir, const WriterOptions& options) {
  try {
    std::filesystem::create_directories(dir);
    const int flags = Xapian::DB_CREATE_OR_OPEN | (options.durable ? 0 : Xapian::DB_NO_SYNC);
    impl_ = std::make_unique<Impl>(
        Impl{Xapian::WritableDatabase(dir.string(), flags), {}, dir, options, 0});
  } catch (const Xapian::DatabaseLockError&) {
    throw LockError("the index at " + dir.string() + " is locked by another writer");
  } catch (const Xapian::Error& e) {
    throw StorageError("cannot open index " + dir.string() + ": " + e.get_description());
  }
  impl_->generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

Writer::~Writer() = default;

void Writer::put(const IndexEntry& entry) {
  const Document& d = entry.doc;
  try {
    Xapian::Document xd;
    auto& gen = impl_->generator;
    gen.set_document(xd);
    gen.index_text(d.title, schema::kTitleWeight);
    gen.index_text(d.title, 1, std::string(schema::kTitle));
    gen.increase_termpos();
    if (!d.number.empty()) gen.index_text(d.number);
    gen.increase_termpos();
    gen.index_text(d.text);

    const std::string id_term = schema::term(schema::kId, d.id);
    xd.add_boolean_term(id_term);
    // wdf 1, not a boolean term, so that a number lookup carries weight and ranks first.
    if (!d.number.empty()) xd.add_term(schema::term(schema::kNumber, d.number), 1);
    // For 令号 queries that abbreviate the authority (省政府令第321号).
    if (const auto order = schema::order_suffix(d.number); !order.empty())
      xd.add_term(schema::term(schema::kOrderNumber, order), 1);
    if (!d.authority.empty()) xd.add_boolean_term(schema::term(schema::kAuthority, d.authority));
    xd.add_boolean_term(schema::term(schema::kKind, to_string(d.kind)));
    if (!d.series.empty()) xd.add_boolean_term(schema::term(schema::kSeries, d.series));
    if (d.year) xd.add_boolean_term(schema::term(schema::kYear, std::to_string(*d.year)));
    xd.add_boolean_term(schema::term(schema::kIssue, d.issue_id));

    const auto dates = schema::slot_dates(entry.facts);
    if (!dates.end_kind.empty())
      xd.add_boolean_term(schema::term(schema::kEndKind, dates.end_kind));
    xd.add_value(schema::kSigned, d.signed_date.value_or(""));
    xd.add_value(schema::kEffective, dates.effective);
    xd.add_value(schema::kExpires, d.expires.value_or(""));
    xd.add_value(schema::kEndOfValidity, dates.end_of_validity);
    xd.add_value(schema::kAmendedSince, dates.amended_since);
    xd.add_value(schema::kKindValue, std::string(to_string(d.kind)));
    xd.add_value(schema::kAuthorityValue, d.authority);
    xd.add_value(schema::kYearValue, d.year ? std::to_string(*d.year) : "");
    xd.add_value(schema::kPartialSince, dates.partial_since);
    xd.add_value(schema::kEndKindValue, dates.end_kind);
    xd.add_value(schema::kIdValue, d.id);
    const std::string sort_date = d.signed_date.value_or(d.effective.value_or(""));
    xd.add_value(schema::kSortNewest, sort_date + " " + d.id);
    xd.add_value(schema::kSortOldest, (sort_date.empty() ? "~" : sort_date) + " " + d.id);
    if (d.kind != DocumentKind::other) {
      const auto bounds = schema::status_bounds(dates);
      xd.add_value(schema::kBoundInForce, bounds.in_force);
      xd.add_value(schema::kBoundAmended, bounds.amended);
      xd.add_value(schema::kBoundPartial, bounds.partial);
      xd.add_value(schema::kBoundEnded, bounds.ended == schema::kOpenEnd
                                            ? bounds.ended
                                            : bounds.ended + " " + bounds.end_kind);
    }
    // The data carries what results need without a catalogue round trip: id, then the text
    // from which snippets are cut.
    xd.set_data(d.id + "\n" + d.text);
    impl_->db.replace_document(id_term, xd);
    impl_->changed();
  } catch (const Xapian::Error& e) {
    throw StorageError("cannot index " + d.id + ": " + e.get_description());
  }
}

void Writer::remove(const std::string& document_id) {
  try {
    impl_->db.delete_document(schema::term(schema::kId, document_id));
    impl_->changed();
  } catch (const Xapian::Error& e) {
    throw StorageError("cannot remove " + document_id + " from the index: " + e.get_description());
  }
}

void Writer::commit() {
  try {
    impl_->db.commit();
    impl_->pending = 0;
    if (!impl_->options.durable) sync_database(impl_->dir);
  } catch (const Xapian::Error& e) {
    throw StorageError("index commit failed: " + e.get_description());
  } catch (const std::filesystem::filesystem_error& e) {
    throw StorageError(std::string("index commit failed: ") + e.what());
  }
}

}  // namespace gazette::index
