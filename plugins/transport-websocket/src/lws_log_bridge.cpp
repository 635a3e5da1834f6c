#include "lws_log_bridge.hpp"

#include <libwebsockets.h>

#include <mutex>
#include <string>
#include <string_view>

namespace switchboard::plugins::transport_websocket {

namespace {

std::mutex& bridge_mutex() {
    static std::mutex mutex;
    return mutex;
}

const sb_host*& attached_host() {
    static const sb_host* host = nullptr;
    return host;
}

}  // namespace

void LwsLogBridge::attach(const sb_host* host) {
    std::lock_guard lock(bridge_mutex());
    attached_host() = host;
    lws_set_log_level(LLL_ERR | LLL_WARN, &LwsLogBridge::emit);
}

void LwsLogBridge::detach(const sb_host* host) {
    std::lock_guard lock(bridge_mutex());
    if (attached_host() != host) return;
    attached_host() = nullptr;
    lws_set_log_level(0, nullptr);
}

void LwsLogBridge::emit(int level, const char* line) {
    std::string_view text(line);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    std::string message = "libwebsockets: ";
    message += text;
    std::lock_guard lock(bridge_mutex());
    const sb_host* host = attached_host();
    if (host == nullptr) return;
    host->log(host->ctx, level == LLL_ERR ? SB_LOG_ERROR : SB_LOG_WARN, message.data(), message.size());
}

}  // namespace switchboard::plugins::transport_websocket
