#pragma once

#include <microhttpd.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "attachment_file.hpp"
#include "reply.hpp"
#include "server_api_route.hpp"
#include "switchboard/host.h"

namespace switchboard::plugins::transport_http {

// One HTTP request and its answer. MHD's thread reads the request and
// queues the reply; the host may produce the reply on any thread
// (deliver()), which resumes the connection if it was suspended waiting.
class Exchange {
public:
    enum class Route {
        healthz, readyz, metrics, rpc, upload, download, thumbnail, server_api, static_file, preflight, other
    };

    explicit Exchange(MHD_Connection* connection) : connection(connection) {}

    // Thread-safe: stores the reply (or the file to serve) and resumes the connection when it waits.
    void deliver(Reply reply);
    void deliver_file(AttachmentFile file);
    // MHD thread: the reply if there is one; otherwise suspends the
    // connection until deliver() (true: a reply is ready to queue).
    bool reply_ready_or_suspend();

    // MHD thread only from here on.
    MHD_Connection* const connection;
    Route route = Route::other;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    bool completed = false;  // the request was read and its processing started
    bool queued = false;     // a response was queued
    uint64_t conn = 0;       // the host's connection id (rpc, server API), 0 = none
    std::string body;
    sb_upload* upload = nullptr;
    MHD_PostProcessor* post_processor = nullptr;
    bool file_part_done = false;  // multipart: the one file part was read
    std::optional<Reply> early;   // a refusal decided while reading the request
    std::optional<ServerApiRoute> server_api;
    std::string token;
    std::string attachment_id;
    std::string first_file_part;  // multipart: the field name and file name of the file part
    void* server = nullptr;       // the HttpServer, for the multipart callback

    // Set by deliver(); read under the mutex, then by the MHD thread once ready.
    std::optional<Reply> reply;
    std::optional<AttachmentFile> file;

private:
    std::mutex mutex_;
    bool suspended_ = false;
};

}  // namespace switchboard::plugins::transport_http
