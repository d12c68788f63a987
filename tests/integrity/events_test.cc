// PREMIS-style events beyond ingest, OCR and fixity: a later act that repeals an earlier one
// logs a `status_change` on the earlier act (once, with the acting document and the date), and
// every event names its agent with the software version and an outcome. The two issues come as
// hand-made bags of records (pages without scans, recorded as failed), so no OCR is needed.
// A person's correction is logged as a `correction` event naming them, and the status changes
// it causes as `status_change` events; it is kept when the issue is structured again.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <map>

#include "gazette/catalog.h"
#include "gazette/sha256.h"
#include "gazette/version.h"
#include "integrity_support.h"

namespace {
namespace fs = std::filesystem;
using integrity::gazette;

void write(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

// A bag as `gazette export bag` writes one, holding one issue with one page (failed: no scan)
// and one document.
fs::path make_issue_bag(const fs::path& dir, const std::string& issue_id, int year,
                        const std::string& document_json) {
  const fs::path bag = dir / issue_id;
  std::map<std::string, std::string> payload = {
      {"data/metadata/issue.json",
       R"({"id":")" + issue_id + R"(","series":"浙江省人民政府公报","year":)" +
           std::to_string(year) + R"(,"issue":1,"issue_total":null,"date":")" +
           std::to_string(year) +
           R"(-01-15","lang":"chi_sim","source":"test","page_count":1})"
           "\n"},
      {"data/metadata/pages.jsonl",
       R"({"issue_id":")" + issue_id +
           R"(","seq":1,"printed_page":null,"source":"test/page-1.png","sha256":"","text":"",)"
           R"("confidence":0,"status":"failed","error":"no scan","width":0,"height":0,)"
           R"("scan":null,"lines":[]})"
           "\n"},
      {"data/metadata/documents.jsonl", document_json + "\n"},
  };
  std::string manifest;
  for (const auto& [rel, content] : payload) {
    write(bag / rel, content);
    manifest += gazette::sha256_hex(content) + "  " + rel + "\n";
  }
  write(bag / "bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
  write(bag / "bag-info.txt", "Gazette-Bag-Type: issue\n");
  write(bag / "manifest-sha256.txt", manifest);
  return bag;
}

std::string rule(const std::string& id, const std::string& issue_id, const std::string& number,
                 const std::string& date, const std::string& relations) {
  return R"({"id":")" + id + R"(","issue_id":")" + issue_id + R"(","kind":"rule","title":"规定)" +
         id + R"(","number":")" + number + R"(","authority":"浙江省人民政府","signed":")" + date +
         R"(","effective":")" + date + R"(","expires":null,"relations":[)" + relations +
         R"(],"text":"正文"})";
}

// Two issue bags: a 2005 act numbered `old_number`, and a 2019 act that repeals 令第37号.
std::pair<fs::path, fs::path> repeal_bags(const fs::path& dir, const std::string& old_issue,
                                          const std::string& new_issue,
                                          const std::string& old_number) {
  return {make_issue_bag(dir, old_issue, 2005,
                         rule(old_issue + "-01", old_issue, old_number, "2005-03-01", "")),
          make_issue_bag(dir, new_issue, 2019,
                         rule(new_issue + "-01", new_issue, "浙江省人民政府令第235号", "2019-06-10",
                              R"({"type":"repeals","target_number":"浙江省人民政府令第37号",)"
                              R"("target_title":null,"partial":false,"evidence":{"page":3,)"
                              R"("text":"浙江省人民政府令第37号同时废止。"}})"))};
}

TEST(Events, ARepealLogsOneStatusChangeOnTheRepealedAct) {
  const fs::path dir = integrity::fresh_dir("events-status-change");
  const auto [old_bag, new_bag] =
      repeal_bags(dir, "i000000000010", "i000000000020", "浙江省人民政府令第37号");
  const fs::path archive = dir / "archive";
  ASSERT_EQ(gazette(archive, {"ingest", old_bag.string()}).exit_code, 0);
  const auto r = gazette(archive, {"ingest", new_bag.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const auto log = integrity::json_lines(
      gazette(archive, {"log", "--document", "i000000000010-01", "--json"}).out);
  std::vector<Poco::JSON::Object::Ptr> changes;
  for (const auto& e : log)
    if (e->getValue<std::string>("type") == "status_change") changes.push_back(e);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0]->getValue<std::string>("target"), "i000000000010-01");
  EXPECT_EQ(changes[0]->getValue<std::string>("outcome"), "success");
  EXPECT_EQ(changes[0]->getValue<std::string>("agent"),
            "gazette-archive " + gazette::software_version());
  const std::string detail = changes[0]->getValue<std::string>("detail");
  EXPECT_NE(detail.find("repealed from 2019-06-10 by i000000000020-01"), std::string::npos)
      << detail;
  EXPECT_NE(detail.find("浙江省人民政府令第235号"), std::string::npos) << detail;
  EXPECT_NE(detail.find("was in_force"), std::string::npos) << detail;
  // The status the reader shows agrees.
  const auto doc = integrity::json_lines(gazette(archive, {"export", "documents"}).out);
  ASSERT_EQ(doc.size(), 2u);
  EXPECT_EQ(doc[0]->getObject("status")->getValue<std::string>("code"), "repealed");

  // The first act changed nobody's status; a rerun logs nothing again.
  EXPECT_TRUE(integrity::query(archive,
                               "SELECT * FROM events WHERE type='status_change' AND "
                               "target='i000000000020-01'")
                  .empty());
  ASSERT_EQ(gazette(archive, {"ingest", old_bag.string(), new_bag.string()}).exit_code, 0);
  EXPECT_EQ(integrity::query(archive, "SELECT COUNT(*) FROM events WHERE type='status_change'"),
            std::vector<std::string>{"1"});
  // Every event names the agent with its version and has an outcome.
  for (const auto& row : integrity::query(archive, "SELECT agent, outcome FROM events")) {
    EXPECT_EQ(row.substr(0, row.find('\x1f')), "gazette-archive " + gazette::software_version());
    EXPECT_FALSE(row.substr(row.find('\x1f') + 1).empty());
  }
}

std::vector<std::string> events_of(const fs::path& archive, const std::string& type) {
  return integrity::query(
      archive, "SELECT target, agent, detail FROM events WHERE type='" + type + "' ORDER BY id");
}

// An archive in which a 2019 act repeals 令第37号, which OCR read as 令第3号 in a 2005 issue.
fs::path archive_with_blocked_repeal(const std::string& name) {
  const fs::path dir = integrity::fresh_dir(name);
  const auto [old_bag, new_bag] =
      repeal_bags(dir, "i000000000030", "i000000000040", "浙江省人民政府令第3号");
  const fs::path archive = dir / "archive";
  const auto r = gazette(archive, {"ingest", old_bag.string(), new_bag.string()});
  if (r.exit_code != 0) throw std::runtime_error("ingest of the bags failed: " + r.err);
  return archive;
}

// OCR dropped a digit of the earlier act's 令号, so the later act's repeal found nothing. A
// person corrects the number: the repeal takes effect, in the catalogue, the index and the log.
TEST(Events, ACorrectionIsLoggedWithItsPersonAndMovesTheStatusItUnblocks) {
  const fs::path archive = archive_with_blocked_repeal("events-correction");
  const auto status_of_old = [&] {
    for (const auto& d : integrity::json_lines(gazette(archive, {"export", "documents"}).out))
      if (d->getValue<std::string>("id") == "i000000000030-01")
        return d->getObject("status")->getValue<std::string>("code");
    return std::string("missing");
  };
  ASSERT_EQ(status_of_old(), "in_force");
  const auto first_hit = [&](const std::string& q) {
    const auto hits = integrity::json_lines(gazette(archive, {"search", q, "--json"}).out);
    return hits.empty() ? std::string() : hits[0]->getValue<std::string>("id");
  };
  EXPECT_NE(first_hit("浙江省人民政府令第37号"), "i000000000030-01");

  const std::vector<std::string> correction = {"correct",
                                               "i000000000030-01",
                                               "number=浙江省人民政府令第 37 号",
                                               "signed=二〇〇五年二月二十八日",
                                               "--note",
                                               "page image reads 第37号; OCR dropped the 7",
                                               "--by",
                                               "Wang Li"};
  const auto r = gazette(archive, correction);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("number 浙江省人民政府令第3号 -> 浙江省人民政府令第37号"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("signed 2005-03-01 -> 2005-02-28"), std::string::npos) << r.out;

  // The catalogue keeps the correction with who and why; the log names the person.
  const std::string sep = "\x1f", note = "page image reads 第37号; OCR dropped the 7";
  EXPECT_EQ(integrity::query(archive,
                             "SELECT target, field, old_value, new_value, person, note FROM "
                             "corrections ORDER BY id"),
            (std::vector<std::string>{"i000000000030-01" + sep + "number" + sep +
                                          "浙江省人民政府令第3号" + sep + "浙江省人民政府令第37号" +
                                          sep + "Wang Li" + sep + note,
                                      "i000000000030-01" + sep + "signed" + sep + "2005-03-01" +
                                          sep + "2005-02-28" + sep + "Wang Li" + sep + note}));
  const std::string agent = "Wang Li with gazette-archive " + gazette::software_version();
  const auto corrections = events_of(archive, "correction");
  ASSERT_EQ(corrections.size(), 1u);
  EXPECT_EQ(corrections[0], "i000000000030-01" + sep + agent + sep +
                                "number: “浙江省人民政府令第3号” → “浙江省人民政府令第37号”; "
                                "signed: “2005-03-01” → “2005-02-28”; note: " +
                                note);
  // What it moved, each once: the repeal it unblocked, and the days between the corrected
  // signing and the effective date.
  const std::string because = "; after correction of i000000000030-01";
  EXPECT_EQ(
      events_of(archive, "status_change"),
      (std::vector<std::string>{
          "i000000000030-01" + sep + agent + sep + "not_yet_effective from 2005-02-28" + because,
          "i000000000030-01" + sep + agent + sep + "repealed from 2019-06-10 by i000000000040-01" +
              because}));
  EXPECT_EQ(status_of_old(), "repealed");
  EXPECT_EQ(first_hit("浙江省人民政府令第37号"), "i000000000030-01");
  EXPECT_EQ(first_hit("省政府令第37号"), "i000000000030-01");
  const auto in_force = integrity::json_lines(
      gazette(archive, {"search", "浙江省人民政府令第37号", "--status", "in_force", "--json"}).out);
  for (const auto& hit : in_force) EXPECT_NE(hit->getValue<std::string>("id"), "i000000000030-01");

  // The same correction again changes nothing and logs nothing.
  const auto again = gazette(archive, correction);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to change"), std::string::npos) << again.out;
  EXPECT_EQ(events_of(archive, "correction").size(), 1u);
  EXPECT_EQ(events_of(archive, "status_change").size(), 2u);

  // Refused with a reason, and nothing recorded.
  const auto unknown = gazette(
      archive, {"correct", "i000000000099-01", "title=x", "--note", "n", "--by", "Wang Li"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no document i000000000099-01"), std::string::npos) << unknown.err;
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"correct", "i000000000030-01", "number=37", "--note", "n", "--by",
                                 "x"},
        std::vector<std::string>{"correct", "i000000000030-01", "signed=2005-02-30", "--note", "n",
                                 "--by", "x"},
        std::vector<std::string>{"correct", "i000000000030-01", "title=y", "--by", "x"},
        std::vector<std::string>{"correct", "i000000000030-01", "--note", "n", "--by", "x"}}) {
    const auto refused = gazette(archive, bad);
    EXPECT_EQ(refused.exit_code, 2) << bad[2] << ": " << refused.err;
    EXPECT_FALSE(refused.err.empty());
  }
  EXPECT_EQ(integrity::query(archive, "SELECT COUNT(*) FROM corrections"),
            std::vector<std::string>{"2"});
}

// Killed at the catalogue commit or at the index commit, the same command run again leaves the
// archive as one uninterrupted correction does: one correction, the index up to date.
TEST(Events, ACorrectionKilledAtACommitIsCompletedByRunningItAgain) {
  const std::vector<std::string> correction = {
      "correct", "i000000000030-01", "number=浙江省人民政府令第37号", "--note", "page image",
      "--by",    "Wang Li"};
  const auto state = [](const fs::path& archive) {
    std::vector<std::string> out = integrity::query(
        archive, "SELECT target, field, old_value, new_value FROM corrections ORDER BY id");
    for (const auto& e :
         integrity::query(archive,
                          "SELECT type, target, detail FROM events WHERE type IN ('correction', "
                          "'status_change') ORDER BY id"))
      out.push_back(e);
    const auto hits = integrity::json_lines(
        gazette(archive, {"search", "浙江省人民政府令第37号", "--status", "repealed", "--json"})
            .out);
    for (const auto& hit : hits) out.push_back("hit " + hit->getValue<std::string>("id"));
    return out;
  };
  const fs::path reference = archive_with_blocked_repeal("events-correction-reference");
  ASSERT_EQ(gazette(reference, correction).exit_code, 0);
  const auto expected = state(reference);
  ASSERT_EQ(expected.back(), "hit i000000000030-01");

  for (const std::string point : {"catalog:1", "catalog:2:after", "index:1", "index:2:after"}) {
    SCOPED_TRACE(point);
    const fs::path archive = archive_with_blocked_repeal("events-correction-kill");
    integrity::RunOptions kill;
    kill.env = {{"LD_PRELOAD", GAZETTE_KILL_AT_SYNC}, {"GAZETTE_KILL_AT", point}};
    EXPECT_EQ(gazette(archive, correction, kill).signal, SIGKILL);
    const auto rerun = gazette(archive, correction);
    ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
    EXPECT_EQ(state(archive), expected);
  }
}

// A correction outlives the issue being structured again from its recognised pages. The values
// are ones no reading of the fixture's pages gives, so the test does not hang on OCR.
TEST(Events, ACorrectionIsKeptWhenTheIssueIsStructuredAgain) {
  const fs::path archive = integrity::copy_of_fixture("events-correction-restructure");
  const auto first = integrity::query(archive, "SELECT id FROM documents ORDER BY id LIMIT 1");
  ASSERT_EQ(first.size(), 1u);
  const std::string id = first[0];
  const std::string fields_sql = "SELECT number, expires FROM documents WHERE id='" + id + "'";
  const std::vector<std::string> corrected = {std::string("浙政办发〔2099〕1号") + "\x1f" +
                                              "2099-12-31"};
  ASSERT_NE(integrity::query(archive, fields_sql), corrected);
  const auto r =
      gazette(archive, {"correct", id, "number=浙政办发(2099)1号", "expires=2099年12月31日",
                        "--note", "cover and page image", "--by", "Chen Jing"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(integrity::query(archive, fields_sql), corrected);

  // Back to `pages`, as a rerun after retried pages or the structure bench does; then ingest.
  {
    gazette::Catalog catalog(archive / "catalog.sqlite", gazette::CatalogOptions{});
    for (const auto& rec : catalog.issues())
      catalog.set_issue_state(rec.issue.id, gazette::IssueState::pages);
  }
  const auto rerun = gazette(
      archive, {"ingest", integrity::fixture_scans().string(), "--jobs", "1", "--lang", "chi_sim"});
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_EQ(integrity::query(archive, "SELECT COUNT(*) FROM events WHERE type='structure'"),
            std::vector<std::string>{"2"});
  EXPECT_EQ(integrity::query(archive, fields_sql), corrected);
  const auto hits =
      integrity::json_lines(gazette(archive, {"search", "浙政办发[2099]1号", "--json"}).out);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]->getValue<std::string>("id"), id);
  EXPECT_EQ(events_of(archive, "correction").size(), 1u);
}

TEST(BagInput, ABagWhoseRecordsNameUnsafeIdsIsRefused) {
  const fs::path dir = integrity::fresh_dir("events-unsafe-id");
  const auto bag = make_issue_bag(
      dir, "i000000000030", 2005,
      rule("../../escape", "i000000000030", "浙江省人民政府令第1号", "2005-03-01", ""));
  const auto r = gazette(dir / "archive", {"ingest", bag.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;  // refused with its reason in the report; the batch goes on
  EXPECT_NE(r.out.find("refused: i000000000030: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("is not an archive id"), std::string::npos) << r.out;
  EXPECT_TRUE(integrity::query(dir / "archive", "SELECT id FROM documents").empty());
  EXPECT_FALSE(fs::exists(dir / "escape"));
}

}  // namespace
