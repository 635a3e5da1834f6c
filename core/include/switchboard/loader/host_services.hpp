#pragma once

#include <string>
#include <string_view>

#include "switchboard/host.h"
#include "switchboard/metrics/registry.hpp"

namespace switchboard::loader {

// Where the host table's ABI 1.1 and 1.3 functions go: the kernel's
// readiness, metrics, attachments and push. Thread rules and errors as host.h
// states them.
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
    // A push provider reported `token` gone after its delivery (any thread, never blocks).
    virtual void push_dead_token(std::string provider, std::string token) = 0;
};

}  // namespace switchboard::loader
