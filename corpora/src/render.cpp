// Typesetting of gazette pages with Pango/Cairo: cover with 目录, content pages
// with running header and page numbers, one/two-column flow and vertical
// (right-to-left columns) traditional layout; red seals over signatures.
#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>

#include "corpus.hpp"
#include "raster.hpp"

namespace gazette::corpora {
namespace {

constexpr double kMmPerInch = 25.4;

struct Style {
  const char* family;
  bool bold;
  double pt;
  PangoAlignment align;
  int indent_chars;  // first-line indent
  int right_pad_chars;
  double before;  // in line pitches
  double after;
  bool keep_with_next;
};

Style style_for(Block::Kind k, bool traditional) {
  const char* song = traditional ? "AR PL UMing TW" : "Noto Serif CJK SC";
  const char* hei = traditional ? "Noto Sans CJK TC" : "Noto Sans CJK SC";
  using K = Block::Kind;
  switch (k) {
    case K::Title:
      return {hei, true, 16, PANGO_ALIGN_CENTER, 0, 0, 0.8, 0.5, true};
    case K::SubTitle:
      return {hei, true, 13, PANGO_ALIGN_CENTER, 0, 0, 0.5, 0.3, true};
    case K::LingHeader:
      return {song, true, 20, PANGO_ALIGN_CENTER, 0, 0, 0.8, 0.2, true};
    case K::LingNumber:
      return {song, false, 12, PANGO_ALIGN_CENTER, 0, 0, 0.1, 0.4, true};
    case K::Addressee:
      return {song, false, 12, PANGO_ALIGN_LEFT, 0, 0, 0, 0, false};
    case K::Heading:
      return {hei, false, 12, PANGO_ALIGN_LEFT, 2, 0, 0, 0, true};
    case K::Signature:
      return {song, false, 12, PANGO_ALIGN_RIGHT, 0, 4, 1.0, 0, true};
    case K::SignDate:
      return {song, false, 12, PANGO_ALIGN_RIGHT, 0, 4, 0, 0, false};
    case K::Note:
      return {song, false, 12, PANGO_ALIGN_LEFT, 2, 0, 0.3, 0.3, false};
    case K::Item:
      return {song, false, 12, PANGO_ALIGN_LEFT, 0, 0, 0, 0, false};
    case K::Para:
      break;
  }
  return {song, false, 12, PANGO_ALIGN_LEFT, 2, 0, 0, 0, false};
}

using LayoutPtr = std::shared_ptr<PangoLayout>;

struct PlacedLine {
  LayoutPtr layout;
  int line = 0;
  double x = 0, baseline = 0;
};
struct PlacedGlyph {
  LayoutPtr layout;
  double cx = 0, cy = 0;  // centre
};
struct Seal {
  double cx = 0, cy = 0, r = 0;
  std::string name;
};
struct Leader {
  double x0 = 0, x1 = 0, y = 0;
};
struct PageDraw {
  std::vector<PlacedLine> lines;
  std::vector<PlacedGlyph> glyphs;
  std::vector<Seal> seals;
  std::vector<Leader> leaders;
  std::vector<std::array<double, 4>> rules;
  std::vector<std::string> text;
};

class Typesetter {
 public:
  Typesetter(const Issue& is) : issue_(is), dpi_(is.dpi) {
    fontmap_.reset(PANGO_FONT_MAP(pango_cairo_font_map_new()));
    if (!fontmap_) throw std::runtime_error("pango: no cairo font map");
    context_.reset(pango_font_map_create_context(fontmap_.get()));
    pango_cairo_context_set_resolution(context_.get(), dpi_);
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(context_.get(), fo);
    cairo_font_options_destroy(fo);
    width_ = std::round(210.0 / kMmPerInch * dpi_);
    height_ = std::round(297.0 / kMmPerInch * dpi_);
  }

  double mm(double v) const { return v / kMmPerInch * dpi_; }
  double pt(double v) const { return v / 72.0 * dpi_; }
  int width() const { return static_cast<int>(width_); }
  int height() const { return static_cast<int>(height_); }

  LayoutPtr layout(const std::string& text, const char* family, bool bold, double size_pt,
                   double width_px, PangoAlignment align = PANGO_ALIGN_LEFT,
                   double indent_px = 0) const {
    LayoutPtr l(pango_layout_new(context_.get()), [](PangoLayout* p) { g_object_unref(p); });
    FontDescPtr fd(pango_font_description_new());
    pango_font_description_set_family(fd.get(), family);
    pango_font_description_set_weight(fd.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_size(fd.get(), static_cast<gint>(size_pt * PANGO_SCALE));
    pango_layout_set_font_description(l.get(), fd.get());
    if (width_px > 0) {
      pango_layout_set_width(l.get(), static_cast<int>(width_px * PANGO_SCALE));
      pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(l.get(), align);
    pango_layout_set_indent(l.get(), static_cast<int>(indent_px * PANGO_SCALE));
    pango_layout_set_text(l.get(), text.c_str(), static_cast<int>(text.size()));
    return l;
  }

  struct LineInfo {
    double x, baseline_off, height;
    int start, length;
  };
  static std::vector<LineInfo> lines_of(PangoLayout* l) {
    std::vector<LineInfo> out;
    PangoLayoutIter* it = pango_layout_get_iter(l);
    int i = 0;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      PangoLayoutLine* line = pango_layout_iter_get_line_readonly(it);
      const int y0 = logical.y;
      out.push_back({static_cast<double>(logical.x) / PANGO_SCALE,
                     static_cast<double>(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE,
                     static_cast<double>(logical.height) / PANGO_SCALE, line->start_index,
                     line->length});
      ++i;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return out;
  }

  // -------------------------------------------------------------- drawing
  SurfacePtr draw(const PageDraw& page, const std::optional<std::string>& footer) const {
    SurfacePtr surf(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width(), height()));
    if (cairo_surface_status(surf.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error("cairo: cannot create page surface");
    CairoPtr cr(cairo_create(surf.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_set_source_rgb(cr.get(), 0.05, 0.05, 0.05);
    for (const auto& pl : page.lines) {
      cairo_move_to(cr.get(), pl.x, pl.baseline);
      pango_cairo_show_layout_line(cr.get(),
                                   pango_layout_get_line_readonly(pl.layout.get(), pl.line));
    }
    for (const auto& g : page.glyphs) {
      int w = 0, h = 0;
      pango_layout_get_pixel_size(g.layout.get(), &w, &h);
      cairo_move_to(cr.get(), g.cx - w / 2.0, g.cy - h / 2.0);
      pango_cairo_show_layout(cr.get(), g.layout.get());
    }
    for (const auto& r : page.rules) {
      cairo_set_line_width(cr.get(), r[3]);
      cairo_move_to(cr.get(), r[0], r[1]);
      cairo_line_to(cr.get(), r[2], r[1]);
      cairo_stroke(cr.get());
    }
    for (const auto& ld : page.leaders) {
      const double step = mm(2.0);
      for (double x = ld.x0 + step / 2; x < ld.x1 - step / 2; x += step) {
        cairo_arc(cr.get(), x, ld.y, mm(0.25), 0, 2 * M_PI);
        cairo_fill(cr.get());
      }
    }
    if (footer) {
      auto l = layout(*footer, "Noto Serif CJK SC", false, 10.5, 0);
      int w = 0, h = 0;
      pango_layout_get_pixel_size(l.get(), &w, &h);
      cairo_move_to(cr.get(), (width_ - w) / 2.0, height_ - mm(14) - h);
      pango_cairo_show_layout(cr.get(), l.get());
    }
    for (const auto& s : page.seals) draw_seal(cr.get(), s);
    cairo_surface_flush(surf.get());
    return surf;
  }

  void draw_seal(cairo_t* cr, const Seal& s) const {
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_push_group(cr);
    cairo_set_source_rgb(cr, 0.86, 0.08, 0.10);
    cairo_set_line_width(cr, mm(1.1));
    cairo_arc(cr, s.cx, s.cy, s.r, 0, 2 * M_PI);
    cairo_stroke(cr);
    cairo_new_path(cr);
    // five-pointed star
    const double R = s.r * 0.30, r = R * 0.382;
    for (int i = 0; i < 10; ++i) {
      const double a = -M_PI / 2 + i * M_PI / 5;
      const double rad = i % 2 == 0 ? R : r;
      const double x = s.cx + rad * std::cos(a), y = s.cy + rad * std::sin(a);
      if (i == 0)
        cairo_move_to(cr, x, y);
      else
        cairo_line_to(cr, x, y);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
    // authority name along the upper arc
    const auto chars = utf8_chars(s.name);
    const double n = static_cast<double>(chars.size());
    const double span = std::min(M_PI * 1.35, n * 0.30);
    const double text_r = s.r * 0.76;
    for (std::size_t i = 0; i < chars.size(); ++i) {
      const double a =
          -M_PI / 2 - span / 2 + span * (n <= 1 ? 0.5 : static_cast<double>(i) / (n - 1));
      auto l = layout(chars[i], "Noto Sans CJK SC", true, s.r / dpi_ * 72.0 * 0.21, 0);
      int w = 0, h = 0;
      pango_layout_get_pixel_size(l.get(), &w, &h);
      cairo_save(cr);
      cairo_translate(cr, s.cx + text_r * std::cos(a), s.cy + text_r * std::sin(a));
      cairo_rotate(cr, a + M_PI / 2);
      cairo_move_to(cr, -w / 2.0, -h / 2.0);
      pango_cairo_show_layout(cr, l.get());
      cairo_restore(cr);
    }
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, 0.82);
    cairo_restore(cr);
  }

 private:
  const Issue& issue_;
  double dpi_;
  double width_ = 0, height_ = 0;
  GPtr<PangoFontMap> fontmap_;
  GPtr<PangoContext> context_;
};

// -------------------------------------------------------------------- flow
struct Frame {
  double left, top, width, bottom;
};

struct PagedIssue {
  std::vector<PageDraw> content;           // content pages
  std::vector<std::pair<int, int>> spans;  // per document: first/last content page index
  std::map<std::pair<int, std::size_t>, int> evidence_page;  // (doc, relation) -> content page
};

std::string header_issue(const Issue& is) {
  if (is.layout == Layout::Vertical)
    return digits_chinese(is.year) + "年第" + count_chinese(is.number) + "期";
  return std::to_string(is.year) + "年第" + std::to_string(is.number) + "期";
}

class Flow {
 public:
  Flow(Typesetter& ts, const Issue& is) : ts_(ts), is_(is) {
    const double margin_x = ts.mm(26), top = ts.mm(30), bottom = ts.height() - ts.mm(26);
    const double full = ts.width() - 2 * margin_x;
    if (is.layout == Layout::TwoColumn) {
      const double gutter = ts.mm(8), colw = (full - gutter) / 2;
      frames_ = {{margin_x, top, colw, bottom}, {margin_x + colw + gutter, top, colw, bottom}};
    } else {
      frames_ = {{margin_x, top, full, bottom}};
    }
    pitch_ = ts.pt(12) * 1.62;
  }

  PagedIssue run(const Corpus& c) {
    new_page();
    bool first = true;
    for (int di : is_.docs) {
      const Document& d = c.documents[static_cast<std::size_t>(di)];
      if (!first) y_ += pitch_ * 1.5;
      first = false;
      if (y_ + pitch_ * 4 > frame().bottom) next_frame();
      const int first_page = page_;
      for (const Block& b : d.blocks) place_block(d, di, b);
      out_.spans.push_back({first_page, page_});
    }
    return std::move(out_);
  }

 private:
  const Frame& frame() const { return frames_[static_cast<std::size_t>(col_)]; }
  void new_page() {
    out_.content.emplace_back();
    page_ = static_cast<int>(out_.content.size()) - 1;
    col_ = 0;
    y_ = frame().top;
    // running header
    PageDraw& p = out_.content.back();
    const double left = ts_.mm(26), right = ts_.width() - ts_.mm(26), base = ts_.mm(20);
    const bool trad = is_.lang == "chi_tra";
    auto l1 = ts_.layout(is_.series, trad ? "AR PL UMing TW" : "Noto Serif CJK SC", false, 10.5, 0);
    auto l2 = ts_.layout(header_issue(is_), trad ? "AR PL UMing TW" : "Noto Serif CJK SC", false,
                         10.5, 0);
    int w2 = 0, h2 = 0;
    pango_layout_get_pixel_size(l2.get(), &w2, &h2);
    const double bl = static_cast<double>(pango_layout_get_baseline(l1.get())) / PANGO_SCALE;
    const bool even =
        (page_ % 2) == 1;  // printed page numbers start at 2: even pages are left-hand
    p.lines.push_back({even ? l1 : l2, 0, left, base});
    p.lines.push_back({even ? l2 : l1, 0, right - (even ? w2 : layout_width(l1)), base});
    (void)bl;
    p.rules.push_back({left, base + ts_.mm(2.5), right, ts_.mm(0.35)});
    p.text.push_back(even ? is_.series + " " + header_issue(is_)
                          : header_issue(is_) + " " + is_.series);
  }
  static double layout_width(const LayoutPtr& l) {
    int w = 0, h = 0;
    pango_layout_get_pixel_size(l.get(), &w, &h);
    return w;
  }
  void next_frame() {
    if (col_ + 1 < static_cast<int>(frames_.size())) {
      ++col_;
      y_ = frame().top;
    } else {
      new_page();
    }
  }

  void place_block(const Document& d, int di, const Block& b) {
    const bool trad = is_.lang == "chi_tra";
    const Style st = style_for(b.kind, trad);
    const double size = st.pt * (is_.layout == Layout::TwoColumn ? 0.92 : 1.0);
    const double em = ts_.pt(size);
    const double width = frame().width - st.right_pad_chars * em;
    LayoutPtr l =
        ts_.layout(b.text, st.family, st.bold, size, width, st.align, st.indent_chars * em);
    if (b.kind == Block::Kind::Item) {  // hanging indent for list entries
      pango_layout_set_indent(l.get(), static_cast<int>(-1.5 * em * PANGO_SCALE));
      l = ts_.layout(b.text, st.family, st.bold, size, width - 1.5 * em, st.align, -1.5 * em);
    }
    auto lines = Typesetter::lines_of(l.get());
    const double pitch = std::max(pitch_, em * 1.5);
    y_ += st.before * pitch_;
    const double n_lines = static_cast<double>(lines.size());
    const double need =
        st.keep_with_next ? std::min(n_lines + 2.0, 6.0) * pitch : std::min(n_lines, 2.0) * pitch;
    if (y_ + need > frame().bottom) next_frame();
    std::vector<std::pair<int, int>> line_pages;  // start byte -> page
    double x_off = b.kind == Block::Kind::Item ? 1.5 * em : 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (y_ + pitch > frame().bottom) next_frame();
      const auto& li = lines[i];
      const double baseline = y_ + (pitch - li.height) / 2 + li.baseline_off;
      PageDraw& p = out_.content[static_cast<std::size_t>(page_)];
      p.lines.push_back({l, static_cast<int>(i), frame().left + x_off + li.x, baseline});
      p.text.push_back(
          b.text.substr(static_cast<std::size_t>(li.start), static_cast<std::size_t>(li.length)));
      line_pages.push_back({li.start, page_});
      if (b.kind == Block::Kind::Signature && d.seal) {
        int lw = 0, lh = 0;
        pango_layout_get_pixel_size(l.get(), &lw, &lh);
        const double text_w = static_cast<double>(utf8_length(b.text)) * em;
        const double cx = frame().left + width - text_w / 2;
        p.seals.push_back({std::min(cx, frame().left + frame().width - ts_.mm(21)),
                           y_ + pitch * 0.9, ts_.mm(20), d.authority});
      }
      y_ += pitch;
    }
    y_ += st.after * pitch_;
    // evidence pages
    for (std::size_t r = 0; r < d.relations.size(); ++r) {
      const auto pos = b.text.find(d.relations[r].evidence.text);
      if (d.relations[r].evidence.text.empty() || pos == std::string::npos) continue;
      if (out_.evidence_page.contains({di, r})) continue;
      int page = line_pages.front().second;
      for (const auto& [start, pg] : line_pages)
        if (static_cast<std::size_t>(start) <= pos) page = pg;
      out_.evidence_page[{di, r}] = page;
    }
  }

  Typesetter& ts_;
  const Issue& is_;
  std::vector<Frame> frames_;
  double pitch_ = 0;
  int page_ = 0, col_ = 0;
  double y_ = 0;
  PagedIssue out_;
};

// ------------------------------------------------------------ vertical flow
std::string vertical_form(const std::string& ch) {
  static const std::map<std::string, std::string> m = {
      {"（", "︵"}, {"）", "︶"}, {"〔", "︹"}, {"〕", "︺"}, {"《", "︽"},
      {"》", "︾"}, {"「", "﹁"}, {"」", "﹂"}, {"“", "﹁"},  {"”", "﹂"},
      {"〈", "︿"}, {"〉", "﹀"}, {"：", "︰"}, {"—", "︱"},  {"…", "︙"}};
  auto it = m.find(ch);
  return it == m.end() ? ch : it->second;
}

class VerticalFlow {
 public:
  VerticalFlow(Typesetter& ts, const Issue& is) : ts_(ts), is_(is) {
    size_pt_ = 13;
    em_ = ts.pt(size_pt_);
    pitch_x_ = em_ * 1.55;
    pitch_y_ = em_ * 1.12;
    top_ = ts.mm(32);
    bottom_ = ts.height() - ts.mm(28);
    right_ = ts.width() - ts.mm(24);
    left_ = ts.mm(24);
    rows_ = static_cast<int>((bottom_ - top_) / pitch_y_);
  }

  PagedIssue run(const Corpus& c) {
    new_page();
    bool first = true;
    for (int di : is_.docs) {
      const Document& d = c.documents[static_cast<std::size_t>(di)];
      if (!first) advance_column();
      first = false;
      const int first_page = page_;
      for (const Block& b : d.blocks) place(d, di, b);
      out_.spans.push_back({first_page, page_});
    }
    return std::move(out_);
  }

 private:
  void new_page() {
    out_.content.emplace_back();
    page_ = static_cast<int>(out_.content.size()) - 1;
    col_x_ = right_ - pitch_x_ / 2;
    PageDraw& p = out_.content.back();
    const double left = ts_.mm(24), right = ts_.width() - ts_.mm(24), base = ts_.mm(20);
    auto l1 = ts_.layout(is_.series, "AR PL UMing TW", false, 10.5, 0);
    auto l2 = ts_.layout(header_issue(is_), "AR PL UMing TW", false, 10.5, 0);
    int w = 0, h = 0;
    pango_layout_get_pixel_size(l1.get(), &w, &h);
    p.lines.push_back({l1, 0, right - w, base});
    p.lines.push_back({l2, 0, left, base});
    p.rules.push_back({left, base + ts_.mm(2.5), right, ts_.mm(0.35)});
    p.text.push_back(is_.series + " " + header_issue(is_));
  }
  void advance_column() {
    col_x_ -= pitch_x_;
    if (col_x_ - pitch_x_ / 2 < left_) new_page();
  }

  void place(const Document& d, int di, const Block& b) {
    using K = Block::Kind;
    const bool title = b.kind == K::Title;
    const char* family = title ? "Noto Sans CJK TC" : "AR PL UMing TW";
    auto chars = utf8_chars(b.text);
    int start_row = 0;
    switch (b.kind) {
      case K::Title:
        start_row = 3;
        break;
      case K::Para:
      case K::Heading:
      case K::Note:
        start_row = 2;
        break;
      case K::LingNumber:
        start_row = std::max(0, rows_ - static_cast<int>(chars.size()) - 2);
        break;
      case K::Signature:
      case K::SignDate:
        start_row = std::max(0, rows_ - static_cast<int>(chars.size()) - 3);
        break;
      default:
        start_row = 0;
    }
    if (b.kind == K::Title) advance_column();
    int row = start_row;
    std::string col_text;
    std::vector<std::pair<std::size_t, int>> char_pages;  // byte offset -> page
    std::size_t offset = 0;
    auto flush = [&] {
      out_.content[static_cast<std::size_t>(page_)].text.push_back(col_text);
      col_text.clear();
      advance_column();
      row = 0;
    };
    for (const auto& ch : chars) {
      if (row >= rows_) flush();
      const std::string shown = vertical_form(ch);
      auto l = ts_.layout(shown, family, title, size_pt_, 0);
      double cx = col_x_, cy = top_ + (row + 0.5) * pitch_y_;
      if (ch == "。" || ch == "，" || ch == "、") {
        cx += em_ * 0.3;
        cy -= em_ * 0.3;
      }
      out_.content[static_cast<std::size_t>(page_)].glyphs.push_back({l, cx, cy});
      col_text += ch;
      char_pages.push_back({offset, page_});
      offset += ch.size();
      ++row;
    }
    if (!col_text.empty()) flush();
    for (std::size_t r = 0; r < d.relations.size(); ++r) {
      const auto pos = b.text.find(d.relations[r].evidence.text);
      if (d.relations[r].evidence.text.empty() || pos == std::string::npos ||
          out_.evidence_page.contains({di, r}))
        continue;
      int page = char_pages.empty() ? page_ : char_pages.front().second;
      for (const auto& [off, pg] : char_pages)
        if (off <= pos) page = pg;
      out_.evidence_page[{di, r}] = page;
    }
    if (b.kind == K::Title) advance_column();
  }

  Typesetter& ts_;
  const Issue& is_;
  double size_pt_, em_, pitch_x_, pitch_y_, top_, bottom_, right_, left_;
  int rows_ = 0;
  int page_ = 0;
  double col_x_ = 0;
  PagedIssue out_;
};

PagedIssue paginate(Typesetter& ts, const Issue& is, const Corpus& c) {
  if (is.layout == Layout::Vertical) return VerticalFlow(ts, is).run(c);
  return Flow(ts, is).run(c);
}

// ------------------------------------------------------------------ cover
PageDraw cover(Typesetter& ts, const Issue& is, const Corpus& c) {
  PageDraw p;
  const bool trad = is.lang == "chi_tra";
  const char* song = trad ? "AR PL UMing TW" : "Noto Serif CJK SC";
  const char* hei = trad ? "Noto Sans CJK TC" : "Noto Sans CJK SC";
  const double left = ts.mm(26), width = ts.width() - 2 * ts.mm(26);
  double y = ts.mm(30);
  auto centred_lines = [&](const std::string& text, const char* fam, bool bold, double pt,
                           double gap_after) {
    auto l = ts.layout(text, fam, bold, pt, width, PANGO_ALIGN_CENTER);
    const auto lines = Typesetter::lines_of(l.get());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      p.lines.push_back({l, static_cast<int>(i), left + lines[i].x, y + lines[i].baseline_off});
      y += lines[i].height * 1.15;
      p.text.push_back(text.substr(static_cast<std::size_t>(lines[i].start),
                                   static_cast<std::size_t>(lines[i].length)));
    }
    y += gap_after;
  };
  centred_lines(is.series, hei, true, 38, ts.mm(6));
  p.rules.push_back({left, y, left + width, ts.mm(1.2)});
  y += ts.mm(8);
  const std::string total = trad ? "（總第" + count_chinese(is.total) + "期）"
                                 : "（总第" + std::to_string(is.total) + "期）";
  const std::string issue_line =
      (trad || is.chinese_dates
           ? digits_chinese(is.year) + "年第" + count_chinese(is.number) + "期"
           : std::to_string(is.year) + "年第" + std::to_string(is.number) + "期") +
      total;
  centred_lines(issue_line, song, false, 16, ts.mm(2));
  centred_lines(trad || is.chinese_dates ? date_chinese(is.date) : date_arabic(is.date), song,
                false, 14, ts.mm(10));
  centred_lines(trad ? "目　　錄" : "目　　录", hei, true, 20, ts.mm(5));
  // entries grouped by category
  std::string category;
  const double em = ts.pt(12);
  for (std::size_t k = 0; k < is.docs.size(); ++k) {
    const Document& d = c.documents[static_cast<std::size_t>(is.docs[k])];
    if (d.category != category) {
      category = d.category;
      auto l = ts.layout("【" + category + "】", hei, true, 13, width);
      const auto li = Typesetter::lines_of(l.get());
      y += ts.mm(2);
      p.lines.push_back({l, 0, left, y + li[0].baseline_off});
      p.text.push_back("【" + category + "】");
      y += li[0].height * 1.4;
    }
    const std::string page = std::to_string(d.first_page);
    auto l = ts.layout(d.title, song, false, 12, width - 5 * em, PANGO_ALIGN_LEFT);
    auto lines = Typesetter::lines_of(l.get());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const double base = y + lines[i].baseline_off;
      p.lines.push_back({l, static_cast<int>(i), left + em + lines[i].x, base});
      std::string t = d.title.substr(static_cast<std::size_t>(lines[i].start),
                                     static_cast<std::size_t>(lines[i].length));
      if (i + 1 == lines.size()) {
        auto pl = ts.layout(page, song, false, 12, 0);
        int pw = 0, ph = 0;
        pango_layout_get_pixel_size(pl.get(), &pw, &ph);
        PangoRectangle ink, logical;
        pango_layout_line_get_pixel_extents(
            pango_layout_get_line_readonly(l.get(), static_cast<int>(i)), &ink, &logical);
        p.leaders.push_back(
            {left + em + logical.width + em * 0.3, left + width - pw - em * 0.3, base - em * 0.15});
        p.lines.push_back({pl, 0, left + width - pw, base});
        t += " " + page;
      }
      p.text.push_back(t);
      y += lines[i].height * 1.35;
    }
  }
  return p;
}

PageDraw vertical_cover(Typesetter& ts, const Issue& is, const Corpus& c) {
  PageDraw p;
  const double left = ts.mm(24), width = ts.width() - 2 * ts.mm(24);
  double y = ts.mm(28);
  auto centred = [&](const std::string& text, const char* fam, bool bold, double pt, double gap) {
    auto l = ts.layout(text, fam, bold, pt, width, PANGO_ALIGN_CENTER);
    const auto lines = Typesetter::lines_of(l.get());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      p.lines.push_back({l, static_cast<int>(i), left + lines[i].x, y + lines[i].baseline_off});
      y += lines[i].height * 1.15;
      p.text.push_back(text.substr(static_cast<std::size_t>(lines[i].start),
                                   static_cast<std::size_t>(lines[i].length)));
    }
    y += gap;
  };
  centred(is.series, "AR PL UMing TW", false, 40, ts.mm(4));
  p.rules.push_back({left, y, left + width, ts.mm(1.2)});
  y += ts.mm(6);
  centred(digits_chinese(is.year) + "年第" + count_chinese(is.number) + "期（總第" +
              count_chinese(is.total) + "期）",
          "AR PL UMing TW", false, 16, ts.mm(2));
  centred(date_chinese(is.date), "AR PL UMing TW", false, 14, ts.mm(8));
  centred("目　　錄", "Noto Sans CJK TC", true, 20, ts.mm(6));
  // vertical 目錄: one column per entry, right to left, page number at the bottom
  const double em = ts.pt(13), pitch_x = em * 1.8, pitch_y = em * 1.12;
  const double top = y, bottom = ts.height() - ts.mm(30);
  const int rows = static_cast<int>((bottom - top) / pitch_y);
  double x = ts.width() - ts.mm(30);
  for (int di : is.docs) {
    const Document& d = c.documents[static_cast<std::size_t>(di)];
    auto chars = utf8_chars(d.title);
    int row = 0;
    std::string col;
    for (const auto& ch : chars) {
      if (row >= rows - 3) {
        p.text.push_back(col);
        col.clear();
        row = 0;
        x -= pitch_x;
      }
      p.glyphs.push_back({ts.layout(vertical_form(ch), "AR PL UMing TW", false, 13, 0), x,
                          top + (row + 0.5) * pitch_y});
      col += ch;
      ++row;
    }
    const std::string pg = count_chinese(d.first_page);
    const auto pchars = utf8_chars(pg);
    for (std::size_t i = 0; i < pchars.size(); ++i)
      p.glyphs.push_back(
          {ts.layout(pchars[i], "AR PL UMing TW", false, 13, 0), x,
           top + (rows - static_cast<double>(pchars.size()) + static_cast<double>(i) + 0.5) *
                     pitch_y});
    p.text.push_back(col + " " + pg);
    x -= pitch_x;
  }
  return p;
}

}  // namespace

void render_issue(Corpus& corpus, int issue_index, const Options& opt, std::uint64_t seed) {
  Issue& is = corpus.issues[static_cast<std::size_t>(issue_index)];
  Typesetter ts(is);
  // Paginate; shorten long real texts until the issue fits its page budget.
  PagedIssue paged = paginate(ts, is, corpus);
  while (is.max_content_pages > 0 &&
         static_cast<int>(paged.content.size()) > is.max_content_pages) {
    Document* victim = nullptr;
    for (int di : is.docs) {
      Document& d = corpus.documents[static_cast<std::size_t>(di)];
      if (d.abridgeable && (victim == nullptr || d.blocks.size() > victim->blocks.size()))
        victim = &d;
    }
    if (victim == nullptr) break;  // nothing to shorten: accept more pages
    // remove the last paragraph of the enclosed text that carries no relation evidence
    bool removed = false;
    const auto first_body =
        std::find_if(victim->blocks.begin(), victim->blocks.end(),
                     [](const Block& b) { return b.kind == Block::Kind::Note; });
    for (auto it = victim->blocks.end(); it != victim->blocks.begin() && !removed;) {
      --it;
      if (it <= first_body + 2) break;  // keep the enclosed title and its first paragraphs
      const bool evidence =
          std::any_of(victim->relations.begin(), victim->relations.end(), [&](const Relation& r) {
            return !r.droppable && it->text.find(r.evidence.text) != std::string::npos;
          });
      if ((it->kind == Block::Kind::Para || it->kind == Block::Kind::Heading) && !evidence) {
        victim->blocks.erase(it);
        removed = true;
      }
    }
    if (!removed) break;
    // a dangling heading at the end reads badly
    while (victim->blocks.back().kind == Block::Kind::Heading) victim->blocks.pop_back();
    victim->abridgeable = victim->blocks.size() > 12;
    std::erase_if(victim->relations, [&](const Relation& r) {
      return r.droppable &&
             std::none_of(victim->blocks.begin(), victim->blocks.end(), [&](const Block& b) {
               return b.text.find(r.evidence.text) != std::string::npos;
             });
    });
    paged = paginate(ts, is, corpus);
  }
  // printed page numbers: the cover is page 1 (unnumbered), content starts at 2
  for (std::size_t k = 0; k < is.docs.size(); ++k) {
    Document& d = corpus.documents[static_cast<std::size_t>(is.docs[k])];
    d.first_page = paged.spans[k].first + 2;
    d.last_page = paged.spans[k].second + 2;
    for (std::size_t r = 0; r < d.relations.size(); ++r) {
      auto it = paged.evidence_page.find({is.docs[k], r});
      d.relations[r].evidence.page =
          it == paged.evidence_page.end() ? d.first_page : it->second + 2;
    }
  }
  std::vector<PageDraw> pages;
  pages.push_back(is.layout == Layout::Vertical ? vertical_cover(ts, is, corpus)
                                                : cover(ts, is, corpus));
  for (auto& pg : paged.content) pages.push_back(std::move(pg));

  const auto dir = opt.out / "scans" / is.dir();
  std::filesystem::create_directories(dir);
  is.pages.clear();
  Rng rng(seed);
  for (std::size_t i = 0; i < pages.size(); ++i) {
    PageDraw& pd = pages[i];
    const int seq = static_cast<int>(i) + 1;
    std::optional<std::string> footer;
    if (i > 0) {
      footer = "— " + std::to_string(seq) + " —";
      pd.text.push_back(*footer);
    }
    SurfacePtr surf = ts.draw(pd, footer);
    bool colour = !pd.seals.empty();
    Rng page_rng = rng.fork(static_cast<std::uint64_t>(seq));
    PixPtr pix = degrade(pix_from_surface(surf.get(), is.dpi), is.profile, colour, page_rng);
    surf.reset();
    char name[32];
    std::snprintf(name, sizeof name, "page-%04d.png", seq);
    write_png((dir / name).string(), pix.get(), colour, opt.small_png);
    PageTruth t;
    t.seq = seq;
    if (i > 0) t.printed_page = seq;
    t.source = is.dir() + "/" + name;
    for (std::size_t k = 0; k < pd.text.size(); ++k) t.text += (k ? "\n" : "") + pd.text[k];
    t.colour = colour;
    is.pages.push_back(std::move(t));
  }
}

}  // namespace gazette::corpora
