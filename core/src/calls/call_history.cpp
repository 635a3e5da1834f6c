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
    if (!cleaned_up_) {
        after_cleanup_.push_back([this, record = std::move(record)]() mutable { create(std::move(record)); });
        return;
    }
    create(std::move(record));
}

void CallHistory::create(storage::CallRecord record) {
    std::string call_id = record.call_id;
    storage_.call_create(record, [this, call_id](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) spdlog::error("calls: call {} could not be recorded: {}", call_id, r.error);
        auto it = creating_.find(call_id);
        if (it == creating_.end()) return;
        std::optional<Finish> pending = std::move(it->second);
        creating_.erase(it);
        if (pending && r.ok()) finish(call_id, *pending);
    });
}

void CallHistory::ended(const ActiveCall& call, CallOutcome outcome, EndReason reason, int64_t ended_at) {
    if (!storage_.supports_calls()) return;
    Finish f{std::string(to_string(outcome)), std::string(to_string(reason)), call.answered_at, ended_at};
    if (auto it = creating_.find(call.call_id); it != creating_.end()) {
        it->second = std::move(f);
        return;
    }
    finish(call.call_id, f);
}

void CallHistory::finish(const std::string& call_id, const Finish& f) {
    storage_.call_finish(call_id, f.outcome, f.end_reason, f.answered_at, f.ended_at,
                         [call_id](storage::StorageResult<storage::Unit> r) {
                             if (!r.ok()) spdlog::error("calls: the end of call {} could not be recorded: {}", call_id, r.error);
                         });
}

}  // namespace switchboard::calls
