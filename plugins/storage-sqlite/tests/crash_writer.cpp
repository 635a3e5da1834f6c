// Loads storage.sqlite on a database, appends messages to one conversation as
// fast as it can and prints the seq of every acknowledged append, one per
// line, until it is killed. durability_test kills it with SIGKILL.
#include <unistd.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <semaphore>
#include <string>

#include "switchboard/sdk/testing/test_host.hpp"

namespace {

constexpr const char* kConversation = "crash";

void wait_done(const sb_storage_vtable* storage, void* instance, const sb_conversation_create_request& req) {
    struct Wait {
        std::mutex mutex;
        std::condition_variable cv;
        bool done = false;
    } wait;
    auto on_done = [](void* ctx, sb_status status, const char* message, const void*) {
        if (status != SB_OK) {
            std::fprintf(stderr, "conversation_create failed: %s\n", message);
            std::_Exit(2);
        }
        auto* w = static_cast<Wait*>(ctx);
        std::lock_guard lock(w->mutex);
        w->done = true;
        w->cv.notify_all();
    };
    if (storage->conversation_create(instance, &req, on_done, &wait) != SB_OK) std::_Exit(2);
    std::unique_lock lock(wait.mutex);
    wait.cv.wait(lock, [&] { return wait.done; });
}

std::counting_semaphore<256> in_flight(256);

void on_appended(void*, sb_status status, const char*, const void* result) {
    if (status == SB_OK) {
        auto* appended = static_cast<const sb_message_append_result*>(result);
        std::string line = std::to_string(appended->message->seq) + "\n";
        if (write(STDOUT_FILENO, line.data(), line.size()) < 0) std::_Exit(3);
    }
    in_flight.release();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s PLUGIN.so DATABASE\n", argv[0]);
        return 1;
    }
    switchboard::sdk::testing::TestHost host(argv[1]);
    host.set("path", argv[2]);
    host.create_and_start();
    auto* storage = host.vtable<sb_storage_vtable>();

    sb_conversation conversation{};
    conversation.struct_size = sizeof(conversation);
    conversation.conversation_id = switchboard::sdk::to_sb(kConversation);
    conversation.type = switchboard::sdk::to_sb("group");
    conversation.created_by = switchboard::sdk::to_sb("u1");
    conversation.created_at = 1;
    sb_conversation_create_request create{};
    create.struct_size = sizeof(create);
    create.conversation = &conversation;
    wait_done(storage, host.instance(), create);

    for (uint64_t i = 1;; ++i) {
        in_flight.acquire();
        std::string id = "m" + std::to_string(i);
        std::string body = "body of " + id;
        sb_message message{};
        message.struct_size = sizeof(message);
        message.conversation_id = switchboard::sdk::to_sb(kConversation);
        message.message_id = switchboard::sdk::to_sb(id);
        message.sender_id = switchboard::sdk::to_sb("u1");
        message.client_msg_id = switchboard::sdk::to_sb(id);
        message.body = switchboard::sdk::to_sb(body);
        message.sent_at = static_cast<int64_t>(i);
        sb_message_append_request req{sizeof(req), &message, nullptr, 0};
        if (storage->message_append(host.instance(), &req, &on_appended, nullptr) != SB_OK) in_flight.release();
    }
}
