#include "exec/read_runner.hpp"

#include <string>

namespace switchboard::plugins::storage_sqlite::exec {

using sdk::storage::Reply;

Reply ReadRunner::operator()(db::Connection& connection, Operation& operation) const {
    try {
        connection.query("BEGIN").run();
        Reply reply = operation.run(connection);
        connection.query("COMMIT").run();
        return reply;
    } catch (...) {
        Reply reply = Reply::from_exception(std::current_exception());
        host_.error(std::string() + operation.name + " failed: " + reply.error());
        try {
            if (connection.in_transaction()) connection.execute("ROLLBACK");
        } catch (const std::exception& e) {
            host_.error(std::string("rollback failed: ") + e.what());
        }
        return reply;
    }
}

}  // namespace switchboard::plugins::storage_sqlite::exec
