// Small deterministic utilities for the corpus generator: PRNG with portable
// distributions, civil dates, Chinese numerals, UTF-8 helpers, JSON writing.
#pragma once

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::corpora {

/// Seeded PRNG. Distributions are implemented by hand so that the output is
/// identical across standard libraries (std::*_distribution is not portable).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t next() { return engine_(); }
  /// Uniform integer in [lo, hi] (inclusive), unbiased by rejection.
  std::int64_t uniform(std::int64_t lo, std::int64_t hi);
  /// Uniform real in [0, 1).
  double real() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double real(double lo, double hi) { return lo + (hi - lo) * real(); }
  bool chance(double p) { return real() < p; }
  /// Standard normal via Box–Muller (uses only portable libm functions).
  double normal();
  template <class T>
  const T& pick(const std::vector<T>& v) {
    if (v.empty()) throw std::logic_error("Rng::pick on empty vector");
    return v[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(v.size()) - 1))];
  }
  /// Derive an independent stream (e.g. one per page) from this one.
  Rng fork(std::uint64_t salt) { return Rng(engine_() ^ (salt * 0x9E3779B97F4A7C15ULL)); }

 private:
  std::mt19937_64 engine_;
};

struct Date {
  int y = 1970, m = 1, d = 1;
  auto operator<=>(const Date&) const = default;
  [[nodiscard]] std::string iso() const;
  [[nodiscard]] std::int64_t days() const;  // days since 1970-01-01
  static Date from_days(std::int64_t z);
  [[nodiscard]] Date add_days(std::int64_t n) const { return from_days(days() + n); }
  [[nodiscard]] Date add_years(int n) const;  // Feb 29 -> Feb 28
  static Date parse(std::string_view iso);
};
int days_in_month(int y, int m);

/// 2017年5月17日
std::string date_arabic(const Date& d);
/// 二〇一七年五月十七日
std::string date_chinese(const Date& d);
/// 一九五三 (digit by digit, 〇 for zero)
std::string digits_chinese(long n);
/// 十七, 二十一, 一百二十三 (counting form)
std::string count_chinese(long n);
/// ０１２… full-width digits
std::string fullwidth_digits(std::string_view s);

/// Split UTF-8 text into code points (each returned as a string).
std::vector<std::string> utf8_chars(std::string_view s);
std::size_t utf8_length(std::string_view s);

std::string json_escape(std::string_view s);  // no \u escaping of non-ASCII

/// Minimal streaming JSON object builder (one line).
class JsonObject {
 public:
  JsonObject& str(std::string_view key, std::string_view value);
  JsonObject& str_or_null(std::string_view key, const std::string* value);
  JsonObject& num(std::string_view key, long long value);
  JsonObject& num_or_null(std::string_view key, const int* value);
  JsonObject& raw(std::string_view key, std::string_view json);
  JsonObject& boolean(std::string_view key, bool value);
  [[nodiscard]] std::string done() const { return body_ + "}"; }

 private:
  void key(std::string_view k);
  std::string body_ = "{";
  bool first_ = true;
};

void replace_all(std::string& s, std::string_view from, std::string_view to);

}  // namespace gazette::corpora
