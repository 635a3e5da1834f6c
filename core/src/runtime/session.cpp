#include "switchboard/runtime/session.hpp"

#include <algorithm>

namespace switchboard::runtime {

bool Session::send(const Payload& payload) const {
    return transport_->vtable.send(transport_->instance, id_, payload.get()) == SB_OK;
}

bool Session::answer(const Payload& payload, sb_status refusal) const {
    if (stateless_ && transport_->vtable.answer)
        return transport_->vtable.answer(transport_->instance, id_, payload.get(), refusal) == SB_OK;
    return send(payload);
}

void Session::close(uint32_t code, std::string_view reason) const {
    transport_->vtable.close(transport_->instance, id_, code, sb_str{reason.data(), reason.size()});
}

bool Session::take_request_token(int64_t now_ms, double per_second, double burst) {
    if (tokens_ < 0) {
        tokens_ = burst;
        refilled_at_ = now_ms;
    }
    tokens_ = std::min(burst, tokens_ + (now_ms - refilled_at_) * per_second / 1000.0);
    refilled_at_ = now_ms;
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

}  // namespace switchboard::runtime
