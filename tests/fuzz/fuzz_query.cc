// The search front-end (number lookup, Xapian query parsing with CJK n-grams, the per-word
// retry) over a small real index: any query either runs or is refused with InvalidInput.
#include <filesystem>
#include <memory>
#include <string>

#include "fuzz_util.h"
#include "gazette/error.h"
#include "gazette/index/searcher.h"
#include "gazette/index/shards.h"
#include "gazette/index/writer.h"

namespace {

gazette::index::Searcher& searcher() {
  static const std::unique_ptr<gazette::index::Searcher> s = [] {
    const auto dir = fuzz::scratch() / "index";
    std::filesystem::remove_all(dir);
    {
      gazette::index::Writer w(dir);
      gazette::Document d;
      d.id = "i000000000001-01";
      d.issue_id = "i000000000001";
      d.series = "浙江省人民政府公报";
      d.year = 2017;
      d.kind = gazette::DocumentKind::normative;
      d.title = "浙江省人民政府办公厅关于进一步加强政务公开工作的通知";
      d.number = "浙政办发〔2017〕42号";
      d.authority = "浙江省人民政府办公厅";
      d.signed_date = "2017-05-02";
      d.text = "各市、县（市、区）人民政府，省政府直属各单位：政务公开 is open government.";
      gazette::ValidityFacts facts;
      facts.kind = d.kind;
      facts.signed_date = d.signed_date;
      w.put({d, facts});
      w.commit();
    }
    return std::make_unique<gazette::index::Searcher>(
        std::vector<gazette::index::ShardLocation>{gazette::index::ShardLocation::local(dir)});
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  gazette::index::SearchRequest r;
  r.query.assign(reinterpret_cast<const char*>(data), size);
  r.as_of = "2020-01-01";
  try {
    const auto results = searcher().search(r);
    if (results.hits.size() > static_cast<std::size_t>(r.limit)) __builtin_trap();
  } catch (const gazette::InvalidInput&) {
  }
  return 0;
}
