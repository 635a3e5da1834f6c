// Server events reach the app as client events.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nextEvent, record, registered, serverFor, sleep, until } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

test("message.new, automatic delivered receipts, read receipts", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });

  const incoming = nextEvent(bob, "message.new");
  const delivered = nextEvent(alice, "receipt", (r) => r.user_id === bob.userId && r.delivered_seq === 1);
  const sent = await alice.sendMessage({ conversation_id: cid, body: "hi bob" });
  const [message, info] = await incoming;
  assert.equal(message.body, "hi bob");
  assert.equal(message.sender_id, alice.userId);
  assert.equal(message.client_msg_id, sent.client_msg_id);
  assert.equal(info.missed, false);
  assert.equal((await delivered).read_seq, 0, "bob's client acknowledged delivery by itself");

  const read = nextEvent(alice, "receipt", (r) => r.read_seq === 1);
  await bob.markRead(cid, 1);
  assert.equal((await read).user_id, bob.userId);
});

test("the sender's own client gets no message.new for what it sent", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  const own = record(alice, "message.new");
  const sentEvents = record(alice, "message.sent");
  const bobGot = record(bob, "message.new");
  for (let i = 0; i < 3; i++) await alice.sendMessage({ conversation_id: cid, body: `m${i}` });
  await until(() => bobGot.length === 3, "bob's three messages");
  await bob.sendMessage({ conversation_id: cid, body: "reply" });
  await until(() => own.length === 1, "bob's reply");
  assert.equal(own[0][0].body, "reply");
  assert.deepEqual(sentEvents.map((s) => [s.seq, s.body]), [[1, "m0"], [2, "m1"], [3, "m2"]]);
});

test("typing, presence, edits, deletions, reactions and conversation changes", async (t) => {
  const server = await serverFor(t, TestServer, { extraYaml: "chat:\n  presence_grace: 300ms" });
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const carol = await registered(t, server, "carol");

  const newConversation = nextEvent(bob, "conversation.new");
  const { conversation_id: cid } = await alice.createConversation({ type: "group", members: [bob.userId], title: "g" });
  assert.equal((await newConversation).conversation.conversation_id, cid);

  const typing = nextEvent(alice, "typing");
  await bob.setTyping(cid, true);
  assert.deepEqual(await typing, { conversation_id: cid, user_id: bob.userId, active: true });

  const { seq } = await alice.sendMessage({ conversation_id: cid, body: "draft" });
  const edited = nextEvent(bob, "message.edited");
  await alice.editMessage(cid, seq, "final");
  assert.equal((await edited).body, "final");
  const reaction = nextEvent(alice, "reaction");
  await bob.addReaction(cid, seq, "🎉");
  assert.equal((await reaction).emoji, "🎉");
  const deleted = nextEvent(bob, "message.deleted");
  await alice.deleteMessage(cid, seq);
  assert.equal((await deleted).seq, seq);

  const updated = nextEvent(bob, "conversation.updated", (e) => e.added?.includes(carol.userId));
  await alice.addMembers(cid, [carol.userId]);
  assert.ok((await updated).conversation.members.some((m) => m.user_id === carol.userId));

  await alice.subscribePresence([carol.userId]);
  const offline = nextEvent(alice, "presence", (p) => p.user_id === carol.userId && !p.online);
  carol.close();
  const p = await offline;
  assert.ok(p.last_seen_at > 0);
});

test("a listener that throws does not stop the others", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  const errors = record(bob, "error");
  bob.on("message.new", () => {
    throw new Error("app bug");
  });
  const second = nextEvent(bob, "message.new");
  await alice.sendMessage({ conversation_id: cid, body: "x" });
  await second;
  await sleep(10);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].message, "app bug");
});

test("messages that arrived while the recipient had no client are acknowledged as delivered when it comes", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  bob.close();
  await alice.sendMessage({ conversation_id: cid, body: "while you were away" });
  await sleep(200);
  assert.equal((await alice.getConversation(cid)).members.find((m) => m.user_id === bob.userId).delivered_seq, 0);
  const delivered = nextEvent(alice, "receipt", (r) => r.user_id === bob.userId && r.delivered_seq === 1);
  const { newClient, PASSWORD } = await import("./support/helpers.js");
  await newClient(t, server).login({ username: "bob", password: PASSWORD });
  assert.equal((await delivered).read_seq, 0);
});
