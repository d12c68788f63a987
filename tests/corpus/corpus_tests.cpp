// Tests for the gazette corpus generator: determinism and truth consistency.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "corpus.hpp"

namespace fs = std::filesystem;
using namespace gazette::corpora;

namespace {

class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = fs::temp_directory_path() / ("corpus-test-" + tag + "-" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  EXPECT_TRUE(in) << p;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> lines(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.push_back(l);
  return out;
}

// Extract a JSON string field (flat lookup of the first occurrence; enough for our own output).
std::string field(const std::string& json, const std::string& key) {
  const std::string k = "\"" + key + "\":\"";
  auto p = json.find(k);
  if (p == std::string::npos) return {};
  p += k.size();
  std::string out;
  for (; p < json.size() && json[p] != '"'; ++p) {
    if (json[p] == '\\' && p + 1 < json.size()) {
      ++p;
      out += json[p] == 'n' ? '\n' : json[p];
    } else {
      out += json[p];
    }
  }
  return out;
}

Options tiny(const fs::path& out, std::uint64_t seed = 7) {
  Options o;
  o.out = out;
  o.texts = GAZETTE_CORPUS_TEXTS_DIR;
  o.seed = seed;
  o.preset = "tiny";
  return o;
}

std::map<std::string, std::string> all_files(const fs::path& root) {
  std::map<std::string, std::string> m;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) m[fs::relative(e.path(), root).string()] = slurp(e.path());
  return m;
}

}  // namespace

TEST(CorpusUtil, DatesAndNumerals) {
  EXPECT_EQ(Date::parse("2017-05-17").iso(), "2017-05-17");
  EXPECT_EQ(Date::parse("2016-02-28").add_days(1).iso(), "2016-02-29");
  EXPECT_EQ(Date::parse("2016-02-29").add_years(1).iso(), "2017-02-28");
  EXPECT_EQ(Date::from_days(Date{1953, 5, 10}.days()), (Date{1953, 5, 10}));
  EXPECT_EQ(date_chinese(Date{2014, 3, 18}), "二〇一四年三月十八日");
  EXPECT_EQ(date_chinese(Date{1953, 5, 10}), "一九五三年五月十日");
  EXPECT_EQ(count_chinese(321), "三百二十一");
  EXPECT_EQ(json_escape("浙政办发〔2017〕42号\n\"x\""), "浙政办发〔2017〕42号\\n\\\"x\\\"");
}

TEST(CorpusUtil, RngIsPortableAndInRange) {
  Rng a(42), b(42);
  for (int i = 0; i < 1000; ++i) {
    const auto x = a.uniform(-3, 9);
    EXPECT_EQ(x, b.uniform(-3, 9));
    EXPECT_GE(x, -3);
    EXPECT_LE(x, 9);
  }
}

TEST(CorpusGenerator, TinyIsDeterministic) {
  TempDir a("det-a"), b("det-b");
  generate(tiny(a.path()));
  generate(tiny(b.path()));
  const auto fa = all_files(a.path()), fb = all_files(b.path());
  ASSERT_EQ(fa.size(), fb.size());
  ASSERT_FALSE(fa.empty());
  for (const auto& [name, bytes] : fa) {
    ASSERT_TRUE(fb.contains(name)) << name;
    EXPECT_TRUE(bytes == fb.at(name)) << "differs: " << name;
  }
}

TEST(CorpusGenerator, TinyTruthIsConsistent) {
  TempDir t("tiny");
  const Corpus c = generate(tiny(t.path()));
  const auto issues = lines(t.path() / "truth" / "issues.jsonl");
  const auto pages = lines(t.path() / "truth" / "pages.jsonl");
  const auto docs = lines(t.path() / "truth" / "documents.jsonl");
  ASSERT_EQ(issues.size(), 1U);
  EXPECT_NE(issues[0].find("\"key\":\"zhejiang/2017-12\""), std::string::npos);
  EXPECT_NE(issues[0].find("\"pages\":3"), std::string::npos);
  ASSERT_EQ(pages.size(), 3U) << "tiny must have exactly 3 pages";
  for (const auto& p : pages) {
    const auto src = field(p, "source");
    EXPECT_TRUE(fs::exists(t.path() / "scans" / src)) << src;
    EXPECT_EQ(src.rfind("zhejiang/2017-12/page-000", 0), 0U) << src;
  }
  EXPECT_NE(pages[0].find("\"printed_page\":null"), std::string::npos);
  // a normative document with the real 文号 and a recognisable body
  bool found = false;
  for (const auto& d : docs) {
    if (field(d, "number") == "浙政办发〔2017〕42号") {
      found = true;
      EXPECT_EQ(field(d, "kind"), "normative");
      EXPECT_NE(field(d, "text").find("政务公开"), std::string::npos);
    }
  }
  EXPECT_TRUE(found);
  // the number is printed on a content page
  std::string all_text;
  for (const auto& p : pages) all_text += field(p, "text");
  EXPECT_NE(all_text.find("浙政办发〔2017〕42号"), std::string::npos);
}

// Checks that hold for every preset.
void check_consistency(const fs::path& root) {
  std::map<std::string, int> issue_pages;
  for (const auto& l : lines(root / "truth" / "issues.jsonl")) {
    const auto p = l.find("\"pages\":");
    ASSERT_NE(p, std::string::npos);
    issue_pages[field(l, "key")] = std::stoi(l.substr(p + 8));
  }
  ASSERT_FALSE(issue_pages.empty());
  std::map<std::string, std::string> cover_text;
  std::map<std::string, int> counted;
  for (const auto& l : lines(root / "truth" / "pages.jsonl")) {
    const auto key = field(l, "issue_key");
    ASSERT_TRUE(issue_pages.contains(key)) << key;
    EXPECT_TRUE(fs::exists(root / "scans" / field(l, "source"))) << field(l, "source");
    if (l.find("\"seq\":1,") != std::string::npos) {
      auto t = field(l, "text");
      std::erase(t, '\n');
      cover_text[key] = t;
    }
    ++counted[key];
  }
  for (const auto& [k, n] : issue_pages) EXPECT_EQ(counted[k], n) << k;
  const std::set<std::string> codes(status_codes().begin(), status_codes().end());
  const auto docs = lines(root / "truth" / "documents.jsonl");
  ASSERT_FALSE(docs.empty());
  for (const auto& d : docs) {
    const auto key = field(d, "issue_key");
    const auto num = [&](const std::string& k) {
      const auto p = d.find("\"" + k + "\":");
      return std::stoi(d.substr(p + k.size() + 3));
    };
    const int first = num("first_page"), last = num("last_page");
    EXPECT_GE(first, 2) << d;
    EXPECT_LE(first, last);
    EXPECT_LE(last, issue_pages[key]);
    auto title = field(d, "title");
    EXPECT_NE(cover_text[key].find(title), std::string::npos) << "title not in 目录: " << title;
    for (std::size_t p = 0; (p = d.find("\"code\":\"", p)) != std::string::npos; ++p) {
      const auto end = d.find('"', p + 8);
      EXPECT_TRUE(codes.contains(d.substr(p + 8, end - p - 8))) << d.substr(p, 40);
    }
    const auto kind = field(d, "kind");
    EXPECT_TRUE(kind == "rule" || kind == "normative" || kind == "other") << kind;
    if (kind == "other")
      EXPECT_NE(d.find("\"expected_status\":[]"), std::string::npos);
    else
      EXPECT_EQ(d.find("\"expected_status\":[]"), std::string::npos);
  }
}

TEST(CorpusGenerator, TinyConsistency) {
  TempDir t("tiny-cons");
  generate(tiny(t.path(), 3));
  check_consistency(t.path());
}

TEST(CorpusGenerator, StructureBenchHasRelationsAndStatusChanges) {
  TempDir t("struct");
  Options o = tiny(t.path(), 11);
  o.preset = "structure-bench";
  o.dpi = 100;  // layout is resolution-independent enough; keeps the test fast
  const Corpus c = generate(o);
  check_consistency(t.path());
  EXPECT_GE(c.issues.size(), 6U);
  std::set<std::string> types, statuses, layouts;
  for (const auto& d : c.documents) {
    for (const auto& r : d.relations) types.insert(r.type);
    for (const auto& s : d.expected_status) statuses.insert(s.code);
  }
  for (const auto& is : c.issues) layouts.insert(to_string(is.layout));
  EXPECT_TRUE(types.contains("repeals"));
  EXPECT_TRUE(types.contains("amends"));
  EXPECT_TRUE(types.contains("cites"));
  EXPECT_TRUE(statuses.contains("in_force"));
  EXPECT_TRUE(statuses.contains("repealed"));
  EXPECT_TRUE(layouts.contains("vertical"));
  EXPECT_TRUE(layouts.contains("two-column"));
  // evidence sentences are printed on the page they point to
  std::map<std::pair<std::string, int>, std::string> page_text;
  for (const auto& is : c.issues)
    for (const auto& p : is.pages) {
      std::string t2 = p.text;
      std::erase(t2, '\n');
      page_text[{is.key(), p.seq}] = t2;
    }
  for (const auto& d : c.documents)
    for (const auto& r : d.relations) {
      const auto& pt =
          page_text[{c.issues[static_cast<std::size_t>(d.issue)].key(), r.evidence.page}];
      const auto head = r.evidence.text.substr(0, std::min<std::size_t>(r.evidence.text.size(), 9));
      EXPECT_NE(pt.find(head), std::string::npos) << r.evidence.text;
    }
}
