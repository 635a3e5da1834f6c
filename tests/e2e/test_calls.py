"""1:1 calls end to end: the real daemon, two or three WebSocket clients per
test, every way a call can go (docs/calls.md)."""

import asyncio
import os
import unittest

from harness import Client, Server, ServerTestCase, register


async def on_device(server, user, device_id):
    """Another connection of `user`, authenticated as device `device_id`."""
    c = await Client.connect(server)
    await c.call("auth", {"token": user.tokens["token"], "device_id": device_id})
    c.user_id = user.user_id
    c.tokens = user.tokens
    return c


def calls_yaml(**options):
    return "calls:\n" + "".join(f"  {k}: {v}\n" for k, v in options.items())


class CallTestCase(ServerTestCase):
    """alice (device a1) and bob on two devices (b1, b2), with a direct conversation."""

    async def asyncSetUp(self):
        alice = await register(self.server, "alice", display_name="Alice A.")
        bob = await register(self.server, "bob")
        self.alice = await on_device(self.server, alice, "a1")
        self.bob = await on_device(self.server, bob, "b1")
        self.bob2 = await on_device(self.server, bob, "b2")
        self.clients = [alice, bob, self.alice, self.bob, self.bob2]
        created = await self.alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]})
        self.cid = created["conversation_id"]

    async def asyncTearDown(self):
        for c in self.clients:
            await c.close()

    async def user(self, name):
        c = await register(self.server, name)
        self.clients.append(c)
        return c

    async def invite(self, media="audio"):
        r = await self.alice.call("call.invite", {"conversation_id": self.cid, "media": media})
        return r["call_id"]

    def is_call(self, call_id):
        return lambda d: d["call_id"] == call_id

    async def history(self, client, **data):
        return (await client.call("call.history", data))["calls"]


class Calls(CallTestCase):
    server_options = {"extra_yaml": calls_yaml(max_signal_bytes="1KiB",
                                               ice_servers="{stun: [\"stun:127.0.0.1:3478\"]}")}

    async def test_ring_accept_signal_hangup(self):
        r = await self.alice.call("call.invite", {"conversation_id": self.cid, "media": "video"})
        call_id = r["call_id"]
        self.assertEqual(r["ice_servers"], [{"urls": ["stun:127.0.0.1:3478"]}])
        for device in (self.bob, self.bob2):
            incoming = await device.event("call.incoming")
            self.assertEqual(incoming["call_id"], call_id)
            self.assertEqual(incoming["caller_id"], self.alice.user_id)
            self.assertEqual(incoming["caller_display_name"], "Alice A.")
            self.assertEqual(incoming["conversation_id"], self.cid)
            self.assertEqual(incoming["media"], "video")
            self.assertNotIn("busy", incoming)
        await self.bob.call("call.ringing", {"call_id": call_id})
        await self.bob2.call("call.ringing", {"call_id": call_id})
        self.assertEqual(await self.alice.event("call.ringing"), {"call_id": call_id})
        await self.alice.no_event("call.ringing", within=0.3)

        accepted = await self.bob.call("call.accept", {"call_id": call_id})
        self.assertEqual(accepted["call_id"], call_id)
        self.assertIn("ice_servers", accepted)
        self.assertEqual(await self.alice.event("call.accepted"),
                         {"call_id": call_id, "user_id": self.bob.user_id, "device_id": "b1"})
        self.assertEqual(await self.bob2.event("call.ended"), {"call_id": call_id, "reason": "answered_elsewhere"})
        self.assertEqual(await self.bob2.error_of("call.accept", {"call_id": call_id}), "conflict")

        offer = {"type": "offer", "sdp": "v=0\r\n"}
        await self.alice.call("call.signal", {"call_id": call_id, "data": offer})
        self.assertEqual(await self.bob.event("call.signal"),
                         {"call_id": call_id, "from": self.alice.user_id, "data": offer})
        await self.bob.call("call.signal", {"call_id": call_id, "data": {"type": "answer", "sdp": "v=0\r\n"}})
        self.assertEqual((await self.alice.event("call.signal"))["data"]["type"], "answer")
        await self.bob2.no_event("call.signal", within=0.2)

        await self.alice.call("call.hangup", {"call_id": call_id})
        self.assertEqual(await self.bob.event("call.ended"), {"call_id": call_id, "reason": "hangup"})
        self.assertEqual(await self.alice.error_of("call.signal", {"call_id": call_id, "data": {}}), "not_found")

        mine = (await self.history(self.alice))[0]
        self.assertEqual(mine["call_id"], call_id)
        self.assertEqual(mine["direction"], "outgoing")
        self.assertEqual(mine["outcome"], "completed")
        self.assertEqual(mine["end_reason"], "hangup")
        self.assertEqual(mine["media"], "video")
        self.assertIsInstance(mine["answered_at"], int)
        self.assertEqual(mine["duration_ms"], mine["ended_at"] - mine["answered_at"])
        theirs = (await self.history(self.bob2))[0]
        self.assertEqual(theirs["direction"], "incoming")
        self.assertEqual(theirs["caller_id"], self.alice.user_id)
        self.assertEqual(theirs["callee_id"], self.bob.user_id)

    async def test_decline(self):
        call_id = await self.invite()
        await self.bob2.event("call.incoming")
        await self.bob2.call("call.reject", {"call_id": call_id, "reason": "declined"})
        self.assertEqual(await self.alice.event("call.ended"), {"call_id": call_id, "reason": "declined"})
        self.assertEqual(await self.bob.event("call.ended"), {"call_id": call_id, "reason": "declined"})
        self.assertEqual((await self.history(self.alice))[0]["outcome"], "declined")

    async def test_cancel(self):
        call_id = await self.invite()
        await self.bob.event("call.incoming")
        self.assertEqual(await self.bob.error_of("call.cancel", {"call_id": call_id}), "forbidden")
        await self.alice.call("call.cancel", {"call_id": call_id})
        for device in (self.bob, self.bob2):
            self.assertEqual(await device.event("call.ended"), {"call_id": call_id, "reason": "cancelled"})
        entry = (await self.history(self.bob))[0]
        self.assertEqual(entry["outcome"], "cancelled")
        self.assertIsNone(entry["answered_at"])
        self.assertEqual(entry["duration_ms"], 0)

    async def test_signal_only_between_the_accepted_sessions(self):
        carol = await self.user("carol")
        call_id = await self.invite()
        self.assertEqual(await self.alice.error_of("call.signal", {"call_id": call_id, "data": {}}), "conflict")
        self.assertEqual(await self.bob.error_of("call.signal", {"call_id": call_id, "data": {}}), "conflict")
        await self.bob.call("call.accept", {"call_id": call_id})
        self.assertEqual(await self.bob2.error_of("call.signal", {"call_id": call_id, "data": {}}), "forbidden")
        self.assertEqual(await carol.error_of("call.signal", {"call_id": call_id, "data": {}}), "forbidden")
        self.assertEqual(await carol.error_of("call.hangup", {"call_id": call_id}), "forbidden")
        self.assertEqual(await carol.error_of("call.accept", {"call_id": call_id}), "forbidden")
        self.assertEqual(await self.alice.error_of("call.signal", {"call_id": call_id, "data": "text"}),
                         "bad_request")
        self.assertEqual(await self.alice.error_of("call.signal",
                                                   {"call_id": call_id, "data": {"sdp": "x" * 2000}}), "too_large")
        await self.alice.call("call.signal", {"call_id": call_id, "data": {"sdp": "x" * 900}})
        self.assertEqual(len((await self.bob.event("call.signal"))["data"]["sdp"]), 900)
        await carol.no_event("call.signal", within=0.2)

    async def test_who_may_call_whom(self):
        carol = await self.user("carol")
        self.assertEqual(await carol.error_of("call.invite", {"conversation_id": self.cid, "media": "audio"}),
                         "forbidden")
        group = await self.alice.call("conversation.create", {"type": "group", "members": [self.bob.user_id,
                                                                                            carol.user_id]})
        self.assertEqual(await self.alice.error_of("call.invite", {"conversation_id": group["conversation_id"],
                                                                    "media": "audio"}), "bad_request")
        self.assertEqual(await self.alice.error_of("call.invite", {"conversation_id": self.cid, "media": "fax"}),
                         "bad_request")
        self.assertEqual(await self.alice.error_of("call.invite", {"conversation_id": "c_nope", "media": "audio"}),
                         "not_found")
        await self.bob.call("user.block", {"user_id": self.alice.user_id})
        self.assertEqual(await self.alice.error_of("call.invite", {"conversation_id": self.cid, "media": "audio"}),
                         "forbidden")
        self.assertEqual(await self.bob.error_of("call.invite", {"conversation_id": self.cid, "media": "audio"}),
                         "forbidden")
        await self.bob.no_event("call.incoming", within=0.2)

    async def test_glare_two_invites_make_one_call(self):
        a, b = await asyncio.gather(
            self.alice.call("call.invite", {"conversation_id": self.cid, "media": "audio"}),
            self.bob.call("call.invite", {"conversation_id": self.cid, "media": "audio"}))
        self.assertEqual(a["call_id"], b["call_id"])
        self.assertEqual([bool(a.get("glare")), bool(b.get("glare"))].count(True), 1)
        caller, callee = (self.alice, self.bob) if b.get("glare") else (self.bob, self.alice)
        accepted = await caller.event("call.accepted")
        self.assertEqual(accepted["user_id"], callee.user_id)
        await callee.call("call.signal", {"call_id": a["call_id"], "data": {"type": "offer"}})
        self.assertEqual((await caller.event("call.signal"))["from"], callee.user_id)

    async def test_history_pages(self):
        ids = []
        for _ in range(3):
            call_id = await self.invite()
            await self.alice.call("call.cancel", {"call_id": call_id})
            ids.append(call_id)
            await asyncio.sleep(0.01)
        first = await self.history(self.alice, limit=2)
        self.assertEqual([c["call_id"] for c in first], [ids[2], ids[1]])
        rest = await self.history(self.alice, limit=2, before=first[-1]["started_at"])
        self.assertEqual([c["call_id"] for c in rest], [ids[0]])
        self.assertEqual(await self.alice.error_of("call.history", {"limit": 500}), "bad_request")


class BusyRejected(CallTestCase):
    server_options = {"extra_yaml": calls_yaml(busy_policy="reject")}

    async def test_busy_callee_ends_the_invite_at_once(self):
        carol = await self.user("carol")
        cb = (await carol.call("conversation.create", {"type": "direct", "members": [self.bob.user_id]}))
        other = (await carol.call("call.invite", {"conversation_id": cb["conversation_id"], "media": "audio"}))
        await self.bob.call("call.accept", {"call_id": other["call_id"]})
        await self.bob2.event("call.incoming", self.is_call(other["call_id"]))
        call_id = await self.invite()
        self.assertEqual(await self.alice.event("call.ended"), {"call_id": call_id, "reason": "busy"})
        await self.bob2.no_event("call.incoming", within=0.3)
        self.assertEqual((await self.history(self.alice))[0]["outcome"], "busy")


class BusyNotified(CallTestCase):
    server_options = {"extra_yaml": calls_yaml(busy_policy="notify")}

    async def test_busy_callee_hears_the_invite_marked_busy(self):
        carol = await self.user("carol")
        cb = (await carol.call("conversation.create", {"type": "direct", "members": [self.bob.user_id]}))
        other = (await carol.call("call.invite", {"conversation_id": cb["conversation_id"], "media": "audio"}))
        await self.bob.call("call.accept", {"call_id": other["call_id"]})
        call_id = await self.invite()
        incoming = await self.bob.event("call.incoming", self.is_call(call_id))
        self.assertTrue(incoming["busy"])
        await self.alice.no_event("call.ended", within=0.3)
        await self.bob.call("call.reject", {"call_id": call_id, "reason": "busy"})
        self.assertEqual(await self.alice.event("call.ended"), {"call_id": call_id, "reason": "busy"})


class Timeouts(CallTestCase):
    server_options = {"extra_yaml": calls_yaml(ring_timeout="1s", reconnect_grace="1s")}

    async def test_unanswered_call_times_out_as_missed(self):
        call_id = await self.invite()
        await self.bob.call("call.ringing", {"call_id": call_id})
        self.assertEqual(await self.alice.event("call.ended", timeout=5), {"call_id": call_id, "reason": "timeout"})
        for device in (self.bob, self.bob2):
            self.assertEqual(await device.event("call.ended", timeout=5), {"call_id": call_id, "reason": "timeout"})
        entry = (await self.history(self.bob))[0]
        self.assertEqual((entry["outcome"], entry["end_reason"], entry["direction"]), ("missed", "timeout", "incoming"))

    async def test_a_dropped_participant_that_does_not_return_ends_the_call(self):
        call_id = await self.invite()
        await self.bob.call("call.accept", {"call_id": call_id})
        await self.bob.close()
        await self.alice.no_event("call.ended", within=0.5)
        self.assertEqual(await self.alice.event("call.ended", timeout=5),
                         {"call_id": call_id, "reason": "connection_lost"})
        entry = (await self.history(self.alice))[0]
        self.assertEqual((entry["outcome"], entry["end_reason"]), ("completed", "connection_lost"))

    async def test_the_same_device_reconnecting_takes_the_call_back(self):
        call_id = await self.invite()
        await self.bob.call("call.accept", {"call_id": call_id})
        await self.bob.close()
        await asyncio.sleep(0.3)
        back = await on_device(self.server, self.bob, "b1")
        self.clients.append(back)
        await asyncio.sleep(1.2)  # past the grace period
        await self.alice.call("call.signal", {"call_id": call_id, "data": {"type": "offer", "iceRestart": True}})
        self.assertEqual((await back.event("call.signal"))["data"]["type"], "offer")
        await back.call("call.hangup", {"call_id": call_id})
        self.assertEqual(await self.alice.event("call.ended"), {"call_id": call_id, "reason": "hangup"})


class Restart(unittest.IsolatedAsyncioTestCase):
    async def test_a_call_ringing_when_the_server_dies_is_ended_on_start(self):
        server = Server().start()
        try:
            alice = await register(server, "alice")
            bob = await register(server, "bob")
            cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))
            call_id = (await alice.call("call.invite", {"conversation_id": cid["conversation_id"],
                                                        "media": "audio"}))["call_id"]
            await bob.event("call.incoming")
            await asyncio.sleep(0.2)  # the start of the call is stored
            server.kill9()
            await alice.close()
            await bob.close()
            server.start()
            again = await Client.connect(server)
            await again.call("auth", {"token": bob.tokens["token"]})
            entry = (await again.call("call.history", {}))["calls"][0]
            self.assertEqual(entry["call_id"], call_id)
            self.assertEqual((entry["outcome"], entry["end_reason"]), ("failed", "failed"))
            self.assertIsNone(entry["answered_at"])
            self.assertGreaterEqual(entry["ended_at"], entry["started_at"])
            await again.close()
        except Exception:
            print("---- server log ----\n" + server.logs())
            raise
        finally:
            server.stop()
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
