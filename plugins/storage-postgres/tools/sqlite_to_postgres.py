#!/usr/bin/python3
"""Copies everything storage.sqlite stored into storage.postgres's schema.

    sqlite_to_postgres.py --sqlite data/switchboard.db \\
        --postgres postgresql://switchboard@127.0.0.1:5432/switchboard [--schema switchboard]

Stop the server first (the SQLite file must not change during the copy).
The PostgreSQL schema must be migrated (`switchboard migrate --config
postgres.yaml`, or one start of the server on it) and empty. Everything is
copied in one transaction, table by table in foreign-key order; the counter
behind the conversations' list order continues after the copied rows; the
row counts are compared before COMMIT. Users keep their password hashes,
sessions their refresh tokens, conversations their seq, receipts and direct
keys, so clients carry on where they were. Needs python3-psycopg2.
"""

import argparse
import re
import sqlite3
import sys

# The schema versions this tool knows on each side (see each plugin's schema).
SQLITE_VERSION = 6
POSTGRES_VERSION = 4

# Table, columns and the order rows are read in; parents before children.
TABLES = [
    ("users", "user_id, username, display_name, password_hash, created_at, last_seen_at", "user_id"),
    ("refresh_tokens", "token_hash, user_id, device_id, created_at, expires_at", "token_hash"),
    ("devices", "user_id, device_id, provider, token, extra_json, updated_at", "user_id, device_id"),
    # SQLite reads a conversation's last seq and activity from its newest message; PostgreSQL keeps them in
    # the row. rowid becomes created_order: the list's tie-break (the conversation created later first) survives.
    ("conversations",
     "conversation_id, type, title, created_by, created_at, direct_key,"
     " coalesce((SELECT max(seq) FROM messages m WHERE m.conversation_id = c.conversation_id), 0),"
     " coalesce((SELECT sent_at FROM messages m WHERE m.conversation_id = c.conversation_id"
     " ORDER BY seq DESC LIMIT 1), created_at),"
     " rowid",
     "rowid"),
    ("members", "conversation_id, user_id, role, joined_at, delivered_seq, read_seq", "conversation_id, user_id"),
    ("messages",
     "conversation_id, seq, message_id, sender_id, client_msg_id, body, extra_json, reply_to_seq, sent_at, "
     "edited_at, deleted_at",
     "conversation_id, seq"),
    ("reactions", "conversation_id, seq, user_id, emoji, created_at", "conversation_id, seq, user_id, emoji"),
    ("blocks", "user_id, target_id, created_at", "user_id, target_id"),
    ("reports", "report_id, reporter_id, target_user_id, conversation_id, seq, reason, created_at", "report_id"),
    ("attachments",
     "attachment_id, uploader_id, content_type, filename, size, sha256, width, height, has_thumbnail, created_at",
     "attachment_id"),
    ("message_attachments", "conversation_id, seq, position, attachment_id", "conversation_id, seq, position"),
    ("calls",
     "call_id, conversation_id, caller_id, callee_id, media, outcome, end_reason, started_at, answered_at, ended_at",
     "call_id"),
    # Notifications still pending: the PostgreSQL server delivers them.
    ("outbox",
     "entry_id, user_id, device_id, category, conversation_id, seq, call_id, payload_json, due_at, attempts, created_at",
     "entry_id"),
    ("notify_settings", "user_id, conversation_id, level, muted_until", "user_id, conversation_id"),
]
# SQLite stores booleans as 0/1; PostgreSQL's boolean column wants True/False.
BOOLEAN_COLUMNS = {"attachments": [8]}
BATCH = 1000


class CopyError(Exception):
    pass


# The PostgreSQL columns, where they differ from what is read from SQLite.
TARGET_COLUMNS = {
    "conversations": "conversation_id, type, title, created_by, created_at, direct_key, last_seq, last_activity_at,"
                     " created_order",
}
# The SQLite table, with an alias the computed columns refer to.
SOURCE_TABLES = {"conversations": "conversations c"}


def check_sqlite(source):
    version = source.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    if version != SQLITE_VERSION:
        raise CopyError(f"the SQLite database is at schema version {version}; this tool copies version "
                        f"{SQLITE_VERSION} (an older one: run `switchboard migrate --config <sqlite config>` first; "
                        "a newer one: use the tool of the release that wrote it)")


def check_postgres(cursor, schema):
    cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
    if cursor.fetchone() is None:
        raise CopyError(f"PostgreSQL has no schema {schema}: run `switchboard migrate --config <postgres config>` first")
    cursor.execute(f"SET search_path = {schema}")
    cursor.execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
    version = 0
    if cursor.fetchone()[0]:
        cursor.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
        version = cursor.fetchone()[0]
    if version != POSTGRES_VERSION:
        raise CopyError(f"the PostgreSQL schema {schema} is at version {version}; this tool copies into version "
                        f"{POSTGRES_VERSION} (run `switchboard migrate --config <postgres config>` first)")
    for table, _, _ in TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        if cursor.fetchone()[0]:
            raise CopyError(f"the PostgreSQL schema {schema} already holds data (table {table}); copy into an empty one")


def copy_table(source, cursor, table, columns, order):
    from psycopg2.extras import execute_values

    rows = source.execute(f"SELECT {columns} FROM {SOURCE_TABLES.get(table, table)} ORDER BY {order}")
    insert = f"INSERT INTO {table} ({TARGET_COLUMNS.get(table, columns)}) VALUES %s"
    if table == "conversations":
        # Identity columns take explicit values only when told to.
        insert = insert.replace(" VALUES %s", " OVERRIDING SYSTEM VALUE VALUES %s")
    booleans = BOOLEAN_COLUMNS.get(table, [])
    copied = 0
    while True:
        batch = rows.fetchmany(BATCH)
        if not batch:
            return copied
        if booleans:
            batch = [tuple(bool(v) if i in booleans else v for i, v in enumerate(row)) for row in batch]
        execute_values(cursor, insert, batch, page_size=BATCH)
        copied += len(batch)


def copy(sqlite_path, postgres_url, schema):
    import psycopg2

    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    try:
        check_sqlite(source)
        target = psycopg2.connect(postgres_url)
        try:
            # One transaction: committed when the block ends normally, rolled back otherwise.
            with target, target.cursor() as cursor:
                check_postgres(cursor, schema)
                counts = {}
                for table, columns, order in TABLES:
                    counts[table] = copy_table(source, cursor, table, columns, order)
                    cursor.execute(f"SELECT count(*) FROM {table}")
                    stored = cursor.fetchone()[0]
                    if stored != counts[table]:
                        raise CopyError(f"{table}: {counts[table]} rows read but {stored} stored")
                cursor.execute("SELECT setval(pg_get_serial_sequence('conversations', 'created_order'),"
                               " coalesce(max(created_order), 0) + 1, false) FROM conversations")
            return counts
        finally:
            target.close()
    finally:
        source.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", required=True, help="storage.sqlite's database file (its option path)")
    parser.add_argument("--postgres", required=True, help="storage.postgres's url")
    parser.add_argument("--schema", default="switchboard", help="storage.postgres's schema (default: switchboard)")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.schema):
        parser.error(f"--schema must be lower-case letters, digits and '_' (not first), not '{args.schema}'")
    try:
        counts = copy(args.sqlite, args.postgres, args.schema)
    except (CopyError, sqlite3.Error) as e:
        sys.exit(f"sqlite_to_postgres: {e}")
    except Exception as e:  # psycopg2's errors, without a traceback
        if type(e).__module__.startswith("psycopg2"):
            sys.exit(f"sqlite_to_postgres: PostgreSQL: {str(e).strip()}")
        raise
    for table, _, _ in TABLES:
        print(f"{table}: {counts[table]} rows")
    print(f"copied {args.sqlite} into schema {args.schema}")


if __name__ == "__main__":
    main()
