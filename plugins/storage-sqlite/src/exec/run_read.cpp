#include "exec/run_read.hpp"

#include <string>

namespace switchboard::plugins::storage_sqlite::exec {

using sdk::storage::Reply;

Reply run_read(db::Connection& connection, Operation& operation, const sdk::Host& host) {
    try {
        connection.query("BEGIN").run();
        Reply reply = operation.run(connection);
        connection.query("COMMIT").run();
        return reply;
    } catch (...) {
        Reply reply = Reply::from_exception(std::current_exception());
        host.error(std::string() + operation.name + " failed: " + reply.error());
        try {
            if (connection.in_transaction()) connection.execute("ROLLBACK");
        } catch (const std::exception& e) {
            host.error(std::string("rollback failed: ") + e.what());
        }
        return reply;
    }
}

}  // namespace switchboard::plugins::storage_sqlite::exec
