// Every chat op through the client's promise API, against the real daemon.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Client } from "../src/switchboard.js";
import { nextEvent, registered, serverFor } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

test("conversations: create, list, get, update, members, roles, leave", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const carol = await registered(t, server, "carol");

  const direct = await alice.createConversation({ type: "direct", members: [bob.userId] });
  assert.equal(direct.created, true);
  assert.equal((await bob.createConversation({ type: "direct", members: [alice.userId] })).conversation_id, direct.conversation_id);

  const group = await alice.createConversation({ type: "group", members: [bob.userId], title: "Plans" });
  assert.equal(group.conversation.title, "Plans");
  const listed = await bob.listConversations();
  assert.deepEqual(listed.conversations.map((c) => c.conversation_id).sort(), [direct.conversation_id, group.conversation_id].sort());

  const gid = group.conversation_id;
  assert.equal((await alice.updateConversation(gid, "Weekend plans")).title, "Weekend plans");
  const added = await alice.addMembers(gid, [carol.userId]);
  assert.ok(added.members.some((m) => m.user_id === carol.userId));
  const promoted = await alice.setRole(gid, bob.userId, "admin");
  assert.equal(promoted.members.find((m) => m.user_id === bob.userId).role, "admin");
  const removed = await bob.removeMember(gid, carol.userId);
  assert.ok(!removed.members.some((m) => m.user_id === carol.userId));
  const left = await bob.leaveConversation(gid);
  assert.ok(!left.members.some((m) => m.user_id === bob.userId));
  assert.equal((await alice.getConversation(gid)).members.length, 1);
  await assert.rejects(bob.getConversation(gid), { code: "forbidden" });
  await assert.rejects(alice.getConversation("no-such-conversation"), { code: "not_found" });
});

test("messages: send, history in both directions, edit, delete, reactions", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });

  const sent = [];
  for (let i = 1; i <= 5; i++) sent.push(await alice.sendMessage({ conversation_id: cid, body: `m${i}`, extra: { n: i } }));
  assert.deepEqual(sent.map((s) => s.seq), [1, 2, 3, 4, 5]);
  assert.ok(sent.every((s) => s.conversation_id === cid && s.client_msg_id && s.message_id && s.duplicate === false));

  assert.deepEqual((await bob.history(cid, { limit: 2 })).messages.map((m) => m.body), ["m4", "m5"]);
  assert.deepEqual((await bob.history(cid, { before_seq: 4, limit: 2 })).messages.map((m) => m.seq), [2, 3]);
  assert.deepEqual((await bob.history(cid, { after_seq: 3 })).messages.map((m) => m.seq), [4, 5]);
  assert.deepEqual((await bob.history(cid, { before_seq: 2 })).messages[0].extra, { n: 1 });

  const reply = await bob.sendMessage({ conversation_id: cid, body: "re: m2", reply_to_seq: 2 });
  assert.equal((await alice.history(cid, { after_seq: reply.seq - 1 })).messages[0].reply_to_seq, 2);

  assert.equal((await alice.editMessage(cid, 1, "m1 (edited)")).body, "m1 (edited)");
  await assert.rejects(bob.editMessage(cid, 1, "not mine"), { code: "forbidden" });
  const deleted = await alice.deleteMessage(cid, 2);
  assert.equal(deleted.seq, 2);
  assert.ok(deleted.deleted_at > 0);

  const reaction = await bob.addReaction(cid, 3, "👍");
  assert.deepEqual(reaction.reactions, [{ user_id: bob.userId, emoji: "👍" }]);
  assert.deepEqual((await bob.removeReaction(cid, 3, "👍")).reactions, []);

  await assert.rejects(alice.sendMessage({ conversation_id: cid, body: "x".repeat(70000) }), { code: "too_large" });
  await assert.rejects(alice.history(cid, { limit: "ten" }), (err) => err.code === "bad_request" && /limit/.test(err.reason));
});

test("receipts, typing and presence", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice", { autoDeliveredReceipts: false });
  const bob = await registered(t, server, "bob", { autoDeliveredReceipts: false });
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  await alice.sendMessage({ conversation_id: cid, body: "hello" });
  await alice.sendMessage({ conversation_id: cid, body: "again" });

  const delivered = await bob.markDelivered(cid, 2);
  assert.deepEqual([delivered.delivered_seq, delivered.read_seq], [2, 0]);
  const read = await bob.markRead(cid, 1);
  assert.deepEqual([read.delivered_seq, read.read_seq], [2, 1]);
  const summary = (await bob.listConversations()).conversations[0];
  assert.equal(summary.unread, 1);
  assert.equal(summary.last_message.body, "again");

  assert.deepEqual(await bob.setTyping(cid, true), {});

  const presence = await alice.subscribePresence([bob.userId, "u_nobody"]);
  assert.deepEqual(presence.presence.map((p) => [p.user_id, p.online]), [[bob.userId, true]]);
  assert.deepEqual(presence.denied, ["u_nobody"]);
  assert.deepEqual(await alice.unsubscribePresence([bob.userId]), {});
});

test("users and devices", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  await registered(t, server, "bobby");

  assert.equal((await alice.updateMe({ display_name: "Alice A." })).display_name, "Alice A.");
  assert.deepEqual((await bob.getUsers([alice.userId])).users.map((u) => u.display_name), ["Alice A."]);
  assert.deepEqual((await alice.searchUsers("BOB")).users.map((u) => u.username).sort(), ["bob", "bobby"]);
  assert.equal((await alice.searchUsers("bob", 1)).users.length, 1);

  assert.deepEqual(await alice.blockUser(bob.userId), {});
  assert.deepEqual((await alice.blockedUsers()).user_ids, [bob.userId]);
  const { conversation_id: cid } = await bob.createConversation({ type: "direct", members: [alice.userId] });
  await assert.rejects(bob.sendMessage({ conversation_id: cid, body: "hi?" }), { code: "forbidden" });
  await alice.unblockUser(bob.userId);
  assert.deepEqual((await alice.blockedUsers()).user_ids, []);
  assert.match((await alice.report({ user_id: bob.userId, reason: "spam" })).report_id, /.+/);

  const device = await alice.registerDevice({ provider: "log", token: "device-token-1", device_id: "phone" });
  assert.equal(device.device_id, "phone");
  assert.deepEqual((await alice.listDevices()).devices.map((d) => [d.device_id, d.provider]), [["phone", "log"]]);
  await alice.unregisterDevice("phone");
  assert.deepEqual((await alice.listDevices()).devices, []);
  // No push plugin publishes anything here (push.webpush does: tests/browser/web_push.test.js).
  assert.deepEqual(await alice.pushConfig(), { providers: {} });
  await assert.rejects(alice.request("device.push_config", { provider: "webpush" }), { code: "bad_request" });
});

test("request() reaches any op, and unknown ops get bad_request", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  assert.equal((await alice.request("user.me")).username, "alice");
  await assert.rejects(alice.request("no.such.op", {}), (err) => err.code === "bad_request" && /unknown op/.test(err.reason));
});

test("every public method of Client is declared in switchboard.d.ts", () => {
  const dts = readFileSync(new URL("../src/switchboard.d.ts", import.meta.url), "utf8");
  const clientBlock = dts.slice(dts.indexOf("export class Client "), dts.indexOf("export class Connection "));
  const methods = Object.getOwnPropertyNames(Client.prototype).filter((n) => n !== "constructor" && !n.startsWith("_"));
  const missing = methods.filter((m) => !new RegExp(`\\b(readonly )?${m}[(:<]`).test(clientBlock));
  assert.deepEqual(missing, []);
});
