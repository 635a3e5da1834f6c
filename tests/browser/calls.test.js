// Calls between two people in two browser contexts (Chromium's fake camera
// and microphone): a video call and an audio call where each side's getStats
// shows packets received and frames decoded, with mute, camera, the quality
// indicator, hang up and the calls tab.
import assert from "node:assert/strict";
import { test } from "node:test";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser } from "./support/app_user.js";
import { WEB_DIR, eventually, launch, screenshotsOnFailure } from "./support/browser.js";

/** Alice and Bob registered, each in a context of their own, Alice in their conversation. */
async function twoUsers(t, options = {}) {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const browser = await launch(t);
  const alice = await AppUser.open(browser, server, "alice", options);
  await alice.register();
  const bob = await AppUser.open(browser, server, "bob", options);
  await bob.register();
  await alice.startChatWith(bob);
  return { alice, bob };
}

/**
 * Waits until the page receives media of `kinds` from the other side.
 * @param {AppUser} user
 * @param {string[]} kinds
 */
async function receivesMedia(user, kinds) {
  return eventually(async () => {
    const inbound = await user.inboundRtp();
    const flowing = kinds.every((kind) =>
      inbound.some((s) => s.kind === kind && s.packetsReceived > 0 && (kind !== "video" || (s.framesDecoded ?? 0) > 0)),
    );
    return flowing ? inbound : false;
  }, `${user.username} to receive ${kinds.join(" and ")}`, 20000);
}

test("a video call: both sides decode each other's frames; mute, camera off, hang up, history", { timeout: 150000 }, async (t) => {
  const { alice, bob } = await twoUsers(t);
  await screenshotsOnFailure("video-call", [alice, bob], async () => {
    await alice.page.getByRole("button", { name: "Video call" }).click();
    const aliceCall = alice.page.getByTestId("in-call");
    await aliceCall.waitFor();

    const incoming = bob.page.getByRole("alertdialog");
    await incoming.getByText("Incoming video call").waitFor();
    assert.equal(await incoming.getByRole("heading").textContent(), "Alice");
    await eventually(async () => (await aliceCall.getAttribute("data-state")) === "ringing", "Alice to hear it ring");
    await alice.page.getByTestId("call-status").filter({ hasText: "Ringing…" }).waitFor();
    await bob.screenshot("21-incoming-video-call");
    await incoming.getByRole("button", { name: "Accept" }).click();

    const bobCall = bob.page.getByTestId("in-call");
    for (const call of [aliceCall, bobCall]) await eventually(async () => (await call.getAttribute("data-state")) === "connected", "the call to connect");
    const [atAlice, atBob] = [await receivesMedia(alice, ["audio", "video"]), await receivesMedia(bob, ["audio", "video"])];
    assert.ok(atAlice.find((s) => s.kind === "video").framesDecoded > 0);
    assert.ok(atBob.find((s) => s.kind === "video").framesDecoded > 0);
    await alice.page.getByTestId("call-status").filter({ hasText: /^\d+:\d\d$/ }).waitFor();
    await eventually(async () => /connection$/.test((await alice.page.getByTestId("call-quality").textContent()) ?? ""), "the quality indicator");
    await eventually(() => bob.page.getByTestId("remote-video").evaluate((v) => /** @type {HTMLVideoElement} */ (v).videoWidth > 0), "Bob's remote video to play");
    await bob.screenshot("22-in-video-call");

    // Mute and camera off stop what is sent, not the call.
    await alice.page.getByRole("button", { name: "Mute" }).click();
    await alice.page.getByRole("button", { name: "Unmute" }).waitFor();
    assert.equal(await alice.page.getByRole("button", { name: "Unmute" }).getAttribute("aria-pressed"), "true");
    const aliceAudioEnabled = await alice.page.evaluate(() =>
      /** @type {any} */ (window).__peerConnections.at(-1).getSenders().filter((/** @type {RTCRtpSender} */ s) => s.track?.kind === "audio").map((/** @type {RTCRtpSender} */ s) => s.track?.enabled),
    );
    assert.deepEqual(aliceAudioEnabled, [false]);
    await bob.page.getByRole("button", { name: "Turn camera off" }).click();
    await bob.page.getByRole("button", { name: "Turn camera on" }).waitFor();
    assert.equal(await bob.page.getByTestId("local-video").isVisible(), false, "Bob's own preview hides with his camera off");
    await bob.screenshot("23-in-call-muted-camera-off");

    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await alice.callNotice.filter({ hasText: /^Call ended · \d+:\d\d$/ }).waitFor();
    await bob.callNotice.filter({ hasText: /^Call ended · \d+:\d\d$/ }).waitFor();
    await bobCall.waitFor({ state: "detached" });
    await aliceCall.waitFor({ state: "detached" });

    assert.deepEqual(await alice.callOutcomes(), ["completed"]);
    assert.deepEqual(await bob.callOutcomes(), ["completed"]);
    const record = alice.page.getByTestId("call-record").first();
    assert.match(await record.getByTestId("call-outcome").textContent(), /^Outgoing video · \d+:\d\d$/);
    assert.match(await bob.page.getByTestId("call-record").first().getByTestId("call-outcome").textContent(), /^Incoming video/);
    await alice.screenshot("24-calls-tab");
    alice.assertNoPageErrors();
    bob.assertNoPageErrors();
  });
});

test("an audio call on phones, called back from the calls tab", { timeout: 150000 }, async (t) => {
  const phone = { viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  const { alice, bob } = await twoUsers(t, phone);
  await screenshotsOnFailure("audio-call", [alice, bob], async () => {
    await alice.page.getByRole("button", { name: "Audio call" }).click();
    const incoming = bob.page.getByRole("alertdialog");
    await incoming.getByText("Incoming audio call").waitFor();
    await bob.screenshot("25-phone-incoming-audio-call");
    await incoming.getByRole("button", { name: "Accept" }).click();

    const [atAlice, atBob] = [await receivesMedia(alice, ["audio"]), await receivesMedia(bob, ["audio"])];
    assert.deepEqual(atAlice.map((s) => s.kind), ["audio"], "an audio call carries no video");
    assert.deepEqual(atBob.map((s) => s.kind), ["audio"]);
    assert.equal(await bob.page.getByRole("button", { name: "Turn camera off" }).isVisible(), false, "no camera button on an audio call");
    await bob.page.getByTestId("call-status").filter({ hasText: /^\d+:\d\d$/ }).waitFor();
    await bob.screenshot("26-phone-in-audio-call");

    await bob.page.getByRole("button", { name: "Hang up" }).click();
    await alice.callNotice.filter({ hasText: /^Call ended/ }).waitFor();
    await alice.page.getByTestId("in-call").waitFor({ state: "detached" });

    // Bob calls back from his calls tab (his phone shows the list: he never opened the conversation).
    await bob.page.getByTestId("in-call").waitFor({ state: "detached" });
    assert.deepEqual(await bob.callOutcomes(), ["completed"]);
    await bob.screenshot("27-phone-calls-tab");
    await bob.page.getByRole("button", { name: "Call Alice back (audio)" }).click();
    await alice.page.getByRole("alertdialog").getByText("Incoming audio call").waitFor();
    await alice.page.getByRole("alertdialog").getByRole("button", { name: "Accept" }).click();
    await receivesMedia(alice, ["audio"]);
    await receivesMedia(bob, ["audio"]);
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await bob.callNotice.filter({ hasText: /^Call ended/ }).waitFor();
    assert.deepEqual(await bob.callOutcomes(2), ["completed", "completed"]);
    alice.assertNoPageErrors();
    bob.assertNoPageErrors();
  });
});

test("the network drops during a video call: the page comes back as the same device, ICE restarts, the call goes on", { timeout: 150000 }, async (t) => {
  const { alice, bob } = await twoUsers(t);
  await screenshotsOnFailure("call-network-change", [alice, bob], async () => {
    await alice.page.getByRole("button", { name: "Video call" }).click();
    await bob.page.getByRole("alertdialog").getByRole("button", { name: "Accept" }).click();
    await receivesMedia(alice, ["audio", "video"]);
    await receivesMedia(bob, ["audio", "video"]);
    const ufrag = () =>
      alice.page.evaluate(() => /a=ice-ufrag:(\S+)/.exec(/** @type {any} */ (window).__peerConnections.at(-1).localDescription.sdp)?.[1]);
    const before = await ufrag();

    // The browser reports the network gone and back: the app drops its socket, reconnects as the
    // same device (this tab's device_id), and the call restarts ICE through call.signal.
    await alice.page.evaluate(() => window.dispatchEvent(new Event("offline")));
    await alice.page.getByTestId("connection-banner").filter({ hasText: "Offline" }).waitFor();
    await alice.page.evaluate(() => window.dispatchEvent(new Event("online")));
    await alice.page.getByTestId("connection-banner").waitFor({ state: "hidden" });
    await eventually(async () => (await ufrag()) !== before, "a new ICE ufrag after the restart");
    const decoded = async () => (await bob.inboundRtp()).find((s) => s.kind === "video")?.framesDecoded ?? 0;
    const then = await decoded();
    await eventually(async () => (await decoded()) > then + 10, "Bob to keep decoding Alice's video");
    assert.equal(await alice.page.getByTestId("in-call").getAttribute("data-state"), "connected");

    // Alice's new connection is the call's participant again: Bob's hang up reaches it.
    await bob.page.getByRole("button", { name: "Hang up" }).click();
    await alice.callNotice.filter({ hasText: /^Call ended · / }).waitFor();
    alice.assertNoPageErrors();
  });
});
