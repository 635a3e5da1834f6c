#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "switchboard/calls/active_call.hpp"
#include "switchboard/calls/call_outcome.hpp"
#include "switchboard/calls/end_reason.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::calls {

// Writes the call history through storage: a row when a call starts, its end
// once. Writes keep that order even when a call ends before its start was
// stored, and none is issued before the stale-call cleanup finished (which
// would otherwise finish the new call too). Without call support in the
// storage plugin nothing is written. Kernel-thread only.
class CallHistory {
public:
    explicit CallHistory(storage::StorageClient& storage) : storage_(storage) {}

    // Finishes every call a stopped server left unfinished (outcome and
    // end_reason "failed"); `done` gets those calls.
    void finish_stale(int64_t now_ms, std::function<void(std::vector<storage::CallRecord>)> done);
    void started(const ActiveCall& call);
    void ended(const ActiveCall& call, CallOutcome outcome, EndReason reason, int64_t ended_at);
    // Runs `read` once every history write concerning `user_id` issued so far
    // has completed, so a client that saw call.ended finds the call in
    // call.history (storage may serve a read before a queued write commits).
    void when_settled(const std::string& user_id, std::function<void()> read);

private:
    struct Finish {
        std::string caller_id;
        std::string callee_id;
        std::string outcome;
        std::string end_reason;
        int64_t answered_at = 0;
        int64_t ended_at = 0;
    };
    void create(storage::CallRecord record);
    void finish(const std::string& call_id, const Finish& f);
    void write_begins(const std::string& user_id);
    void write_ends(const std::string& user_id);

    storage::StorageClient& storage_;
    bool cleaned_up_ = false;
    std::vector<std::function<void()>> after_cleanup_;
    // Calls whose create is in flight, with their end when it came meanwhile.
    std::unordered_map<std::string, std::optional<Finish>> creating_;
    // Per user: history writes in flight, and the reads waiting for them.
    std::unordered_map<std::string, uint32_t> writes_in_flight_;
    std::unordered_map<std::string, std::vector<std::function<void()>>> waiting_reads_;
};

}  // namespace switchboard::calls
