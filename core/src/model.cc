#include "gazette/model.h"

#include <array>
#include <utility>

#include "gazette/error.h"

namespace gazette {
namespace {

template <typename E, std::size_t N>
E from_table(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s,
             std::string_view what) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  throw InvalidInput("unknown " + std::string(what) + ": " + std::string(s));
}

template <typename E, std::size_t N>
std::string_view to_table(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return "?";
}

constexpr std::array<std::pair<PageStatus, std::string_view>, 3> kPageStatus{
    {{PageStatus::ok, "ok"},
     {PageStatus::failed, "failed"},
     {PageStatus::needs_review, "needs_review"}}};
constexpr std::array<std::pair<DocumentKind, std::string_view>, 3> kKinds{
    {{DocumentKind::rule, "rule"},
     {DocumentKind::normative, "normative"},
     {DocumentKind::other, "other"}}};
constexpr std::array<std::pair<RelationType, std::string_view>, 4> kRelations{
    {{RelationType::repeals, "repeals"},
     {RelationType::amends, "amends"},
     {RelationType::declares_invalid, "declares_invalid"},
     {RelationType::cites, "cites"}}};
constexpr std::array<std::pair<ValidityCode, std::string_view>, 6> kCodes{
    {{ValidityCode::in_force, "in_force"},
     {ValidityCode::amended, "amended"},
     {ValidityCode::partially_invalid, "partially_invalid"},
     {ValidityCode::repealed, "repealed"},
     {ValidityCode::expired, "expired"},
     {ValidityCode::not_yet_effective, "not_yet_effective"}}};
constexpr std::array<std::pair<ValidityCode, std::string_view>, 6> kLabels{
    {{ValidityCode::in_force, "现行有效"},
     {ValidityCode::amended, "已修改"},
     {ValidityCode::partially_invalid, "部分失效"},
     {ValidityCode::repealed, "已废止"},
     {ValidityCode::expired, "失效"},
     {ValidityCode::not_yet_effective, "尚未生效"}}};

}  // namespace

std::string_view to_string(PageStatus s) {
  return to_table(kPageStatus, s);
}
PageStatus page_status_from_string(std::string_view s) {
  return from_table(kPageStatus, s, "page status");
}
std::string_view to_string(DocumentKind k) {
  return to_table(kKinds, k);
}
DocumentKind document_kind_from_string(std::string_view s) {
  return from_table(kKinds, s, "document kind");
}
std::string_view to_string(RelationType t) {
  return to_table(kRelations, t);
}
RelationType relation_type_from_string(std::string_view s) {
  return from_table(kRelations, s, "relation type");
}
std::string_view to_string(ValidityCode c) {
  return to_table(kCodes, c);
}
std::string_view label(ValidityCode c) {
  return to_table(kLabels, c);
}
std::optional<ValidityCode> validity_code_from_string(std::string_view s) {
  for (const auto& [value, name] : kCodes)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace gazette

#include <cstdlib>

#include "gazette/archive_layout.h"

namespace gazette {

std::filesystem::path default_archive_root() {
  const char* env = std::getenv("GAZETTE_ARCHIVE");
  return (env != nullptr && *env != '\0') ? std::filesystem::path(env)
                                          : std::filesystem::path("archive");
}

}  // namespace gazette
