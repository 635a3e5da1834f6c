#include "switchboard/notify/no_device_cache.hpp"

#include <gtest/gtest.h>

#include <string>

namespace switchboard::notify {
namespace {

TEST(NoDeviceCacheTest, RemembersAUserForItsTtlOnly) {
    NoDeviceCache cache;
    EXPECT_FALSE(cache.has_none("bob", 1'000));
    cache.remember("bob", 1'000);
    EXPECT_TRUE(cache.has_none("bob", 1'000 + NoDeviceCache::kTtlMs - 1));
    EXPECT_FALSE(cache.has_none("bob", 1'000 + NoDeviceCache::kTtlMs));
    EXPECT_EQ(cache.size(), 0u);
}

TEST(NoDeviceCacheTest, ARegisteredDeviceForgetsTheUser) {
    NoDeviceCache cache;
    cache.remember("bob", 1'000);
    cache.remember("carol", 1'000);
    cache.forget("bob");
    EXPECT_FALSE(cache.has_none("bob", 1'001));
    EXPECT_TRUE(cache.has_none("carol", 1'001));
}

TEST(NoDeviceCacheTest, StartsOverPastItsBound) {
    NoDeviceCache cache;
    for (size_t i = 0; i < NoDeviceCache::kMaxUsers; ++i) cache.remember("u" + std::to_string(i), 0);
    cache.remember("u0", 0);
    EXPECT_EQ(cache.size(), NoDeviceCache::kMaxUsers);
    cache.remember("another", 0);
    EXPECT_EQ(cache.size(), 1u);
}

}  // namespace
}  // namespace switchboard::notify
