#include "host_events.hpp"

namespace example::line::tests {

HostEvents::HostEvents(switchboard::sdk::testing::TestHost& host) {
    host.on_open = [this](const sb_conn_info& info) -> uint64_t {
        std::lock_guard lock(mutex_);
        if (!accept_) return 0;
        uint64_t conn = next_conn_++;
        opened_.push_back(conn);
        remote_addresses_.emplace_back(switchboard::sdk::to_view(info.remote_address));
        changed_.notify_all();
        return conn;
    };
    host.on_receive = [this](uint64_t conn, std::string_view data) {
        std::lock_guard lock(mutex_);
        received_.push_back(Received{conn, std::string(data)});
        changed_.notify_all();
    };
    host.on_closed = [this](uint64_t conn) {
        std::lock_guard lock(mutex_);
        ++closed_[conn];
        changed_.notify_all();
    };
}

void HostEvents::accept_connections(bool accept) {
    std::lock_guard lock(mutex_);
    accept_ = accept;
}

std::vector<uint64_t> HostEvents::opened() const {
    std::lock_guard lock(mutex_);
    return opened_;
}

std::vector<std::string> HostEvents::remote_addresses() const {
    std::lock_guard lock(mutex_);
    return remote_addresses_;
}

std::vector<HostEvents::Received> HostEvents::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

std::map<uint64_t, int> HostEvents::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

bool HostEvents::wait_opened(size_t count, std::chrono::milliseconds timeout) {
    return wait_until([&] { return opened_.size() >= count; }, timeout);
}

bool HostEvents::wait_received(size_t count, std::chrono::milliseconds timeout) {
    return wait_until([&] { return received_.size() >= count; }, timeout);
}

bool HostEvents::wait_closed(uint64_t conn, std::chrono::milliseconds timeout) {
    return wait_until([&] { return closed_.count(conn) > 0; }, timeout);
}

bool HostEvents::wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, condition);
}

}  // namespace example::line::tests
