#pragma once
// The software's identity, as PREMIS-style events and exports record it.
#include <string>

namespace gazette {

// The project version (CMake's PROJECT_VERSION), e.g. "0.1.0".
std::string software_version();
// The agent that events name: "gazette-archive <version>".
std::string software_agent();

}  // namespace gazette
