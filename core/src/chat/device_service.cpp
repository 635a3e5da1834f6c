#include "switchboard/chat/device_service.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/util/clock.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr std::array<std::string_view, 6> kProviders{"fcm", "apns", "expo", "webpush", "webhook", "log"};
constexpr size_t kMaxTokenBytes = 4096;
constexpr size_t kMaxExtraBytes = 4096;

}  // namespace

void DeviceService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("device.register", A::authenticated, [this](const CallPtr& c) { register_device(c); });
    d.add("device.unregister", A::authenticated, [this](const CallPtr& c) { unregister_device(c); });
    d.add("device.list", A::authenticated, [this](const CallPtr& c) { list(c); });
    d.add("device.state", A::authenticated, [this](const CallPtr& c) { state(c); });
    d.add("device.push_config", A::authenticated, [this](const CallPtr& c) { push_config(c); });
}

std::string DeviceService::device_id_of(const CallPtr& call) {
    std::string id = call->fields().optional_string("device_id").value_or(call->device_id());
    if (id.empty())
        throw ProtocolError(ErrorCode::bad_request,
                            "data.device_id: is required (this connection was authenticated without a device_id)");
    return id;
}

void DeviceService::register_device(const CallPtr& call) {
    auto f = call->fields();
    storage::Device device;
    device.user_id = call->user_id();
    device.provider = f.string("provider");
    if (std::find(kProviders.begin(), kProviders.end(), device.provider) == kProviders.end())
        throw ProtocolError(ErrorCode::bad_request,
                            "data.provider: expected one of fcm, apns, expo, webpush, webhook, log");
    device.token = f.string("token", kMaxTokenBytes);
    device.device_id = device_id_of(call);
    // Whatever else the client sent is the provider's business (web push keys, webhook url…).
    json extra = call->data().is_object() ? call->data() : json::object();
    for (const char* known : {"provider", "token", "device_id"}) extra.erase(known);
    if (!extra.empty()) {
        device.extra_json = extra.dump();
        if (device.extra_json.size() > kMaxExtraBytes)
            throw ProtocolError(ErrorCode::too_large, "data: the provider-specific fields exceed " +
                                                          std::to_string(kMaxExtraBytes) + " bytes");
    }
    device.updated_at = util::now_ms();
    if (registered_) registered_(device.user_id);
    ctx_.storage.device_upsert(device, [call, id = device.device_id](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) return call->fail_storage(r, "device");
        call->ok(json{{"device_id", id}});
    });
}

void DeviceService::push_config(const CallPtr& call) {
    call->fields().allow_only({});
    call->ok(json{{"providers", push_config_}});
}

void DeviceService::unregister_device(const CallPtr& call) {
    call->fields().allow_only({"device_id"});
    ctx_.storage.device_delete(call->user_id(), device_id_of(call), [call](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) return call->fail_storage(r, "device");
        call->ok();
    });
}

void DeviceService::list(const CallPtr& call) {
    call->fields().allow_only({});
    ctx_.storage.device_list(call->user_id(), [call](storage::StorageResult<std::vector<storage::Device>> r) {
        if (!r.ok()) return call->fail_storage(r, "device");
        json devices = json::array();
        // Tokens are credentials for pushing to the device: they never leave the server.
        for (const auto& d : r.value)
            devices.push_back({{"device_id", d.device_id}, {"provider", d.provider}, {"updated_at", d.updated_at}});
        call->ok(json{{"devices", std::move(devices)}});
    });
}

void DeviceService::state(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"state"});
    std::string state = f.string("state", 16);
    if (state != "background" && state != "foreground")
        throw ProtocolError(ErrorCode::bad_request, "data.state: expected \"background\" or \"foreground\"");
    runtime::Session* session = ctx_.sessions.find(call->conn());
    if (call->stateless() || !session)
        throw ProtocolError(ErrorCode::bad_request, "device.state: only a live connection has an app state");
    // A backgrounded app keeps its connection for a while but shows nothing:
    // pushes go to its device as if it were offline (docs/push.md).
    session->background = state == "background";
    call->ok(json{{"state", state}});
}

}  // namespace switchboard::chat
