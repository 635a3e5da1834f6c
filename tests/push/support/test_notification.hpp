#pragma once

#include <cstdint>
#include <string>

#include "switchboard/push.h"

namespace switchboard::tests::push {

// A notification that owns its strings; raw() is the ABI view the kernel would pass.
struct TestNotification {
    std::string id = "n-1";
    std::string user_id = "u_bob";
    std::string device_id = "d_phone";
    std::string provider;
    std::string token;
    std::string device_extra_json;
    sb_push_category category = SB_PUSH_MESSAGE;
    sb_push_priority priority = SB_PUSH_NORMAL;
    uint32_t ttl_seconds = 0;
    std::string title = "Alice";
    std::string body = "Hello Bob";
    std::string conversation_id = "c_1";
    std::string call_id;
    std::string collapse_key = "c_1";
    int64_t badge = 1;
    std::string data_json = R"({"event":"message.new","conversation_id":"c_1","seq":1,"sender_id":"u_alice"})";
    int64_t created_at_ms = 1'700'000'000'000;

    static sb_str str(const std::string& s) { return sb_str{s.data(), s.size()}; }

    sb_notification raw() const {
        sb_notification n{};
        n.struct_size = sizeof(n);
        n.id = str(id);
        n.user_id = str(user_id);
        n.device_id = str(device_id);
        n.provider = str(provider);
        n.token = str(token);
        n.device_extra_json = str(device_extra_json);
        n.category = category;
        n.priority = priority;
        n.ttl_seconds = ttl_seconds;
        n.title = str(title);
        n.body = str(body);
        n.conversation_id = str(conversation_id);
        n.call_id = str(call_id);
        n.collapse_key = str(collapse_key);
        n.badge = badge;
        n.data_json = str(data_json);
        n.created_at_ms = created_at_ms;
        return n;
    }

    // An incoming call: high priority, short TTL, collapsed by call id, no alert text.
    static TestNotification call(std::string provider, std::string token) {
        TestNotification n;
        n.provider = std::move(provider);
        n.token = std::move(token);
        n.id = "n-call-1";
        n.category = SB_PUSH_CALL;
        n.priority = SB_PUSH_HIGH;
        n.ttl_seconds = 30;
        n.title = "Alice";
        n.body = "Incoming call";
        n.call_id = "call_1";
        n.collapse_key = "call_1";
        n.badge = -1;
        n.data_json = R"({"event":"call.incoming","call_id":"call_1","media":"audio","caller_id":"u_alice"})";
        return n;
    }
};

}  // namespace switchboard::tests::push
