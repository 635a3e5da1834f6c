// The small parts on their own: Outbox over async storage, Session expiry, ids, Emitter.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Emitter, MemoryStorage, Outbox, Session, newClientMsgId } from "../src/switchboard.js";

/** AsyncStorage-like: every call answers later. */
class AsyncStorage {
  constructor() {
    this.inner = new MemoryStorage();
  }
  async getItem(k) {
    await new Promise((r) => setTimeout(r, 1));
    return this.inner.getItem(k);
  }
  async setItem(k, v) {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    this.inner.setItem(k, v);
  }
  async removeItem(k) {
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    this.inner.removeItem(k);
  }
}

const entry = (id) => ({ client_msg_id: id, conversation_id: "c", data: { conversation_id: "c", client_msg_id: id, body: id }, queued_at: 1 });

test("Outbox keeps order and persists the last state over async storage", async () => {
  const storage = new AsyncStorage();
  const outbox = new Outbox(storage, "k");
  outbox.add(entry("a"));
  outbox.add(entry("b"));
  outbox.add(entry("a"));
  outbox.remove("a");
  await outbox.add(entry("c"));
  assert.deepEqual(outbox.entries().map((e) => e.client_msg_id), ["b", "c"]);
  const reloaded = new Outbox(storage, "k");
  assert.deepEqual((await reloaded.load()).map((e) => e.client_msg_id), ["b", "c"]);
  reloaded.remove("b");
  await reloaded.remove("c");
  assert.equal(await storage.getItem("k"), null);
});

test("Outbox.load ignores unreadable storage and keeps what was added before", async () => {
  const storage = new MemoryStorage();
  storage.setItem("k", "{not json");
  const outbox = new Outbox(storage, "k");
  outbox.add(entry("x"));
  assert.deepEqual((await outbox.load()).map((e) => e.client_msg_id), ["x"]);
});

/** An unsigned JWT-shaped token with the given claims. */
function token(claims) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "HS256" })}.${b64(claims)}.sig`;
}

test("Session measures expiry on the local clock from the token's lifetime", () => {
  // The server's clock is an hour ahead: exp is far in the local future, but the lifetime is 60 s.
  const serverNow = Math.floor(Date.now() / 1000) + 3600;
  const s = new Session({ token: token({ sub: "u1", iat: serverNow, exp: serverNow + 60 }), refresh_token: "r", obtained_at: 1000 });
  assert.equal(s.user_id, "u1");
  assert.equal(s.local_expiry, 61000);
  assert.equal(s.lifetimeMs, 60000);
  assert.equal(s.msLeft(31000), 30000);
  assert.deepEqual(Session.parse(JSON.stringify(s)).toJSON(), s.toJSON());
  assert.equal(Session.parse("garbage"), null);
  assert.equal(Session.parse(null), null);
  assert.throws(() => new Session({ token: "" }), /token must be/);
  assert.throws(() => new Session({ token: "opaque" }), /user_id is missing/);
  assert.equal(new Session({ token: "opaque", user_id: "u2" }).msLeft(), Infinity);
});

test("newClientMsgId makes distinct UUIDs", () => {
  const ids = new Set(Array.from({ length: 1000 }, newClientMsgId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test("Emitter: on, once, off", () => {
  const e = new Emitter();
  const seen = [];
  const off = e.on("x", (v) => seen.push(["on", v]));
  e.once("x", (v) => seen.push(["once", v]));
  e.emit("x", 1);
  off();
  e.emit("x", 2);
  assert.deepEqual(seen, [["on", 1], ["once", 1]]);
  assert.throws(() => e.on("x", "nope"), /must be a function/);
});
