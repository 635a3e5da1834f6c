#include "switchboard/config/kernel_options.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "switchboard/config/config_error.hpp"
#include "switchboard/config/schema.hpp"
#include "switchboard/config/server_config.hpp"

namespace switchboard::config {
namespace {

using ::testing::HasSubstr;

TEST(KernelOptions, EveryTableIsAValidSchemaWithDocs) {
    ASSERT_EQ(kernel_sections().size(), 8u);
    for (const KernelSection& section : kernel_sections()) {
        Schema schema(section.options);
        for (const OptionSpec& spec : schema.options()) EXPECT_FALSE(spec.doc.empty()) << spec.name;
    }
    EXPECT_EQ(kernel_sections()[0].name, "server");
    EXPECT_EQ(kernel_sections()[3].name, "limits");
    EXPECT_EQ(kernel_sections()[4].name, "attachments");
    EXPECT_EQ(kernel_sections()[5].name, "server_api");
    EXPECT_EQ(kernel_sections()[6].name, "calls");
    EXPECT_EQ(kernel_sections()[7].name, "push");
}

TEST(KernelOptions, DefaultsOfAnEmptyFile) {
    ServerConfig config = ServerConfig::parse("", "switchboard.yaml");
    const Section& server = config.server();
    EXPECT_EQ(server.string("data_dir"), "./data");
    EXPECT_EQ(server.string("log_level"), "info");
    EXPECT_EQ(server.string("plugin_dir"), std::nullopt);
    EXPECT_EQ(server.duration("shutdown_timeout"), std::chrono::seconds(10));

    const Section& auth = config.auth();
    EXPECT_EQ(auth.string("jwt_secret"), std::nullopt);
    EXPECT_EQ(auth.string("issuer"), "switchboard");
    EXPECT_EQ(auth.string("audience"), "switchboard");
    EXPECT_EQ(auth.duration("access_token_ttl"), std::chrono::minutes(15));
    EXPECT_EQ(auth.duration("refresh_token_ttl"), std::chrono::hours(24 * 30));
    EXPECT_EQ(auth.boolean("allow_registration"), true);
    EXPECT_EQ(auth.integer("password_min_length"), 8);
    EXPECT_EQ(auth.integer("login_attempts"), 5);
    EXPECT_EQ(auth.duration("login_window"), std::chrono::minutes(1));
    EXPECT_EQ(auth.integer("hash_threads"), 1);
    EXPECT_EQ(auth.string("external.hs256_secret"), std::nullopt);
    EXPECT_EQ(auth.string("external.public_key_file"), std::nullopt);
    EXPECT_EQ(auth.string("external.jwks_file"), std::nullopt);
    EXPECT_EQ(auth.string("external.issuer"), std::nullopt);
    EXPECT_EQ(auth.string("external.audience"), std::nullopt);
    EXPECT_EQ(auth.boolean("external.auto_provision"), true);

    const Section& chat = config.chat();
    EXPECT_EQ(chat.integer("max_body_bytes"), 64 * 1024);
    EXPECT_EQ(chat.integer("max_extra_bytes"), 16 * 1024);
    EXPECT_EQ(chat.integer("history_max_limit"), 200);
    EXPECT_EQ(chat.duration("edit_window"), std::chrono::hours(48));
    EXPECT_EQ(chat.duration("typing_ttl"), std::chrono::seconds(6));
    EXPECT_EQ(chat.integer("max_group_members"), 1000);
    EXPECT_EQ(chat.duration("presence_grace"), std::chrono::seconds(5));

    const Section& limits = config.limits();
    EXPECT_EQ(limits.integer("max_request_bytes"), 256 * 1024);
    EXPECT_EQ(limits.integer("requests_per_second"), 200);
    EXPECT_EQ(limits.integer("request_burst"), 400);
    EXPECT_EQ(limits.integer("session_queue"), 1024);

    const Section& attachments = config.attachments();
    EXPECT_EQ(attachments.integer("max_size"), 25 * 1024 * 1024);
    EXPECT_TRUE(attachments.list("allowed_types").empty());
    EXPECT_EQ(attachments.integer("thumbnail_size"), 320);
    EXPECT_EQ(attachments.integer("max_image_pixels"), 50'000'000);
    EXPECT_EQ(attachments.integer("max_per_message"), 10);

    EXPECT_TRUE(config.server_api().list("keys").empty());
}

TEST(KernelOptions, AttachmentAndServerApiSectionsAreValidated) {
    try {
        ServerConfig::parse("attachments:\n  max_sise: 1MiB\n  thumbnail_size: 9999\nserver_api:\n  keys: abc\n",
                            "sb.yaml");
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        std::string text = e.what();
        EXPECT_THAT(text, HasSubstr("sb.yaml:2:3: attachments.max_sise: unknown key 'max_sise'; did you mean 'max_size'?"));
        EXPECT_THAT(text, HasSubstr("sb.yaml:3:19: attachments.thumbnail_size:"));
        EXPECT_THAT(text, HasSubstr("sb.yaml:5:9: server_api.keys:"));
    }
}

TEST(KernelOptions, RangesFromTheSpecification) {
    auto range_of = [](std::span<const sb_option> options, std::string_view name) {
        Schema schema(options);
        const OptionSpec* spec = schema.find(name);
        return spec ? spec->range_text() : "undeclared";
    };
    EXPECT_EQ(range_of(auth_options(), "password_min_length"), "1..1024");
    EXPECT_EQ(range_of(auth_options(), "login_attempts"), "1..1000");
    EXPECT_EQ(range_of(auth_options(), "hash_threads"), "1..16");
    EXPECT_EQ(range_of(chat_options(), "history_max_limit"), "1..10000");
    EXPECT_EQ(range_of(chat_options(), "max_group_members"), "2..100000");
    EXPECT_EQ(range_of(limits_options(), "requests_per_second"), "1..1000000");
    EXPECT_EQ(range_of(chat_options(), "edit_window"), "");
}

TEST(KernelOptions, DescribeNamesEveryOption) {
    std::string text = Schema(server_options()).describe();
    EXPECT_THAT(text, HasSubstr("log_level (string, default \"info\", one of trace|debug|info|warn|error)\n"));
    EXPECT_THAT(text, HasSubstr("shutdown_timeout (duration, default 10s)\n"));
    EXPECT_THAT(text, HasSubstr("plugin_dir (string, optional)\n"));
}

}  // namespace
}  // namespace switchboard::config
