#include "switchboard/server/kernel.hpp"

#include <boost/asio/signal_set.hpp>
#include <array>
#include <filesystem>
#include <spdlog/spdlog.h>

#include "switchboard/auth/secret_file.hpp"
#include "switchboard/config/config_error.hpp"
#include "switchboard/loader/load_error.hpp"
#include "switchboard/protocol/envelope_writer.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/util/clock.hpp"

namespace switchboard::server {

using protocol::ErrorCode;

namespace {

constexpr std::chrono::seconds kReadyTimeout{3};

auth::ApiKeys api_keys_from(const config::Section& server_api) {
    try {
        return auth::ApiKeys(server_api.list("keys"));
    } catch (const std::invalid_argument& e) {
        throw config::ConfigError(server_api.problem("keys", e.what()));
    }
}

}  // namespace

Kernel::Kernel(config::ServerConfig config)
    : config_(std::move(config)),
      decoder_(static_cast<size_t>(config_.limits().integer("max_request_bytes").value_or(256 * 1024))),
      api_keys_(api_keys_from(config_.server_api())),
      requests_per_second_(static_cast<double>(config_.limits().integer("requests_per_second").value_or(200))),
      request_burst_(static_cast<double>(config_.limits().integer("request_burst").value_or(400))),
      session_queue_(static_cast<uint32_t>(config_.limits().integer("session_queue").value_or(1024))),
      shutdown_timeout_(config_.server().integer("shutdown_timeout").value_or(10'000)) {
    register_metrics();
}

void Kernel::register_metrics() {
    using metrics::MetricType;
    connections_ = &metrics_.add("switchboard_connections", "Open client connections, by transport plugin",
                                 MetricType::gauge, {"transport"});
    request_seconds_ = &metrics_.add("switchboard_request_duration_seconds",
                                     "Time from a request's arrival in the kernel to its answer, by op",
                                     MetricType::histogram, {"op"});
    errors_ = &metrics_.add("switchboard_request_errors_total", "Requests answered with an error, by wire error code",
                            MetricType::counter, {"code"});
    metrics_.add_sampled("switchboard_storage_queue_depth", "Storage operations issued and not completed yet",
                         [this] { return storage_ ? static_cast<double>(storage_->in_flight()) : 0.0; });
}

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
    for (auto& p : plugins_.plugins()) p->create(this, this);
    storage_ = std::make_unique<storage::StorageClient>(
        storage.library().storage(), storage.instance(),
        [this](std::function<void()> fn) { loop_.post(std::move(fn)); });
    chat_ = std::make_unique<chat::ChatContext>(loop_, sessions_, *storage_,
                                                chat::ChatSettings::from(config_.chat(), config_.attachments()));
    push_ = std::make_unique<notify::PushService>(notify::PushSettings::from(config_.push()),
                                                  plugins_.of_kind(SB_KIND_PUSH), loop_, *storage_, sessions_,
                                                  metrics_, storage.id());
    chat_->notifier = push_->notifier();
    chat_->messages_stored = &metrics_.add("switchboard_messages_stored_total",
                                           "Messages stored (a resent client_msg_id counts once)",
                                           metrics::MetricType::counter);
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
    notification_settings_ = std::make_unique<chat::NotificationSettingsService>(*chat_);
    auth_->register_ops(dispatcher_);
    conversations_->register_ops(dispatcher_);
    messages_->register_ops(dispatcher_);
    receipts_->register_ops(dispatcher_);
    users_->register_ops(dispatcher_);
    devices_->register_ops(dispatcher_);
    typing_->register_ops(dispatcher_);
    presence_->register_ops(dispatcher_);
    notification_settings_->register_ops(dispatcher_);
    server_api_ = std::make_unique<chat::ServerApiService>(*chat_, dispatcher_, *auth_, *messages_);
    server_api_->register_ops(dispatcher_);
    calls_ = std::make_unique<calls::CallService>(*chat_, calls::CallSettings::from(config_.calls()));
    calls_->register_ops(dispatcher_);
    if (push_->notifier()) {
        call_push_ = std::make_unique<calls::PushCallObserver>(*push_->notifier());
        calls_->add_observer(call_push_.get());
    }
    dispatcher_.set_server_api_enabled(api_keys_.enabled());
    files_ = std::make_unique<files::AttachmentService>(
        files::AttachmentSettings::from(config_.attachments(), data_dir), *auth_, *storage_, loop_);

    accepting_ = true;
    try {
        plugins_.start_all(this, this);
    } catch (...) {
        accepting_ = false;
        throw;
    }
    calls_->recover();
    push_->start();
    devices_->set_push_config(push_->client_config());
    devices_->on_register([this](const std::string& user_id) { push_->device_registered(user_id); });
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
    std::string bearer(sdk::to_view(info.bearer_token));
    std::string api_key(sdk::to_view(info.api_key));
    bool stateless = (info.flags & SB_CONN_STATELESS) != 0;
    const runtime::TransportHandle* handle = &transport.transport_handle();
    loop_.post([this, id, handle, remote = std::move(remote), stateless, bearer = std::move(bearer),
                api_key = std::move(api_key)]() mutable {
        runtime::Session& session = sessions_.open(id, handle, std::move(remote), stateless);
        session.set_credentials(std::move(bearer), std::move(api_key));
        connections_->add(std::array<std::string_view, 1>{handle->plugin_id}, 1);
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
    errors_->add(std::array<std::string_view, 1>{protocol::to_string(code)}, 1);
    if (runtime::Session* s = sessions_.find(conn))
        s->answer(runtime::Payload(protocol::EnvelopeWriter::error(id, code, message)), protocol::to_status(code));
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

    bool stateless = session->stateless();
    bool server_api = false;
    if (!session->api_key().empty()) {
        if (!api_keys_.enabled())
            return dispatch(conn, std::move(request), "", "", stateless, false,
                            std::make_pair(ErrorCode::not_found, "the server API is off: no server_api.keys are configured"));
        if (!api_keys_.valid(session->api_key()))
            return dispatch(conn, std::move(request), "", "", stateless, false,
                            std::make_pair(ErrorCode::unauthorized, "invalid API key"));
        server_api = true;
    }
    // A stateless connection authenticates each request with its bearer token.
    if (stateless && !session->bearer_token().empty()) {
        return auth_->authenticate(session->bearer_token(), [this, conn, request = std::move(request), server_api](
                                                                 sb_status status, const std::string& message,
                                                                 const chat::Identity& who) mutable {
            if (status != SB_OK)
                return dispatch(conn, std::move(request), "", "", true, server_api,
                                std::make_pair(protocol::from_status(status), message));
            dispatch(conn, std::move(request), who.user_id, who.device_id, true, server_api, std::nullopt);
        });
    }
    dispatch(conn, std::move(request), session->user_id(), session->device_id(), stateless, server_api, std::nullopt);
}

void Kernel::dispatch(uint64_t conn, protocol::Request request, const std::string& user_id,
                      const std::string& device_id, bool stateless, bool server_api,
                      std::optional<std::pair<ErrorCode, std::string>> refusal) {
    // Unknown ops share one label, so clients cannot grow the metrics without bound.
    std::string op_label = dispatcher_.knows(request.op) ? request.op : "unknown";
    auto started = std::chrono::steady_clock::now();
    auto responder = [this, op_label, started](uint64_t c, std::string bytes, const chat::Call::Outcome& outcome) {
        std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
        request_seconds_->observe(std::array<std::string_view, 1>{op_label}, elapsed.count());
        if (outcome.error) errors_->add(std::array<std::string_view, 1>{protocol::to_string(*outcome.error)}, 1);
        respond(c, std::move(bytes), outcome.refused && outcome.error ? protocol::to_status(*outcome.error) : SB_OK);
    };
    auto call = std::make_shared<chat::Call>(std::move(responder), conn, std::move(request.id), std::move(request.op),
                                             std::move(request.data), user_id, device_id, stateless, server_api);
    if (refusal) return call->refuse(refusal->first, refusal->second);
    dispatcher_.dispatch(call);
}

void Kernel::respond(uint64_t conn, std::string bytes, sb_status refusal) {
    --in_flight_;
    runtime::Session* session = sessions_.find(conn);
    if (!session) return;
    --session->in_flight;
    session->answer(runtime::Payload(std::move(bytes)), refusal);
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
        calls_->on_session_closed(*old);
    }
    sessions_.bind(*session, user_id, device_id);
    presence_->on_session_bound(*session);
    calls_->on_session_bound(*session);
}

void Kernel::close_session(uint64_t conn) {
    std::unique_ptr<runtime::Session> session = sessions_.close(conn);
    if (!session) return;
    connections_->add(std::array<std::string_view, 1>{session->transport_id()}, -1);
    if (!session->authenticated() || session->stateless()) return;
    typing_->on_session_closed(*session);
    presence_->on_session_closed(*session);
    calls_->on_session_closed(*session);
}

// ---- host services (any thread) ----

void Kernel::check_ready(sb_host_done done, void* done_ctx) {
    loop_.post([this, done, done_ctx] {
        if (!accepting_ || !storage_) return done(done_ctx, SB_ERR_UNAVAILABLE, "the server is starting or shutting down", nullptr);
        for (const auto& plugin : plugins_.plugins())
            if (!plugin->started())
                return done(done_ctx, SB_ERR_UNAVAILABLE, ("plugin " + plugin->id() + " is not started").c_str(), nullptr);
        // Storage answers a read (not found is an answer) within kReadyTimeout, or the server is not ready.
        auto answered = std::make_shared<bool>(false);
        auto timer = loop_.after(kReadyTimeout, [answered, done, done_ctx] {
            if (std::exchange(*answered, true)) return;
            done(done_ctx, SB_ERR_UNAVAILABLE, "storage did not answer within 3 s", nullptr);
        });
        storage_->user_get("", [answered, timer, done, done_ctx](storage::StorageResult<storage::User> r) {
            if (std::exchange(*answered, true)) return;
            timer->cancel();
            if (r.ok() || r.status == SB_ERR_NOT_FOUND) return done(done_ctx, SB_OK, "", nullptr);
            done(done_ctx, SB_ERR_UNAVAILABLE, ("storage is not answering: " + r.error).c_str(), nullptr);
        });
    });
}

sb_upload* Kernel::upload_begin(const sb_upload_info& info, sb_error* err) {
    if (!files_ || !accepting_) {
        sb_error_set(err, SB_ERR_UNAVAILABLE, "the server is starting or shutting down");
        return nullptr;
    }
    return files_->begin(info, err);
}

sb_status Kernel::upload_write(sb_upload* upload, std::string_view data, sb_error* err) {
    return files_->write(upload, data, err);
}

void Kernel::upload_finish(sb_upload* upload, sb_host_done done, void* done_ctx) {
    files_->finish(upload, done, done_ctx);
}

void Kernel::upload_abort(sb_upload* upload) { files_->abort(upload); }

void Kernel::attachment_open(const sb_attachment_request& req, sb_host_done done, void* done_ctx) {
    if (!files_ || !accepting_) return done(done_ctx, SB_ERR_UNAVAILABLE, "the server is starting or shutting down", nullptr);
    files_->open(req, done, done_ctx);
}

void Kernel::push_dead_token(std::string provider, std::string token) {
    loop_.post([this, provider = std::move(provider), token = std::move(token)] {
        if (push_) push_->dead_token(provider, token);
    });
}

// ---- shutdown (kernel thread) ----

void Kernel::begin_shutdown() {
    if (!accepting_.exchange(false)) return;
    push_->stop();
    drain(std::chrono::steady_clock::now() + shutdown_timeout_);
}

void Kernel::drain(std::chrono::steady_clock::time_point deadline) {
    bool idle = in_flight_ == 0 && storage_->in_flight() == 0 && files_->pending() == 0 && push_->idle();
    if (!idle && std::chrono::steady_clock::now() < deadline) {
        loop_.after(std::chrono::milliseconds(10), [this, deadline] { drain(deadline); });
        return;
    }
    if (!idle) spdlog::warn("shutdown: {} requests still unanswered at the deadline", in_flight_);
    // Participants hear that their call ended while their connections are still open.
    calls_->end_all();
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
