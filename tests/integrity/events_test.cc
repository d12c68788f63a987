// PREMIS-style events beyond ingest, OCR and fixity: a later act that repeals an earlier one
// logs a `status_change` on the earlier act (once, with the acting document and the date), and
// every event names its agent with the software version and an outcome. The two issues come as
// hand-made bags of records (pages without scans, recorded as failed), so no OCR is needed.
// There is no correction path yet, so there is no correction event to test.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

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

TEST(Events, ARepealLogsOneStatusChangeOnTheRepealedAct) {
  const fs::path dir = integrity::fresh_dir("events-status-change");
  const auto old_bag = make_issue_bag(
      dir, "i000000000010", 2005,
      rule("i000000000010-01", "i000000000010", "浙江省人民政府令第37号", "2005-03-01", ""));
  const auto new_bag = make_issue_bag(
      dir, "i000000000020", 2019,
      rule("i000000000020-01", "i000000000020", "浙江省人民政府令第235号", "2019-06-10",
           R"({"type":"repeals","target_number":"浙江省人民政府令第37号","target_title":null,)"
           R"("partial":false,"evidence":{"page":3,"text":"浙江省人民政府令第37号同时废止。"}})"));
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
