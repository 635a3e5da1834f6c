#include "switchboard/calls/call_history.hpp"

#include <spdlog/spdlog.h>

namespace switchboard::calls {

void CallHistory::finish_stale(int64_t now_ms, std::function<void(std::vector<storage::CallRecord>)> done) {
    auto finished = [this, done = std::move(done)](storage::StorageResult<std::vector<storage::CallRecord>> r) {
        if (!r.ok() && r.status != SB_ERR_UNAVAILABLE)
            spdlog::error("calls: the calls a stopped server left unfinished could not be ended: {}", r.error);
        cleaned_up_ = true;
        std::vector<std::function<void()>> waiting = std::move(after_cleanup_);
        after_cleanup_.clear();
        for (auto& fn : waiting) fn();
        done(r.ok() ? std::move(r.value) : std::vector<storage::CallRecord>{});
    };
    if (!storage_.supports_calls()) return finished({SB_ERR_UNAVAILABLE, "", {}});
    std::string failed(to_string(EndReason::failed));
    storage_.call_finish_unfinished(std::string(to_string(CallOutcome::failed)), failed, now_ms, std::move(finished));
}

void CallHistory::started(const ActiveCall& call) {
    if (!storage_.supports_calls()) return;
    storage::CallRecord record{call.call_id, call.conversation_id, call.caller.user_id, call.callee.user_id,
                               call.media,   "",                   "",                  call.started_at,
                               0,            0};
    creating_.emplace(call.call_id, std::nullopt);
    write_begins(record.caller_id);
    write_begins(record.callee_id);
    if (!cleaned_up_) {
        after_cleanup_.push_back([this, record = std::move(record)]() mutable { create(std::move(record)); });
        return;
    }
    create(std::move(record));
}

void CallHistory::create(storage::CallRecord record) {
    std::string call_id = record.call_id;
    storage_.call_create(record, [this, call_id, caller = record.caller_id,
                                  callee = record.callee_id](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) spdlog::error("calls: call {} could not be recorded: {}", call_id, r.error);
        auto it = creating_.find(call_id);
        if (it != creating_.end()) {
            std::optional<Finish> pending = std::move(it->second);
            creating_.erase(it);
            // The finish counts as in flight before the create stops counting.
            if (pending && r.ok()) finish(call_id, *pending);
        }
        write_ends(caller);
        write_ends(callee);
    });
}

void CallHistory::ended(const ActiveCall& call, CallOutcome outcome, EndReason reason, int64_t ended_at) {
    if (!storage_.supports_calls()) return;
    Finish f{call.caller.user_id, call.callee.user_id, std::string(to_string(outcome)),
             std::string(to_string(reason)), call.answered_at, ended_at};
    if (auto it = creating_.find(call.call_id); it != creating_.end()) {
        it->second = std::move(f);
        return;
    }
    finish(call.call_id, f);
}

void CallHistory::finish(const std::string& call_id, const Finish& f) {
    write_begins(f.caller_id);
    write_begins(f.callee_id);
    storage_.call_finish(call_id, f.outcome, f.end_reason, f.answered_at, f.ended_at,
                         [this, call_id, caller = f.caller_id, callee = f.callee_id](storage::StorageResult<storage::Unit> r) {
                             if (!r.ok()) spdlog::error("calls: the end of call {} could not be recorded: {}", call_id, r.error);
                             write_ends(caller);
                             write_ends(callee);
                         });
}

void CallHistory::when_settled(const std::string& user_id, std::function<void()> read) {
    if (!writes_in_flight_.contains(user_id)) return read();
    waiting_reads_[user_id].push_back(std::move(read));
}

void CallHistory::write_begins(const std::string& user_id) {
    ++writes_in_flight_[user_id];
}

void CallHistory::write_ends(const std::string& user_id) {
    auto it = writes_in_flight_.find(user_id);
    if (it == writes_in_flight_.end() || --it->second > 0) return;
    writes_in_flight_.erase(it);
    auto waiting = waiting_reads_.find(user_id);
    if (waiting == waiting_reads_.end()) return;
    std::vector<std::function<void()>> reads = std::move(waiting->second);
    waiting_reads_.erase(waiting);
    for (auto& read : reads) read();
}

}  // namespace switchboard::calls
