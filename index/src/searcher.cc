#include "gazette/index/searcher.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <thread>

#include "dense_terms.h"
#include "facet_table.h"
#include "gazette/dates.h"
#include "gazette/docnumber.h"
#include "gazette/error.h"
#include "schema.h"

namespace gazette::index {
namespace {

constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                  Xapian::QueryParser::FLAG_CJK_NGRAM |
                                  Xapian::QueryParser::FLAG_WILDCARD;

// A number query must win over any text match.
constexpr double kNumberBoost = 1000.0;

// The weight of a title match over the same words' weight in the text (with_title_bonus).
constexpr double kTitleBonus = 1.0;

// Without facets or exact_total, the matcher checks at least this many matches beyond the
// page before it may stop, so that the estimated total is close for small result sets.
constexpr Xapian::doccount kEstimateCheck = 100;

// Snippets are cut from this window around the first hit of the query's longest term: the
// snippet generator then reads ~700 bytes instead of the whole document.
constexpr std::size_t kSnippetBefore = 240, kSnippetAfter = 480;  // bytes
constexpr std::size_t kSnippetLength = 160;                       // bytes, as Xapian counts

std::size_t utf8_length(unsigned char lead) {
  return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// The code point of a string holding exactly one UTF-8 character, else 0.
char32_t single_code_point(std::string_view s) {
  if (s.empty() || utf8_length(static_cast<unsigned char>(s[0])) != s.size() || s.size() < 2)
    return 0;
  char32_t cp = static_cast<unsigned char>(s[0]) & (0xFF >> (s.size() + 1));
  for (std::size_t i = 1; i < s.size(); ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  return cp;
}

// The ranges Xapian's CJK n-gram tokenizer treats as CJK (1.4, cjk-tokenizer.cc).
bool is_cjk(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x2FF0 && cp <= 0x9FFF) ||
         (cp >= 0xA700 && cp <= 0xA71F) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
         (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// The texts between double quotes ("…" or “…”) in a query.
std::vector<std::string> quoted_parts(const std::string& query) {
  std::vector<std::string> parts;
  std::string current;
  bool in_quotes = false;
  for (std::size_t i = 0; i < query.size();) {
    const bool ascii = query[i] == '"';
    const bool curly =
        query.compare(i, 3, "\xE2\x80\x9C") == 0 || query.compare(i, 3, "\xE2\x80\x9D") == 0;
    if (ascii || curly) {
      if (in_quotes) parts.push_back(current);
      current.clear();
      in_quotes = !in_quotes;
      i += ascii ? 1 : 3;
      continue;
    }
    if (in_quotes) current += query[i];
    ++i;
  }
  if (in_quotes) parts.push_back(current);  // an unclosed quote runs to the end
  return parts;
}

// Xapian 1.4 indexes CJK bigrams without positions, so a quoted CJK phrase is parsed as a
// phrase of single characters, whose position lists are among the longest in the index. Each
// pair of characters that stand side by side in the quoted text is also an indexed bigram that
// every matching document holds: the phrase becomes those bigrams (weighted, as a word's are)
// filtered by the phrase of characters, whose positions are then checked on far fewer
// documents. Only AND/OR-like nodes are rebuilt; anything else is kept as parsed.
Xapian::Query with_phrase_bigrams(const Xapian::Query& q, const std::vector<std::string>& quoted) {
  using Q = Xapian::Query;
  const auto op = q.get_type();
  const std::size_t n = q.get_num_subqueries();
  if (op == Q::OP_PHRASE) {
    std::vector<std::string> chars;
    for (std::size_t i = 0; i < n; ++i) {
      const Q sub = q.get_subquery(i);
      if (sub.get_type() != Q::LEAF_TERM) return q;
      chars.push_back(*sub.get_terms_begin());
    }
    std::vector<Q> bigrams;
    std::vector<bool> covered(chars.size(), false);
    for (std::size_t i = 0; i + 1 < chars.size(); ++i) {
      const std::size_t p = schema::prefix_length(chars[i]);
      if (p != schema::prefix_length(chars[i + 1]) ||
          chars[i].compare(0, p, chars[i + 1], 0, p) != 0)
        continue;
      const std::string a = chars[i].substr(p), b = chars[i + 1].substr(p);
      if (!is_cjk(single_code_point(a)) || !is_cjk(single_code_point(b))) continue;
      const std::string pair = a + b;
      if (std::none_of(quoted.begin(), quoted.end(), [&](const std::string& part) {
            return part.find(pair) != std::string::npos;
          }))
        continue;
      bigrams.emplace_back(chars[i].substr(0, p) + pair);
      covered[i] = covered[i + 1] = true;
    }
    if (bigrams.empty()) return q;
    // Terms no bigram stands for (Latin words, numbers) keep their weight.
    for (std::size_t i = 0; i < chars.size(); ++i)
      if (!covered[i]) bigrams.emplace_back(chars[i]);
    // The bigrams carry the weight, as they do for a word (without_implied_characters), and
    // the phrase of characters is the filter.
    return Q(Q::OP_FILTER, Q(Q::OP_AND, bigrams.begin(), bigrams.end()), q);
  }
  switch (op) {
    case Q::OP_AND:
    case Q::OP_OR:
    case Q::OP_AND_NOT:
    case Q::OP_AND_MAYBE:
    case Q::OP_FILTER:
      break;
    default:
      return q;
  }
  std::vector<Q> subs;
  bool changed = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Q sub = q.get_subquery(i);
    subs.push_back(with_phrase_bigrams(sub, quoted));
    changed = changed || subs.back().get_description() != sub.get_description();
  }
  return changed ? Q(op, subs.begin(), subs.end()) : q;
}

// The parser turns a CJK word into an AND of its characters and bigrams (管 AND 管理 AND 理).
// The characters a bigram implies (schema::characters_implied_by_bigrams) match nothing the
// bigram does not, and for a word in most acts each is one more posting list of nearly every
// document to weigh: they are dropped from ANDs. Phrases keep their characters (positions).
Xapian::Query without_implied_characters(const Xapian::Query& q) {
  using Q = Xapian::Query;
  const auto op = q.get_type();
  if (op != Q::OP_AND && op != Q::OP_OR && op != Q::OP_AND_NOT && op != Q::OP_AND_MAYBE &&
      op != Q::OP_FILTER)
    return q;
  std::vector<Q> subs;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    subs.push_back(without_implied_characters(q.get_subquery(i)));
  if (op == Q::OP_AND) {
    std::set<std::string> leaves;
    for (const auto& sub : subs)
      if (sub.get_type() == Q::LEAF_TERM) leaves.insert(*sub.get_terms_begin());
    const auto implied = schema::characters_implied_by_bigrams(leaves);
    std::erase_if(subs, [&](const Q& sub) {
      return sub.get_type() == Q::LEAF_TERM && implied.count(*sub.get_terms_begin());
    });
  }
  return Q(op, subs.begin(), subs.end());
}

// The snippet of `text` for a hit: cut from a window around the first occurrence of the
// longest of `terms` (unprefixed query terms, longest first), or from the whole text when
// none occurs literally (Latin terms are lower-cased, the text may not be).
std::string snippet_of(const Xapian::MSet& mset, const std::string& text,
                       const std::vector<std::string>& terms) {
  std::size_t from = 0, to = text.size();
  for (std::size_t i = 0; i < terms.size();) {
    // Among the terms of the greatest length that occur, the earliest occurrence.
    std::size_t best = std::string::npos, j = i;
    for (; j < terms.size() && terms[j].size() == terms[i].size(); ++j)
      best = std::min(best, text.find(terms[j]));
    if (best != std::string::npos) {
      from = best > kSnippetBefore ? best - kSnippetBefore : 0;
      while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
      to = std::min(text.size(), best + kSnippetAfter);
      while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
      break;
    }
    i = j;
  }
  const std::string window = text.substr(from, to - from);
  std::string out = mset.snippet(window, kSnippetLength, Xapian::Stem(),
                                 Xapian::MSet::SNIPPET_CJK_NGRAM, "<b>", "</b>", "…");
  if (!out.empty()) {
    if (from > 0 && !out.starts_with("…")) out.insert(0, "…");
    if (to < text.size() && !out.ends_with("…")) out += "…";
  }
  return out;
}

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
  const Q in_term =
      Q(Q::OP_AND, value_le(schema::kEffective, as_of), value_ge(schema::kEndOfValidity, as_of));
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

// Status counts on `as_of` from the four boundary spies (schema::StatusBounds): the number
// of matches in each status interval is a difference of counts "boundary <= as_of".
std::map<std::string, std::size_t> status_counts(const Xapian::ValueCountMatchSpy& in_force,
                                                 const Xapian::ValueCountMatchSpy& amended,
                                                 const Xapian::ValueCountMatchSpy& partial,
                                                 const Xapian::ValueCountMatchSpy& ended,
                                                 const std::string& as_of) {
  auto count_le = [&](const Xapian::ValueCountMatchSpy& spy, std::size_t& all) {
    std::size_t n = 0;
    for (auto v = spy.values_begin(); v != spy.values_end(); ++v) {
      all += v.get_termfreq();
      if ((*v).compare(0, 10, as_of) <= 0) n += v.get_termfreq();
    }
    return n;
  };
  std::size_t with_status = 0, unused = 0;
  const std::size_t e = count_le(in_force, with_status);
  const std::size_t a = count_le(amended, unused);
  const std::size_t p = count_le(partial, unused);
  std::map<std::string, std::size_t> ended_by_kind;
  std::size_t x = 0;
  for (auto v = ended.values_begin(); v != ended.values_end(); ++v) {
    const std::string value = *v;
    if (value.compare(0, 10, as_of) > 0) continue;
    x += v.get_termfreq();
    ended_by_kind[value.size() > 11 ? value.substr(11) : "expired"] += v.get_termfreq();
  }
  std::map<std::string, std::size_t> out;
  auto put = [&](ValidityCode code, std::size_t n) {
    if (n > 0) out[std::string(to_string(code))] = n;
  };
  put(ValidityCode::not_yet_effective, with_status - e);
  put(ValidityCode::in_force, e - a);
  put(ValidityCode::amended, a - p);
  put(ValidityCode::partially_invalid, p - x);
  for (const auto& [kind, n] : ended_by_kind)
    if (n > 0) out[kind] += n;
  return out;
}

// Counts, for the facets, every match Xapian's matcher finds: the fallback of
// count_matches() for queries that are not an AND of terms (phrases, ORs, number lookups,
// status filters' value ranges). Local shards only: xapian-tcpsrv runs built-in spies only.
class TableSpy : public Xapian::MatchSpy {
 public:
  TableSpy(FacetTable::Counter& counter, bool one_database)
      : counter_(counter), one_database_(one_database) {}
  void operator()(const Xapian::Document& doc, double) override {
    if (one_database_)
      counter_.add(doc.get_docid());
    else
      counter_.add(doc);
  }

 private:
  FacetTable::Counter& counter_;
  bool one_database_;
};

// The status filter over local shards: the facet table decides each candidate's status on the
// as-of day. Xapian asks a MatchDecider only about candidates whose weight could still put
// them on the page, where the equivalent value-range filter (status_filter) reads up to four
// slots of every candidate. Remote shards cannot run it; they keep status_filter.
class StatusDecider : public Xapian::MatchDecider {
 public:
  StatusDecider(const FacetTable& table, std::int32_t as_of, ValidityCode status, bool one_database)
      : table_(table), as_of_(as_of), status_(status), one_database_(one_database) {}
  bool operator()(const Xapian::Document& doc) const override {
    return (one_database_ ? table_.status_on(doc.get_docid(), as_of_)
                          : table_.status_on(doc, as_of_)) == status_;
  }

 private:
  const FacetTable& table_;
  std::int32_t as_of_;
  ValidityCode status_;
  bool one_database_;
};

// Xapian 1.4 checks a phrase's positions on every document that holds all its terms, before
// weighing it: a phrase of common words in a million acts meant hundreds of thousands of
// position checks per search. A phrase every match must satisfy (reached from the root
// through AND, FILTER or the left of AND_MAYBE) is taken out of the query and checked by
// PhraseChecks only on the documents the matcher would put on the page (and the first
// check_at_least it counts): as a FILTER's
// weightless side (with_phrase_bigrams) it is dropped; weighted, it becomes the AND of its
// terms, which Xapian weighs exactly as the phrase. Other phrases (in an OR, or the title
// bonus) are kept.
Xapian::Query deferring_phrases(const Xapian::Query& q,
                                std::vector<std::vector<std::string>>& phrases) {
  using Q = Xapian::Query;
  // The terms of a phrase of single terms (the query parser gives a phrase of N terms a
  // window of N: an exact phrase), or none.
  // (Xapian 1.4 has no accessor for the window; every phrase here comes from the parser or
  // on_titles, which keep it.)
  auto phrase_terms = [](const Q& p) -> std::optional<std::vector<std::string>> {
    if (p.get_type() != Q::OP_PHRASE) return std::nullopt;
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < p.get_num_subqueries(); ++i) {
      const Q sub = p.get_subquery(i);
      if (sub.get_type() != Q::LEAF_TERM) return std::nullopt;
      terms.push_back(*sub.get_terms_begin());
    }
    return terms;
  };
  const auto op = q.get_type();
  const std::size_t n = q.get_num_subqueries();
  if (auto terms = phrase_terms(q)) {  // weighted: the AND of its terms weighs the same
    std::vector<Q> subs;
    for (std::size_t i = 0; i < n; ++i) subs.push_back(q.get_subquery(i));
    phrases.push_back(std::move(*terms));
    return Q(Q::OP_AND, subs.begin(), subs.end());
  }
  if (op != Q::OP_AND && op != Q::OP_FILTER && op != Q::OP_AND_MAYBE) return q;
  std::vector<Q> subs;
  for (std::size_t i = 0; i < n; ++i) {
    const Q sub = q.get_subquery(i);
    if (op == Q::OP_AND_MAYBE && i > 0) {
      subs.push_back(sub);
    } else if (auto terms = op == Q::OP_FILTER && i > 0 ? phrase_terms(sub) : std::nullopt) {
      phrases.push_back(std::move(*terms));  // a weightless phrase: only checked
    } else {
      subs.push_back(deferring_phrases(sub, phrases));
    }
  }
  return subs.size() == 1 ? subs.front() : Q(op, subs.begin(), subs.end());
}

// Whether `doc` holds `terms` at consecutive positions. `db` is the database searched when it
// is one database (its docids are the document's own); else the document's term list is read.
bool consecutive(std::map<std::string, std::vector<Xapian::termpos>>& positions,
                 const std::vector<std::string>& terms) {
  for (const Xapian::termpos start : positions[terms.front()]) {
    bool all = true;
    for (std::size_t i = 1; i < terms.size() && all; ++i) {
      const auto& list = positions[terms[i]];
      all = std::binary_search(list.begin(), list.end(), start + static_cast<Xapian::termpos>(i));
    }
    if (all) return true;
  }
  return false;
}

// Whether document `docid` of `db` (one database) holds `terms` at consecutive positions.
bool holds_phrase(const Xapian::Database& db, Xapian::docid docid,
                  const std::vector<std::string>& terms) {
  std::map<std::string, std::vector<Xapian::termpos>> positions;
  for (const auto& t : terms) {
    auto& list = positions[t];
    if (!list.empty()) continue;  // a term repeated in the phrase is read once
    for (auto p = db.positionlist_begin(docid, t); p != db.positionlist_end(docid, t); ++p)
      list.push_back(*p);
  }
  return consecutive(positions, terms);
}

bool holds_phrase(const Xapian::Database* db, const Xapian::Document& doc,
                  const std::vector<std::string>& terms) {
  if (db != nullptr) return holds_phrase(*db, doc.get_docid(), terms);
  std::map<std::string, std::vector<Xapian::termpos>> positions;
  for (const auto& t : terms) positions[t];
  {
    auto it = doc.termlist_begin();
    for (auto& [term, list] : positions) {  // in term order, as skip_to needs
      it.skip_to(term);
      if (it == doc.termlist_end() || *it != term) return false;
      for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p) list.push_back(*p);
    }
  }
  return consecutive(positions, terms);
}

// The deferred phrase checks (deferring_phrases) and the status filter, as one match decider.
class PhraseChecks : public Xapian::MatchDecider {
 public:
  PhraseChecks(const Xapian::Database* one_database, const Xapian::MatchDecider* status,
               std::vector<std::vector<std::string>> phrases)
      : db_(one_database), status_(status), phrases_(std::move(phrases)) {}
  bool operator()(const Xapian::Document& doc) const override {
    if (status_ != nullptr && !(*status_)(doc)) return false;
    return std::all_of(phrases_.begin(), phrases_.end(),
                       [&](const auto& phrase) { return holds_phrase(db_, doc, phrase); });
  }

 private:
  const Xapian::Database* db_;
  const Xapian::MatchDecider* status_;
  std::vector<std::vector<std::string>> phrases_;
};

// The same query on the title-only terms (prefix S), or none when the query has a part the
// title cannot be asked for the same way (prefixed terms, value ranges, wildcards' ORs).
std::optional<Xapian::Query> on_titles(const Xapian::Query& q) {
  using Q = Xapian::Query;
  const auto op = q.get_type();
  if (op == Q::LEAF_TERM) {
    const std::string t = *q.get_terms_begin();
    if (t.empty() || schema::prefix_length(t) != 0) return std::nullopt;
    return Q(std::string(schema::kTitle) + t);
  }
  if (op != Q::OP_AND && op != Q::OP_FILTER && op != Q::OP_PHRASE) return std::nullopt;
  std::vector<Q> subs;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
    auto sub = on_titles(q.get_subquery(i));
    if (!sub) return std::nullopt;
    subs.push_back(std::move(*sub));
  }
  // The query parser gives a phrase of N terms a window of N.
  return Q(op, subs.begin(), subs.end(), op == Q::OP_PHRASE ? subs.size() : 0);
}

// Title matches get the weight of the same query on the title terms on top of their text
// weight (the title is in the text too, kTitleWeight times). Besides ranking them first, this
// lets Xapian stop weighing matches without it: once the page is full of title matches whose
// weight no text-only match can reach, AND_MAYBE becomes an AND driven by the far shorter
// title posting lists. A word in nearly every act is then answered from its title matches
// instead of by scoring a million bodies.
//
// The optional side is `title OR (every document, weight 0)`, not the title query alone:
// Xapian 1.4.22's AND_MAYBE, turning into an AND, skips to one past the later of its two
// sides' current documents, and so loses the next title match whenever the title side stood
// ahead of the text side (a page at a small limit then missed an act; index_shard_test's
// DenseTermPathGivesXapiansPages found it). A side that matches every document never stands
// ahead; the OR then turns into the title query itself, with the care Xapian's OR takes.
Xapian::Query with_title_bonus(const Xapian::Query& text, const std::optional<Xapian::Query>& title) {
  using Q = Xapian::Query;
  if (!title) return text;
  return Q(Q::OP_AND_MAYBE, text,
           Q(Q::OP_OR, Q(Q::OP_SCALE_WEIGHT, *title, kTitleBonus),
             Q(Q::OP_SCALE_WEIGHT, Q::MatchAll, 0)));
}

// The shape of a query the dense-term path answers: an AND of weighted terms, each once; the
// phrases every match must hold (with_phrase_bigrams); and every term of the title bonus
// (with_title_bonus), whose matches all hold them.
struct DenseShape {
  std::vector<std::string> weighted;
  std::vector<std::vector<std::string>> phrases;
  // The title bonus (with_title_bonus), the same shape on the title terms.
  std::vector<std::string> title_weighted;
  std::vector<std::vector<std::string>> title_phrases;
};

bool leaf_terms(const Xapian::Query& q, std::vector<std::string>& terms) {
  using Q = Xapian::Query;
  const auto op = q.get_type();
  if (op == Q::LEAF_TERM) {
    terms.push_back(*q.get_terms_begin());
    return !terms.back().empty();
  }
  if (op != Q::OP_PHRASE) return false;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    if (!leaf_terms(q.get_subquery(i), terms)) return false;
  return true;
}

// An AND of terms, with phrases as FILTERs (with_phrase_bigrams).
bool dense_body(const Xapian::Query& q, std::vector<std::string>& weighted,
                std::vector<std::vector<std::string>>& phrases) {
  using Q = Xapian::Query;
  switch (q.get_type()) {
    case Q::LEAF_TERM:
      weighted.push_back(*q.get_terms_begin());
      return !weighted.back().empty();
    case Q::OP_AND:
      for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (!dense_body(q.get_subquery(i), weighted, phrases)) return false;
      return true;
    case Q::OP_FILTER:
      if (!dense_body(q.get_subquery(0), weighted, phrases)) return false;
      for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) {
        const Q sub = q.get_subquery(i);
        std::vector<std::string> phrase;
        if (sub.get_type() != Q::OP_PHRASE || !leaf_terms(sub, phrase)) return false;
        phrases.push_back(std::move(phrase));
      }
      return true;
    default:
      return false;
  }
}

bool each_once(const std::vector<std::string>& terms) {
  return std::set<std::string>(terms.begin(), terms.end()).size() == terms.size();
}

std::optional<DenseShape> dense_shape(const Xapian::Query& text,
                                      const std::optional<Xapian::Query>& title) {
  DenseShape shape;
  if (!dense_body(text, shape.weighted, shape.phrases) || shape.weighted.empty())
    return std::nullopt;
  if (title && (!dense_body(*title, shape.title_weighted, shape.title_phrases) ||
                shape.title_weighted.empty()))
    return std::nullopt;
  // A term twice in the query has a wqf Bm25Part does not model.
  if (!each_once(shape.weighted) || !each_once(shape.title_weighted)) return std::nullopt;
  return shape;
}

// What the dense path found: the documents Xapian must weigh for the page, and the count.
struct DensePage {
  std::vector<Xapian::docid> candidates;  // ascending
  std::size_t matches = 0;                // matches of the query without its phrases
  bool exact = true;                      // false: `estimate` is the total (phrases)
  std::size_t estimate = 0;
};

// A match's upper bound of weight: its text part plus, when it holds the title's terms, its
// title part (Bm25Part: Xapian's BM25 formula). Without phrases it is the weight.
struct Bound {
  double bound;
  double title;
  Xapian::docid docid;
};

// The terms a dense query weighs, with their bitsets.
struct Weighted {
  std::vector<std::shared_ptr<const TermBits>> bits;
  std::vector<Bm25Part> parts;
};

// The matches in bitset words [from, to): counted (into `counter` too), and those whose bound
// is not below the `keep` best bounds of the range (less the margin) kept. `floor` is the
// lowest of those best bounds when any match was passed over, else -infinity.
struct Scan {
  std::size_t matches = 0;
  std::vector<Bound> kept;
  double floor = -std::numeric_limits<double>::infinity();
};

// Sums in another order than Xapian's differ in the last bits: keep a margin.
bool below(double weight, double least) {
  return weight < least - (std::abs(least) * 1e-9 + 1e-12);
}

struct DenseInputs {
  Weighted text, title;
  std::vector<std::shared_ptr<const TermBits>> filters;
  const Xapian::termcount* lengths = nullptr;
  const FacetTable* table = nullptr;
  std::int32_t as_of = 0;
  std::optional<ValidityCode> status;
};

Scan scan(const DenseInputs& in, std::size_t from, std::size_t to, std::size_t keep,
          FacetTable::Counter* counter) {
  Scan out;
  std::priority_queue<double, std::vector<double>, std::greater<>> best;  // lowest on top
  std::array<Xapian::docid, 64> docs{};
  std::array<double, 64> base{}, text_parts{}, title_parts{};
  for (std::size_t w = from; w < to; ++w) {
    std::uint64_t match = ~std::uint64_t{0};
    for (const auto& b : in.text.bits) match &= b->bits[w];
    for (const auto& b : in.filters) match &= b->bits[w];
    if (match == 0) continue;
    std::uint64_t in_title = in.title.bits.empty() ? 0 : match;
    for (const auto& b : in.title.bits) in_title &= b->bits[w];
    std::size_t m = 0;
    for (; match != 0; match &= match - 1) {
      const int bit = std::countr_zero(match);
      const auto d = static_cast<Xapian::docid>(w * 64 + static_cast<std::size_t>(bit));
      if (in.status && in.table->status_on(d, in.as_of) != in.status) continue;
      ++out.matches;
      if (counter != nullptr) counter->add(d);
      if (keep == 0) continue;
      docs[m] = d;
      base[m] = in.text.parts.front().base(in.lengths[d]);
      double title_part = 0;
      if ((in_title >> bit) & 1)
        for (std::size_t i = 0; i < in.title.bits.size(); ++i)
          title_part += in.title.parts[i].at(in.title.bits[i]->wdf_of(d), base[m]);
      title_parts[m] = title_part;
      text_parts[m] = 0;
      ++m;
    }
    // Term by term: the parts of different documents do not wait on each other.
    for (std::size_t i = 0; i < in.text.bits.size(); ++i) {
      const TermBits& bits = *in.text.bits[i];
      const Bm25Part& part = in.text.parts[i];
      for (std::size_t j = 0; j < m; ++j) text_parts[j] += part.at(bits.wdf_of(docs[j]), base[j]);
    }
    for (std::size_t j = 0; j < m; ++j) {
      const double bound = text_parts[j] + title_parts[j];
      if (best.size() == keep && below(bound, best.top())) {
        out.floor = std::max(out.floor, best.top());
        continue;
      }
      best.push(bound);
      if (best.size() > keep) {
        best.pop();
        out.floor = std::max(out.floor, best.top());
      }
      out.kept.push_back({bound, title_parts[j], docs[j]});
    }
  }
  return out;
}

// The matches are scanned in two halves at once (the bitsets are read-only); phrases, which
// read Xapian, are checked afterwards on the kept matches, best bound first. A match passed
// over in a half scores below that half's `keep` best bounds: when the page's `wanted`-th
// weight is above every half's floor, none of them can reach the page. Otherwise `keep`
// grows and the halves are scanned again. The candidates are the matches whose weight
// reaches the `wanted`-th, less the margin: Xapian's page of the candidates is then its page
// of all matches.
DensePage dense_page(DenseTermCache& cache, const Xapian::Database& db, const DenseShape& shape,
                     const std::vector<std::string>& filter_terms, const FacetTable* table,
                     std::int32_t as_of, std::optional<ValidityCode> status, std::size_t wanted,
                     FacetTable::Counter* counter) {
  const Xapian::doccount n = db.get_doccount();
  const double average_length = db.get_avlength();
  auto load = [&](const std::vector<std::string>& terms, double factor) {
    Weighted w;
    for (const auto& t : terms) {
      w.bits.push_back(cache.get(t, true));
      w.parts.emplace_back(n, db.get_termfreq(t), average_length, factor);
    }
    return w;
  };
  DenseInputs in;
  in.text = load(shape.weighted, 1);
  in.title = load(shape.title_weighted, kTitleBonus);
  for (const auto& t : filter_terms) in.filters.push_back(cache.get(t, false));
  in.lengths = cache.lengths();
  in.table = table;
  in.as_of = as_of;
  in.status = status;
  auto holds_all = [&](Xapian::docid d, const std::vector<std::vector<std::string>>& phrases) {
    return std::all_of(phrases.begin(), phrases.end(),
                       [&](const auto& phrase) { return holds_phrase(db, d, phrase); });
  };

  const bool phrases = !shape.phrases.empty() || !shape.title_phrases.empty();
  const std::size_t words = cache.words(), half = words / 2;
  std::size_t keep = phrases ? std::max<std::size_t>(4 * wanted, 64) : wanted;
  DensePage out;
  out.exact = shape.phrases.empty();  // else the matches still have phrases to hold
  for (bool first_scan = true;; first_scan = false) {
    if (!first_scan) counter = nullptr;  // counted the first time
    std::optional<FacetTable::Counter> upper_counter;
    if (counter != nullptr) upper_counter.emplace(*table, as_of);
    Scan upper;
    std::exception_ptr failed;
    Scan lower;
    {
      std::jthread upper_half([&] {
        try {
          upper = scan(in, half, words, keep, upper_counter ? &*upper_counter : nullptr);
        } catch (...) {
          failed = std::current_exception();
        }
      });
      lower = scan(in, 0, half, keep, counter);
    }
    if (failed) std::rethrow_exception(failed);
    if (counter != nullptr) counter->merge(*upper_counter);
    out.matches = lower.matches + upper.matches;
    out.estimate = out.matches;
    if (wanted == 0) return out;
    std::vector<Bound> all = std::move(lower.kept);
    all.insert(all.end(), upper.kept.begin(), upper.kept.end());
    std::sort(all.begin(), all.end(), [](const Bound& a, const Bound& b) { return a.bound > b.bound; });
    const double floor = std::max(lower.floor, upper.floor);

    std::priority_queue<double, std::vector<double>, std::greater<>> best;  // lowest on top
    std::vector<std::pair<double, Xapian::docid>> weighed;
    std::size_t checked = 0, holding = 0;
    for (const Bound& b : all) {
      if (best.size() == wanted && below(b.bound, best.top())) break;
      double weight = b.bound;
      if (!shape.phrases.empty()) {
        ++checked;
        if (!holds_all(b.docid, shape.phrases)) continue;
        ++holding;
      }
      if (b.title > 0 && !holds_all(b.docid, shape.title_phrases)) weight -= b.title;
      if (best.size() == wanted && below(weight, best.top())) continue;
      best.push(weight);
      if (best.size() > wanted) best.pop();
      weighed.emplace_back(weight, b.docid);
    }
    // Matches passed over in the scan lie below `floor` less its margin, so below the
    // page's lowest weight less its margin when `floor` is not above it.
    const bool complete = floor == -std::numeric_limits<double>::infinity() ||
                          (best.size() == wanted && floor <= best.top());
    if (!complete) {
      keep *= 8;
      continue;
    }
    if (checked > 0)
      out.estimate = static_cast<std::size_t>(static_cast<double>(out.matches) *
                                              static_cast<double>(holding) /
                                              static_cast<double>(checked));
    for (const auto& [weight, d] : weighed)
      if (best.size() < wanted || !below(weight, best.top())) out.candidates.push_back(d);
    std::sort(out.candidates.begin(), out.candidates.end());
    return out;
  }
}

// The documents of a sorted list, as a weightless posting source: Xapian's matcher then
// visits only them (OP_FILTER), skipping through the other posting lists. One local database.
class DocidList : public Xapian::PostingSource {
 public:
  explicit DocidList(std::shared_ptr<const std::vector<Xapian::docid>> ids) : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return size(); }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }
  void init(const Xapian::Database&) override {
    at_ = 0;
    started_ = false;
  }
  void next(double) override {
    if (started_) ++at_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    at_ = static_cast<std::size_t>(std::lower_bound(ids_->begin() + static_cast<std::ptrdiff_t>(at_),
                                                    ids_->end(), did) -
                                   ids_->begin());
  }
  bool at_end() const override { return at_ >= ids_->size(); }
  Xapian::docid get_docid() const override { return (*ids_)[at_]; }
  // Xapian's interface: the clone is owned by Xapian.
  DocidList* clone() const override { return new DocidList(ids_); }

 private:
  Xapian::doccount size() const { return static_cast<Xapian::doccount>(ids_->size()); }
  std::shared_ptr<const std::vector<Xapian::docid>> ids_;
  std::size_t at_ = 0;
  bool started_ = false;
};

}  // namespace

std::optional<SortOrder> sort_order_from_string(std::string_view s) {
  if (s == "relevance") return SortOrder::relevance;
  if (s == "newest") return SortOrder::newest;
  if (s == "oldest") return SortOrder::oldest;
  return std::nullopt;
}

std::string_view to_string(SortOrder order) {
  switch (order) {
    case SortOrder::relevance:
      return "relevance";
    case SortOrder::newest:
      return "newest";
    case SortOrder::oldest:
      return "oldest";
  }
  return "relevance";
}

struct Searcher::Impl {
  SearcherOptions options;
  Xapian::Database db;
  bool has_remote = false;
  std::size_t databases = 0;
  std::unique_ptr<FacetTable> facet_table;  // local shards only; made on first use
  std::unique_ptr<DenseTermCache> dense_terms;  // one local database only; made on first use

  const FacetTable& facets() {
    if (!facet_table) facet_table = std::make_unique<FacetTable>(db);
    return *facet_table;
  }
  std::filesystem::path dense_file;  // the one local database's dense-terms file
  DenseTermCache& dense() {
    if (!dense_terms)
      dense_terms = std::make_unique<DenseTermCache>(db, options.dense_cache_bytes, dense_file);
    return *dense_terms;
  }
  // Whether the dense-term path answers a query of this shape: every weighted term is held
  // by at least options.dense_share of the documents, so Xapian's AND would weigh many
  // matches.
  bool dense_enough(const DenseShape& shape) const {
    const auto n = db.get_doccount();
    if (has_remote || databases != 1 || n < options.dense_min_documents) return false;
    return std::all_of(shape.weighted.begin(), shape.weighted.end(), [&](const std::string& t) {
      return static_cast<double>(db.get_termfreq(t)) >= options.dense_share * n;
    });
  }
};

Searcher::Searcher(const std::vector<ShardLocation>& shards, SearcherOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  if (shards.empty()) throw NotFound("no index shard to search (has anything been ingested?)");
  for (const auto& s : shards) {
    impl_->has_remote = impl_->has_remote || s.is_remote();
    ++impl_->databases;
    if (!s.is_remote()) impl_->dense_file = s.dir / kDenseTermsFile;
    if (!s.is_remote() && !std::filesystem::exists(s.dir))
      throw NotFound("no index at " + s.dir.string() + " (has anything been ingested?)");
    try {
      impl_->db.add_database(s.is_remote() ? Xapian::Remote::open(s.host, s.port)
                                           : Xapian::Database(s.dir.string()));
    } catch (const Xapian::Error& e) {
      throw StorageError("cannot open index shard " + s.describe() + ": " + e.get_description());
    }
  }
}

Searcher::~Searcher() = default;

std::size_t Searcher::document_count() const {
  return impl_->db.get_doccount();
}

SearchResults Searcher::search(SearchRequest req) const {
  if (req.as_of.empty()) req.as_of = today_iso();
  using Q = Xapian::Query;
  if (req.limit < 0 || req.limit > 1000 || req.offset < 0 || req.offset > 100000)
    throw InvalidInput("bad result window");
  try {
    // Document numbers in the query, in any printed form, become exact lookups on the
    // number term, weighted so that the numbered act ranks first.
    std::string rest = req.query;
    std::vector<Q> number_terms;
    const auto numbers = find_numbers(req.query);
    for (auto it = numbers.rbegin(); it != numbers.rend(); ++it) {
      Q lookup(schema::term(schema::kNumber, it->number));
      // 省政府令第321号 names its authority short: any 令第321号 matches, and the text of
      // the rest of the query (or the order of relevance) tells them apart.
      if (const auto order = schema::order_suffix(it->number);
          !order.empty() && it->number.find("人民政府令") == std::string::npos)
        lookup = Q(Q::OP_OR, lookup, Q(schema::term(schema::kOrderNumber, order)));
      number_terms.emplace_back(Q::OP_SCALE_WEIGHT, lookup, kNumberBoost);
      rest.replace(it->begin, it->end - it->begin, " ");
    }

    Xapian::QueryParser parser;
    parser.set_database(impl_->db);
    parser.set_default_op(Q::OP_AND);
    parser.add_prefix("title", std::string(schema::kTitle));
    // More would make one short pattern a query over much of the vocabulary.
    parser.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_ERROR,
                             Xapian::QueryParser::FLAG_WILDCARD);
    Q text_query;
    const bool blank = rest.find_first_not_of(" \t\r\n") == std::string::npos;
    if (!blank) {
      try {
        text_query = parser.parse_query(rest, kParserFlags);
        if (const auto quoted = quoted_parts(rest); !quoted.empty())
          text_query = with_phrase_bigrams(text_query, quoted);
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

    // Snippets highlight the words as parsed, characters included: Xapian's snippet
    // generator marks CJK text by its single characters.
    const Q highlight_query = text_query;
    Q text_alone;  // the text query before the title bonus
    std::optional<Q> title_query;
    if (!blank) {
      text_alone = without_implied_characters(text_query);
      title_query = on_titles(text_alone);
      text_query = with_title_bonus(text_alone, title_query);
    }
    Q query;
    if (!number_terms.empty()) {
      const Q numbers_q(Q::OP_OR, number_terms.begin(), number_terms.end());
      query = blank ? numbers_q : Q(Q::OP_OR, numbers_q, text_query);
    } else {
      query = blank ? Q::MatchAll : text_query;
    }
    const Q unfiltered = query;

    std::vector<std::string> filter_terms;
    if (req.kind) filter_terms.push_back(schema::term(schema::kKind, to_string(*req.kind)));
    if (!req.authority.empty())
      filter_terms.push_back(schema::term(schema::kAuthority, req.authority));
    if (req.year) filter_terms.push_back(schema::term(schema::kYear, std::to_string(*req.year)));
    for (const auto& t : filter_terms) query = Q(Q::OP_FILTER, query, Q(t));
    // Ended acts carry their end kind as a term: a short posting list that narrows the
    // candidates before anything else.
    const bool has_ended =
        req.status == ValidityCode::repealed || req.status == ValidityCode::expired;
    const Q without_status =
        has_ended
            ? Q(Q::OP_FILTER, query, Q(schema::term(schema::kEndKind, to_string(*req.status))))
            : query;
    if (req.status) query = Q(Q::OP_FILTER, query, status_filter(*req.status, req.as_of));
    std::optional<StatusDecider> status_decider;
    if (req.status && !impl_->has_remote)
      status_decider.emplace(impl_->facets(), date_number(req.as_of), *req.status,
                             impl_->databases == 1);

    // Over local databases phrases are checked only where the page needs them (a match
    // decider cannot run inside xapian-tcpsrv).
    std::vector<std::vector<std::string>> deferred_phrases;
    Q page_query = status_decider ? without_status : query;
    // Counting every match checks every phrase anyway, and Xapian's own check is cheaper.
    const bool count_in_page = req.exact_total || (req.facets && impl_->has_remote);
    if (!impl_->has_remote && !count_in_page)
      page_query = deferring_phrases(page_query, deferred_phrases);
    std::optional<PhraseChecks> phrase_checks;
    if (!deferred_phrases.empty())
      phrase_checks.emplace(impl_->databases == 1 ? &impl_->db : nullptr,
                            status_decider ? &*status_decider : nullptr,
                            std::move(deferred_phrases));
    const Xapian::MatchDecider* page_decider =
        phrase_checks    ? static_cast<const Xapian::MatchDecider*>(&*phrase_checks)
        : status_decider ? &*status_decider
                         : nullptr;

    // Declared before the Enquire whose query points to it, so that it outlives it.
    std::optional<DocidList> candidates;
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(page_query);
    // Ties are broken by document id, not by docid, whose order depends on the sharding.
    switch (req.sort) {
      case SortOrder::relevance:
        enquire.set_sort_by_relevance_then_value(schema::kIdValue, false);
        break;
      case SortOrder::newest:
        enquire.set_sort_by_value(schema::kSortNewest, true);
        break;
      case SortOrder::oldest:
        enquire.set_sort_by_value(schema::kSortOldest, false);
        break;
    }
    SearchResults out;
    const auto doccount = impl_->db.get_doccount();
    const auto first = static_cast<Xapian::doccount>(req.offset);
    const auto page = static_cast<Xapian::doccount>(req.limit);
    // Local facets are counted on their own below, so the page itself may stop early.
    const Xapian::doccount check_at_least =
        count_in_page ? doccount : first + page + kEstimateCheck;
    // Built-in spies only: xapian-tcpsrv cannot run custom MatchSpy classes.
    Xapian::ValueCountMatchSpy kinds(schema::kKindValue), authorities(schema::kAuthorityValue),
        years(schema::kYearValue), in_force(schema::kBoundInForce), amended(schema::kBoundAmended),
        partial(schema::kBoundPartial), ended(schema::kBoundEnded);
    std::optional<FacetTable::Counter> local_counts;
    // A word or phrase of terms in most documents: matched from bitsets, and only the
    // documents that can reach the page are weighed (dense_page).
    std::optional<DensePage> dense;
    std::optional<DenseShape> shape;
    if (!blank && number_terms.empty() && req.sort == SortOrder::relevance && !count_in_page)
      shape = dense_shape(text_alone, title_query);
    if (shape && impl_->dense_enough(*shape)) {
      std::vector<std::string> terms = filter_terms;
      if (has_ended) terms.push_back(schema::term(schema::kEndKind, to_string(*req.status)));
      const FacetTable* table = req.status || req.facets ? &impl_->facets() : nullptr;
      const auto as_of = date_number(req.as_of);
      // Facets are counted here unless phrases decide the matches.
      if (req.facets && shape->phrases.empty()) local_counts.emplace(*table, as_of);
      dense = dense_page(impl_->dense(), impl_->db, *shape, terms, table, as_of, req.status,
                         static_cast<std::size_t>(first + page),
                         local_counts ? &*local_counts : nullptr);
    }
    if (req.facets && !impl_->has_remote && !local_counts) {
      const FacetTable& table = impl_->facets();
      const auto as_of = date_number(req.as_of);
      local_counts.emplace(table, as_of);
      if (!count_matches(impl_->db, unfiltered, filter_terms, req.status, table, as_of,
                         *local_counts)) {
        // Any other query: Xapian's matcher finds the matches, unweighted.
        TableSpy spy(*local_counts, impl_->databases == 1);
        Xapian::Enquire facet_enquire(impl_->db);
        facet_enquire.set_query(query);
        facet_enquire.set_weighting_scheme(Xapian::BoolWeight());
        facet_enquire.add_matchspy(&spy);
        facet_enquire.get_mset(0, 0, doccount);
      }
    } else if (req.facets && impl_->has_remote) {
      // Xapian 1.4 counts some documents twice in match spies when a remote shard takes part
      // and not every match fits in the MSet. Then the spies run on a pass of their own that
      // returns no documents, so that every match is counted once.
      Xapian::Enquire facet_enquire(impl_->db);
      facet_enquire.set_query(query);
      for (auto* spy : {&kinds, &authorities, &years, &in_force, &amended, &partial, &ended})
        facet_enquire.add_matchspy(spy);
      facet_enquire.get_mset(0, 0, doccount);
    }
    if (dense) {
      candidates.emplace(
          std::make_shared<const std::vector<Xapian::docid>>(std::move(dense->candidates)));
      enquire.set_query(Q(Q::OP_FILTER, page_query, Q(&*candidates)));
    }
    Xapian::MSet mset = enquire.get_mset(first, page, check_at_least, nullptr, page_decider);

    out.from_dense_terms = dense.has_value();
    if (local_counts) {
      out.total = local_counts->matches();
      out.total_exact = true;
    } else if (dense) {
      out.total = dense->exact ? dense->matches : dense->estimate;
      out.total_exact = dense->exact;
    } else {
      out.total = mset.get_matches_estimated();
      out.total_exact =
          count_in_page || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    }
    // The query's own terms (no prefixed boolean terms), longest first, to place snippets.
    std::vector<std::string> snippet_terms;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
      if (!(*t).empty() && schema::prefix_length(*t) == 0) snippet_terms.push_back(*t);
    std::stable_sort(
        snippet_terms.begin(), snippet_terms.end(),
        [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    std::optional<Xapian::MSet> highlight;
    if (!blank && !mset.empty()) {
      Xapian::Enquire words(impl_->db);
      words.set_query(highlight_query);
      highlight = words.get_mset(0, 0);  // no matching: the terms and their statistics
    }
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const std::string data = it.get_document().get_data();
      const auto nl = data.find('\n');
      SearchHit hit;
      hit.id = data.substr(0, nl);
      hit.score = it.get_weight();
      const std::string text = nl == std::string::npos ? std::string() : data.substr(nl + 1);
      hit.snippet_html = snippet_of(highlight ? *highlight : mset, text, snippet_terms);
      out.hits.push_back(std::move(hit));
    }
    if (!req.facets) return out;
    if (local_counts) {
      local_counts->fill(out.facets);
      return out;
    }
    auto copy_spy = [&](const Xapian::ValueCountMatchSpy& spy, const std::string& name) {
      for (auto v = spy.values_begin(); v != spy.values_end(); ++v)
        if (!(*v).empty()) out.facets[name][*v] = v.get_termfreq();
    };
    copy_spy(kinds, "kind");
    copy_spy(authorities, "authority");
    copy_spy(years, "year");
    if (auto counts = status_counts(in_force, amended, partial, ended, req.as_of); !counts.empty())
      out.facets["status"] = std::move(counts);
    return out;
  } catch (const Xapian::WildcardError&) {
    throw InvalidInput("a wildcard in the query matches more than " +
                       std::to_string(kMaxWildcardExpansion) + " terms; make it longer");
  } catch (const Xapian::QueryParserError& e) {
    throw InvalidInput("query not understood: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw StorageError("search failed: " + e.get_description());
  }
}

}  // namespace gazette::index
