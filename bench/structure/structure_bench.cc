// structure-bench: how well the pipeline turns OCR'd gazette pages into documents.
//
// Generates the structure-bench corpus (gazette-corpus --preset structure-bench), ingests its
// scans with real OCR (gazette ingest), exports the documents (gazette export documents, and
// again at every as-of date of the ground truth) and compares them with truth/documents.jsonl:
//
//   segmentation  precision / recall / F1 of documents
//   fields        exact-match accuracy of title, number, authority, kind, signed, effective,
//                 expires over every truth document (an unmatched document counts as wrong)
//   relations     precision / recall on (type, normalised target number, or target title when
//                 the relation names no number)
//   validity      status code at every (document, as_of) pair of expected_status
//
// Matching rule: a truth document and an exported document match when they are in the same
// issue (year and issue number) and either carry the same non-empty normalised number, or
// their titles (spaces removed) are at least 60 % similar (2·LCS / (|a| + |b|) over code
// points). Pairs are taken greedily, best first (same number before title similarity), one to
// one.
//
// --reuse-archive keeps the archive and its OCR: every issue is set back to the `pages` state
// in the catalogue, so `gazette ingest` redoes only structuring and indexing.
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "gazette/catalog.h"
#include "gazette/utf8.h"

namespace fs = std::filesystem;

namespace {

// ---- a small JSON reader (objects, arrays, strings, numbers, true/false/null) ----

struct Json;
using JsonObject = std::map<std::string, Json>;
using JsonArray = std::vector<Json>;
struct Json {
  std::variant<std::nullptr_t, bool, double, std::string, JsonArray, JsonObject> v;
  bool is_null() const { return std::holds_alternative<std::nullptr_t>(v); }
  const Json& operator[](const std::string& k) const {
    static const Json kNull{};
    if (const auto* o = std::get_if<JsonObject>(&v)) {
      const auto it = o->find(k);
      if (it != o->end()) return it->second;
    }
    return kNull;
  }
  std::string str() const {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* d = std::get_if<double>(&v)) return std::to_string(static_cast<long long>(*d));
    return {};
  }
  const JsonArray& arr() const {
    static const JsonArray kEmpty;
    const auto* a = std::get_if<JsonArray>(&v);
    return a ? *a : kEmpty;
  }
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}
  Json parse() {
    Json j = value();
    ws();
    if (i_ != s_.size()) fail("trailing characters");
    return j;
  }

 private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("JSON: " + what + " at " + std::to_string(i_));
  }
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r'))
      ++i_;
  }
  bool eat(char c) {
    ws();
    if (i_ < s_.size() && s_[i_] == c) return ++i_, true;
    return false;
  }
  Json value() {
    ws();
    if (i_ >= s_.size()) fail("unexpected end");
    const char c = s_[i_];
    if (c == '{') {
      ++i_;
      JsonObject o;
      if (eat('}')) return Json{std::move(o)};
      do {
        ws();
        std::string k = string();
        if (!eat(':')) fail("expected :");
        o[k] = value();
      } while (eat(','));
      if (!eat('}')) fail("expected }");
      return Json{std::move(o)};
    }
    if (c == '[') {
      ++i_;
      JsonArray a;
      if (eat(']')) return Json{std::move(a)};
      do a.push_back(value());
      while (eat(','));
      if (!eat(']')) fail("expected ]");
      return Json{std::move(a)};
    }
    if (c == '"') return Json{string()};
    for (auto [word, j] : {std::pair{"true", Json{true}}, std::pair{"false", Json{false}},
                           std::pair{"null", Json{nullptr}}}) {
      if (s_.substr(i_).starts_with(word)) {
        i_ += std::string_view(word).size();
        return j;
      }
    }
    std::size_t used = 0;
    const double d = std::stod(std::string(s_.substr(i_, 40)), &used);
    i_ += used;
    return Json{d};
  }
  std::string string() {
    if (i_ >= s_.size() || s_[i_] != '"') fail("expected string");
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) fail("bad escape");
      c = s_[i_++];
      switch (c) {
        case 'n':
          out.push_back('\n');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'u': {
          char32_t cp =
              static_cast<char32_t>(std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16));
          i_ += 4;
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            const auto lo =
                static_cast<char32_t>(std::stoul(std::string(s_.substr(i_ + 2, 4)), nullptr, 16));
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i_ += 6;
          }
          gazette::utf8::append(out, cp);
          break;
        }
        default:
          out.push_back(c);
      }
    }
    if (i_ >= s_.size()) fail("unterminated string");
    ++i_;
    return out;
  }
  std::string_view s_;
  std::size_t i_ = 0;
};

std::vector<Json> read_jsonl(std::istream& in) {
  std::vector<Json> out;
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(JsonParser(line).parse());
  return out;
}

// ---- processes ----

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

void run(const std::string& cmd) {
  std::cerr << "+ " << cmd << "\n";
  const int rc = std::system(cmd.c_str());
  if (rc != 0) throw std::runtime_error("command failed (" + std::to_string(rc) + "): " + cmd);
}

std::string capture(const std::string& cmd) {
  struct Closer {
    void operator()(FILE* f) const { pclose(f); }
  };
  std::unique_ptr<FILE, Closer> p(popen(cmd.c_str(), "r"));
  if (!p) throw std::runtime_error("cannot run: " + cmd);
  std::string out;
  std::array<char, 65536> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p.get())) > 0) out.append(buf.data(), n);
  FILE* f = p.release();
  if (pclose(f) != 0) throw std::runtime_error("command failed: " + cmd);
  return out;
}

// ---- comparison ----

std::string norm_text(const std::string& s) {
  std::u32string out;
  for (char32_t c : gazette::utf8::decode(s)) {
    c = gazette::utf8::to_halfwidth(c);
    if (gazette::utf8::is_space(c) || c == U'《' || c == U'》') continue;
    out.push_back(c);
  }
  return gazette::utf8::encode(out);
}

std::string issue_of(const Json& d) {
  return d["year"].str() + "-" + d["issue"].str();
}

std::string relation_key(const Json& r) {
  const std::string number = r["target_number"].str();
  return r["type"].str() + "|" +
         (number.empty() ? "t:" + norm_text(r["target_title"].str()) : "n:" + number);
}

std::string field(const Json& d, const std::string& name) {
  if (name == "title") return norm_text(d["title"].str());
  if (d[name].is_null()) return "null";
  return d[name].str();
}

double ratio(double a, double b) {
  return b == 0 ? 1.0 : a / b;
}

struct Options {
  int seed = 1;
  fs::path work = "structure-bench";
  bool reuse = false;
  bool details = false;
  int jobs = 0;
  std::string gazette = GAZETTE_BIN;
  std::string corpus = GAZETTE_CORPUS_BIN;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--seed")
      o.seed = std::stoi(next());
    else if (a == "--work")
      o.work = next();
    else if (a == "--reuse-archive")
      o.reuse = true;
    else if (a == "--details")
      o.details = true;
    else if (a == "--jobs")
      o.jobs = std::stoi(next());
    else if (a == "--gazette")
      o.gazette = next();
    else if (a == "--corpus-bin")
      o.corpus = next();
    else if (a == "--help" || a == "-h") {
      std::cout << "usage: structure-bench [--seed N] [--work DIR] [--reuse-archive] [--details]\n"
                   "                       [--jobs N] [--gazette BIN] [--corpus-bin BIN]\n";
      std::exit(0);
    } else {
      throw std::invalid_argument("unknown argument " + a);
    }
  }
  return o;
}

int bench(const Options& o) {
  const fs::path corpus = o.work / ("corpus-seed" + std::to_string(o.seed));
  const fs::path archive = o.work / ("archive-seed" + std::to_string(o.seed));
  const fs::path truth_file = corpus / "truth" / "documents.jsonl";
  if (!fs::exists(truth_file)) {
    fs::create_directories(o.work);
    run(quote(o.corpus) + " --preset structure-bench --seed " + std::to_string(o.seed) + " --out " +
        quote(corpus.string()));
  }
  const std::string jobs = o.jobs > 0 ? " --jobs " + std::to_string(o.jobs) : "";
  if (o.reuse && fs::exists(archive / "catalog.sqlite")) {
    {
      gazette::Catalog catalog(archive / "catalog.sqlite", gazette::CatalogOptions{});
      for (const auto& rec : catalog.issues())
        catalog.set_issue_state(rec.issue.id, gazette::IssueState::pages);
    }
  } else {
    fs::remove_all(archive);
  }
  run(quote(o.gazette) + " --archive " + quote(archive.string()) + " ingest " +
      quote((corpus / "scans").string()) + jobs + " > /dev/null");

  std::ifstream tf(truth_file);
  const auto truth = read_jsonl(tf);
  const std::string export_cmd =
      quote(o.gazette) + " --archive " + quote(archive.string()) + " export documents";
  std::istringstream now(capture(export_cmd));
  const auto got = read_jsonl(now);

  // Matching.
  struct Pair {
    double score;
    std::size_t t, g;
  };
  std::vector<Pair> pairs;
  for (std::size_t t = 0; t < truth.size(); ++t)
    for (std::size_t g = 0; g < got.size(); ++g) {
      if (issue_of(truth[t]) != issue_of(got[g])) continue;
      const std::string tn = truth[t]["number"].str(), gn = got[g]["number"].str();
      const double sim =
          gazette::utf8::similarity(norm_text(truth[t]["title"].str()), norm_text(got[g]["title"].str()));
      if (!tn.empty() && tn == gn)
        pairs.push_back({2.0 + sim, t, g});
      else if (sim >= 0.6)
        pairs.push_back({sim, t, g});
    }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return a.score != b.score ? a.score > b.score : std::tie(a.t, a.g) < std::tie(b.t, b.g);
  });
  std::vector<std::optional<std::size_t>> match(truth.size());
  std::vector<bool> used(got.size(), false);
  std::size_t matched = 0;
  for (const auto& p : pairs) {
    if (match[p.t] || used[p.g]) continue;
    match[p.t] = p.g;
    used[p.g] = true;
    ++matched;
  }
  const double seg_p = ratio(static_cast<double>(matched), static_cast<double>(got.size()));
  const double seg_r = ratio(static_cast<double>(matched), static_cast<double>(truth.size()));
  const double seg_f = seg_p + seg_r > 0 ? 2 * seg_p * seg_r / (seg_p + seg_r) : 0;

  // Fields.
  const std::vector<std::string> fields = {"title",  "number",    "authority", "kind",
                                           "signed", "effective", "expires"};
  std::map<std::string, int> correct;
  for (std::size_t t = 0; t < truth.size(); ++t) {
    if (!match[t]) {
      if (o.details)
        std::cout << "MISSING " << truth[t]["issue_key"].str() << " " << truth[t]["title"].str()
                  << " " << truth[t]["number"].str() << "\n";
      continue;
    }
    const Json& g = got[*match[t]];
    for (const auto& f : fields) {
      if (field(truth[t], f) == field(g, f))
        ++correct[f];
      else if (o.details)
        std::cout << "FIELD " << f << " " << truth[t]["issue_key"].str() << " truth=["
                  << field(truth[t], f) << "] got=[" << field(g, f) << "]\n";
    }
  }
  if (o.details)
    for (std::size_t g = 0; g < got.size(); ++g)
      if (!used[g])
        std::cout << "EXTRA " << issue_of(got[g]) << " " << got[g]["title"].str() << " "
                  << got[g]["number"].str() << " p" << got[g]["first_page"].str() << "\n";

  // Relations.
  std::size_t rel_tp = 0, rel_truth = 0, rel_got = 0;
  for (const auto& g : got) rel_got += g["relations"].arr().size();
  for (std::size_t t = 0; t < truth.size(); ++t) {
    std::multiset<std::string> want;
    for (const auto& r : truth[t]["relations"].arr()) want.insert(relation_key(r));
    rel_truth += want.size();
    std::multiset<std::string> have;
    if (match[t])
      for (const auto& r : got[*match[t]]["relations"].arr()) have.insert(relation_key(r));
    for (const auto& k : have) {
      if (const auto it = want.find(k); it != want.end()) {
        ++rel_tp;
        want.erase(it);
      } else if (o.details) {
        std::cout << "REL-EXTRA " << truth[t]["issue_key"].str() << " " << k << "\n";
      }
    }
    if (o.details)
      for (const auto& k : want)
        std::cout << "REL-MISSING " << truth[t]["issue_key"].str() << " " << k << "\n";
  }

  // Validity at every as-of date of the ground truth.
  std::map<std::string, std::map<std::string, std::string>> status_at;  // as_of → id → code
  std::size_t val_total = 0, val_ok = 0, val_since_ok = 0;
  for (std::size_t t = 0; t < truth.size(); ++t) {
    for (const auto& e : truth[t]["expected_status"].arr()) {
      ++val_total;
      if (!match[t]) continue;
      const std::string as_of = e["as_of"].str();
      if (!status_at.count(as_of)) {
        auto& m = status_at[as_of];
        std::istringstream in(capture(export_cmd + " --as-of " + as_of));
        for (const auto& d : read_jsonl(in))
          m[d["id"].str()] = d["status"].is_null()
                                 ? "null"
                                 : d["status"]["code"].str() + "@" + d["status"]["since"].str();
      }
      const std::string have = status_at[as_of][got[*match[t]]["id"].str()];
      const std::string code = have.substr(0, have.find('@'));
      if (code == e["code"].str()) {
        ++val_ok;
        if (have.substr(have.find('@') + 1) == e["since"].str()) ++val_since_ok;
      } else if (o.details) {
        std::cout << "VALIDITY " << truth[t]["issue_key"].str() << " " << truth[t]["number"].str()
                  << " as_of " << as_of << " truth=" << e["code"].str() << " got=" << have << "\n";
      }
    }
  }

  std::printf("structure-bench seed %d: %zu truth documents, %zu exported, %zu matched\n", o.seed,
              truth.size(), got.size(), matched);
  std::printf("segmentation  precision %.3f  recall %.3f  F1 %.3f\n", seg_p, seg_r, seg_f);
  for (const auto& f : fields)
    std::printf("field %-10s exact %.3f  (%d/%zu)\n", f.c_str(),
                ratio(correct[f], static_cast<double>(truth.size())), correct[f], truth.size());
  std::printf("relations     precision %.3f  recall %.3f  (%zu correct, %zu exported, %zu truth)\n",
              ratio(static_cast<double>(rel_tp), static_cast<double>(rel_got)),
              ratio(static_cast<double>(rel_tp), static_cast<double>(rel_truth)), rel_tp, rel_got,
              rel_truth);
  std::printf("validity      accuracy %.3f  (%zu/%zu pairs; code and since %.3f)\n",
              ratio(static_cast<double>(val_ok), static_cast<double>(val_total)), val_ok, val_total,
              ratio(static_cast<double>(val_since_ok), static_cast<double>(val_total)));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return bench(parse(argc, argv));
  } catch (const std::invalid_argument& e) {
    std::cerr << "structure-bench: " << e.what() << " (see --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "structure-bench: " << e.what() << "\n";
    return 1;
  }
}
