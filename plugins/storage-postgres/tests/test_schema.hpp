#pragma once

#include <unistd.h>

#include <atomic>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <string>

namespace switchboard::plugins::storage_postgres::testing {

// A schema of its own in the test cluster's database (STORAGE_POSTGRES_TEST_URL)
// for one test, so tests can run in parallel; dropped with everything in it
// at the end. sql() runs statements inside it, to set up or inspect.
class TestSchema {
public:
    TestSchema() : name_("sbt_" + std::to_string(getpid()) + "_" + std::to_string(counter()++)) {}
    ~TestSchema() {
        try {
            admin("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
        } catch (const std::exception&) {
            // The cluster is thrown away after the run anyway.
        }
    }
    TestSchema(const TestSchema&) = delete;
    TestSchema& operator=(const TestSchema&) = delete;

    const std::string& name() const { return name_; }
    static std::string url() { return STORAGE_POSTGRES_TEST_URL; }

    pqxx::result sql(const std::string& statements) const {
        return admin("SET search_path = " + name_ + "; " + statements);
    }
    // The first column of the first row, as text ("" for none or NULL).
    std::string scalar(const std::string& query) const {
        pqxx::result rows = sql(query);
        return rows.empty() || rows[0][0].is_null() ? "" : rows[0][0].c_str();
    }
    // Statements on a connection of their own, outside the schema.
    static pqxx::result admin(const std::string& statements) {
        pqxx::connection connection(url());
        pqxx::nontransaction work(connection);
        return work.exec(statements);
    }

private:
    static std::atomic<int>& counter() {
        static std::atomic<int> value{0};
        return value;
    }

    std::string name_;
};

}  // namespace switchboard::plugins::storage_postgres::testing
