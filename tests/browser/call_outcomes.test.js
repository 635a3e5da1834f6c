// How calls end, seen on every page involved: declined, cancelled, busy,
// no answer (a short calls.ring_timeout), answered on another device of the
// callee; and the calls tab of each side shows the outcome.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { WEB_DIR, launch, screenshotsOnFailure } from "./support/browser.js";

/**
 * A server, Chromium, and users registered over the SDK (quicker than the
 * form), each then signed in to the app on a page of their own; Alice has
 * the conversation with Bob open.
 * @param {import("node:test").TestContext} t
 * @param {string[]} names
 * @param {string} [extraYaml]
 */
async function setUp(t, names, extraYaml = "") {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR }, extraYaml }).start();
  t.after(() => server.close());
  const browser = await launch(t);
  for (const name of names) {
    const client = new Client({ url: server.url, WebSocket });
    await client.register({ username: name, password: PASSWORD, display_name: name[0].toUpperCase() + name.slice(1) });
    client.close();
  }
  /** @type {AppUser[]} */
  const users = [];
  for (const name of names) {
    const user = await AppUser.open(browser, server, name);
    await user.login();
    users.push(user);
  }
  await users[0].startChatWith(users[1]);
  return { server, browser, users };
}

/** Alice calls Bob and waits until his page rings. @param {AppUser} caller @param {AppUser} callee */
async function ring(caller, callee, media = "Audio") {
  await caller.page.getByRole("button", { name: `${media} call` }).click();
  const incoming = callee.page.getByRole("alertdialog");
  await incoming.getByText(`Incoming ${media.toLowerCase()} call`).waitFor();
  await caller.page.getByTestId("call-status").filter({ hasText: "Ringing…" }).waitFor();
  return incoming;
}

test("declined: the caller hears it, the callee's history says declined", { timeout: 120000 }, async (t) => {
  const { users } = await setUp(t, ["alice", "bob"]);
  const [alice, bob] = users;
  await screenshotsOnFailure("declined", users, async () => {
    const incoming = await ring(alice, bob);
    await incoming.getByRole("button", { name: "Decline" }).click();
    await alice.callNotice.filter({ hasText: "Bob declined the call" }).waitFor();
    await bob.callNotice.filter({ hasText: "You declined the call from Alice" }).waitFor();
    await incoming.waitFor({ state: "hidden" });
    await alice.page.getByTestId("in-call").waitFor({ state: "detached" });
    await alice.screenshot("31-call-declined");
    assert.deepEqual(await alice.callOutcomes(), ["declined"]);
    assert.deepEqual(await bob.callOutcomes(), ["declined"]);
  });
});

test("cancelled: the callee's page stops ringing and shows a missed call", { timeout: 120000 }, async (t) => {
  const { users } = await setUp(t, ["alice", "bob"]);
  const [alice, bob] = users;
  await screenshotsOnFailure("cancelled", users, async () => {
    const incoming = await ring(alice, bob, "Video");
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await alice.callNotice.filter({ hasText: "Call cancelled" }).waitFor();
    await bob.callNotice.filter({ hasText: "Missed call from Alice" }).waitFor();
    await incoming.waitFor({ state: "hidden" });
    await bob.screenshot("32-call-cancelled-missed");
    assert.deepEqual(await alice.callOutcomes(), ["cancelled"]);
    assert.deepEqual(await bob.callOutcomes(), ["cancelled"]);
    assert.match(await bob.page.getByTestId("call-record").first().getAttribute("class"), /missed/, "shown as missed to the callee");
  });
});

for (const policy of ["reject", "notify"]) {
  test(`busy (calls.busy_policy ${policy}): a callee already in a call`, { timeout: 120000 }, async (t) => {
    const { users } = await setUp(t, ["alice", "bob", "carol"], `calls:\n  busy_policy: ${policy}`);
    const [alice, bob, carol] = users;
    await screenshotsOnFailure(`busy-${policy}`, users, async () => {
      // Carol calls Bob, and they talk.
      await carol.startChatWith(bob);
      const fromCarol = await ring(carol, bob);
      await fromCarol.getByRole("button", { name: "Accept" }).click();
      await bob.page.getByTestId("in-call").and(bob.page.locator("[data-state=connected]")).waitFor();

      // Alice calls Bob: "reject" ends it as busy at once; with "notify" Bob's page shows the
      // call beside his current one, and declining it tells Alice he is busy.
      await alice.page.getByRole("button", { name: "Audio call" }).click();
      const busyNotice = alice.callNotice.filter({ hasText: "Bob is busy" });
      if (policy === "notify") {
        const waiting = bob.page.getByRole("alertdialog");
        await waiting.getByText("accepting ends your current call").waitFor();
        await bob.screenshot("33-call-waiting");
        await waiting.getByRole("button", { name: "Decline" }).click();
      }
      await busyNotice.waitFor();
      await alice.page.getByTestId("in-call").waitFor({ state: "detached" });
      assert.equal(await bob.page.getByTestId("in-call").getAttribute("data-state"), "connected", "Bob's call with Carol goes on");
      await alice.screenshot(`34-callee-busy-${policy}`);
      assert.deepEqual(await alice.callOutcomes(), ["busy"]);

      await bob.page.getByRole("button", { name: "Hang up" }).click();
      await carol.callNotice.filter({ hasText: /^Call ended/ }).waitFor();
      assert.deepEqual(await carol.callOutcomes(), ["completed"]);
    });
  });
}

test("no answer: the ring timeout ends it for both; a missed call", { timeout: 120000 }, async (t) => {
  const { users } = await setUp(t, ["alice", "bob"], "calls:\n  ring_timeout: 3s");
  const [alice, bob] = users;
  await screenshotsOnFailure("timeout", users, async () => {
    const incoming = await ring(alice, bob);
    await alice.callNotice.filter({ hasText: "No answer" }).waitFor();
    await bob.callNotice.filter({ hasText: "Missed call from Alice" }).waitFor();
    await incoming.waitFor({ state: "hidden" });
    assert.deepEqual(await alice.callOutcomes(), ["missed"]);
    assert.deepEqual(await bob.callOutcomes(), ["missed"]);
    await bob.screenshot("35-missed-call-history");
  });
});

test("answered elsewhere: Bob on two pages, the other one stops ringing", { timeout: 120000 }, async (t) => {
  const { server, browser, users } = await setUp(t, ["alice", "bob"]);
  const [alice, bob] = users;
  const bobsOtherPage = await AppUser.open(browser, server, "bob");
  await bobsOtherPage.login();
  users.push(bobsOtherPage);
  await screenshotsOnFailure("answered-elsewhere", users, async () => {
    const incoming = await ring(alice, bob);
    const elsewhere = bobsOtherPage.page.getByRole("alertdialog");
    await elsewhere.getByText("Incoming audio call").waitFor();
    await incoming.getByRole("button", { name: "Accept" }).click();
    await bobsOtherPage.callNotice.filter({ hasText: "Answered on another device" }).waitFor();
    await elsewhere.waitFor({ state: "hidden" });
    assert.equal(await bobsOtherPage.page.getByTestId("in-call").count(), 0, "no call on the other page");
    await bobsOtherPage.screenshot("36-answered-elsewhere");

    for (const page of [alice.page, bob.page]) await page.getByTestId("in-call").and(page.locator("[data-state=connected]")).waitFor();
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await bob.callNotice.filter({ hasText: /^Call ended/ }).waitFor();
    assert.deepEqual(await alice.callOutcomes(), ["completed"]);
    assert.deepEqual(await bobsOtherPage.callOutcomes(), ["completed"], "the history is the user's, on every device");
  });
});
