#pragma once
// Printed dates: 2014年3月18日, ２０１４年３月１８日, 二〇一四年三月十八日, 2014-03-18.
// All functions return ISO YYYY-MM-DD strings and reject impossible dates.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

struct DateMatch {
  std::string iso;
  std::size_t begin = 0;  // byte offsets in the searched text
  std::size_t end = 0;
};

// The ISO date if `text` (trimmed) is exactly one date.
std::optional<std::string> parse_date(std::string_view text);

// Every complete date (year, month and day) printed in `text`.
std::vector<DateMatch> find_dates(std::string_view text);

bool is_valid_date(int year, int month, int day);
std::string iso_date(int year, int month, int day);
// Adds whole years (29 February becomes 28 February) and days to an ISO date.
std::string add_years(std::string_view iso, int years);
std::string add_days(std::string_view iso, int days);
// Today's date in UTC, ISO.
std::string today_iso();

}  // namespace gazette
