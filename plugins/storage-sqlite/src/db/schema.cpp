#include "db/schema.hpp"

namespace switchboard::plugins::storage_sqlite::db {

namespace {

// Users are not referenced by foreign keys: the host may store a membership,
// message or token for a user another system authenticates before (or
// without) calling user_ensure.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE users (
    user_id       TEXT PRIMARY KEY NOT NULL,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX refresh_tokens_by_user ON refresh_tokens (user_id);

CREATE TABLE devices (
    user_id    TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    provider   TEXT NOT NULL,
    token      TEXT NOT NULL,
    extra_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, device_id)
) WITHOUT ROWID;

-- last_seq is the conversation's sequence counter, advanced by the writer in
-- the same transaction as the message insert. direct_key is NULL for groups.
CREATE TABLE conversations (
    conversation_id  TEXT PRIMARY KEY NOT NULL,
    type             TEXT NOT NULL CHECK (type IN ('direct', 'group')),
    title            TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    direct_key       TEXT UNIQUE,
    last_seq         INTEGER NOT NULL DEFAULT 0,
    last_activity_at INTEGER NOT NULL
);

CREATE TABLE members (
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    joined_at       INTEGER NOT NULL,
    delivered_seq   INTEGER NOT NULL DEFAULT 0,
    read_seq        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, user_id)
) WITHOUT ROWID;
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    message_id      TEXT NOT NULL,
    sender_id       TEXT NOT NULL,
    client_msg_id   TEXT NOT NULL,
    body            TEXT NOT NULL,
    extra_json      TEXT NOT NULL,
    reply_to_seq    INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL,
    edited_at       INTEGER NOT NULL DEFAULT 0,
    deleted_at      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (conversation_id, seq)
) WITHOUT ROWID;
-- The idempotency key of message_append; an empty client_msg_id has none.
CREATE UNIQUE INDEX messages_by_client_msg_id ON messages (conversation_id, sender_id, client_msg_id)
    WHERE client_msg_id <> '';

CREATE TABLE reactions (
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    user_id         TEXT NOT NULL,
    emoji           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, seq, user_id, emoji),
    FOREIGN KEY (conversation_id, seq) REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE blocks (
    user_id    TEXT NOT NULL,
    target_id  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, target_id)
) WITHOUT ROWID;

CREATE TABLE reports (
    report_id       TEXT PRIMARY KEY NOT NULL,
    reporter_id     TEXT NOT NULL,
    target_user_id  TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    reason          TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
)sql";

// A conversation's last seq and last activity are read from its newest
// message (the end of the messages primary key) instead of being kept in its
// row: updating the row with every message dirtied one more page per message
// in each commit, a sixth of the writer's time.
constexpr const char* kVersion2 = R"sql(
ALTER TABLE conversations DROP COLUMN last_seq;
ALTER TABLE conversations DROP COLUMN last_activity_at;
)sql";

// Attachments: the files' records (the files live in the host's data
// directory) and the messages that carry them, in order. A link goes with its
// message (deleting the message unlinks it); attachments are never deleted.
constexpr const char* kVersion3 = R"sql(
CREATE TABLE attachments (
    attachment_id TEXT PRIMARY KEY NOT NULL,
    uploader_id   TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    filename      TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    has_thumbnail INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);

CREATE TABLE message_attachments (
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    position        INTEGER NOT NULL,
    attachment_id   TEXT NOT NULL REFERENCES attachments (attachment_id),
    PRIMARY KEY (conversation_id, seq, position),
    FOREIGN KEY (conversation_id, seq) REFERENCES messages (conversation_id, seq) ON DELETE CASCADE
) WITHOUT ROWID;
-- Who may read an attachment: the members of the conversations it was sent in.
CREATE INDEX message_attachments_by_attachment ON message_attachments (attachment_id, conversation_id);
)sql";

// Messages move to a rowid table: rows go in arrival order, so one commit's
// messages share a few leaf pages instead of dirtying a leaf per conversation
// (the clustered (conversation_id, seq) key scattered every insert across the
// tree). The key becomes a unique index of small entries. SQLite's rebuild
// procedure: the migrator runs with foreign keys off, so dropping the old
// table cascades to nothing and reactions and message_attachments keep
// pointing at "messages".
constexpr const char* kVersion4 = R"sql(
CREATE TABLE messages_v4 (
    conversation_id TEXT NOT NULL REFERENCES conversations (conversation_id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    message_id      TEXT NOT NULL,
    sender_id       TEXT NOT NULL,
    client_msg_id   TEXT NOT NULL,
    body            TEXT NOT NULL,
    extra_json      TEXT NOT NULL,
    reply_to_seq    INTEGER NOT NULL,
    sent_at         INTEGER NOT NULL,
    edited_at       INTEGER NOT NULL DEFAULT 0,
    deleted_at      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO messages_v4 (conversation_id, seq, message_id, sender_id, client_msg_id, body, extra_json, reply_to_seq,
                         sent_at, edited_at, deleted_at)
    SELECT conversation_id, seq, message_id, sender_id, client_msg_id, body, extra_json, reply_to_seq,
           sent_at, edited_at, deleted_at
    FROM messages ORDER BY sent_at, conversation_id, seq;
DROP TABLE messages;
ALTER TABLE messages_v4 RENAME TO messages;
CREATE UNIQUE INDEX messages_by_seq ON messages (conversation_id, seq);
CREATE UNIQUE INDEX messages_by_client_msg_id ON messages (conversation_id, sender_id, client_msg_id)
    WHERE client_msg_id <> '';
)sql";

// The call history: one row per call, stored unfinished (outcome '') when it
// starts and finished once; listed per user, as caller or callee.
constexpr const char* kVersion5 = R"sql(
CREATE TABLE calls (
    call_id         TEXT PRIMARY KEY NOT NULL,
    conversation_id TEXT NOT NULL,
    caller_id       TEXT NOT NULL,
    callee_id       TEXT NOT NULL,
    media           TEXT NOT NULL,
    outcome         TEXT NOT NULL DEFAULT '',
    end_reason      TEXT NOT NULL DEFAULT '',
    started_at      INTEGER NOT NULL,
    answered_at     INTEGER NOT NULL DEFAULT 0,
    ended_at        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX calls_by_caller ON calls (caller_id, started_at, call_id);
CREATE INDEX calls_by_callee ON calls (callee_id, started_at, call_id);
CREATE INDEX calls_unfinished ON calls (call_id) WHERE outcome = '';
)sql";

// The push outbox (docs/push.md): pending notifications, first per
// (event, user), then per (event, device); claimed by due time. Devices are
// found by token when a provider reports one gone after delivery.
constexpr const char* kVersion6 = R"sql(
CREATE TABLE outbox (
    entry_id        TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL,
    device_id       TEXT NOT NULL,
    category        INTEGER NOT NULL,
    conversation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    call_id         TEXT NOT NULL,
    payload_json    TEXT NOT NULL,
    due_at          INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX outbox_by_due ON outbox (due_at, entry_id);

CREATE TABLE notify_settings (
    user_id         TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    level           TEXT NOT NULL,
    muted_until     INTEGER NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
) WITHOUT ROWID;

CREATE INDEX devices_by_token ON devices (provider, token);
)sql";

constexpr sdk::storage::Migration kMigrations[] = {
    {1, "users, tokens, devices, conversations, members, messages, reactions, blocks, reports", kVersion1},
    {2, "a conversation's last seq and activity come from its newest message", kVersion2},
    {3, "attachments and the messages that carry them", kVersion3},
    {4, "messages in arrival order, keyed by a unique index on (conversation_id, seq)", kVersion4},
    {5, "the call history", kVersion5},
    {6, "the push outbox and notification settings", kVersion6},
};

}  // namespace

std::span<const sdk::storage::Migration> schema_migrations() {
    return kMigrations;
}

}  // namespace switchboard::plugins::storage_sqlite::db
