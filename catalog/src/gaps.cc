#include "gazette/gaps.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "gazette/json.h"

namespace gazette {

bool split_number(const std::string& normalized, NumberParts& out) {
  static const std::regex document(R"(^(.+)〔([0-9]{4})〕([0-9]{1,5})号$)");
  static const std::regex order(R"(^(.+令)第([0-9]{1,5})号$)");
  std::smatch m;
  if (std::regex_match(normalized, m, document)) {
    out = {m[1].str(), std::stoi(m[2].str()), std::stoi(m[3].str())};
    return true;
  }
  if (std::regex_match(normalized, m, order)) {
    out = {m[1].str(), 0, std::stoi(m[2].str())};
    return true;
  }
  return false;
}

GapReport find_gaps(const std::vector<Document>& documents) {
  GapReport report;
  std::map<std::pair<std::string, int>, std::set<int>> sequences;
  std::set<std::string> numbers, titles;
  for (const auto& d : documents) {
    if (!d.title.empty()) titles.insert(d.title);
    if (d.number.empty()) continue;
    numbers.insert(d.number);
    NumberParts p;
    if (split_number(d.number, p)) sequences[{p.code, p.year}].insert(p.serial);
  }
  for (const auto& [key, serials] : sequences) {
    NumberGap gap{key.first, key.second, *serials.begin(), *serials.rbegin(), {}};
    for (int n = gap.first + 1; n < gap.last; ++n)
      if (!serials.count(n)) gap.missing.push_back(n);
    if (!gap.missing.empty()) report.gaps.push_back(std::move(gap));
  }
  std::map<std::pair<std::string, std::string>, AbsentTarget> absent;
  for (const auto& d : documents) {
    for (const auto& r : d.relations) {
      // As the catalogue resolves targets: the number, else the title.
      const bool present = numbers.count(r.target_number) > 0 ||
                           (!r.target_title.empty() && titles.count(r.target_title) > 0);
      if (present || (r.target_number.empty() && r.target_title.empty())) continue;
      // A relation with a number is one target whatever title it was printed with.
      const auto key = std::pair{r.target_number, r.target_number.empty() ? r.target_title : ""};
      auto& t = absent[key];
      t.number = r.target_number;
      if (t.title.empty()) t.title = r.target_title;
      const bool seen = std::any_of(t.referenced_by.begin(), t.referenced_by.end(),
                                    [&](const AbsentTarget::Reference& ref) {
                                      return ref.document_id == d.id && ref.type == r.type;
                                    });
      if (!seen) t.referenced_by.push_back({d.id, r.type});
    }
  }
  for (auto& [key, t] : absent) report.absent.push_back(std::move(t));
  return report;
}

GapReport find_gaps(const Catalog& catalog) {
  return find_gaps(catalog.all_documents());
}

namespace {

std::string label(const NumberGap& g) {
  return g.year ? g.code + "〔" + std::to_string(g.year) + "〕" : g.code;
}

std::string missing_number(const NumberGap& g, int n) {
  return g.year ? g.code + "〔" + std::to_string(g.year) + "〕" + std::to_string(n) + "号"
                : g.code + "第" + std::to_string(n) + "号";
}

}  // namespace

std::string gap_report_text(const GapReport& report) {
  std::ostringstream out;
  out << "Numbers missing from 文号 sequences: " << report.gaps.size() << " sequences\n";
  for (const auto& g : report.gaps) {
    out << "  " << label(g) << " (archived " << g.first << "–" << g.last << "), missing "
        << g.missing.size() << ":";
    // Runs of consecutive numbers print as one range: 浙政发〔2014〕35号–38号.
    for (std::size_t i = 0; i < g.missing.size();) {
      std::size_t j = i;
      while (j + 1 < g.missing.size() && g.missing[j + 1] == g.missing[j] + 1) ++j;
      out << " " << missing_number(g, g.missing[i]);
      if (j > i) out << "–" << g.missing[j] << "号";
      i = j + 1;
    }
    out << "\n";
  }
  out << "Acts referred to but not archived: " << report.absent.size() << "\n";
  for (const auto& t : report.absent) {
    out << "  " << (t.number.empty() ? "—" : t.number);
    if (!t.title.empty()) out << " 《" << t.title << "》";
    out << " ←";
    for (const auto& ref : t.referenced_by)
      out << " " << to_string(ref.type) << " by " << ref.document_id;
    out << "\n";
  }
  return out.str();
}

std::string gap_report_json(const GapReport& report) {
  JsonWriter w;
  w.begin_object().key("gaps").begin_array();
  for (const auto& g : report.gaps) {
    w.begin_object().key("code").value(g.code);
    if (g.year)
      w.key("year").value(g.year);
    else
      w.key("year").null();
    w.key("first").value(g.first).key("last").value(g.last).key("missing").begin_array();
    for (int n : g.missing) w.value(n);
    w.end_array().key("missing_numbers").begin_array();
    for (int n : g.missing) w.value(missing_number(g, n));
    w.end_array().end_object();
  }
  w.end_array().key("absent").begin_array();
  for (const auto& t : report.absent) {
    w.begin_object().key("number").value(t.number).key("title").value(t.title);
    w.key("referenced_by").begin_array();
    for (const auto& ref : t.referenced_by)
      w.begin_object()
          .key("document_id")
          .value(ref.document_id)
          .key("type")
          .value(std::string(to_string(ref.type)))
          .end_object();
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

}  // namespace gazette
