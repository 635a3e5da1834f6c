#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <string>

#include "switchboard/calls/call_service.hpp"
#include "switchboard/calls/push_call_observer.hpp"
#include "switchboard/chat/auth_service.hpp"
#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/conversation_service.hpp"
#include "switchboard/chat/device_service.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/chat/message_service.hpp"
#include "switchboard/chat/notification_settings_service.hpp"
#include "switchboard/chat/presence_service.hpp"
#include "switchboard/chat/receipt_service.hpp"
#include "switchboard/chat/typing_service.hpp"
#include "switchboard/chat/server_api_service.hpp"
#include "switchboard/chat/user_service.hpp"
#include "switchboard/auth/api_keys.hpp"
#include "switchboard/files/attachment_service.hpp"
#include "switchboard/loader/host_services.hpp"
#include "switchboard/metrics/registry.hpp"
#include "switchboard/notify/push_service.hpp"
#include "switchboard/config/server_config.hpp"
#include "switchboard/loader/connection_sink.hpp"
#include "switchboard/loader/plugin_registry.hpp"
#include "switchboard/protocol/request_decoder.hpp"
#include "switchboard/runtime/event_loop.hpp"
#include "switchboard/runtime/session_registry.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::server {

// The running server: plugins, sessions, the chat domain and the request path
// from a transport's bytes to a handler and back. Transports call the
// ConnectionSink functions from their own threads; everything else happens on
// the kernel thread (the one that calls run()). As HostServices it serves the
// host table's readiness, metrics and attachments (ABI 1.1) and push (1.3).
class Kernel : public loader::ConnectionSink, public loader::HostServices {
public:
    explicit Kernel(config::ServerConfig config);
    ~Kernel() override;

    // Loads and starts every plugin, serves until SIGINT/SIGTERM, then drains
    // in-flight requests, stops plugins in reverse order and returns.
    // Throws LoadError / ConfigError when start-up fails.
    void run();

    uint64_t on_open(loader::PluginInstance& transport, const sb_conn_info& info) override;
    void on_receive(uint64_t conn, std::string_view data) override;
    void on_closed(uint64_t conn) override;

    void check_ready(sb_host_done done, void* done_ctx) override;
    metrics::Registry& metrics() override { return metrics_; }
    sb_upload* upload_begin(const sb_upload_info& info, sb_error* err) override;
    sb_status upload_write(sb_upload* upload, std::string_view data, sb_error* err) override;
    void upload_finish(sb_upload* upload, sb_host_done done, void* done_ctx) override;
    void upload_abort(sb_upload* upload) override;
    void attachment_open(const sb_attachment_request& req, sb_host_done done, void* done_ctx) override;
    void push_dead_token(std::string provider, std::string token) override;

private:
    void start();
    void register_metrics();
    void handle(uint64_t conn, protocol::Request request);
    // Builds the call for a request and dispatches it.
    void dispatch(uint64_t conn, protocol::Request request, const std::string& user_id, const std::string& device_id,
                  bool stateless, bool server_api, std::optional<std::pair<protocol::ErrorCode, std::string>> refusal);
    // Refuses a request before any op ran (unreadable, rate limited, shutting down).
    void answer_error(uint64_t conn, const nlohmann::json& id, protocol::ErrorCode code, const std::string& message);
    void respond(uint64_t conn, std::string bytes, sb_status refusal);
    void bind(uint64_t conn, const std::string& user_id, const std::string& device_id);
    void close_session(uint64_t conn);

    void begin_shutdown();
    void drain(std::chrono::steady_clock::time_point deadline);
    void finish_shutdown(std::chrono::steady_clock::time_point deadline);

    config::ServerConfig config_;
    runtime::EventLoop loop_;
    metrics::Registry metrics_;  // before plugins_: their families live here
    loader::PluginRegistry plugins_;
    runtime::SessionRegistry sessions_;
    protocol::RequestDecoder decoder_;
    std::unique_ptr<storage::StorageClient> storage_;
    std::unique_ptr<notify::PushService> push_;  // before chat_, which points at its notifier
    std::unique_ptr<chat::ChatContext> chat_;
    chat::Dispatcher dispatcher_;
    std::unique_ptr<chat::AuthService> auth_;
    std::unique_ptr<chat::PresenceService> presence_;  // before the services that hold a reference to it
    std::unique_ptr<chat::ConversationService> conversations_;
    std::unique_ptr<chat::MessageService> messages_;
    std::unique_ptr<chat::ReceiptService> receipts_;
    std::unique_ptr<chat::UserService> users_;
    std::unique_ptr<chat::DeviceService> devices_;
    std::unique_ptr<chat::TypingService> typing_;
    std::unique_ptr<chat::NotificationSettingsService> notification_settings_;
    std::unique_ptr<chat::ServerApiService> server_api_;
    std::unique_ptr<calls::PushCallObserver> call_push_;  // outlives calls_, which calls it
    std::unique_ptr<calls::CallService> calls_;
    std::unique_ptr<files::AttachmentService> files_;  // after storage_ and auth_: destroyed before them
    auth::ApiKeys api_keys_;
    metrics::Family* connections_ = nullptr;
    metrics::Family* request_seconds_ = nullptr;
    metrics::Family* errors_ = nullptr;

    std::atomic<uint64_t> next_conn_{1};
    std::atomic<bool> accepting_{false};
    uint64_t in_flight_ = 0;  // requests dispatched and not answered (kernel thread)
    double requests_per_second_;
    double request_burst_;
    uint32_t session_queue_;
    std::chrono::milliseconds shutdown_timeout_;
};

}  // namespace switchboard::server
