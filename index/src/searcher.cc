#include "gazette/index/searcher.h"

#include <xapian.h>

#include <sstream>

#include "gazette/dates.h"
#include "gazette/docnumber.h"
#include "gazette/error.h"
#include "schema.h"

namespace gazette::index {
namespace {

constexpr unsigned kParserFlags =
    Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM;

// A number query must win over any text match.
constexpr double kNumberBoost = 1000.0;

Xapian::Query value_le(unsigned slot, const std::string& v) {
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, v);
}
Xapian::Query value_ge(unsigned slot, const std::string& v) {
  return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, v);
}

// Documents with `code` on `as_of`, from the value slots: schema::status_from_slots written
// as a query (the two must agree; tests/unit/index_test.cc checks both against the engine).
Xapian::Query status_filter(ValidityCode code, const std::string& as_of) {
  using Q = Xapian::Query;
  const std::string next_day = add_days(as_of, 1);
  const std::string prev_day = add_days(as_of, -1);
  const Q not_other = Q(Q::OP_AND_NOT, Q::MatchAll, Q(schema::term(schema::kKind, "other")));
  const Q in_term = Q(Q::OP_AND, value_le(schema::kEffective, as_of),
                      value_ge(schema::kEndOfValidity, as_of));
  const Q not_partial = value_ge(schema::kPartialSince, next_day);
  const Q not_amended = value_ge(schema::kAmendedSince, next_day);
  auto all_of = [&](std::initializer_list<Q> parts) {
    Q q = not_other;
    for (const auto& p : parts) q = Q(Q::OP_FILTER, q, p);
    return q;
  };
  switch (code) {
    case ValidityCode::not_yet_effective:
      return all_of({value_ge(schema::kEffective, next_day)});
    case ValidityCode::in_force:
      return all_of({in_term, not_partial, not_amended});
    case ValidityCode::amended:
      return all_of({in_term, not_partial, value_le(schema::kAmendedSince, as_of)});
    case ValidityCode::partially_invalid:
      return all_of({in_term, value_le(schema::kPartialSince, as_of)});
    case ValidityCode::repealed:
    case ValidityCode::expired:
      return all_of({Q(schema::term(schema::kEndKind, to_string(code))),
                     value_le(schema::kEndOfValidity, prev_day)});
  }
  return Q();
}

// Counts the status of every matching document on one date, from its value slots.
class StatusSpy : public Xapian::MatchSpy {
 public:
  explicit StatusSpy(std::string as_of) : as_of_(std::move(as_of)) {}
  void operator()(const Xapian::Document& doc, double) override {
    schema::SlotDates d;
    d.effective = doc.get_value(schema::kEffective);
    d.end_of_validity = doc.get_value(schema::kEndOfValidity);
    d.amended_since = doc.get_value(schema::kAmendedSince);
    d.partial_since = doc.get_value(schema::kPartialSince);
    d.end_kind = doc.get_value(schema::kEndKindValue);
    if (d.partial_since.empty()) d.partial_since = std::string(schema::kOpenEnd);
    const std::string kind_value = doc.get_value(schema::kKindValue);
    if (kind_value.empty()) return;
    const auto kind = document_kind_from_string(kind_value);
    if (const auto code = schema::status_from_slots(kind, d, as_of_)) ++counts_[std::string(to_string(*code))];
  }
  const std::map<std::string, std::size_t>& counts() const { return counts_; }

 private:
  std::string as_of_;
  std::map<std::string, std::size_t> counts_;
};

}  // namespace

struct Searcher::Impl {
  Xapian::Database db;
};

Searcher::Searcher(const std::vector<std::filesystem::path>& shards)
    : impl_(std::make_unique<Impl>()) {
  for (const auto& s : shards) {
    if (!std::filesystem::exists(s))
      throw NotFound("no index at " + s.string() + " (has anything been ingested?)");
    try {
      impl_->db.add_database(Xapian::Database(s.string()));
    } catch (const Xapian::Error& e) {
      throw StorageError("cannot open index " + s.string() + ": " + e.get_description());
    }
  }
}

Searcher::~Searcher() = default;

std::size_t Searcher::document_count() const {
  return impl_->db.get_doccount();
}

SearchResults Searcher::search(SearchRequest req) {
  if (req.as_of.empty()) req.as_of = today_iso();
  using Q = Xapian::Query;
  if (req.limit < 0 || req.limit > 1000 || req.offset < 0) throw InvalidInput("bad result window");
  try {
    // Document numbers in the query, in any printed form, become exact lookups on the
    // number term, weighted so that the numbered act ranks first.
    std::string rest = req.query;
    std::vector<Q> number_terms;
    const auto numbers = find_numbers(req.query);
    for (auto it = numbers.rbegin(); it != numbers.rend(); ++it) {
      number_terms.emplace_back(Q::OP_SCALE_WEIGHT, Q(schema::term(schema::kNumber, it->number)),
                                kNumberBoost);
      rest.replace(it->begin, it->end - it->begin, " ");
    }

    Xapian::QueryParser parser;
    parser.set_database(impl_->db);
    parser.set_default_op(Q::OP_AND);
    parser.add_prefix("title", std::string(schema::kTitle));
    Q text_query;
    const bool blank = rest.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!blank) {
      try {
        text_query = parser.parse_query(rest, kParserFlags);
      } catch (const Xapian::QueryParserError&) {
        // Xapian 1.4.22 rejects some mixed Latin/CJK queries under CJK n-grams; retry each
        // whitespace-separated word on its own and AND them.
        std::istringstream words(rest);
        std::vector<Q> parts;
        for (std::string w; words >> w;) {
          try {
            parts.push_back(parser.parse_query(w, kParserFlags));
          } catch (const Xapian::QueryParserError& e) {
            throw InvalidInput("query not understood: " + e.get_msg());
          }
        }
        text_query = Q(Q::OP_AND, parts.begin(), parts.end());
      }
    }

    Q query;
    if (!number_terms.empty()) {
      const Q numbers_q(Q::OP_OR, number_terms.begin(), number_terms.end());
      query = blank ? numbers_q : Q(Q::OP_OR, numbers_q, text_query);
    } else {
      query = blank ? Q::MatchAll : text_query;
    }

    std::vector<Q> filters;
    if (req.kind) filters.emplace_back(schema::term(schema::kKind, to_string(*req.kind)));
    if (!req.authority.empty())
      filters.emplace_back(schema::term(schema::kAuthority, req.authority));
    if (req.year) filters.emplace_back(schema::term(schema::kYear, std::to_string(*req.year)));
    if (req.status) filters.push_back(status_filter(*req.status, req.as_of));
    for (const auto& f : filters) query = Q(Q::OP_FILTER, query, f);

    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(query);
    Xapian::ValueCountMatchSpy kinds(schema::kKindValue), authorities(schema::kAuthorityValue),
        years(schema::kYearValue);
    enquire.add_matchspy(&kinds);
    enquire.add_matchspy(&authorities);
    enquire.add_matchspy(&years);
    StatusSpy statuses(req.as_of);
    enquire.add_matchspy(&statuses);
    const auto doccount = impl_->db.get_doccount();
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                                         static_cast<Xapian::doccount>(req.limit), doccount);

    SearchResults out;
    out.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      const auto nl = data.find('\n');
      SearchHit hit;
      hit.id = data.substr(0, nl);
      hit.score = it.get_weight();
      const std::string text = nl == std::string::npos ? std::string() : data.substr(nl + 1);
      hit.snippet_html = mset.snippet(text, 160, Xapian::Stem(), Xapian::MSet::SNIPPET_CJK_NGRAM,
                                      "<b>", "</b>", "…");
      out.hits.push_back(std::move(hit));
    }
    auto copy_spy = [&](const Xapian::ValueCountMatchSpy& spy, const std::string& name) {
      for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
        if (!(*v).empty()) out.facets[name][*v] = v.get_termfreq();
    };
    copy_spy(kinds, "kind");
    copy_spy(authorities, "authority");
    copy_spy(years, "year");
    if (!statuses.counts().empty()) out.facets["status"] = statuses.counts();
    return out;
  } catch (const Xapian::QueryParserError& e) {
    throw InvalidInput("query not understood: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw StorageError("search failed: " + e.get_description());
  }
}

}  // namespace gazette::index
