// Minor versions: a plugin built for ABI 1.0 loads on this 1.1 server, with
// its shorter vtable read zero-extended; SB_HAS tells each side which fields
// the other one has.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>

#include "support/log_capture.hpp"
#include "support/plugin_yaml.hpp"
#include "switchboard/config/server_config.hpp"
#include "switchboard/loader/plugin_registry.hpp"
#include "switchboard/sdk/records.hpp"

namespace {

using switchboard::config::ServerConfig;
using switchboard::loader::PluginRegistry;
using switchboard::tests::abi::LogCapture;
using switchboard::tests::abi::plugin_entry;
using ::testing::HasSubstr;

TEST(AbiVersions, APluginBuiltForMinorZeroLoadsAndSeesTheNewerHostTable) {
    static_assert(SB_ABI_MINOR >= 1);
    LogCapture log;
    PluginRegistry registry;
    registry.load(ServerConfig::parse("plugins:\n" + plugin_entry("abi.minor_zero", ABI_PLUGIN_MINOR_ZERO),
                                      "/etc/switchboard/abi.yaml"));
    ASSERT_EQ(registry.plugins().size(), 1u);
    auto& plugin = *registry.plugins()[0];
    EXPECT_EQ(plugin.library().descriptor().abi_minor, 0u);
    EXPECT_NE(plugin.library().transport().send, nullptr);
    EXPECT_EQ(plugin.library().transport().answer, nullptr);  // past its vtable's end: read as NULL
    plugin.create(nullptr);
    EXPECT_THAT(log.text(), HasSubstr("[abi.minor_zero] host ABI 1." + std::to_string(SB_ABI_MINOR) +
                                      "; host table has check_ready: yes"));
    plugin.destroy();
}

TEST(AbiVersions, SbHasSeesOnlyTheFieldsTheSenderHad) {
    sb_host old_host{};
    old_host.struct_size = offsetof(sb_host, check_ready);  // a 1.0 host table
    EXPECT_TRUE(SB_HAS(&old_host, conn_closed));
    EXPECT_FALSE(SB_HAS(&old_host, check_ready));
    EXPECT_FALSE(SB_HAS(&old_host, attachment_open));
    sb_host new_host{};
    new_host.struct_size = sizeof(sb_host);
    EXPECT_TRUE(SB_HAS(&new_host, attachment_open));

    // A 1.0 transport's connection info: the credentials read as empty.
    sb_conn_info info{};
    info.struct_size = offsetof(sb_conn_info, bearer_token);
    info.flags = SB_CONN_STATELESS;
    info.bearer_token = sb_str{"garbage past the sender's struct", 5};
    EXPECT_FALSE(SB_HAS(&info, bearer_token));
    sb_conn_info read = switchboard::sdk::read_record(info);
    EXPECT_EQ(read.flags, SB_CONN_STATELESS);
    EXPECT_EQ(read.bearer_token.ptr, nullptr);
    EXPECT_EQ(read.api_key.len, 0u);

    // A 1.0 storage plugin's message: no attachments.
    sb_message message{};
    message.struct_size = offsetof(sb_message, attachments);
    message.attachment_count = 3;
    EXPECT_EQ(switchboard::sdk::read_record(message).attachment_count, 0u);
}

}  // namespace
