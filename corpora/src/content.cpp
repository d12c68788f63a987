// Corpus planning: which issues exist, which documents each holds, their text
// (real documents from corpora/texts plus synthetic acts), and the relations
// between documents from which the expected validity statuses are derived.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "corpus.hpp"

namespace gazette::corpora {
namespace {

struct SeriesInfo {
  std::string slug, series, series_old, province, gov, gov_prefix, office, office_prefix, ling,
      personnel_prefix, addressee, leader_title;
  int issues_per_year;
};

const SeriesInfo& series_info(const std::string& slug) {
  static const SeriesInfo zj{"zhejiang",
                             "浙江省人民政府公报",
                             "浙江省人民政府公報",
                             "浙江省",
                             "浙江省人民政府",
                             "浙政发",
                             "浙江省人民政府办公厅",
                             "浙政办发",
                             "浙江省人民政府令",
                             "浙政干",
                             "各市、县（市、区）人民政府，省政府直属各单位：",
                             "省长",
                             24};
  static const SeriesInfo gd{
      "guangdong",
      "广东省人民政府公报",
      "廣東省人民政府公報",
      "广东省",
      "广东省人民政府",
      "粤府",
      "广东省人民政府办公厅",
      "粤府办",
      "广东省人民政府令",
      "粤府任",
      "各地级以上市人民政府，各县（市、区）人民政府，省政府各部门、各直属机构：",
      "省长",
      36};
  if (slug == "zhejiang") return zj;
  if (slug == "guangdong") return gd;
  throw std::invalid_argument("unknown series slug: " + slug);
}

Date issue_date(const SeriesInfo& s, int year, int n) {
  if (s.issues_per_year == 24) {
    const int month = (n + 1) / 2;
    return Date{year, month, n % 2 == 1 ? 15 : days_in_month(year, month)};
  }
  const int month = (n - 1) / 3 + 1;
  const int k = (n - 1) % 3;
  return Date{year, month, k == 0 ? 10 : k == 1 ? 20 : days_in_month(year, month)};
}

int issue_total(const SeriesInfo& s, int year, int n) {
  if (year < 1960) return (year - 1950) * 24 + n;
  if (s.slug == "zhejiang") return (year - 1983) * 24 + n;
  return (year - 1985) * 36 + n;
}

// ---------------------------------------------------------------- vocabulary
const std::vector<std::string> kTopics = {
    "安全生产",     "城市供水",     "农村公路养护",       "地方粮食储备", "行政执法监督",
    "城镇燃气管理", "公共资源交易", "国有土地上房屋征收", "水土保持",     "森林消防",
    "职业技能培训", "企业投资项目", "科技成果转化",       "殡葬管理",     "旅游市场秩序",
    "食品小作坊",   "气象灾害防御", "政府信息公开",       "防汛防台",     "海域使用",
    "价格监督检查", "城市绿化",     "农村住房建设",       "社会救助",     "养老服务",
    "数据资源管理"};

const std::vector<std::string> kNormativeForms = {"实施办法", "管理办法", "实施意见", "若干规定",
                                                  "实施细则"};

const std::vector<std::string> kSentences = {
    "各地、各部门要高度重视{T}工作，切实加强组织领导，明确责任分工，确保各项任务落到实处。",
    "坚持以人民为中心的发展思想，坚持依法行政，统筹发展和安全，推动{T}工作高质量发展。",
    "县级以上人民政府应当将{T}工作纳入国民经济和社会发展规划，所需经费列入本级财政预算。",
    "有关主管部门应当建立健全{T}监督检查制度，定期开展检查，及时发现和纠正违法行为。",
    "鼓励和支持社会力量参与{T}工作，对做出显著成绩的单位和个人，按照国家和省有关规定给予表彰。",
    "各级人民政府应当加强{T}信息化建设，推进数据共享，提高管理和服务水平。",
    "对违反本规定的行为，由有关主管部门责令限期改正；逾期不改正的，依法予以处罚。",
    "建立{T}工作考核评价机制，将考核结果作为对下级人民政府和有关部门综合考评的重要内容。",
    "加强宣传教育，通过报刊、广播、电视和网络等多种形式普及{T}知识，营造良好社会氛围。",
    "市、县（市、区）人民政府应当结合本地实际，制定具体实施方案，并报省人民政府备案。",
    "财政、审计等部门应当加强对{T}资金使用情况的监督，确保资金安全和使用效益。",
    "有关单位应当建立应急预案，定期组织演练，提高应对突发事件的能力。",
    "省有关部门要加强对市县的指导和督促检查，及时研究解决工作中遇到的困难和问题。",
    "到{Y}年底，全省{T}体系基本健全，工作机制更加完善，群众满意度明显提升。",
    "严格落实属地管理责任和部门监管责任，形成上下联动、齐抓共管的工作格局。",
    "探索建立{T}信用评价制度，将相关信用信息纳入公共信用信息平台，依法实施联合惩戒。",
};

const std::vector<std::string> kHeadings = {"总体要求", "主要任务", "重点工作",
                                            "保障措施", "组织实施", "监督管理"};

const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                            "吴", "周", "徐", "孙", "朱", "胡", "郑", "沈"};
const std::vector<std::string> kGiven = {"建国", "志强", "海峰", "文华", "晓明", "国平",
                                         "立新", "红梅", "卫东", "振华", "伟",   "静",
                                         "敏",   "军",   "平",   "勇"};
const std::vector<std::string> kDepts = {
    "发展和改革委员会", "教育厅", "科学技术厅", "民政厅", "司法厅",         "财政厅", "自然资源厅",
    "交通运输厅",       "水利厅", "农业农村厅", "商务厅", "卫生健康委员会", "审计厅", "统计局"};

// 1950s documents are printed in traditional characters.
const std::vector<std::string> kTopicsTra = {
    "加強春耕生產", "做好防汛工作", "開展愛國衛生運動", "整頓農業生產互助組",
    "加強市場管理", "做好夏糧徵收", "推廣農業技術",     "加強冬季防火"};
const std::vector<std::string> kSentencesTra = {
    "各級人民政府必須充分認識{T}的重要意義，加強領導，切實做好這一工作。",
    "各專署、市、縣人民政府應根據本指示精神，結合當地具體情況，訂出切實可行的計劃。",
    "在工作中必須依靠群眾，發動群眾，克服官僚主義和命令主義作風。",
    "各地應將執行情況及時報告本府，以便研究和推廣經驗。",
    "凡有違反規定者，應當嚴肅處理，並在群眾中進行教育。",
    "各級幹部應深入基層，調查研究，及時解決工作中發生的問題。",
    "為了保證生產任務的完成，各地必須加強對合作社和互助組的領導。",
    "各有關部門應密切配合，分工負責，做到有計劃、有步驟地進行。",
};

std::string fill(std::string tpl, const std::string& topic, int year) {
  replace_all(tpl, "{T}", topic);
  replace_all(tpl, "{Y}", std::to_string(year));
  return tpl;
}

std::string person(Rng& rng) {
  return rng.pick(kSurnames) + rng.pick(kGiven);
}

// Traditional forms for the characters used in generated names.
std::string traditional_name(std::string s) {
  static const std::vector<std::pair<std::string, std::string>> m = {
      {"杨", "楊"}, {"刘", "劉"}, {"陈", "陳"}, {"黄", "黃"}, {"赵", "趙"}, {"吴", "吳"},
      {"郑", "鄭"}, {"孙", "孫"}, {"静", "靜"}, {"卫", "衛"}, {"东", "東"}, {"国", "國"},
      {"华", "華"}, {"红", "紅"}, {"晓", "曉"}, {"强", "強"}, {"军", "軍"}, {"伟", "偉"}};
  for (const auto& [from, to] : m) replace_all(s, from, to);
  return s;
}

std::string number_of(const std::string& prefix, int year, int n) {
  return prefix + "〔" + std::to_string(year) + "〕" + std::to_string(n) + "号";
}

/// Print a normalised 文号 in one of the forms seen in real repeal lists.
std::string vary_number(const std::string& normalised, Rng& rng) {
  const auto open = normalised.find("〔");
  const auto close = normalised.find("〕");
  if (open == std::string::npos || close == std::string::npos) return normalised;
  const std::string prefix = normalised.substr(0, open);
  const std::string year =
      normalised.substr(open + std::string("〔").size(), close - open - std::string("〔").size());
  const std::string rest = normalised.substr(close + std::string("〕").size());
  switch (rng.uniform(0, 5)) {
    case 0:
      return prefix + "[" + year + "]" + rest;
    case 1:
      return prefix + "（" + year + "）" + rest;
    case 2:
      return prefix + "【" + year + "】" + rest;
    case 3:
      return prefix + "［" + year + "］" + rest;
    case 4:
      return prefix + "〔" + fullwidth_digits(year) + "〕" + fullwidth_digits(rest);
    default:
      return normalised;
  }
}

struct Counters {
  std::map<std::string, int> next;  // prefix|year -> next number
  std::map<std::string, int> ling;  // slug -> last 令 number
  int take(const std::string& prefix, int year, Rng& rng) {
    const std::string key = prefix + "|" + std::to_string(year);
    auto it = next.find(key);
    if (it == next.end()) it = next.emplace(key, static_cast<int>(rng.uniform(5, 40))).first;
    const int n = it->second;
    it->second += static_cast<int>(rng.uniform(1, 6));
    return n;
  }
  int take_ling(const std::string& slug, int year, Rng& rng) {
    const int base = (slug == "zhejiang" ? 100 : 40) + (year - 1995) * 9;
    int& last = ling[slug];
    last = std::max(last + static_cast<int>(rng.uniform(1, 3)), base);
    return last;
  }
};

struct Planner {
  Corpus& corpus;
  Rng& rng;
  const Options& opt;
  Counters counters;

  std::string date_text(const Issue& is, const Date& d) const {
    return is.chinese_dates || is.layout == Layout::Vertical ? date_chinese(d) : date_arabic(d);
  }

  Date signing_date(const Issue& is) { return is.date.add_days(-rng.uniform(12, 50)); }

  std::vector<Block> body_sections(const std::string& topic, int year, int sections) {
    std::vector<Block> out;
    std::vector<std::string> heads = kHeadings;
    for (int s = 0; s < sections; ++s) {
      out.push_back({Block::Kind::Heading, count_chinese(s + 1) + "、" +
                                               heads[static_cast<std::size_t>(s) % heads.size()]});
      const int paras = static_cast<int>(rng.uniform(1, 2));
      for (int p = 0; p < paras; ++p) {
        std::string para = "（" + count_chinese(p + 1) + "）";
        const int sentences = static_cast<int>(rng.uniform(2, 3));
        std::set<std::string> used;
        for (int k = 0; k < sentences; ++k) {
          const std::string& tpl = rng.pick(kSentences);
          if (used.insert(tpl).second) para += fill(tpl, topic, year + 3);
        }
        out.push_back({Block::Kind::Para, para});
      }
    }
    return out;
  }

  int add(Document d, int issue_index) {
    d.issue = issue_index;
    corpus.documents.push_back(std::move(d));
    const int idx = static_cast<int>(corpus.documents.size()) - 1;
    corpus.issues[static_cast<std::size_t>(issue_index)].docs.push_back(idx);
    return idx;
  }

  // Earlier documents of the same series that are still alive (as far as we know).
  std::vector<int> candidates(int issue_index, const std::string& kind,
                              const std::set<int>& excluded) const {
    const Issue& is = corpus.issues[static_cast<std::size_t>(issue_index)];
    std::vector<int> out;
    for (std::size_t i = 0; i < corpus.documents.size(); ++i) {
      const Document& d = corpus.documents[i];
      const Issue& di = corpus.issues[static_cast<std::size_t>(d.issue)];
      if (di.slug != is.slug || d.kind != kind || !d.number ||
          excluded.contains(static_cast<int>(i)))
        continue;
      if (d.issue == issue_index || di.date >= is.date) continue;
      if (d.expires && *d.expires < is.date) continue;
      out.push_back(static_cast<int>(i));
    }
    return out;
  }

  std::set<int> dead;  // documents already repealed / declared invalid

  // ------------------------------------------------------------ generators
  void rule(int ii) {
    const Issue& is = corpus.issues[static_cast<std::size_t>(ii)];
    const SeriesInfo& s = series_info(is.slug);
    const std::string topic = rng.pick(kTopics);
    Document d;
    d.kind = "rule";
    d.category = "省政府令";
    d.authority = s.gov;
    d.title = s.province + topic + "管理办法";
    const int n = counters.take_ling(is.slug, is.year, rng);
    d.number = s.ling + "第" + std::to_string(n) + "号";
    d.signed_on = signing_date(is);
    {
      const Date later = d.signed_on.add_days(rng.uniform(30, 80));
      d.effective = Date{later.y, later.m, 1};
      if (d.effective <= d.signed_on) d.effective = d.signed_on.add_days(31);
    }
    d.seal = false;
    using K = Block::Kind;
    d.blocks.push_back({K::LingHeader, s.ling});
    d.blocks.push_back({K::LingNumber, "第" + std::to_string(n) + "号"});
    d.blocks.push_back({K::Para, "《" + d.title + "》已经" +
                                     date_text(is, d.signed_on.add_days(-rng.uniform(3, 15))) +
                                     "省人民政府第" + std::to_string(rng.uniform(10, 90)) +
                                     "次常务会议审议通过，现予公布，自" +
                                     date_text(is, d.effective) + "起施行。"});
    d.blocks.push_back({K::Signature, s.leader_title + "　" + person(rng)});
    d.blocks.push_back({K::SignDate, date_text(is, d.signed_on)});
    d.blocks.push_back({K::Title, d.title});
    const int articles = static_cast<int>(rng.uniform(6, 10));
    d.blocks.push_back({K::Para, "第一条　为了加强" + topic +
                                     "管理，保障公共利益和公民、法人及其他组织的合法权益，根据有关"
                                     "法律、法规，结合本省实际，制定本办法。"});
    d.blocks.push_back(
        {K::Para, "第二条　本省行政区域内的" + topic + "及其监督管理活动，适用本办法。"});
    for (int a = 3; a < articles; ++a)
      d.blocks.push_back({K::Para, "第" + count_chinese(a) + "条　" +
                                       fill(rng.pick(kSentences), topic, is.year + 2) +
                                       fill(rng.pick(kSentences), topic, is.year + 2)});
    std::string last =
        "第" + count_chinese(articles) + "条　本办法自" + date_text(is, d.effective) + "起施行。";
    auto old = candidates(ii, "rule", dead);
    if (!old.empty() && rng.chance(0.5)) {
      const int t = rng.pick(old);
      const Document& td = corpus.documents[static_cast<std::size_t>(t)];
      const std::string sentence =
          "《" + td.title + "》（" + s.ling.substr(0, s.ling.size()) + "第" +
          td.number->substr(td.number->find("第") + std::string("第").size()) + "）同时废止。";
      last += sentence;
      d.relations.push_back({"repeals", *td.number, td.title, false, {0, sentence}, t});
      dead.insert(t);
    }
    d.blocks.push_back({K::Para, last});
    add(std::move(d), ii);
  }

  void amend(int ii) {
    const Issue& is = corpus.issues[static_cast<std::size_t>(ii)];
    const SeriesInfo& s = series_info(is.slug);
    auto old = candidates(ii, "rule", dead);
    if (old.empty()) return rule(ii);
    const int t = rng.pick(old);
    const Document& td = corpus.documents[static_cast<std::size_t>(t)];
    Document d;
    d.kind = "rule";
    d.category = "省政府令";
    d.authority = s.gov;
    d.title = s.gov + "关于修改《" + td.title + "》的决定";
    const int n = counters.take_ling(is.slug, is.year, rng);
    d.number = s.ling + "第" + std::to_string(n) + "号";
    d.signed_on = signing_date(is);
    d.effective = d.signed_on.add_days(rng.uniform(20, 60));
    d.seal = false;
    using K = Block::Kind;
    d.blocks.push_back({K::LingHeader, s.ling});
    d.blocks.push_back({K::LingNumber, "第" + std::to_string(n) + "号"});
    d.blocks.push_back({K::Para, "《" + d.title + "》已经省人民政府常务会议审议通过，现予公布，自" +
                                     date_text(is, d.effective) + "起施行。"});
    d.blocks.push_back({K::Signature, s.leader_title + "　" + person(rng)});
    d.blocks.push_back({K::SignDate, date_text(is, d.signed_on)});
    d.blocks.push_back({K::Title, d.title});
    const std::string ling_short =
        "省政府令第" + td.number->substr(td.number->find("第") + std::string("第").size());
    const std::string sentence =
        "省人民政府决定对《" + td.title + "》（" + ling_short + "）作如下修改：";
    d.blocks.push_back({K::Para, sentence});
    d.blocks.push_back(
        {K::Para, "一、将第三条修改为：“" + fill(rng.pick(kSentences), "有关", is.year) + "”"});
    d.blocks.push_back({K::Para, "二、删去第" + count_chinese(rng.uniform(4, 6)) + "条。"});
    d.blocks.push_back({K::Para, "本决定自" + date_text(is, d.effective) + "起施行。《" + td.title +
                                     "》根据本决定作相应修改，重新公布。"});
    d.relations.push_back({"amends", *td.number, td.title, false, {0, sentence}, t});
    add(std::move(d), ii);
  }

  void normative(int ii) {
    const Issue& is = corpus.issues[static_cast<std::size_t>(ii)];
    const SeriesInfo& s = series_info(is.slug);
    const bool office = rng.chance(0.6);
    const std::string topic = rng.pick(kTopics);
    const std::string form = rng.pick(kNormativeForms);
    const std::string inner = s.province + topic + form;
    const std::string auth = office ? s.office : s.gov;
    Document d;
    d.kind = "normative";
    d.category = office ? "省政府办公厅文件" : "省政府文件";
    d.authority = auth;
    d.title = auth + "关于印发" + inner + "的通知";
    d.number = number_of(office ? s.office_prefix : s.gov_prefix, is.year,
                         counters.take(office ? s.office_prefix : s.gov_prefix, is.year, rng));
    d.signed_on = signing_date(is);
    using K = Block::Kind;
    d.blocks.push_back({K::Title, d.title});
    d.blocks.push_back({K::LingNumber, *d.number});
    d.blocks.push_back({K::Addressee, s.addressee});
    d.blocks.push_back(
        {K::Para, "《" + inner + "》已经省人民政府同意，现印发给你们，请结合实际认真贯彻执行。"});
    d.blocks.push_back({K::Signature, auth});
    d.blocks.push_back({K::SignDate, date_text(is, d.signed_on)});
    d.blocks.push_back({K::Note, "（此件公开发布）"});
    d.blocks.push_back({K::Title, inner});
    // cite an earlier act
    auto cites = candidates(ii, "normative", {});
    if (!cites.empty() && rng.chance(0.6)) {
      const int t = rng.pick(cites);
      const Document& td = corpus.documents[static_cast<std::size_t>(t)];
      const std::string sentence = "为深入贯彻《" + td.title + "》（" + *td.number +
                                   "）精神，进一步做好" + topic + "工作，制定本" + form + "。";
      d.blocks.push_back({K::Para, sentence});
      d.relations.push_back({"cites", *td.number, td.title, false, {0, sentence}, t});
    } else {
      d.blocks.push_back(
          {K::Para, "为进一步加强" + topic +
                        "工作，根据有关法律、法规和国家有关规定，结合我省实际，制定本" + form +
                        "。"});
    }
    auto body = body_sections(topic, is.year, static_cast<int>(rng.uniform(2, 4)));
    d.blocks.insert(d.blocks.end(), body.begin(), body.end());
    // validity clause
    d.effective = d.signed_on;
    std::string tail;
    const auto mode = rng.uniform(0, 3);
    if (mode == 0) {
      d.effective = Date{d.signed_on.y + (d.signed_on.m == 12 ? 1 : 0), d.signed_on.m % 12 + 1, 1};
      const int years = static_cast<int>(rng.uniform(2, 5));
      d.expires = d.effective.add_years(years).add_days(-1);
      tail = "本" + form + "自" + date_text(is, d.effective) + "起施行，有效期" +
             count_chinese(years) + "年。";
    } else if (mode == 1) {
      d.expires = Date{d.signed_on.y + static_cast<int>(rng.uniform(2, 5)), 12, 31};
      tail = "本" + form + "自印发之日起施行，有效期至" + date_text(is, *d.expires) + "。";
    } else {
      tail = "本" + form + "自印发之日起施行。";
    }
    std::string repeal_sentence;
    auto old = candidates(ii, "normative", dead);
    std::erase_if(old, [&](int t) {
      return corpus.documents[static_cast<std::size_t>(t)].authority != auth;
    });
    if (!old.empty() && rng.chance(0.6)) {
      const int t = rng.pick(old);
      const Document& td = corpus.documents[static_cast<std::size_t>(t)];
      repeal_sentence = "原《" + td.title + "》（" + *td.number + "）同时废止。";
      d.relations.push_back({"repeals", *td.number, td.title, false, {0, repeal_sentence}, t});
      dead.insert(t);
    }
    d.blocks.push_back({K::Para, tail + repeal_sentence});
    add(std::move(d), ii);
  }

  void repeal_list(int ii) {
    const Issue& is = corpus.issues[static_cast<std::size_t>(ii)];
    const SeriesInfo& s = series_info(is.slug);
    Document d;
    d.kind = "normative";
    d.category = "省政府文件";
    d.authority = s.gov;
    d.title = s.gov + "关于废止和宣布失效部分行政规范性文件的决定";
    d.number = number_of(s.gov_prefix, is.year, counters.take(s.gov_prefix, is.year, rng));
    d.signed_on = signing_date(is);
    d.effective = d.signed_on;
    auto pool = candidates(ii, "normative", dead);
    // deterministic shuffle
    for (std::size_t i = pool.size(); i > 1; --i)
      std::swap(pool[i - 1],
                pool[static_cast<std::size_t>(rng.uniform(0, static_cast<std::int64_t>(i) - 1))]);
    std::vector<int> rep, inval, part;
    for (std::size_t i = 0; i < pool.size() && i < 6; ++i) {
      const auto r = rng.uniform(0, 2);
      (r == 0 ? rep : r == 1 ? inval : part).push_back(pool[i]);
    }
    using K = Block::Kind;
    d.blocks.push_back({K::Title, d.title});
    d.blocks.push_back({K::LingNumber, *d.number});
    d.blocks.push_back({K::Addressee, s.addressee});
    const int phantom = static_cast<int>(rng.uniform(1, 3));
    d.blocks.push_back(
        {K::Para,
         "为维护法制统一，推进依法行政，省人民政府对截至" + std::to_string(is.year - 1) +
             "年底以省政府及省政府办公厅名义发布的行政规范性文件进行了全面清理。经研究，决定废止" +
             count_chinese(static_cast<long>(rep.size()) + phantom) + "件、宣布失效" +
             count_chinese(static_cast<long>(inval.size())) + "件行政规范性文件，" +
             count_chinese(static_cast<long>(part.size())) +
             "件行政规范性文件部分条款失效，现予公布。"});
    d.blocks.push_back({K::Para, "本决定自公布之日起施行。"});
    d.blocks.push_back({K::Signature, s.gov});
    d.blocks.push_back({K::SignDate, date_text(is, d.signed_on)});
    d.blocks.push_back({K::Note, "（此件公开发布）"});
    auto list = [&](const std::string& heading, const std::vector<int>& items,
                    const std::string& type, bool partial, int extra) {
      d.blocks.push_back({K::SubTitle, heading});
      int k = 1;
      for (int t : items) {
        const Document& td = corpus.documents[static_cast<std::size_t>(t)];
        std::string line =
            std::to_string(k++) + "．" + td.title + "（" + vary_number(*td.number, rng) + "）";
        if (partial) line += "第" + count_chinese(rng.uniform(3, 6)) + "条";
        d.blocks.push_back({K::Item, line});
        d.relations.push_back({type, *td.number, td.title, partial, {0, line}, t});
        if (!partial) dead.insert(t);
      }
      for (int e = 0; e < extra; ++e) {  // acts older than the generated corpus
        const int y = is.year - static_cast<int>(rng.uniform(8, 15));
        const std::string num =
            number_of(s.office_prefix, y, static_cast<int>(rng.uniform(3, 120)));
        const std::string title = s.office + "关于进一步加强" + rng.pick(kTopics) + "工作的通知";
        const std::string line =
            std::to_string(k++) + "．" + title + "（" + vary_number(num, rng) + "）";
        d.blocks.push_back({K::Item, line});
        d.relations.push_back({type, num, title, partial, {0, line}, -1});
      }
    };
    list("决定废止的行政规范性文件目录", rep, "repeals", false, phantom);
    if (!inval.empty())
      list("决定宣布失效的行政规范性文件目录", inval, "declares_invalid", false, 0);
    if (!part.empty()) list("部分条款失效的行政规范性文件目录", part, "declares_invalid", true, 0);
    add(std::move(d), ii);
  }

  void personnel(int ii) {
    const Issue& is = corpus.issues[static_cast<std::size_t>(ii)];
    const SeriesInfo& s = series_info(is.slug);
    Document d;
    d.kind = "other";
    d.category = "人事任免";
    d.authority = s.gov;
    const std::string first = person(rng);
    d.title = s.gov + "关于" + first + "等同志职务任免的通知";
    d.number =
        number_of(s.personnel_prefix, is.year, counters.take(s.personnel_prefix, is.year, rng));
    d.signed_on = signing_date(is);
    d.effective = d.signed_on;
    using K = Block::Kind;
    d.blocks.push_back({K::Title, d.title});
    d.blocks.push_back({K::LingNumber, *d.number});
    d.blocks.push_back({K::Addressee, s.addressee});
    d.blocks.push_back({K::Para, "经研究决定："});
    d.blocks.push_back(
        {K::Para, "任命" + first + "为" + s.province + rng.pick(kDepts) + "副厅长；"});
    const int more = static_cast<int>(rng.uniform(1, 3));
    for (int i = 0; i < more; ++i) {
      d.blocks.push_back({K::Para, "任命" + person(rng) + "为" + s.province + rng.pick(kDepts) +
                                       "副主任（副厅长）；"});
    }
    d.blocks.push_back(
        {K::Para, "免去" + person(rng) + "的" + s.province + rng.pick(kDepts) + "副厅长职务。"});
    d.blocks.push_back({K::Signature, s.gov});
    d.blocks.push_back({K::SignDate, date_text(is, d.signed_on)});
    add(std::move(d), ii);
  }

  void vertical_directive(int ii) {
    const Issue& is = corpus.issues[static_cast<std::size_t>(ii)];
    const std::string topic = rng.pick(kTopicsTra);
    Document d;
    d.kind = "normative";
    d.category = "本府命令指示";
    d.authority = "浙江省人民政府";
    d.title = "浙江省人民政府關於" + topic + "的指示";
    const int n = counters.take("浙府秘字", is.year, rng);
    d.number = "浙府秘字〔" + std::to_string(is.year) + "〕" + std::to_string(n) + "号";
    d.signed_on = signing_date(is);
    d.effective = d.signed_on;
    using K = Block::Kind;
    d.blocks.push_back({K::Title, d.title});
    d.blocks.push_back(
        {K::LingNumber, "浙府秘字〔" + digits_chinese(is.year) + "〕第" + count_chinese(n) + "號"});
    d.blocks.push_back({K::Addressee, "各專署、市、縣人民政府："});
    const int paras = static_cast<int>(rng.uniform(3, 5));
    for (int p = 0; p < paras; ++p) {
      std::string para = count_chinese(p + 1) + "、";
      for (int k = 0; k < 2; ++k) para += fill(rng.pick(kSentencesTra), topic, is.year);
      d.blocks.push_back({K::Para, para});
    }
    d.blocks.push_back({K::Signature, "主席　" + traditional_name(person(rng))});
    d.blocks.push_back({K::SignDate, date_chinese(d.signed_on)});
    d.seal = false;
    add(std::move(d), ii);
  }

  void real_text(int ii, const std::string& file) {
    const Issue& is = corpus.issues[static_cast<std::size_t>(ii)];
    const auto path = opt.texts / file;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read real text " + path.string());
    std::map<std::string, std::string> meta;
    std::vector<std::string> body, att, cites;
    std::string att_title, line;
    int mode = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      if (mode == 0) {
        if (line == "body:") {
          mode = 1;
          continue;
        }
        const auto colon = line.find(": ");
        if (colon == std::string::npos)
          throw std::runtime_error("bad header line in " + path.string() + ": " + line);
        // `cites:` may be given once per cited act.
        if (line.substr(0, colon) == "cites")
          cites.push_back(line.substr(colon + 2));
        else
          meta[line.substr(0, colon)] = line.substr(colon + 2);
      } else if (line.rfind("attachment: ", 0) == 0) {
        att_title = line.substr(12);
        mode = 2;
      } else {
        (mode == 1 ? body : att).push_back(line);
      }
    }
    for (const char* k : {"title", "number", "authority", "signed", "addressee"})
      if (!meta.contains(k))
        throw std::runtime_error(path.string() + ": missing header '" + k + "'");
    const SeriesInfo& s = series_info(is.slug);
    Document d;
    d.kind = "normative";
    d.category = meta["authority"] == s.office ? "省政府办公厅文件" : "省政府文件";
    d.title = meta["title"];
    d.number = meta["number"];
    d.authority = meta["authority"];
    d.signed_on = Date::parse(meta["signed"]);
    d.effective = d.signed_on;
    d.abridgeable = true;
    using K = Block::Kind;
    d.blocks.push_back({K::Title, d.title});
    d.blocks.push_back({K::LingNumber, *d.number});
    d.blocks.push_back({K::Addressee, meta["addressee"]});
    for (auto& b : body) d.blocks.push_back({K::Para, b});
    d.blocks.push_back({K::Signature, d.authority});
    d.blocks.push_back({K::SignDate, date_text(is, d.signed_on)});
    d.blocks.push_back({K::Note, "（此件公开发布）"});
    if (!att_title.empty()) {
      d.blocks.push_back({K::Title, att_title});
      for (auto& p : att) {
        const bool heading = utf8_length(p) < 24 && p.find("。") == std::string::npos;
        d.blocks.push_back({heading ? K::Heading : K::Para, p});
      }
    }
    // cites: NUMBER|TITLE[|PRINTED], PRINTED being the form the text prints when it is not the
    // normalised number (省政府令第337号 for 浙江省人民政府令第337号).
    for (const std::string& c : cites) {
      std::vector<std::string> f;
      for (std::size_t from = 0;;) {
        const auto bar = c.find('|', from);
        f.push_back(c.substr(from, bar == std::string::npos ? std::string::npos : bar - from));
        if (bar == std::string::npos) break;
        from = bar + 1;
      }
      const std::string num = f[0], title = f.size() > 1 ? f[1] : "",
                        printed = f.size() > 2 ? f[2] : num;
      for (const Block& b : d.blocks) {
        if (b.text.find(printed) == std::string::npos) continue;
        // the sentence holding the citation
        std::size_t start = 0, pos = b.text.find(printed);
        for (std::size_t p = 0; (p = b.text.find("。", p)) != std::string::npos && p < pos; p += 3)
          start = p + 3;
        std::size_t end = b.text.find("。", pos);
        end = end == std::string::npos ? b.text.size() : end + 3;
        d.relations.push_back(
            {"cites", num, title, false, {0, b.text.substr(start, end - start)}, -1, true});
        break;
      }
    }
    add(std::move(d), ii);
  }
};

struct IssueSpec {
  std::string slug;
  int year, number;
  Layout layout;
  std::string profile;
  int max_pages;  // content pages (0 = as needed)
  bool chinese_dates;
  std::vector<std::string> real;  // real texts to include
  std::vector<char>
      docs;  // r=rule n=normative a=amend l=repeal list p=personnel v=vertical directive
};

std::vector<IssueSpec> preset_specs(const Options& opt) {
  using L = Layout;
  const std::string zj42 = "zhejiang-2017-zhengbanfa-42.txt",
                    gd130 = "guangdong-2016-yuefuban-130.txt",
                    zj21 = "zhejiang-2021-gongkai-yaodian.txt";
  std::vector<IssueSpec> v;
  if (opt.preset == "tiny") {
    v = {{"zhejiang", 2017, 12, L::Horizontal, "clean", 2, false, {zj42}, {'p'}}};
  } else if (opt.preset == "sample") {
    v = {{"zhejiang", 1988, 7, L::TwoColumn, "light", 2, true, {}, {'n', 'p'}},
         {"zhejiang", 2014, 5, L::Horizontal, "clean", 3, true, {}, {'r', 'n'}},
         {"zhejiang", 2017, 12, L::Horizontal, "clean", 3, false, {zj42}, {'l', 'p'}}};
  } else if (opt.preset == "ocr-bench") {
    const std::vector<std::string> profiles = {"clean", "light", "scanned", "old", "fax200"};
    int k = 0;
    v.push_back({"zhejiang", 1953, 5, L::Vertical, "light", 3, true, {}, {'v', 'v'}});
    v.push_back({"zhejiang", 1955, 9, L::Vertical, "old", 3, true, {}, {'v', 'v'}});
    v.push_back({"zhejiang", 1986, 3, L::TwoColumn, "scanned", 3, true, {}, {'n', 'p'}});
    v.push_back({"zhejiang", 1993, 14, L::TwoColumn, "old", 3, true, {}, {'n', 'r'}});
    v.push_back({"guangdong", 2016, 34, L::Horizontal, "clean", 4, false, {gd130}, {}});
    for (int y : {2009, 2012, 2015, 2019, 2022}) {
      v.push_back({y % 2 ? "zhejiang" : "guangdong",
                   y,
                   3 + k,
                   L::Horizontal,
                   profiles[static_cast<std::size_t>(k) % profiles.size()],
                   3,
                   y < 2013,
                   {},
                   {'n', 'r', 'p'}});
      ++k;
    }
    v.push_back({"zhejiang", 2017, 12, L::Horizontal, "fax200", 3, false, {zj42}, {}});
  } else if (opt.preset == "structure-bench") {
    v = {{"zhejiang", 1953, 5, L::Vertical, "clean", 0, true, {}, {'v', 'v', 'v'}},
         {"zhejiang", 1988, 7, L::TwoColumn, "clean", 0, true, {}, {'n', 'n', 'r', 'p'}},
         {"zhejiang", 2010, 4, L::Horizontal, "clean", 0, true, {}, {'r', 'n', 'n', 'n'}},
         {"guangdong", 2012, 20, L::Horizontal, "light", 0, false, {}, {'r', 'n', 'n'}},
         {"zhejiang", 2014, 5, L::Horizontal, "light", 0, true, {}, {'a', 'n', 'n', 'p'}},
         {"guangdong", 2016, 34, L::Horizontal, "clean", 0, false, {gd130}, {'n', 'a'}},
         {"zhejiang", 2017, 12, L::Horizontal, "clean", 0, false, {zj42}, {'r', 'n', 'p'}},
         {"zhejiang", 2019, 20, L::Horizontal, "scanned", 0, false, {}, {'l', 'a', 'n'}},
         {"guangdong", 2020, 15, L::Horizontal, "clean", 0, false, {}, {'l', 'n', 'p'}},
         {"zhejiang", 2021, 11, L::Horizontal, "clean", 0, false, {zj21}, {'n', 'a'}},
         {"zhejiang", 2024, 6, L::Horizontal, "light", 0, false, {}, {'l', 'n', 'r'}}};
  } else {
    throw std::invalid_argument("unknown preset '" + opt.preset +
                                "' (tiny|sample|ocr-bench|structure-bench)");
  }
  if (opt.issues > 0) {
    if (static_cast<std::size_t>(opt.issues) < v.size()) {
      v.resize(static_cast<std::size_t>(opt.issues));
    } else {  // extend with later synthetic issues
      const std::size_t base = v.size();
      for (std::size_t i = base; i < static_cast<std::size_t>(opt.issues); ++i) {
        const int year = 2010 + static_cast<int>(i - base) % 16;
        v.push_back({i % 2 ? "guangdong" : "zhejiang",
                     year,
                     1 + static_cast<int>(i % 20),
                     L::Horizontal,
                     opt.profile.value_or("clean"),
                     0,
                     false,
                     {},
                     {'n', i % 3 == 0 ? 'l' : 'r', 'p'}});
      }
    }
  }
  return v;
}

}  // namespace

Corpus plan_corpus(const Options& opt, Rng& rng) {
  Corpus corpus;
  auto specs = preset_specs(opt);
  std::stable_sort(specs.begin(), specs.end(), [](const IssueSpec& a, const IssueSpec& b) {
    return std::pair(a.year, a.number) < std::pair(b.year, b.number);
  });
  const std::vector<std::string> mixed = {"clean", "light", "scanned", "old", "fax200"};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const IssueSpec& sp = specs[i];
    const SeriesInfo& s = series_info(sp.slug);
    Issue is;
    is.slug = sp.slug;
    is.series = sp.layout == Layout::Vertical ? s.series_old : s.series;
    is.year = sp.year;
    is.number = sp.number;
    is.total = issue_total(s, sp.year, sp.number);
    is.date = issue_date(s, sp.year, sp.number);
    is.layout = sp.layout;
    is.lang = sp.layout == Layout::Vertical ? "chi_tra" : "chi_sim";
    is.profile = sp.profile;
    if (opt.profile) is.profile = *opt.profile == "mixed" ? mixed[i % mixed.size()] : *opt.profile;
    is.dpi = opt.dpi.value_or(is.profile == "fax200" ? 200 : 300);
    is.chinese_dates = sp.chinese_dates;
    is.max_content_pages = sp.max_pages;
    corpus.issues.push_back(is);
  }
  // Issues with identical keys would collide on disk.
  std::set<std::string> keys;
  for (const auto& is : corpus.issues)
    if (!keys.insert(is.key()).second) throw std::invalid_argument("duplicate issue " + is.key());

  Planner p{corpus, rng, opt, {}, {}};
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const int ii = static_cast<int>(i);
    for (const auto& f : specs[i].real) p.real_text(ii, f);
    for (char c : specs[i].docs) {
      switch (c) {
        case 'r':
          p.rule(ii);
          break;
        case 'n':
          p.normative(ii);
          break;
        case 'a':
          p.amend(ii);
          break;
        case 'l':
          p.repeal_list(ii);
          break;
        case 'p':
          p.personnel(ii);
          break;
        case 'v':
          p.vertical_directive(ii);
          break;
        default:
          throw std::logic_error("bad doc code");
      }
    }
  }
  // Personnel items go last in an issue, as in real gazettes.
  for (auto& is : corpus.issues)
    std::stable_partition(is.docs.begin(), is.docs.end(), [&](int d) {
      return corpus.documents[static_cast<std::size_t>(d)].kind != "other";
    });
  return corpus;
}

void compute_statuses(Corpus& corpus) {
  struct Event {
    Date date;
    std::string type;
    bool partial;
    std::string by;
  };
  std::vector<std::vector<Event>> events(corpus.documents.size());
  for (const auto& d : corpus.documents)
    for (const auto& r : d.relations)
      if (r.target_doc >= 0 && r.type != "cites")
        events[static_cast<std::size_t>(r.target_doc)].push_back(
            {d.effective, r.type, r.partial, d.number.value_or("")});
  const Date final_date{2026, 11, 25};
  for (std::size_t i = 0; i < corpus.documents.size(); ++i) {
    Document& d = corpus.documents[i];
    d.expected_status.clear();
    if (d.kind == "other") continue;
    std::set<Date> dates = {d.effective, final_date};
    if (d.effective > d.signed_on) dates.insert(d.effective.add_days(-1));
    if (d.expires) dates.insert(d.expires->add_days(1));
    for (const auto& e : events[i]) dates.insert(e.date);
    for (const Date& t : dates) {
      StatusPoint sp{t, "in_force", d.effective, std::nullopt};
      if (t < d.effective) {
        sp = {t, "not_yet_effective", std::nullopt, std::nullopt};
      } else {
        std::optional<StatusPoint> terminal, partial, amended;
        auto consider_terminal = [&](const StatusPoint& s) {
          if (!terminal || *s.since < *terminal->since) terminal = s;
        };
        if (d.expires && d.expires->add_days(1) <= t)
          consider_terminal({t, "expired", d.expires->add_days(1), std::nullopt});
        for (const auto& e : events[i]) {
          if (e.date > t) continue;
          if (e.type == "repeals")
            consider_terminal({t, "repealed", e.date, e.by});
          else if (e.type == "declares_invalid" && !e.partial)
            consider_terminal({t, "expired", e.date, e.by});
          else if (e.type == "declares_invalid") {
            if (!partial || e.date > *partial->since)
              partial = StatusPoint{t, "partially_invalid", e.date, e.by};
          } else if (e.type == "amends") {
            if (!amended || e.date > *amended->since)
              amended = StatusPoint{t, "amended", e.date, e.by};
          }
        }
        if (terminal)
          sp = *terminal;
        else if (partial)
          sp = *partial;
        else if (amended)
          sp = *amended;
      }
      d.expected_status.push_back(sp);
    }
  }
}

std::string Document::body_text() const {
  std::string out;
  bool title_seen = false;
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::LingHeader || b.kind == Block::Kind::LingNumber) continue;
    if (b.kind == Block::Kind::Title && !title_seen && b.text == title) {
      title_seen = true;
      continue;
    }
    if (!out.empty()) out += "\n";
    out += b.text;
  }
  return out;
}

std::string to_string(Layout l) {
  switch (l) {
    case Layout::Horizontal:
      return "horizontal";
    case Layout::TwoColumn:
      return "two-column";
    case Layout::Vertical:
      return "vertical";
  }
  return "horizontal";
}

std::string Issue::key() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, number);
  return slug + "/" + buf;
}
std::string Issue::dir() const {
  return key();
}

const std::vector<std::string>& profile_names() {
  static const std::vector<std::string> v = {"clean", "light", "scanned", "old", "fax200", "mixed"};
  return v;
}
const std::vector<std::string>& status_codes() {
  static const std::vector<std::string> v = {"in_force", "amended", "partially_invalid",
                                             "repealed", "expired", "not_yet_effective"};
  return v;
}

}  // namespace gazette::corpora
