// The bundle reader (pipeline/src/bundle.cc) on arbitrary bytes: it must refuse what it cannot
// read with InvalidInput, never write outside its staging folder, and stop at its caps.
#include <filesystem>

#include "bundle.h"
#include "fuzz_util.h"
#include "gazette/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fs = std::filesystem;
  const fs::path bundle = fuzz::write_input(data, size, "input.bundle");
  const fs::path dest = fuzz::scratch() / "staging";
  fs::remove_all(dest);
  // Small caps so that a bomb is caught quickly and memory and disk stay bounded.
  gazette::pipeline::BundleLimits limits;
  limits.max_entries = 64;
  limits.max_entry_size = 1 << 20;
  limits.max_total_size = 4 << 20;
  limits.ratio_floor = 1 << 20;
  try {
    gazette::pipeline::extract_bundle(bundle, dest, limits);
  } catch (const gazette::InvalidInput&) {
    // refused, as it should be for most inputs
  }
  // Nothing may land outside the staging folder.
  for (const auto& e : fs::directory_iterator(fuzz::scratch())) {
    const auto name = e.path().filename().string();
    if (name != "input.bundle" && name != "staging") __builtin_trap();
  }
  fs::remove_all(dest);
  return 0;
}
