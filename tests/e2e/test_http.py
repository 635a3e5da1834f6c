"""transport.http end to end: the real daemon, spoken to with Python's own
http.client. POST /v1/rpc, attachments (upload, thumbnails, who may read,
Range, ETag), the server API, static files, CORS, /healthz, /readyz and
/metrics — every status path docs/protocol.md lists."""

import hashlib
import http.client
import json
import os
import socket
import struct
import time
import unittest
import urllib.parse
import zlib

import asyncio

from harness import Client, Server, TIMEOUT

API_KEY = "e2e-server-api-key-" + "x" * 32
ORIGIN = "https://app.example"


def png(width, height, alpha=False):
    """A PNG image made here: a gradient, with an alpha channel when asked."""
    channels = 4 if alpha else 3
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 128, 200)[:channels]) for x in range(width))
        for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers}
        self.body = body

    def json(self):
        return json.loads(self.body)


class HttpTest(unittest.TestCase):
    http_options = {}
    extra_yaml = ""

    def setUp(self):
        self.tmp_web = None
        options = dict(self.http_options)
        self.server = Server(extra_yaml=self.extra_yaml, http_options=options).start()
        deadline = time.time() + TIMEOUT
        while True:
            try:
                if self.request("GET", "/healthz").status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                self.fail("transport.http did not start:\n" + self.server.logs())
            time.sleep(0.05)

    def tearDown(self):
        code = self.server.stop()
        outcome = getattr(self, "_outcome", None)
        if outcome is not None and not outcome.success:
            print("---- server log ----\n" + self.server.logs())
        self.server.tmp.cleanup()
        self.assertIn(code, (0, None), "server did not exit cleanly:\n" + self.server.logs())

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.http_port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()

    def rpc(self, op, data=None, token=None, expect_status=200):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        r = self.request("POST", "/v1/rpc", json.dumps({"id": 1, "op": op, "data": data or {}}), headers)
        self.assertEqual(r.status, expect_status, r.body)
        return r.json()

    def register(self, username):
        r = self.rpc("auth.register", {"username": username, "password": "correct horse battery"})
        self.assertTrue(r["ok"], r)
        return r["data"]

    def upload(self, token, body, content_type="image/png", filename="picture.png"):
        headers = {"Content-Type": content_type, "X-Filename": urllib.parse.quote(filename)}
        if token:
            headers["Authorization"] = "Bearer " + token
        return self.request("POST", "/v1/attachments", body, headers)


class RpcTest(HttpTest):
    def test_the_envelope_over_http_with_a_bearer_token(self):
        alice = self.register("alice")
        me = self.rpc("user.me", token=alice["token"])
        self.assertTrue(me["ok"])
        self.assertEqual(me["data"]["username"], "alice")
        # An op's own error is an envelope answer: 200.
        wrong = self.rpc("conversation.get", {"conversation_id": "c_nope"}, token=alice["token"])
        self.assertEqual(wrong["error"]["code"], "not_found")

    def test_missing_and_forged_tokens_are_401(self):
        alice = self.register("alice")
        missing = self.rpc("user.me", expect_status=401)
        self.assertEqual(missing["error"]["code"], "unauthorized")
        self.assertIn("Bearer", missing["error"]["message"])
        forged = alice["token"][:-4] + ("AAAA" if not alice["token"].endswith("AAAA") else "BBBB")
        self.assertEqual(self.rpc("user.me", token=forged, expect_status=401)["error"]["code"], "unauthorized")
        r = self.request("POST", "/v1/rpc", "{}", {"Content-Type": "application/json", "Authorization": "Basic eDp5"})
        self.assertEqual(r.status, 401)

    def test_malformed_json_wrong_type_too_large(self):
        r = self.request("POST", "/v1/rpc", "{nope", {"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["error"]["code"], "bad_request")
        r = self.request("POST", "/v1/rpc", "{}", {"Content-Type": "text/plain"})
        self.assertEqual(r.status, 415)
        r = self.request("POST", "/v1/rpc", json.dumps({"id": 1, "op": "x", "data": {"p": "y" * 300_000}}),
                         {"Content-Type": "application/json"})
        self.assertEqual(r.status, 413)
        self.assertEqual(self.request("GET", "/v1/rpc").status, 405)

    def test_ops_needing_a_live_connection_answer_bad_request(self):
        alice = self.register("alice")
        r = self.rpc("typing", {"conversation_id": "c", "active": True}, token=alice["token"])
        self.assertEqual(r["error"]["code"], "bad_request")
        self.assertIn("needs a live connection (WebSocket or MQTT)", r["error"]["message"])
        r = self.rpc("presence.subscribe", {"user_ids": ["u"]}, token=alice["token"])
        self.assertEqual(r["error"]["code"], "bad_request")


class AttachmentTest(HttpTest):
    extra_yaml = """attachments:
  max_size: 64KiB
  allowed_types: [image/*, text/plain, application/octet-stream]
  thumbnail_size: 32
"""

    def setUp(self):
        super().setUp()
        self.alice = self.register("alice")
        self.bob = self.register("bob")
        self.carol = self.register("carol")
        r = self.rpc("conversation.create", {"type": "direct", "members": [self.bob["user_id"]]},
                     token=self.alice["token"])
        self.conversation_id = r["data"]["conversation_id"]

    def fetch(self, attachment_id, token, suffix="", headers=None):
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        return self.request("GET", f"/v1/attachments/{attachment_id}{suffix}", headers=h)

    def test_upload_thumbnail_and_who_may_read(self):
        image = png(64, 48)
        up = self.upload(self.alice["token"], image, filename="été.png")
        self.assertEqual(up.status, 201, up.body)
        record = up.json()
        self.assertEqual(record["size"], len(image))
        self.assertEqual(record["content_type"], "image/png")
        self.assertEqual(record["filename"], "été.png")
        self.assertEqual((record["width"], record["height"]), (64, 48))
        self.assertTrue(record["has_thumbnail"])
        self.assertEqual(record["sha256"], hashlib.sha256(image).hexdigest())
        aid = record["attachment_id"]

        # The uploader reads it; nobody else until it is sent.
        mine = self.fetch(aid, self.alice["token"])
        self.assertEqual(mine.status, 200)
        self.assertEqual(mine.body, image)
        self.assertEqual(mine.headers["content-type"], "image/png")
        self.assertIn("filename*=UTF-8''%C3%A9t%C3%A9.png", mine.headers["content-disposition"])
        self.assertEqual(self.fetch(aid, self.bob["token"]).status, 403)
        self.assertEqual(self.fetch(aid, None).status, 401)
        self.assertEqual(self.fetch("a_missing", self.alice["token"]).status, 404)

        thumb = self.fetch(aid, self.alice["token"], "/thumbnail")
        self.assertEqual(thumb.status, 200)
        self.assertEqual(thumb.headers["content-type"], "image/jpeg")
        self.assertTrue(thumb.body.startswith(b"\xff\xd8"))

        # Sending it in the conversation lets bob read it, not carol.
        sent = self.rpc("message.send", {"conversation_id": self.conversation_id, "body": "look",
                                         "attachments": [aid]}, token=self.alice["token"])
        self.assertTrue(sent["ok"], sent)
        self.assertEqual(self.fetch(aid, self.bob["token"]).status, 200)
        self.assertEqual(self.fetch(aid, None, f"?access_token={self.bob['token']}").status, 200)
        self.assertEqual(self.fetch(aid, self.carol["token"]).status, 403)
        history = self.rpc("message.history", {"conversation_id": self.conversation_id}, token=self.bob["token"])
        carried = history["data"]["messages"][-1]["attachments"]
        self.assertEqual(carried, [{"attachment_id": aid, "content_type": "image/png", "size": len(image),
                                    "filename": "été.png", "sha256": record["sha256"], "has_thumbnail": True,
                                    "width": 64, "height": 48}])

    def test_members_receive_the_attachments_in_message_new(self):
        up = self.upload(self.alice["token"], b"plain text", "text/plain", "a.txt")
        aid = up.json()["attachment_id"]

        async def scenario():
            bob = await Client.connect(self.server)
            await bob.call("auth", {"token": self.bob["token"]})
            sent = self.rpc("message.send", {"conversation_id": self.conversation_id, "body": "file",
                                             "attachments": [aid]}, token=self.alice["token"])
            self.assertTrue(sent["ok"], sent)
            event = await bob.event("message.new")
            await bob.close()
            return event

        event = asyncio.run(scenario())
        self.assertEqual(event["sender_id"], self.alice["user_id"])
        self.assertEqual([a["attachment_id"] for a in event["attachments"]], [aid])
        self.assertEqual(event["attachments"][0]["filename"], "a.txt")
        self.assertFalse(event["attachments"][0]["has_thumbnail"])

    def test_transparent_images_get_png_thumbnails(self):
        up = self.upload(self.alice["token"], png(40, 40, alpha=True))
        self.assertEqual(up.status, 201, up.body)
        thumb = self.fetch(up.json()["attachment_id"], self.alice["token"], "/thumbnail")
        self.assertEqual(thumb.headers["content-type"], "image/png")
        self.assertTrue(thumb.body.startswith(b"\x89PNG"))

    def test_range_etag_and_refusals(self):
        data = bytes(range(256)) * 10
        up = self.upload(self.alice["token"], data, "application/octet-stream", "blob.bin")
        self.assertEqual(up.status, 201)
        aid = up.json()["attachment_id"]
        part = self.fetch(aid, self.alice["token"], headers={"Range": "bytes=100-199"})
        self.assertEqual(part.status, 206)
        self.assertEqual(part.body, data[100:200])
        self.assertEqual(part.headers["content-range"], f"bytes 100-199/{len(data)}")
        tail = self.fetch(aid, self.alice["token"], headers={"Range": "bytes=-10"})
        self.assertEqual(tail.body, data[-10:])
        bad = self.fetch(aid, self.alice["token"], headers={"Range": f"bytes={len(data) + 5}-"})
        self.assertEqual(bad.status, 416)
        self.assertEqual(bad.headers["content-range"], f"bytes */{len(data)}")
        whole = self.fetch(aid, self.alice["token"])
        self.assertEqual(whole.headers["content-disposition"], 'attachment; filename="blob.bin"; filename*=UTF-8\'\'blob.bin')
        etag = whole.headers["etag"]
        self.assertEqual(self.fetch(aid, self.alice["token"], headers={"If-None-Match": etag}).status, 304)
        self.assertEqual(self.fetch(aid, self.alice["token"], "/thumbnail").status, 404)

    def test_oversized_wrong_type_and_unauthenticated_uploads(self):
        self.assertEqual(self.upload(self.alice["token"], b"x" * (70 * 1024), "text/plain").status, 413)
        wrong = self.upload(self.alice["token"], b"<script>", "text/html", "x.html")
        self.assertEqual(wrong.status, 415)
        self.assertIn("text/html is not allowed", wrong.json()["error"]["message"])
        self.assertEqual(self.upload(None, b"x", "text/plain").status, 401)
        self.assertEqual(self.upload("not.a.token", b"x", "text/plain").status, 401)

    def test_multipart_upload(self):
        boundary = "sb-boundary-1234"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                f"Content-Type: text/plain\r\n\r\nline one\nline two\n\r\n--{boundary}--\r\n").encode()
        r = self.request("POST", "/v1/attachments", body,
                         {"Content-Type": f"multipart/form-data; boundary={boundary}",
                          "Authorization": "Bearer " + self.alice["token"]})
        self.assertEqual(r.status, 201, r.body)
        record = r.json()
        self.assertEqual(record["filename"], "notes.txt")
        self.assertEqual(record["content_type"], "text/plain")
        self.assertEqual(self.fetch(record["attachment_id"], self.alice["token"]).body, b"line one\nline two\n")

    def test_message_send_checks_the_attachments(self):
        up = self.upload(self.bob["token"], b"bob's", "text/plain", "b.txt")
        theirs = up.json()["attachment_id"]
        r = self.rpc("message.send", {"conversation_id": self.conversation_id, "body": "x", "attachments": [theirs]},
                     token=self.alice["token"])
        self.assertEqual(r["error"]["code"], "forbidden")
        r = self.rpc("message.send", {"conversation_id": self.conversation_id, "body": "x",
                                      "attachments": ["a_unknown"]}, token=self.alice["token"])
        self.assertEqual(r["error"]["code"], "not_found")
        # A message may be attachments alone.
        r = self.rpc("message.send", {"conversation_id": self.conversation_id, "body": "", "attachments": [theirs]},
                     token=self.bob["token"])
        self.assertTrue(r["ok"], r)


class ServerApiTest(HttpTest):
    extra_yaml = f"server_api:\n  keys: [{API_KEY}]\n"

    def api(self, method, path, body=None, key=API_KEY):
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = "Bearer " + key
        return self.request(method, path, json.dumps(body) if body is not None else None, headers)

    def test_keys_are_required(self):
        self.assertEqual(self.api("PUT", "/v1/server/users/alice", {}, key=None).status, 401)
        wrong = self.api("PUT", "/v1/server/users/alice", {}, key="wrong-" + API_KEY)
        self.assertEqual(wrong.status, 401)
        self.assertEqual(wrong.json()["error"]["message"], "invalid API key")
        # A user's client cannot call server ops with its own token.
        alice = self.register("alice")
        r = self.rpc("server.user.upsert", {"username": "bob"}, token=alice["token"], expect_status=401)
        self.assertEqual(r["error"]["code"], "unauthorized")

    def test_users_tokens_conversations_and_messages(self):
        created = self.api("PUT", "/v1/server/users/alice", {"display_name": "Alice", "user_id": "crm-1"})
        self.assertEqual(created.status, 201, created.body)
        self.assertEqual(created.json()["user_id"], "crm-1")
        again = self.api("PUT", "/v1/server/users/alice", {"display_name": "Alice A."})
        self.assertEqual(again.status, 200)
        self.assertEqual(again.json()["display_name"], "Alice A.")
        bob = self.api("PUT", "/v1/server/users/bob", {"password": "correct horse battery"}).json()

        token = self.api("POST", "/v1/server/users/crm-1/tokens", {"device_id": "web"})
        self.assertEqual(token.status, 201)
        me = self.rpc("user.me", token=token.json()["token"])
        self.assertEqual(me["data"]["user_id"], "crm-1")
        self.assertEqual(self.api("POST", "/v1/server/users/nobody/tokens", {}).status, 404)
        # The password set through the API logs in.
        login = self.rpc("auth.login", {"username": "bob", "password": "correct horse battery"})
        self.assertEqual(login["data"]["user_id"], bob["user_id"])

        conv = self.api("POST", "/v1/server/conversations",
                        {"type": "group", "created_by": "crm-1", "members": [bob["user_id"]], "title": "Team"})
        self.assertEqual(conv.status, 201, conv.body)
        cid = conv.json()["conversation_id"]
        posted = self.api("POST", f"/v1/server/conversations/{cid}/messages",
                          {"sender_id": "crm-1", "body": "hello from the back end", "client_msg_id": "m1"})
        self.assertEqual(posted.status, 201, posted.body)
        self.assertEqual(self.api("POST", f"/v1/server/conversations/{cid}/messages",
                                  {"sender_id": "crm-1", "body": "hello from the back end",
                                   "client_msg_id": "m1"}).status, 200)  # a resent client_msg_id
        async def system_message():
            bob_ws = await Client.connect(self.server)
            await bob_ws.call("auth", {"token": login["data"]["token"]})
            posted = self.api("POST", f"/v1/server/conversations/{cid}/messages", {"body": "Bob joined"})
            event = await bob_ws.event("message.new")
            await bob_ws.close()
            return posted, event

        system, event = asyncio.run(system_message())
        self.assertEqual(system.status, 201, system.body)
        self.assertTrue(event["system"])
        self.assertEqual(event["body"], "Bob joined")
        history = self.rpc("message.history", {"conversation_id": cid}, token=login["data"]["token"])
        messages = history["data"]["messages"]
        self.assertEqual(messages[0]["sender_id"], "crm-1")
        self.assertTrue(messages[1]["system"])
        self.assertNotIn("sender_id", messages[1])
        self.assertEqual(self.api("POST", f"/v1/server/conversations/{cid}/messages",
                                  {"sender_id": "stranger", "body": "x"}).status, 403)
        listed = self.api("GET", "/v1/server/conversations?user_id=" + bob["user_id"])
        self.assertEqual(listed.status, 200)
        self.assertEqual([c["conversation_id"] for c in listed.json()["conversations"]], [cid])
        self.assertEqual(self.api("DELETE", "/v1/server/users/alice").status, 405)
        self.assertEqual(self.api("PUT", "/v1/server/users/a!", {}).status, 400)


class ServerApiOffTest(HttpTest):
    def test_no_keys_means_off(self):
        r = self.request("PUT", "/v1/server/users/alice", "{}",
                         {"Content-Type": "application/json", "X-Api-Key": API_KEY})
        self.assertEqual(r.status, 404)
        self.assertIn("server API is off", r.json()["error"]["message"])


class WebTest(HttpTest):
    def setUp(self):
        import tempfile
        self.web = tempfile.TemporaryDirectory(prefix="sb-web-")
        os.makedirs(os.path.join(self.web.name, "app", "sdk"))
        with open(os.path.join(self.web.name, "app", "index.html"), "w") as f:
            f.write("<!doctype html><title>Switchboard</title>")
        with open(os.path.join(self.web.name, "app", "sdk", "client.js"), "w") as f:
            f.write("export const x = 1;")
        with open(os.path.join(self.web.name, "secret.txt"), "w") as f:
            f.write("do not serve")
        self.http_options = {"static_dir": os.path.join(self.web.name, "app"), "allowed_origins": [ORIGIN]}
        super().setUp()

    def tearDown(self):
        super().tearDown()
        self.web.cleanup()

    def raw_get(self, path):
        with socket.create_connection(("127.0.0.1", self.server.http_port), timeout=TIMEOUT) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        return data

    def test_static_files(self):
        index = self.request("GET", "/")
        self.assertEqual(index.status, 200)
        self.assertEqual(index.headers["content-type"], "text/html; charset=utf-8")
        self.assertEqual(index.headers["cache-control"], "no-cache")
        js = self.request("GET", "/sdk/client.js")
        self.assertEqual(js.headers["content-type"], "text/javascript; charset=utf-8")
        self.assertIn("max-age=", js.headers["cache-control"])
        self.assertEqual(self.request("GET", "/sdk/client.js", headers={"If-None-Match": js.headers["etag"]}).status, 304)
        self.assertEqual(self.request("GET", "/missing.css").status, 404)
        for path in ("/../secret.txt", "/sdk/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"):
            raw = self.raw_get(path)
            self.assertNotIn(b"do not serve", raw, path)
            self.assertFalse(raw.startswith(b"HTTP/1.1 200"), path)

    def test_cors(self):
        pre = self.request("OPTIONS", "/v1/rpc", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                                          "Access-Control-Request-Headers": "authorization"})
        self.assertEqual(pre.status, 204)
        self.assertEqual(pre.headers["access-control-allow-origin"], ORIGIN)
        self.assertIn("Authorization", pre.headers["access-control-allow-headers"])
        other = self.request("OPTIONS", "/v1/rpc", headers={"Origin": "https://evil.example",
                                                            "Access-Control-Request-Method": "POST"})
        self.assertEqual(other.status, 403)
        r = self.request("POST", "/v1/rpc", json.dumps({"id": 1, "op": "user.me"}),
                         {"Content-Type": "application/json", "Origin": ORIGIN})
        self.assertEqual(r.headers["access-control-allow-origin"], ORIGIN)


class OperationsTest(HttpTest):
    def test_readyz_and_metrics_after_traffic(self):
        self.assertEqual(self.request("GET", "/readyz").json(), {"status": "ready"})
        alice = self.register("alice")
        self.rpc("user.me", token=alice["token"])
        self.rpc("user.me", expect_status=401)
        text = self.request("GET", "/metrics").body.decode()
        self.assertIn('switchboard_request_duration_seconds_count{op="auth.register"} 1', text)
        self.assertIn('switchboard_request_duration_seconds_bucket{op="user.me",le="+Inf"} 2', text)
        self.assertIn('switchboard_request_errors_total{code="unauthorized"} 1', text)
        self.assertIn('# TYPE switchboard_connections gauge', text)
        self.assertIn('switchboard_storage_queue_depth 0', text)
        self.assertIn('switchboard_http_requests_total{route="rpc",status="401"} 1', text)
        self.assertIn('switchboard_http_request_duration_seconds_bucket{route="rpc",le="0.5"}', text)


if __name__ == "__main__":
    unittest.main()
