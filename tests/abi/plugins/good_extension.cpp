// A well-formed extension plugin written with the SDK's C++ wrapper. It logs
// each lifecycle step with its configuration so tests can follow it through
// the host's log; `fail_start: true` makes start() fail.
#include <string>

#include "switchboard/sdk/plugin.hpp"

namespace {

using switchboard::sdk::option;

class GoodExtension : public switchboard::sdk::ExtensionPlugin<GoodExtension> {
public:
    explicit GoodExtension(const switchboard::sdk::Host& host)
        : host_(host),
          greeting_(host.string("greeting")),
          repeat_(host.integer("repeat")),
          fail_start_(host.boolean("fail_start")) {
        const sb_host* table = host.raw();
        host_.info("created: greeting=" + greeting_ + " repeat=" + std::to_string(repeat_) + " host ABI " +
                   std::to_string(table->abi_major) + "." + std::to_string(table->abi_minor) +
                   (SB_HAS(table, conn_closed) ? " (complete 1.0 host table)" : " (short host table)"));
    }
    ~GoodExtension() { host_.info("destroyed"); }

    void start() {
        if (fail_start_) throw switchboard::sdk::Error(SB_ERR_UNAVAILABLE, "fail_start is set");
        host_.info("started");
    }
    void stop() { host_.info("stopped"); }

private:
    switchboard::sdk::Host host_;
    std::string greeting_;
    int64_t repeat_;
    bool fail_start_;
};

const sb_option kOptions[] = {
    option("greeting", SB_OPT_STRING, "hello", false, "What to log when created"),
    option("repeat", SB_OPT_INT, "1", false, "How many times to greet", 1, 10),
    option("fail_start", SB_OPT_BOOL, "false", false, "Make start() fail, to test the host's error path"),
};

}  // namespace

SB_DECLARE_PLUGIN(GoodExtension, "abi.good", "1.0.0", "A well-formed extension for the ABI tests", kOptions)
