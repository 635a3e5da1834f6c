"""Groups, edits, reactions, typing, presence, blocking, search and reports."""

import asyncio
import unittest

from harness import Client, ServerTestCase, login, register


class Groups(ServerTestCase):
    async def test_group_roles_members_and_fanout(self):
        owner = await register(self.server, "owner")
        ann = await register(self.server, "ann")
        ben = await register(self.server, "ben")
        cat = await register(self.server, "cat")
        g = await owner.call("conversation.create", {"type": "group", "title": "Team",
                                                     "members": [ann.user_id, ben.user_id]})
        cid = g["conversation_id"]
        roles = {m["user_id"]: m["role"] for m in g["conversation"]["members"]}
        self.assertEqual(roles[owner.user_id], "owner")
        self.assertEqual(roles[ann.user_id], "member")
        self.assertEqual((await ann.event("conversation.new"))["conversation"]["conversation_id"], cid)

        await owner.call("message.send", {"conversation_id": cid, "body": "welcome"})
        for c in (ann, ben):
            self.assertEqual((await c.event("message.new"))["body"], "welcome")
        self.assertEqual(await cat.error_of("message.send", {"conversation_id": cid, "body": "x"}), "forbidden")

        self.assertEqual(await ann.error_of("conversation.add_members",
                                            {"conversation_id": cid, "user_ids": [cat.user_id]}), "forbidden")
        await owner.call("conversation.set_role", {"conversation_id": cid, "user_id": ann.user_id, "role": "admin"})
        await ann.call("conversation.add_members", {"conversation_id": cid, "user_ids": [cat.user_id]})
        updated = await cat.event("conversation.updated")
        self.assertIn(cat.user_id, [m["user_id"] for m in updated["conversation"]["members"]])
        await ann.call("message.send", {"conversation_id": cid, "body": "hi cat"})
        self.assertEqual((await cat.event("message.new"))["body"], "hi cat")

        self.assertEqual(await ann.error_of("conversation.remove_member",
                                            {"conversation_id": cid, "user_id": owner.user_id}), "forbidden")
        await ann.call("conversation.remove_member", {"conversation_id": cid, "user_id": ben.user_id})
        self.assertEqual(await ben.error_of("message.history", {"conversation_id": cid}), "forbidden")

        await owner.call("conversation.update", {"conversation_id": cid, "title": "Renamed"})
        self.assertEqual((await cat.event("conversation.updated",
                                          lambda d: d["conversation"].get("title") == "Renamed"))["conversation"]["title"],
                         "Renamed")

        await owner.call("conversation.leave", {"conversation_id": cid})
        conv = await ann.call("conversation.get", {"conversation_id": cid})
        roles = {m["user_id"]: m["role"] for m in conv["members"]}
        self.assertNotIn(owner.user_id, roles)
        self.assertEqual(roles[ann.user_id], "owner", "the admin inherits the group")

    async def test_unknown_member_and_direct_rules(self):
        a = await register(self.server, "alpha")
        self.assertEqual(await a.error_of("conversation.create", {"type": "direct", "members": ["u_nobody"]}),
                         "not_found")
        self.assertEqual(await a.error_of("conversation.create", {"type": "direct", "members": []}), "bad_request")
        self.assertEqual(await a.error_of("conversation.create", {"type": "channel", "members": []}), "bad_request")


class Messages(ServerTestCase):
    async def asyncSetUp(self):
        self.alice = await register(self.server, "alice")
        self.bob = await register(self.server, "bob")
        conv = await self.alice.call("conversation.create", {"type": "direct", "members": [self.bob.user_id]})
        self.cid = conv["conversation_id"]

    async def test_edit_delete_reply_and_reactions(self):
        m1 = await self.alice.call("message.send", {"conversation_id": self.cid, "body": "helo"})
        await self.bob.event("message.new")
        edited = await self.alice.call("message.edit", {"conversation_id": self.cid, "seq": m1["seq"], "body": "hello"})
        self.assertEqual(edited["body"], "hello")
        ev = await self.bob.event("message.edited")
        self.assertEqual(ev["body"], "hello")
        self.assertIn("edited_at", ev)
        self.assertEqual(await self.bob.error_of("message.edit", {"conversation_id": self.cid, "seq": m1["seq"],
                                                                  "body": "hijack"}), "forbidden")

        r = await self.bob.call("message.send", {"conversation_id": self.cid, "body": "hi!", "reply_to_seq": m1["seq"]})
        new = await self.alice.event("message.new")
        self.assertEqual(new["reply_to_seq"], m1["seq"])

        await self.bob.call("reaction.add", {"conversation_id": self.cid, "seq": m1["seq"], "emoji": "👍"})
        reaction = await self.alice.event("reaction")
        self.assertEqual(reaction["emoji"], "👍")
        self.assertEqual(reaction["action"], "add")
        hist = await self.alice.call("message.history", {"conversation_id": self.cid})
        self.assertEqual(hist["messages"][0]["reactions"], [{"user_id": self.bob.user_id, "emoji": "👍"}])
        await self.bob.call("reaction.remove", {"conversation_id": self.cid, "seq": m1["seq"], "emoji": "👍"})
        self.assertEqual((await self.alice.event("reaction"))["action"], "remove")

        self.assertEqual(await self.alice.error_of("message.delete", {"conversation_id": self.cid, "seq": r["seq"]}),
                         "forbidden")
        await self.alice.call("message.delete", {"conversation_id": self.cid, "seq": m1["seq"]})
        gone = await self.bob.event("message.deleted")
        self.assertEqual(gone["seq"], m1["seq"])
        hist = await self.bob.call("message.history", {"conversation_id": self.cid})
        self.assertEqual(hist["messages"][0]["body"], "")
        self.assertIn("deleted_at", hist["messages"][0])
        self.assertEqual([m["seq"] for m in hist["messages"]], [1, 2], "a deleted message keeps its seq")


class TypingAndPresence(ServerTestCase):
    server_options = {"extra_yaml": "chat:\n  typing_ttl: 400ms\n  presence_grace: 200ms\n"}

    async def test_typing_reaches_the_other_member_and_expires(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        await alice.call("typing", {"conversation_id": cid, "active": True})
        ev = await bob.event("typing")
        self.assertEqual((ev["user_id"], ev["active"]), (alice.user_id, True))
        ev = await bob.event("typing", timeout=3)
        self.assertEqual(ev["active"], False, "typing expires without a refresh")
        await alice.no_event("typing", within=0.2)

    async def test_presence_online_offline_and_last_seen(self):
        alice = await register(self.server, "alice")
        bob = await register(self.server, "bob")
        stranger = await register(self.server, "stranger")
        await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]})
        sub = await alice.call("presence.subscribe", {"user_ids": [bob.user_id, stranger.user_id]})
        self.assertEqual([p["user_id"] for p in sub["presence"]], [bob.user_id])
        self.assertTrue(sub["presence"][0]["online"])
        self.assertEqual(sub["denied"], [stranger.user_id])
        await bob.close()
        ev = await alice.event("presence", timeout=3)
        self.assertEqual((ev["user_id"], ev["online"]), (bob.user_id, False))
        self.assertGreater(ev["last_seen_at"], 0)
        bob = await login(self.server, "bob")
        ev = await alice.event("presence", timeout=3)
        self.assertTrue(ev["online"])


class Users(ServerTestCase):
    async def test_search_block_and_report(self):
        alice = await register(self.server, "alice", display_name="Alice Liddell")
        bob = await register(self.server, "bob")
        found = await bob.call("user.search", {"query": "lidd"})
        self.assertEqual([u["user_id"] for u in found["users"]], [alice.user_id])
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        await bob.call("user.block", {"user_id": alice.user_id})
        self.assertEqual(await alice.error_of("message.send", {"conversation_id": cid, "body": "hey"}), "forbidden")
        self.assertEqual(await bob.error_of("message.send", {"conversation_id": cid, "body": "hey"}), "forbidden")
        self.assertEqual((await bob.call("user.blocked"))["user_ids"], [alice.user_id])
        rep = await bob.call("user.report", {"user_id": alice.user_id, "reason": "spam"})
        self.assertTrue(rep["report_id"])
        await bob.call("user.unblock", {"user_id": alice.user_id})
        await alice.call("message.send", {"conversation_id": cid, "body": "hello again"})
        self.assertEqual((await bob.event("message.new"))["body"], "hello again")


if __name__ == "__main__":
    unittest.main()
