// Connecting, registering, logging in, restoring a stored session.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { Client, MemoryStorage, SwitchboardError } from "../src/switchboard.js";
import { PASSWORD, newClient, nextEvent, registered, serverFor } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

test("register binds the connection and reports ready", async (t) => {
  const server = await serverFor(t, TestServer);
  const client = newClient(t, server);
  const states = [];
  client.on("state", (s) => states.push(s));
  const session = await client.register({ username: "alice", password: PASSWORD, display_name: "Alice" });
  assert.match(session.user_id, /.+/);
  assert.equal(client.userId, session.user_id);
  assert.equal(client.state, "ready");
  assert.deepEqual(states.slice(0, 2), ["connecting", "connected"]);
  assert.deepEqual(states.slice(-2), ["authenticating", "ready"]);
  const me = await client.me();
  assert.equal(me.username, "alice");
  assert.equal(me.display_name, "Alice");
});

test("login with a wrong password rejects with unauthorized and stays logged out", async (t) => {
  const server = await serverFor(t, TestServer);
  await registered(t, server, "alice");
  const client = newClient(t, server);
  await assert.rejects(client.login({ username: "alice", password: "wrong password" }), (err) => {
    assert.ok(err instanceof SwitchboardError);
    assert.equal(err.code, "unauthorized");
    assert.equal(err.op, "auth.login");
    return true;
  });
  assert.equal(client.userId, null);
  await assert.rejects(client.me(), { code: "unauthorized" });
  const session = await client.login({ username: "alice", password: PASSWORD });
  assert.equal(client.userId, session.user_id);
});

test("a taken username is a conflict", async (t) => {
  const server = await serverFor(t, TestServer);
  await registered(t, server, "alice");
  const client = newClient(t, server);
  await assert.rejects(client.register({ username: "alice", password: PASSWORD }), { code: "conflict" });
});

test("restore() picks up the session stored by login, without a password", async (t) => {
  const server = await serverFor(t, TestServer);
  const storage = new MemoryStorage();
  const first = newClient(t, server, { storage });
  const session = await first.register({ username: "alice", password: PASSWORD });
  first.close();

  const second = newClient(t, server, { storage });
  assert.equal(await second.restore(), true);
  await second.whenReady();
  assert.equal(second.userId, session.user_id);
  assert.equal((await second.me()).username, "alice");

  const empty = newClient(t, server);
  assert.equal(await empty.restore(), false);
  await assert.rejects(empty.whenReady(), { code: "unauthorized" });
});

test("logout revokes the refresh token and forgets the session", async (t) => {
  const server = await serverFor(t, TestServer);
  const storage = new MemoryStorage();
  const client = newClient(t, server, { storage });
  const session = await client.register({ username: "alice", password: PASSWORD });
  await client.logout();
  assert.equal(client.state, "idle");
  assert.equal(client.userId, null);
  assert.equal(storage.getItem("switchboard:session"), null);
  await assert.rejects(client.me(), { code: "unauthorized" });

  const other = newClient(t, server);
  await other.login({ username: "alice", password: PASSWORD });
  await assert.rejects(other.request("auth.refresh", { refresh_token: session.refresh_token }), { code: "unauthorized" });
});

test("useSession accepts a token minted elsewhere and signals when it expires without a refresh token", async (t) => {
  const server = await serverFor(t, TestServer, { extraYaml: "  access_token_ttl: 2s" });
  const minter = await registered(t, server, "alice");
  const client = newClient(t, server);
  const session = await client.useSession({ token: minter.session.token });
  assert.equal(session.user_id, minter.userId);
  assert.equal((await client.me()).username, "alice");
  const expired = await nextEvent(client, "session.expired");
  assert.equal(expired.code, "unauthorized");
  assert.equal(client.state, "idle");
});

test("requests wait for the connection, and time out when it does not come", async (t) => {
  const server = await serverFor(t, TestServer);
  const storage = new MemoryStorage();
  const alice = newClient(t, server, { storage });
  await alice.register({ username: "alice", password: PASSWORD });
  alice.close();
  await server.stop();

  const client = newClient(t, server, { storage });
  await client.restore();
  const me = client.me();
  await new Promise((r) => setTimeout(r, 300));
  await server.start();
  assert.equal((await me).username, "alice");

  await server.stop();
  await assert.rejects(client.request("user.me", {}, { timeoutMs: 400 }), { code: "timeout" });
});

test("a closed client refuses everything with 'closed'", async (t) => {
  const server = await serverFor(t, TestServer);
  const client = await registered(t, server, "alice");
  client.close();
  assert.equal(client.state, "closed");
  await assert.rejects(client.me(), { code: "closed" });
  await assert.rejects(client.sendMessage({ conversation_id: "c", body: "x" }), { code: "closed" });
  await assert.rejects(client.login({ username: "alice", password: PASSWORD }), { code: "closed" });
});

test("bad options are refused with a precise message", () => {
  assert.throws(() => new Client({ url: "http://x", WebSocket }), /ws:\/\/ or wss:\/\//);
  assert.throws(() => new Client({ url: "ws://127.0.0.1:1/v1/ws" , WebSocket: undefined }), /no WebSocket constructor/);
  assert.throws(() => new Client({ url: "ws://127.0.0.1:1/v1/ws", WebSocket, storage: {} }), /storage must have getItem/);
  assert.throws(() => new Client({ url: "ws://127.0.0.1:1/v1/ws", WebSocket, httpUrl: "ftp://x" }), /httpUrl must be/);
});
