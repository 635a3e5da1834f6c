// Attachments through transport.http: upload, send, preview, download, access.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SwitchboardError } from "../src/switchboard.js";
import { nextEvent, registered, serverFor } from "./support/helpers.js";
import { png } from "./support/png.js";
import { TestServer } from "./support/server.js";

const picture = png(400, 200, (x, y) => [x % 256, y % 256, 128]);

test("an image is uploaded, sent, previewed and downloaded", async (t) => {
  const server = await serverFor(t, TestServer, { http: true });
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });

  const progress = [];
  const uploaded = await alice.uploadAttachment(picture, { filename: "pattern.png", contentType: "image/png", onProgress: (sent, total) => progress.push([sent, total]) });
  assert.match(uploaded.attachment_id, /.+/);
  assert.equal(uploaded.size, picture.length);
  assert.equal(uploaded.content_type, "image/png");
  assert.match(uploaded.sha256, /^[0-9a-f]{64}$/);
  assert.deepEqual(progress.at(-1), [picture.length, picture.length], "the last progress report is the whole file");

  const incoming = nextEvent(bob, "message.new");
  const sentEvent = nextEvent(alice, "message.sent");
  await alice.sendMessage({ conversation_id: cid, attachments: [uploaded.attachment_id] });
  assert.deepEqual((await sentEvent).attachments, [uploaded.attachment_id]);
  const [message] = await incoming;
  assert.equal(message.body, "");
  const [meta] = message.attachments;
  assert.equal(meta.attachment_id, uploaded.attachment_id);
  assert.equal(meta.filename, "pattern.png");
  assert.equal(meta.has_thumbnail, true);
  assert.deepEqual([meta.width, meta.height], [400, 200]);

  const thumbnail = await bob.fetchAttachment(meta.attachment_id, { thumbnail: true });
  assert.match(thumbnail.type, /^image\//);
  assert.ok(thumbnail.size > 0 && thumbnail.size < picture.length * 4);
  const original = Buffer.from(await (await bob.fetchAttachment(meta.attachment_id)).arrayBuffer());
  assert.ok(original.equals(picture), "the download is the uploaded file");
  assert.equal(bob.attachmentUrl(meta.attachment_id, { thumbnail: true }), `${server.httpUrl}/v1/attachments/${meta.attachment_id}/thumbnail`);
});

test("attachment errors come back as SwitchboardErrors with the server's code", async (t) => {
  const server = await serverFor(t, TestServer, { http: true, extraYaml: "attachments:\n  max_size: 1KiB" });
  const alice = await registered(t, server, "alice");
  const eve = await registered(t, server, "eve");
  await assert.rejects(alice.uploadAttachment(new Uint8Array(4096), { filename: "big.bin" }), (err) => {
    assert.ok(err instanceof SwitchboardError);
    assert.equal(err.code, "too_large");
    assert.equal(err.status, 413);
    return true;
  });
  await assert.rejects(alice.uploadAttachment("<html></html>", { filename: "page.html", contentType: "text/html" }), { code: "bad_request", status: 415 });
  const small = await alice.uploadAttachment("hello", { filename: "hello.txt", contentType: "text/plain" });
  await assert.rejects(eve.fetchAttachment(small.attachment_id), { status: 403 });
  await assert.rejects(alice.fetchAttachment("a_nothing"), { code: "not_found", status: 404 });
  const { conversation_id: cid } = await eve.createConversation({ type: "direct", members: [alice.userId] });
  await assert.rejects(eve.sendMessage({ conversation_id: cid, attachments: [small.attachment_id] }), { code: "forbidden" });
});

test("an upload can be cancelled", async (t) => {
  const server = await serverFor(t, TestServer, { http: true });
  const alice = await registered(t, server, "alice");
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(alice.uploadAttachment(new Uint8Array(1024), { signal: controller.signal }), { code: "aborted" });
});

test("attachments without httpUrl are refused with a clear message", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  await assert.rejects(alice.uploadAttachment("x"), /httpUrl option/);
});
