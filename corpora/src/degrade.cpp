#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "raster.hpp"

namespace gazette::corpora {

PixPtr checked(PIX* p, const char* what) {
  if (p == nullptr) throw std::runtime_error(std::string("leptonica: ") + what + " failed");
  return PixPtr(p);
}

PixPtr pix_from_surface(cairo_surface_t* surface, int dpi) {
  cairo_surface_flush(surface);
  const int w = cairo_image_surface_get_width(surface);
  const int h = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  if (data == nullptr) throw std::runtime_error("cairo surface has no data");
  PixPtr pix = checked(pixCreate(w, h, 32), "pixCreate");
  pixSetResolution(pix.get(), dpi, dpi);
  l_uint32* pd = pixGetData(pix.get());
  const int wpl = pixGetWpl(pix.get());
  for (int y = 0; y < h; ++y) {
    const auto* src =
        reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    l_uint32* dst = pd + static_cast<std::ptrdiff_t>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      const std::uint32_t v = src[x];
      composeRGBPixel(static_cast<l_int32>((v >> 16) & 0xff), static_cast<l_int32>((v >> 8) & 0xff),
                      static_cast<l_int32>(v & 0xff), dst + x);
    }
  }
  return pix;
}

namespace {

int clamp255(double v) {
  return static_cast<int>(std::clamp(v, 0.0, 255.0) + 0.5);
}

// Apply f(x, y, channel value) -> value to every channel of a 8 or 32 bpp pix.
template <class F>
void per_pixel(PIX* pix, F f) {
  const int w = static_cast<int>(pixGetWidth(pix)), h = static_cast<int>(pixGetHeight(pix)),
            d = pixGetDepth(pix);
  l_uint32* data = pixGetData(pix);
  const int wpl = pixGetWpl(pix);
  for (int y = 0; y < h; ++y) {
    l_uint32* line = data + static_cast<std::ptrdiff_t>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      if (d == 8) {
        SET_DATA_BYTE(line, x,
                      static_cast<l_uint32>(f(x, y, 0, static_cast<int>(GET_DATA_BYTE(line, x)))));
      } else {
        l_int32 r = 0, g = 0, b = 0;
        extractRGBValues(line[x], &r, &g, &b);
        composeRGBPixel(f(x, y, 0, r), f(x, y, 1, g), f(x, y, 2, b), line + x);
      }
    }
  }
}

PixPtr rotate(PixPtr pix, double degrees) {
  if (std::abs(degrees) < 1e-3) return pix;
  return checked(pixRotate(pix.get(), static_cast<l_float32>(degrees * M_PI / 180.0),
                           L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0),
                 "pixRotate");
}

PixPtr blur(PixPtr pix, int half) {
  return checked(pixBlockconv(pix.get(), half, half), "pixBlockconv");
}

void gaussian_noise(PIX* pix, double sigma, Rng& rng) {
  per_pixel(pix, [&](int, int, int, int v) { return clamp255(v + sigma * rng.normal()); });
}

// Sparse noise: only a fraction of pixels is disturbed (keeps PNGs small).
void sparse_noise(PIX* pix, double fraction, double sigma, Rng& rng) {
  per_pixel(pix, [&](int, int, int c, int v) {
    if (c != 0 && pixGetDepth(pix) == 32) return v;
    return rng.chance(fraction) ? clamp255(v - std::abs(sigma * rng.normal())) : v;
  });
}

void speckle(PIX* pix, int count, int max_radius, Rng& rng) {
  const int w = static_cast<int>(pixGetWidth(pix)), h = static_cast<int>(pixGetHeight(pix));
  const bool grey = pixGetDepth(pix) == 8;
  for (int i = 0; i < count; ++i) {
    const int cx = static_cast<int>(rng.uniform(0, w - 1)),
              cy = static_cast<int>(rng.uniform(0, h - 1));
    const int r = static_cast<int>(rng.uniform(0, max_radius));
    const int level = static_cast<int>(rng.uniform(20, 140));
    for (int y = std::max(0, cy - r); y <= std::min(h - 1, cy + r); ++y)
      for (int x = std::max(0, cx - r); x <= std::min(w - 1, cx + r); ++x) {
        if ((x - cx) * (x - cx) + (y - cy) * (y - cy) > r * r) continue;
        if (grey)
          pixSetPixel(pix, x, y, static_cast<l_uint32>(level));
        else {
          l_uint32 v = 0;
          composeRGBPixel(level, level, level, &v);
          pixSetPixel(pix, x, y, v);
        }
      }
  }
}

// Uneven illumination: smooth multiplicative gradient plus a darker binding edge.
void illumination(PIX* pix, double strength, Rng& rng) {
  const double w = pixGetWidth(pix), h = pixGetHeight(pix);
  const double ax = rng.real(-1, 1), ay = rng.real(-1, 1);
  const bool left_binding = rng.chance(0.5);
  per_pixel(pix, [&](int x, int y, int, int v) {
    const double u = x / w, t = y / h;
    double f = 1.0 - strength * (0.5 + 0.5 * (ax * (u - 0.5) + ay * (t - 0.5)));
    const double edge = left_binding ? u : 1.0 - u;
    if (edge < 0.06) f *= 0.80 + 0.20 * (edge / 0.06);
    return clamp255(v * f);
  });
}

// Fade ink: move dark values towards paper.
void fade(PIX* pix, double amount) {
  per_pixel(pix,
            [&](int, int, int, int v) { return clamp255(255.0 - (255.0 - v) * (1.0 - amount)); });
}

void yellow(PIX* pix, Rng& rng) {
  const double tone = rng.real(0.0, 0.06);
  const double mul[3] = {1.0, 0.93 - tone, 0.78 - 2 * tone};
  per_pixel(pix, [&](int, int, int c, int v) { return clamp255(v * mul[c] + (c == 2 ? 6 : 0)); });
}

PixPtr to_grey(PixPtr pix) {
  if (pixGetDepth(pix.get()) == 8) return pix;
  return checked(pixConvertRGBToLuminance(pix.get()), "pixConvertRGBToLuminance");
}

}  // namespace

PixPtr degrade(PixPtr pix, const std::string& profile, bool& colour, Rng& rng) {
  if (!colour || profile == "fax200") {
    colour = false;
    pix = to_grey(std::move(pix));
  }
  if (profile == "clean") return pix;
  if (profile == "light") {
    pix = rotate(std::move(pix), rng.real(-0.5, 0.5));
    sparse_noise(pix.get(), 0.004, 60, rng);
    speckle(pix.get(), 60, 2, rng);
    return pix;
  }
  if (profile == "scanned") {
    pix = rotate(std::move(pix), rng.real(-1.5, 1.5));
    pix = blur(std::move(pix), 1);
    illumination(pix.get(), 0.12, rng);
    gaussian_noise(pix.get(), 5.0, rng);
    speckle(pix.get(), 400, 3, rng);
    return pix;
  }
  if (profile == "old") {
    if (!colour) {
      // old paper is shown in colour even without a seal
      pix = checked(pixConvertTo32(pix.get()), "pixConvertTo32");
      colour = true;
    }
    fade(pix.get(), rng.real(0.25, 0.4));
    pix = blur(std::move(pix), 1);
    yellow(pix.get(), rng);
    illumination(pix.get(), 0.18, rng);
    gaussian_noise(pix.get(), 7.0, rng);
    speckle(pix.get(), 900, 3, rng);
    pix = rotate(std::move(pix), rng.real(-1.2, 1.2));
    return pix;
  }
  if (profile == "fax200") {
    pix = rotate(std::move(pix), rng.real(-0.8, 0.8));
    gaussian_noise(pix.get(), 18.0, rng);
    // bilevel-ish: hard threshold, then a little salt and pepper
    per_pixel(pix.get(), [&](int, int, int, int v) {
      const int b = v < 150 ? 0 : 255;
      return rng.chance(0.0015) ? 255 - b : b;
    });
    return pix;
  }
  throw std::invalid_argument("unknown degradation profile '" + profile + "'");
}

void write_png(const std::string& path, PIX* pix, bool colour, bool small_png) {
  PixPtr quant;
  PIX* out = pix;
  if (colour && small_png) {
    // Median-cut keeps the near-white paper white; octree quantisation mapped some noisy
    // light pages to a black background.
    quant = checked(pixMedianCutQuantGeneral(pix, 0, 8, 64, 0, 1, 0), "pixMedianCutQuantGeneral");
    out = quant.get();
  }
  if (pixWrite(path.c_str(), out, IFF_PNG) != 0)
    throw std::runtime_error("cannot write PNG " + path);
}

}  // namespace gazette::corpora
