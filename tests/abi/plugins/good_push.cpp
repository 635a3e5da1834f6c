// A well-formed push plugin written with the SDK's C++ wrapper. Its send()
// answers from the notification's token, so a test can drive every path of
// the wrapper: "delivered", "retry" (Retry-After 1500 ms), "dead", "busy" (a
// status, done not called) and "throw" (an exception caught at the boundary).
#include <stdexcept>
#include <string>

#include "switchboard/sdk/push.hpp"

namespace {

using switchboard::sdk::Notification;
using switchboard::sdk::PushDone;

class GoodPush : public switchboard::sdk::PushPlugin<GoodPush> {
public:
    explicit GoodPush(const switchboard::sdk::Host&) {}

    sb_status send(const Notification& n, PushDone done) {
        if (n.token == "busy") return SB_ERR_BUSY;
        if (n.token == "throw") throw std::runtime_error("token " + std::string(n.token) + " is not accepted");
        if (n.token == "retry") done.retry(429, "TooManyRequests", 1500);
        else if (n.token == "dead") done.dead_token(410, "Unregistered");
        else done.delivered(200);
        return SB_OK;
    }
};

}  // namespace

SB_DECLARE_PLUGIN_NO_OPTIONS(GoodPush, "abi.good_push", "1.0.0", "A well-formed push plugin for the ABI tests")
