#include "transport_harness.hpp"

#include <stdexcept>
#include <thread>

namespace switchboard::plugins::transport_websocket::support {

TransportHarness::TransportHarness() : host_(SB_WS_PLUGIN_PATH) {
    host_.set("port", "0");
    host_.on_open = [this](const sb_conn_info& info) -> uint64_t {
        if (refuse_) return 0;
        const uint64_t id = next_id_++;
        if (!greeting_.empty()) send(id, greeting_);
        std::lock_guard lock(mutex_);
        opened_.push_back(
            Opened{id, std::string(sdk::to_view(info.remote_address)), std::string(sdk::to_view(info.user_agent))});
        changed_.notify_all();
        return id;
    };
    host_.on_receive = [this](uint64_t conn, std::string_view data) {
        {
            std::lock_guard lock(mutex_);
            received_.emplace_back(conn, std::string(data));
            changed_.notify_all();
        }
        if (echo_) send(conn, data);
    };
    host_.on_closed = [this](uint64_t conn) {
        std::lock_guard lock(mutex_);
        closed_.push_back(conn);
        changed_.notify_all();
    };
}

TransportHarness::~TransportHarness() { host_.stop_and_destroy(); }

void TransportHarness::start() {
    host_.create_and_start();
    for (const std::string& line : host_.logs()) {
        const size_t at = line.find("listening on ");
        if (at == std::string::npos) continue;
        const size_t scheme_end = line.find("://", at);
        const size_t path_start = line.find('/', scheme_end + 3);
        const size_t colon = line.rfind(':', path_start);
        port_ = std::stoi(line.substr(colon + 1, path_start - colon - 1));
        return;
    }
    throw std::runtime_error("the plugin did not log its port");
}

std::string TransportHarness::log_text() const {
    std::string text;
    for (const std::string& line : host_.logs()) text += line + "\n";
    return text;
}

sb_status TransportHarness::send(uint64_t conn, std::string_view bytes) {
    sb_payload* payload = host_.make_payload(bytes);
    const sb_status status = host_.vtable<sb_transport_vtable>()->send(host_.instance(), conn, payload);
    host_.release(payload);
    return status;
}

void TransportHarness::close(uint64_t conn, uint32_t code, std::string_view reason) {
    host_.vtable<sb_transport_vtable>()->close(host_.instance(), conn, code, sdk::to_sb(reason));
}

template <class Predicate>
bool TransportHarness::wait(std::chrono::milliseconds timeout, Predicate predicate) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, predicate);
}

bool TransportHarness::wait_for_opened(size_t count, std::chrono::milliseconds timeout) {
    return wait(timeout, [&] { return opened_.size() >= count; });
}

bool TransportHarness::wait_for_received(size_t count, std::chrono::milliseconds timeout) {
    return wait(timeout, [&] { return received_.size() >= count; });
}

bool TransportHarness::wait_for_closed(size_t count, std::chrono::milliseconds timeout) {
    return wait(timeout, [&] { return closed_.size() >= count; });
}

bool TransportHarness::wait_for_no_live_payloads(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (sdk::testing::TestHost::live_payloads() != 0) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

std::vector<TransportHarness::Opened> TransportHarness::opened() const {
    std::lock_guard lock(mutex_);
    return opened_;
}

std::vector<std::pair<uint64_t, std::string>> TransportHarness::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

std::vector<uint64_t> TransportHarness::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

}  // namespace switchboard::plugins::transport_websocket::support
