// Switchboard C++ plugin SDK (header-only) storage kit: a report of abuse, owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct Report {
    std::string report_id;
    std::string reporter_id;
    std::string target_user_id;
    std::string conversation_id;
    uint64_t seq = 0;
    std::string reason;
    int64_t created_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static Report from(const sb_report& borrowed) {
        sb_report c = read_record(borrowed);
        return Report{std::string(to_view(c.report_id)),       std::string(to_view(c.reporter_id)),
                      std::string(to_view(c.target_user_id)),  std::string(to_view(c.conversation_id)),
                      c.seq,                                   std::string(to_view(c.reason)),
                      c.created_at};
    }
    // A view borrowing this object's strings.
    sb_report to_c() const {
        sb_report c{};
        c.struct_size = sizeof(c);
        c.report_id = to_sb(report_id);
        c.reporter_id = to_sb(reporter_id);
        c.target_user_id = to_sb(target_user_id);
        c.conversation_id = to_sb(conversation_id);
        c.seq = seq;
        c.reason = to_sb(reason);
        c.created_at = created_at;
        return c;
    }
    bool operator==(const Report&) const = default;
};

}  // namespace switchboard::sdk::storage
