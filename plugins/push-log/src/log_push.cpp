#include "log_push.hpp"

#include <cerrno>
#include <cstring>

#include "notification_line.hpp"

namespace switchboard::push_log {

LogPush::LogPush(const sdk::Host& host)
    : host_(host), path_(host.optional_string("file").value_or("")), to_log_(host.boolean("log")) {}

LogPush::~LogPush() {
    if (file_) std::fclose(file_);
}

void LogPush::start() {
    if (!path_.empty()) {
        file_ = std::fopen(path_.c_str(), "a");
        if (!file_)
            throw sdk::Error(SB_ERR_UNAVAILABLE, "cannot open " + path_ + " for appending: " + std::strerror(errno));
    }
    running_ = true;
}

void LogPush::stop() {
    running_ = false;
    std::lock_guard lock(mutex_);
    if (file_) std::fflush(file_);
}

sb_status LogPush::send(const sdk::Notification& n, sdk::PushDone done) {
    if (!running_) return SB_ERR_UNAVAILABLE;
    const std::string line = NotificationLine::format(n);
    if (to_log_) host_.info("push " + line);
    if (file_) {
        std::lock_guard lock(mutex_);
        if (std::fputs(line.c_str(), file_) < 0 || std::fputc('\n', file_) == EOF || std::fflush(file_) != 0)
            return done.retry(0, std::string("writing ") + path_ + " failed: " + std::strerror(errno)), SB_OK;
    }
    done.delivered();
    return SB_OK;
}

}  // namespace switchboard::push_log
