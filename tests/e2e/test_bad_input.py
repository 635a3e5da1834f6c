"""Bad input of every kind gets an error with the right code, and the server
keeps serving everyone else."""

import asyncio
import json
import unittest

import websockets

from harness import Client, ServerTestCase, mint_token, register


class BadInput(ServerTestCase):
    server_options = {"ws_options": {"max_message_size": "128KiB"}}

    async def asyncSetUp(self):
        self.alice = await register(self.server, "alice")
        self.bob = await register(self.server, "bob")
        conv = await self.alice.call("conversation.create", {"type": "direct", "members": [self.bob.user_id]})
        self.cid = conv["conversation_id"]

    async def assert_still_serving(self):
        sent = await self.alice.call("message.send", {"conversation_id": self.cid, "body": "still here"})
        got = await self.bob.event("message.new", lambda d: d["message_id"] == sent["message_id"])
        self.assertEqual(got["body"], "still here")

    async def raw_error(self, client, frame):
        await client.send_raw(frame)
        msg = await asyncio.wait_for(client.raw_responses.get(), 5)
        self.assertFalse(msg["ok"])
        return msg

    async def test_malformed_json(self):
        c = await Client.connect(self.server)
        msg = await self.raw_error(c, '{"id": 1, "op": "auth.login", ')
        self.assertEqual(msg["error"]["code"], "bad_request")
        self.assertIn("malformed JSON", msg["error"]["message"])
        msg = await self.raw_error(c, '{"id": 2, "op": "auth.login", "data": {"n": 1e999}}')
        self.assertEqual(msg["error"]["code"], "bad_request")
        self.assertIn("out of range", msg["error"]["message"])
        deep = '{"id": 3, "op": "auth.login", "data": {"x": ' + "[" * 60000 + "]" * 60000 + "}}"
        msg = await self.raw_error(c, deep)
        self.assertEqual(msg["error"]["code"], "bad_request")
        self.assertIn("deeper than 32 levels", msg["error"]["message"])
        msg = await self.raw_error(c, '[1,2,3]')
        self.assertEqual(msg["error"]["code"], "bad_request")
        msg = await self.raw_error(c, '{"op": "auth.login"}')
        self.assertIn("'id'", msg["error"]["message"])
        # the connection survives and still works
        self.assertEqual(await c.error_of("nope.nope"), "bad_request")
        await self.assert_still_serving()

    async def test_unknown_op_and_unknown_fields(self):
        msg = await self.alice.call("message.teleport", {}, expect_ok=False)
        self.assertEqual(msg["error"]["code"], "bad_request")
        self.assertIn("unknown op", msg["error"]["message"])
        msg = await self.alice.call("message.send", {"conversation_id": self.cid, "body": "x", "colour": "red"},
                                    expect_ok=False)
        self.assertEqual(msg["error"]["code"], "bad_request")
        self.assertIn("data.colour", msg["error"]["message"])
        await self.assert_still_serving()

    async def test_wrong_types(self):
        cases = [
            ("message.send", {"conversation_id": 42, "body": "x"}, "data.conversation_id"),
            ("message.send", {"conversation_id": self.cid, "body": ["x"]}, "data.body"),
            ("message.history", {"conversation_id": self.cid, "limit": "ten"}, "data.limit"),
            ("message.history", {"conversation_id": self.cid, "after_seq": -1}, "data.after_seq"),
            ("conversation.create", {"type": "direct", "members": "bob"}, "data.members"),
            ("receipt.read", {"conversation_id": self.cid, "seq": 1.5}, "data.seq"),
        ]
        for op, data, field in cases:
            msg = await self.alice.call(op, data, expect_ok=False)
            self.assertEqual(msg["error"]["code"], "bad_request", (op, data, msg))
            self.assertIn(field, msg["error"]["message"])
        msg = await self.raw_error(self.alice, json.dumps({"id": 99, "op": "message.send", "data": "text"}))
        self.assertEqual(msg["id"], 99)
        self.assertIn("'data' must be an object", msg["error"]["message"])
        await self.assert_still_serving()

    async def test_oversized_frame_is_refused_then_closed(self):
        victim = await Client.connect(self.server)
        await victim.send_raw("x" * (130 * 1024))
        msg = await asyncio.wait_for(victim.raw_responses.get(), 5)
        self.assertEqual(msg["error"]["code"], "too_large")
        await asyncio.wait_for(victim.ws.wait_closed(), 5)
        self.assertEqual(victim.ws.close_code, 1009)
        await self.assert_still_serving()

    async def test_oversized_body_within_frame_limit(self):
        msg = await self.alice.call("message.send", {"conversation_id": self.cid, "body": "y" * (65 * 1024)},
                                    expect_ok=False)
        self.assertIn(msg["error"]["code"], ("too_large",))
        await self.assert_still_serving()

    async def test_invalid_utf8(self):
        frame = b'{"id": 5, "op": "message.send", "data": {"body": "\xff\xfe"}}'
        # websockets refuses to send invalid UTF-8 as text; send the bytes as-is
        # in a text frame through the protocol layer.
        await self.alice.ws.write_frame(True, websockets.frames.Opcode.TEXT, frame)
        msg = await asyncio.wait_for(self.alice.raw_responses.get(), 5)
        self.assertEqual(msg["error"]["code"], "bad_request")
        self.assertIn("UTF-8", msg["error"]["message"])
        await self.assert_still_serving()

    async def test_ops_before_auth_are_unauthorized(self):
        c = await Client.connect(self.server)
        self.assertEqual(await c.error_of("conversation.list"), "unauthorized")
        self.assertEqual(await c.error_of("message.send", {"conversation_id": self.cid, "body": "x"}), "unauthorized")

    async def test_expired_forged_and_malformed_tokens(self):
        c = await Client.connect(self.server)
        expired = mint_token(self.server.secret, self.alice.user_id, exp_in=-3600)
        self.assertEqual(await c.error_of("auth", {"token": expired}), "unauthorized")
        forged = mint_token("not-the-server-secret-but-long-enough", self.alice.user_id)
        self.assertEqual(await c.error_of("auth", {"token": forged}), "unauthorized")
        none_alg = mint_token(self.server.secret, self.alice.user_id, alg="none").rsplit(".", 1)[0] + "."
        self.assertEqual(await c.error_of("auth", {"token": none_alg}), "unauthorized")
        wrong_aud = mint_token(self.server.secret, self.alice.user_id, aud="someone-else")
        self.assertEqual(await c.error_of("auth", {"token": wrong_aud}), "unauthorized")
        self.assertEqual(await c.error_of("auth", {"token": "not.a.jwt"}), "unauthorized")
        self.assertEqual(await c.error_of("conversation.list"), "unauthorized")
        good = mint_token(self.server.secret, self.alice.user_id)
        await c.call("auth", {"token": good})
        listed = await c.call("conversation.list")
        self.assertEqual(len(listed["conversations"]), 1)
        await self.assert_still_serving()

    async def test_bad_login_and_refresh(self):
        c = await Client.connect(self.server)
        self.assertEqual(await c.error_of("auth.login", {"username": "alice", "password": "wrong password"}),
                         "unauthorized")
        self.assertEqual(await c.error_of("auth.login", {"username": "nobody", "password": "whatever123"}),
                         "unauthorized")
        self.assertEqual(await c.error_of("auth.register", {"username": "alice", "password": "another pass"}),
                         "conflict")
        self.assertEqual(await c.error_of("auth.register", {"username": "x", "password": "long enough"}),
                         "bad_request")
        self.assertEqual(await c.error_of("auth.register", {"username": "shortpw", "password": "123"}),
                         "bad_request")
        refreshed = await c.call("auth.refresh", {"refresh_token": self.alice.tokens["refresh_token"]})
        self.assertEqual(refreshed["user_id"], self.alice.user_id)
        self.assertEqual(await c.error_of("auth.refresh", {"refresh_token": self.alice.tokens["refresh_token"]}),
                         "unauthorized", "a refresh token works once")
        await c.call("auth", {"token": refreshed["token"]})

    async def test_login_attempts_are_rate_limited(self):
        c = await Client.connect(self.server)
        codes = [await c.error_of("auth.login", {"username": "bob", "password": f"guess {i}"}) for i in range(7)]
        self.assertEqual(codes[:5], ["unauthorized"] * 5)
        self.assertEqual(codes[-1], "rate_limited")


if __name__ == "__main__":
    unittest.main()
