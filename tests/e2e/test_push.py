"""Push notifications end to end (docs/push.md): the real daemon with push.log
writing every notification it sends to a file, one JSON line each; the tests
count those lines."""

import asyncio
import collections
import json
import os
import tempfile
import time
import unittest

from harness import Client, Server, ServerTestCase, register

PUSH_YAML = """push:
  read_cancel_delay: {delay}
  poll_interval: 50ms
  backoff_base: 100ms
"""


async def on_device(server, user, device_id):
    """Another connection of `user`, authenticated as device `device_id`."""
    c = await Client.connect(server)
    await c.call("auth", {"token": user.tokens["token"], "device_id": device_id})
    c.user_id = user.user_id
    c.tokens = user.tokens
    return c


class PushTestCase(ServerTestCase):
    """alice and bob in a direct conversation; bob's phone is registered with
    provider fcm (no push.fcm is loaded, so push.log takes it)."""

    read_cancel_delay = "1s"

    def setUp(self):
        self.push_dir = tempfile.TemporaryDirectory(prefix="sb-push-")
        self.push_file = os.path.join(self.push_dir.name, "push.jsonl")
        self.server = Server(
            extra_yaml=PUSH_YAML.format(delay=self.read_cancel_delay),
            extra_plugins_yaml=f"  - id: push.log\n    config:\n      file: {json.dumps(self.push_file)}\n").start()

    def tearDown(self):
        super().tearDown()
        self.push_dir.cleanup()

    async def asyncSetUp(self):
        self.alice = await register(self.server, "alice", display_name="Alice A.")
        self.bob = await register(self.server, "bob")
        self.clients = [self.alice, self.bob]
        await self.bob.call("device.register", {"provider": "fcm", "token": "bob-fcm-token", "device_id": "phone"})
        created = await self.alice.call("conversation.create", {"type": "direct", "members": [self.bob.user_id]})
        self.cid = created["conversation_id"]

    async def asyncTearDown(self):
        for c in self.clients:
            await c.close()

    def pushes(self):
        try:
            with open(self.push_file) as f:
                return [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []

    async def wait_pushes(self, count, timeout=10.0, settle=1.0):
        """The lines once there are `count`, after `settle` more seconds to catch extra ones."""
        deadline = time.time() + timeout
        while len(self.pushes()) < count and time.time() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(settle)
        return self.pushes()

    async def send(self, text, cid=None, **extra):
        data = {"conversation_id": cid or self.cid, "client_msg_id": os.urandom(6).hex(), "body": text}
        data.update(extra)
        return await self.alice.call("message.send", data)

    async def user(self, name):
        c = await register(self.server, name)
        self.clients.append(c)
        return c


class Messages(PushTestCase):
    async def test_offline_recipient_gets_exactly_one_with_the_badge(self):
        await self.bob.close()  # bob's web session had no device id; now bob is offline altogether
        first = await self.send("first")
        pushes = await self.wait_pushes(1)
        self.assertEqual(len(pushes), 1, pushes)
        p = pushes[0]
        self.assertEqual(p["id"], f"{first['message_id']}:{self.bob.user_id}/phone")
        self.assertEqual(p["user_id"], self.bob.user_id)
        self.assertEqual(p["device_id"], "phone")
        self.assertEqual(p["provider"], "fcm")
        self.assertEqual(p["category"], "message")
        self.assertEqual(p["priority"], "normal")
        self.assertEqual(p["title"], "Alice A.")
        self.assertEqual(p["body"], "first")
        self.assertEqual(p["collapse_key"], self.cid)
        self.assertEqual(p["badge"], 1)
        self.assertEqual(p["data"]["event"], "message.new")
        self.assertEqual(p["data"]["seq"], first["seq"])
        self.assertEqual(p["data"]["sender_id"], self.alice.user_id)

        await self.send("second")
        pushes = await self.wait_pushes(2)
        self.assertEqual(len(pushes), 2, pushes)
        self.assertEqual(pushes[1]["badge"], 2)  # unread messages over all of bob's conversations

    async def test_resent_message_queues_nothing_new(self):
        data = {"conversation_id": self.cid, "client_msg_id": "same", "body": "once"}
        await self.alice.call("message.send", data)
        again = await self.alice.call("message.send", data)
        self.assertTrue(again["duplicate"])
        self.assertEqual(len(await self.wait_pushes(1)), 1)

    async def test_live_device_gets_none_and_a_backgrounded_one_does(self):
        phone = await on_device(self.server, self.bob, "phone")
        self.clients.append(phone)
        await self.send("you are looking at it")
        await phone.event("message.new")
        self.assertEqual(await self.wait_pushes(1, timeout=2.0), [])

        self.assertEqual(await phone.call("device.state", {"state": "background"}), {"state": "background"})
        await self.send("app in the background")
        pushes = await self.wait_pushes(1)
        self.assertEqual([p["body"] for p in pushes], ["app in the background"])

    async def test_read_on_another_device_within_the_delay_cancels(self):
        web = await on_device(self.server, self.bob, "web")
        self.clients.append(web)
        sent = await self.send("read me on the web")
        await web.event("message.new")
        await web.call("receipt.read", {"conversation_id": self.cid, "seq": sent["seq"]})
        self.assertEqual(await self.wait_pushes(1, timeout=2.5), [])

    async def test_muted_conversation_gets_none(self):
        r = await self.bob.call("conversation.notifications",
                                {"conversation_id": self.cid, "level": "all",
                                 "muted_until": int(time.time() * 1000) + 3_600_000})
        self.assertEqual(r["level"], "all")
        await self.send("shh")
        self.assertEqual(await self.wait_pushes(1, timeout=2.5), [])
        r = await self.bob.call("conversation.notifications", {"conversation_id": self.cid})
        self.assertGreater(r["muted_until"], 0)

    async def test_mention_only_group_pushes_only_mentions(self):
        carol = await self.user("carol")
        await carol.call("device.register", {"provider": "apns", "token": "carol-apns", "device_id": "iphone",
                                             "environment": "sandbox"})
        group = await self.alice.call("conversation.create", {"type": "group", "title": "Climbing",
                                                              "members": [self.bob.user_id, carol.user_id]})
        gid = group["conversation_id"]
        for member in (self.bob, carol):
            await member.call("conversation.notifications", {"conversation_id": gid, "level": "mentions"})
        await self.bob.close()
        await carol.close()
        await self.send("nobody in particular", cid=gid)
        await self.send("carol, look", cid=gid, mentions=[carol.user_id])
        pushes = await self.wait_pushes(1)
        self.assertEqual(len(pushes), 1, pushes)
        self.assertEqual(pushes[0]["user_id"], carol.user_id)
        self.assertEqual(pushes[0]["provider"], "apns")
        self.assertEqual(pushes[0]["title"], "Climbing")
        self.assertEqual(pushes[0]["body"], "Alice A.: carol, look")
        self.assertEqual(pushes[0]["device_extra"], {"environment": "sandbox"})

    async def test_bad_input(self):
        self.assertEqual((await self.bob.error_of("device.state", {"state": "asleep"})), "bad_request")
        self.assertEqual((await self.bob.error_of("conversation.notifications",
                                                  {"conversation_id": self.cid, "level": "loud"})), "bad_request")
        self.assertEqual((await self.bob.error_of("conversation.notifications",
                                                  {"conversation_id": self.cid, "level": "all",
                                                   "muted_until": "soon"})), "bad_request")
        self.assertEqual((await self.alice.error_of("message.send",
                                                    {"conversation_id": self.cid, "body": "x",
                                                     "mentions": ["u_nobody"]})), "bad_request")
        outsider = await self.user("mallory")
        self.assertEqual((await outsider.error_of("conversation.notifications",
                                                  {"conversation_id": self.cid, "level": "none"})), "forbidden")


class Restart(PushTestCase):
    read_cancel_delay = "3s"

    async def test_kill9_with_queued_notifications_delivers_each_exactly_once(self):
        await self.bob.close()
        sent = [await self.send(f"message {i}") for i in range(5)]
        self.server.kill9()  # every notification is still waiting out the read-cancel delay
        self.assertEqual(self.pushes(), [])
        self.server.start()
        pushes = await self.wait_pushes(5, timeout=15.0, settle=2.0)
        counts = collections.Counter(p["id"] for p in pushes)
        self.assertEqual(sorted(counts), sorted(f"{s['message_id']}:{self.bob.user_id}/phone" for s in sent))
        self.assertEqual(set(counts.values()), {1}, counts)


class Calls(PushTestCase):
    async def test_incoming_call_to_an_offline_callee_then_dismissed_when_cancelled(self):
        await self.bob.close()
        invited = await self.alice.call("call.invite", {"conversation_id": self.cid, "media": "video"})
        call_id = invited["call_id"]
        pushes = await self.wait_pushes(1, settle=0.3)
        self.assertEqual(len(pushes), 1, pushes)
        ring = pushes[0]
        self.assertEqual(ring["category"], "call")
        self.assertEqual(ring["priority"], "high")
        self.assertEqual(ring["ttl_seconds"], 30)
        self.assertEqual(ring["call_id"], call_id)
        self.assertEqual(ring["collapse_key"], call_id)
        self.assertEqual(ring["title"], "Alice A.")
        self.assertEqual(ring["body"], "Incoming video call")
        self.assertEqual(ring["data"]["caller_id"], self.alice.user_id)

        await self.alice.call("call.cancel", {"call_id": call_id})
        pushes = await self.wait_pushes(3)
        # The dismissal and the missed-call notification are due together: either may go first.
        self.assertEqual(pushes[0]["category"], "call")
        after = {p["category"]: p for p in pushes[1:]}
        self.assertEqual(sorted(after), ["call_dismiss", "missed_call"], pushes)
        self.assertEqual(after["call_dismiss"]["device_id"], "phone")
        self.assertEqual(after["call_dismiss"]["data"]["reason"], "cancelled")
        self.assertEqual(after["missed_call"]["body"], "Missed video call")


if __name__ == "__main__":
    unittest.main()
