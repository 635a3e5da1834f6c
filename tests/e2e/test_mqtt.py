"""transport.mqtt end to end: a real mosquitto on loopback, the real daemon
with transport.websocket and transport.mqtt, WebSocket clients
(python3-websockets) and MQTT clients (python3-paho-mqtt) talking to each
other through it."""

import asyncio
import json
import os
import tempfile
import unittest

from harness import RequestError, Server, register
from mqtt_harness import Broker, MqttClient, MqttServerTestCase, PREFIX, mqtt_plugin_yaml, self_signed_certificate


async def ws_user(test, username):
    """A WebSocket client of a newly registered user, and a token for that user."""
    c = await register(test.server, username)
    return c, c.tokens["token"]


async def mqtt_user(test, client_id, username, **kwargs):
    """An MQTT client authenticated as a newly registered user (registered
    over WebSocket; the MQTT client's first op is `auth {token}`)."""
    reg = await register(test.server, username)
    await reg.close()
    c = await test.mqtt_client(client_id, **kwargs)
    r = await c.auth(reg.tokens["token"])
    test.assertEqual(r["user_id"], reg.user_id)
    c.token = reg.tokens["token"]
    return c


class MqttChat(MqttServerTestCase):
    async def test_chat_between_websocket_and_mqtt_both_ways(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-phone", "bob")
        conv = await bob.call("conversation.create", {"type": "direct", "members": [alice.user_id]})
        cid = conv["conversation_id"]

        sent = await bob.call("message.send", {"conversation_id": cid, "client_msg_id": "b1", "body": "hi from mqtt"})
        self.assertEqual(sent["seq"], 1)
        new = await alice.event("message.new")
        self.assertEqual((new["body"], new["sender_id"], new["seq"]), ("hi from mqtt", bob.user_id, 1))

        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "a1", "body": "hi from ws"})
        new = await bob.event("message.new")
        self.assertEqual((new["body"], new["sender_id"], new["seq"]), ("hi from ws", alice.user_id, 2))

        await bob.call("receipt.read", {"conversation_id": cid, "seq": 2})
        receipt = await alice.event("receipt")
        self.assertEqual((receipt["user_id"], receipt["read_seq"]), (bob.user_id, 2))

        await alice.call("typing", {"conversation_id": cid, "active": True})
        typing = await bob.event("typing")
        self.assertEqual((typing["user_id"], typing["active"]), (alice.user_id, True))

        history = await bob.call("message.history", {"conversation_id": cid, "after_seq": 0})
        self.assertEqual([m["body"] for m in history["messages"]], ["hi from mqtt", "hi from ws"])

    async def test_a_user_on_websocket_and_mqtt_at_once_gets_events_on_both(self):
        alice, _ = await ws_user(self, "alice")
        bob_ws, bob_token = await ws_user(self, "bob")
        bob_mqtt = await self.mqtt_client("bob-tablet")
        await bob_mqtt.auth(bob_token)
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob_ws.user_id]}))["conversation_id"]
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "x", "body": "to both"})
        self.assertEqual((await bob_ws.event("message.new"))["body"], "to both")
        self.assertEqual((await bob_mqtt.event("message.new"))["body"], "to both")
        # And the sender's other session gets its own message whichever transport sent it.
        await bob_mqtt.call("message.send", {"conversation_id": cid, "client_msg_id": "y", "body": "from the tablet"})
        self.assertEqual((await bob_ws.event("message.new"))["body"], "from the tablet")
        self.assertEqual((await alice.event("message.new"))["body"], "from the tablet")
        await bob_mqtt.no_event("message.new", within=0.3)

    async def test_an_unauthenticated_client_gets_nothing_but_unauthorized(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-phone", "bob")
        eve = await self.mqtt_client("eve")
        for op, data in [("conversation.list", None), ("message.send", {"conversation_id": "c", "body": "x"}),
                         ("presence.subscribe", {"user_ids": [bob.user_id]}), ("user.me", None)]:
            self.assertEqual(await eve.error_of(op, data), "unauthorized", op)
        err = await eve.call("auth", {"token": "not-a-jwt"}, expect_ok=False)
        self.assertEqual(err["error"]["code"], "unauthorized")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "s", "body": "secret"})
        self.assertEqual((await bob.event("message.new"))["body"], "secret")
        await eve.no_event("message.new", within=0.5)
        self.assertTrue(eve.events.empty(), "no event of any kind reaches an unauthenticated client")

    async def test_malformed_payloads_get_error_replies_and_the_session_stays(self):
        _, token = await ws_user(self, "bob")
        bob = await self.mqtt_client("bob-phone")
        cases = [
            (b"this is not json", "bad_request"),
            (b"[1,2,3]", "bad_request"),
            (b'{"id": 1, "op": 5}', "bad_request"),
            (b'{"id": 1, "op": "auth", "data": {"token": "\xff\xfe"}}', "bad_request"),
            (b"", "bad_request"),
        ]
        for payload, code in cases:
            bob.publish_raw(payload)
            reply = await bob.raw_response()
            self.assertFalse(reply["ok"], payload)
            self.assertEqual(reply["error"]["code"], code, payload)
        self.assertEqual(await bob.error_of("no.such.op", {}), "bad_request")
        bob.publish_raw(b'{"id":"big","op":"auth","data":{"token":"' + b"x" * 5000 + b'"}}')
        reply = await bob.raw_response()
        self.assertEqual(reply["error"]["code"], "too_large")
        self.assertIn("exceeds the limit of 4096 bytes", reply["error"]["message"])
        # The same client id goes on working.
        self.assertEqual((await bob.auth(token))["user_id"], (await bob.call("user.me"))["user_id"])

    mqtt_options_for = {
        "test_malformed_payloads_get_error_replies_and_the_session_stays": {"max_payload": "4KiB"},
        "test_silent_clients_lose_their_session_and_heartbeats_keep_it": {"session_idle_timeout": "1s"},
        "test_a_session_whose_messages_pile_up_is_cut_off": {"max_send_queue": "1KiB"},
    }

    def setUp(self):
        self.mqtt_options = self.mqtt_options_for.get(self._testMethodName, {})
        super().setUp()

    async def test_last_will_ends_the_session_and_presence(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-phone", "bob")
        await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]})
        subscribed = await alice.call("presence.subscribe", {"user_ids": [bob.user_id]})
        self.assertTrue(subscribed["presence"][0]["online"])
        bob.vanish()
        offline = await alice.event("presence", lambda d: d["user_id"] == bob.user_id and not d["online"])
        self.assertIsNotNone(offline["last_seen_at"])
        self.wait_for_log("MQTT client 'bob-phone' went offline")
        # Back again: a new session that must authenticate first.
        again = await self.mqtt_client("bob-phone")
        self.assertEqual(await again.error_of("conversation.list"), "unauthorized")
        await again.auth(bob.token)
        await alice.event("presence", lambda d: d["user_id"] == bob.user_id and d["online"])

    async def test_a_clean_goodbye_ends_the_session(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-phone", "bob")
        await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]})
        await alice.call("presence.subscribe", {"user_ids": [bob.user_id]})
        await bob.close()
        await alice.event("presence", lambda d: d["user_id"] == bob.user_id and not d["online"])

    async def test_silent_clients_lose_their_session_and_heartbeats_keep_it(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-phone", "bob")
        carol = await mqtt_user(self, "carol-phone", "carol")
        for other in (bob, carol):
            await alice.call("conversation.create", {"type": "direct", "members": [other.user_id]})
        await alice.call("presence.subscribe", {"user_ids": [bob.user_id, carol.user_id]})

        async def heartbeat():
            while True:
                bob.mqtt.publish(bob.status_topic, "online", qos=1)
                await asyncio.sleep(0.3)

        beating = asyncio.create_task(heartbeat())
        try:
            offline = await alice.event("presence", lambda d: not d["online"], timeout=5)
            self.assertEqual(offline["user_id"], carol.user_id, "the silent client went, the beating one stayed")
            await alice.no_event("presence", within=1.5)
            self.assertEqual((await bob.call("user.me"))["username"], "bob", "bob's session is still authenticated")
        finally:
            beating.cancel()
        self.assertEqual(await carol.error_of("user.me"), "unauthorized", "carol's next request opens a new session")

    async def test_a_session_whose_messages_pile_up_is_cut_off(self):
        alice, _ = await ws_user(self, "alice")
        # Without a last will: a broker that shuts down publishes the wills, which would end the session first.
        bob = await mqtt_user(self, "bob-phone", "bob", will=False)
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        # With the broker away, bob's events wait in the server for its acknowledgement.
        self.broker.stop()
        self.wait_for_log("connection to the broker")
        for i in range(10):
            await alice.call("message.send", {"conversation_id": cid, "client_msg_id": f"p{i}", "body": "x" * 200})
        self.wait_for_log("MQTT client 'bob-phone' cut off: more than 1024 bytes waiting for the broker")
        self.broker.start()
        await bob.wait_ready(timeout=15)
        self.wait_for_log("connected to the broker", count=2)
        # The session is gone: bob authenticates again and catches up from the history.
        self.assertEqual(await bob.error_of("user.me"), "unauthorized")
        await bob.auth(bob.token)
        caught_up = []
        while len(caught_up) < 10:  # pages that fit in the 1 KiB queue
            page = await bob.call("message.history", {"conversation_id": cid, "after_seq": len(caught_up), "limit": 2})
            self.assertTrue(page["messages"])
            caught_up += [m["client_msg_id"] for m in page["messages"]]
        self.assertEqual(caught_up, [f"p{i}" for i in range(10)])

    async def test_call_signalled_between_websocket_and_mqtt(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-phone", "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))["conversation_id"]
        # The data of an ok reply, or the whole error envelope.
        invite = await alice.call("call.invite", {"conversation_id": cid, "media": "audio"}, expect_ok=False)
        if invite.get("ok") is False:
            error = invite["error"]
            if error["code"] == "bad_request" and "unknown op" in error["message"]:
                self.skipTest("this server has no call ops yet: " + error["message"])
            self.fail(f"call.invite failed: {error}")
        call_id = invite["call_id"]
        incoming = await bob.event("call.incoming")
        self.assertEqual((incoming["call_id"], incoming["caller_id"], incoming["media"]), (call_id, alice.user_id, "audio"))
        await bob.call("call.ringing", {"call_id": call_id})
        await alice.event("call.ringing", lambda d: d["call_id"] == call_id)
        accepted = await bob.call("call.accept", {"call_id": call_id})
        self.assertEqual(accepted["call_id"], call_id)
        await alice.event("call.accepted", lambda d: d["call_id"] == call_id and d["user_id"] == bob.user_id)
        await alice.call("call.signal", {"call_id": call_id, "data": {"type": "offer", "sdp": "v=0 from ws"}})
        signal = await bob.event("call.signal")
        self.assertEqual((signal["from"], signal["data"]["sdp"]), (alice.user_id, "v=0 from ws"))
        await bob.call("call.signal", {"call_id": call_id, "data": {"type": "answer", "sdp": "v=0 from mqtt"}})
        signal = await alice.event("call.signal")
        self.assertEqual((signal["from"], signal["data"]["sdp"]), (bob.user_id, "v=0 from mqtt"))
        await bob.call("call.hangup", {"call_id": call_id})
        ended = await alice.event("call.ended", lambda d: d["call_id"] == call_id)
        self.assertEqual(ended["reason"], "hangup")


class MqttBrokerRestart(MqttServerTestCase):
    async def test_broker_restart_mid_conversation_loses_nothing_acknowledged(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-phone", "bob")
        cid = (await bob.call("conversation.create", {"type": "direct", "members": [alice.user_id]}))["conversation_id"]
        acknowledged = {}  # client_msg_id -> seq

        async def send(i):
            """Sends message i until acknowledged, as a client does: after a
            timeout or an `unauthorized` (its session ended while the broker
            was away: a broker that shuts down publishes its clients' wills)
            it waits for its connection, authenticates again and resends
            with the same client_msg_id."""
            while True:
                try:
                    await bob.wait_ready(timeout=15)
                    r = await bob.call("message.send", {"conversation_id": cid, "client_msg_id": f"m{i}",
                                                        "body": f"message {i}"}, timeout=2)
                    acknowledged[f"m{i}"] = r["seq"]
                    return
                except (asyncio.TimeoutError, TimeoutError, RequestError) as e:
                    if isinstance(e, RequestError) and e.code != "unauthorized":
                        raise
                    await bob.wait_ready(timeout=15)
                    try:
                        await bob.auth(bob.token, timeout=2)
                    except (asyncio.TimeoutError, TimeoutError):
                        pass

        for i in range(5):
            await send(i)
        self.broker.stop()
        restart = asyncio.get_running_loop().run_in_executor(None, lambda: (__import__("time").sleep(1.0),
                                                                            self.broker.start()))
        for i in range(5, 15):
            await send(i)
        await restart
        self.wait_for_log("connected to the broker", count=2)
        self.assertGreaterEqual(bob.connects, 2, "the client reconnected too")

        self.assertEqual(len(acknowledged), 15)
        self.assertEqual(sorted(acknowledged.values()), list(range(1, 16)), "one seq per message, no duplicates")
        # Every acknowledged message is in the history, on either transport.
        history = await alice.call("message.history", {"conversation_id": cid, "after_seq": 0, "limit": 100})
        self.assertEqual({m["client_msg_id"]: m["seq"] for m in history["messages"]}, acknowledged)
        history = await bob.call("message.history", {"conversation_id": cid, "after_seq": 0, "limit": 100})
        self.assertEqual(len(history["messages"]), 15)
        # And events flow to the MQTT client again.
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "after", "body": "welcome back"})
        await bob.event("message.new", lambda d: d["body"] == "welcome back")


class MqttProtocol311(MqttServerTestCase):
    """MQTT 3.1.1 between the server and the broker and for the client, with every event at QoS 0."""

    mqtt_options = {"protocol": "3.1.1", "event_qos": 0}

    async def test_chat_over_mqtt_3_1_1(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-311", "bob", protocol=4)
        cid = (await bob.call("conversation.create", {"type": "direct", "members": [alice.user_id]}))["conversation_id"]
        await bob.call("message.send", {"conversation_id": cid, "client_msg_id": "1", "body": "old protocol"})
        self.assertEqual((await alice.event("message.new"))["body"], "old protocol")
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "2", "body": "still fine"})
        self.assertEqual((await bob.event("message.new"))["body"], "still fine")
        self.wait_for_log("(MQTT 3.1.1)")


class MqttAcl(MqttServerTestCase):
    """The broker runs config/mosquitto-acl.example: the server logs in as
    `switchboard`; every other client is held to its own topics."""

    broker_options = {"acl": True}
    mqtt_options = {"username": "switchboard", "password": Broker.server_password}

    async def test_the_acl_keeps_each_client_to_its_own_topics(self):
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob", "bob")
        # eve listens on bob's replies and on every request, without success.
        eve = await self.mqtt_client("eve", subscribe=False)
        eavesdropped = []
        eve.mqtt.on_message = lambda client, userdata, message: eavesdropped.append(message.topic)
        for topic in (bob.reply_topic, f"{PREFIX}/req/+", f"{PREFIX}/res/+", f"{PREFIX}/status/+"):
            eve.mqtt.subscribe(topic, qos=1)
        await asyncio.sleep(0.3)

        cid = (await bob.call("conversation.create", {"type": "direct", "members": [alice.user_id]}))["conversation_id"]
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "a", "body": "for bob only"})
        self.assertEqual((await bob.event("message.new"))["body"], "for bob only")

        # eve publishes as bob (his request topic) and as the server (his reply topic): the broker drops both.
        eve.publish_raw(json.dumps({"id": "forged", "op": "message.send",
                                    "data": {"conversation_id": cid, "client_msg_id": "f", "body": "forged"}}),
                        topic=bob.request_topic)
        eve.publish_raw(json.dumps({"event": "message.new", "data": {"body": "fake"}}), topic=bob.reply_topic)
        await bob.no_event("message.new", within=0.5)
        self.assertTrue(bob.raw_responses.empty(), "no reply to a request bob did not send")
        history = await bob.call("message.history", {"conversation_id": cid, "after_seq": 0})
        self.assertEqual([m["body"] for m in history["messages"]], ["for bob only"])
        self.assertEqual(eavesdropped, [], "eve received nothing of anyone else's")
        # eve's own topics work: she gets her own (unauthorized) answer.
        self.assertEqual(await eve_own_answer(eve), "unauthorized")


class MqttTls(MqttServerTestCase):
    """mqtts://: the server verifies the broker's certificate against tls.ca_file."""

    def setUp(self):
        self.certs = tempfile.TemporaryDirectory(prefix="sb-mqtt-tls-")
        tls = self_signed_certificate(self.certs.name)
        self.broker_options = {"tls": tls}
        self.mqtt_options = {"tls": {"ca_file": tls["cert"]}}
        self.ca_file = tls["cert"]
        super().setUp()

    def tearDown(self):
        super().tearDown()
        self.certs.cleanup()

    async def test_chat_over_tls(self):
        self.assertTrue(self.broker.url.startswith("mqtts://"))
        alice, _ = await ws_user(self, "alice")
        bob = await mqtt_user(self, "bob-tls", "bob", ca_file=self.ca_file)
        cid = (await bob.call("conversation.create", {"type": "direct", "members": [alice.user_id]}))["conversation_id"]
        await bob.call("message.send", {"conversation_id": cid, "client_msg_id": "1", "body": "encrypted"})
        self.assertEqual((await alice.event("message.new"))["body"], "encrypted")


class MqttTlsUntrusted(MqttServerTestCase):
    """A broker certificate that does not chain to tls.ca_file is refused (and retried)."""

    def setUp(self):
        self.certs = tempfile.TemporaryDirectory(prefix="sb-mqtt-tls-")
        os.makedirs(os.path.join(self.certs.name, "other"))
        self.broker = Broker(tls=self_signed_certificate(self.certs.name))
        self.addCleanup(self.broker.close)
        self.broker.start()
        other = self_signed_certificate(os.path.join(self.certs.name, "other"))
        self.server = Server(extra_yaml=self.extra_yaml,
                             extra_plugins_yaml=mqtt_plugin_yaml(self.broker, tls={"ca_file": other["cert"]})).start()
        self.mqtt_clients = []

    def tearDown(self):
        super().tearDown()
        self.certs.cleanup()

    def test_an_untrusted_broker_is_not_used(self):
        # The handshake fails while connecting or right after, depending on timing.
        self.wait_for_log("certificate verify failed")
        self.assertNotIn("connected to the broker", self.server.logs())


async def eve_own_answer(eve):
    answer = asyncio.get_running_loop().create_future()
    eve.mqtt.on_message = lambda client, userdata, message: eve.loop.call_soon_threadsafe(
        lambda: answer.done() or answer.set_result(json.loads(message.payload)))
    eve.mqtt.subscribe(eve.reply_topic, qos=1)
    await asyncio.sleep(0.2)
    eve.publish_raw(json.dumps({"id": 1, "op": "user.me"}))
    reply = await asyncio.wait_for(answer, 5)
    return reply["error"]["code"]


if __name__ == "__main__":
    unittest.main()
