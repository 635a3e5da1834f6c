// Glare in the browser: Alice and Bob press "Video call" on each other at the
// same moment. The server makes the second invite the accept of the first
// (docs/calls.md), so both pages end up in one call, with media both ways and
// one completed call in each calls tab.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { WEB_DIR, eventually, launch, screenshotsOnFailure } from "./support/browser.js";

/**
 * Waits until the page receives audio and decodes video from the other side.
 * @param {AppUser} user
 */
function receivesAudioAndVideo(user) {
  return eventually(async () => {
    const inbound = await user.inboundRtp();
    return (
      inbound.some((s) => s.kind === "audio" && s.packetsReceived > 0) &&
      inbound.some((s) => s.kind === "video" && s.packetsReceived > 0 && (s.framesDecoded ?? 0) > 0)
    );
  }, `${user.username} to receive audio and video`, 20000);
}

test("glare: both press video call at the same moment and end up in one call with media both ways", { timeout: 150000 }, async (t) => {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const browser = await launch(t);
  for (const name of ["alice", "bob"]) {
    const client = new Client({ url: server.url, WebSocket });
    await client.register({ username: name, password: PASSWORD, display_name: name[0].toUpperCase() + name.slice(1) });
    client.close();
  }
  const alice = await AppUser.open(browser, server, "alice");
  await alice.login();
  const bob = await AppUser.open(browser, server, "bob");
  await bob.login();
  await alice.startChatWith(bob);
  await bob.startChatWith(alice);

  await screenshotsOnFailure("call-glare", [alice, bob], async () => {
    // Both clicks in one go: each invite leaves before the other's call.incoming can arrive.
    await Promise.all([alice, bob].map((user) => user.page.getByRole("button", { name: "Video call" }).click()));

    const [aliceCall, bobCall] = [alice.page.getByTestId("in-call"), bob.page.getByTestId("in-call")];
    for (const call of [aliceCall, bobCall]) await eventually(async () => (await call.getAttribute("data-state")) === "connected", "both pages to connect");
    await receivesAudioAndVideo(alice);
    await receivesAudioAndVideo(bob);
    for (const user of [alice, bob]) {
      const made = await user.page.evaluate(() => /** @type {any} */ (window).__peerConnections.length);
      assert.equal(made, 1, `${user.username}'s page runs one peer connection: one call, not two`);
      assert.equal(await user.page.getByRole("alertdialog").isVisible(), false, `no incoming call left ringing at ${user.username}`);
    }
    await alice.screenshot("28-glare-in-call");

    await bob.page.getByRole("button", { name: "Hang up" }).click();
    await alice.callNotice.filter({ hasText: /^Call ended · \d+:\d\d$/ }).waitFor();
    await aliceCall.waitFor({ state: "detached" });
    await bobCall.waitFor({ state: "detached" });
    assert.deepEqual(await alice.callOutcomes(), ["completed"]);
    assert.deepEqual(await bob.callOutcomes(), ["completed"]);
    const directions = await Promise.all(
      [alice, bob].map(async (user) => (await user.page.getByTestId("call-record").first().getByTestId("call-outcome").textContent())?.split(" ")[0]),
    );
    // Nobody pressed Accept: the side whose history says Incoming joined the call with its own invite.
    assert.deepEqual(directions.sort(), ["Incoming", "Outgoing"], "one side placed the call, the other joined it");
    alice.assertNoPageErrors();
    bob.assertNoPageErrors();
  });
});
