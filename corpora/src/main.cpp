// gazette-corpus: deterministic generator of gazette scans with ground truth.
#include <charconv>
#include <iostream>
#include <string_view>

#include "corpus.hpp"

#ifndef GAZETTE_CORPUS_TEXTS_DIR
#define GAZETTE_CORPUS_TEXTS_DIR "corpora/texts"
#endif

namespace {

constexpr const char* kUsage =
    "usage: gazette-corpus --out DIR [--seed N] [--preset tiny|sample|ocr-bench|structure-bench]\n"
    "                      [--issues N] [--profile clean|light|scanned|old|fax200|mixed] [--dpi "
    "N]\n"
    "                      [--texts DIR] [--small-png]\n";

long long parse_int(std::string_view flag, std::string_view v, long long lo, long long hi) {
  long long n = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi)
    throw std::invalid_argument(std::string(flag) + ": expected an integer in [" +
                                std::to_string(lo) + ", " + std::to_string(hi) + "], got '" +
                                std::string(v) + "'");
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace gazette::corpora;
  try {
    Options opt;
    opt.texts = GAZETTE_CORPUS_TEXTS_DIR;
    bool small_png_set = false;
    for (int i = 1; i < argc; ++i) {
      const std::string_view a = argv[i];
      if (a == "-h" || a == "--help") {
        std::cout << kUsage;
        return 0;
      }
      if (a == "--small-png") {
        opt.small_png = true;
        small_png_set = true;
        continue;
      }
      if (i + 1 >= argc) throw std::invalid_argument(std::string(a) + " needs a value");
      const std::string_view v = argv[++i];
      if (a == "--out")
        opt.out = std::string(v);
      else if (a == "--texts")
        opt.texts = std::string(v);
      else if (a == "--seed")
        opt.seed = static_cast<std::uint64_t>(parse_int(a, v, 0, (1LL << 62)));
      else if (a == "--preset")
        opt.preset = std::string(v);
      else if (a == "--issues")
        opt.issues = static_cast<int>(parse_int(a, v, 1, 500));
      else if (a == "--dpi")
        opt.dpi = static_cast<int>(parse_int(a, v, 72, 600));
      else if (a == "--profile") {
        bool ok = false;
        for (const auto& p : profile_names()) ok = ok || p == v;
        if (!ok) throw std::invalid_argument("unknown profile '" + std::string(v) + "'");
        opt.profile = std::string(v);
      } else {
        throw std::invalid_argument("unknown option '" + std::string(a) + "'");
      }
    }
    if (opt.out.empty()) throw std::invalid_argument("--out DIR is required");
    if (!small_png_set && opt.preset == "sample") opt.small_png = true;
    const Corpus c = generate(opt);
    std::size_t pages = 0;
    for (const auto& is : c.issues) pages += is.pages.size();
    std::cout << "gazette-corpus: " << c.issues.size() << " issues, " << pages << " pages, "
              << c.documents.size() << " documents -> " << opt.out.string() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "gazette-corpus: error: " << e.what() << "\n";
    return 1;
  }
}
