#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

#include "switchboard/runtime/payload.hpp"
#include "switchboard/runtime/transport_handle.hpp"

namespace switchboard::runtime {

// One client connection, on whichever transport, as the kernel tracks it.
// Kernel-thread only.
class Session {
public:
    Session(uint64_t id, const TransportHandle* transport, std::string remote_address, bool stateless)
        : id_(id), transport_(transport), remote_address_(std::move(remote_address)), stateless_(stateless) {}

    uint64_t id() const noexcept { return id_; }
    const std::string& remote_address() const noexcept { return remote_address_; }
    const std::string& transport_id() const noexcept { return transport_->plugin_id; }
    bool stateless() const noexcept { return stateless_; }

    bool authenticated() const noexcept { return !user_id_.empty(); }
    const std::string& user_id() const noexcept { return user_id_; }
    const std::string& device_id() const noexcept { return device_id_; }
    void bind(std::string user_id, std::string device_id) {
        user_id_ = std::move(user_id);
        device_id_ = std::move(device_id);
    }

    // Queues `payload` on the transport; false when the transport refused it
    // (gone, or its bounded queue overflowed and it is cutting the client off).
    bool send(const Payload& payload) const;
    // The answer to a request: on a stateless connection whose transport has
    // `answer` (ABI 1.1), with `refusal` (SB_OK, or why the host refused the
    // request before any op ran); otherwise like send.
    bool answer(const Payload& payload, sb_status refusal) const;

    // Credentials a stateless connection came with (sb_conn_info, ABI 1.1).
    const std::string& bearer_token() const noexcept { return bearer_token_; }
    const std::string& api_key() const noexcept { return api_key_; }
    void set_credentials(std::string bearer_token, std::string api_key) {
        bearer_token_ = std::move(bearer_token);
        api_key_ = std::move(api_key);
    }
    void close(uint32_t code, std::string_view reason) const;

    // Token bucket of requests per second: true when a request may proceed.
    bool take_request_token(int64_t now_ms, double per_second, double burst);

    uint32_t in_flight = 0;  // requests received and not answered yet
    bool background = false;  // the app said it is in the background (device.state): it still gets pushes
    std::unordered_set<std::string> presence_targets;  // users whose presence this session follows

private:
    uint64_t id_;
    const TransportHandle* transport_;
    std::string remote_address_;
    bool stateless_;
    std::string user_id_;
    std::string device_id_;
    std::string bearer_token_;
    std::string api_key_;
    double tokens_ = -1;  // negative: bucket not started
    int64_t refilled_at_ = 0;
};

}  // namespace switchboard::runtime
