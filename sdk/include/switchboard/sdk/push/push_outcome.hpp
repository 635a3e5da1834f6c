// Switchboard push kit (header-only): how one send went, in the terms of
// sb_push_result, with the mapping every HTTP provider starts from.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "switchboard/push.h"
#include "switchboard/sdk/push.hpp"

namespace switchboard::sdk::push {

struct PushOutcome {
    sb_push_outcome outcome = SB_PUSH_RETRY;
    int32_t http_status = 0;  // 0 when no HTTP answer
    std::string reason;       // the provider's error code, or what failed
    int64_t retry_after_ms = 0;

    static PushOutcome delivered(int32_t http_status) { return {SB_PUSH_DELIVERED, http_status, {}, 0}; }
    static PushOutcome retry(int32_t http_status, std::string reason, int64_t retry_after_ms = 0) {
        return {SB_PUSH_RETRY, http_status, std::move(reason), retry_after_ms};
    }
    static PushOutcome dead_token(int32_t http_status, std::string reason) {
        return {SB_PUSH_DEAD_TOKEN, http_status, std::move(reason), 0};
    }
    static PushOutcome rejected(int32_t http_status, std::string reason) {
        return {SB_PUSH_REJECTED, http_status, std::move(reason), 0};
    }

    // Calls the kernel's done with this outcome.
    void report(const PushDone& done) const noexcept { done.report(outcome, http_status, reason, retry_after_ms); }

    // The default reading of an HTTP answer: 2xx delivered; 408, 429 and 5xx
    // transient (retry, honouring Retry-After); any other status permanent.
    // Providers check their dead-token answers before falling back to this.
    static PushOutcome from_http(int32_t http_status, std::string reason, int64_t retry_after_ms) {
        if (http_status >= 200 && http_status < 300) return delivered(http_status);
        if (http_status == 408 || http_status == 429 || http_status >= 500)
            return retry(http_status, std::move(reason), retry_after_ms);
        return rejected(http_status, std::move(reason));
    }
};

}  // namespace switchboard::sdk::push
