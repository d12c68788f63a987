#include "synthetic.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "gazette/dates.h"
#include "gazette/error.h"
#include "gazette/utf8.h"

namespace gazette::searchbench {

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

int Rng::uniform(int lo, int hi) {
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<int>(next() % span);  // span is tiny: the modulo bias is negligible
}

bool Rng::chance(double p) {
  return static_cast<double>(next() >> 11) * 0x1.0p-53 < p;
}

namespace {

// One stream per (seed, document, purpose), so that each part of a document can be derived
// without generating the others.
Rng stream(std::uint64_t seed, std::uint64_t i, std::uint64_t purpose) {
  Rng mix(seed * 0xD1B54A32D192ED03ULL ^ (i + 1) * 0x9E3779B97F4A7C15ULL ^ purpose << 56);
  return Rng(mix.next());
}

struct Province {
  std::string abbr;  // 浙 in 浙政发
  std::string name;  // 浙江省
  std::string slug;
};

const std::vector<Province>& provinces() {
  static const std::vector<Province> v = {{"京", "北京市", "beijing"},
                                          {"津", "天津市", "tianjin"},
                                          {"冀", "河北省", "hebei"},
                                          {"晋", "山西省", "shanxi"},
                                          {"蒙", "内蒙古自治区", "neimenggu"},
                                          {"辽", "辽宁省", "liaoning"},
                                          {"吉", "吉林省", "jilin"},
                                          {"黑", "黑龙江省", "heilongjiang"},
                                          {"沪", "上海市", "shanghai"},
                                          {"苏", "江苏省", "jiangsu"},
                                          {"浙", "浙江省", "zhejiang"},
                                          {"皖", "安徽省", "anhui"},
                                          {"闽", "福建省", "fujian"},
                                          {"赣", "江西省", "jiangxi"},
                                          {"鲁", "山东省", "shandong"},
                                          {"豫", "河南省", "henan"},
                                          {"鄂", "湖北省", "hubei"},
                                          {"湘", "湖南省", "hunan"},
                                          {"粤", "广东省", "guangdong"},
                                          {"桂", "广西壮族自治区", "guangxi"},
                                          {"琼", "海南省", "hainan"},
                                          {"渝", "重庆市", "chongqing"},
                                          {"川", "四川省", "sichuan"},
                                          {"黔", "贵州省", "guizhou"},
                                          {"云", "云南省", "yunnan"},
                                          {"藏", "西藏自治区", "xizang"},
                                          {"陕", "陕西省", "shaanxi"},
                                          {"甘", "甘肃省", "gansu"},
                                          {"青", "青海省", "qinghai"},
                                          {"宁", "宁夏回族自治区", "ningxia"},
                                          {"新", "新疆维吾尔自治区", "xinjiang"}};
  return v;
}

// The four issuing offices of a province: 文号 prefix after the abbreviation, authority suffix,
// and the kind of document each issues.
struct Office {
  std::string code;       // 政发
  std::string authority;  // 人民政府
  DocumentKind kind;
};
const std::vector<Office>& offices() {
  static const std::vector<Office> v = {{"政发", "人民政府", DocumentKind::normative},
                                        {"政办发", "人民政府办公厅", DocumentKind::normative},
                                        {"政办函", "人民政府办公厅", DocumentKind::normative},
                                        {"政干", "人民政府", DocumentKind::other}};
  return v;
}

constexpr int kFirstYear = 1950;
constexpr int kYears = 75;  // 1950–2024

const std::vector<std::string> kTopics = {
    "安全生产",         "城市供水",     "农村公路养护", "地方粮食储备",
    "行政执法监督",     "城镇燃气管理", "公共资源交易", "国有土地上房屋征收",
    "水土保持",         "森林消防",     "职业技能培训", "企业投资项目",
    "科技成果转化",     "殡葬管理",     "旅游市场秩序", "食品小作坊",
    "气象灾害防御",     "政府信息公开", "防汛防台",     "海域使用",
    "价格监督检查",     "城市绿化",     "农村住房建设", "社会救助",
    "养老服务",         "数据资源管理", "政务公开",     "公报管理",
    "电梯安全",         "道路运输",     "河道管理",     "湿地保护",
    "野生动物保护",     "文物保护",     "档案管理",     "统计调查",
    "审计监督",         "政府采购",     "国有资产管理", "住房公积金",
    "医疗保障",         "学前教育",     "职业教育",     "义务教育",
    "就业创业",         "人才引进",     "知识产权保护", "标准化",
    "计量监督",         "特种设备安全", "危险化学品",   "消防安全",
    "地质灾害防治",     "矿产资源",     "耕地保护",     "农田水利",
    "渔业资源",         "畜禽养殖污染", "大气污染防治", "水污染防治",
    "土壤污染防治",     "固体废物",     "节约能源",     "可再生能源",
    "电力设施保护",     "港口管理",     "航道管理",     "民用机场",
    "邮政服务",         "无线电管理",   "信息化建设",   "电子政务",
    "营商环境",         "信用体系建设", "行政审批",     "公共法律服务",
    "人民调解",         "法律援助",     "信访工作",     "应急管理",
    "突发公共卫生事件", "爱国卫生",     "全民健身",     "公共文化服务",
    "广播电视"};

const std::vector<std::string> kNormativeForms = {"实施办法", "管理办法", "实施意见",
                                                  "若干规定", "实施细则", "工作方案"};
const std::vector<std::string> kRuleForms = {"管理办法", "规定", "办法", "实施办法",
                                             "条例实施办法"};

const std::vector<std::string> kTemplates = {
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
    "{P}{D}负责本行政区域内{T}的统筹协调和监督管理工作。",
    "在{P}{C}开展{T}试点，总结经验后在全省推广。"};

const std::vector<std::string> kHeadings = {"总体要求", "主要任务", "重点工作", "保障措施",
                                            "组织实施", "监督管理", "基本原则", "职责分工",
                                            "法律责任", "附则"};
const std::vector<std::string> kDepts = {
    "发展和改革委员会", "教育厅",         "科学技术厅",    "民政厅", "司法厅",
    "财政厅",           "自然资源厅",     "交通运输厅",    "水利厅", "农业农村厅",
    "商务厅",           "卫生健康委员会", "审计厅",        "统计局", "生态环境厅",
    "住房和城乡建设厅", "应急管理厅",     "市场监督管理局"};
const std::vector<std::string> kCities = {"杭州市", "宁波市", "温州市", "广州市", "深圳市",
                                          "南京市", "苏州市", "成都市", "武汉市", "西安市",
                                          "济南市", "青岛市", "长沙市", "合肥市", "福州市",
                                          "昆明市", "贵阳市", "兰州市", "南宁市", "海口市"};
const std::vector<std::string> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                            "吴", "周", "徐", "孙", "朱", "胡", "郑", "沈"};
const std::vector<std::string> kGiven = {"建国", "志强", "海峰", "文华", "晓明", "国平",
                                         "立新", "红梅", "卫东", "振华", "伟",   "静",
                                         "敏",   "军",   "平",   "勇"};
const std::vector<std::string> kNumerals = {"一", "二", "三", "四", "五",
                                            "六", "七", "八", "九", "十"};

// Query words of 2 to 6 characters: common gazette vocabulary, topics, names, and a few that
// no document contains.
const std::vector<std::string> kWords = {
    "公开",         "管理",         "审计",         "财政",         "养老",         "殡葬",
    "森林",         "海域",         "气象",         "信用",         "征收",         "消防",
    "防汛",         "救助",         "绿化",         "燃气",         "档案",         "渔业",
    "港口",         "邮政",         "湿地",         "文物",         "考核",         "备案",
    "预算",         "试点",         "处罚",         "电梯",         "机场",         "调解",
    "地震",         "沙漠",         "公报管",       "信息化",       "责任制",       "监督局",
    "统计局",       "审计厅",       "公积金",       "知识产",       "杭州市",       "王建国",
    "李志强",       "标准化",       "营商环",       "应急预",       "无人机",       "政务公开",
    "公报管理",     "安全生产",     "社会救助",     "养老服务",     "城市供水",     "殡葬管理",
    "档案管理",     "医疗保障",     "学前教育",     "依法行政",     "联合惩戒",     "财政预算",
    "监督检查",     "应急预案",     "森林消防",     "耕地保护",     "人民调解",     "法律援助",
    "全民健身",     "电子政务",     "行政审批",     "量子通信",     "政府信息公",   "信用体系建",
    "突发事件的",   "公共资源交",   "职业技能培",   "科技成果转",   "野生动物保",   "地方粮食储",
    "气象灾害防",   "行政执法监",   "国有资产管",   "畜禽养殖污",   "政府信息公开", "公共资源交易",
    "职业技能培训", "科技成果转化", "野生动物保护", "地方粮食储备", "气象灾害防御", "行政执法监督",
    "知识产权保护", "特种设备安全", "大气污染防治", "土壤污染防治", "公共法律服务", "农村公路养护",
    "数字孪生城市"};

std::string fill(std::string tpl, const std::string& topic, int year, const std::string& province,
                 Rng& rng) {
  auto replace = [&](const std::string& key, const std::string& value) {
    for (std::size_t at = tpl.find(key); at != std::string::npos; at = tpl.find(key, at))
      tpl.replace(at, key.size(), value), at += value.size();
  };
  replace("{T}", topic);
  replace("{Y}", std::to_string(year + rng.uniform(1, 5)));
  replace("{P}", province);
  replace("{D}", rng.pick(kDepts));
  replace("{C}", rng.pick(kCities));
  return tpl;
}

std::string fullwidth_digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      utf8::append(out, static_cast<char32_t>(U'０' + (c - '0')));
    else
      out += c;
  }
  return out;
}

std::size_t code_points(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Everything about document i except its body: a pure function of (seed, i).
struct Meta {
  const Province* province = nullptr;
  const Office* office = nullptr;
  DocumentKind kind = DocumentKind::other;
  int year = 0;
  int serial = 0;
  bool order = false;  // 令号
  std::string topic, form, number, authority, title;
  std::string number_prefix;  // 浙政办发, or 浙江省人民政府令 for 令号
};

Meta meta(std::uint64_t seed, std::uint64_t i) {
  Rng rng = stream(seed, i, 1);
  Meta m;
  const auto& ps = provinces();
  const auto& os = offices();
  m.province = &ps[i % ps.size()];
  // 令号 for about one document in ten: 浙江省人民政府令第N号, N unique per province.
  m.order = rng.chance(0.10);
  const std::uint64_t per_province = i / ps.size();
  if (m.order) {
    m.kind = DocumentKind::rule;
    m.serial = static_cast<int>(per_province) + 1;
    m.year = kFirstYear + static_cast<int>((per_province * 7919) % kYears);
    m.number_prefix = m.province->name + "人民政府令";
    m.number = m.number_prefix + "第" + std::to_string(m.serial) + "号";
    m.authority = m.province->name + "人民政府";
  } else {
    // (office, year, serial) is a bijection of i within the province: numbers are unique.
    m.office = &os[per_province % os.size()];
    const std::uint64_t k = per_province / os.size();
    m.year = kFirstYear + static_cast<int>(k % kYears);
    m.serial = static_cast<int>(k / kYears) + 1;
    m.kind = m.office->kind;
    m.number_prefix = m.province->abbr + m.office->code;
    m.number =
        m.number_prefix + "〔" + std::to_string(m.year) + "〕" + std::to_string(m.serial) + "号";
    m.authority = m.province->name + m.office->authority;
  }
  m.topic = rng.pick(kTopics);
  switch (m.kind) {
    case DocumentKind::rule:
      m.form = rng.pick(kRuleForms);
      m.title = m.province->name + m.topic + m.form;
      break;
    case DocumentKind::normative:
      m.form = rng.pick(kNormativeForms);
      m.title = rng.chance(0.5)
                    ? m.authority + "关于印发" + m.province->name + m.topic + m.form + "的通知"
                    : m.authority + "关于" + (rng.chance(0.5) ? "加强" : "做好") + m.topic +
                          "工作的" + (rng.chance(0.5) ? "意见" : "通知");
      break;
    case DocumentKind::other:
      m.title =
          m.authority + "关于" + rng.pick(kSurnames) + rng.pick(kGiven) + "等同志职务任免的通知";
      break;
  }
  return m;
}

// The number as printed in a citation or typed by a user, in one of the damaged forms.
PrintedNumber print_number(const Meta& m, int form) {
  const std::string y = std::to_string(m.year), n = std::to_string(m.serial);
  if (m.order) {
    const std::string& p = m.number_prefix;
    switch (form % 4) {
      case 0:
        return {"order", p + "第" + n + "号"};
      case 1:
        return {"order-spaces", p + "第 " + n + " 号"};
      case 2:
        return {"order-fullwidth", p + "第" + fullwidth_digits(n) + "号"};
      default:
        return {"order-spaced-prefix", p + " 第 " + fullwidth_digits(n) + "号"};
    }
  }
  const std::string& p = m.number_prefix;
  switch (form % 9) {
    case 0:
      return {"〔〕", p + "〔" + y + "〕" + n + "号"};
    case 1:
      return {"[]", p + "[" + y + "]" + n + "号"};
    case 2:
      return {"()", p + "(" + y + ")" + n + "号"};
    case 3:
      return {"（）", p + "（" + y + "）" + n + "号"};
    case 4:
      return {"【】", p + "【" + y + "】" + n + "号"};
    case 5:
      return {"［］", p + "［" + y + "］" + n + "号"};
    case 6:
      return {"full-width digits",
              p + "〔" + fullwidth_digits(y) + "〕" + fullwidth_digits(n) + "号"};
    case 7:
      return {"spaces", p + " [" + y + "] " + n + " 号"};
    default:
      return {"spaces+full-width", p + " （" + fullwidth_digits(y) + "） " + n + "号"};
  }
}

std::string iso(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::vector<std::string> load_sentences(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::is_directory(dir))
    throw InvalidInput("no corpus texts folder at " + dir.string() + " (use --texts)");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());  // deterministic order
  for (const auto& f : files) {
    std::ifstream in(f);
    bool body = false;
    for (std::string line; std::getline(in, line);) {
      if (line.starts_with("body:")) {
        body = true;
        continue;
      }
      if (!body || line.starts_with("#") || line.find(':') != std::string::npos) continue;
      // Sentences end at 。 or ；.
      std::size_t start = 0;
      for (;;) {
        std::size_t a = line.find("。", start), b = line.find("；", start);
        const std::size_t end = std::min(a, b);
        const std::string s =
            line.substr(start, end == std::string::npos ? std::string::npos : end + 3 - start);
        const auto n = code_points(s);
        if (n >= 12 && n <= 160) out.push_back(s);
        if (end == std::string::npos) break;
        start = end + 3;
      }
    }
  }
  if (out.empty()) throw InvalidInput("no sentences in the corpus texts at " + dir.string());
  return out;
}

}  // namespace

Collection::Collection(const CollectionOptions& options)
    : options_(options), real_sentences_(load_sentences(options.texts_dir)) {}

std::string Collection::id(std::uint64_t i) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "d%09llu", static_cast<unsigned long long>(i));
  return buf;
}

std::string Collection::number(std::uint64_t i) const {
  return meta(options_.seed, i).number;
}

bool Collection::is_order(std::uint64_t i) const {
  return meta(options_.seed, i).order;
}

PrintedNumber Collection::printed_number(std::uint64_t i, int form) const {
  return print_number(meta(options_.seed, i), form);
}

index::IndexEntry Collection::entry(std::uint64_t i) const {
  const Meta m = meta(options_.seed, i);
  Rng rng = stream(options_.seed, i, 2);
  index::IndexEntry e;
  Document& d = e.doc;
  d.id = id(i);
  d.kind = m.kind;
  d.title = m.title;
  d.number = m.number;
  d.authority = m.authority;
  d.series = m.province->name + "人民政府公报";
  d.year = m.year;
  d.issue = rng.uniform(1, 24);
  d.issue_id = "i" + m.province->slug + std::to_string(m.year) + "-" + std::to_string(*d.issue);
  const int month = rng.uniform(1, 12), day = rng.uniform(1, 28);
  d.signed_date = iso(m.year, month, day);
  int valid_years = 0;
  if (m.kind != DocumentKind::other) {
    d.effective = rng.chance(0.35) ? *d.signed_date : add_days(*d.signed_date, rng.uniform(1, 90));
    if (m.kind == DocumentKind::normative && rng.chance(0.25)) {
      valid_years = rng.chance(0.7) ? 5 : 3;
      d.expires = add_days(add_years(*d.effective, valid_years), -1);
    }
  }

  // Body: an opening, sections of template and real sentences, a closing; about 700–3,300
  // characters (2,000 on average).
  const std::size_t target = static_cast<std::size_t>(rng.uniform(700, 3300));
  std::string body;
  if (m.kind == DocumentKind::other) {
    body = "各市、县（市、区）人民政府，省政府直属各单位：\n经研究决定：";
  } else {
    body = "为进一步做好" + m.topic + "工作，根据有关法律、法规的规定，结合" + m.province->name +
           "实际，制定本" + (m.form.empty() ? "通知" : m.form) + "。";
  }
  if (i > 0 && rng.chance(0.3)) {
    // Cites an earlier act by its number, printed in a damaged form as real lists do.
    const auto j = rng.next() % i;
    const Meta cited = meta(options_.seed, j);
    body += "根据《" + cited.title + "》（" + print_number(cited, rng.uniform(0, 8)).text +
            "）的有关规定，";
    body += fill(rng.pick(kTemplates), m.topic, m.year, m.province->name, rng);
  }
  int section = 0;
  while (code_points(body) < target) {
    if (section < 10 && rng.chance(0.25)) {
      body +=
          "\n" + kNumerals[static_cast<std::size_t>(section++)] + "、" + rng.pick(kHeadings) + "\n";
    }
    if (rng.chance(0.5)) {
      body += rng.pick(real_sentences_);
    } else {
      const std::string& topic = rng.chance(0.7) ? m.topic : rng.pick(kTopics);
      body += fill(rng.pick(kTemplates), topic, m.year, m.province->name, rng);
    }
  }
  if (d.effective) {
    const int y = std::stoi(d.effective->substr(0, 4)), mo = std::stoi(d.effective->substr(5, 2)),
              da = std::stoi(d.effective->substr(8, 2));
    body += "\n本" + (m.form.empty() ? std::string("通知") : m.form) + "自" + std::to_string(y) +
            "年" + std::to_string(mo) + "月" + std::to_string(da) + "日起施行。";
    if (d.expires) body += "有效期" + std::to_string(valid_years) + "年。";
  }
  body += "\n" + m.authority + "\n" + std::to_string(m.year) + "年" + std::to_string(month) + "月" +
          std::to_string(day) + "日";
  d.text = std::move(body);

  ValidityFacts& f = e.facts;
  f.kind = d.kind;
  f.signed_date = d.signed_date;
  f.effective = d.effective;
  f.expires = d.expires;
  if (m.kind != DocumentKind::other) {
    // Later acts: about 12 % repealed, 8 % amended, 3 % partly declared invalid.
    const std::string& start = *d.effective;
    auto later = [&](int max_days) { return add_days(start, rng.uniform(180, max_days)); };
    if (rng.chance(0.08))
      f.acts.push_back({RelationType::amends, id(i + 1), later(12 * 365), {}, false});
    if (rng.chance(0.03))
      f.acts.push_back({RelationType::declares_invalid, id(i + 2), later(20 * 365), {}, true});
    if (rng.chance(0.12))
      f.acts.push_back({RelationType::repeals, id(i + 3), later(25 * 365), {}, false});
  }
  return e;
}

std::string to_string(QueryClass c) {
  switch (c) {
    case QueryClass::number:
      return "number";
    case QueryClass::word:
      return "word";
    case QueryClass::phrase:
      return "phrase";
    case QueryClass::filtered:
      return "filtered";
    case QueryClass::facet:
      return "facet";
  }
  return "?";
}

std::vector<BenchQuery> make_queries(const Collection& collection, const QueryMixOptions& options) {
  if (options.documents == 0) throw InvalidInput("no documents to query");
  Rng rng(options.seed);
  std::vector<BenchQuery> out;
  const int n_number = options.count * 30 / 100, n_word = options.count * 25 / 100,
            n_phrase = options.count * 15 / 100, n_filtered = options.count * 15 / 100;
  const int n_facet = options.count - n_number - n_word - n_phrase - n_filtered;
  auto any_doc = [&] { return rng.next() % options.documents; };
  auto random_date = [&] {
    return iso(rng.uniform(1985, 2026), rng.uniform(1, 12), rng.uniform(1, 28));
  };

  // Numbers: every fourth one is a 令号; the printed forms rotate so each is sampled evenly.
  int wenhao_form = 0, order_form = 0;
  for (int q = 0; q < n_number; ++q) {
    const bool want_order = q % 4 == 3;
    const std::uint64_t start = any_doc();
    std::uint64_t pick = start;
    for (std::uint64_t step = 0; step < options.documents; ++step) {
      pick = (start + step) % options.documents;
      if (collection.is_order(pick) == want_order) break;
    }
    const auto printed = collection.printed_number(pick, want_order ? order_form++ : wenhao_form++);
    BenchQuery bq;
    bq.cls = QueryClass::number;
    bq.text = printed.text;
    bq.form = printed.name;
    bq.expected_id = Collection::id(pick);
    out.push_back(std::move(bq));
  }
  for (int q = 0; q < n_word; ++q) {
    BenchQuery bq;
    bq.cls = QueryClass::word;
    bq.text = rng.pick(kWords);
    out.push_back(std::move(bq));
  }
  // Phrases: 4 to 10 consecutive Han characters of some document's body, quoted.
  for (int q = 0; q < n_phrase; ++q) {
    const std::u32string body = utf8::decode(collection.entry(any_doc()).doc.text);
    const std::size_t len = static_cast<std::size_t>(rng.uniform(4, 10));
    std::u32string phrase;
    for (int tries = 0; tries < 200 && phrase.empty(); ++tries) {
      const std::size_t at = rng.next() % (body.size() - len);
      const auto run = body.substr(at, len);
      if (std::all_of(run.begin(), run.end(), [](char32_t c) { return utf8::is_han(c); }))
        phrase = run;
    }
    if (phrase.empty()) phrase = U"政务公开";
    BenchQuery bq;
    bq.cls = QueryClass::phrase;
    bq.text = "\"" + utf8::encode(phrase) + "\"";
    out.push_back(std::move(bq));
  }
  // Filtered: a word, a status and an as-of date.
  static const std::vector<ValidityCode> kStatuses = {
      ValidityCode::in_force,          ValidityCode::in_force,         ValidityCode::in_force,
      ValidityCode::repealed,          ValidityCode::amended,          ValidityCode::expired,
      ValidityCode::partially_invalid, ValidityCode::not_yet_effective};
  for (int q = 0; q < n_filtered; ++q) {
    BenchQuery bq;
    bq.cls = QueryClass::filtered;
    bq.text = rng.pick(kWords);
    bq.as_of = random_date();
    bq.status = rng.pick(kStatuses);
    out.push_back(std::move(bq));
  }
  // Facets: a word (a third of them also narrowed to one year), counts as of a date.
  for (int q = 0; q < n_facet; ++q) {
    BenchQuery bq;
    bq.cls = QueryClass::facet;
    bq.text = rng.pick(kWords);
    bq.as_of = random_date();
    if (rng.chance(1.0 / 3)) bq.year = rng.uniform(kFirstYear, kFirstYear + kYears - 1);
    out.push_back(std::move(bq));
  }
  return out;
}

}  // namespace gazette::searchbench
