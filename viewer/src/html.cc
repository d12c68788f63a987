#include "html.h"

#include <cstdio>

namespace gazette::viewer::html {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string url_encode(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string css() {
  return R"(body{font-family:"Noto Serif CJK SC","Songti SC",serif;margin:0;color:#222;background:#faf9f6}
header{background:#8b1a1a;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;font-weight:bold}
header form{flex:1;display:flex;gap:.4em;min-width:14em}
header input[type=search]{flex:1;padding:.4em;font-size:1em}
main{max-width:60em;margin:0 auto;padding:1em}
.badge{display:inline-block;padding:.1em .5em;border-radius:.3em;font-size:.85em;color:#fff}
.in_force{background:#2e7d32}.repealed,.expired{background:#c62828}
.amended,.partially_invalid,.not_yet_effective{background:#ef8f00}
.banner{padding:.8em 1em;border-radius:.4em;color:#fff;font-size:1.1em;margin:.5em 0 1em}
.result{border-bottom:1px solid #ddd;padding:.6em 0}.result h3{margin:.2em 0}
.meta{color:#666;font-size:.9em}.snippet b{background:#fff2a8}
.text{white-space:pre-wrap;line-height:1.8;font-size:1.05em}
.pages{display:flex;flex-wrap:wrap;gap:.5em}.pages img{max-width:100%;border:1px solid #ccc}
.pageview{display:flex;gap:1em;flex-wrap:wrap}.pageview>*{flex:1;min-width:18em}
.facets{font-size:.9em;color:#444}.facets span{margin-right:1em}
)";
}

std::string page(std::string_view title, std::string_view body, std::string_view query) {
  std::string out =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>";
  out += escape(title);
  out +=
      " · 政府公报数字档案</title><link rel=\"stylesheet\" "
      "href=\"/static/style.css\"></head><body><header>"
      "<a href=\"/\">政府公报数字档案</a><form action=\"/search\" method=\"get\" role=\"search\">"
      "<input type=\"search\" name=\"q\" placeholder=\"标题、全文或文号\" value=\"";
  out += escape(query);
  out += "\"><button type=\"submit\">搜索</button></form></header><main>";
  out += body;
  out += "</main></body></html>";
  return out;
}

std::string status_badge(const std::optional<Validity>& v) {
  if (!v) return {};
  return "<span class=\"badge " + std::string(to_string(v->code)) + "\">" +
         std::string(label(v->code)) + "</span>";
}

}  // namespace gazette::viewer::html
