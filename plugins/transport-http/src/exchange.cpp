#include "exchange.hpp"

#include <utility>

namespace switchboard::plugins::transport_http {

void Exchange::deliver(Reply r) {
    std::lock_guard lock(mutex_);
    if (reply || file) return;  // answered already (e.g. a refusal at shutdown)
    reply = std::move(r);
    if (std::exchange(suspended_, false)) MHD_resume_connection(connection);
}

void Exchange::deliver_file(AttachmentFile f) {
    std::lock_guard lock(mutex_);
    if (reply || file) return;
    file = std::move(f);
    if (std::exchange(suspended_, false)) MHD_resume_connection(connection);
}

bool Exchange::reply_ready_or_suspend() {
    std::lock_guard lock(mutex_);
    if (reply || file) return true;
    suspended_ = true;
    MHD_suspend_connection(connection);
    return false;
}

}  // namespace switchboard::plugins::transport_http
