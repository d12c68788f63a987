// RAII wrappers for Leptonica / Cairo / Pango / GLib objects and the
// degradation profiles.
#pragma once

#include <cairo.h>
#include <leptonica/allheaders.h>
#include <pango/pangocairo.h>

#include <memory>
#include <string>

#include "util.hpp"

namespace gazette::corpora {

struct PixDeleter {
  void operator()(PIX* p) const noexcept { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct CairoSurfaceDeleter {
  void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoSurfaceDeleter>;

struct CairoDeleter {
  void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;

struct GObjectDeleter {
  void operator()(gpointer p) const noexcept { g_object_unref(p); }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectDeleter>;

struct FontDescDeleter {
  void operator()(PangoFontDescription* d) const noexcept { pango_font_description_free(d); }
};
using FontDescPtr = std::unique_ptr<PangoFontDescription, FontDescDeleter>;

/// Throws if a Leptonica call returned null.
PixPtr checked(PIX* p, const char* what);

/// Convert a cairo RGB24 surface into a 32 bpp PIX.
PixPtr pix_from_surface(cairo_surface_t* surface, int dpi);

/// Apply a degradation profile. `colour` says whether the page is to stay in
/// colour (red seal / yellowed paper); the result is 8 bpp grey otherwise.
PixPtr degrade(PixPtr pix, const std::string& profile, bool& colour, Rng& rng);

/// Write PNG (palette-quantised when small_png and colour).
void write_png(const std::string& path, PIX* pix, bool colour, bool small_png);

}  // namespace gazette::corpora
