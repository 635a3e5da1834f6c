/* A plugin built for a future ABI 2.x: it exports only sb_plugin_entry_v2,
 * whose signature and descriptor this server does not know. */
#include "switchboard/abi.h"

SB_EXPORT const void* sb_plugin_entry_v2(uint32_t host_abi_minor, void* err) {
    (void)host_abi_minor;
    (void)err;
    return NULL;
}
