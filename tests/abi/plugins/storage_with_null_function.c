/* A storage plugin whose vtable is complete except for message_history. Every
 * other operation rejects its request with SB_ERR_UNAVAILABLE, which the
 * storage contract allows (the done callback is then never called).
 * Built with ABI_STORAGE_1_0 it is a complete storage plugin of ABI 1.0
 * instead: message_history too, and a vtable that ends at report_create, so
 * it has no 1.1 function (no migrate). */
#include "valid_lifecycle.h"

#ifdef ABI_STORAGE_1_0
#define ABI_ID "abi.storage_1_0"
#define ABI_MESSAGE_HISTORY message_history
#define ABI_VTABLE_SIZE (offsetof(sb_storage_vtable, report_create) + sizeof(void*))
#else
#define ABI_ID "abi.storage_with_null_function"
#define ABI_MESSAGE_HISTORY NULL
#define ABI_VTABLE_SIZE sizeof(sb_storage_vtable)
#endif

#define UNAVAILABLE_OPERATION(name, request_type)                                                        \
    static sb_status name(void* instance, const request_type* req, sb_storage_done done, void* done_ctx) { \
        (void)instance;                                                                                  \
        (void)req;                                                                                       \
        (void)done;                                                                                      \
        (void)done_ctx;                                                                                  \
        return SB_ERR_UNAVAILABLE;                                                                       \
    }

UNAVAILABLE_OPERATION(user_create, sb_user)
UNAVAILABLE_OPERATION(user_ensure, sb_user)
UNAVAILABLE_OPERATION(user_get, sb_key_request)
UNAVAILABLE_OPERATION(user_get_by_username, sb_key_request)
UNAVAILABLE_OPERATION(user_search, sb_user_search_request)
UNAVAILABLE_OPERATION(user_update, sb_user_update_request)
UNAVAILABLE_OPERATION(user_touch, sb_user_touch_request)
UNAVAILABLE_OPERATION(refresh_insert, sb_refresh_token)
UNAVAILABLE_OPERATION(refresh_rotate, sb_refresh_rotate_request)
UNAVAILABLE_OPERATION(refresh_revoke, sb_key_request)
UNAVAILABLE_OPERATION(refresh_revoke_user, sb_key_request)
UNAVAILABLE_OPERATION(device_upsert, sb_device)
UNAVAILABLE_OPERATION(device_delete, sb_device_key_request)
UNAVAILABLE_OPERATION(device_list, sb_key_request)
UNAVAILABLE_OPERATION(conversation_create, sb_conversation_create_request)
UNAVAILABLE_OPERATION(conversation_get, sb_key_request)
UNAVAILABLE_OPERATION(conversation_list, sb_key_request)
UNAVAILABLE_OPERATION(conversation_update, sb_conversation_update_request)
UNAVAILABLE_OPERATION(members_upsert, sb_members_upsert_request)
UNAVAILABLE_OPERATION(member_remove, sb_member_remove_request)
UNAVAILABLE_OPERATION(message_append, sb_message_append_request)
#ifdef ABI_STORAGE_1_0
UNAVAILABLE_OPERATION(message_history, sb_history_request)
#endif
UNAVAILABLE_OPERATION(message_get, sb_message_key_request)
UNAVAILABLE_OPERATION(message_edit, sb_message_edit_request)
UNAVAILABLE_OPERATION(message_delete, sb_message_delete_request)
UNAVAILABLE_OPERATION(reaction_set, sb_reaction_request)
UNAVAILABLE_OPERATION(receipt_set, sb_receipt_request)
UNAVAILABLE_OPERATION(block_set, sb_block_request)
UNAVAILABLE_OPERATION(block_list, sb_key_request)
UNAVAILABLE_OPERATION(report_create, sb_report_request)

static const sb_storage_vtable vtable = {
    .struct_size = ABI_VTABLE_SIZE,
    .user_create = user_create,
    .user_ensure = user_ensure,
    .user_get = user_get,
    .user_get_by_username = user_get_by_username,
    .user_search = user_search,
    .user_update = user_update,
    .user_touch = user_touch,
    .refresh_insert = refresh_insert,
    .refresh_rotate = refresh_rotate,
    .refresh_revoke = refresh_revoke,
    .refresh_revoke_user = refresh_revoke_user,
    .device_upsert = device_upsert,
    .device_delete = device_delete,
    .device_list = device_list,
    .conversation_create = conversation_create,
    .conversation_get = conversation_get,
    .conversation_list = conversation_list,
    .conversation_update = conversation_update,
    .members_upsert = members_upsert,
    .member_remove = member_remove,
    .message_append = message_append,
    .message_history = ABI_MESSAGE_HISTORY,
    .message_get = message_get,
    .message_edit = message_edit,
    .message_delete = message_delete,
    .reaction_set = reaction_set,
    .receipt_set = receipt_set,
    .block_set = block_set,
    .block_list = block_list,
    .report_create = report_create,
};

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_STORAGE,
    .id = ABI_ID,
    .version = "1.0.0",
    .create = abi_create,
    .destroy = abi_destroy,
    .vtable = &vtable,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
