#pragma once
// Helpers shared by the table-driven unit tests: printable optionals and byte spans.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gazette::test {

inline std::string show(const std::optional<std::string>& v) {
  return v ? "\"" + *v + "\"" : std::string("nullopt");
}

inline std::string show(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string("nullopt");
}

// Byte offset of `printed` in `text` at or after `from`; npos when absent.
inline std::size_t locate(std::string_view text, std::string_view printed, std::size_t from) {
  return text.find(printed, from);
}

}  // namespace gazette::test
