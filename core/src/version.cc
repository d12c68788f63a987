#include "gazette/version.h"

namespace gazette {

std::string software_version() {
  return GAZETTE_VERSION;
}

std::string software_agent() {
  return std::string("gazette-archive ") + GAZETTE_VERSION;
}

}  // namespace gazette
