// After a reconnect the client hands over exactly what it missed, in order, once.
import assert from "node:assert/strict";
import { test } from "node:test";
import { record, registered, serverFor, until, nextEvent } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

test("messages sent while a client was offline arrive once, in order, marked missed", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob", { historyPageSize: 3 });
  const { conversation_id: direct } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  const { conversation_id: group } = await alice.createConversation({ type: "group", members: [bob.userId], title: "g" });
  const got = record(bob, "message.new");
  await alice.sendMessage({ conversation_id: direct, body: "before" });
  await until(() => got.length === 1, "the live message");

  bob.networkChanged(false);
  for (let i = 0; i < 7; i++) await alice.sendMessage({ conversation_id: direct, body: `missed ${i}` });
  await alice.sendMessage({ conversation_id: group, body: "group missed" });
  const synced = nextEvent(bob, "synced");
  bob.networkChanged(true);
  const sync = await synced;
  assert.equal(sync.first, false);
  await until(() => got.length === 9, "the missed messages");

  const directBodies = got.filter(([m]) => m.conversation_id === direct).map(([m]) => m.body);
  assert.deepEqual(directBodies, ["before", ...Array.from({ length: 7 }, (_, i) => `missed ${i}`)]);
  assert.deepEqual(got.filter(([m]) => m.conversation_id === direct).map(([m]) => m.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(got.filter(([m]) => m.conversation_id === group).map(([m]) => m.body), ["group missed"]);
  assert.ok(got.slice(1).every(([, info]) => info.missed));

  await alice.sendMessage({ conversation_id: direct, body: "live again" });
  await until(() => got.length === 10, "the next live message");
  assert.equal(got[9][0].seq, 9);
  assert.equal(got[9][1].missed, false);
});

test("the first sync treats existing messages as history, not news", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  await alice.sendMessage({ conversation_id: cid, body: "old" });
  bob.close();

  const { newClient, PASSWORD } = await import("./support/helpers.js");
  const fresh = newClient(t, server);
  const got = record(fresh, "message.new");
  const synced = nextEvent(fresh, "synced");
  await fresh.login({ username: "bob", password: PASSWORD });
  assert.equal((await synced).first, true);
  await alice.sendMessage({ conversation_id: cid, body: "new" });
  await until(() => got.length === 1, "the new message");
  assert.deepEqual(got.map(([m]) => m.body), ["new"]);
});

test("a conversation that appeared while offline is delivered from its start", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob", { historyPageSize: 2 });
  await alice.createConversation({ type: "direct", members: [bob.userId] });
  await until(() => bob._synced, "bob's first sync");
  const got = record(bob, "message.new");
  bob.networkChanged(false);
  const { conversation_id: group } = await alice.createConversation({ type: "group", members: [bob.userId], title: "new" });
  const bodies = ["one", "two", "three", "four", "five"];
  for (const body of bodies) await alice.sendMessage({ conversation_id: group, body });
  bob.networkChanged(true);
  await until(() => got.length === 5, "the new conversation's messages");
  assert.deepEqual(got.map(([m]) => m.body), bodies);
  assert.ok(got.every(([m]) => m.conversation_id === group));
});

test("a gap in live events is filled from history before the newer message", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  const got = record(bob, "message.new");
  await alice.sendMessage({ conversation_id: cid, body: "1" });
  await until(() => got.length === 1, "the first message");
  // Bob's client loses the events of seq 2 and 3 (as if they were dropped on the way).
  const original = bob._feed.receive.bind(bob._feed);
  bob._feed.receive = (m) => (m.seq === 2 || m.seq === 3 ? Promise.resolve() : original(m));
  for (const body of ["2", "3", "4"]) await alice.sendMessage({ conversation_id: cid, body });
  await until(() => got.length === 4, "the gap filled");
  assert.deepEqual(got.map(([m]) => m.body), ["1", "2", "3", "4"]);
  assert.deepEqual(got.map(([, i]) => i.missed), [false, true, true, true], "4 came with the page that filled the gap");
});

test("messages from the user's other device arrive; its own sends from this client do not", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { newClient, PASSWORD } = await import("./support/helpers.js");
  const alicePhone = newClient(t, server);
  await alicePhone.login({ username: "alice", password: PASSWORD });
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  const laptopGot = record(alice, "message.new");
  const phoneGot = record(alicePhone, "message.new");
  await alice.sendMessage({ conversation_id: cid, body: "from the laptop" });
  await alicePhone.sendMessage({ conversation_id: cid, body: "from the phone" });
  await until(() => laptopGot.length === 1 && phoneGot.length === 1, "each device sees the other's message");
  assert.equal(laptopGot[0][0].body, "from the phone");
  assert.equal(phoneGot[0][0].body, "from the laptop");
});
