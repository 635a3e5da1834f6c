#include "switchboard/server/kernel.hpp"

#include <boost/asio/signal_set.hpp>
#include <filesystem>
#include <spdlog/spdlog.h>

#include "switchboard/auth/secret_file.hpp"
#include "switchboard/loader/load_error.hpp"
#include "switchboard/protocol/envelope_writer.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/util/clock.hpp"

namespace switchboard::server {

using protocol::ErrorCode;

namespace {
constexpr uint32_t kClosePolicy = 1008;
}

Kernel::Kernel(config::ServerConfig config)
    : config_(std::move(config)),
      decoder_(static_cast<size_t>(config_.limits().integer("max_request_bytes").value_or(256 * 1024))),
      requests_per_second_(static_cast<double>(config_.limits().integer("requests_per_second").value_or(200))),
      request_burst_(static_cast<double>(config_.limits().integer("request_burst").value_or(400))),
      session_queue_(static_cast<uint32_t>(config_.limits().integer("session_queue").value_or(1024))),
      shutdown_timeout_(config_.server().integer("shutdown_timeout").value_or(10'000)) {}

Kernel::~Kernel() {
    plugins_.stop_all();
    plugins_.destroy_all();
}

void Kernel::start() {
    std::filesystem::path data_dir = config_.server().string("data_dir").value_or("./data");
    std::filesystem::create_directories(data_dir);
    std::string secret = config_.auth().string("jwt_secret").value_or("");
    if (secret.empty()) secret = auth::SecretFile::load_or_create(data_dir / "jwt_secret");

    plugins_.load(config_);
    loader::PluginInstance& storage = plugins_.storage(config_.path());
    if (plugins_.of_kind(SB_KIND_TRANSPORT).empty())
        throw loader::LoadError(config_.path().string() + ": no transport plugin is listed, so no client could connect");

    // Create everything first so the storage instance exists before the kernel
    // wires services to it; transports only start accepting at the end.
    for (auto& p : plugins_.plugins()) p->create(this);
    storage_ = std::make_unique<storage::StorageClient>(
        storage.library().storage(), storage.instance(),
        [this](std::function<void()> fn) { loop_.post(std::move(fn)); });
    chat_ = std::make_unique<chat::ChatContext>(loop_, sessions_, *storage_, chat::ChatSettings::from(config_.chat()));
    auth_ = std::make_unique<chat::AuthService>(*chat_, config_.auth(), secret,
                                                [this](uint64_t conn, const std::string& user, const std::string& device) {
                                                    bind(conn, user, device);
                                                });
    auth_->remote_address_of = [this](uint64_t conn) {
        runtime::Session* s = sessions_.find(conn);
        return s ? s->remote_address() : std::string();
    };
    presence_ = std::make_unique<chat::PresenceService>(*chat_);
    conversations_ = std::make_unique<chat::ConversationService>(*chat_, *presence_);
    messages_ = std::make_unique<chat::MessageService>(*chat_);
    receipts_ = std::make_unique<chat::ReceiptService>(*chat_);
    users_ = std::make_unique<chat::UserService>(*chat_, *presence_);
    devices_ = std::make_unique<chat::DeviceService>(*chat_);
    typing_ = std::make_unique<chat::TypingService>(*chat_);
    auth_->register_ops(dispatcher_);
    conversations_->register_ops(dispatcher_);
    messages_->register_ops(dispatcher_);
    receipts_->register_ops(dispatcher_);
    users_->register_ops(dispatcher_);
    devices_->register_ops(dispatcher_);
    typing_->register_ops(dispatcher_);
    presence_->register_ops(dispatcher_);

    accepting_ = true;
    try {
        plugins_.start_all(this);
    } catch (...) {
        accepting_ = false;
        throw;
    }
    spdlog::info("switchboard {} ready: {} plugins, plugin ABI {}.{}", SWITCHBOARD_VERSION, plugins_.plugins().size(),
                 SB_ABI_MAJOR, SB_ABI_MINOR);
}

void Kernel::run() {
    start();
    boost::asio::signal_set signals(loop_.context(), SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& ec, int signal) {
        if (ec) return;
        spdlog::info("signal {} received: shutting down", signal);
        begin_shutdown();
    });
    loop_.run();
}

// ---- connections (transport threads) ----

uint64_t Kernel::on_open(loader::PluginInstance& transport, const sb_conn_info& info) {
    if (!accepting_.load()) return 0;
    uint64_t id = next_conn_.fetch_add(1);
    std::string remote(sdk::to_view(info.remote_address));
    bool stateless = (info.flags & SB_CONN_STATELESS) != 0;
    const runtime::TransportHandle* handle = &transport.transport_handle();
    loop_.post([this, id, handle, remote = std::move(remote), stateless]() mutable {
        sessions_.open(id, handle, std::move(remote), stateless);
    });
    return id;
}

void Kernel::on_receive(uint64_t conn, std::string_view data) {
    // Decoding is pure: done here, on the transport's thread, off the kernel thread.
    auto decoded = decoder_.decode(data);
    if (auto* error = std::get_if<protocol::DecodeError>(&decoded)) {
        loop_.post([this, conn, e = std::move(*error)] { answer_error(conn, e.id, e.code, e.message); });
        return;
    }
    loop_.post([this, conn, request = std::move(std::get<protocol::Request>(decoded))]() mutable {
        handle(conn, std::move(request));
    });
}

void Kernel::on_closed(uint64_t conn) {
    loop_.post([this, conn] { close_session(conn); });
}

// ---- request path (kernel thread) ----

void Kernel::answer_error(uint64_t conn, const nlohmann::json& id, ErrorCode code, const std::string& message) {
    if (runtime::Session* s = sessions_.find(conn)) s->send(runtime::Payload(protocol::EnvelopeWriter::error(id, code, message)));
}

void Kernel::handle(uint64_t conn, protocol::Request request) {
    runtime::Session* session = sessions_.find(conn);
    if (!session) return;
    if (!accepting_) return answer_error(conn, request.id, ErrorCode::unavailable, "the server is shutting down");
    if (!session->take_request_token(util::steady_ms(), requests_per_second_, request_burst_))
        return answer_error(conn, request.id, ErrorCode::rate_limited, "too many requests; slow down");
    if (session->in_flight >= session_queue_)
        return answer_error(conn, request.id, ErrorCode::rate_limited, "too many requests waiting for an answer");
    ++session->in_flight;
    ++in_flight_;
    auto call = std::make_shared<chat::Call>([this](uint64_t c, std::string bytes) { respond(c, std::move(bytes)); },
                                             conn, std::move(request.id), std::move(request.op),
                                             std::move(request.data), session->user_id(), session->device_id(),
                                             session->stateless());
    dispatcher_.dispatch(call);
}

void Kernel::respond(uint64_t conn, std::string bytes) {
    --in_flight_;
    runtime::Session* session = sessions_.find(conn);
    if (!session) return;
    --session->in_flight;
    session->send(runtime::Payload(std::move(bytes)));
}

void Kernel::bind(uint64_t conn, const std::string& user_id, const std::string& device_id) {
    runtime::Session* session = sessions_.find(conn);
    if (!session) return;
    bool rebinding = session->authenticated();
    if (rebinding && session->user_id() != user_id) {
        // Another user on the same connection: the old identity goes offline first.
        auto old = std::make_unique<runtime::Session>(*session);
        sessions_.bind(*session, "", "");
        presence_->on_session_closed(*old);
        typing_->on_session_closed(*old);
    }
    sessions_.bind(*session, user_id, device_id);
    presence_->on_session_bound(*session);
}

void Kernel::close_session(uint64_t conn) {
    std::unique_ptr<runtime::Session> session = sessions_.close(conn);
    if (!session || !session->authenticated() || session->stateless()) return;
    typing_->on_session_closed(*session);
    presence_->on_session_closed(*session);
}

// ---- shutdown (kernel thread) ----

void Kernel::begin_shutdown() {
    if (!accepting_.exchange(false)) return;
    drain(std::chrono::steady_clock::now() + shutdown_timeout_);
}

void Kernel::drain(std::chrono::steady_clock::time_point deadline) {
    bool idle = in_flight_ == 0 && storage_->in_flight() == 0;
    if (!idle && std::chrono::steady_clock::now() < deadline) {
        loop_.after(std::chrono::milliseconds(10), [this, deadline] { drain(deadline); });
        return;
    }
    if (!idle) spdlog::warn("shutdown: {} requests still unanswered at the deadline", in_flight_);
    for (auto* transport : plugins_.of_kind(SB_KIND_TRANSPORT)) transport->stop();
    // The transports reported their closed connections through the loop; let
    // those run, then store everyone's last_seen before storage stops.
    loop_.post([this, deadline] {
        presence_->flush([this, deadline] { finish_shutdown(deadline); });
    });
}

void Kernel::finish_shutdown(std::chrono::steady_clock::time_point deadline) {
    if (storage_->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
        loop_.after(std::chrono::milliseconds(10), [this, deadline] { finish_shutdown(deadline); });
        return;
    }
    plugins_.stop_all();
    plugins_.destroy_all();
    loop_.stop();
    spdlog::info("shutdown complete");
}

}  // namespace switchboard::server
