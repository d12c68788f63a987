#include "html.h"

#include <cctype>
#include <cstdio>

#include "gazette/page_render.h"

namespace gazette::viewer::html {

// The markup escaping of ALTO/hOCR serves HTML too (it also drops control characters, which
// are no more valid in HTML than in XML).
std::string escape(std::string_view s) { return xml_text(s); }

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
  return R"(*{box-sizing:border-box}
body{font-family:"Noto Serif CJK SC","Songti SC",serif;margin:0;color:#222;background:#faf9f6;line-height:1.5}
header{background:#8b1a1a;color:#fff;padding:.6em 1em;display:flex;gap:1em;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none;font-weight:bold}
header form{flex:1;display:flex;gap:.4em;min-width:14em}
header input[type=search]{flex:1;padding:.4em;font-size:1em;min-width:0}
main{max-width:64em;margin:0 auto;padding:1em}
a{color:#8b1a1a}
.badge{display:inline-block;padding:.1em .5em;border-radius:.3em;font-size:.85em;color:#fff;white-space:nowrap}
.in_force{background:#2e7d32}.repealed,.expired{background:#c62828}
.amended,.partially_invalid,.not_yet_effective{background:#b26a00}
.banner{padding:.8em 1em;border-radius:.4em;color:#fff;font-size:1.15em;margin:.5em 0 1em}
.banner.none{background:#555}.banner .asof{font-size:.8em;opacity:.9}
.banner a{color:#fff;text-decoration:underline}.banner .status{font-size:1.4em;font-weight:bold;margin-right:.5em}
.banner .evidence{font-size:.9em;margin-top:.5em}.banner blockquote{margin:.3em 0;padding:.3em .6em;background:rgba(255,255,255,.15);border-radius:.3em}
.crop{display:block;margin-top:.5em;background:#fff;padding:.3em;border-radius:.3em}.crop img{max-width:100%;height:auto;display:block}
.result{border-bottom:1px solid #ddd;padding:.6em 0}.result h3{margin:.2em 0;font-size:1.1em}
.meta{color:#666;font-size:.9em}.snippet b,mark{background:#fff2a8;color:inherit}
.text{white-space:pre-wrap;line-height:1.8;font-size:1.05em}
.thumbs{display:flex;flex-wrap:wrap;gap:.6em;list-style:none;padding:0}.thumbs li{text-align:center;font-size:.85em}
.thumbs img{width:150px;height:auto;border:1px solid #ccc;background:#fff;display:block}
.pageview{display:flex;gap:1em;flex-wrap:wrap;align-items:flex-start}.pageview>*{flex:1 1 22em;min-width:0}
.foot{max-width:64em;margin:1em auto;padding:0 1em}.scan{margin:0}
.scan svg{width:100%;height:auto;border:1px solid #ccc;background:#fff}
.scan rect.hit{fill:rgba(255,210,0,.35);stroke:#e0a800;stroke-width:4}
.lines{line-height:1.8}.lines span{display:block}
.layout{display:flex;gap:1.5em;flex-wrap:wrap}.layout>aside{flex:0 0 14em}.layout>section{flex:1 1 20em;min-width:0}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;vertical-align:top}td ul{margin:0;padding-left:1em}td.missing{word-break:break-all}
.facets h3{font-size:.95em;margin:.8em 0 .2em}.facets ul{list-style:none;padding:0;margin:0;font-size:.9em}
.facets li.on{font-weight:bold}.filters{margin:.5em 0;display:flex;gap:.6em;flex-wrap:wrap;align-items:center}
.chip{border:1px solid #8b1a1a;border-radius:1em;padding:.05em .6em;font-size:.85em;text-decoration:none}
.pager{display:flex;gap:.4em;flex-wrap:wrap;margin:1em 0}.pager a,.pager span{padding:.2em .6em;border:1px solid #ccc;border-radius:.3em;text-decoration:none}
.pager .current{background:#8b1a1a;color:#fff}
.cite textarea{width:100%;font:inherit;padding:.4em;resize:vertical}
.timeline{list-style:none;padding-left:0}.timeline li{margin:.3em 0}
table.rel{border-collapse:collapse;width:100%}table.rel td,table.rel th{border-bottom:1px solid #ddd;padding:.3em;text-align:left;vertical-align:top}
[hidden]{display:none!important}
@media (max-width:40em){.layout>aside{flex:1 1 100%}main{padding:.6em}}
)";
}

std::string app_js() {
  return R"(document.querySelectorAll('button[data-copy]').forEach(function(b){
  b.hidden=false;
  b.addEventListener('click',function(){
    var t=document.getElementById(b.getAttribute('data-copy'));
    if(!t)return;
    var done=function(){b.textContent='已复制';};
    if(navigator.clipboard){navigator.clipboard.writeText(t.value).then(done,function(){t.select();document.execCommand('copy');done();});}
    else{t.select();document.execCommand('copy');done();}
  });
});
)";
}

std::string issue_label(const Issue& i) {
  std::string s = i.series.empty() ? "未识别刊名" : i.series;
  s += " ";
  s += i.year ? std::to_string(*i.year) : "?";
  s += "年第";
  s += i.number ? std::to_string(*i.number) : "?";
  s += "期";
  if (i.total) s += "（总第" + std::to_string(*i.total) + "期）";
  return s;
}

std::string page(std::string_view title, std::string_view body, std::string_view query) {
  std::string out =
      "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>";
  out += escape(title);
  out +=
      " · 政府公报数字档案</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" "
      "href=\"/static/style.css\"></head><body><header>"
      "<a href=\"/\">政府公报数字档案</a><form action=\"/search\" method=\"get\" role=\"search\">"
      "<input type=\"search\" name=\"q\" placeholder=\"标题、全文或文号\" value=\"";
  out += escape(query);
  out += "\"><button type=\"submit\">搜索</button></form></header><main>";
  out += body;
  out +=
      "</main><footer class=\"meta foot\"><a href=\"/api/issues\">JSON API</a> · <a "
      "href=\"/iiif/collection.json\">IIIF</a> · <a href=\"/oai?verb=Identify\">OAI-PMH</a> · "
      "<a href=\"/feed.atom\">Atom</a></footer><script src=\"/static/app.js\" "
      "defer></script></body></html>";
  return out;
}

std::string status_badge(const std::optional<Validity>& v) {
  if (!v) return {};
  return "<span class=\"badge " + std::string(to_string(v->code)) + "\">" +
         std::string(label(v->code)) + "</span>";
}

}  // namespace gazette::viewer::html
