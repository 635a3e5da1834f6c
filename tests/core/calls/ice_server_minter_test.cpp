#include "switchboard/calls/ice_server_minter.hpp"

#include <gtest/gtest.h>

namespace switchboard::calls {
namespace {

using nlohmann::json;

TEST(IceServerMinter, CredentialIsBase64OfHmacSha1OfTheUsername) {
    // Reference value: python3 -c "import hmac,hashlib,base64; print(base64.b64encode(
    //   hmac.new(b'north-secret', b'1700003600:u_alice', hashlib.sha1).digest()).decode())"
    EXPECT_EQ(IceServerMinter::credential("north-secret", "1700003600:u_alice"), "gtUhx+Py40qd7oPESWe3YfZALt0=");
    EXPECT_EQ(IceServerMinter::username(1700003600, "u_alice"), "1700003600:u_alice");
}

TEST(IceServerMinter, StunAndTurnWithCredentialsExpiringAfterTheTtl) {
    CallSettings settings;
    settings.stun_urls = {"stun:127.0.0.1:3478"};
    settings.turn_urls = {"turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"};
    settings.turn_secret = "north-secret";
    settings.turn_ttl_ms = 3600'000;
    IceServerMinter minter(settings);
    json servers = minter.ice_servers("u_alice", 1'700'000'000'500);
    ASSERT_EQ(servers.size(), 2u) << servers;
    EXPECT_EQ(servers[0], (json{{"urls", {"stun:127.0.0.1:3478"}}}));
    EXPECT_EQ(servers[1]["urls"], json(settings.turn_urls));
    EXPECT_EQ(servers[1]["username"], "1700003600:u_alice");
    EXPECT_EQ(servers[1]["credential"], "gtUhx+Py40qd7oPESWe3YfZALt0=");
}

TEST(IceServerMinter, OnlyWhatIsConfigured) {
    CallSettings none;
    EXPECT_EQ(IceServerMinter(none).ice_servers("u_alice", 0), json::array());
    CallSettings turn_only;
    turn_only.turn_urls = {"turn:127.0.0.1:3478"};
    turn_only.turn_secret = "s";
    json servers = IceServerMinter(turn_only).ice_servers("u_bob", 0);
    ASSERT_EQ(servers.size(), 1u);
    EXPECT_TRUE(servers[0].contains("credential"));
}

TEST(IceServerMinter, ADifferentSecretOrUserGivesADifferentCredential) {
    std::string a = IceServerMinter::credential("secret-a", "1700003600:u_alice");
    EXPECT_NE(a, IceServerMinter::credential("secret-b", "1700003600:u_alice"));
    EXPECT_NE(a, IceServerMinter::credential("secret-a", "1700003600:u_bob"));
    EXPECT_NE(a, IceServerMinter::credential("secret-a", "1700003601:u_alice"));
}

}  // namespace
}  // namespace switchboard::calls
