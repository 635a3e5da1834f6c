/* A shared object that exports no sb_plugin_entry_v* symbol at all. */
#include "switchboard/abi.h"

SB_EXPORT int abi_some_other_library_function(void) { return 42; }
