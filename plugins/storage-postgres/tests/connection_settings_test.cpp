#include "db/connection_settings.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <map>
#include <string>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_postgres {
namespace {

using db::ConnectionSettings;

// What libpq itself reads back from a conninfo string.
std::map<std::string, std::string> parsed(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    EXPECT_NE(options, nullptr) << (error ? error : "");
    PQfreemem(error);
    std::map<std::string, std::string> values;
    for (PQconninfoOption* o = options; o && o->keyword; ++o)
        if (o->val) values[o->keyword] = o->val;
    PQconninfoFree(options);
    return values;
}

TEST(ConnectionSettings, KeepsTheUrlsPartsAndAddsTheTimeoutAndAnApplicationName) {
    auto settings = ConnectionSettings::parse("postgresql://sb:s3cret@db.example:5433/chat?sslmode=require", 2500);
    auto values = parsed(settings.conninfo);
    EXPECT_EQ(values["user"], "sb");
    EXPECT_EQ(values["password"], "s3cret");
    EXPECT_EQ(values["host"], "db.example");
    EXPECT_EQ(values["port"], "5433");
    EXPECT_EQ(values["dbname"], "chat");
    EXPECT_EQ(values["sslmode"], "require");
    EXPECT_EQ(values["connect_timeout"], "3");  // whole seconds, rounded up
    EXPECT_EQ(values["application_name"], "switchboard");
    EXPECT_EQ(settings.description, "postgresql://sb@db.example:5433/chat");  // never the password
}

TEST(ConnectionSettings, AcceptsKeyValueStringsAndKeepsTheirApplicationName) {
    auto settings = ConnectionSettings::parse("host=/run/postgresql dbname=chat application_name=mine", 5000);
    auto values = parsed(settings.conninfo);
    EXPECT_EQ(values["host"], "/run/postgresql");
    EXPECT_EQ(values["application_name"], "mine");
    EXPECT_EQ(values["connect_timeout"], "5");
    EXPECT_EQ(settings.description, "postgresql:///run/postgresql/chat");
}

TEST(ConnectionSettings, QuotesValuesSoLibpqReadsThemBackUnchanged) {
    auto settings = ConnectionSettings::parse("host=h password='it\\'s a \\\\ secret'", 1000);
    EXPECT_EQ(parsed(settings.conninfo)["password"], "it's a \\ secret");
}

TEST(ConnectionSettings, RefusesWhatLibpqCannotParseWithItsReason) {
    for (const char* url : {"postgresql://host:5432/db?nonsense=1", "host=h port", "postgresql://[::1/db"}) {
        try {
            ConnectionSettings::parse(url, 1000);
            ADD_FAILURE() << url << " was accepted";
        } catch (const sdk::Error& e) {
            EXPECT_EQ(e.status(), SB_ERR_BAD_REQUEST);
            EXPECT_NE(std::string(e.what()).find("option 'url' is not a PostgreSQL URL or connection string: "),
                      std::string::npos)
                << e.what();
        }
    }
}

}  // namespace
}  // namespace switchboard::plugins::storage_postgres
