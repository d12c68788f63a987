#include "util.hpp"

#include "gazette/json.h"

#include <cmath>
#include <cstdio>

namespace gazette::corpora {

std::int64_t Rng::uniform(std::int64_t lo, std::int64_t hi) {
  if (hi < lo) throw std::logic_error("Rng::uniform: empty range");
  const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1U;
  if (span == 0) return static_cast<std::int64_t>(engine_());
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % span);
  std::uint64_t x = 0;
  do {
    x = engine_();
  } while (x >= limit);
  return lo + static_cast<std::int64_t>(x % span);
}

double Rng::normal() {
  double u1 = real();
  if (u1 < 1e-300) u1 = 1e-300;
  const double u2 = real();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) throw std::invalid_argument("bad month");
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

// Howard Hinnant's civil-from-days algorithms.
std::int64_t Date::days() const {
  const int yy = y - (m <= 2 ? 1 : 0);
  const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const auto yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153U * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2U) / 5U +
                       static_cast<unsigned>(d) - 1U;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Date Date::from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t yy = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned dd = doy - (153 * mp + 2) / 5 + 1;
  const unsigned mm = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(yy + (mm <= 2 ? 1 : 0)), static_cast<int>(mm), static_cast<int>(dd)};
}

Date Date::add_years(int n) const {
  Date r{y + n, m, d};
  if (r.d > days_in_month(r.y, r.m)) r.d = days_in_month(r.y, r.m);
  return r;
}

Date Date::parse(std::string_view iso) {
  Date r;
  if (iso.size() != 10 || std::sscanf(std::string(iso).c_str(), "%d-%d-%d", &r.y, &r.m, &r.d) != 3)
    throw std::invalid_argument("bad ISO date: " + std::string(iso));
  if (r.m < 1 || r.m > 12 || r.d < 1 || r.d > days_in_month(r.y, r.m))
    throw std::invalid_argument("bad ISO date: " + std::string(iso));
  return r;
}

std::string date_arabic(const Date& d) {
  return std::to_string(d.y) + "年" + std::to_string(d.m) + "月" + std::to_string(d.d) + "日";
}

std::string digits_chinese(long n) {
  static const char* kDigit[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  std::string s = std::to_string(n), out;
  for (char c : s) out += kDigit[c - '0'];
  return out;
}

std::string count_chinese(long n) {
  static const char* kDigit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 0) throw std::invalid_argument("count_chinese: negative");
  if (n < 10) return n == 0 ? "〇" : kDigit[n];
  if (n < 20) return std::string("十") + (n % 10 ? kDigit[n % 10] : "");
  if (n < 100) return std::string(kDigit[n / 10]) + "十" + (n % 10 ? kDigit[n % 10] : "");
  if (n < 1000) {
    std::string s = std::string(kDigit[n / 100]) + "百";
    const long r = n % 100;
    if (r == 0) return s;
    if (r < 10) return s + "零" + kDigit[r];
    return s + (r < 20 ? std::string("一") + count_chinese(r) : count_chinese(r));
  }
  return digits_chinese(n);
}

std::string date_chinese(const Date& d) {
  return digits_chinese(d.y) + "年" + count_chinese(d.m) + "月" + count_chinese(d.d) + "日";
}

std::string fullwidth_digits(std::string_view s) {
  static const char* kFw[] = {"０", "１", "２", "３", "４", "５", "６", "７", "８", "９"};
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      out += kFw[c - '0'];
    else
      out += c;
  }
  return out;
}

std::vector<std::string> utf8_chars(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80         ? 1
                      : (c >> 5) == 6  ? 2
                      : (c >> 4) == 14 ? 3
                      : (c >> 3) == 30 ? 4
                                       : 0;
    if (len == 0 || i + len > s.size()) throw std::runtime_error("invalid UTF-8 in text");
    out.emplace_back(s.substr(i, len));
    i += len;
  }
  return out;
}

std::size_t utf8_length(std::string_view s) {
  return utf8_chars(s).size();
}

std::string json_escape(std::string_view s) { return gazette::json_escape(s); }

void JsonObject::key(std::string_view k) {
  if (!first_) body_ += ",";
  first_ = false;
  body_ += "\"" + json_escape(k) + "\":";
}
JsonObject& JsonObject::str(std::string_view k, std::string_view v) {
  key(k);
  body_ += "\"" + json_escape(v) + "\"";
  return *this;
}
JsonObject& JsonObject::str_or_null(std::string_view k, const std::string* v) {
  if (v == nullptr) return raw(k, "null");
  return str(k, *v);
}
JsonObject& JsonObject::num(std::string_view k, long long v) {
  key(k);
  body_ += std::to_string(v);
  return *this;
}
JsonObject& JsonObject::num_or_null(std::string_view k, const int* v) {
  if (v == nullptr) return raw(k, "null");
  return num(k, *v);
}
JsonObject& JsonObject::raw(std::string_view k, std::string_view json) {
  key(k);
  body_ += json;
  return *this;
}
JsonObject& JsonObject::boolean(std::string_view k, bool v) {
  return raw(k, v ? "true" : "false");
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

}  // namespace gazette::corpora
