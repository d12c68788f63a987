#include "images.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <fstream>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <semaphore>
#include <sstream>
#include <system_error>
#include <thread>

#include "gazette/error.h"
#include "gazette/ocr/image.h"
#include "gazette/ocr/pdf.h"

namespace gazette::viewer::images {
namespace {

struct PixDeleter {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct BoxDeleter {
  void operator()(BOX* b) const { boxDestroy(&b); }
};
using BoxPtr = std::unique_ptr<BOX, BoxDeleter>;

[[noreturn]] void bad(const std::string& what) {
  throw InvalidInput("IIIF: " + what);
}

// A non-negative integer of at most 7 digits; nothing else.
int parse_uint(std::string_view s, const char* what) {
  if (s.empty() || s.size() > 7) bad(std::string("bad ") + what);
  int v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) bad(std::string("bad ") + what);
  return v;
}

// A non-negative decimal (digits with at most one '.'), at most 12 characters.
double parse_decimal(std::string_view s, const char* what) {
  if (s.empty() || s.size() > 12) bad(std::string("bad ") + what);
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      bad(std::string("bad ") + what);
    }
  }
  if (dots > 1 || s.front() == '.' || s.back() == '.') bad(std::string("bad ") + what);
  return std::stod(std::string(s));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

Box parse_region(std::string_view region, int width, int height) {
  if (region == "full") return {0, 0, width, height};
  if (region == "square") {
    const int side = std::min(width, height);
    const int x = (width - side) / 2, y = (height - side) / 2;
    return {x, y, x + side, y + side};
  }
  double x = 0, y = 0, w = 0, h = 0;
  if (region.starts_with("pct:")) {
    const auto parts = split(region.substr(4), ',');
    if (parts.size() != 4) bad("region pct: needs four numbers");
    x = parse_decimal(parts[0], "region") * width / 100.0;
    y = parse_decimal(parts[1], "region") * height / 100.0;
    w = parse_decimal(parts[2], "region") * width / 100.0;
    h = parse_decimal(parts[3], "region") * height / 100.0;
  } else {
    const auto parts = split(region, ',');
    if (parts.size() != 4) bad("region must be full, square, x,y,w,h or pct:x,y,w,h");
    x = parse_uint(parts[0], "region");
    y = parse_uint(parts[1], "region");
    w = parse_uint(parts[2], "region");
    h = parse_uint(parts[3], "region");
  }
  Box b{static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)), 0, 0};
  b.x1 = std::min<long>(width, std::lround(x + w));
  b.y1 = std::min<long>(height, std::lround(y + h));
  if (w <= 0 || h <= 0) bad("region has zero width or height");
  if (b.x0 >= width || b.y0 >= height || b.x1 <= b.x0 || b.y1 <= b.y0)
    bad("region lies outside the image");
  return b;
}

void check_bounds(int w, int h) {
  if (w < 1 || h < 1) bad("size must be at least 1 pixel");
  if (w > kMaxSide || h > kMaxSide || static_cast<long>(w) * h > kMaxArea)
    bad("size above the limit of " + std::to_string(kMaxSide) + " pixels a side and " +
        std::to_string(kMaxArea) + " pixels");
}

std::pair<int, int> parse_size(std::string_view size, int rw, int rh) {
  bool upscale = false;
  if (size.starts_with('^')) {
    upscale = true;
    size.remove_prefix(1);
  }
  double w = 0, h = 0;
  if (size == "max") {
    w = rw;
    h = rh;
    // "max" means the largest size the server allows, never more than the limits.
    const double f =
        std::min({1.0, static_cast<double>(kMaxSide) / rw, static_cast<double>(kMaxSide) / rh,
                  std::sqrt(static_cast<double>(kMaxArea) / (double(rw) * rh))});
    w = std::max(1.0, std::floor(rw * f));
    h = std::max(1.0, std::floor(rh * f));
  } else if (size.starts_with("pct:")) {
    const double n = parse_decimal(size.substr(4), "size");
    if (n <= 0) bad("size pct: must be above 0");
    if (n > 100 && !upscale) bad("size pct: above 100 needs ^");
    w = std::round(rw * n / 100.0);
    h = std::round(rh * n / 100.0);
  } else {
    bool confined = false;
    if (size.starts_with('!')) {
      confined = true;
      size.remove_prefix(1);
    }
    const auto parts = split(size, ',');
    if (parts.size() != 2) bad("size must be max, w, ,h, pct:n, w,h or !w,h");
    const bool has_w = !parts[0].empty(), has_h = !parts[1].empty();
    if (!has_w && !has_h) bad("size needs a width or a height");
    const int pw = has_w ? parse_uint(parts[0], "size") : 0;
    const int ph = has_h ? parse_uint(parts[1], "size") : 0;
    if ((has_w && pw == 0) || (has_h && ph == 0)) bad("size must be at least 1 pixel");
    if (confined) {
      if (!has_w || !has_h) bad("!w,h needs both");
      const double f = std::min(static_cast<double>(pw) / rw, static_cast<double>(ph) / rh);
      w = std::max(1.0, std::floor(rw * f));
      h = std::max(1.0, std::floor(rh * f));
    } else if (has_w && has_h) {
      w = pw;
      h = ph;
    } else if (has_w) {
      w = pw;
      h = std::max(1.0, std::round(static_cast<double>(rh) * pw / rw));
    } else {
      h = ph;
      w = std::max(1.0, std::round(static_cast<double>(rw) * ph / rh));
    }
  }
  if (w > kMaxSide || h > kMaxSide || w * h > static_cast<double>(kMaxArea))
    bad("size above the limit of " + std::to_string(kMaxSide) + " pixels a side and " +
        std::to_string(kMaxArea) + " pixels");
  const int iw = static_cast<int>(w), ih = static_cast<int>(h);
  if (!upscale && (iw > rw || ih > rh)) bad("size larger than the region needs ^");
  check_bounds(iw, ih);
  return {iw, ih};
}

std::atomic<unsigned> tmp_counter{0};

void write_cache(const std::filesystem::path& file, const std::string& bytes) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) return;
  std::ostringstream tmp_name;
  tmp_name << file.filename().string() << ".tmp." << std::this_thread::get_id() << "."
           << tmp_counter++;
  const auto tmp = file.parent_path() / tmp_name.str();
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      out.close();
      std::filesystem::remove(tmp, ec);
      return;
    }
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

// Decodes one page of a kept original as 8-bit grey or 32-bit colour, without a colour map.
PixPtr decode(const Source& source) {
  PixPtr pix;
  try {
    if (ocr::is_pdf(source.file)) {
      pix.reset(ocr::render_pdf_page(source.file, source.index).release());
    } else {
      pix.reset(ocr::load_page_image(source.file, source.index).release());
    }
  } catch (const InvalidInput& e) {
    throw IoError(std::string("cannot decode the page image: ") + e.what());
  }
  if (!pix) throw IoError("cannot decode the page image");
  if (pixGetColormap(pix.get())) {
    pix.reset(pixRemoveColormap(pix.get(), REMOVE_CMAP_BASED_ON_SRC));
    if (!pix) throw IoError("cannot convert the page image");
  }
  if (pixGetDepth(pix.get()) != 8 && pixGetDepth(pix.get()) != 32) {
    pix.reset(pixConvertTo8(pix.get(), 0));
    if (!pix) throw IoError("cannot convert the page image");
  }
  return pix;
}

// The most recently used decoded pages, up to kDecodedCacheBytes: a viewer asks for many
// tiles of one page at once, and decoding a 300-dpi scan costs far more than cutting a tile.
// Threads that want a page being decoded wait for that decode instead of starting their own,
// and at most kDecoders decode at a time (decoding is CPU-bound; more would only add memory).
class DecodedCache {
 public:
  using Ptr = std::shared_ptr<PIX>;

  Ptr get(const Source& source) {
    const std::string key = source.sha256 + "#" + std::to_string(source.index);
    std::promise<Ptr> promise;
    std::shared_future<Ptr> future;
    bool mine = false;  // this call made the entry, so it decodes
    {
      std::lock_guard lock(mutex_);
      const auto it = std::find_if(entries_.begin(), entries_.end(),
                                   [&](const Entry& e) { return e.key == key; });
      if (it != entries_.end()) {
        entries_.splice(entries_.begin(), entries_, it);
        future = it->pix;
      } else {
        future = promise.get_future().share();
        entries_.push_front({key, future, 0});
        mine = true;
      }
    }
    if (!mine) return future.get();
    try {
      decoders_.acquire();
      Ptr pix;
      try {
        pix = Ptr(decode(source).release(), PixDeleter{});
      } catch (...) {
        decoders_.release();
        throw;
      }
      decoders_.release();
      promise.set_value(pix);
      account(key, static_cast<std::size_t>(pixGetWpl(pix.get())) * 4 *
                       static_cast<std::size_t>(pixGetHeight(pix.get())));
      return pix;
    } catch (...) {
      promise.set_exception(std::current_exception());
      forget(key);  // the next request tries again
      throw;
    }
  }

 private:
  static constexpr std::ptrdiff_t kDecoders = 2;
  struct Entry {
    std::string key;
    std::shared_future<Ptr> pix;
    std::size_t bytes = 0;  // 0 while decoding
  };

  void account(const std::string& key, std::size_t bytes) {
    std::lock_guard lock(mutex_);
    const auto it = std::find_if(entries_.begin(), entries_.end(),
                                 [&](const Entry& e) { return e.key == key; });
    if (it == entries_.end()) return;  // evicted while decoding
    it->bytes = bytes;
    bytes_ += bytes;
    // Oldest first; the page just decoded stays even when it alone exceeds the budget.
    while (bytes_ > kDecodedCacheBytes && entries_.size() > 1) {
      auto victim = std::prev(entries_.end());
      bytes_ -= victim->bytes;
      entries_.erase(victim);
    }
  }

  void forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.remove_if([&](const Entry& e) { return e.key == key && e.bytes == 0; });
  }

  std::mutex mutex_;
  std::list<Entry> entries_;
  std::size_t bytes_ = 0;
  std::counting_semaphore<kDecoders> decoders_{kDecoders};
};

std::shared_ptr<PIX> decoded(const Source& source) {
  static DecodedCache cache;
  return cache.get(source);
}

}  // namespace

int page_index(std::string_view source) {
  const auto hash = source.rfind("#page=");
  if (hash == std::string_view::npos) return 0;
  int n = 0;
  const auto digits = source.substr(hash + 6);
  const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || p != digits.data() + digits.size() || n < 1) return 0;
  return n - 1;
}

std::pair<int, int> image_size(const Source& source) {
  static std::mutex mutex;
  static std::map<std::string, std::pair<int, int>> sizes;
  const std::string key = source.sha256 + "#" + std::to_string(source.index);
  {
    std::lock_guard lock(mutex);
    if (const auto it = sizes.find(key); it != sizes.end()) return it->second;
  }
  int w = 0, h = 0;
  if (source.index == 0 && !ocr::is_pdf(source.file)) {
    l_int32 format = 0, bps = 0, spp = 0, cmap = 0;
    if (pixReadHeader(source.file.c_str(), &format, &w, &h, &bps, &spp, &cmap) != 0)
      throw IoError("cannot read the page image header");
  } else {
    // Later pages of a TIFF and PDF pages: the header does not tell, the decoded page does
    // (and stays in the decoded cache for the tiles that follow).
    const auto pix = decoded(source);
    w = pixGetWidth(pix.get());
    h = pixGetHeight(pix.get());
  }
  if (w <= 0 || h <= 0) throw IoError("cannot read the page image header");
  std::lock_guard lock(mutex);
  if (sizes.size() > 100000) sizes.clear();
  sizes[key] = {w, h};
  return {w, h};
}

ImageRequest parse_request(std::string_view region, std::string_view size,
                           std::string_view rotation, std::string_view quality_format, int width,
                           int height) {
  if (width <= 0 || height <= 0) throw NotFound("this page has no image");
  ImageRequest r;
  r.region = parse_region(region, width, height);
  const auto [w, h] = parse_size(size, r.region.width(), r.region.height());
  r.width = w;
  r.height = h;
  if (rotation != "0") bad("only rotation 0 is supported");
  const auto dot = quality_format.rfind('.');
  if (dot == std::string_view::npos) bad("quality.format expected");
  r.quality = std::string(quality_format.substr(0, dot));
  r.format = std::string(quality_format.substr(dot + 1));
  if (r.quality != "default" && r.quality != "color" && r.quality != "gray" &&
      r.quality != "bitonal")
    bad("quality must be default, color, gray or bitonal");
  if (r.format != "jpg" && r.format != "png") bad("format must be jpg or png");
  r.cache_key = std::to_string(r.region.x0) + "," + std::to_string(r.region.y0) + "," +
                std::to_string(r.region.width()) + "," + std::to_string(r.region.height()) + "_" +
                std::to_string(r.width) + "," + std::to_string(r.height) + "_" + r.quality + "." +
                r.format;
  return r;
}

Rendered render(const Source& source, const ImageRequest& request,
                const std::filesystem::path& cache_root) {
  Rendered out;
  out.content_type = request.format == "png" ? "image/png" : "image/jpeg";
  const auto& sha256 = source.sha256;
  const bool cacheable =
      sha256.size() == 64 && std::all_of(sha256.begin(), sha256.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
  const auto cached =
      cache_root / sha256 /
      ((source.index > 0 ? "p" + std::to_string(source.index + 1) + "_" : std::string()) +
       request.cache_key);
  if (cacheable) {
    std::ifstream in(cached, std::ios::binary);
    if (in) {
      out.bytes.assign(std::istreambuf_iterator<char>(in), {});
      if (!out.bytes.empty()) return out;
    }
  }

  // The decoded page is shared between threads: it is only read, and every step below makes
  // a new image (`work`) rather than a clone, whose reference count Leptonica does not guard.
  const std::shared_ptr<PIX> page = decoded(source);
  PixPtr work;
  auto current = [&] { return work ? work.get() : page.get(); };
  const auto& g = request.region;
  if (g.x0 != 0 || g.y0 != 0 || g.x1 != pixGetWidth(page.get()) ||
      g.y1 != pixGetHeight(page.get())) {
    BoxPtr box(boxCreate(g.x0, g.y0, g.width(), g.height()));
    work.reset(pixClipRectangle(page.get(), box.get(), nullptr));
    if (!work) throw IoError("cannot crop the page image");
  }
  if (request.width != pixGetWidth(current()) || request.height != pixGetHeight(current())) {
    work.reset(pixScaleToSize(current(), request.width, request.height));
    if (!work) throw IoError("cannot scale the page image");
  }
  if (request.quality == "gray" && pixGetDepth(current()) != 8) {
    work.reset(pixConvertTo8(current(), 0));
  } else if (request.quality == "bitonal") {
    PixPtr bin(pixConvertTo1(current(), 160));
    if (!bin) throw IoError("cannot binarise the page image");
    // JPEG cannot hold 1 bpp; PNG keeps it small.
    work.reset(request.format == "jpg" ? pixConvertTo8(bin.get(), 0) : bin.release());
  }
  if (!current()) throw IoError("cannot convert the page image");

  l_uint8* data = nullptr;
  size_t size = 0;
  const l_ok rc = request.format == "png" ? pixWriteMem(&data, &size, current(), IFF_PNG)
                                          : pixWriteMemJpeg(&data, &size, current(), 85, 0);
  if (rc != 0 || !data) {
    if (data) lept_free(data);
    throw IoError("cannot encode the page image");
  }
  out.bytes.assign(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  if (cacheable) write_cache(cached, out.bytes);
  return out;
}

}  // namespace gazette::viewer::images
