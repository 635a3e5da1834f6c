// Conformance: refresh tokens (insert, rotate once, expiry, revoke) and push devices.
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::Device;
using sdk::storage::RefreshToken;

RefreshToken token(const std::string& hash, const std::string& user_id, int64_t expires_at) {
    return RefreshToken{hash, user_id, "device-" + user_id, 1000, expires_at};
}

TEST_F(StorageConformance, RefreshTokenRotatesOnceOnly) {
    ASSERT_TRUE(succeeded(storage().refresh_insert(token("h1", "u1", 10'000))));
    auto rotated = storage().refresh_rotate("h1", 2000, token("h2", "u1", 20'000));
    ASSERT_TRUE(succeeded(rotated));
    EXPECT_EQ(rotated.value, token("h1", "u1", 10'000));  // the consumed one
    // Replaying the consumed token fails, and stores nothing.
    EXPECT_TRUE(failed_with(storage().refresh_rotate("h1", 2000, token("h3", "u1", 20'000)), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("h3", 2000, token("h4", "u1", 20'000)), SB_ERR_NOT_FOUND));
    // The replacement is live.
    auto next = storage().refresh_rotate("h2", 3000, token("h5", "u1", 30'000));
    ASSERT_TRUE(succeeded(next));
    EXPECT_EQ(next.value, token("h2", "u1", 20'000));
}

TEST_F(StorageConformance, RefreshTokenReplacementKeepsTheOldTokensOwner) {
    ASSERT_TRUE(succeeded(storage().refresh_insert(RefreshToken{"h1", "alice", "phone", 1000, 10'000})));
    ASSERT_TRUE(succeeded(storage().refresh_rotate("h1", 2000, RefreshToken{"h2", "mallory", "laptop", 2000, 20'000})));
    // The replacement is alice's: revoking mallory's tokens leaves it, revoking alice's removes it.
    ASSERT_TRUE(succeeded(storage().refresh_revoke_user("mallory")));
    auto rotated = storage().refresh_rotate("h2", 3000, token("h3", "alice", 30'000));
    ASSERT_TRUE(succeeded(rotated));
    EXPECT_EQ(rotated.value, (RefreshToken{"h2", "alice", "phone", 2000, 20'000}));
    ASSERT_TRUE(succeeded(storage().refresh_revoke_user("alice")));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("h3", 3000, token("h4", "alice", 30'000)), SB_ERR_NOT_FOUND));
}

// expires_at is the first instant the token is no longer valid.
TEST_F(StorageConformance, RefreshTokenExpiredOrUnknownIsNotFound) {
    ASSERT_TRUE(succeeded(storage().refresh_insert(token("h1", "u1", 5000))));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("h1", 5000, token("h2", "u1", 9000)), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("h1", 6000, token("h2", "u1", 9000)), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("unknown", 1, token("h3", "u1", 9000)), SB_ERR_NOT_FOUND));
    // A failed rotation stored no replacement.
    EXPECT_TRUE(failed_with(storage().refresh_rotate("h2", 1, token("h4", "u1", 9000)), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, RefreshTokenRevoke) {
    ASSERT_TRUE(succeeded(storage().refresh_insert(token("h1", "u1", 10'000))));
    ASSERT_TRUE(succeeded(storage().refresh_insert(token("h2", "u1", 10'000))));
    ASSERT_TRUE(succeeded(storage().refresh_revoke("h1")));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("h1", 1, token("h9", "u1", 10'000)), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(succeeded(storage().refresh_rotate("h2", 1, token("h3", "u1", 10'000))));
    EXPECT_TRUE(succeeded(storage().refresh_revoke("never-existed")));
}

TEST_F(StorageConformance, RefreshTokenRevokeUserRevokesAllOfTheUsersTokensOnly) {
    ASSERT_TRUE(succeeded(storage().refresh_insert(token("a1", "alice", 10'000))));
    ASSERT_TRUE(succeeded(storage().refresh_insert(token("a2", "alice", 10'000))));
    ASSERT_TRUE(succeeded(storage().refresh_insert(token("b1", "bob", 10'000))));
    ASSERT_TRUE(succeeded(storage().refresh_revoke_user("alice")));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("a1", 1, token("a3", "alice", 10'000)), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().refresh_rotate("a2", 1, token("a4", "alice", 10'000)), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(succeeded(storage().refresh_rotate("b1", 1, token("b2", "bob", 10'000))));
}

Device device(const std::string& user_id, const std::string& device_id, const std::string& token, int64_t at) {
    return Device{user_id, device_id, "fcm", token, R"({"app":"x"})", at};
}

TEST_F(StorageConformance, DeviceUpsertListAndDelete) {
    ASSERT_TRUE(succeeded(storage().device_upsert(device("u1", "phone", "t1", 1000))));
    ASSERT_TRUE(succeeded(storage().device_upsert(device("u1", "tablet", "t2", 1000))));
    ASSERT_TRUE(succeeded(storage().device_upsert(device("u2", "phone", "t3", 1000))));
    // Same (user, device): replaced, not added.
    Device moved = device("u1", "phone", "t1-new", 2000);
    moved.provider = "apns";
    moved.extra_json = "";
    ASSERT_TRUE(succeeded(storage().device_upsert(moved)));

    auto listed = storage().device_list("u1");
    ASSERT_TRUE(succeeded(listed));
    std::map<std::string, Device> by_id;
    for (const Device& d : listed.value) by_id[d.device_id] = d;
    ASSERT_EQ(listed.value.size(), 2u);
    EXPECT_EQ(by_id["phone"], moved);
    EXPECT_EQ(by_id["tablet"], device("u1", "tablet", "t2", 1000));

    ASSERT_TRUE(succeeded(storage().device_delete("u1", "phone")));
    EXPECT_TRUE(failed_with(storage().device_delete("u1", "phone"), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().device_delete("u3", "phone"), SB_ERR_NOT_FOUND));
    ASSERT_EQ(storage().device_list("u1").value.size(), 1u);
    ASSERT_EQ(storage().device_list("u2").value.size(), 1u);
    auto none = storage().device_list("nobody");
    ASSERT_TRUE(succeeded(none));
    EXPECT_TRUE(none.value.empty());
}

}  // namespace
}  // namespace switchboard::conformance::storage
