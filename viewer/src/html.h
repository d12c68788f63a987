#pragma once
// HTML building blocks shared by the reader's pages. Everything from the archive or the
// request goes through escape().
#include <optional>
#include <string>
#include <string_view>

#include "gazette/model.h"

namespace gazette::viewer::html {

std::string escape(std::string_view s);
std::string url_encode(std::string_view s);
// A complete page: head with CSP-friendly inline-free styles, header with the search box.
std::string page(std::string_view title, std::string_view body, std::string_view query = "");
std::string status_badge(const std::optional<Validity>& v);
std::string css();
// The small script that adds copy buttons; every page works without it.
std::string app_js();
// "浙江省人民政府公报 2017年第12期（总第828期）".
std::string issue_label(const Issue& issue);

}  // namespace gazette::viewer::html
