#include "switchboard/loader/plugin_library.hpp"

#include <boost/dll/library_info.hpp>
#include <dlfcn.h>

#include <cstddef>

#include "switchboard/loader/load_error.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::loader {

namespace {

std::string abi_text(uint32_t major, uint32_t minor) { return std::to_string(major) + "." + std::to_string(minor); }

const std::string kHostAbi = abi_text(SB_ABI_MAJOR, SB_ABI_MINOR);

// The descriptor's frozen header: struct_size, abi_major, abi_minor, kind, id, version.
constexpr size_t kFrozenHeaderSize = offsetof(sb_plugin_descriptor, version) + sizeof(const char*);
// Everything ABI 1.0 defines, up to and including the vtable pointer.
constexpr size_t kDescriptorSize_1_0 = offsetof(sb_plugin_descriptor, vtable) + sizeof(const void*);
constexpr size_t kTransportVtableSize_1_0 = offsetof(sb_transport_vtable, close) + sizeof(void*);
constexpr size_t kStorageVtableSize_1_0 = offsetof(sb_storage_vtable, report_create) + sizeof(void*);
constexpr size_t kPushVtableSize_1_3 = offsetof(sb_push_vtable, send) + sizeof(void*);
// The first minor that defines a kind's vtable; a plugin of that kind declaring an older
// minor was built against headers that did not have it.
constexpr uint32_t kPushKindMinor = 3;

}  // namespace

const char* PluginLibrary::kind_name(sb_plugin_kind kind) noexcept {
    switch (kind) {
        case SB_KIND_TRANSPORT: return "transport";
        case SB_KIND_STORAGE: return "storage";
        case SB_KIND_PUSH: return "push";
        case SB_KIND_MEDIA: return "media";
        case SB_KIND_BUS: return "bus";
        case SB_KIND_EXTENSION: return "extension";
    }
    return "unknown";
}

std::string PluginLibrary::label() const {
    return id_ + " " + version_ + " (ABI " + abi_text(descriptor_.abi_major, descriptor_.abi_minor) + ", " +
           file_.string() + ")";
}

std::unique_ptr<PluginLibrary> PluginLibrary::open(const std::filesystem::path& file) {
    std::unique_ptr<PluginLibrary> lib(new PluginLibrary);
    lib->file_ = file;
    const std::string name = file.string();
    if (!std::filesystem::exists(file)) throw LoadError(name + ": plugin file not found");

    boost::system::error_code ec;
    lib->library_.load(boost::dll::fs::path(name), ec, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    if (ec) {
        // boost reports every dlopen failure as one errno; the loader's own text
        // says why (invalid ELF header, undefined symbol, missing dependency).
        const char* why = dlerror();
        throw LoadError(name + ": not a loadable shared object: " + (why ? std::string(why) : ec.message()));
    }

    if (!lib->library_.has(SB_PLUGIN_ENTRY_SYMBOL)) {
        for (unsigned major = 0; major < 16; ++major) {
            if (major == SB_ABI_MAJOR) continue;
            std::string symbol = "sb_plugin_entry_v" + std::to_string(major);
            if (lib->library_.has(symbol))
                throw LoadError(name + ": built for plugin ABI " + std::to_string(major) + ".x (exports " + symbol +
                                "); this server speaks ABI " + kHostAbi);
        }
        throw LoadError(name + ": no " SB_PLUGIN_ENTRY_SYMBOL " symbol: not a Switchboard plugin");
    }

    auto entry = lib->library_.get<const sb_plugin_descriptor*(uint32_t, sb_error*)>(SB_PLUGIN_ENTRY_SYMBOL);
    sdk::ErrorBuffer err;
    const sb_plugin_descriptor* raw = entry(SB_ABI_MINOR, err.get());
    if (raw == nullptr)
        throw LoadError(name + ": " SB_PLUGIN_ENTRY_SYMBOL " returned no descriptor: " +
                        (err.message()[0] ? std::string(err.message()) : std::string("no reason given")));
    lib->check_descriptor(raw);
    lib->check_vtable();
    return lib;
}

void PluginLibrary::check_descriptor(const sb_plugin_descriptor* raw) {
    const std::string name = file_.string();
    if (raw->struct_size < kFrozenHeaderSize)
        throw LoadError(name + ": descriptor struct_size " + std::to_string(raw->struct_size) +
                        " is smaller than the frozen header (" + std::to_string(kFrozenHeaderSize) + " bytes)");
    descriptor_ = sdk::read_record(*raw);
    if (descriptor_.id == nullptr || descriptor_.id[0] == '\0') throw LoadError(name + ": descriptor has no plugin id");
    id_ = descriptor_.id;
    version_ = descriptor_.version ? descriptor_.version : "?";
    const std::string who = name + " (" + id_ + " " + version_ + ")";
    const std::string plugin_abi = abi_text(descriptor_.abi_major, descriptor_.abi_minor);

    if (descriptor_.abi_major != SB_ABI_MAJOR)
        throw LoadError(who + ": built for plugin ABI " + plugin_abi + "; this server speaks ABI " + kHostAbi);
    if (descriptor_.abi_minor > SB_ABI_MINOR)
        throw LoadError(who + ": requires plugin ABI " + plugin_abi + " or newer; this server speaks ABI " + kHostAbi +
                        " (upgrade the server or use an older plugin build)");
    if (raw->struct_size < kDescriptorSize_1_0)
        throw LoadError(who + ": descriptor struct_size " + std::to_string(raw->struct_size) +
                        " is too short for ABI " + plugin_abi + " (needs at least " +
                        std::to_string(kDescriptorSize_1_0) + " bytes)");
    switch (descriptor_.kind) {
        case SB_KIND_TRANSPORT:
        case SB_KIND_STORAGE:
        case SB_KIND_EXTENSION: break;
        case SB_KIND_PUSH:
            if (descriptor_.abi_minor < kPushKindMinor)
                throw LoadError(who + ": plugin kind 'push' needs ABI " + abi_text(SB_ABI_MAJOR, kPushKindMinor) +
                                " or newer, but the plugin declares ABI " + plugin_abi);
            break;
        case SB_KIND_MEDIA:
        case SB_KIND_BUS:
            // Reserved: their vtables come with a later minor. Loading one now
            // would accept a plugin that a newer server must then refuse.
            throw LoadError(who + ": plugin kind '" + kind_name(static_cast<sb_plugin_kind>(descriptor_.kind)) +
                            "' has no vtable in ABI " + kHostAbi + " (ABI " + plugin_abi + ")");
        default:
            throw LoadError(who + ": unknown plugin kind " + std::to_string(descriptor_.kind) + " (ABI " + plugin_abi +
                            ")");
    }
    if (descriptor_.create == nullptr)
        throw LoadError(who + ": required function 'create' is missing (ABI " + plugin_abi +
                        "); this server speaks ABI " + kHostAbi);
    if (descriptor_.destroy == nullptr)
        throw LoadError(who + ": required function 'destroy' is missing (ABI " + plugin_abi +
                        "); this server speaks ABI " + kHostAbi);
    if (descriptor_.option_count > 0 && descriptor_.options == nullptr)
        throw LoadError(who + ": declares " + std::to_string(descriptor_.option_count) + " options but no option table");
}

void PluginLibrary::check_vtable() {
    const std::string who = file_.string() + " (" + id_ + " " + version_ + ", ABI " +
                            abi_text(descriptor_.abi_major, descriptor_.abi_minor) + ")";
    auto missing = [&](const char* table, const char* function) {
        throw LoadError(who + ": required function '" + table + "." + function + "' is missing; this server speaks ABI " +
                        kHostAbi);
    };
    auto short_table = [&](const char* table, uint32_t size, size_t needed) {
        throw LoadError(who + ": " + table + " vtable struct_size " + std::to_string(size) + " is too short (needs " +
                        std::to_string(needed) + " bytes)");
    };

    if (descriptor_.kind == SB_KIND_TRANSPORT) {
        const auto* raw = static_cast<const sb_transport_vtable*>(descriptor_.vtable);
        if (raw == nullptr) throw LoadError(who + ": transport plugin has no vtable");
        if (raw->struct_size < kTransportVtableSize_1_0)
            short_table("transport", raw->struct_size, kTransportVtableSize_1_0);
        transport_ = sdk::read_record(*raw);
        if (!transport_.send) missing("transport", "send");
        if (!transport_.close) missing("transport", "close");
    } else if (descriptor_.kind == SB_KIND_STORAGE) {
        const auto* raw = static_cast<const sb_storage_vtable*>(descriptor_.vtable);
        if (raw == nullptr) throw LoadError(who + ": storage plugin has no vtable");
        if (raw->struct_size < kStorageVtableSize_1_0) short_table("storage", raw->struct_size, kStorageVtableSize_1_0);
        storage_ = sdk::read_record(*raw);
#define SB_REQUIRE_STORAGE_FN(fn) \
    if (!storage_.fn) missing("storage", #fn);
        SB_REQUIRE_STORAGE_FN(user_create)
        SB_REQUIRE_STORAGE_FN(user_ensure)
        SB_REQUIRE_STORAGE_FN(user_get)
        SB_REQUIRE_STORAGE_FN(user_get_by_username)
        SB_REQUIRE_STORAGE_FN(user_search)
        SB_REQUIRE_STORAGE_FN(user_update)
        SB_REQUIRE_STORAGE_FN(user_touch)
        SB_REQUIRE_STORAGE_FN(refresh_insert)
        SB_REQUIRE_STORAGE_FN(refresh_rotate)
        SB_REQUIRE_STORAGE_FN(refresh_revoke)
        SB_REQUIRE_STORAGE_FN(refresh_revoke_user)
        SB_REQUIRE_STORAGE_FN(device_upsert)
        SB_REQUIRE_STORAGE_FN(device_delete)
        SB_REQUIRE_STORAGE_FN(device_list)
        SB_REQUIRE_STORAGE_FN(conversation_create)
        SB_REQUIRE_STORAGE_FN(conversation_get)
        SB_REQUIRE_STORAGE_FN(conversation_list)
        SB_REQUIRE_STORAGE_FN(conversation_update)
        SB_REQUIRE_STORAGE_FN(members_upsert)
        SB_REQUIRE_STORAGE_FN(member_remove)
        SB_REQUIRE_STORAGE_FN(message_append)
        SB_REQUIRE_STORAGE_FN(message_history)
        SB_REQUIRE_STORAGE_FN(message_get)
        SB_REQUIRE_STORAGE_FN(message_edit)
        SB_REQUIRE_STORAGE_FN(message_delete)
        SB_REQUIRE_STORAGE_FN(reaction_set)
        SB_REQUIRE_STORAGE_FN(receipt_set)
        SB_REQUIRE_STORAGE_FN(block_set)
        SB_REQUIRE_STORAGE_FN(block_list)
        SB_REQUIRE_STORAGE_FN(report_create)
#undef SB_REQUIRE_STORAGE_FN
    } else if (descriptor_.kind == SB_KIND_PUSH) {
        const auto* raw = static_cast<const sb_push_vtable*>(descriptor_.vtable);
        if (raw == nullptr) throw LoadError(who + ": push plugin has no vtable");
        if (raw->struct_size < kPushVtableSize_1_3) short_table("push", raw->struct_size, kPushVtableSize_1_3);
        push_ = sdk::read_record(*raw);
        if (!push_.send) missing("push", "send");
    }
}

}  // namespace switchboard::loader
