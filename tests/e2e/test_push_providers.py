"""Push end to end: the real daemon with push.fcm, push.apns, push.webpush,
push.expo and push.webhook pointed at the local fake providers, which verify
each wire format. B's devices are registered, B goes offline, A writes."""

import asyncio
import collections
import http.client
import unittest

from harness import ServerTestCase, Client, register
from push_fakes import PushFakes

# Short delays so the policy and the outbox act within a test's time.
PUSH_YAML = """push:
  read_cancel_delay: 1500ms
  poll_interval: 100ms
  backoff_base: 300ms
  backoff_max: 1s
  claim_lease: 5s
"""


def plugins_yaml(info):
    ca = info["ca_file"]
    base = info["base_url"]
    return f"""  - id: push.fcm
    config:
      service_account_file: {info["fcm_service_account_file"]}
      endpoint: {base}
      ca_file: {ca}
  - id: push.apns
    config:
      key_file: {info["apns_key_file"]}
      key_id: {info["apns_key_id"]}
      team_id: {info["apns_team_id"]}
      bundle_id: {info["apns_bundle_id"]}
      production_url: {base}/production
      sandbox_url: {base}/sandbox
      ca_file: {ca}
  - id: push.webhook
    config:
      url: {base}/webhook
      secret: {info["webhook_secret"]}
      ca_file: {ca}
  - id: push.expo
    config:
      url: {base}/expo/--/api/v2/push/send
      receipts_url: {base}/expo/--/api/v2/push/getReceipts
      receipt_delay: 500ms
      ca_file: {ca}
"""


class PushProvidersTest(ServerTestCase):
    def setUp(self):
        self.fakes = PushFakes()
        self.server_options = {"extra_yaml": PUSH_YAML, "extra_plugins_yaml": plugins_yaml(self.fakes.info),
                               "http_options": {}}
        super().setUp()

    def tearDown(self):
        try:
            self.assertEqual(self.fakes.errors(), [], "a provider saw a malformed request")
        finally:
            self.fakes.close()
            super().tearDown()

    async def offline_bob_with(self, provider, token, device_id="phone", **extra):
        """Alice online; Bob registered with a push device, then gone. Returns (alice, bob_id, conversation_id)."""
        alice = await register(self.server, "alice")
        bob = await Client.connect(self.server)
        self.bob_tokens = await bob.call("auth.register", {"username": "bob", "password": "correct horse battery",
                                                          "device_id": device_id})
        await bob.call("auth", {"token": self.bob_tokens["token"], "device_id": device_id})
        await bob.call("device.register", {"provider": provider, "token": token, **extra})
        bob_id = self.bob_tokens["user_id"]
        await bob.close()
        conv = await alice.call("conversation.create", {"type": "direct", "members": [bob_id]})
        return alice, bob_id, conv["conversation_id"]

    async def assert_stays(self, provider, count, seconds=2.5):
        """After `seconds`, the provider still has accepted exactly `count`."""
        await asyncio.sleep(seconds)
        self.assertEqual(len(self.fakes.accepted(provider)), count)

    async def test_a_message_to_offline_bob_is_one_fcm_push_with_his_badge(self):
        alice, bob_id, cid = await self.offline_bob_with("fcm", "fcm-token-bob")
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "m1", "body": "hello bob"})
        received = self.fakes.wait_accepted("fcm", 1)
        self.assertEqual(len(received), 1)
        message = received[0]["message"]
        self.assertEqual(message["token"], "fcm-token-bob")
        self.assertEqual(message["notification"]["body"], "hello bob")
        self.assertEqual(message["data"]["badge"], "1")
        self.assertEqual(message["data"]["conversation_id"], cid)
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "m2", "body": "again"})
        received = self.fakes.wait_accepted("fcm", 2)
        self.assertEqual(received[1]["message"]["data"]["badge"], "2")
        await self.assert_stays("fcm", 2)

    async def test_read_on_the_web_first_sends_no_push(self):
        alice, bob_id, cid = await self.offline_bob_with("fcm", "fcm-token-bob")
        web = await Client.connect(self.server)
        await web.call("auth", {"token": self.bob_tokens["token"], "device_id": "web"})
        sent = await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "m1", "body": "seen?"})
        await web.event("message.new")
        await web.call("receipt.read", {"conversation_id": cid, "seq": sent["seq"]})
        await self.assert_stays("fcm", 0, seconds=3.0)
        await web.close()

    async def test_a_dead_apns_token_removes_the_device(self):
        alice, bob_id, cid = await self.offline_bob_with("apns", "a1b2c3d4" * 8)
        self.fakes.script("apns", [{"status": 410, "reason": "Unregistered"}])
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "m1", "body": "anyone?"})
        for _ in range(100):
            if self.fakes.received("apns"):
                break
            await asyncio.sleep(0.1)
        self.assertEqual([r["answered"] for r in self.fakes.received("apns")], [410])
        bob = await Client.connect(self.server)
        await bob.call("auth", {"token": self.bob_tokens["token"], "device_id": "laptop"})
        for _ in range(50):
            devices = (await bob.call("device.list"))["devices"]
            if not devices:
                break
            await asyncio.sleep(0.1)
        self.assertEqual(devices, [])
        await bob.close()

    async def test_an_expo_receipt_saying_device_not_registered_removes_the_device(self):
        token = "ExponentPushToken[bob-uninstalled]"
        alice, bob_id, cid = await self.offline_bob_with("expo", token)
        self.fakes.expo_dead(token, at="receipt")
        await alice.call("message.send", {"conversation_id": cid, "client_msg_id": "m1", "body": "still there?"})
        # The ticket says ok (delivered); the receipt, fetched later, says the app is gone.
        self.assertEqual(len(self.fakes.wait_accepted("expo", 1)), 1)
        bob = await Client.connect(self.server)
        await bob.call("auth", {"token": self.bob_tokens["token"], "device_id": "laptop"})
        for _ in range(100):
            devices = (await bob.call("device.list"))["devices"]
            if not devices:
                break
            await asyncio.sleep(0.1)
        self.assertEqual(devices, [])
        await bob.close()
        self.assertTrue(self.fakes.stats()["expo_receipt_requests"], "no receipt was fetched")
        metrics = self.http_get("/metrics")
        self.assertIn('push_devices_deleted_total{provider="expo",when="after_delivery"} 1', metrics)
        self.assertIn('push_sent_total{provider="expo",outcome="delivered"} 1', metrics)

    def http_get(self, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.http_port, timeout=10)
        try:
            conn.request("GET", path)
            return conn.getresponse().read().decode()
        finally:
            conn.close()

    async def test_a_provider_down_for_a_while_gets_everything_once_it_is_back(self):
        alice, bob_id, cid = await self.offline_bob_with("webhook", "hook-device-bob")
        self.fakes.down("webhook", retry_after=1)
        for i in range(3):
            await alice.call("message.send", {"conversation_id": cid, "client_msg_id": f"m{i}", "body": f"n{i}"})
        await asyncio.sleep(4.0)
        tried = self.fakes.received("webhook")
        self.assertGreaterEqual(len(tried), 3, "the webhook was not tried while down")
        self.assertTrue(all(r["answered"] == 503 for r in tried))
        self.fakes.down("webhook", down=False)
        received = self.fakes.wait_accepted("webhook", 3)
        await self.assert_stays("webhook", 3, seconds=2.0)
        ids = [r["body"]["id"] for r in self.fakes.accepted("webhook")]
        self.assertEqual(len(set(ids)), 3, ids)
        self.assertEqual(sorted(r["body"]["body"] for r in received), ["n0", "n1", "n2"])

    async def test_a_call_to_offline_bob_rings_apns_voip_and_fcm_then_dismisses_when_cancelled(self):
        voip = "f0e1d2c3" * 8
        alice, bob_id, cid = await self.offline_bob_with("apns", "a1b2c3d4" * 8, device_id="iphone",
                                                         voip_token=voip, environment="sandbox")
        android = await Client.connect(self.server)
        await android.call("auth", {"token": self.bob_tokens["token"], "device_id": "android"})
        await android.call("device.register", {"provider": "fcm", "token": "fcm-token-android"})
        await android.close()
        call = await alice.call("call.invite", {"conversation_id": cid, "media": "audio"})
        apns = self.fakes.wait_accepted("apns", 1)
        fcm = self.fakes.wait_accepted("fcm", 1)
        self.assertEqual(len(apns), 1)
        self.assertEqual(apns[0]["token"], voip)
        self.assertEqual(apns[0]["environment"], "sandbox")
        self.assertEqual(apns[0]["headers"]["apns-push-type"], "voip")
        self.assertEqual(apns[0]["headers"]["apns-topic"], self.fakes.info["apns_bundle_id"] + ".voip")
        self.assertEqual(apns[0]["payload"]["category"], "call")
        self.assertEqual(len(fcm), 1)
        self.assertEqual(fcm[0]["message"]["android"]["priority"], "HIGH")
        self.assertNotIn("notification", fcm[0]["message"])
        self.assertEqual(fcm[0]["message"]["data"]["category"], "call")
        self.assertEqual(fcm[0]["message"]["data"]["call_id"], call["call_id"])
        await alice.call("call.cancel", {"call_id": call["call_id"]})
        # The dismissal and a missed-call notification follow, in either order.
        apns_dismiss = [r for r in self.fakes.wait_accepted("apns", 3) if r["payload"]["category"] == "call_dismiss"]
        fcm_dismiss = [r for r in self.fakes.wait_accepted("fcm", 3)
                       if r["message"]["data"]["category"] == "call_dismiss"]
        self.assertEqual(len(apns_dismiss), 1)
        self.assertEqual(apns_dismiss[0]["headers"]["apns-push-type"], "voip")
        self.assertEqual(apns_dismiss[0]["token"], voip)
        self.assertEqual(len(fcm_dismiss), 1)
        self.assertEqual(fcm_dismiss[0]["message"]["android"]["priority"], "HIGH")

    async def test_kill_9_with_queued_notifications_delivers_each_once_after_restart(self):
        alice, bob_id, cid = await self.offline_bob_with("fcm", "fcm-token-bob")
        for i in range(3):
            await alice.call("message.send", {"conversation_id": cid, "client_msg_id": f"k{i}", "body": f"k{i}"})
        await alice.close()
        self.server.kill9()  # within the read-cancel delay: all three still queued
        self.assertEqual(self.fakes.received("fcm"), [])
        self.server.start()
        received = self.fakes.wait_accepted("fcm", 3)
        await self.assert_stays("fcm", 3, seconds=2.0)
        ids = collections.Counter(r["message"]["data"]["notification_id"] for r in self.fakes.accepted("fcm"))
        self.assertEqual(len(ids), 3)
        self.assertTrue(all(n == 1 for n in ids.values()), ids)
        self.assertEqual(sorted(r["message"]["notification"]["body"] for r in received), ["k0", "k1", "k2"])


if __name__ == "__main__":
    unittest.main()
