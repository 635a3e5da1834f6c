#pragma once

#include <span>
#include <string_view>

#include "switchboard/abi.h"

namespace switchboard::config {

// One of the kernel's own top-level sections of switchboard.yaml.
struct KernelSection {
    std::string_view name;
    std::span<const sb_option> options;
};

// server, auth, chat, limits, attachments, server_api, calls and push, in that order.
std::span<const KernelSection> kernel_sections();

std::span<const sb_option> server_options();
std::span<const sb_option> auth_options();
std::span<const sb_option> chat_options();
std::span<const sb_option> limits_options();
std::span<const sb_option> attachments_options();
std::span<const sb_option> server_api_options();
std::span<const sb_option> calls_options();

}  // namespace switchboard::config
