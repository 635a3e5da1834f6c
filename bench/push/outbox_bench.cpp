// sb-outbox-bench: notifications/s through the server's own push pipeline,
// "queued and delivered" as docs/push.md describes it: the kernel's
// PushService (OutboxWorker, PushRouter, NotificationComposer) over the real
// storage.sqlite (a temporary database) and the real push.apns, loaded from a
// generated switchboard.yaml as the server loads them, sending to nginx
// (NginxSink) as the APNs service.
//
//   sb-outbox-bench [--count 20000] [--users 1000] [--unread 3] [--window 1000] [--threads 2]
//                   [--mode live|drain] [--batch-size 200] [--reader-threads 1] [--timeout 120]
//
// Setup (not timed): --users users, each with an APNs device, each in a direct
// conversation with the next one holding --unread unread messages (the badge
// counts them). Then --count messages are appended as message.send appends
// them: message_append with the recipient's outbox entry (EventNotifier::
// message_entries) in the message's transaction, --window appends unanswered
// at a time; push.read_cancel_delay is 0, so each entry is due at once.
// `live`: the worker runs while the messages are stored (a server under
// load); `drain`: it starts once all are stored (a backlog after an outage),
// which times queueing and delivering apart. The run ends when every append
// committed, the worker is idle and the outbox is empty (checked every 5 ms
// with a read-only SQLite connection), or fails after --timeout seconds.
// Prints one JSON line: rates, CPU of this process per notification and by
// thread, nginx's requests (one per notification: none sent twice) and CPU,
// the worker's metrics, the load average.
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cpu_times.hpp"
#include "fake_providers.hpp"
#include "nginx_sink.hpp"
#include "switchboard/config/server_config.hpp"
#include "switchboard/loader/plugin_registry.hpp"
#include "switchboard/metrics/registry.hpp"
#include "switchboard/notify/push_service.hpp"
#include "switchboard/notify/push_settings.hpp"
#include "switchboard/runtime/event_loop.hpp"
#include "switchboard/runtime/session_registry.hpp"
#include "switchboard/storage/storage_client.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"

using switchboard::bench::push::CpuTimes;
using switchboard::bench::push::NginxSink;
using switchboard::tests::push::FakeProviders;
using Clock = std::chrono::steady_clock;
namespace storage = switchboard::storage;

namespace {

struct Options {
    long count = 20'000;
    long users = 1'000;
    long unread = 3;
    long window = 1'000;
    long threads = 2;
    std::string mode = "live";
    long batch_size = 200;
    long reader_threads = 1;
    long timeout_s = 120;
};

// Storage operations started on the kernel loop, waited for by the main thread.
class Pending {
public:
    explicit Pending(long count) : left_(count) {}
    // One operation answered; `error` is empty when it succeeded.
    void done(const std::string& error) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error.empty() && error_.empty()) error_ = error;
        if (--left_ == 0) all_.notify_all();
    }
    // Throws the first error.
    void wait(const std::string& what) {
        std::unique_lock<std::mutex> lock(mutex_);
        all_.wait(lock, [this] { return left_ == 0; });
        if (!error_.empty()) throw std::runtime_error(what + ": " + error_);
    }

private:
    std::mutex mutex_;
    std::condition_variable all_;
    long left_;
    std::string error_;
};

std::string user_id(long i) {
    char id[32];
    std::snprintf(id, sizeof(id), "u_%06ld", i);
    return id;
}

std::string conversation_id(long i) { return "c_" + user_id(i).substr(2); }

// A 64-hex-digit APNs device token per user.
std::string apns_token(long i) {
    char token[65];
    std::snprintf(token, sizeof(token), "%064lx", static_cast<unsigned long>(i) + 1);
    return token;
}

std::string plugin_entry(const std::string& id, const std::string& file, const nlohmann::json& config) {
    std::ostringstream out;
    out << "  - id: " << id << "\n    file: " << nlohmann::json(file).dump() << "\n    config:\n";
    for (const auto& [key, value] : config.items()) out << "      " << key << ": " << value.dump() << "\n";
    return out.str();
}

std::string switchboard_yaml(const std::string& dir, const FakeProviders& fakes, const NginxSink& nginx,
                             const Options& o) {
    const auto& info = fakes.info();
    std::ostringstream yaml;
    yaml << "server:\n  data_dir: " << nlohmann::json(dir).dump() << "\n"
         << "push:\n  read_cancel_delay: 0s\n  batch_size: " << o.batch_size << "\n"
         << "plugins:\n"
         << plugin_entry("storage.sqlite", SB_STORAGE_SQLITE_PLUGIN,
                         {{"path", dir + "/switchboard.db"}, {"reader_threads", o.reader_threads}})
         << plugin_entry("push.apns", SB_PUSH_APNS_PLUGIN,
                         {{"key_file", info["apns_key_file"]},
                          {"key_id", info["apns_key_id"]},
                          {"team_id", info["apns_team_id"]},
                          {"bundle_id", info["apns_bundle_id"]},
                          {"production_url", nginx.base_url() + "/production"},
                          {"sandbox_url", nginx.base_url() + "/sandbox"},
                          {"ca_file", fakes.ca_file()},
                          {"client_threads", o.threads}});
    return yaml.str();
}

long outbox_rows(sqlite3* db) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM outbox", -1, &statement, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("counting the outbox: ") + sqlite3_errmsg(db));
    long rows = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    return rows;
}

// The samples of the metric families `names` in a Prometheus text rendering: {"name{labels}": value}.
nlohmann::json samples(const std::string& text, const std::vector<std::string>& names) {
    nlohmann::json out = nlohmann::json::object();
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        for (const auto& name : names) {
            if (line.rfind(name + "{", 0) != 0) continue;
            size_t space = line.rfind(' ');
            out[line.substr(0, space)] = std::stod(line.substr(space + 1));
        }
    }
    return out;
}

double load_average() {
    double one_minute = 0;
    std::ifstream("/proc/loadavg") >> one_minute;
    return one_minute;
}

nlohmann::json thread_cpu_delta(const std::map<std::string, double>& before, const std::map<std::string, double>& after) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, seconds] : after) {
        auto it = before.find(name);
        out[name] = seconds - (it == before.end() ? 0.0 : it->second);
    }
    return out;
}

bool parse(int argc, char** argv, Options& o) {
    if (argc % 2 == 0) return false;
    std::map<std::string, long*> numbers{{"--count", &o.count},         {"--users", &o.users},
                                         {"--unread", &o.unread},       {"--window", &o.window},
                                         {"--threads", &o.threads},     {"--batch-size", &o.batch_size},
                                         {"--reader-threads", &o.reader_threads}, {"--timeout", &o.timeout_s}};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--mode")) {
            o.mode = argv[i + 1];
            continue;
        }
        auto it = numbers.find(argv[i]);
        if (it == numbers.end()) return false;
        try {
            *it->second = std::stol(argv[i + 1]);
        } catch (const std::exception&) {
            return false;
        }
    }
    return (o.mode == "live" || o.mode == "drain") && o.count > 0 && o.users >= 2 && o.unread >= 0 && o.window > 0;
}

// The whole run; throws when setting up fails.
int run(const Options& o) {
    spdlog::set_level(spdlog::level::warn);
    char pattern[] = "/tmp/sb-outbox-bench-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    const std::string dir = pattern;

    FakeProviders fakes("--no-record");
    NginxSink nginx(fakes.dir() + "/tls-cert.pem", fakes.dir() + "/tls-key.pem");
    auto config = switchboard::config::ServerConfig::parse(switchboard_yaml(dir, fakes, nginx, o),
                                                           dir + "/switchboard.yaml");

    switchboard::runtime::EventLoop loop;
    switchboard::metrics::Registry metrics;
    switchboard::runtime::SessionRegistry sessions;
    switchboard::loader::PluginRegistry plugins;
    plugins.load(config);
    plugins.start_all(nullptr);
    auto& storage_plugin = plugins.storage(config.path());
    storage::StorageClient client(storage_plugin.library().storage(), storage_plugin.instance(),
                                  [&loop](std::function<void()> fn) { loop.post(std::move(fn)); });
    switchboard::notify::PushService push(switchboard::notify::PushSettings::from(config.push()),
                                          plugins.of_kind(SB_KIND_PUSH), loop, client, sessions, metrics,
                                          storage_plugin.id());
    if (!push.notifier()) throw std::runtime_error("push is off: the storage plugin has no outbox");
    std::thread kernel([&loop] {
        pthread_setname_np(pthread_self(), "sb-kernel");
        loop.run();
    });
    // Runs `fn` on the kernel loop and waits for it.
    auto on_loop = [&loop](std::function<void()> fn) {
        std::promise<void> ran;
        loop.post([&] {
            fn();
            ran.set_value();
        });
        ran.get_future().wait();
    };
    auto answer = [](Pending& pending) {
        return [&pending](const auto& r) { pending.done(r.ok() ? std::string() : r.error); };
    };

    // Setup: users, devices, conversations, unread messages.
    const int64_t now = switchboard::util::now_ms();
    Pending people(o.users * 3);
    on_loop([&] {
        for (long i = 0; i < o.users; ++i) {
            client.user_create({user_id(i), "user" + std::to_string(i), "User " + std::to_string(i), "", now, 0},
                               answer(people));
            client.device_upsert({user_id(i), "phone", "apns", apns_token(i), "", now}, answer(people));
            const std::string a = user_id(i), b = user_id((i + 1) % o.users);
            storage::Conversation c{conversation_id(i), "direct", "", a, now, 0,
                                    {{a, "member", now, 0, 0}, {b, "member", now, 0, 0}}};
            client.conversation_create(c, std::min(a, b) + ":" + std::max(a, b), answer(people));
        }
    });
    people.wait("setup");
    Pending backlog(o.users * o.unread);
    on_loop([&] {
        for (long i = 0; i < o.users; ++i)
            for (long k = 0; k < o.unread; ++k) {
                storage::Message m;
                m.conversation_id = conversation_id(i);
                m.message_id = switchboard::util::IdGenerator::make("m_");
                m.sender_id = user_id(i);
                m.body = "an earlier message, still unread";
                m.sent_at = now;
                client.message_append(m, answer(backlog));
            }
    });
    backlog.wait("setup (unread messages)");

    sqlite3* reader = nullptr;
    if (sqlite3_open_v2((dir + "/switchboard.db").c_str(), &reader, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        throw std::runtime_error("opening the database read-only failed");
    const double load_before = load_average();
    const long nginx_before = nginx.counts(fakes.ca_file()).requests;
    const auto threads_before = CpuTimes::threads_by_name();
    const double cpu_before = CpuTimes::own_seconds(), nginx_cpu_before = CpuTimes::process_seconds(nginx.pid());

    // Timed: the messages with their outbox entries, --window appends unanswered at a time.
    if (o.mode == "live") on_loop([&] { push.start(); });
    const auto start = Clock::now();
    long issued = 0, committed = 0;
    std::string append_error;
    std::promise<Clock::time_point> all_queued;
    std::function<void()> append_more = [&] {
        while (issued < o.count && issued - committed < o.window) {
            const long j = issued++;
            const long i = j % o.users;
            storage::Message m;
            m.conversation_id = conversation_id(i);
            m.message_id = switchboard::util::IdGenerator::make("m_");
            m.sender_id = user_id(i);
            m.client_msg_id = "bench-" + std::to_string(j);
            m.body = "Message " + std::to_string(j) + ": are we still on for tonight?";
            m.sent_at = switchboard::util::now_ms();
            auto entries = push.notifier()->message_entries(m, {user_id(i), user_id((i + 1) % o.users)}, {});
            client.message_append(m, entries, [&](const storage::StorageResult<storage::AppendResult>& r) {
                if (!r.ok() && append_error.empty()) append_error = r.error;
                if (++committed == o.count) all_queued.set_value(Clock::now());
                append_more();
            });
        }
    };
    on_loop([&] { append_more(); });
    const auto queued_at = all_queued.get_future().get();
    const double cpu_queued = CpuTimes::own_seconds();
    if (o.mode == "drain") on_loop([&] { push.start(); });
    const auto drain_start = Clock::now();

    bool finished = false;
    auto end = Clock::now();
    const auto deadline = start + std::chrono::seconds(o.timeout_s);
    while (!finished && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        bool idle = false;
        on_loop([&] { idle = push.idle() && client.in_flight() == 0; });
        end = Clock::now();
        finished = idle && outbox_rows(reader) == 0;
    }
    const double cpu = CpuTimes::own_seconds() - cpu_before;
    const double nginx_cpu = CpuTimes::process_seconds(nginx.pid()) - nginx_cpu_before;
    const auto threads_after = CpuTimes::threads_by_name();
    const long outbox_left = outbox_rows(reader);
    sqlite3_close(reader);
    const long nginx_requests = nginx.counts(fakes.ca_file()).requests - nginx_before - 1;
    std::string rendered;
    on_loop([&] {
        push.stop();
        rendered = metrics.render();
    });
    on_loop([] {});
    plugins.stop_all();
    loop.stop();
    kernel.join();
    plugins.destroy_all();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);

    auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
    nlohmann::json metric_samples = samples(rendered, {"push_sent_total", "push_errors_total", "push_skipped_total"});
    const double delivered = metric_samples.value("push_sent_total{provider=\"apns\",outcome=\"delivered\"}", 0.0);
    nlohmann::json report = {
        {"storage", "sqlite"},
        {"provider", "apns"},
        {"mode", o.mode},
        {"count", o.count},
        {"users", o.users},
        {"unread_per_conversation", o.unread},
        {"append_window", o.window},
        {"client_threads", o.threads},
        {"batch_size", o.batch_size},
        {"reader_threads", o.reader_threads},
        {"finished", finished},
        {"queued_per_s", o.count / seconds(queued_at - start)},
        {"queue_seconds", seconds(queued_at - start)},
        {"delivered_per_s", delivered / seconds(end - (o.mode == "drain" ? drain_start : start))},
        {"end_to_end_seconds", seconds(end - start)},
        {"delivered", delivered},
        {"outbox_left", outbox_left},
        {"append_error", append_error},
        {"nginx_requests", nginx_requests},
        {"cpu_s", cpu},
        {"cpu_us_per_notification", cpu * 1e6 / o.count},
        {"queue_cpu_us_per_notification", (cpu_queued - cpu_before) * 1e6 / o.count},
        {"thread_cpu_s", thread_cpu_delta(threads_before, threads_after)},
        {"nginx_cpu_s", nginx_cpu},
        {"metrics", metric_samples},
        {"load_average_before", load_before},
        {"load_average_after", load_average()},
    };
    if (o.mode == "drain") report["drain_seconds"] = seconds(end - drain_start);
    std::cout << report.dump() << "\n";
    const bool ok = finished && append_error.empty() && delivered == static_cast<double>(o.count) &&
                    nginx_requests == o.count && outbox_left == 0;
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::cerr << "usage: sb-outbox-bench [--count N] [--users N>=2] [--unread N] [--window N] [--threads N] "
                     "[--mode live|drain] [--batch-size N] [--reader-threads N] [--timeout SECONDS]\n";
        return 2;
    }
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "sb-outbox-bench: " << e.what() << "\n";
        return 1;
    }
}
