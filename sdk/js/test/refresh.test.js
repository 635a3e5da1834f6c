// Access tokens are renewed with auth.refresh before they expire.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryStorage } from "../src/switchboard.js";
import { PASSWORD, newClient, nextEvent, record, registered, serverFor, sleep } from "./support/helpers.js";
import { TestServer } from "./support/server.js";

test("the client refreshes its token before it expires and rebinds the connection", async (t) => {
  const server = await serverFor(t, TestServer, { extraYaml: "  access_token_ttl: 2s" });
  const storage = new MemoryStorage();
  const alice = newClient(t, server, { storage });
  const first = await alice.register({ username: "alice", password: PASSWORD });
  const sessions = record(alice, "session");
  await sleep(3500);
  assert.ok(sessions.length >= 1, "refreshed at least once");
  const current = alice.session;
  assert.notEqual(current.token, first.token);
  assert.notEqual(current.refresh_token, first.refresh_token);
  assert.equal(JSON.parse(storage.getItem("switchboard:session")).refresh_token, current.refresh_token);
  assert.equal((await alice.me()).username, "alice");
  // The old refresh token was consumed by the rotation.
  const other = await registered(t, server, "bob");
  await assert.rejects(other.request("auth.refresh", { refresh_token: first.refresh_token }), { code: "unauthorized" });

  // After a reconnect, the current token still binds the new connection.
  alice.networkChanged(false);
  alice.networkChanged(true);
  await alice.whenReady();
  assert.equal((await alice.me()).username, "alice");
});

test("a stored session whose token expired is refreshed before binding", async (t) => {
  const server = await serverFor(t, TestServer, { extraYaml: "  access_token_ttl: 1s" });
  const storage = new MemoryStorage();
  const alice = newClient(t, server, { storage });
  const first = await alice.register({ username: "alice", password: PASSWORD });
  alice.close();
  await sleep(1500);
  const reopened = newClient(t, server, { storage });
  const refreshed = nextEvent(reopened, "session");
  await reopened.restore();
  await reopened.whenReady();
  assert.notEqual((await refreshed).token, first.token);
  assert.equal((await reopened.me()).username, "alice");
});

test("a refresh token that no longer works ends the session with session.expired", async (t) => {
  const server = await serverFor(t, TestServer, { extraYaml: "  access_token_ttl: 1s" });
  const storage = new MemoryStorage();
  const alice = newClient(t, server, { storage });
  await alice.register({ username: "alice", password: PASSWORD });
  await alice.request("auth.logout", { all: true });
  const expired = await nextEvent(alice, "session.expired");
  assert.equal(expired.code, "unauthorized");
  assert.equal(alice.state, "idle");
  assert.equal(storage.getItem("switchboard:session"), null);
});

test("when another tab already used the refresh token, the session it stored is taken", async (t) => {
  const server = await serverFor(t, TestServer);
  const storage = new MemoryStorage();
  const tabA = newClient(t, server, { storage });
  await tabA.register({ username: "alice", password: PASSWORD });
  const tabB = newClient(t, server, { storage });
  await tabB.restore();
  await tabB.whenReady();
  const rotatedByB = await tabB._refresh();
  const takenByA = await tabA._refresh();
  assert.equal(takenByA.refresh_token, rotatedByB.refresh_token);
  assert.equal(tabA.session.token, rotatedByB.token);
  assert.equal(tabA.state, "ready");
  assert.equal((await tabA.me()).username, "alice");
});
