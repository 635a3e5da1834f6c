#include "switchboard/util/id_generator.hpp"

#include <gtest/gtest.h>

#include <set>

using switchboard::util::IdGenerator;

TEST(IdGenerator, PrefixedUniqueAndTimeOrdered) {
    std::set<std::string> seen;
    std::string previous;
    for (int i = 0; i < 10000; ++i) {
        std::string id = IdGenerator::make("m_");
        ASSERT_EQ(id.size(), 2u + 26u);
        ASSERT_EQ(id.substr(0, 2), "m_");
        ASSERT_TRUE(seen.insert(id).second);
        // The leading 48 bits are milliseconds, so ids never go back in time.
        ASSERT_GE(id.substr(2, 9), previous.empty() ? std::string() : previous.substr(2, 9));
        previous = id;
    }
}
