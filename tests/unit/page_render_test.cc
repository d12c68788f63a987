// The page renderers (core/page_render.h): ALTO and plain text from a recognised page.
#include "gazette/page_render.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

gazette::Page page_with(std::vector<gazette::TextLine> lines) {
  gazette::Page p;
  p.issue_id = "i000000000001";
  p.seq = 3;
  p.printed_page = 2;
  p.source = "zhejiang/2017-12/page-0003.png";
  p.width = 2480;
  p.height = 3508;
  p.lines = std::move(lines);
  for (const auto& l : p.lines) p.text += (p.text.empty() ? "" : "\n") + l.text;
  return p;
}

TEST(AltoRenderer, GeometryConfidenceAndPageNumbers) {
  const auto p = page_with({{"浙政办发〔2017〕42号", {100, 200, 700, 260}, 0.9125, 48}});
  const std::string x = gazette::AltoRenderer().render(p);
  for (const std::string part :
       {"<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"",
        "<fileName>zhejiang/2017-12/page-0003.png</fileName>",
        "<Page ID=\"p3\" PHYSICAL_IMG_NR=\"3\" PRINTED_IMG_NR=\"2\" WIDTH=\"2480\" "
        "HEIGHT=\"3508\">",
        "<TextLine ID=\"l0\" HPOS=\"100\" VPOS=\"200\" WIDTH=\"600\" HEIGHT=\"60\">",
        "WC=\"0.912\" CONTENT=\"浙政办发〔2017〕42号\"/>", "</alto>\n"})
    EXPECT_NE(x.find(part), std::string::npos) << part << "\n" << x;
}

TEST(AltoRenderer, EscapesMarkupAndDropsCharactersXmlForbids) {
  struct Row {
    std::string text, content;
  };
  for (const auto& row : std::vector<Row>{
           {"a<b>&\"c'", "a&lt;b&gt;&amp;&quot;c&#39;"},
           {std::string("x\x01y\x1b[2Jz"), "xy[2Jz"},
           {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
       }) {
    const std::string x =
        gazette::AltoRenderer().render(page_with({{row.text, {0, 0, 1, 1}, 1, 1}}));
    EXPECT_NE(x.find("CONTENT=\"" + row.content + "\""), std::string::npos) << x;
  }
  gazette::Page unnumbered = page_with({});
  unnumbered.printed_page.reset();
  EXPECT_EQ(gazette::AltoRenderer().render(unnumbered).find("PRINTED_IMG_NR"), std::string::npos);
}

TEST(TextRenderer, TextEndsInOneNewline) {
  EXPECT_EQ(gazette::TextRenderer().render(page_with({{"一", {}, 1, 1}, {"二", {}, 1, 1}})),
            "一\n二\n");
  EXPECT_EQ(gazette::TextRenderer().render(page_with({})), "");
  EXPECT_EQ(gazette::TextRenderer().extension(), ".txt");
  EXPECT_EQ(gazette::AltoRenderer().extension(), ".xml");
}

}  // namespace
