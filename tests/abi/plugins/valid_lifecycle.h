/* Lifecycle functions that work, for the plugins broken on purpose: each of
 * them breaks exactly one ABI rule, so the loader's refusal is for that rule. */
#ifndef SWITCHBOARD_TESTS_ABI_VALID_LIFECYCLE_H
#define SWITCHBOARD_TESTS_ABI_VALID_LIFECYCLE_H

#include "switchboard/switchboard.h"

static int abi_instance_storage;

static inline sb_status abi_create(const sb_host* host, void** instance, sb_error* err) {
    (void)host;
    (void)err;
    *instance = &abi_instance_storage;
    return SB_OK;
}

static inline void abi_destroy(void* instance) { (void)instance; }

#endif
