#include "exec/run_read.hpp"

#include <string>

#include "db/connection_lost.hpp"

namespace switchboard::plugins::storage_postgres::exec {

using sdk::storage::Reply;

Reply run_read(db::Connection& connection, Operation& operation, const sdk::Host& host) {
    for (int attempt = 1;; ++attempt) {
        try {
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            Reply reply = operation.run(connection);
            connection.execute("COMMIT");
            return reply;
        } catch (const db::ConnectionLost& e) {
            connection.close();
            if (attempt == 2) {
                host.error(std::string() + operation.name + " failed: " + e.what());
                return Reply::from_exception(std::current_exception());
            }
            host.warn(std::string(e.what()) + "; reconnecting to retry " + operation.name);
        } catch (...) {
            Reply reply = Reply::from_exception(std::current_exception());
            host.error(std::string() + operation.name + " failed: " + reply.error());
            if (connection.is_open()) {
                try {
                    connection.execute("ROLLBACK");
                } catch (const std::exception& e) {
                    host.error(std::string("rollback failed: ") + e.what());
                    connection.close();
                }
            }
            return reply;
        }
    }
}

}  // namespace switchboard::plugins::storage_postgres::exec
