/* A plugin that calls a function no library defines. It is linked without
 * -Wl,--no-undefined on purpose, so only loading with RTLD_NOW can catch it:
 * the loader must refuse it at load time, not crash at the first call. */
#include "valid_lifecycle.h"

extern int abi_function_nobody_defines(void);

static sb_status create_calling_the_missing_function(const sb_host* host, void** instance, sb_error* err) {
    if (abi_function_nobody_defines() != 0) return sb_error_set(err, SB_ERR_INTERNAL, "unreachable");
    return abi_create(host, instance, err);
}

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_EXTENSION,
    .id = "abi.undefined_symbol",
    .version = "1.0.0",
    .create = create_calling_the_missing_function,
    .destroy = abi_destroy,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
