/*
 * Switchboard plugin ABI — storage plugins (SB_KIND_STORAGE).
 *
 * A domain-level, asynchronous storage interface: the host never waits on a
 * disk or a network. Every operation has the same shape:
 *
 *     sb_status op(void* instance, const <request>* req, sb_storage_done done, void* done_ctx);
 *
 * - Called from any host thread; must not block (queue the work).
 * - Returns SB_OK when accepted: `done` is then called exactly once, from any
 *   thread (typically the plugin's worker), possibly before op() returns.
 *   Any other return means rejected (e.g. SB_ERR_UNAVAILABLE after stop):
 *   `done` is not called.
 * - `req` and every string it points to are borrowed for the call only; the
 *   plugin copies what it keeps.
 * - `done` receives a status, a NUL-terminated error message (empty on
 *   success) and a result whose type each operation documents; the result and
 *   everything it points to are borrowed for the duration of the callback.
 * - Writes acknowledged with SB_OK are durable (committed). Plugins batch
 *   writes from many callers into one transaction (group commit).
 * - An operation issued after another's `done` was called observes that
 *   operation's effects (read-your-writes). Writes to one conversation are
 *   applied in the order they were issued.
 *
 * Records are never embedded by value in another struct (only by pointer) so
 * each can grow on its own. An array of records is walked with the stride of
 * its first element's struct_size, not sizeof.
 *
 * Identifiers (user, conversation, message ids) are opaque strings chosen by
 * the host. Times are milliseconds since the Unix epoch. Sequence numbers
 * (`seq`) start at 1 per conversation and are gap-free; 0 means "none".
 */
#ifndef SWITCHBOARD_STORAGE_H
#define SWITCHBOARD_STORAGE_H

#include "switchboard/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*sb_storage_done)(void* done_ctx, sb_status status, const char* error_message, const void* result);

/* ---- Records ---------------------------------------------------------------- */

typedef struct sb_user {
    uint32_t struct_size;
    sb_str user_id;
    sb_str username;      /* unique, case-sensitive as stored (host lower-cases) */
    sb_str display_name;
    sb_str password_hash; /* argon2id string; empty for externally authenticated users */
    int64_t created_at;
    int64_t last_seen_at; /* 0 = never */
} sb_user;

typedef struct sb_user_list {
    uint32_t struct_size;
    const sb_user* items;
    size_t count;
} sb_user_list;

typedef struct sb_refresh_token {
    uint32_t struct_size;
    sb_str token_hash; /* SHA-256 of the token, hex; the token itself is never stored */
    sb_str user_id;
    sb_str device_id;  /* may be empty */
    int64_t created_at;
    int64_t expires_at;
} sb_refresh_token;

typedef struct sb_device {
    uint32_t struct_size;
    sb_str user_id;
    sb_str device_id;
    sb_str provider;   /* "fcm", "apns", "expo", "webpush", "webhook", "log" */
    sb_str token;
    sb_str extra_json; /* provider-specific fields as a JSON object text, or empty */
    int64_t updated_at;
} sb_device;

typedef struct sb_device_list {
    uint32_t struct_size;
    const sb_device* items;
    size_t count;
} sb_device_list;

typedef struct sb_member {
    uint32_t struct_size;
    sb_str user_id;
    sb_str role;            /* "owner", "admin" or "member" */
    int64_t joined_at;
    uint64_t delivered_seq; /* receipts of this member */
    uint64_t read_seq;
} sb_member;

typedef struct sb_reaction {
    uint32_t struct_size;
    sb_str user_id;
    sb_str emoji;
    int64_t created_at;
} sb_reaction;

/* A file a user uploaded (ABI 1.1). The host owns the file itself; storage
 * keeps its record and which messages carry it. */
typedef struct sb_attachment {
    uint32_t struct_size;
    sb_str attachment_id;
    sb_str uploader_id;
    sb_str content_type;   /* a media type without parameters, e.g. "image/png" */
    sb_str filename;       /* as the uploader named it (no directories); may be empty */
    uint64_t size;         /* bytes */
    sb_str sha256;         /* of the content, 64 lower-case hex digits */
    uint32_t width;        /* of an image, in pixels; 0 when not an image or unknown */
    uint32_t height;
    int32_t has_thumbnail; /* non-zero: the host made a thumbnail */
    int64_t created_at;
} sb_attachment;

typedef struct sb_message {
    uint32_t struct_size;
    sb_str conversation_id;
    sb_str message_id;
    uint64_t seq;
    sb_str sender_id;      /* empty for a system message (posted through the server API) */
    sb_str client_msg_id;
    sb_str body;
    sb_str extra_json;     /* a JSON object text (application metadata), or empty */
    uint64_t reply_to_seq; /* 0 = not a reply */
    int64_t sent_at;
    int64_t edited_at;     /* 0 = never edited */
    int64_t deleted_at;    /* 0 = not deleted; a deleted message keeps its seq, body is empty */
    const sb_reaction* reactions;
    size_t reaction_count;
    /* ABI 1.1 (only plugins with the attachment operations read or fill these).
     * In message_append: the attachments to link to the message, by
     * attachment_id (their other fields are ignored), in this order. In
     * results: the linked attachments, in that order. */
    const sb_attachment* attachments;
    size_t attachment_count;
} sb_message;

typedef struct sb_message_list {
    uint32_t struct_size;
    const sb_message* items; /* ascending seq */
    size_t count;
} sb_message_list;

typedef struct sb_conversation {
    uint32_t struct_size;
    sb_str conversation_id;
    sb_str type;       /* "direct" or "group" */
    sb_str title;      /* may be empty */
    sb_str created_by;
    int64_t created_at;
    uint64_t last_seq;
    const sb_member* members;
    size_t member_count;
} sb_conversation;

/* One row of a user's conversation list. */
typedef struct sb_conversation_summary {
    uint32_t struct_size;
    const sb_conversation* conversation;
    uint64_t delivered_seq;        /* this user's receipts */
    uint64_t read_seq;
    uint64_t unread;               /* messages after read_seq sent by others, not deleted */
    const sb_message* last_message; /* NULL when the conversation is empty */
} sb_conversation_summary;

typedef struct sb_conversation_summary_list {
    uint32_t struct_size;
    const sb_conversation_summary* items; /* most recent activity first */
    size_t count;
} sb_conversation_summary_list;

typedef struct sb_str_list {
    uint32_t struct_size;
    const sb_str* items;
    size_t count;
} sb_str_list;

typedef struct sb_report {
    uint32_t struct_size;
    sb_str report_id;
    sb_str reporter_id;
    sb_str target_user_id;  /* may be empty */
    sb_str conversation_id; /* may be empty */
    uint64_t seq;           /* 0 = not about one message */
    sb_str reason;
    int64_t created_at;
} sb_report;

/* ABI 1.3: one pending push notification in the durable outbox (docs/push.md).
 * The host first writes one entry per (event, recipient user) with an empty
 * device_id; when it is due, the host expands it into one entry per
 * (event, device) and sends those. Storage keeps the rows; the host decides. */
typedef struct sb_outbox_entry {
    uint32_t struct_size;
    sb_str entry_id;        /* unique; also the idempotency key of what is sent for it */
    sb_str user_id;         /* the recipient */
    sb_str device_id;       /* empty until expanded to the user's devices */
    uint32_t category;      /* sb_push_category (switchboard/push.h) */
    sb_str conversation_id; /* may be empty */
    uint64_t seq;           /* the message's seq; 0 when not about a message */
    sb_str call_id;         /* may be empty */
    sb_str payload_json;    /* a JSON object text the host composes the notification from */
    int64_t due_at;         /* not sent before */
    uint32_t attempts;      /* sends tried so far */
    int64_t created_at;
} sb_outbox_entry;

typedef struct sb_outbox_entry_list {
    uint32_t struct_size;
    const sb_outbox_entry* items; /* ascending due_at */
    size_t count;
} sb_outbox_entry_list;

/* ABI 1.3: a user's notification setting for one conversation. */
typedef struct sb_notify_setting {
    uint32_t struct_size;
    sb_str user_id;
    sb_str conversation_id;
    sb_str level;        /* "all", "mentions" or "none" */
    int64_t muted_until; /* 0 = not muted; otherwise nothing is pushed before this time */
} sb_notify_setting;

/* ---- Requests ------------------------------------------------------------------ */

typedef struct sb_key_request { /* a request that names one record */
    uint32_t struct_size;
    sb_str key;
} sb_key_request;

typedef struct sb_user_search_request {
    uint32_t struct_size;
    sb_str query;  /* matched case-insensitively as a substring of username or display name */
    uint32_t limit;
} sb_user_search_request;

typedef struct sb_user_update_request {
    uint32_t struct_size;
    sb_str user_id;
    sb_str display_name;  /* NULL ptr = unchanged */
    sb_str password_hash; /* NULL ptr = unchanged */
} sb_user_update_request;

typedef struct sb_user_touch_request {
    uint32_t struct_size;
    sb_str user_id;
    int64_t last_seen_at;
} sb_user_touch_request;

typedef struct sb_refresh_rotate_request {
    uint32_t struct_size;
    sb_str old_token_hash;
    int64_t now;                      /* an expired old token is not found */
    const sb_refresh_token* replacement; /* stored atomically with deleting the old one; it
                                            takes the old token's user_id and device_id
                                            (the replacement's own are ignored) */
} sb_refresh_rotate_request;

typedef struct sb_device_key_request {
    uint32_t struct_size;
    sb_str user_id;
    sb_str device_id;
} sb_device_key_request;

typedef struct sb_conversation_create_request {
    uint32_t struct_size;
    const sb_conversation* conversation; /* id, type, title, created_by, created_at, members (last_seq ignored) */
    sb_str direct_key;            /* for "direct": a key unique per pair; empty for groups */
} sb_conversation_create_request;

typedef struct sb_conversation_update_request {
    uint32_t struct_size;
    sb_str conversation_id;
    sb_str title;
} sb_conversation_update_request;

typedef struct sb_members_upsert_request {
    uint32_t struct_size;
    sb_str conversation_id;
    const sb_member* members; /* added, or role changed when already a member */
    size_t member_count;
} sb_members_upsert_request;

typedef struct sb_member_remove_request {
    uint32_t struct_size;
    sb_str conversation_id;
    sb_str user_id;
} sb_member_remove_request;

typedef struct sb_message_append_request {
    uint32_t struct_size;
    const sb_message* message; /* seq is assigned by storage; edited/deleted/reactions ignored */
    /* ABI 1.3 (only plugins with the outbox operations read these): outbox
     * entries inserted in the same transaction as the message, each with
     * `seq` set to the message's new seq; nothing is inserted for a duplicate. */
    const sb_outbox_entry* notify;
    size_t notify_count;
} sb_message_append_request;

typedef struct sb_message_append_result {
    uint32_t struct_size;
    const sb_message* message; /* as stored (for a duplicate: the original) */
    int32_t duplicate;         /* non-zero: same sender + client_msg_id already stored */
} sb_message_append_result;

typedef struct sb_history_request {
    uint32_t struct_size;
    sb_str conversation_id;
    uint64_t after_seq;  /* > 0: the first `limit` messages with seq > after_seq */
    uint64_t before_seq; /* > 0: the last `limit` messages with seq < before_seq */
    uint32_t limit;      /* neither set: the last `limit` messages */
} sb_history_request;

typedef struct sb_message_key_request {
    uint32_t struct_size;
    sb_str conversation_id;
    uint64_t seq;
} sb_message_key_request;

typedef struct sb_message_edit_request {
    uint32_t struct_size;
    sb_str conversation_id;
    uint64_t seq;
    sb_str body;
    sb_str extra_json;   /* NULL ptr = unchanged */
    int64_t edited_at;
} sb_message_edit_request;

typedef struct sb_message_delete_request {
    uint32_t struct_size;
    sb_str conversation_id;
    uint64_t seq;
    int64_t deleted_at;
} sb_message_delete_request;

typedef struct sb_reaction_request {
    uint32_t struct_size;
    sb_str conversation_id;
    uint64_t seq;
    sb_str user_id;
    sb_str emoji;
    int32_t add;        /* non-zero add, zero remove */
    int64_t created_at;
} sb_reaction_request;

typedef enum sb_receipt_kind { SB_RECEIPT_DELIVERED = 1, SB_RECEIPT_READ = 2 } sb_receipt_kind;

typedef struct sb_receipt_request {
    uint32_t struct_size;
    sb_str conversation_id;
    sb_str user_id;
    uint32_t kind;  /* sb_receipt_kind; read also raises delivered */
    uint64_t seq;   /* clamped to the conversation's last_seq; receipts never go down */
} sb_receipt_request;

typedef struct sb_receipt_result {
    uint32_t struct_size;
    uint64_t delivered_seq;
    uint64_t read_seq;
    int32_t changed; /* zero when the request did not raise anything */
} sb_receipt_result;

typedef struct sb_block_request {
    uint32_t struct_size;
    sb_str user_id;
    sb_str target_id;
    int32_t blocked; /* non-zero block, zero unblock */
    int64_t at;
} sb_block_request;

typedef struct sb_report_request {
    uint32_t struct_size;
    const sb_report* report;
} sb_report_request;

typedef struct sb_attachment_get_request {
    uint32_t struct_size;
    sb_str attachment_id;
    sb_str reader_id; /* empty: no access check; else the user who wants to read it */
} sb_attachment_get_request;

/* ---- Calls (ABI 1.2) -------------------------------------------------------------
 * The call history: one row per call between two users, written when the call
 * starts (so a restart finds the calls that were live) and finished once. */

typedef struct sb_call_record {
    uint32_t struct_size;
    sb_str call_id;
    sb_str conversation_id;
    sb_str caller_id;
    sb_str callee_id;
    sb_str media;        /* "audio" or "video" */
    sb_str outcome;      /* empty while unfinished; else "completed", "missed", "declined", "busy",
                            "cancelled" or "failed" */
    sb_str end_reason;   /* a call.ended reason ("hangup", "timeout"…); empty while unfinished */
    int64_t started_at;
    int64_t answered_at; /* 0 = never answered */
    int64_t ended_at;    /* 0 = unfinished */
} sb_call_record;

typedef struct sb_call_record_list {
    uint32_t struct_size;
    const sb_call_record* items;
    size_t count;
} sb_call_record_list;

typedef struct sb_call_finish_request {
    uint32_t struct_size;
    sb_str call_id;
    sb_str outcome;
    sb_str end_reason;
    int64_t answered_at; /* 0 = never answered */
    int64_t ended_at;
} sb_call_finish_request;

typedef struct sb_call_history_request {
    uint32_t struct_size;
    sb_str user_id;  /* the calls this user made or received */
    int64_t before;  /* > 0: only calls with started_at < before */
    uint32_t limit;
} sb_call_history_request;

typedef struct sb_call_finish_unfinished_request {
    uint32_t struct_size;
    sb_str outcome;    /* given to every unfinished call */
    sb_str end_reason;
    int64_t ended_at;
} sb_call_finish_unfinished_request;

/* ABI 1.3: the outbox and notification settings. */
typedef struct sb_outbox_write_request {
    uint32_t struct_size;
    const sb_outbox_entry* inserts; /* an entry whose entry_id exists is left as it is */
    size_t insert_count;
    const sb_str* delete_ids;       /* entry ids to delete; unknown ids are ignored */
    size_t delete_count;
} sb_outbox_write_request;

typedef struct sb_outbox_claim_request {
    uint32_t struct_size;
    int64_t now;
    int64_t lease_until; /* each claimed entry's due_at becomes this */
    uint32_t limit;
} sb_outbox_claim_request;

typedef struct sb_outbox_reschedule_request {
    uint32_t struct_size;
    sb_str entry_id;
    int64_t due_at;
    uint32_t attempts;
} sb_outbox_reschedule_request;

typedef struct sb_notify_setting_key {
    uint32_t struct_size;
    sb_str user_id;
    sb_str conversation_id;
} sb_notify_setting_key;

/* ABI 1.3: the devices registered with one provider's token (a token a push
 * provider reported gone after delivery, host.h push_dead_token). */
typedef struct sb_device_token_request {
    uint32_t struct_size;
    sb_str provider;
    sb_str token;
} sb_device_token_request;

/* ABI 1.4: what a push about one message needs to know of its recipient. */
typedef struct sb_push_context_request {
    uint32_t struct_size;
    sb_str user_id; /* the recipient */
    sb_str conversation_id;
    uint64_t seq;   /* the message */
} sb_push_context_request;

typedef struct sb_push_context {
    uint32_t struct_size;
    sb_str conversation_type;         /* "direct" or "group" */
    sb_str conversation_title;        /* may be empty */
    uint64_t read_seq;                /* the recipient's in this conversation */
    uint64_t unread_total;            /* the sum of `unread` over the recipient's conversation_list */
    const sb_notify_setting* setting; /* NULL when never set (notify_setting_get's SB_ERR_NOT_FOUND) */
    const sb_message* message;        /* as message_get answers it; NULL when there is none at seq */
    sb_str sender_name;               /* the message sender's display_name, else username; empty for a
                                         system message, an unknown sender or no message */
} sb_push_context;

/* ---- The vtable --------------------------------------------------------------
 * Result types, by operation (NULL = no result):
 *   user_create          -> NULL            SB_ERR_CONFLICT when user_id or username exists
 *   user_ensure          -> sb_user         creates the user unless user_id exists; returns the stored row
 *   user_get             -> sb_user         key = user_id; SB_ERR_NOT_FOUND
 *   user_get_by_username -> sb_user         key = username; SB_ERR_NOT_FOUND
 *   user_search          -> sb_user_list
 *   user_update          -> sb_user         SB_ERR_NOT_FOUND
 *   user_touch           -> NULL
 *   refresh_insert       -> NULL
 *   refresh_rotate       -> sb_refresh_token (the consumed one)  SB_ERR_NOT_FOUND if unknown/expired
 *   refresh_revoke       -> NULL            key = token_hash
 *   refresh_revoke_user  -> NULL            key = user_id; revokes all of the user's tokens
 *   device_upsert        -> NULL            keyed by (user_id, device_id)
 *   device_delete        -> NULL            SB_ERR_NOT_FOUND
 *   device_list          -> sb_device_list  key = user_id
 *   conversation_create  -> sb_conversation the stored one: for a direct_key that exists, the existing one
 *   conversation_get     -> sb_conversation key = conversation_id; SB_ERR_NOT_FOUND
 *   conversation_list    -> sb_conversation_summary_list  key = user_id
 *   conversation_update  -> sb_conversation SB_ERR_NOT_FOUND
 *   members_upsert       -> sb_conversation SB_ERR_NOT_FOUND
 *   member_remove        -> sb_conversation SB_ERR_NOT_FOUND (conversation or member)
 *   message_append       -> sb_message_append_result  SB_ERR_NOT_FOUND if no such conversation
 *   message_history      -> sb_message_list
 *   message_get          -> sb_message      SB_ERR_NOT_FOUND
 *   message_edit         -> sb_message      SB_ERR_NOT_FOUND (also for a deleted message)
 *   message_delete       -> sb_message      SB_ERR_NOT_FOUND
 *   reaction_set         -> sb_message      SB_ERR_NOT_FOUND
 *   receipt_set          -> sb_receipt_result  SB_ERR_NOT_FOUND if not a member
 *   block_set            -> NULL
 *   block_list           -> sb_str_list     key = user_id; the users it blocks
 *   report_create        -> NULL
 * Every function above is required.
 *
 * ABI 1.1 appends the attachment operations. They are optional as a pair: a
 * plugin has both or neither (the host then refuses attachments). A plugin
 * that has them also links sb_message.attachments in message_append, in the
 * same transaction as the message (an unknown attachment_id fails the append
 * with SB_ERR_NOT_FOUND and stores nothing; a duplicate append links nothing
 * new), fills sb_message.attachments in every message it returns
 * (message_get, message_history, the results of message_append/edit/delete/
 * reaction_set and conversation_list's last_message), and unlinks a
 * message's attachments when message_delete deletes it.
 *   attachment_create    -> NULL            SB_ERR_CONFLICT when attachment_id exists
 *   attachment_get       -> sb_attachment   SB_ERR_NOT_FOUND; with a reader_id, SB_ERR_FORBIDDEN
 *                                           unless the reader is the uploader or a member of a
 *                                           conversation with a (not deleted) message carrying it
 * ABI 1.1 also appends `migrate`, optional (see its comment).
 *
 * ABI 1.3 appends the push outbox, notification settings and the deletion of
 * devices by token, optional as a group of six: a plugin has all or none (the
 * host then turns push off).
 * A plugin that has them also inserts sb_message_append_request.notify in the
 * append's transaction.
 *   outbox_write         -> NULL            inserts (existing entry_id: left alone) and deletes in one
 *                                           transaction
 *   outbox_claim         -> sb_outbox_entry_list  up to `limit` entries with due_at <= now, oldest due
 *                                           first, each one's due_at set to lease_until in the same
 *                                           transaction (an entry the host never settles, e.g. across a
 *                                           crash, is due again then); the list shows them as they were
 *   outbox_reschedule    -> NULL            sets due_at and attempts; SB_ERR_NOT_FOUND
 *   notify_setting_set   -> NULL            keyed by (user_id, conversation_id)
 *   notify_setting_get   -> sb_notify_setting  SB_ERR_NOT_FOUND when never set
 *   device_delete_by_token -> sb_device_list  deletes every device registered with that provider and
 *                                           token (any user) and returns them; an empty list when none
 *
 * ABI 1.4 appends `push_context`, optional (NULL: the host asks
 * notify_setting_get, conversation_list, message_get and user_get instead,
 * which read every conversation of the recipient). Only plugins with the
 * push operations of 1.3 may have it.
 *   push_context         -> sb_push_context  SB_ERR_NOT_FOUND when user_id is not a member of
 *                                           conversation_id (or either does not exist)
 */
typedef struct sb_storage_vtable {
    uint32_t struct_size;

    sb_status (*user_create)(void* instance, const sb_user* req, sb_storage_done done, void* done_ctx);
    sb_status (*user_ensure)(void* instance, const sb_user* req, sb_storage_done done, void* done_ctx);
    sb_status (*user_get)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*user_get_by_username)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*user_search)(void* instance, const sb_user_search_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*user_update)(void* instance, const sb_user_update_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*user_touch)(void* instance, const sb_user_touch_request* req, sb_storage_done done, void* done_ctx);

    sb_status (*refresh_insert)(void* instance, const sb_refresh_token* req, sb_storage_done done, void* done_ctx);
    sb_status (*refresh_rotate)(void* instance, const sb_refresh_rotate_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*refresh_revoke)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*refresh_revoke_user)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);

    sb_status (*device_upsert)(void* instance, const sb_device* req, sb_storage_done done, void* done_ctx);
    sb_status (*device_delete)(void* instance, const sb_device_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*device_list)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);

    sb_status (*conversation_create)(void* instance, const sb_conversation_create_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*conversation_get)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*conversation_list)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*conversation_update)(void* instance, const sb_conversation_update_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*members_upsert)(void* instance, const sb_members_upsert_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*member_remove)(void* instance, const sb_member_remove_request* req, sb_storage_done done, void* done_ctx);

    sb_status (*message_append)(void* instance, const sb_message_append_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*message_history)(void* instance, const sb_history_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*message_get)(void* instance, const sb_message_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*message_edit)(void* instance, const sb_message_edit_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*message_delete)(void* instance, const sb_message_delete_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*reaction_set)(void* instance, const sb_reaction_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*receipt_set)(void* instance, const sb_receipt_request* req, sb_storage_done done, void* done_ctx);

    sb_status (*block_set)(void* instance, const sb_block_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*block_list)(void* instance, const sb_key_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*report_create)(void* instance, const sb_report_request* req, sb_storage_done done, void* done_ctx);

    /* ABI 1.1: optional, both or neither. */
    sb_status (*attachment_create)(void* instance, const sb_attachment* req, sb_storage_done done, void* done_ctx);
    sb_status (*attachment_get)(void* instance, const sb_attachment_get_request* req, sb_storage_done done, void* done_ctx);

    /* ABI 1.1: optional (NULL: the plugin brings its schema up to date in start()).
     * Applies every pending schema migration, logging each step at info, and
     * returns; SB_OK means the schema is current. Control thread only, on a
     * created instance that is not started (`switchboard migrate`); it may
     * block. Plugins with this function also accept the option `migrate`
     * (bool, default true): when false, start() refuses a database whose
     * schema is not current instead of migrating it. */
    sb_status (*migrate)(void* instance, sb_error* err);

    /* ABI 1.2: the call history, optional as a set of four (without them the
     * host keeps no history and refuses call.history).
     *   call_create            -> NULL                 outcome, end_reason, answered_at and ended_at
     *                                                  are ignored (stored unfinished);
     *                                                  SB_ERR_CONFLICT when call_id exists
     *   call_finish            -> NULL                 SB_ERR_NOT_FOUND for an unknown call_id;
     *                                                  SB_ERR_CONFLICT (nothing changes) when finished
     *   call_history           -> sb_call_record_list  newest started_at first (ties: call_id
     *                                                  descending), unfinished calls included
     *   call_finish_unfinished -> sb_call_record_list  finishes every unfinished call with the
     *                                                  request's outcome, end_reason and ended_at;
     *                                                  returns them as stored now (the host runs it
     *                                                  on start: calls a stopped server left) */
    sb_status (*call_create)(void* instance, const sb_call_record* req, sb_storage_done done, void* done_ctx);
    sb_status (*call_finish)(void* instance, const sb_call_finish_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*call_history)(void* instance, const sb_call_history_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*call_finish_unfinished)(void* instance, const sb_call_finish_unfinished_request* req,
                                        sb_storage_done done, void* done_ctx);

    /* ABI 1.3: optional, all six or none. */
    sb_status (*outbox_write)(void* instance, const sb_outbox_write_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*outbox_claim)(void* instance, const sb_outbox_claim_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*outbox_reschedule)(void* instance, const sb_outbox_reschedule_request* req, sb_storage_done done, void* done_ctx);
    sb_status (*notify_setting_set)(void* instance, const sb_notify_setting* req, sb_storage_done done, void* done_ctx);
    sb_status (*notify_setting_get)(void* instance, const sb_notify_setting_key* req, sb_storage_done done, void* done_ctx);
    sb_status (*device_delete_by_token)(void* instance, const sb_device_token_request* req, sb_storage_done done,
                                        void* done_ctx);

    /* ABI 1.4: optional. */
    sb_status (*push_context)(void* instance, const sb_push_context_request* req, sb_storage_done done,
                              void* done_ctx);
} sb_storage_vtable;

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_STORAGE_H */
