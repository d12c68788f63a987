#pragma once
// Document numbers (文号 and 令号): normalising the printed or OCR-damaged forms.
//
//   浙政办发[2014]36号, 浙政办发（２０１４）３６号, 浙政办发 【2014】 36 号 → 浙政办发〔2014〕36号
//   浙江省人民政府令第 321 号                                         → 浙江省人民政府令第321号
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

struct NumberMatch {
  std::string number;     // normalised
  std::size_t begin = 0;  // byte offsets of the printed form in the searched text
  std::size_t end = 0;
};

// The normalised number if `text` (trimmed) is exactly one document number, else nullopt.
std::optional<std::string> normalize_number(std::string_view text);

// Every document number printed in `text`, in order of appearance.
std::vector<NumberMatch> find_numbers(std::string_view text);

// A number issued by the province whose government or office `authority` names (浙江省人民政府
// → 浙, 广东省人民政府办公厅 → 粤), read by OCR: an issuer code that is one of the province's
// codes (浙政发, 粤府办 …) but for confusable characters (新政发, 细奉办) gets the province's
// spelling. Numbers of other issuers, 令号 and authorities naming no province come back
// unchanged. For a document's own number and the acts it repeals, not for what it cites.
// A document's own number (`Whose::own`) must carry its province's abbreviation, so there any
// first character that abbreviates no issuer (潭政发, 外府) is repaired too; a repealed act's
// number may be a city's (杭政发), so only the known look-alikes are.
enum class Whose { own, target };
std::string repair_for_authority(std::string_view normalized, std::string_view authority,
                                 Whose whose = Whose::target);

// True for 令号 (…令第N号).
bool is_order_number(std::string_view normalized);

}  // namespace gazette
