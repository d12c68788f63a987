// Relation targets resolved at read time, both ways and alike: by the normalised number, else
// (no number, or a number that names no archived act, as OCR damage leaves in repeal lists)
// by the exact title. Table-driven over one small catalogue.
#include <gtest/gtest.h>
#include <unistd.h>

#include "gazette/catalog.h"

namespace {
namespace fs = std::filesystem;

gazette::Document act(const std::string& id, const std::string& number, const std::string& title,
                      std::vector<gazette::Relation> relations = {}) {
  gazette::Document d;
  d.id = id;
  d.issue_id = id.substr(0, id.find('-'));
  d.kind = gazette::DocumentKind::normative;
  d.number = number;
  d.title = title;
  d.signed_date = d.effective = "2010-01-01";
  d.relations = std::move(relations);
  return d;
}

gazette::Relation repeal(const std::string& number, const std::string& title) {
  gazette::Relation r;
  r.type = gazette::RelationType::repeals;
  r.target_number = number;
  r.target_title = title;
  r.evidence.text = "同时废止";
  return r;
}

class CatalogRelations : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gazette-relations-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    catalog_ =
        std::make_unique<gazette::Catalog>(dir_ / "catalog.sqlite", gazette::CatalogOptions{});
  }
  void TearDown() override {
    catalog_.reset();
    fs::remove_all(dir_);
  }
  void put_issue(const std::string& id, const std::vector<gazette::Document>& docs) {
    gazette::Issue issue;
    issue.id = id;
    issue.series = "浙江省人民政府公报";
    issue.lang = "chi_sim";
    issue.source = id;
    issue.page_count = 1;
    catalog_->transaction([&] {
      catalog_->put_issue(issue, gazette::IssueState::indexed);
      catalog_->replace_documents(id, docs);
    });
  }
  fs::path dir_;
  std::unique_ptr<gazette::Catalog> catalog_;
};

TEST_F(CatalogRelations, NumberFirstThenTitleAndBothDirectionsAgree) {
  put_issue("ia", {act("ia-01", "浙政发〔2008〕28号", "关于加强森林消防工作的通知"),
                   act("ia-02", "浙政发〔2009〕3号", "浙江省海域使用管理办法")});
  const struct {
    const char* why;
    std::string number, title;
    std::optional<std::string> target;
  } rows[] = {
      {"number names an act", "浙政发〔2008〕28号", "", "ia-01"},
      {"number wins over another act's title", "浙政发〔2008〕28号", "浙江省海域使用管理办法",
       "ia-01"},
      {"no number: the title", "", "浙江省海域使用管理办法", "ia-02"},
      {"a number that names nothing: the title", "浙丰力〔2008〕28号", "关于加强森林消防工作的通知",
       "ia-01"},
      {"neither names anything", "浙政发〔2007〕1号", "关于别的事项的通知", std::nullopt},
      {"a title alone must match exactly", "", "关于加强森林消防工作", std::nullopt},
  };
  std::vector<gazette::Relation> relations;
  for (const auto& row : rows) relations.push_back(repeal(row.number, row.title));
  put_issue("ib", {act("ib-01", "浙政发〔2019〕5号", "关于废止部分文件的决定", relations)});

  const auto decision = catalog_->document("ib-01");
  ASSERT_TRUE(decision);
  ASSERT_EQ(decision->relations.size(), std::size(rows));
  for (std::size_t i = 0; i < std::size(rows); ++i) {
    SCOPED_TRACE(rows[i].why);
    EXPECT_EQ(decision->relations[i].target_id, rows[i].target);
    // Seen from each archived act: the relation is incoming exactly when it resolves there.
    for (const char* id : {"ia-01", "ia-02"}) {
      const auto incoming = catalog_->incoming_relations(*catalog_->document(id));
      const bool has = std::any_of(incoming.begin(), incoming.end(), [&](const auto& in) {
        return in.relation.target_number == rows[i].number &&
               in.relation.target_title == rows[i].title;
      });
      EXPECT_EQ(has, rows[i].target == id) << id;
    }
  }
}

TEST_F(CatalogRelations, AnActArrivingWithTheNumberTakesTheRelationFromTheTitle) {
  put_issue("ia", {act("ia-01", "浙政发〔2008〕27号", "关于加强森林消防工作的通知")});
  put_issue("ib", {act("ib-01", "浙政发〔2019〕5号", "关于废止部分文件的决定",
                       {repeal("浙政发〔2008〕28号", "关于加强森林消防工作的通知")})});
  EXPECT_EQ(catalog_->document("ib-01")->relations[0].target_id, "ia-01");
  EXPECT_TRUE(catalog_->documents_named_by_title_for("浙政发〔2008〕27号").empty());
  EXPECT_EQ(catalog_->documents_named_by_title_for("浙政发〔2008〕28号"),
            std::vector<std::string>{"ia-01"});

  put_issue("ic", {act("ic-01", "浙政发〔2008〕28号", "关于加强森林消防工作的通知")});
  EXPECT_EQ(catalog_->document("ib-01")->relations[0].target_id, "ic-01");
  EXPECT_TRUE(catalog_->incoming_relations(*catalog_->document("ia-01")).empty());
  EXPECT_EQ(catalog_->incoming_relations(*catalog_->document("ic-01")).size(), 1u);
  // The act that lost it is the one to index again.
  EXPECT_EQ(catalog_->documents_named_by_title_for("浙政发〔2008〕28号"),
            std::vector<std::string>{"ia-01"});
}

}  // namespace
