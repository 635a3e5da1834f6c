#include "records/report.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_view;

Report Report::from(const sb_report& c) {
    return Report{std::string(to_view(c.report_id)),
                  std::string(to_view(c.reporter_id)),
                  std::string(to_view(c.target_user_id)),
                  std::string(to_view(c.conversation_id)),
                  c.seq,
                  std::string(to_view(c.reason)),
                  c.created_at};
}

}  // namespace switchboard::plugins::storage_postgres::records
