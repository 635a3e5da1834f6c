// A plugin written with the SDK's C++ wrapper whose constructor throws. The
// wrapper must catch the exception at the C boundary and hand its message to
// the host through sb_error.
#include <stdexcept>

#include "switchboard/sdk/plugin.hpp"

namespace {

class ThrowingExtension : public switchboard::sdk::ExtensionPlugin<ThrowingExtension> {
public:
    explicit ThrowingExtension(const switchboard::sdk::Host&) {
        throw std::runtime_error("spool directory /nonexistent/spool does not exist");
    }
};

}  // namespace

SB_DECLARE_PLUGIN_NO_OPTIONS(ThrowingExtension, "abi.create_throws", "0.9.0", "Throws from its constructor")
