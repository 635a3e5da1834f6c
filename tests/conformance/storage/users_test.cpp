// Conformance: users (create, conflicts, ensure, lookups, search, update, touch).
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::User;

TEST_F(StorageConformance, UserCreateThenGetByIdAndByUsername) {
    User alice = user("u-alice");
    ASSERT_TRUE(succeeded(storage().user_create(alice)));
    auto by_id = storage().user_get("u-alice");
    ASSERT_TRUE(succeeded(by_id));
    EXPECT_EQ(by_id.value, alice);
    auto by_name = storage().user_get_by_username(alice.username);
    ASSERT_TRUE(succeeded(by_name));
    EXPECT_EQ(by_name.value, alice);
}

TEST_F(StorageConformance, UserCreateConflictsOnTakenIdOrUsername) {
    ASSERT_TRUE(succeeded(storage().user_create(user("u1"))));
    User same_id = user("u1");
    same_id.username = "someone.else";
    EXPECT_TRUE(failed_with(storage().user_create(same_id), SB_ERR_CONFLICT));
    User same_name = user("u2");
    same_name.username = user("u1").username;
    EXPECT_TRUE(failed_with(storage().user_create(same_name), SB_ERR_CONFLICT));
    EXPECT_TRUE(failed_with(storage().user_get("u2"), SB_ERR_NOT_FOUND));
    EXPECT_EQ(storage().user_get("u1").value, user("u1"));
}

TEST_F(StorageConformance, UserGetOfUnknownUserIsNotFound) {
    EXPECT_TRUE(failed_with(storage().user_get("nobody"), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().user_get_by_username("nobody"), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, UserEnsureCreatesOnceThenReturnsTheStoredRow) {
    User first = user("ext-1");
    auto created = storage().user_ensure(first);
    ASSERT_TRUE(succeeded(created));
    EXPECT_EQ(created.value, first);
    User second = first;
    second.display_name = "Changed";
    second.created_at = 9999;
    auto again = storage().user_ensure(second);
    ASSERT_TRUE(succeeded(again));
    EXPECT_EQ(again.value, first);
    EXPECT_EQ(storage().user_get("ext-1").value, first);
}

TEST_F(StorageConformance, UserEnsureOfATakenUsernameConflicts) {
    ASSERT_TRUE(succeeded(storage().user_create(user("u1"))));
    User other = user("u2");
    other.username = user("u1").username;
    EXPECT_TRUE(failed_with(storage().user_ensure(other), SB_ERR_CONFLICT));
}

TEST_F(StorageConformance, UserSearchMatchesSubstringsCaseInsensitivelyUpToTheLimit) {
    for (auto [id, username, display] :
         std::vector<std::tuple<std::string, std::string, std::string>>{{"u1", "alice", "Alice Liddell"},
                                                                        {"u2", "bob", "Bob the Builder"},
                                                                        {"u3", "carol", "Carol ALIAS"},
                                                                        {"u4", "malice", "M"}}) {
        User u = user(id);
        u.username = username;
        u.display_name = display;
        ASSERT_TRUE(succeeded(storage().user_create(u)));
    }
    auto found = storage().user_search("ALI", 10);
    ASSERT_TRUE(succeeded(found));
    std::set<std::string> ids;
    for (const User& u : found.value) ids.insert(u.user_id);
    EXPECT_EQ(ids, (std::set<std::string>{"u1", "u3", "u4"}));  // username or display name

    auto limited = storage().user_search("ali", 2);
    ASSERT_TRUE(succeeded(limited));
    EXPECT_EQ(limited.value.size(), 2u);

    auto builder = storage().user_search("builder", 10);
    ASSERT_TRUE(succeeded(builder));
    ASSERT_EQ(builder.value.size(), 1u);
    EXPECT_EQ(builder.value[0], storage().user_get("u2").value);

    auto none = storage().user_search("zzz", 10);
    ASSERT_TRUE(succeeded(none));
    EXPECT_TRUE(none.value.empty());
}

TEST_F(StorageConformance, UserUpdateChangesOnlyTheGivenFields) {
    ASSERT_TRUE(succeeded(storage().user_create(user("u1"))));
    auto renamed = storage().user_update("u1", std::string("New Name"), std::nullopt);
    ASSERT_TRUE(succeeded(renamed));
    User expected = user("u1");
    expected.display_name = "New Name";
    EXPECT_EQ(renamed.value, expected);

    auto rehashed = storage().user_update("u1", std::nullopt, std::string("$argon2id$new"));
    ASSERT_TRUE(succeeded(rehashed));
    expected.password_hash = "$argon2id$new";
    EXPECT_EQ(rehashed.value, expected);

    auto emptied = storage().user_update("u1", std::string(""), std::nullopt);  // empty is a value, not "unchanged"
    ASSERT_TRUE(succeeded(emptied));
    expected.display_name = "";
    EXPECT_EQ(emptied.value, expected);
    EXPECT_EQ(storage().user_get("u1").value, expected);

    EXPECT_TRUE(failed_with(storage().user_update("nobody", std::string("x"), std::nullopt), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, UserTouchRecordsLastSeen) {
    ASSERT_TRUE(succeeded(storage().user_create(user("u1"))));
    EXPECT_EQ(storage().user_get("u1").value.last_seen_at, 0);
    ASSERT_TRUE(succeeded(storage().user_touch("u1", 5000)));
    EXPECT_EQ(storage().user_get("u1").value.last_seen_at, 5000);
    ASSERT_TRUE(succeeded(storage().user_touch("u1", 7000)));
    EXPECT_EQ(storage().user_get("u1").value.last_seen_at, 7000);
}

}  // namespace
}  // namespace switchboard::conformance::storage
