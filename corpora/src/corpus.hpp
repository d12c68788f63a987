// Gazette corpus generator: data model and public entry points.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util.hpp"

namespace gazette::corpora {

enum class Layout { Horizontal, TwoColumn, Vertical };
std::string to_string(Layout l);

// A printed block of a document, in reading order.
struct Block {
  enum class Kind {
    LingHeader,  // 浙江省人民政府令 (centred, large)
    LingNumber,  // 第321号 / 文号 line
    Addressee,   // 各市、县（市、区）人民政府：  (no indent)
    Para,        // body paragraph, 2-char indent
    Heading,     // 一、… (indented, bold-ish)
    Signature,   // authority, right aligned (seal goes here)
    SignDate,    // date, right aligned
    SubTitle,    // attachment / enclosed rules title, centred
    Note,        // （此件公开发布） etc.
    Title,       // document or enclosed act title, centred, bold
    Item,        // list entry (repeal lists), hanging
  };
  Kind kind = Kind::Para;
  std::string text;
};

struct Evidence {
  int page = 0;  // printed page == seq (cover is page 1)
  std::string text;
};

struct Relation {
  std::string type;  // repeals|amends|declares_invalid|cites
  std::string target_number;
  std::string target_title;
  bool partial = false;  // declares_invalid of some provisions only
  Evidence evidence;
  int target_doc = -1;  // index into Corpus::documents when generated here
  // Abridging a real text may drop the paragraph that prints the evidence; the relation is
  // then dropped too (citations in a real text's body). Otherwise the paragraph is kept.
  bool droppable = false;
};

struct StatusPoint {
  Date as_of;
  std::string code;
  std::optional<Date> since;
  std::optional<std::string> by_number;
};

struct Document {
  std::string kind;  // rule|normative|other
  std::string title;
  std::optional<std::string> number;  // normalised
  std::string authority;
  Date signed_on;
  Date effective;
  std::optional<Date> expires;  // last day of validity
  std::vector<Block> blocks;    // everything printed after the title
  std::vector<Relation> relations;
  std::vector<StatusPoint> expected_status;
  bool seal = true;
  bool abridgeable = false;  // long real text: may be shortened to fit a page budget
  int issue = -1;            // index into Corpus::issues
  int first_page = 0, last_page = 0;
  std::string category;  // 目录 group heading
  [[nodiscard]] std::string body_text() const;
};

struct PageTruth {
  int seq = 0;
  std::optional<int> printed_page;
  std::string source;  // relative to DIR/scans
  std::string text;
  bool colour = false;
};

struct Issue {
  std::string slug;    // zhejiang
  std::string series;  // 浙江省人民政府公报
  int year = 0, number = 0, total = 0;
  Date date;
  Layout layout = Layout::Horizontal;
  std::string lang = "chi_sim";
  std::string profile = "clean";
  int dpi = 300;
  bool chinese_dates = false;
  int max_content_pages = 0;  // 0 = unlimited
  std::vector<int> docs;      // indices into Corpus::documents, printing order
  std::vector<PageTruth> pages;
  [[nodiscard]] std::string key() const;
  [[nodiscard]] std::string dir() const;  // <slug>/<YYYY>-<NN>
};

struct Corpus {
  std::vector<Issue> issues;
  std::vector<Document> documents;
};

struct Options {
  std::filesystem::path out;
  std::filesystem::path texts;
  std::uint64_t seed = 1;
  std::string preset = "tiny";
  int issues = 0;                      // 0 = preset default
  std::optional<std::string> profile;  // override every issue's profile
  std::optional<int> dpi;              // override
  bool small_png = false;              // palette-quantise colour pages (sample preset)
};

/// The profiles accepted by --profile.
const std::vector<std::string>& profile_names();
const std::vector<std::string>& status_codes();

/// Plan issues and documents (text + metadata, no layout yet).
Corpus plan_corpus(const Options& opt, Rng& rng);
/// Compute expected statuses from the generated relations.
void compute_statuses(Corpus& corpus);
/// Typeset, degrade and write all pages of one issue; fills page truth and page spans.
void render_issue(Corpus& corpus, int issue_index, const Options& opt, std::uint64_t seed);
/// Whole pipeline: plan, render, write DIR/scans and DIR/truth.
Corpus generate(const Options& opt);

}  // namespace gazette::corpora
