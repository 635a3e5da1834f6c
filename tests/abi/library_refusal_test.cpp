// PluginLibrary::open refuses every plugin that breaks an ABI rule, with a
// message that names the file, the plugin id when it could be read, and the
// versions involved (ARCHITECTURE §2, docs/plugin-abi.md "Refusals").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <string>

#include "switchboard/loader/load_error.hpp"
#include "switchboard/loader/plugin_library.hpp"

namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kHostAbi = std::to_string(SB_ABI_MAJOR) + "." + std::to_string(SB_ABI_MINOR);
const std::string kServerSpeaks = "this server speaks ABI " + kHostAbi;

// The message of the LoadError that opening `file` throws; fails the test
// when the plugin loads or something else is thrown.
std::string refusal_of(const std::string& file) {
    try {
        switchboard::loader::PluginLibrary::open(file);
    } catch (const switchboard::loader::LoadError& e) {
        return e.what();
    }
    ADD_FAILURE() << file << " was loaded, but it breaks an ABI rule";
    return {};
}

TEST(LibraryRefusal, MissingFile) {
    const std::string file = std::string(ABI_PLUGIN_DIR) + "/abi.does_not_exist.so";
    EXPECT_EQ(refusal_of(file), file + ": plugin file not found");
}

TEST(LibraryRefusal, TextFileNamedLikeAPlugin) {
    const std::string file = ABI_PLUGIN_NOT_A_SHARED_OBJECT;
    // The rest is the dynamic linker's own reason (dlerror), which is what
    // tells a wrong architecture or a missing dependency apart.
    EXPECT_THAT(refusal_of(file),
                AllOf(StartsWith(file + ": not a loadable shared object: "), HasSubstr("invalid ELF header")));
}

TEST(LibraryRefusal, UnresolvedSymbolIsCaughtAtLoadTime) {
    const std::string file = ABI_PLUGIN_UNDEFINED_SYMBOL;
    EXPECT_THAT(refusal_of(file), AllOf(StartsWith(file + ": not a loadable shared object: "),
                                        HasSubstr("undefined symbol: abi_function_nobody_defines")));
}

TEST(LibraryRefusal, SharedObjectWithoutEntrySymbol) {
    const std::string file = ABI_PLUGIN_NO_ENTRY_SYMBOL;
    EXPECT_EQ(refusal_of(file), file + ": no sb_plugin_entry_v1 symbol: not a Switchboard plugin");
}

TEST(LibraryRefusal, PluginOfAnotherMajorIsNamedByItsEntrySymbol) {
    const std::string file = ABI_PLUGIN_OTHER_MAJOR_SYMBOL;
    const std::string message = refusal_of(file);
    EXPECT_EQ(message, file + ": built for plugin ABI 2.x (exports sb_plugin_entry_v2); " + kServerSpeaks);
    EXPECT_THAT(message, AllOf(HasSubstr(file), HasSubstr("built for plugin ABI 2.x"), HasSubstr(kServerSpeaks)));
}

TEST(LibraryRefusal, DescriptorOfAnotherMajorBehindTheV1Symbol) {
    const std::string file = ABI_PLUGIN_MAJOR_MISMATCH;
    const std::string message = refusal_of(file);
    EXPECT_EQ(message, file + " (abi.major_mismatch 1.0.0): built for plugin ABI 2.0; " + kServerSpeaks);
    EXPECT_THAT(message, AllOf(HasSubstr(file), HasSubstr("abi.major_mismatch"), HasSubstr("ABI 2.0"),
                               HasSubstr(kServerSpeaks)));
}

TEST(LibraryRefusal, RequiredMinorNewerThanTheServer) {
    const std::string file = ABI_PLUGIN_MINOR_TOO_NEW;
    const std::string message = refusal_of(file);
    EXPECT_EQ(message, file + " (abi.minor_too_new 1.0.0): requires plugin ABI 1.99 or newer; " + kServerSpeaks +
                           " (upgrade the server or use an older plugin build)");
    EXPECT_THAT(message, AllOf(HasSubstr(file), HasSubstr("abi.minor_too_new"), HasSubstr("requires plugin ABI 1.99"),
                               HasSubstr(kServerSpeaks)));
}

TEST(LibraryRefusal, DescriptorSmallerThanTheFrozenHeader) {
    const std::string file = ABI_PLUGIN_HEADER_TOO_SHORT;
    const size_t frozen_header = offsetof(sb_plugin_descriptor, version) + sizeof(const char*);
    // The id lies beyond what the plugin declared, so it is not read.
    EXPECT_EQ(refusal_of(file), file + ": descriptor struct_size 16 is smaller than the frozen header (" +
                                    std::to_string(frozen_header) + " bytes)");
}

TEST(LibraryRefusal, DescriptorShorterThanAbi10Defines) {
    const std::string file = ABI_PLUGIN_DESCRIPTOR_TOO_SHORT;
    const size_t declared = offsetof(sb_plugin_descriptor, create);
    const size_t abi_1_0 = offsetof(sb_plugin_descriptor, vtable) + sizeof(const void*);
    EXPECT_EQ(refusal_of(file), file + " (abi.descriptor_too_short 1.0.0): descriptor struct_size " +
                                    std::to_string(declared) + " is too short for ABI 1.0 (needs at least " +
                                    std::to_string(abi_1_0) + " bytes)");
}

// A missing required function is one of the refusals the rules list with
// "the file, the plugin id and both versions".
TEST(LibraryRefusal, DescriptorWithoutCreate) {
    const std::string file = ABI_PLUGIN_MISSING_CREATE;
    const std::string message = refusal_of(file);
    EXPECT_EQ(message, file + " (abi.missing_create 1.0.0): required function 'create' is missing (ABI 1.0); " +
                           kServerSpeaks);
    EXPECT_THAT(message, AllOf(HasSubstr(file), HasSubstr("abi.missing_create"), HasSubstr("'create'"),
                               HasSubstr("(ABI 1.0)"), HasSubstr(kServerSpeaks)));
}

TEST(LibraryRefusal, TransportVtableWithoutSend) {
    const std::string file = ABI_PLUGIN_TRANSPORT_WITHOUT_SEND;
    const std::string message = refusal_of(file);
    EXPECT_EQ(message, file + " (abi.transport_without_send 1.0.0, ABI 1.0): required function 'transport.send' is "
                              "missing; " +
                           kServerSpeaks);
    EXPECT_THAT(message, AllOf(HasSubstr(file), HasSubstr("abi.transport_without_send"),
                               HasSubstr("'transport.send'"), HasSubstr("ABI 1.0"), HasSubstr(kServerSpeaks)));
}

TEST(LibraryRefusal, StorageVtableWithANullFunction) {
    const std::string file = ABI_PLUGIN_STORAGE_WITH_NULL_FUNCTION;
    const std::string message = refusal_of(file);
    EXPECT_EQ(message, file + " (abi.storage_with_null_function 1.0.0, ABI 1.0): required function "
                              "'storage.message_history' is missing; " +
                           kServerSpeaks);
    EXPECT_THAT(message, AllOf(HasSubstr(file), HasSubstr("abi.storage_with_null_function"),
                               HasSubstr("'storage.message_history'"), HasSubstr("ABI 1.0"),
                               HasSubstr(kServerSpeaks)));
}

TEST(LibraryRefusal, UnknownKind) {
    const std::string file = ABI_PLUGIN_UNKNOWN_KIND;
    EXPECT_EQ(refusal_of(file), file + " (abi.unknown_kind 1.0.0): unknown plugin kind 42 (ABI 1.0)");
}

TEST(LibraryRefusal, ReservedKindWithoutAVtableYet) {
    const std::string file = ABI_PLUGIN_RESERVED_KIND;
    EXPECT_EQ(refusal_of(file),
              file + " (abi.reserved_kind 1.0.0): plugin kind 'media' has no vtable in ABI " + kHostAbi + " (ABI 1.0)");
}

TEST(LibraryRefusal, PushVtableWithoutSend) {
    const std::string file = ABI_PLUGIN_PUSH_WITHOUT_SEND;
    EXPECT_EQ(refusal_of(file), file + " (abi.push_without_send 1.0.0, ABI 1.3): required function 'push.send' is "
                                       "missing; " +
                                    kServerSpeaks);
}

TEST(LibraryRefusal, PushPluginDeclaringAMinorBeforePushExisted) {
    const std::string file = ABI_PLUGIN_PUSH_BEFORE_1_3;
    EXPECT_EQ(refusal_of(file),
              file + " (abi.push_before_1_3 1.0.0): plugin kind 'push' needs ABI 1.3 or newer, but the plugin "
                     "declares ABI 1.2");
}

TEST(LibraryRefusal, EntryPointReturningNoDescriptorGivesItsReason) {
    const std::string file = ABI_PLUGIN_ENTRY_RETURNS_NULL;
    EXPECT_EQ(refusal_of(file),
              file + ": sb_plugin_entry_v1 returned no descriptor: licence file /etc/abi/licence.key not found");
}

TEST(LibraryRefusal, WellFormedPluginLoads) {
    auto library = switchboard::loader::PluginLibrary::open(ABI_PLUGIN_GOOD);
    EXPECT_EQ(library->id(), "abi.good");
    EXPECT_EQ(library->version(), "1.0.0");
    EXPECT_EQ(library->kind(), SB_KIND_EXTENSION);
    EXPECT_EQ(library->descriptor().option_count, 3u);
    EXPECT_EQ(library->label(), "abi.good 1.0.0 (ABI " + kHostAbi + ", " + std::string(ABI_PLUGIN_GOOD) + ")");
}

}  // namespace
