// http-bench-fill: a served archive of N documents for bench/http, without OCR.
//
// Recognising 10,000 documents' worth of scans takes days on 2 cores, and the reader's speed
// does not depend on how the catalogue was filled. So this writes the archive through the
// same public APIs the pipeline uses (Catalog, index::Writer, the object store layout):
// issues of 8 acts on 5 pages each, whose page images are the committed sample scans (kept
// once, by hash, like any original), whose texts are the sample's real acts with their topic
// varied, and whose numbers, dates and repeal decisions follow the real series' shape (some
// acts repealed, some expired, some not yet effective). It also writes the URL lists the wrk
// scripts read: documents.txt, searches.txt, tiles.txt (paths, one a line).
//
//   http-bench-fill --sample corpora/sample --archive DIR --urls DIR [--documents 10000]
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gazette/archive_layout.h"
#include "gazette/catalog.h"
#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/index/writer.h"
#include "gazette/sha256.h"

namespace fs = std::filesystem;
using namespace gazette;

namespace {

constexpr int kDocsPerIssue = 8;
constexpr int kPagesPerIssue = 5;

// Subjects of provincial acts; each title and text is about one of them.
const std::vector<std::string> kTopics = {
    "安全生产", "食品安全",   "政务公开", "海域使用", "旅游市场", "水资源管理", "土地储备",
    "城市绿化", "档案管理",   "消防安全", "道路运输", "职业教育", "医疗保障",   "养老服务",
    "农村饮水", "林业保护",   "文物保护", "统计工作", "审计监督", "价格监督",   "政府采购",
    "国有资产", "住房公积金", "电力设施", "燃气管理", "防汛防台", "地质灾害",   "气象灾害",
    "矿产资源", "渔业资源",   "野生动物", "建筑市场", "物业管理", "质量监督",   "计量管理",
    "标准化",   "科技创新",   "人才引进", "就业促进", "社会救助", "慈善事业",   "残疾人保障",
    "妇女儿童", "体育设施",   "公共文化", "广播电视", "网络安全", "数据共享",   "信用体系",
    "营商环境", "行政审批",   "行政执法", "信访工作", "应急管理", "交通安全",   "港口管理",
    "海洋经济", "生态补偿",   "污染防治", "固体废物", "节约能源", "循环经济",   "粮食储备",
    "农业机械", "动物防疫",   "种子管理", "乡村振兴", "水土保持", "河道管理",   "湿地保护"};

const std::vector<std::string> kForms = {"实施办法", "管理办法", "实施意见",
                                         "若干规定", "工作方案", "暂行办法"};

struct Sample {
  std::vector<std::string> texts;    // the sample's acts (rule and normative), for bodies
  std::vector<fs::path> page_files;  // every sample scan
};

Sample read_sample(const fs::path& root) {
  Sample s;
  std::ifstream in(root / "truth" / "documents.jsonl");
  if (!in) throw InvalidInput("no " + (root / "truth" / "documents.jsonl").string());
  std::string line;
  Poco::JSON::Parser parser;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto obj = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
    parser.reset();
    if (obj->getValue<std::string>("kind") != "other")
      s.texts.push_back(obj->getValue<std::string>("text"));
  }
  for (const auto& e : fs::recursive_directory_iterator(root / "scans"))
    if (e.is_regular_file() && e.path().extension() == ".png") s.page_files.push_back(e.path());
  std::sort(s.page_files.begin(), s.page_files.end());
  if (s.texts.empty() || s.page_files.empty()) throw InvalidInput("the sample holds no acts");
  return s;
}

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string p;
  while (std::getline(in, p))
    if (!p.empty()) out.push_back(p);
  return out;
}

// Splits text into lines of about `n` code points (UTF-8 aware: never inside a character).
std::vector<std::string> wrap(const std::string& text, std::size_t n) {
  std::vector<std::string> out;
  std::string cur;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (text[i] == '\n') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      count = 0;
      ++i;
      continue;
    }
    cur.append(text, i, len);
    i += len;
    if (++count == n) {
      out.push_back(cur);
      cur.clear();
      count = 0;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string pct_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

struct Options {
  fs::path sample = "corpora/sample";
  fs::path archive;
  fs::path urls;
  int documents = 10000;
};

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw InvalidInput(a + " needs a value");
      return argv[++i];
    };
    if (a == "--sample") {
      o.sample = next();
    } else if (a == "--archive") {
      o.archive = next();
    } else if (a == "--urls") {
      o.urls = next();
    } else if (a == "--documents") {
      o.documents = std::stoi(next());
    } else {
      throw InvalidInput(
          "usage: http-bench-fill --sample DIR --archive DIR --urls DIR "
          "[--documents N]");
    }
  }
  if (o.archive.empty() || o.urls.empty()) throw InvalidInput("--archive and --urls are needed");
  return o;
}

int run(const Options& o) {
  const Sample sample = read_sample(o.sample);
  if (fs::exists(o.archive)) throw InvalidInput(o.archive.string() + " exists already");
  fs::create_directories(o.archive);
  fs::create_directories(o.urls);
  const ArchiveLayout layout(o.archive);
  Catalog cat(layout.catalog(), CatalogOptions{});

  // Keep the sample scans as originals, once each, by hash.
  struct Kept {
    std::string sha256;
    std::string source;
  };
  std::vector<Kept> kept;
  cat.transaction([&] {
    for (const auto& f : sample.page_files) {
      const auto sha = sha256_file(f);
      const auto rel = layout.object_relpath(sha, f.extension().string());
      fs::create_directories((o.archive / rel).parent_path());
      fs::copy_file(f, o.archive / rel, fs::copy_options::overwrite_existing);
      cat.add_blob(sha, static_cast<std::int64_t>(fs::file_size(f)), rel);
      kept.push_back({sha, fs::relative(f, o.sample / "scans").generic_string()});
    }
  });

  const int issues = (o.documents + kDocsPerIssue - 1) / kDocsPerIssue;
  std::map<int, int> issue_in_year, serial_in_year;  // year → running numbers
  int order_serial = 0;
  std::vector<std::string> repealable;  // numbers of earlier normative acts, oldest first
  std::size_t next_repeal = 0;
  std::vector<std::string> doc_ids, numbers;
  index::Writer writer(layout.index());
  int written = 0;
  for (int k = 0; k < issues; ++k) {
    // Issues run through 40 years, ~31 a year, in date order.
    const int year = 1985 + k * 40 / issues;
    const int number = ++issue_in_year[year];
    Issue issue;
    issue.id = "i" + sha256_hex("http-bench issue " + std::to_string(k)).substr(0, 12);
    issue.series = "浙江省人民政府公报";
    issue.year = year;
    issue.number = number;
    issue.total = k + 1;
    const int month = 1 + (number - 1) * 12 / 32;
    const int day = 1 + (number * 7) % 28;
    issue.date = iso_date(year, month, day);
    issue.lang = "chi_sim";
    issue.source = "bench/" + std::to_string(year) + "-" + std::to_string(number);
    issue.page_count = kPagesPerIssue;

    std::vector<Document> docs;
    for (int j = 0; j < kDocsPerIssue && written < o.documents; ++j, ++written) {
      Document d;
      d.id = issue.id + "-" + (j < 9 ? "0" : "") + std::to_string(j + 1);
      d.issue_id = issue.id;
      d.series = issue.series;
      d.year = year;
      d.issue = number;
      d.issue_total = issue.total;
      d.first_page = 2 + j / 2;
      d.last_page = std::min(kPagesPerIssue, 2 + (j + 1) / 2);
      const std::string& topic = kTopics[(k * kDocsPerIssue + j) % kTopics.size()];
      const std::string& form = kForms[(k + j) % kForms.size()];
      d.signed_date = add_days(*issue.date, -20 - j);
      d.effective = add_days(*d.signed_date, 30);
      if (j % 5 == 4) d.expires = add_years(*d.effective, 5);
      auto body = paragraphs(sample.texts[(k + j) % sample.texts.size()]);
      std::rotate(body.begin(), body.begin() + static_cast<long>((k * 3 + j) % body.size()),
                  body.end());
      std::string text =
          "为加强" + topic + "工作，根据有关法律、法规，结合本省实际，制定本" + form + "。\n";
      for (const auto& p : body) text += p + "\n";
      text += "本" + form + "自" + *d.effective + "起施行，由省" + topic + "主管部门负责解释。";
      if (j == 7 && year >= 1995 && next_repeal + 3 <= repealable.size()) {
        // A repeal decision: the three oldest acts not yet repealed.
        d.kind = DocumentKind::normative;
        d.authority = "浙江省人民政府";
        d.number = "浙政发〔" + std::to_string(year) + "〕" +
                   std::to_string(++serial_in_year[year]) + "号";
        d.title = "浙江省人民政府关于废止部分行政规范性文件的决定";
        text = "经省人民政府研究，决定废止下列行政规范性文件：\n";
        for (int r = 0; r < 3; ++r) {
          Relation rel;
          rel.type = RelationType::repeals;
          rel.target_number = repealable[next_repeal++];
          rel.evidence = {d.first_page, "决定废止" + rel.target_number + "。"};
          text += std::to_string(r + 1) + "．" + rel.target_number + "\n";
          d.relations.push_back(std::move(rel));
        }
        text += "本决定自公布之日起施行。";
      } else if (j == 6) {
        d.kind = DocumentKind::other;
        d.authority = "浙江省人民政府";
        d.number = "浙政干〔" + std::to_string(year) + "〕" + std::to_string(k % 90 + 1) + "号";
        d.title = "浙江省人民政府关于" + topic + "工作人员职务任免的通知";
        text = "各市、县（市、区）人民政府，省政府直属各单位：\n经研究，决定任免" + topic +
               "工作有关人员职务。";
      } else if (j == 0) {
        d.kind = DocumentKind::rule;
        d.authority = "浙江省人民政府";
        d.number = "浙江省人民政府令第" + std::to_string(++order_serial) + "号";
        d.title = "浙江省" + topic + "管理办法";
      } else {
        d.kind = DocumentKind::normative;
        const bool office = j % 2 == 1;
        d.authority = office ? "浙江省人民政府办公厅" : "浙江省人民政府";
        d.number = std::string(office ? "浙政办发〔" : "浙政发〔") + std::to_string(year) + "〕" +
                   std::to_string(++serial_in_year[year]) + "号";
        d.title = d.authority + "关于印发浙江省" + topic + form + "的通知";
        if (j % 3 == 2) {
          Relation cite;
          cite.type = RelationType::cites;
          cite.target_number = numbers.empty() ? "" : numbers[(k * 13) % numbers.size()];
          cite.evidence = {d.first_page, "根据" + cite.target_number + "的规定。"};
          if (!cite.target_number.empty()) d.relations.push_back(std::move(cite));
        }
        if (j % 5 != 4) repealable.push_back(d.number);
      }
      d.text = std::move(text);
      numbers.push_back(d.number);
      doc_ids.push_back(d.id);
      docs.push_back(std::move(d));
    }

    // Pages: the cover carries the 目录; each text page the acts printed on it, wrapped.
    std::vector<Page> pages;
    for (int seq = 1; seq <= kPagesPerIssue; ++seq) {
      Page p;
      p.issue_id = issue.id;
      p.seq = seq;
      p.printed_page = seq == 1 ? std::nullopt : std::optional<int>(seq);
      const auto& orig = kept[(k * kPagesPerIssue + seq - 1) % kept.size()];
      p.source = orig.source;
      p.sha256 = orig.sha256;
      p.width = 2480;
      p.height = 3508;
      p.confidence = 0.93;
      std::string text;
      if (seq == 1) {
        text = issue.series + "\n" + std::to_string(year) + "年第" + std::to_string(number) +
               "期\n目录\n";
        for (const auto& d : docs) text += d.title + " " + std::to_string(*d.first_page) + "\n";
      } else {
        for (const auto& d : docs)
          if (*d.first_page <= seq && seq <= *d.last_page)
            text += d.title + "\n" + d.number + "\n" + d.text.substr(0, 1200) + "\n";
      }
      const auto lines = wrap(text, 38);
      for (std::size_t i = 0; i < lines.size() && i < 40; ++i) {
        const int y = 250 + static_cast<int>(i) * 78;
        p.lines.push_back({lines[i], {200, y, 2280, y + 56}, 0.93, 56});
        p.text += (i ? "\n" : "") + lines[i];
      }
      pages.push_back(std::move(p));
    }
    cat.transaction([&] {
      cat.put_issue(issue, IssueState::indexed);
      for (const auto& p : pages) cat.put_page(p);
      cat.replace_documents(issue.id, docs);
    });
    if ((k + 1) % 100 == 0) std::cerr << "issues " << k + 1 << "/" << issues << "\n";
  }

  // Index every act with its validity facts as the catalogue now resolves them.
  for (const auto& id : doc_ids) {
    const auto doc = cat.document(id);
    if (doc) writer.put({*doc, cat.validity_facts(*doc)});
  }
  writer.commit();

  // URL lists for the wrk scripts, in a fixed shuffled order.
  {
    std::ofstream out(o.urls / "documents.txt");
    for (std::size_t i = 0; i < doc_ids.size(); ++i)
      out << "/documents/" << doc_ids[(i * 7919) % doc_ids.size()] << "\n";
  }
  {
    // Topic words at as-of dates through the years (each a different query for a cold run),
    // and 文号 lookups, shuffled.
    std::vector<std::string> searches;
    for (int y = 1985; y < 2025; ++y)
      for (const auto& t : kTopics)
        searches.push_back("/search?q=" + pct_encode(t) + "&as_of=" + std::to_string(y) + "-07-01");
    for (std::size_t i = 0; i < numbers.size() && i < 2000; ++i)
      searches.push_back("/search?q=" + pct_encode(numbers[(i * 7919) % numbers.size()]));
    std::ofstream out(o.urls / "searches.txt");
    for (std::size_t i = 0; i < searches.size(); ++i)
      out << searches[(i * 7919) % searches.size()] << "\n";
  }
  {
    // 512-pixel regions at 256 and 512 pixels wide, as OpenSeadragon asks for them: every
    // tile of every kept scan once (issues share the sample's scans, and the cache is keyed
    // by the scan's hash), so that a cold run never asks for the same rendering twice. Page
    // by page, as a viewer asks: all the tiles of the page it shows.
    std::ofstream out(o.urls / "tiles.txt");
    std::vector<std::string> tiles;
    for (std::size_t ki = 0; ki < kept.size(); ++ki) {
      // The first page that shows kept scan ki: page index k*5+seq-1 ≡ ki (mod kept.size()).
      int k = 0, seq = 0;
      for (int n = 0;; ++n)
        if (static_cast<std::size_t>(n) % kept.size() == ki) {
          k = n / kPagesPerIssue;
          seq = n % kPagesPerIssue + 1;
          break;
        }
      const std::string id =
          "i" + sha256_hex("http-bench issue " + std::to_string(k)).substr(0, 12);
      for (const int size : {256, 512})
        for (int y = 0; y < 3508; y += 512)
          for (int x = 0; x < 2480; x += 512) {
            const int w = std::min(512, 2480 - x), h = std::min(512, 3508 - y);
            tiles.push_back("/iiif/" + id + "." + std::to_string(seq) + "/" + std::to_string(x) +
                            "," + std::to_string(y) + "," + std::to_string(w) + "," +
                            std::to_string(h) + "/" + std::to_string(std::min(size, w)) +
                            ",/0/default.jpg");
          }
    }
    for (const auto& t : tiles) out << t << "\n";
  }
  std::cout << written << " documents in " << issues << " issues written to " << o.archive.string()
            << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_args(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "http-bench-fill: " << e.what() << "\n";
    return 1;
  }
}
