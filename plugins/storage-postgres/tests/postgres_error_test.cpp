#include "db/postgres_error.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::storage_postgres {
namespace {

using db::PostgresError;

TEST(PostgresError, MapsSqlstatesToTheStatusTheHostSees) {
    EXPECT_EQ(PostgresError::status_for("23505"), SB_ERR_CONFLICT);     // unique_violation
    EXPECT_EQ(PostgresError::status_for("23503"), SB_ERR_NOT_FOUND);    // foreign_key_violation
    EXPECT_EQ(PostgresError::status_for("23514"), SB_ERR_BAD_REQUEST);  // check_violation
    EXPECT_EQ(PostgresError::status_for("22021"), SB_ERR_BAD_REQUEST);  // invalid byte sequence
    EXPECT_EQ(PostgresError::status_for("22012"), SB_ERR_BAD_REQUEST);  // division by zero
    EXPECT_EQ(PostgresError::status_for("57014"), SB_ERR_UNAVAILABLE);  // statement timeout
    EXPECT_EQ(PostgresError::status_for("57P01"), SB_ERR_UNAVAILABLE);  // admin shutdown
    EXPECT_EQ(PostgresError::status_for("53100"), SB_ERR_UNAVAILABLE);  // disk full
    EXPECT_EQ(PostgresError::status_for("08006"), SB_ERR_UNAVAILABLE);  // connection failure
    EXPECT_EQ(PostgresError::status_for("40P01"), SB_ERR_UNAVAILABLE);  // deadlock
    EXPECT_EQ(PostgresError::status_for("42P01"), SB_ERR_INTERNAL);     // undefined table: a bug
    EXPECT_EQ(PostgresError::status_for(""), SB_ERR_INTERNAL);
}

}  // namespace
}  // namespace switchboard::plugins::storage_postgres
