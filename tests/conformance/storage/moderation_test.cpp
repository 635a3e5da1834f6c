// Conformance: blocks between users and abuse reports.
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

TEST_F(StorageConformance, BlockSetAndList) {
    ASSERT_TRUE(succeeded(storage().block_set("alice", "mallory", true, 1000)));
    ASSERT_TRUE(succeeded(storage().block_set("alice", "trent", true, 2000)));
    ASSERT_TRUE(succeeded(storage().block_set("alice", "mallory", true, 3000)));  // already blocked
    ASSERT_TRUE(succeeded(storage().block_set("bob", "alice", true, 1000)));
    auto blocked = storage().block_list("alice");
    ASSERT_TRUE(succeeded(blocked));
    EXPECT_EQ(std::set<std::string>(blocked.value.begin(), blocked.value.end()),
              (std::set<std::string>{"mallory", "trent"}));
    EXPECT_EQ(blocked.value.size(), 2u);

    ASSERT_TRUE(succeeded(storage().block_set("alice", "mallory", false, 4000)));
    ASSERT_TRUE(succeeded(storage().block_set("alice", "nobody", false, 4000)));  // not blocked: fine
    EXPECT_EQ(storage().block_list("alice").value, std::vector<std::string>{"trent"});
    EXPECT_EQ(storage().block_list("bob").value, std::vector<std::string>{"alice"});
    auto none = storage().block_list("carol");
    ASSERT_TRUE(succeeded(none));
    EXPECT_TRUE(none.value.empty());
}

TEST_F(StorageConformance, ReportCreate) {
    create(group("g1", {"alice", "mallory"}));
    append("g1", "mallory", "spam", 2000);
    EXPECT_TRUE(succeeded(storage().report_create(sdk::storage::Report{"r1", "alice", "mallory", "g1", 1, "spam", 3000})));
    EXPECT_TRUE(succeeded(storage().report_create(sdk::storage::Report{"r2", "alice", "mallory", "", 0, "rude", 3001})));
}

}  // namespace
}  // namespace switchboard::conformance::storage
