// The document-number (文号 / 令号) parser: no crash on any bytes, matches inside the text,
// and normalising is idempotent.
#include <string>

#include "gazette/docnumber.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto n = gazette::normalize_number(text)) {
    if (gazette::normalize_number(*n) != *n) __builtin_trap();
    gazette::is_order_number(*n);
  }
  std::size_t last = 0;
  for (const auto& m : gazette::find_numbers(text)) {
    if (m.begin >= m.end || m.end > text.size() || m.begin < last) __builtin_trap();
    if (gazette::normalize_number(m.number) != m.number) __builtin_trap();
    last = m.begin;
  }
  return 0;
}
