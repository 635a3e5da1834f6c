#include "stream_window.hpp"

namespace switchboard::bench {

void StreamWindow::feed(const char* data, size_t size) {
    if (pending_.empty()) {
        view_ = data;
        size_ = size;
        view_is_pending_ = false;
    } else {
        pending_.append(data, size);
        view_ = pending_.data();
        size_ = pending_.size();
        view_is_pending_ = true;
    }
    offset_ = 0;
}

void StreamWindow::keep_rest() {
    if (view_is_pending_) pending_.erase(0, offset_);
    else if (view_ != nullptr) pending_.assign(view_ + offset_, size_ - offset_);
    view_ = nullptr;
    size_ = 0;
    offset_ = 0;
}

}  // namespace switchboard::bench
