#pragma once

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

#include "switchboard/sdk/push.hpp"

namespace switchboard::push_log {

// The push.log plugin: "sends" a notification by writing it as one JSON line
// to the server log (info) and, with the option `file`, appending it to that
// file (flushed line by line, so another process can follow it). Every send
// is answered "delivered" before send() returns.
class LogPush : public sdk::PushPlugin<LogPush> {
public:
    explicit LogPush(const sdk::Host& host);
    ~LogPush();
    LogPush(const LogPush&) = delete;
    LogPush& operator=(const LogPush&) = delete;

    void start();
    void stop();
    sb_status send(const sdk::Notification& n, sdk::PushDone done);

private:
    sdk::Host host_;
    std::string path_;
    bool to_log_;
    std::mutex mutex_;  // one line at a time in the file
    std::FILE* file_ = nullptr;
    std::atomic<bool> running_{false};
};

}  // namespace switchboard::push_log
