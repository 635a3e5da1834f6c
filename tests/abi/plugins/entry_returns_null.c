/* An entry point that declines to load, saying why through sb_error. */
#include "switchboard/abi.h"

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    sb_error_set(err, SB_ERR_UNAVAILABLE, "licence file /etc/abi/licence.key not found");
    return NULL;
}
