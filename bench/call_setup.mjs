// Call setup time: from the callee's `call.accept` to the first decoded
// video frame on each side, over N video calls between two Chromium pages
// (separate browser contexts, fake camera and microphone, loopback) running
// sdk/js's calls.start() / calls.answer() against a fresh Switchboard.
//
//   bash scripts/npm-ci.sh tests/browser      # playwright-core, from its lockfile
//   node bench/call_setup.mjs [--calls 20] [--warmup 1] [--json FILE]
//
// The warm-up calls before the measured ones are not counted (the first call
// of a browser also loads its codecs).
//
// Environment: SB_BINARY (default build/bin/switchboard), SB_WEB_DIR (the
// built web app, which carries the SDK under sdk/; default
// build/share/switchboard/web).
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { TestServer } from "../sdk/js/test/support/server.js";
import { WEB_DIR, launch } from "../tests/browser/support/browser.js";

const { values: options } = parseArgs({ options: { calls: { type: "string", default: "20" }, warmup: { type: "string", default: "1" }, json: { type: "string" } } });
const CALLS = Number(options.calls);
const WARMUP = Number(options.warmup);
const PASSWORD = "correct horse battery";
const CALL_TIMEOUT_MS = 15000;

/** Each page loads the SDK from the server's web folder, signs in and waits for calls. */
const PAGE_SETUP = async ({ url, username, password }) => {
  const { Client } = await import("/sdk/switchboard.js");
  const client = new Client({ url });
  await client.register({ username, password });
  const now = () => performance.timeOrigin + performance.now();
  const w = /** @type {any} */ (window);
  w.client = client;
  /**
   * When the first video frame of the call's remote stream is shown (a
   * muted video element's requestVideoFrameCallback: the frame was decoded).
   */
  w.firstFrame = (peer) =>
    new Promise((resolve) => {
      const video = document.createElementNS("http://www.w3.org/1999/xhtml", "video");
      video.muted = true;
      video.autoplay = true;
      document.documentElement.appendChild(video);
      const watch = (stream) => {
        if (video.srcObject) return;
        video.srcObject = stream;
        video.requestVideoFrameCallback(() => {
          resolve(now());
          video.srcObject = null;
          video.remove();
        });
      };
      if (peer.remoteStream) watch(peer.remoteStream);
      peer.on("remotestream", watch);
    });
  // The callee answers at once; acceptedAt is taken just before call.accept goes out.
  w.calls = [];
  client.calls.onIncoming(async (incoming) => {
    const record = { acceptedAt: now(), firstFrame: null };
    w.calls.push(record);
    const peer = await client.calls.answer(incoming);
    w.peer = peer;
    record.firstFrame = await w.firstFrame(peer);
  });
  return client.userId;
};

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

const afters = [];
const t = { after: (/** @type {Function} */ fn) => afters.push(fn) };
const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
try {
  const browser = await launch(t);
  const pages = [];
  for (const username of ["caller", "callee"]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A document the server serves (not the app, which would start its own client): the SDK's
    // module loads from its origin, and Chromium lets a loopback page open loopback sockets.
    await page.goto(`${server.httpUrl}/favicon.svg`);
    pages.push({ page, userId: await page.evaluate(PAGE_SETUP, { url: server.url, username, password: PASSWORD }) });
  }
  const [caller, callee] = pages;
  const conversationId = await caller.page.evaluate(
    async (member) => (await /** @type {any} */ (window).client.createConversation({ type: "direct", members: [member] })).conversation_id,
    callee.userId,
  );

  const rows = [];
  for (let i = 0; i < WARMUP + CALLS; i++) {
    const callerFrame = await caller.page.evaluate(
      async ({ conversationId, timeoutMs }) => {
        const w = /** @type {any} */ (window);
        const peer = await w.client.calls.start(conversationId, { media: "video" });
        w.peer = peer;
        const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`no frame within ${timeoutMs} ms (state ${peer.state})`)), timeoutMs));
        return Promise.race([w.firstFrame(peer), timeout]);
      },
      { conversationId, timeoutMs: CALL_TIMEOUT_MS },
    );
    const { acceptedAt, firstFrame: calleeFrame } = await callee.page.evaluate(async (timeoutMs) => {
      const w = /** @type {any} */ (window);
      const deadline = Date.now() + timeoutMs;
      while (w.calls.at(-1)?.firstFrame == null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return w.calls.at(-1);
    }, CALL_TIMEOUT_MS);
    if (calleeFrame == null) throw new Error(`call ${i + 1}: the callee decoded no frame`);
    if (i >= WARMUP) rows.push({ caller_ms: callerFrame - acceptedAt, callee_ms: calleeFrame - acceptedAt, both_ms: Math.max(callerFrame, calleeFrame) - acceptedAt });
    await caller.page.evaluate(() => /** @type {any} */ (window).peer.hangup());
    await callee.page.evaluate(async () => {
      const w = /** @type {any} */ (window);
      while (w.peer?.state !== "ended") await new Promise((r) => setTimeout(r, 5));
    });
  }

  const summary = {
    bench: "call_setup",
    calls: rows.length,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    chromium: browser.version(),
  };
  for (const key of ["both_ms", "caller_ms", "callee_ms"]) {
    const values = rows.map((r) => r[key]);
    summary[key] = { median: Math.round(quantile(values, 0.5)), p90: Math.round(quantile(values, 0.9)), max: Math.round(Math.max(...values)) };
  }
  console.log(`call setup, call.accept → first decoded frame, ${rows.length} video calls on loopback`);
  console.log("                     median    p90    max");
  for (const [label, key] of [["both sides", "both_ms"], ["caller", "caller_ms"], ["callee", "callee_ms"]]) {
    const s = summary[key];
    console.log(`${label.padEnd(18)} ${String(s.median).padStart(6)} ms ${String(s.p90).padStart(4)} ms ${String(s.max).padStart(4)} ms`);
  }
  console.log(JSON.stringify(summary));
  if (options.json) writeFileSync(options.json, JSON.stringify({ ...summary, rows }, null, 2));
} finally {
  for (const fn of afters.reverse()) await fn();
  await server.close();
}
