#include "switchboard/config/schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>

#include "switchboard/config/config_error.hpp"
#include "switchboard/sdk/plugin.hpp"
#include "test_support.hpp"

namespace switchboard::config {
namespace {

using sdk::option;
using testing::demo_section;
using ::testing::ElementsAre;
using testing::fixed_variables;
using ::testing::HasSubstr;
using testing::problems_of;
using testing::section_of;

constexpr int64_t kMiB = 1024 * 1024;

// A plugin-like option table with every type, bounds, choices and nesting.
const sb_option kOptions[] = {
    option("url", SB_OPT_STRING, nullptr, true, "Where to connect"),
    option("port", SB_OPT_INT, "8081", false, "TCP port to listen on", 1, 65535),
    option("enabled", SB_OPT_BOOL, "true", false, "Whether it runs"),
    option("ratio", SB_OPT_DOUBLE, "0.5", false, "Share of traffic"),
    option("origins", SB_OPT_STRING_LIST, "[a, b]", false, "Allowed origins"),
    option("timeout", SB_OPT_DURATION, "30s", false, "How long to wait", 100, 3'600'000),
    option("max_frame", SB_OPT_SIZE, "64KiB", false, "Largest frame", 1024, 16 * kMiB),
    option("mode", SB_OPT_STRING, "fast", false, "How to write", 0, 0, "fast|safe|off"),
    option("note", SB_OPT_STRING, nullptr, false, "Free text"),
    option("tls.cert_file", SB_OPT_STRING, nullptr, false, "PEM certificate"),
    option("tls.key_file", SB_OPT_STRING, nullptr, false, "PEM private key"),
    option("tls.client.verify", SB_OPT_BOOL, "false", false, "Check client certificates"),
};

const Schema& schema() {
    static const Schema instance(kOptions, sdk::option_count(kOptions));
    return instance;
}

Problem at(int line, int column, std::string key_path, std::string message) {
    return Problem{"test.yaml", line, column, std::move(key_path), std::move(message)};
}

TEST(Schema, AppliesDefaultsToEveryOption) {
    Section section = section_of(schema(), "url: ws://example\n");
    EXPECT_EQ(section.string("url"), "ws://example");
    EXPECT_EQ(section.integer("port"), 8081);
    EXPECT_EQ(section.boolean("enabled"), true);
    EXPECT_EQ(section.number("ratio"), 0.5);
    EXPECT_THAT(section.list("origins"), ElementsAre("a", "b"));
    EXPECT_EQ(section.duration("timeout"), std::chrono::seconds(30));
    EXPECT_EQ(section.integer("max_frame"), 64 * 1024);
    EXPECT_EQ(section.string("mode"), "fast");
    EXPECT_EQ(section.string("note"), std::nullopt);
    EXPECT_EQ(section.string("tls.cert_file"), std::nullopt);
    EXPECT_EQ(section.boolean("tls.client.verify"), false);
}

TEST(Schema, ReadsEveryTypeFromYaml) {
    Section section = section_of(schema(), R"(url: "ws://h:1/x"
port: 9000
enabled: off
ratio: 1.25e1
origins: [https://a.example, "https://b.example"]
timeout: 250ms
max_frame: 16MiB
mode: safe
note: ''
tls:
  cert_file: /etc/cert.pem
  client:
    verify: YES
)");
    EXPECT_EQ(section.string("url"), "ws://h:1/x");
    EXPECT_EQ(section.integer("port"), 9000);
    EXPECT_EQ(section.boolean("enabled"), false);
    EXPECT_EQ(section.number("ratio"), 12.5);
    EXPECT_THAT(section.list("origins"), ElementsAre("https://a.example", "https://b.example"));
    EXPECT_EQ(section.integer("timeout"), 250);
    EXPECT_EQ(section.integer("max_frame"), 16 * kMiB);
    EXPECT_EQ(section.string("mode"), "safe");
    EXPECT_EQ(section.string("note"), "");
    EXPECT_EQ(section.string("tls.cert_file"), "/etc/cert.pem");
    EXPECT_EQ(section.string("tls.key_file"), std::nullopt);
    EXPECT_EQ(section.boolean("tls.client.verify"), true);
}

TEST(Schema, BooleansAcceptTheSixYamlWords) {
    for (auto [text, expected] : {std::pair{"true", true},
                                  {"yes", true},
                                  {"on", true},
                                  {"True", true},
                                  {"false", false},
                                  {"no", false},
                                  {"off", false},
                                  {"OFF", false}}) {
        Section section = section_of(schema(), std::string("url: x\nenabled: ") + text + "\n");
        EXPECT_EQ(section.boolean("enabled"), expected) << text;
    }
    EXPECT_THAT(problems_of(schema(), "url: x\nenabled: 1\n"),
                ElementsAre(at(2, 10, "demo.enabled", "expected a boolean (true/false, yes/no, on/off), got '1'")));
}

TEST(Schema, DurationsAreMillisecondsAndBareNumbersSeconds) {
    EXPECT_EQ(section_of(schema(), "url: x\ntimeout: 5m\n").integer("timeout"), 300'000);
    EXPECT_EQ(section_of(schema(), "url: x\ntimeout: 1h\n").integer("timeout"), 3'600'000);
    EXPECT_EQ(section_of(schema(), "url: x\ntimeout: 2\n").integer("timeout"), 2000);
    EXPECT_EQ(section_of(schema(), "url: x\ntimeout: 1.5s\n").integer("timeout"), 1500);
}

TEST(Schema, NullOrAbsentSectionMeansAllDefaults) {
    Schema optional_only{std::span(kOptions).subspan(1)};
    Document empty = Document::parse("", "test.yaml");
    EXPECT_EQ(optional_only.validate(empty.root(), demo_section()).integer("port"), 8081);
    EXPECT_EQ(optional_only.validate(YAML::Node(), demo_section()).integer("port"), 8081);
    Document null_value = Document::parse("~", "test.yaml");
    EXPECT_EQ(optional_only.validate(null_value.root(), demo_section()).string("mode"), "fast");
}

TEST(Schema, CollectsEveryProblemWithLineColumnAndKeyPath) {
    auto problems = problems_of(schema(), R"(url: ws://x
port: abc
enabled: maybe
ratio: lots
timeout: soon
max_frame: huge
mode: saef
)");
    EXPECT_THAT(
        problems,
        ElementsAre(at(2, 7, "demo.port", "expected an integer, got 'abc'"),
                    at(3, 10, "demo.enabled", "expected a boolean (true/false, yes/no, on/off), got 'maybe'"),
                    at(4, 8, "demo.ratio", "expected a number, got 'lots'"),
                    at(5, 10, "demo.timeout",
                       "expected a duration such as 250ms, 30s, 5m, 1h, 1d or a number of seconds, got 'soon'"),
                    at(6, 12, "demo.max_frame", "expected a size such as 512, 64KiB, 16MiB or 1GiB, got 'huge'"),
                    at(7, 7, "demo.mode", "must be one of fast|safe|off, got 'saef'; did you mean 'safe'?")));
}

TEST(Schema, UnknownKeySuggestsTheClosestName) {
    EXPECT_THAT(problems_of(schema(), "url: x\nprot: 1\n"),
                ElementsAre(at(2, 1, "demo.prot", "unknown key 'prot'; did you mean 'port'?")));
    EXPECT_THAT(problems_of(schema(), "url: x\ntls:\n  cert_fiel: a.pem\n"),
                ElementsAre(at(3, 3, "demo.tls.cert_fiel", "unknown key 'cert_fiel'; did you mean 'cert_file'?")));
    EXPECT_THAT(problems_of(schema(), "url: x\nwhatever: 1\n"),
                ElementsAre(at(2, 1, "demo.whatever", "unknown key 'whatever'")));
}

TEST(Schema, UnknownKeyFoundInAnotherMappingPointsThere) {
    EXPECT_THAT(problems_of(schema(), "url: x\ncert_file: a.pem\n"),
                ElementsAre(at(2, 1, "demo.cert_file", "unknown key 'cert_file'; did you mean 'tls.cert_file'?")));
}

TEST(Schema, DottedKeyInTheFileIsExplained) {
    EXPECT_THAT(problems_of(schema(), "url: x\ntls.cert_file: a.pem\n"),
                ElementsAre(at(2, 1, "demo.tls.cert_file",
                               "unknown key 'tls.cert_file'; dotted names are nested mappings: write 'tls:' with "
                               "'cert_file:' indented under it")));
}

TEST(Schema, MissingRequiredKeyIsReportedAtTheSection) {
    EXPECT_THAT(problems_of(schema(), "port: 1\n"), ElementsAre(at(1, 1, "demo.url", "missing required key 'url'")));
    EXPECT_THAT(problems_of(schema(), "url:\n"), ElementsAre(at(1, 1, "demo.url", "required key 'url' has no value")));
}

TEST(Schema, MissingNestedRequiredKeyIsReportedAtTheDeepestMapping) {
    const sb_option options[] = {
        option("store.path", SB_OPT_STRING, nullptr, true, "Database file"),
        option("store.mode", SB_OPT_STRING, "wal", false, "Journal mode"),
    };
    Schema nested(options);
    EXPECT_THAT(problems_of(nested, "\nstore:\n  mode: wal\n"),
                ElementsAre(at(2, 1, "demo.store.path", "missing required key 'path'")));
    EXPECT_THAT(problems_of(nested, ""), ElementsAre(at(1, 1, "demo.store.path", "missing required key 'path'")));
}

TEST(Schema, OutOfRangeIsReportedInTheOptionsUnits) {
    EXPECT_THAT(problems_of(schema(), "url: x\nport: 70000\n"),
                ElementsAre(at(2, 7, "demo.port", "must be between 1 and 65535, got 70000")));
    EXPECT_THAT(problems_of(schema(), "url: x\ntimeout: 2h\n"),
                ElementsAre(at(2, 10, "demo.timeout", "must be between 100ms and 1h, got 2h")));
    EXPECT_THAT(problems_of(schema(), "url: x\nmax_frame: 1GiB\n"),
                ElementsAre(at(2, 12, "demo.max_frame", "must be between 1KiB and 16MiB, got 1GiB")));
    EXPECT_THAT(problems_of(schema(), "url: x\nport: 99999999999999999999\n"),
                ElementsAre(at(2, 7, "demo.port", "integer '99999999999999999999' does not fit in 64 bits")));
}

TEST(Schema, WrongShapesAreReported) {
    EXPECT_THAT(problems_of(schema(), "url: x\nport:\n  a: 1\n"),
                ElementsAre(at(3, 3, "demo.port", "expected an integer, got a mapping")));
    EXPECT_THAT(problems_of(schema(), "url: [a]\n"),
                ElementsAre(at(1, 6, "demo.url", "expected a string, got a list")));
    EXPECT_THAT(problems_of(schema(), "url: x\ntls: yes\n"),
                ElementsAre(at(2, 6, "demo.tls", "expected a mapping, got 'yes'")));
    EXPECT_THAT(problems_of(schema(), "url: x\norigins: https://a\n"),
                ElementsAre(at(2, 10, "demo.origins",
                               "expected a list of strings, got 'https://a'; write [https://a] for a list of one")));
    EXPECT_THAT(problems_of(schema(), "url: x\norigins:\n  - a\n  - {b: 1}\n"),
                ElementsAre(at(4, 5, "demo.origins[1]", "expected a string, got a mapping")));
    EXPECT_THAT(problems_of(schema(), "- url\n"), ElementsAre(at(1, 1, "demo", "expected a mapping, got a list")));
}

TEST(Schema, DuplicateKeysAreReported) {
    EXPECT_THAT(problems_of(schema(), "url: x\nport: 1\nport: 2\n"),
                ElementsAre(at(3, 1, "demo.port", "duplicate key 'port'")));
}

TEST(Schema, ListItemsAreCheckedAgainstChoices) {
    const sb_option options[] = {
        option("codecs", SB_OPT_STRING_LIST, "[opus]", false, "Codecs", 0, 0, "opus|vp8|h264")};
    Schema codecs(options);
    EXPECT_THAT(section_of(codecs, "codecs: [vp8, h264]\n").list("codecs"), ElementsAre("vp8", "h264"));
    EXPECT_THAT(
        problems_of(codecs, "codecs: [vp8, vp9]\n"),
        ElementsAre(at(1, 15, "demo.codecs[1]", "must be one of opus|vp8|h264, got 'vp9'; did you mean 'vp8'?")));
}

TEST(Schema, TypeIsJudgedAfterInterpolation) {
    auto variables = fixed_variables({{"SB_PORT", "9001"}, {"SB_ON", "no"}, {"SB_BAD", "80x"}, {"SB_HOST", "h"}});
    Section section = section_of(schema(), R"(url: ws://${SB_HOST}:${SB_PORT}/v1
port: ${SB_PORT}
enabled: ${SB_ON}
timeout: ${SB_UNSET:-5}s
origins: ["${SB_HOST}", "literal $${SB_HOST}"]
)",
                                 variables);
    EXPECT_EQ(section.string("url"), "ws://h:9001/v1");
    EXPECT_EQ(section.integer("port"), 9001);
    EXPECT_EQ(section.boolean("enabled"), false);
    EXPECT_EQ(section.integer("timeout"), 5000);
    EXPECT_THAT(section.list("origins"), ElementsAre("h", "literal ${SB_HOST}"));
    EXPECT_EQ(section_of(schema(), "url: x\nport: ${SB_WS_PORT:-8081}\n").integer("port"), 8081);
    EXPECT_THAT(problems_of(schema(), "url: x\nport: ${SB_BAD}\n", variables),
                ElementsAre(at(2, 7, "demo.port", "expected an integer, got '80x'")));
}

TEST(Schema, AliasedValueIsExpandedOnce) {
    Section section =
        section_of(schema(), "url: &shared \"$${SB_HOST}\"\nnote: *shared\n", fixed_variables({{"SB_HOST", "h"}}));
    EXPECT_EQ(section.string("url"), "${SB_HOST}");
    EXPECT_EQ(section.string("note"), "${SB_HOST}");
}

TEST(Schema, UnsetVariableIsReportedWhereItIsUsed) {
    EXPECT_THAT(
        problems_of(schema(), "url: x\ntls:\n  key_file: ${SB_KEY}\n"),
        ElementsAre(at(3, 13, "demo.tls.key_file",
                       "environment variable 'SB_KEY' is not set (write ${SB_KEY:-default} to give a default)")));
    EXPECT_THAT(
        problems_of(schema(), "url: x\norigins: [a, '${SB_B']\n"),
        ElementsAre(at(2, 14, "demo.origins[1]", "unterminated '${' (missing '}'); write '$${' for a literal '${'")));
}

TEST(Schema, ValidateThrowsConfigErrorWithEveryProblem) {
    Document document = Document::parse("port: 0\nmode: x\n", "test.yaml");
    try {
        schema().validate(document.root(), demo_section(), fixed_variables({}));
        FAIL() << "no ConfigError";
    } catch (const ConfigError& error) {
        EXPECT_EQ(error.problems().size(), 3u);
        EXPECT_STREQ(error.what(),
                     "test.yaml:1:7: demo.port: must be between 1 and 65535, got 0\n"
                     "test.yaml:2:7: demo.mode: must be one of fast|safe|off, got 'x'\n"
                     "test.yaml:1:1: demo.url: missing required key 'url'");
    }
}

TEST(Schema, RejectsMalformedDeclarations) {
    auto rejects = [](std::initializer_list<sb_option> options, const std::string& message) {
        std::vector<sb_option> table(options);
        try {
            Schema(table.data(), static_cast<uint32_t>(table.size()));
            ADD_FAILURE() << "accepted: " << message;
        } catch (const std::invalid_argument& error) {
            EXPECT_EQ(error.what(), message);
        }
    };
    rejects({option("a b", SB_OPT_STRING, nullptr, false, "")},
            "option name 'a b' is not valid: dot-separated words of letters, digits, '_' and '-'");
    rejects({option("tls..x", SB_OPT_STRING, nullptr, false, "")},
            "option name 'tls..x' is not valid: dot-separated words of letters, digits, '_' and '-'");
    sb_option unknown_type = option("a", SB_OPT_INT, nullptr, false, "");
    const int32_t type_42 = 42;
    std::memcpy(&unknown_type.type, &type_42, sizeof type_42);
    rejects({unknown_type}, "option 'a' has an unknown type 42");
    rejects({option("a", SB_OPT_INT, nullptr, false, ""), option("a", SB_OPT_INT, nullptr, false, "")},
            "option 'a' is declared twice");
    rejects({option("tls", SB_OPT_STRING, nullptr, false, ""), option("tls.cert", SB_OPT_STRING, nullptr, false, "")},
            "option 'tls' is both a value and a mapping of other options");
    rejects({option("n", SB_OPT_INT, "ten", false, "")},
            "option 'n' has an invalid default 'ten': expected an integer, got 'ten'");
    rejects({option("n", SB_OPT_INT, "0", false, "", 1, 10)},
            "option 'n' has an invalid default '0': must be between 1 and 10, got 0");
    rejects({option("m", SB_OPT_STRING, "x", false, "", 0, 0, "a|b")},
            "option 'm' has an invalid default 'x': must be one of a|b, got 'x'");
    EXPECT_THROW(Schema(nullptr, 2), std::invalid_argument);
}

TEST(Schema, ReadsOptionTablesOfAnotherStride) {
    // A plugin built against a later minor whose sb_option has one more field.
    struct LargerOption {
        sb_option v1_0;
        int64_t added_later;
    };
    LargerOption table[2] = {{option("a", SB_OPT_INT, "1", false, "first"), 7},
                             {option("b", SB_OPT_STRING, "x", false, "second"), 8}};
    for (LargerOption& entry : table) entry.v1_0.struct_size = sizeof(LargerOption);
    Schema larger(&table[0].v1_0, 2);
    ASSERT_EQ(larger.options().size(), 2u);
    EXPECT_EQ(larger.options()[1].name, "b");
    EXPECT_EQ(larger.options()[1].doc, "second");

    sb_option too_small = option("a", SB_OPT_INT, "1", false, "");
    too_small.struct_size = 8;
    EXPECT_THROW(Schema(&too_small, 1), std::invalid_argument);
}

TEST(Schema, DescribeListsEveryOption) {
    EXPECT_EQ(schema().describe(),
              "url (string, required)\n"
              "    Where to connect\n"
              "port (int, default 8081, 1..65535)\n"
              "    TCP port to listen on\n"
              "enabled (bool, default true)\n"
              "    Whether it runs\n"
              "ratio (double, default 0.5)\n"
              "    Share of traffic\n"
              "origins (string list, default [a, b])\n"
              "    Allowed origins\n"
              "timeout (duration, default 30s, 100ms..1h)\n"
              "    How long to wait\n"
              "max_frame (size, default 64KiB, 1KiB..16MiB)\n"
              "    Largest frame\n"
              "mode (string, default \"fast\", one of fast|safe|off)\n"
              "    How to write\n"
              "note (string, optional)\n"
              "    Free text\n"
              "tls.cert_file (string, optional)\n"
              "    PEM certificate\n"
              "tls.key_file (string, optional)\n"
              "    PEM private key\n"
              "tls.client.verify (bool, default false)\n"
              "    Check client certificates\n");
    EXPECT_EQ(Schema().describe(), "(no options)\n");
}

TEST(Schema, DescribeMarkdownRendersATable) {
    const sb_option options[] = {
        option("url", SB_OPT_STRING, nullptr, true, "Where to connect"),
        option("mode", SB_OPT_STRING, "fast", false, "How to write (a|b)", 0, 0, "fast|safe"),
        option("timeout", SB_OPT_DURATION, "30s", false, "How long", 100, 3'600'000),
    };
    EXPECT_EQ(Schema(options).describe_markdown(),
              "| Option | Type | Default | Description |\n"
              "|---|---|---|---|\n"
              "| `url` | string | *required* | Where to connect |\n"
              "| `mode` | string | `\"fast\"` | How to write (a\\|b); one of `fast`, `safe` |\n"
              "| `timeout` | duration | `30s` | How long; range 100ms..1h |\n");
}

}  // namespace
}  // namespace switchboard::config
