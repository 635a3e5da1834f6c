"""Moving from storage.sqlite to storage.postgres with
plugins/storage-postgres/tools/sqlite_to_postgres.py: the server on SQLite
fills its database through the protocol, the tool copies it into a migrated
PostgreSQL schema, and the server on PostgreSQL carries on exactly where the
SQLite one stopped. Needs SB_E2E_POSTGRES_URL."""

import http.client
import json
import os
import sqlite3
import subprocess
import sys
import unittest

from harness import POSTGRES_URL, Server, login, postgres_sql, register

# Notifications wait ten minutes before they are due: the copy finds them queued.
PUSH_YAML = "push:\n  read_cancel_delay: 10m\n"
OUTBOX_COLUMNS = ("entry_id, user_id, device_id, category, conversation_id, seq, call_id, payload_json, due_at, "
                  "attempts, created_at")

TOOL = os.environ.get("SB_COPY_TOOL", os.path.join(os.path.dirname(__file__),
                                                   "../../plugins/storage-postgres/tools/sqlite_to_postgres.py"))


def http_request(server, method, path, token, body=None, headers=None):
    """(status, body) of one request to the server's transport.http."""
    connection = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=10)
    try:
        connection.request(method, path, body=body, headers={"Authorization": "Bearer " + token, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


async def snapshot(clients):
    """What each user sees: conversation list, every history, devices and blocks."""
    seen = {}
    for name, client in clients.items():
        listed = (await client.call("conversation.list"))["conversations"]
        histories = {c["conversation_id"]: (await client.call("message.history",
                                                              {"conversation_id": c["conversation_id"],
                                                               "limit": 100}))["messages"]
                     for c in listed}
        seen[name] = {"list": listed, "histories": histories,
                      "devices": (await client.call("device.list"))["devices"],
                      "blocked": (await client.call("user.blocked"))["user_ids"]}
    return seen


class SqliteToPostgres(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        # Attachments' files stay in the data directory: the server on PostgreSQL keeps using it.
        self.sqlite = Server(storage="sqlite", http_options={}, extra_yaml=PUSH_YAML)
        self.postgres = Server(storage="postgres", http_options={}, data_dir=self.sqlite.data_dir, extra_yaml=PUSH_YAML)

    def tearDown(self):
        self.sqlite.close()
        self.postgres.close()

    def copy(self):
        return subprocess.run([sys.executable, TOOL, "--sqlite", os.path.join(self.sqlite.data_dir, "switchboard.db"),
                               "--postgres", POSTGRES_URL, "--schema", self.postgres.postgres_schema],
                              capture_output=True, text=True, timeout=120)

    async def fill_sqlite(self):
        self.sqlite.start()
        alice = await register(self.sqlite, "alice", display_name="Alice Liddell")
        bob = await register(self.sqlite, "bob")
        carol = await register(self.sqlite, "carol")
        dm = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        group = (await carol.call("conversation.create", {"type": "group", "title": "Trio",
                                                          "members": [alice.user_id, bob.user_id]}))["conversation_id"]
        for i in range(5):
            await alice.call("message.send", {"conversation_id": dm, "client_msg_id": f"a{i}", "body": f"dm {i}"})
        await bob.call("message.send", {"conversation_id": dm, "client_msg_id": "b0", "body": "reply é 🎉"})
        for i in range(3):
            await carol.call("message.send", {"conversation_id": group, "client_msg_id": f"c{i}", "body": f"g {i}"})
        await alice.call("message.send", {"conversation_id": group, "body": "no client id", "reply_to_seq": 2})
        await bob.call("receipt.read", {"conversation_id": dm, "seq": 3})
        await carol.call("receipt.delivered", {"conversation_id": group, "seq": 4})
        await bob.call("reaction.add", {"conversation_id": dm, "seq": 1, "emoji": "👍"})
        await alice.call("message.edit", {"conversation_id": dm, "seq": 2, "body": "dm 1, edited"})
        await alice.call("message.delete", {"conversation_id": dm, "seq": 4})
        status, body = http_request(self.sqlite, "POST", "/v1/attachments", alice.tokens["token"], b"meeting notes",
                                    {"Content-Type": "text/plain", "X-Filename": "notes.txt"})
        self.assertEqual(status, 201, body)
        self.attachment_id = json.loads(body)["attachment_id"]
        await alice.call("message.send", {"conversation_id": group, "client_msg_id": "a-notes", "body": "notes",
                                          "attachments": [self.attachment_id]})
        await alice.call("device.register", {"provider": "log", "token": "push-token-1", "device_id": "phone"})
        await bob.call("conversation.notifications", {"conversation_id": group, "level": "mentions"})
        await alice.call("conversation.notifications", {"conversation_id": dm, "level": "all",
                                                        "muted_until": 4102444800000})
        await bob.call("user.block", {"user_id": carol.user_id})
        await alice.call("user.report", {"user_id": carol.user_id, "reason": "testing reports"})
        clients = {"alice": alice, "bob": bob, "carol": carol}
        before = await snapshot(clients)
        refresh_tokens = {name: c.tokens["refresh_token"] for name, c in clients.items()}
        for client in clients.values():
            await client.close()
        self.assertEqual(self.sqlite.stop(), 0, self.sqlite.logs())
        return before, refresh_tokens, dm, group

    async def test_the_server_on_postgres_carries_on_where_the_sqlite_one_stopped(self):
        before, refresh_tokens, dm, group = await self.fill_sqlite()

        with sqlite3.connect(os.path.join(self.sqlite.data_dir, "switchboard.db")) as db:
            outbox = db.execute(f"SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY entry_id").fetchall()
        self.assertGreater(len(outbox), 0, "no notification was left queued")

        migrated = self.postgres.command("migrate")
        self.assertEqual(migrated.returncode, 0, migrated.stderr)
        copied = self.copy()
        self.assertEqual(copied.returncode, 0, copied.stdout + copied.stderr)
        for line in ("users: 3 rows", "conversations: 2 rows", "members: 5 rows", "messages: 11 rows",
                     "reactions: 1 rows", "devices: 1 rows", "blocks: 1 rows", "reports: 1 rows",
                     "attachments: 1 rows", "message_attachments: 1 rows", f"outbox: {len(outbox)} rows",
                     "notify_settings: 2 rows"):
            self.assertIn(line, copied.stdout)
        schema = self.postgres.postgres_schema
        self.assertEqual(postgres_sql(f"SELECT {OUTBOX_COLUMNS} FROM {schema}.outbox ORDER BY entry_id"), outbox)

        self.postgres.start()
        clients = {name: await login(self.postgres, name) for name in ("alice", "bob", "carol")}  # same passwords
        after = await snapshot(clients)
        self.assertEqual(after, before)
        self.assertEqual([c["conversation_id"] for c in after["bob"]["list"]], [group, dm])  # most recent first
        bobs_dm = after["bob"]["list"][1]
        self.assertEqual((bobs_dm["last_seq"], bobs_dm["read_seq"], bobs_dm["unread"]), (6, 3, 1))  # 4 is deleted
        self.assertEqual(len(after["alice"]["histories"][dm][0]["reactions"]), 1)
        self.assertEqual([a["attachment_id"] for a in after["bob"]["histories"][group][-1]["attachments"]],
                         [self.attachment_id])
        # Bob may read the attachment because it was sent where he is a member: a check PostgreSQL now makes.
        status, body = http_request(self.postgres, "GET", f"/v1/attachments/{self.attachment_id}",
                                    clients["bob"].tokens["token"])
        self.assertEqual((status, body), (200, b"meeting notes"))
        # Notification settings came along.
        self.assertEqual((await clients["bob"].call("conversation.notifications", {"conversation_id": group}))["level"],
                         "mentions")
        self.assertEqual((await clients["alice"].call("conversation.notifications",
                                                      {"conversation_id": dm}))["muted_until"], 4102444800000)

        # The refresh tokens issued on SQLite still work, once.
        refreshed = await clients["carol"].call("auth.refresh", {"refresh_token": refresh_tokens["carol"]})
        self.assertEqual(refreshed["user_id"], clients["carol"].user_id)
        self.assertEqual(await clients["carol"].error_of("auth.refresh", {"refresh_token": refresh_tokens["carol"]}),
                         "unauthorized")

        # seq continues without a gap; a resent client_msg_id is still known; the direct pair is still unique.
        sent = await clients["bob"].call("message.send", {"conversation_id": dm, "client_msg_id": "b1", "body": "on pg"})
        self.assertEqual(sent["seq"], 7)
        resent = await clients["alice"].call("message.send", {"conversation_id": dm, "client_msg_id": "a0",
                                                              "body": "dm 0"})
        self.assertTrue(resent.get("duplicate"))
        self.assertEqual(resent["seq"], 1)
        again = await clients["alice"].call("conversation.create", {"type": "direct",
                                                                    "members": [clients["bob"].user_id]})
        self.assertEqual(again["conversation_id"], dm)
        self.assertFalse(again["created"])
        for client in clients.values():
            await client.close()

    async def test_the_copy_refuses_an_unmigrated_or_non_empty_schema(self):
        await self.fill_sqlite()
        unmigrated = self.copy()
        self.assertEqual(unmigrated.returncode, 1)
        self.assertIn(f"sqlite_to_postgres: PostgreSQL has no schema {self.postgres.postgres_schema}: "
                      "run `switchboard migrate --config <postgres config>` first", unmigrated.stderr)
        self.assertEqual(self.postgres.command("migrate").returncode, 0)
        self.assertEqual(self.copy().returncode, 0)
        twice = self.copy()
        self.assertEqual(twice.returncode, 1)
        self.assertIn("already holds data (table users); copy into an empty one", twice.stderr)


if __name__ == "__main__":
    unittest.main()
