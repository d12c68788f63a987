#pragma once
// From recognised pages to an issue's identity and its documents (acts) with metadata and
// relations. Pure functions over text and line geometry; they never throw on odd input, they
// return what they could read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gazette/model.h"

namespace gazette::pipeline {

struct IssueIdentity {
  std::string series;
  std::optional<int> year, number, total;
  std::optional<std::string> date;
};

// Series, year, 第N期, 总第N期 and date from the cover and running headers.
IssueIdentity identify_issue(const std::vector<Page>& pages);

// The printed page number of a footer line like "— 2 —", if the line is one.
std::optional<int> parse_page_footer(std::string_view line);

// Printed page numbers, and the header/footer lines stripped from page text.
struct PageFurniture {
  std::optional<int> printed_page;
  std::vector<std::size_t> furniture_lines;  // indexes into Page::lines
  bool is_cover = false;
};
PageFurniture find_furniture(const Page& page, const IssueIdentity& issue);

// Printed page numbers for every page: read from footers, and where OCR missed a footer,
// counted from the nearest page that has one. Covers get nullopt.
std::vector<std::optional<int>> printed_pages(const std::vector<Page>& pages,
                                              const IssueIdentity& issue);

// 自2015年1月1日起施行 / 自印发之日起施行 …: the effective date, given the signed date.
std::optional<std::string> parse_effective(std::string_view text,
                                           const std::optional<std::string>& signed_date);
// 有效期至… / 有效期N年: the last day in force, given the effective date.
std::optional<std::string> parse_expiry(std::string_view text,
                                        const std::optional<std::string>& effective);

// Relations stated in a document's text (repeals, amends, declares_invalid, cites).
// `title` is the document's own title (关于修改《…》的决定 amends …).
std::vector<Relation> extract_relations(
    std::string_view title, std::string_view text,
    const std::vector<std::pair<std::size_t, int>>& page_starts);

// The 目录 of a cover page: each title (wrapped lines joined, dot leaders and the OCR marks
// they turn into dropped) with its printed page when it was read (Arabic, or Chinese numerals
// in vertical print).
struct ContentsEntry {
  std::string title;
  std::optional<int> page;
};
std::vector<ContentsEntry> parse_contents(const Page& cover);

// Of two OCR readings of one title (on its page and in the 目录), the one more likely right:
// a title that ends in an act's genre first, then the one with fewer character pairs that do
// not occur in `reference` (the issue's text).
std::string better_title(const std::string& printed, const std::string& listed,
                         std::string_view reference);

// A title folded for comparison: without 《》〈〉 and quotes, traditional forms as simplified
// (關於 → 关于), so that a 1950s act and a later list naming it compare equal.
std::string fold_title(std::string_view title);

// Relations whose target OCR left without a readable number (a repeal list's item 浙府秘字：
// OO 1号) take the number of the one known act their title names: `known` holds (number,
// title) of the archived acts and of the issue's own; a title at least 0.85 alike after
// folding, and clearly ahead of the next, is that act. Citations are left alone.
void complete_targets(std::vector<Document>& docs,
                      const std::vector<std::pair<std::string, std::string>>& known);

// Splits the issue's pages into documents. Document ids are `<issue_id>-NN`. The 目录, when
// there is one, is a second reading of the titles.
std::vector<Document> segment_documents(const std::string& issue_id, const IssueIdentity& issue,
                                        const std::vector<Page>& pages);

}  // namespace gazette::pipeline
