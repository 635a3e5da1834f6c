/* A descriptor of a kind this ABI does not define (42), or, built with
 * ABI_KIND/ABI_ID, of a kind it reserves without a vtable yet. */
#include "valid_lifecycle.h"

#ifndef ABI_KIND
#define ABI_KIND 42
#define ABI_ID "abi.unknown_kind"
#endif

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = ABI_KIND,
    .id = ABI_ID,
    .version = "1.0.0",
    .create = abi_create,
    .destroy = abi_destroy,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
