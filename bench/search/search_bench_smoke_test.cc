// Runs search-bench on 200 documents and checks its report: every section present, sane
// figures, and every sampled number lookup (each damaged form) answered first by Xapian.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using Poco::JSON::Object;

namespace {

Object::Ptr run_bench(const fs::path& work) {
  const fs::path report = work.string() + "-report.json";
  const std::string cmd = std::string(SEARCH_BENCH_BIN) + " --docs 200 --queries 200 --work " +
                          work.string() + " --report " + report.string() + " > " + work.string() +
                          "-stdout.md";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(report);
  std::stringstream text;
  text << in.rdbuf();
  return Poco::JSON::Parser().parse(text.str()).extract<Object::Ptr>();
}

void expect_latencies(const Object::Ptr& l, const std::string& where) {
  ASSERT_TRUE(l) << where;
  const auto n = l->getValue<int>("queries");
  EXPECT_GT(n, 0) << where;
  EXPECT_EQ(l->getValue<int>("errors"), 0) << where;
  const double p50 = l->getValue<double>("p50_ms"), p95 = l->getValue<double>("p95_ms"),
               p99 = l->getValue<double>("p99_ms");
  EXPECT_GT(p50, 0) << where;
  EXPECT_LE(p50, p95) << where;
  EXPECT_LE(p95, p99) << where;
}

TEST(SearchBenchSmoke, ReportIsCompleteAndNumbersRankFirst) {
  const fs::path work =
      fs::temp_directory_path() / ("search-bench-smoke-" + std::to_string(getpid()));
  const auto r = run_bench(work);
  EXPECT_EQ(r->getValue<int>("documents"), 200);
  EXPECT_EQ(r->getValue<int>("queries"), 200);
  // Realistic lengths: about 2,000 characters on average.
  EXPECT_GT(r->getValue<double>("average_characters"), 1500);
  EXPECT_LT(r->getValue<double>("average_characters"), 2600);

  const auto build = r->getObject("build");
  for (const char* engine : {"xapian", "fts5"}) {
    const auto b = build->getObject(engine);
    ASSERT_TRUE(b) << engine;
    EXPECT_GT(b->getValue<double>("docs_per_second"), 0) << engine;
    EXPECT_GT(b->getValue<double>("bytes"), 0) << engine;
  }

  for (const char* engine : {"xapian", "fts5"}) {
    const auto e = r->getObject(engine);
    ASSERT_TRUE(e) << engine;
    const auto classes = e->getObject("classes");
    for (const char* cls : {"number", "word", "phrase", "filtered", "facet"})
      expect_latencies(classes->getObject(cls), std::string(engine) + "/" + cls);
    expect_latencies(e->getObject("all"), std::string(engine) + "/all");
  }

  // Every sampled number, in every printed form the generator makes, finds its act first.
  const auto rank1 = r->getObject("xapian")->getObject("number_rank1");
  const int total = rank1->getValue<int>("total");
  EXPECT_EQ(total, 60);  // 30 % of 200 queries
  EXPECT_EQ(rank1->getValue<int>("correct"), total);
  const auto forms = rank1->getObject("by_form");
  EXPECT_GE(forms->size(), 13u);  // 9 文号 forms and 4 令号 forms
  for (const auto& name : forms->getNames()) {
    const auto f = forms->getObject(name);
    EXPECT_EQ(f->getValue<int>("correct"), f->getValue<int>("total")) << name;
  }
  EXPECT_TRUE(r->getObject("p50_ratio_fts5_over_xapian")->has("all"));
  // The work folder is removed unless --keep.
  EXPECT_FALSE(fs::exists(work));
  fs::remove(work.string() + "-report.json");
  fs::remove(work.string() + "-stdout.md");
}

}  // namespace
