// Helpers shared by the SDK's tests: clients wired to the test server with
// npm's `ws`, and waiting for events with a deadline.
import WebSocket from "ws";
import { Client, MemoryStorage } from "../../src/switchboard.js";

export const PASSWORD = "correct horse battery";
export const TIMEOUT_MS = 10000;

/**
 * A client of `server` (not connected yet), closed by `t.after`.
 * @param {import("node:test").TestContext} t
 * @param {import("./server.js").TestServer} server
 * @param {object} [options]
 */
export function newClient(t, server, options = {}) {
  const client = new Client({
    url: server.url,
    httpUrl: server.http ? server.httpUrl : undefined,
    WebSocket,
    storage: new MemoryStorage(),
    backoff: { initialMs: 50, maxMs: 400 },
    requestTimeoutMs: 5000,
    ...options,
  });
  t.after(() => client.close());
  return client;
}

/** A client logged in as a new user `username`. */
export async function registered(t, server, username, options = {}) {
  const client = newClient(t, server, options);
  await client.register({ username, password: PASSWORD });
  return client;
}

/**
 * The next `name` event whose arguments satisfy `predicate`.
 * @param {import("../../src/emitter.js").Emitter} emitter
 * @param {string} name
 * @param {(...args: any[]) => boolean} [predicate]
 * @param {number} [timeoutMs]
 */
export function nextEvent(emitter, name, predicate = () => true, timeoutMs = TIMEOUT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${name}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = emitter.on(name, (...args) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args.length > 1 ? args : args[0]);
    });
  });
}

/** Records every `name` event into the returned array. */
export function record(emitter, name) {
  const seen = [];
  emitter.on(name, (...args) => seen.push(args.length > 1 ? args : args[0]));
  return seen;
}

/** Polls `condition` until it holds. */
export async function until(condition, what, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Resolves after `ms`. */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts a server for one test and stops it (and removes its files) after. */
export async function serverFor(t, ServerClass, options) {
  const server = await new ServerClass(options).start();
  t.after(async () => {
    await server.close();
  });
  return server;
}
