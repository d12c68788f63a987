#include <filesystem>
#include <fstream>

#include "corpus.hpp"

namespace gazette::corpora {
namespace {

std::string opt_date(const std::optional<Date>& d) {
  return d ? "\"" + d->iso() + "\"" : "null";
}

std::string issue_json(const Issue& is) {
  return JsonObject()
      .str("key", is.key())
      .str("series", is.series)
      .num("year", is.year)
      .num("issue", is.number)
      .num("issue_total", is.total)
      .str("date", is.date.iso())
      .str("layout", to_string(is.layout))
      .str("lang", is.lang)
      .str("profile", is.profile)
      .num("dpi", is.dpi)
      .num("pages", static_cast<long long>(is.pages.size()))
      .done();
}

std::string page_json(const Issue& is, const PageTruth& p) {
  const int* printed = p.printed_page ? &*p.printed_page : nullptr;
  return JsonObject()
      .str("issue_key", is.key())
      .num("seq", p.seq)
      .num_or_null("printed_page", printed)
      .str("source", p.source)
      .str("text", p.text)
      .str("profile", is.profile)
      .num("dpi", is.dpi)
      .str("layout", to_string(is.layout))
      .str("lang", is.lang)
      .boolean("colour", p.colour)
      .done();
}

std::string document_json(const Corpus& c, const Document& d) {
  const Issue& is = c.issues[static_cast<std::size_t>(d.issue)];
  std::string rel = "[";
  for (std::size_t i = 0; i < d.relations.size(); ++i) {
    const Relation& r = d.relations[i];
    JsonObject o;
    o.str("type", r.type).str("target_number", r.target_number).str("target_title", r.target_title);
    if (r.partial) o.boolean("partial", true);
    o.raw("evidence",
          JsonObject().num("page", r.evidence.page).str("text", r.evidence.text).done());
    rel += (i ? "," : "") + o.done();
  }
  rel += "]";
  std::string st = "[";
  for (std::size_t i = 0; i < d.expected_status.size(); ++i) {
    const StatusPoint& s = d.expected_status[i];
    st += (i ? "," : "") +
          JsonObject()
              .str("as_of", s.as_of.iso())
              .str("code", s.code)
              .raw("since", opt_date(s.since))
              .raw("by_number", s.by_number ? "\"" + json_escape(*s.by_number) + "\"" : "null")
              .done();
  }
  st += "]";
  const std::string* number = d.number ? &*d.number : nullptr;
  return JsonObject()
      .str("issue_key", is.key())
      .str("series", is.series)
      .num("year", is.year)
      .num("issue", is.number)
      .num("issue_total", is.total)
      .num("first_page", d.first_page)
      .num("last_page", d.last_page)
      .str("kind", d.kind)
      .str("title", d.title)
      .str_or_null("number", number)
      .str("authority", d.authority)
      .str("signed", d.signed_on.iso())
      .str("effective", d.effective.iso())
      .raw("expires", opt_date(d.expires))
      .raw("relations", rel)
      .raw("expected_status", st)
      .str("text", d.body_text())
      .done();
}

void write_lines(const std::filesystem::path& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  for (const auto& l : lines) out << l << '\n';
  if (!out) throw std::runtime_error("write failed: " + path.string());
}

}  // namespace

Corpus generate(const Options& opt) {
  if (opt.out.empty()) throw std::invalid_argument("--out is required");
  if (!std::filesystem::is_directory(opt.texts))
    throw std::invalid_argument("texts directory not found: " + opt.texts.string());
  Rng rng(opt.seed);
  Corpus corpus = plan_corpus(opt, rng);
  std::filesystem::create_directories(opt.out / "truth");
  for (std::size_t i = 0; i < corpus.issues.size(); ++i)
    render_issue(corpus, static_cast<int>(i), opt, rng.next());
  compute_statuses(corpus);
  std::vector<std::string> issues, pages, docs;
  for (const auto& is : corpus.issues) {
    issues.push_back(issue_json(is));
    for (const auto& p : is.pages) pages.push_back(page_json(is, p));
    for (int di : is.docs)
      docs.push_back(document_json(corpus, corpus.documents[static_cast<std::size_t>(di)]));
  }
  write_lines(opt.out / "truth" / "issues.jsonl", issues);
  write_lines(opt.out / "truth" / "pages.jsonl", pages);
  write_lines(opt.out / "truth" / "documents.jsonl", docs);
  return corpus;
}

}  // namespace gazette::corpora
