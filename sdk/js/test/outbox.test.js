// Messages sent while offline are kept and sent once when the connection is back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryStorage, newClientMsgId } from "../src/switchboard.js";
import { PASSWORD, newClient, nextEvent, record, registered, serverFor, sleep, until } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

test("messages typed offline are sent once, in order, with their client_msg_id, when back online", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  const bobGot = record(bob, "message.new");

  alice.networkChanged(false);
  const ids = [newClientMsgId(), newClientMsgId(), newClientMsgId()];
  const sends = ids.map((id, i) => alice.sendMessage({ conversation_id: cid, client_msg_id: id, body: `offline ${i}` }));
  await sleep(200);
  assert.deepEqual(alice.pendingMessages(cid).map((e) => e.client_msg_id), ids);
  assert.equal(bobGot.length, 0);

  alice.networkChanged(true);
  const results = await Promise.all(sends);
  assert.deepEqual(results.map((r) => r.client_msg_id), ids);
  assert.deepEqual(results.map((r) => r.seq), [1, 2, 3]);
  assert.deepEqual(alice.pendingMessages(), []);
  await until(() => bobGot.length === 3, "bob's copies");
  await sleep(200);
  assert.deepEqual(bobGot.map(([m]) => m.client_msg_id), ids);
  const history = (await bob.history(cid)).messages;
  assert.deepEqual(history.map((m) => m.client_msg_id), ids);
});

test("the outbox survives the app: a new client with the same storage sends what the old one could not", async (t) => {
  const server = await serverFor(t, TestServer);
  const storage = new MemoryStorage();
  const alice = newClient(t, server, { storage });
  await alice.register({ username: "alice", password: PASSWORD });
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  alice.networkChanged(false);
  const pending = alice.sendMessage({ conversation_id: cid, body: "typed on the train" });
  pending.catch(() => {});
  await sleep(50);
  const aliceId = alice.userId;
  alice.close();
  assert.match(storage.getItem(`switchboard:outbox:${aliceId}`), /typed on the train/);

  const bobGot = nextEvent(bob, "message.new");
  const reopened = newClient(t, server, { storage });
  const sent = nextEvent(reopened, "message.sent");
  await reopened.restore();
  assert.equal(reopened.pendingMessages(cid).length, 1);
  assert.equal((await sent).seq, 1);
  assert.equal((await bobGot)[0].body, "typed on the train");
  await sleep(200);
  assert.equal((await bob.history(cid)).messages.length, 1);
  assert.equal(reopened.pendingMessages().length, 0);
});

test("a send whose answer was lost is resent and deduplicated: stored once", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  // The request reaches the server, but the connection drops before the answer.
  const conn = alice._connection;
  const realCall = conn.call.bind(conn);
  let dropped = false;
  conn.call = (op, data, options) => {
    const p = realCall(op, data, options);
    if (op === "message.send" && !dropped) {
      dropped = true;
      setTimeout(() => conn.drop("lost answer"), 0);
    }
    return p;
  };
  const bobGot = record(bob, "message.new");
  const sent = await alice.sendMessage({ conversation_id: cid, body: "exactly once" });
  assert.ok(dropped);
  assert.equal(sent.seq, 1);
  await until(() => bobGot.length >= 1, "bob's copy");
  await sleep(300);
  assert.equal(bobGot.length, 1);
  assert.equal((await bob.history(cid)).messages.length, 1);
});

test("kill -9 of the server in the middle of a burst loses nothing and duplicates nothing", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  bob.close();
  alice.on("message.sent", (s) => {
    if (s.seq === 10) server.proc.kill("SIGKILL");
  });
  const sends = Array.from({ length: 40 }, (_, i) => alice.sendMessage({ conversation_id: cid, body: `burst ${i}` }));
  await server._exit;
  assert.ok(alice.pendingMessages().length >= 30, "the server died in the middle of the burst");
  await server.start();
  const results = await Promise.all(sends);
  assert.deepEqual(results.map((r) => r.seq), Array.from({ length: 40 }, (_, i) => i + 1));
  const reader = newClient(t, server);
  await reader.login({ username: "bob", password: PASSWORD });
  const history = (await reader.history(cid, { limit: 100 })).messages;
  assert.deepEqual(history.map((m) => m.body), Array.from({ length: 40 }, (_, i) => `burst ${i}`));
});

test("a message the server refuses for good leaves the outbox and reports message.failed", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const eve = await registered(t, server, "eve");
  const bob = await registered(t, server, "bob");
  const { conversation_id: cid } = await bob.createConversation({ type: "direct", members: [eve.userId] });
  const { conversation_id: mine } = await alice.createConversation({ type: "direct", members: [bob.userId] });
  const failed = nextEvent(alice, "message.failed");
  const refused = alice.sendMessage({ conversation_id: cid, body: "not my conversation" });
  const fine = alice.sendMessage({ conversation_id: mine, body: "next one still goes" });
  await assert.rejects(refused, { code: "forbidden" });
  assert.equal((await failed).error.code, "forbidden");
  assert.equal((await fine).seq, 1);
  assert.deepEqual(alice.pendingMessages(), []);
});
