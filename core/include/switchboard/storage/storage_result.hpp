#pragma once

#include <functional>
#include <string>

#include "switchboard/abi.h"

namespace switchboard::storage {

// The outcome of one storage operation as the kernel sees it.
template <class T>
struct StorageResult {
    sb_status status = SB_OK;
    std::string error;
    T value{};

    bool ok() const noexcept { return status == SB_OK; }
};

template <class T>
using StorageCallback = std::function<void(StorageResult<T>)>;

}  // namespace switchboard::storage
