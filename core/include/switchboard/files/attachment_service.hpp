#pragma once

#include <atomic>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "switchboard/chat/auth_service.hpp"
#include "switchboard/files/attachment_settings.hpp"
#include "switchboard/files/thumbnailer.hpp"
#include "switchboard/host.h"
#include "switchboard/runtime/event_loop.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::files {

// Attachments as a kernel service, for every transport: uploads streamed to
// a temporary file (hashed as they come), sealed, given a thumbnail when they
// are images, moved to <data_dir>/attachments/<xy>/<id> and recorded through
// storage; downloads checked against who may read them. The host table's
// upload_* and attachment_open land here (their contract: host.h).
// begin/write/abort run on the caller's thread; sealing and thumbnails on
// one worker thread; authentication and storage on the kernel thread.
class AttachmentService {
public:
    AttachmentService(AttachmentSettings settings, chat::AuthService& auth, storage::StorageClient& storage,
                      runtime::EventLoop& loop);
    ~AttachmentService();  // waits for the worker
    AttachmentService(const AttachmentService&) = delete;
    AttachmentService& operator=(const AttachmentService&) = delete;

    sb_upload* begin(const sb_upload_info& info, sb_error* err);
    sb_status write(sb_upload* upload, std::string_view data, sb_error* err);
    void finish(sb_upload* upload, sb_host_done done, void* done_ctx);
    void abort(sb_upload* upload);
    void open(const sb_attachment_request& req, sb_host_done done, void* done_ctx);

    // Uploads finished and not answered yet (shutdown waits for them).
    int64_t pending() const noexcept { return pending_.load(); }

private:
    std::filesystem::path file_path(const std::string& attachment_id) const;
    std::filesystem::path thumbnail_stem(const std::string& attachment_id) const;
    // The thumbnail written for an attachment (.jpg or .png), or empty.
    std::filesystem::path thumbnail_path(const std::string& attachment_id) const;
    void remove_files(const std::string& attachment_id) const;
    void complete(sb_host_done done, void* done_ctx, sb_status status, const std::string& message,
                  const void* result = nullptr);

    AttachmentSettings settings_;
    chat::AuthService& auth_;
    storage::StorageClient& storage_;
    runtime::EventLoop& loop_;
    Thumbnailer thumbnailer_;
    std::filesystem::path temp_dir_;
    std::atomic<int64_t> pending_{0};
    boost::asio::thread_pool worker_{1};
};

}  // namespace switchboard::files
