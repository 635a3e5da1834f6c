#pragma once

#include <string_view>

#include "switchboard/host.h"
#include "switchboard/metrics/registry.hpp"

namespace switchboard::loader {

// Where the host table's ABI 1.1 functions go: the kernel's readiness,
// metrics and attachments. Thread rules and errors as host.h states them.
class HostServices {
public:
    virtual ~HostServices() = default;
    virtual void check_ready(sb_host_done done, void* done_ctx) = 0;
    virtual metrics::Registry& metrics() = 0;
    virtual sb_upload* upload_begin(const sb_upload_info& info, sb_error* err) = 0;
    virtual sb_status upload_write(sb_upload* upload, std::string_view data, sb_error* err) = 0;
    virtual void upload_finish(sb_upload* upload, sb_host_done done, void* done_ctx) = 0;
    virtual void upload_abort(sb_upload* upload) = 0;
    virtual void attachment_open(const sb_attachment_request& req, sb_host_done done, void* done_ctx) = 0;
};

}  // namespace switchboard::loader
