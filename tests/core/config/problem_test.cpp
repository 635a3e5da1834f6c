#include "switchboard/config/problem.hpp"

#include <gtest/gtest.h>

#include "switchboard/config/config_error.hpp"
#include "test_support.hpp"

namespace switchboard::config {
namespace {

TEST(Problem, RendersFileLineColumnKeyPathAndMessage) {
    Problem problem{"/etc/sb.yaml", 12, 5, "plugins[1].config.tls.cert_file", "expected a string, got a list"};
    EXPECT_EQ(problem.to_string(), "/etc/sb.yaml:12:5: plugins[1].config.tls.cert_file: expected a string, got a list");
}

TEST(Problem, LeavesOutUnknownParts) {
    EXPECT_EQ((Problem{"a.yaml", 0, 0, "", "cannot open"}).to_string(), "a.yaml: cannot open");
    EXPECT_EQ((Problem{"a.yaml", 0, 0, "auth", "bad"}).to_string(), "a.yaml: auth: bad");
    EXPECT_EQ((Problem{"a.yaml", 3, 0, "", "bad"}).to_string(), "a.yaml:3: bad");
}

TEST(Problem, AtTakesTheLocation) {
    Location where{"f.yaml", 2, 3, "chat.typing_ttl"};
    EXPECT_EQ(Problem::at(where, "m"), (Problem{"f.yaml", 2, 3, "chat.typing_ttl", "m"}));
}

TEST(Location, MarksAreOneBasedAndKeyPathsJoin) {
    Location file{"f.yaml", 0, 0, ""};
    YAML::Mark mark;
    mark.line = 4;
    mark.column = 2;
    EXPECT_EQ(file.at(mark, "auth"), (Location{"f.yaml", 5, 3, "auth"}));
    EXPECT_EQ(file.at(YAML::Mark::null_mark(), "auth"), (Location{"f.yaml", 0, 0, "auth"}));
    EXPECT_EQ(file.key("auth").key("external"), (Location{"f.yaml", 0, 0, "auth.external"}));
    EXPECT_EQ(join_index("plugins", 3), "plugins[3]");
}

TEST(ConfigError, WhatHasOneLinePerProblem) {
    ConfigError error({Problem{"a.yaml", 1, 1, "server", "x"}, Problem{"a.yaml", 2, 3, "auth.issuer", "y"}});
    EXPECT_STREQ(error.what(), "a.yaml:1:1: server: x\na.yaml:2:3: auth.issuer: y");
    EXPECT_EQ(error.problems().size(), 2u);
    ConfigError copy = error;
    EXPECT_EQ(copy.problems()[1].key_path, "auth.issuer");
}

}  // namespace
}  // namespace switchboard::config
