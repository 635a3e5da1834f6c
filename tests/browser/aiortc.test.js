// A second, independent WebRTC peer: Debian's python3-aiortc
// (support/aiortc_peer.py) answers a video call from the web app, then
// calls it; each side decodes the other's frames.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { WEB_DIR, eventually, launch, screenshotsOnFailure } from "./support/browser.js";

const PEER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "support/aiortc_peer.py");

/**
 * Starts the aiortc peer as `username`; resolves once it is logged in.
 * `result` resolves with its report (the last JSON line) when it exits 0.
 * @param {import("node:test").TestContext} t
 * @param {TestServer} server
 * @param {string[]} args
 */
async function startPeer(t, server, args) {
  const proc = spawn("/usr/bin/python3", [PEER_SCRIPT, "--url", server.url, "--username", "bob", "--password", PASSWORD, "--talk", "4", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
  });
  t.after(() => proc.kill());
  let stderr = "";
  proc.stderr.on("data", (chunk) => (stderr += chunk));
  const lines = [];
  const ready = new Promise((resolve) => {
    createInterface({ input: proc.stdout }).on("line", (line) => {
      lines.push(JSON.parse(line));
      if (lines.length === 1) resolve(undefined);
    });
  });
  const result = once(proc, "exit").then(([code]) => {
    if (code !== 0) throw new Error(`aiortc peer exited with ${code}: ${JSON.stringify(lines)}\n${stderr}`);
    return lines.at(-1);
  });
  await Promise.race([ready, result]);
  return { result };
}

/** Waits until the page decodes audio and video from the other side. @param {AppUser} user */
function receivesAudioAndVideo(user) {
  return eventually(async () => {
    const inbound = await user.inboundRtp();
    const audio = inbound.find((s) => s.kind === "audio" && s.packetsReceived > 0);
    const video = inbound.find((s) => s.kind === "video" && (s.framesDecoded ?? 0) > 0);
    return audio && video ? { audio, video } : false;
  }, `${user.username} to decode the aiortc peer's audio and video`, 20000);
}

test("the web app and an aiortc peer call each other, media both ways", { timeout: 150000 }, async (t) => {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const clients = [];
  for (const username of ["alice", "bob"]) {
    const client = new Client({ url: server.url, WebSocket });
    await client.register({ username, password: PASSWORD, display_name: username[0].toUpperCase() + username.slice(1) });
    clients.push(client);
  }
  const { conversation_id: cid } = await clients[0].createConversation({ type: "direct", members: [clients[1].userId] });
  for (const client of clients) client.close();

  const browser = await launch(t);
  const alice = await AppUser.open(browser, server, "alice");
  await alice.login();
  await alice.openConversation("Bob");
  await screenshotsOnFailure("aiortc", [alice], async () => {
    // The browser calls; aiortc answers.
    const answering = await startPeer(t, server, ["--answer"]);
    await alice.page.getByRole("button", { name: "Video call" }).click();
    const { video } = await receivesAudioAndVideo(alice);
    assert.ok(video.framesDecoded > 0);
    await alice.screenshot("41-call-with-aiortc");
    const fromBrowser = await answering.result;
    assert.ok(fromBrowser.audio_frames > 0, `aiortc received no audio: ${JSON.stringify(fromBrowser)}`);
    assert.ok(fromBrowser.video_frames > 0, `aiortc decoded no video: ${JSON.stringify(fromBrowser)}`);
    await alice.callNotice.filter({ hasText: /^Call ended/ }).waitFor();
    await alice.page.getByTestId("in-call").waitFor({ state: "detached" });

    // aiortc calls; the browser answers.
    const calling = await startPeer(t, server, ["--call", cid, "--media", "video"]);
    const incoming = alice.page.getByRole("alertdialog");
    await incoming.getByText("Incoming video call").waitFor();
    await incoming.getByRole("button", { name: "Accept" }).click();
    await receivesAudioAndVideo(alice);
    const fromBrowserAgain = await calling.result;
    assert.ok(fromBrowserAgain.audio_frames > 0 && fromBrowserAgain.video_frames > 0, JSON.stringify(fromBrowserAgain));
    await alice.callNotice.filter({ hasText: /^Call ended/ }).waitFor();
    assert.deepEqual(await alice.callOutcomes(2), ["completed", "completed"]);
    alice.assertNoPageErrors();
  });
});
