// The printed-date parser: no crash on any bytes; every date it returns is a real ISO date
// that parses to itself, found inside the text.
#include <string>

#include "gazette/dates.h"

namespace {
bool valid_iso(const std::string& iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return false;
  for (const int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (iso[static_cast<std::size_t>(i)] < '0' || iso[static_cast<std::size_t>(i)] > '9')
      return false;
  return gazette::is_valid_date(std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)),
                                std::stoi(iso.substr(8, 2)));
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto d = gazette::parse_date(text)) {
    if (!valid_iso(*d) || gazette::parse_date(*d) != *d) __builtin_trap();
  }
  for (const auto& m : gazette::find_dates(text)) {
    if (!valid_iso(m.iso) || m.begin >= m.end || m.end > text.size()) __builtin_trap();
  }
  return 0;
}
