// push.log entry point: options and the exported descriptor.
#include "log_push.hpp"

namespace {

using switchboard::sdk::option;

const sb_option kOptions[] = {
    option("file", SB_OPT_STRING, nullptr, false,
           "Also append each notification as one JSON line to this file (created if missing)"),
    option("log", SB_OPT_BOOL, "true", false, "Write each notification to the server log at info level"),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::push_log::LogPush, "push.log", "1.0.0",
                  "Writes the notifications it would send to the log and optionally a file (the default push plugin)",
                  kOptions)
