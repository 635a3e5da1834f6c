// Reconnecting with backoff after the socket closes or the server restarts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "../src/switchboard.js";
import { nextEvent, record, registered, serverFor, sleep, until } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

test("backoff doubles up to its maximum, with bounded jitter, and resets", () => {
  const exact = new Backoff({ initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => exact.next()), [100, 200, 400, 800, 1000, 1000]);
  exact.reset();
  assert.equal(exact.next(), 100);
  const low = new Backoff({ initialMs: 100, jitter: 0.5, random: () => 0 });
  const high = new Backoff({ initialMs: 100, jitter: 0.5, random: () => 0.999999 });
  assert.equal(low.next(), 50);
  assert.equal(high.next(), 150);
  assert.throws(() => new Backoff({ initialMs: 0 }), /initialMs/);
  assert.throws(() => new Backoff({ jitter: 1 }), /jitter/);
});

test("after a server restart the client comes back by itself, with growing delays while it is down", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice", { backoff: { initialMs: 100, maxMs: 800, jitter: 0 } });
  const closes = [];
  alice._connection.on("close", (info) => closes.push(info));
  const states = record(alice, "state");

  await server.stop();
  await until(() => closes.length >= 4, "several failed reconnects");
  assert.ok(closes.every((c) => c.willReconnect));
  assert.deepEqual(closes.slice(0, 4).map((c) => c.delayMs), [100, 200, 400, 800]);
  assert.equal(alice.state, "offline");

  await server.start();
  await alice.whenReady({ timeoutMs: 5000 });
  assert.deepEqual(states.slice(-2), ["authenticating", "ready"]);
  assert.equal((await alice.me()).username, "alice");
});

test("a dropped socket reconnects, and requests in flight fail with 'disconnected'", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  const inFlight = alice.me();
  alice.networkChanged(false);
  await assert.rejects(inFlight, { code: "disconnected" });
  assert.equal(alice.state, "offline");
  alice.networkChanged(true);
  await alice.whenReady();
  assert.equal((await alice.me()).username, "alice");
});

test("a server that stops answering is left after the request timeout", async (t) => {
  const server = await serverFor(t, TestServer);
  const alice = await registered(t, server, "alice");
  await sleep(200); // the catch-up after login is answered
  server.proc.kill("SIGSTOP");
  t.after(() => server.proc.kill("SIGCONT"));
  await assert.rejects(alice.request("user.me", {}, { timeoutMs: 500 }), { code: "timeout" });
  assert.notEqual(alice.state, "ready");
  server.proc.kill("SIGCONT");
  await alice.whenReady({ timeoutMs: 5000 });
});

test("presence subscriptions are renewed after a reconnect", async (t) => {
  const server = await serverFor(t, TestServer, { extraYaml: "chat:\n  presence_grace: 200ms" });
  const alice = await registered(t, server, "alice");
  const bob = await registered(t, server, "bob");
  await alice.createConversation({ type: "direct", members: [bob.userId] });
  await alice.subscribePresence([bob.userId]);
  alice.networkChanged(false);
  alice.networkChanged(true);
  const online = await nextEvent(alice, "presence", (p) => p.user_id === bob.userId && p.online);
  assert.equal(online.online, true);
  const offline = nextEvent(alice, "presence", (p) => p.user_id === bob.userId && !p.online);
  bob.close();
  await offline;
});
