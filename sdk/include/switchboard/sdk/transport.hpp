// Switchboard C++ plugin SDK (header-only): base for transport plugins.
//
// The plugin class defines, in addition to its constructor(const Host&):
//     sb_status send(uint64_t conn, sb_payload* payload);   // thread-safe, non-blocking
//     void close(uint64_t conn, uint32_t code, std::string_view reason);
// and, optionally (ABI 1.1, for transports with stateless connections):
//     sb_status answer(uint64_t conn, sb_payload* payload, sb_status refusal);  // thread-safe, non-blocking
#pragma once

#include <string_view>

#include "switchboard/sdk/plugin.hpp"
#include "switchboard/transport.h"

namespace switchboard::sdk {

template <class Impl>
class TransportPlugin : public PluginBase<Impl> {
public:
    static constexpr sb_plugin_kind kind = SB_KIND_TRANSPORT;

    static const void* vtable() noexcept {
        static const sb_transport_vtable table = {sizeof(sb_transport_vtable), &send_trampoline, &close_trampoline,
                                                  answer_entry()};
        return &table;
    }

private:
    using AnswerEntry = sb_status (*)(void*, uint64_t, sb_payload*, sb_status);

    static constexpr AnswerEntry answer_entry() noexcept {
        if constexpr (requires(Impl& impl, uint64_t conn, sb_payload* payload, sb_status refusal) {
                          impl.answer(conn, payload, refusal);
                      })
            return &answer_trampoline;
        else
            return nullptr;
    }
    static sb_status answer_trampoline(void* instance, uint64_t conn, sb_payload* payload, sb_status refusal) noexcept {
        try {
            return static_cast<Impl*>(instance)->answer(conn, payload, refusal);
        } catch (const Error& e) {
            return e.status();
        } catch (...) {
            return SB_ERR_INTERNAL;
        }
    }

    static sb_status send_trampoline(void* instance, uint64_t conn, sb_payload* payload) noexcept {
        try {
            return static_cast<Impl*>(instance)->send(conn, payload);
        } catch (const Error& e) {
            return e.status();
        } catch (...) {
            return SB_ERR_INTERNAL;
        }
    }
    static void close_trampoline(void* instance, uint64_t conn, uint32_t code, sb_str reason) noexcept {
        try {
            static_cast<Impl*>(instance)->close(conn, code, to_view(reason));
        } catch (...) {
            // close() has no error channel; a failure to close is the transport's to log.
        }
    }
};

}  // namespace switchboard::sdk
