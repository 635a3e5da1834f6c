// A transport for kernel tests: records every frame the kernel sends, per
// connection, instead of writing to a socket.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/runtime/payload.hpp"
#include "switchboard/runtime/transport_handle.hpp"

namespace switchboard::chat::testing {

class FakeTransport {
public:
    FakeTransport() {
        handle_.vtable.struct_size = sizeof(handle_.vtable);
        handle_.vtable.send = &FakeTransport::send;
        handle_.vtable.close = &FakeTransport::close;
        handle_.instance = this;
        handle_.plugin_id = "transport.fake";
    }
    FakeTransport(const FakeTransport&) = delete;
    FakeTransport& operator=(const FakeTransport&) = delete;

    const runtime::TransportHandle* handle() const noexcept { return &handle_; }

    // The `data` of each event named `name` sent to `conn`, oldest first.
    std::vector<nlohmann::json> events(uint64_t conn, std::string_view name) const {
        std::vector<nlohmann::json> out;
        auto it = sent.find(conn);
        if (it == sent.end()) return out;
        for (const auto& bytes : it->second) {
            nlohmann::json frame = nlohmann::json::parse(bytes);
            if (frame.contains("event") && frame["event"] == name) out.push_back(frame["data"]);
        }
        return out;
    }
    size_t frame_count(uint64_t conn) const {
        auto it = sent.find(conn);
        return it == sent.end() ? 0 : it->second.size();
    }
    void clear() { sent.clear(); }

    std::map<uint64_t, std::vector<std::string>> sent;  // frames by connection id
    std::set<uint64_t> closed;

private:
    static sb_status send(void* self, uint64_t conn, sb_payload* payload) {
        static_cast<FakeTransport*>(self)->sent[conn].push_back(payload->bytes);
        return SB_OK;
    }
    static void close(void* self, uint64_t conn, uint32_t, sb_str) { static_cast<FakeTransport*>(self)->closed.insert(conn); }

    runtime::TransportHandle handle_;
};

}  // namespace switchboard::chat::testing
