// Going offline and back: what was missed appears once and in order; what
// was typed offline is sent once when the connection is back.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { WEB_DIR, eventually, launch } from "./support/browser.js";

test("offline and back: missed messages arrive, the outbox is sent once", { timeout: 120000 }, async (t) => {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const browser = await launch(t);

  // Alice talks through the SDK (as another app would); Bob uses the web app.
  const alice = new Client({ url: server.url, WebSocket });
  t.after(() => alice.close());
  await alice.register({ username: "alice", password: PASSWORD, display_name: "Alice" });
  const bob = await AppUser.open(browser, server, "bob");
  await bob.register();
  const bobId = await bob.page.evaluate(() => JSON.parse(localStorage.getItem("switchboard:session")).user_id);
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bobId] });
  await alice.sendMessage({ conversation_id: cid, body: "before the tunnel" });
  const { conversation_id: later } = await alice.createConversation({ type: "group", members: [bobId], title: "Later" });
  await alice.sendMessage({ conversation_id: later, body: "read me when you are back" });
  await bob.conversationItem("Later").waitFor();
  await bob.openConversation("Alice");
  await bob.messages("before the tunnel").waitFor();

  await bob.context.setOffline(true);
  const banner = bob.page.getByTestId("connection-banner");
  await banner.filter({ hasText: "Offline" }).waitFor();
  for (const body of ["missed 1", "missed 2", "missed 3"]) await alice.sendMessage({ conversation_id: cid, body });
  await bob.send("typed in the tunnel");
  await bob.waitForStatus("typed in the tunnel", "pending");
  assert.equal(await bob.messages("missed").count(), 0, "nothing arrives while offline");
  await bob.screenshot("08-offline-pending-message");
  // A conversation opened while offline fills in once the connection is back.
  await bob.openConversation("Later");
  assert.equal(await bob.messages().count(), 0);

  await bob.context.setOffline(false);
  await banner.waitFor({ state: "hidden" });
  await bob.messages("read me when you are back").waitFor();
  await bob.openConversation("Alice");
  await bob.messages("missed 3").waitFor();
  // Alice's SDK client acknowledges delivery by itself (it reads nothing).
  await bob.waitForStatus("typed in the tunnel", "delivered");
  await eventually(async () => (await bob.page.getByTestId("unread-badge").count()) === 0, "no unread badge once both were seen");
  await bob.screenshot("09-back-online");

  const texts = await bob.messageTexts();
  assert.deepEqual(
    texts.filter((x) => x.startsWith("missed") || x === "before the tunnel"),
    ["before the tunnel", "missed 1", "missed 2", "missed 3"],
    "missed messages once each, in order",
  );
  assert.equal(texts.filter((x) => x === "typed in the tunnel").length, 1);

  const history = (await alice.history(cid)).messages.map((m) => m.body);
  assert.deepEqual(history, ["before the tunnel", "missed 1", "missed 2", "missed 3", "typed in the tunnel"], "stored once");

  // A second drop, this time of the WebSocket alone (the server restarts).
  await server.stop();
  await banner.filter({ hasText: "Offline" }).waitFor();
  await server.start();
  await banner.waitFor({ state: "hidden", timeout: 20000 });
  await alice.whenReady({ timeoutMs: 20000 });
  await alice.sendMessage({ conversation_id: cid, body: "after the restart" });
  await bob.messages("after the restart").waitFor();
  await eventually(async () => (await bob.messageTexts()).filter((x) => x === "after the restart").length === 1, "one copy");
  bob.assertNoPageErrors();
});
