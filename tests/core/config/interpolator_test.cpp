#include "switchboard/config/interpolator.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.hpp"

namespace switchboard::config {
namespace {

using ::testing::ElementsAre;
using testing::fixed_variables;
using ::testing::IsEmpty;

const Interpolator& variables() {
    static const Interpolator instance = fixed_variables({{"HOST", "db.local"}, {"PORT", "5432"}, {"EMPTY", ""}});
    return instance;
}

std::string expanded(std::string_view text) {
    Interpolator::Result result = variables().expand(text);
    EXPECT_THAT(result.errors, IsEmpty()) << text;
    return result.value;
}

std::vector<std::string> errors_of(std::string_view text) {
    return variables().expand(text).errors;
}

TEST(Interpolator, ReplacesSetVariables) {
    EXPECT_EQ(expanded("${HOST}"), "db.local");
    EXPECT_EQ(expanded("postgres://${HOST}:${PORT}/sb"), "postgres://db.local:5432/sb");
    EXPECT_EQ(expanded("no variables"), "no variables");
    EXPECT_EQ(expanded(""), "");
}

TEST(Interpolator, SetButEmptyVariableIsEmpty) {
    EXPECT_EQ(expanded("[${EMPTY}]"), "[]");
}

TEST(Interpolator, DefaultAppliesWhenUnsetOrEmpty) {
    EXPECT_EQ(expanded("${MISSING:-8081}"), "8081");
    EXPECT_EQ(expanded("${EMPTY:-fallback}"), "fallback");
    EXPECT_EQ(expanded("${PORT:-1}"), "5432");
    EXPECT_EQ(expanded("${MISSING:-}"), "");
    EXPECT_EQ(expanded("${MISSING:-a:-b}"), "a:-b");
}

TEST(Interpolator, DoubleDollarEscapesALiteralReference) {
    EXPECT_EQ(expanded("$${HOST}"), "${HOST}");
    EXPECT_EQ(expanded("a$${HOST}b${HOST}"), "a${HOST}bdb.local");
    EXPECT_EQ(expanded("$$HOST $5 $"), "$$HOST $5 $");
}

TEST(Interpolator, UnsetVariableIsAnErrorNamingIt) {
    EXPECT_THAT(errors_of("${SB_JWT_SECRET}"),
                ElementsAre("environment variable 'SB_JWT_SECRET' is not set (write ${SB_JWT_SECRET:-default} to "
                            "give a default)"));
    EXPECT_EQ(errors_of("${A}-${B}").size(), 2u);
}

TEST(Interpolator, MalformedReferencesAreErrors) {
    EXPECT_THAT(errors_of("${HOST"), ElementsAre("unterminated '${' (missing '}'); write '$${' for a literal '${'"));
    EXPECT_THAT(errors_of("${}"), ElementsAre("invalid variable reference '${}': expected ${NAME} or "
                                              "${NAME:-default}, NAME made of letters, digits and '_'"));
    EXPECT_EQ(errors_of("${1X}").size(), 1u);
    EXPECT_EQ(errors_of("${A-B}").size(), 1u);
    EXPECT_EQ(errors_of("${ HOST }").size(), 1u);
}

TEST(Interpolator, ExpandScalarReportsProblemsAtTheNode) {
    YAML::Node node = YAML::Load("key: ${NOPE}")["key"];
    std::vector<Problem> problems;
    Location where{"f.yaml", 4, 6, "server.data_dir"};
    EXPECT_EQ(variables().expand_scalar(node, where, problems), std::nullopt);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].to_string(),
              "f.yaml:4:6: server.data_dir: environment variable 'NOPE' is not set (write ${NOPE:-default} to give "
              "a default)");
}

TEST(Interpolator, EnvironmentReadsTheProcessEnvironment) {
    ::setenv("SB_CONFIG_TEST_VARIABLE", "from-env", 1);
    EXPECT_EQ(Interpolator::environment().expand("${SB_CONFIG_TEST_VARIABLE}").value, "from-env");
    ::unsetenv("SB_CONFIG_TEST_VARIABLE");
    EXPECT_EQ(Interpolator::environment().expand("${SB_CONFIG_TEST_VARIABLE}").errors.size(), 1u);
}

}  // namespace
}  // namespace switchboard::config
