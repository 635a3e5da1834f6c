"""Chat end to end over WebSocket against the real daemon (SQLite storage)."""

import asyncio
import unittest

from harness import Client, ServerTestCase, register, login


class TwoUsersChat(ServerTestCase):
    async def test_direct_chat_both_ways_with_history_and_receipts(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        conv = await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]})
        cid = conv["conversation_id"]
        self.assertTrue(conv["created"])
        again = await bob.call("conversation.create", {"type": "direct", "members": [alice.user_id]})
        self.assertEqual(again["conversation_id"], cid, "direct is idempotent per pair")
        self.assertFalse(again["created"])

        sent = await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "a1", "body": "hi bob"})
        self.assertEqual(sent["seq"], 1)
        new = await bob.event("message.new")
        self.assertEqual(new["body"], "hi bob")
        self.assertEqual(new["sender_id"], alice.user_id)
        self.assertEqual(new["seq"], 1)
        self.assertEqual(new["client_msg_id"], "a1")
        self.assertEqual(new["message_id"], sent["message_id"])

        reply = await bob.call("message.send", {"conversation_id": cid, "client_msg_id": "b1", "body": "hello alice"})
        self.assertEqual(reply["seq"], 2)
        self.assertEqual((await alice.event("message.new"))["body"], "hello alice")

        hist = await alice.call("message.history", {"conversation_id": cid, "limit": 10})
        self.assertEqual([m["seq"] for m in hist["messages"]], [1, 2])

        listed = await bob.call("conversation.list")
        row = next(c for c in listed["conversations"] if c["conversation_id"] == cid)
        self.assertEqual(row["last_seq"], 2)
        self.assertEqual(row["unread"], 1, "alice's message is unread for bob")
        await bob.call("receipt.read", {"conversation_id": cid, "seq": 2})
        receipt = await alice.event("receipt")
        self.assertEqual(receipt["user_id"], bob.user_id)
        self.assertEqual(receipt["read_seq"], 2)
        listed = await bob.call("conversation.list")
        self.assertEqual(next(c for c in listed["conversations"] if c["conversation_id"] == cid)["unread"], 0)

    async def test_message_goes_to_senders_other_devices(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        alice_phone = await login(self.server, "alice")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "x", "body": "sync me"})
        self.assertEqual((await alice_phone.event("message.new"))["body"], "sync me")
        self.assertEqual((await bob.event("message.new"))["body"], "sync me")
        await alice.no_event("message.new", within=0.3)

    async def test_non_member_is_refused(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        eve = await register(self.server, "eve")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        await alice.call("message.send", {"conversation_id": cid, "body": "secret"})
        self.assertEqual(await eve.error_of("message.send", {"conversation_id": cid, "body": "let me in"}), "forbidden")
        self.assertEqual(await eve.error_of("message.history", {"conversation_id": cid}), "forbidden")
        self.assertEqual(await eve.error_of("receipt.read", {"conversation_id": cid, "seq": 1}), "forbidden")
        self.assertEqual(await eve.error_of("conversation.get", {"conversation_id": cid}), "forbidden")
        await eve.no_event("message.new", within=0.3)
        hist = await bob.call("message.history", {"conversation_id": cid})
        self.assertEqual([m["body"] for m in hist["messages"]], ["secret"])

    async def test_resent_client_msg_id_is_stored_once(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        first = await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "dup-1", "body": "once"})
        await bob.event("message.new")
        second = await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "dup-1", "body": "once"})
        self.assertEqual(second["message_id"], first["message_id"])
        self.assertEqual(second["seq"], first["seq"])
        self.assertTrue(second.get("duplicate"))
        await bob.no_event("message.new", within=0.3)
        hist = await bob.call("message.history", {"conversation_id": cid})
        self.assertEqual(len(hist["messages"]), 1)
        third = await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "dup-2", "body": "next"})
        self.assertEqual(third["seq"], 2, "seq stays gap-free after a duplicate")


class Reconnect(ServerTestCase):
    async def test_reconnecting_client_gets_exactly_what_it_missed(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        for i in range(3):
            await alice.call("message.send", {"conversation_id": cid, "client_msg_id": f"m{i}", "body": f"seen {i}"})
        for i in range(3):
            await bob.event("message.new")
        listed = await bob.call("conversation.list")
        seen_seq = next(c for c in listed["conversations"] if c["conversation_id"] == cid)["last_seq"]
        await bob.close()

        for i in range(5):
            await alice.call("message.send", {"conversation_id": cid, "client_msg_id": f"n{i}", "body": f"missed {i}"})

        bob = await login(self.server, "bob")
        listed = await bob.call("conversation.list")
        last_seq = next(c for c in listed["conversations"] if c["conversation_id"] == cid)["last_seq"]
        self.assertEqual(last_seq, seen_seq + 5)
        missed = await bob.call("message.history", {"conversation_id": cid, "after_seq": seen_seq, "limit": 50})
        self.assertEqual([m["body"] for m in missed["messages"]], [f"missed {i}" for i in range(5)])
        self.assertEqual([m["seq"] for m in missed["messages"]], list(range(seen_seq + 1, seen_seq + 6)))

    async def test_history_pages_backwards_without_gaps(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        for i in range(25):
            await alice.call("message.send", {"conversation_id": cid, "client_msg_id": str(i), "body": str(i)})
        page = await bob.call("message.history", {"conversation_id": cid, "limit": 10})
        seqs = [m["seq"] for m in page["messages"]]
        self.assertEqual(seqs, list(range(16, 26)))
        while seqs[0] > 1:
            page = await bob.call("message.history", {"conversation_id": cid, "before_seq": seqs[0], "limit": 10})
            older = [m["seq"] for m in page["messages"]]
            self.assertEqual(older[-1], seqs[0] - 1)
            seqs = older + seqs
        self.assertEqual(seqs, list(range(1, 26)))

    async def test_history_after_seq_0_starts_at_the_first_message(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        for i in range(7):
            await alice.call("message.send", {"conversation_id": cid, "client_msg_id": str(i), "body": str(i)})
        seqs = []
        while True:
            page = await bob.call("message.history",
                                  {"conversation_id": cid, "after_seq": seqs[-1] if seqs else 0, "limit": 3})
            if not page["messages"]:
                break
            seqs += [m["seq"] for m in page["messages"]]
        self.assertEqual(seqs, list(range(1, 8)))


class CrashRecovery(ServerTestCase):
    async def test_kill_9_after_acks_loses_nothing(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        acked = await asyncio.gather(*[
            alice.call("message.send", {"conversation_id": cid, "client_msg_id": f"k{i}", "body": f"durable {i}"})
            for i in range(200)
        ])
        self.server.kill9()
        self.server.start()
        bob = await login(self.server, "bob")
        hist = await bob.call("message.history", {"conversation_id": cid, "limit": 200})
        stored = {m["message_id"]: m["seq"] for m in hist["messages"]}
        for a in acked:
            self.assertEqual(stored.get(a["message_id"]), a["seq"])
        self.assertEqual(sorted(stored.values()), list(range(1, 201)))
        nxt = await bob.call("message.send", {"conversation_id": cid, "client_msg_id": "after", "body": "after restart"})
        self.assertEqual(nxt["seq"], 201)

    async def test_sigterm_drains_and_exits_zero(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        sends = [asyncio.ensure_future(alice.call("message.send", {"conversation_id": cid, "client_msg_id": f"t{i}",
                                                                      "body": "in flight"}, expect_ok=False))
                 for i in range(50)]
        await asyncio.sleep(0.01)
        code = self.server.stop()
        self.assertEqual(code, 0, self.server.logs())
        results = await asyncio.gather(*sends, return_exceptions=True)
        acked = [r for r in results if isinstance(r, dict) and "seq" in r]
        self.server.start()
        bob = await login(self.server, "bob")
        hist = await bob.call("message.history", {"conversation_id": cid, "limit": 100})
        stored = {m["message_id"] for m in hist["messages"]}
        for a in acked:
            self.assertIn(a["message_id"], stored)


if __name__ == "__main__":
    unittest.main()
