// Switchboard C++ plugin SDK: everything in one include.
#pragma once

#include "switchboard/switchboard.h"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage.hpp"
#include "switchboard/sdk/transport.hpp"
