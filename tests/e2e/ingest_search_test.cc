// A generated 3-page issue, ingested by the real binary: found by a body phrase and by its
// 文号 in printed and OCR-damaged forms; exports follow CONTRACT §3; re-ingest is idempotent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "e2e_support.h"
#include "gazette/sha256.h"

namespace {

Poco::JSON::Object::Ptr truth_normative() {
  for (const auto& d : e2e::truth_documents())
    if (d->getValue<std::string>("kind") == "normative") return d;
  throw std::runtime_error("the tiny corpus has no normative document");
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
    s.replace(p, from.size(), to);
  return s;
}

std::string full_width_digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += "\xEF\xBC";  // U+FF10..U+FF19
      out.push_back(static_cast<char>(0x90 + (c - '0')));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

TEST(IngestSearch, DocumentFoundByPhraseFromItsBody) {
  const auto truth = truth_normative();
  const std::string phrase = e2e::han_phrase(truth->getValue<std::string>("text"), 6);
  const auto r = e2e::gazette({"search", phrase, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto hits = e2e::read_json_lines(r.out);
  bool found = false;
  for (const auto& h : hits)
    found = found || h->getValue<std::string>("number") == truth->getValue<std::string>("number");
  EXPECT_TRUE(found) << "phrase " << phrase << " did not find "
                     << truth->getValue<std::string>("number");
}

TEST(IngestSearch, DocumentFoundFirstByNumberInEveryPrintedForm) {
  const auto truth = truth_normative();
  const std::string number = truth->getValue<std::string>("number");  // normalised 〔〕 form
  const std::vector<std::string> forms = {
      number,
      replace_all(replace_all(number, "〔", "["), "〕", "]"),
      replace_all(replace_all(number, "〔", "（"), "〕", "）"),
      replace_all(replace_all(number, "〔", "【"), "〕", "】"),
      full_width_digits(replace_all(replace_all(number, "〔", "("), "〕", ")")),
      replace_all(replace_all(number, "〔", " 〔 "), "号", " 号"),
  };
  for (const auto& form : forms) {
    const auto r = e2e::gazette({"search", form, "--json"});
    ASSERT_EQ(r.exit_code, 0) << form << ": " << r.out;
    const auto hits = e2e::read_json_lines(r.out);
    ASSERT_FALSE(hits.empty()) << form;
    EXPECT_EQ(hits.front()->getValue<std::string>("number"), number) << form;
    EXPECT_EQ(hits.front()->getValue<std::string>("title"), truth->getValue<std::string>("title"))
        << form;
  }
}

TEST(IngestSearch, ExportDocumentsHasTheContractShape) {
  const auto r = e2e::gazette({"export", "documents"});
  ASSERT_EQ(r.exit_code, 0);
  const auto docs = e2e::read_json_lines(r.out);
  ASSERT_FALSE(docs.empty());
  for (const auto& d : docs) {
    for (const char* key : {"id", "issue_id", "series", "year", "issue", "issue_total",
                            "first_page", "last_page", "kind", "title", "number", "authority",
                            "signed", "effective", "expires", "status", "relations", "text"})
      EXPECT_TRUE(d->has(key)) << key;
    const std::string id = d->getValue<std::string>("id");
    EXPECT_EQ(
        id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"),
        std::string::npos)
        << id;
    EXPECT_EQ(d->getValue<std::string>("series"), "浙江省人民政府公报");
    EXPECT_EQ(d->getValue<int>("year"), 2017);
  }
}

TEST(IngestSearch, ExportPagesKeepTheOriginalsHashes) {
  const auto r = e2e::gazette({"export", "pages"});
  ASSERT_EQ(r.exit_code, 0);
  const auto pages = e2e::read_json_lines(r.out);
  ASSERT_EQ(pages.size(), 3u);
  for (const auto& p : pages) {
    const auto source = e2e::corpus() / "scans" / p->getValue<std::string>("source");
    ASSERT_TRUE(std::filesystem::exists(source)) << source;
    EXPECT_EQ(p->getValue<std::string>("sha256"), gazette::sha256_file(source));
    EXPECT_NE(p->getValue<std::string>("status"), "failed");
    EXPECT_FALSE(p->getValue<std::string>("text").empty());
  }
}

TEST(IngestSearch, IngestingTheSameScansAgainChangesNothing) {
  const auto before = e2e::gazette({"export", "documents"});
  const auto again = e2e::gazette({"ingest", (e2e::corpus() / "scans").string()});
  ASSERT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("1 already complete"), std::string::npos) << again.out;
  const auto after = e2e::gazette({"export", "documents"});
  EXPECT_EQ(before.out, after.out);
}

TEST(IngestSearch, ReindexRebuildsAnIdenticalIndexFromTheCatalogue) {
  // On a copy: other tests read the fixture at the same time.
  const auto copy = std::filesystem::temp_directory_path() / ("gazette-reindex-" + std::to_string(::getpid()));
  std::filesystem::remove_all(copy);
  std::filesystem::copy(e2e::archive(), copy, std::filesystem::copy_options::recursive);
  const auto truth = truth_normative();
  const std::vector<std::vector<std::string>> queries = {
      {"search", truth->getValue<std::string>("number"), "--json"},
      {"search", e2e::han_phrase(truth->getValue<std::string>("text"), 4), "--json"},
      {"search", "政府", "--json", "--status", "in_force", "--as-of", "2018-01-01"},
      {"search", "任命", "--json"},
  };
  std::vector<std::string> before;
  for (const auto& q : queries) before.push_back(e2e::gazette_on(copy, q).out);
  std::filesystem::remove_all(copy / "index");
  const auto r = e2e::gazette_on(copy, {"reindex"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (std::size_t i = 0; i < queries.size(); ++i) {
    EXPECT_FALSE(before[i].empty()) << queries[i][1];
    EXPECT_EQ(e2e::gazette_on(copy, queries[i]).out, before[i]) << queries[i][1];
  }
  std::filesystem::remove_all(copy);
}

TEST(IngestSearch, CliReportsBadInputWithOneLineAndNonZeroExit) {
  const auto r = e2e::gazette({"ingest", "/nonexistent/batch"});
  EXPECT_NE(r.exit_code, 0);
  const auto bad_date = e2e::gazette({"search", "公开", "--as-of", "2017-13-45"});
  EXPECT_EQ(bad_date.exit_code, 2);
}

}  // namespace
