#pragma once

#include <gtest/gtest.h>

#include <string>

#include "switchboard/abi.h"

namespace switchboard::conformance::storage {

// What one storage call ended with: its status, error message and (on
// success) a copy of its result.
template <class T>
struct Outcome {
    sb_status status = SB_ERR_INTERNAL;
    std::string error;
    T value{};

    bool ok() const { return status == SB_OK; }
};

// The result type of operations that return none.
struct Nothing {};

// For EXPECT_TRUE(succeeded(outcome)) and EXPECT_TRUE(failed_with(outcome, SB_ERR_NOT_FOUND)).
template <class T>
::testing::AssertionResult succeeded(const Outcome<T>& outcome) {
    if (outcome.ok()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "status " << outcome.status << ": " << outcome.error;
}

template <class T>
::testing::AssertionResult failed_with(const Outcome<T>& outcome, sb_status expected) {
    if (outcome.status == expected) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "expected status " << expected << ", got " << outcome.status << " ("
                                         << outcome.error << ")";
}

}  // namespace switchboard::conformance::storage
