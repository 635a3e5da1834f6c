// A phone-sized screen: the list and the conversation one at a time; the
// session survives a reload.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { WEB_DIR, launch } from "./support/browser.js";

test("on a phone the list and the conversation take turns", { timeout: 120000 }, async (t) => {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const browser = await launch(t);
  const alice = new Client({ url: server.url, WebSocket });
  t.after(() => alice.close());
  await alice.register({ username: "alice", password: PASSWORD, display_name: "Alice" });

  const phone = { viewport: { width: 390, height: 780 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  const bob = await AppUser.open(browser, server, "bob", phone);
  await bob.page.getByRole("heading", { name: "Sign in" }).waitFor();
  await bob.screenshot("11-phone-login");
  await bob.register();
  const bobId = await bob.page.evaluate(() => JSON.parse(localStorage.getItem("switchboard:session")).user_id);
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bobId] });
  await alice.sendMessage({ conversation_id: cid, body: "Are you on the train?" });

  const page = bob.page;
  const list = page.getByRole("navigation", { name: "Conversation list" });
  const pane = page.getByRole("main", { name: "Conversation" });
  await bob.conversationItem("Alice").waitFor();
  assert.equal(await pane.isVisible(), false, "only the list on a phone");
  await bob.screenshot("12-phone-conversation-list");

  await bob.conversationItem("Alice").click();
  await bob.messages("Are you on the train?").waitFor();
  assert.equal(await list.isVisible(), false, "only the conversation once opened");
  await bob.send("Yes, 10 minutes away");
  await bob.waitForStatus("10 minutes away", "delivered");
  await bob.screenshot("13-phone-conversation");

  await page.reload();
  await bob.messages("10 minutes away").waitFor();
  assert.equal(await page.getByRole("heading", { name: "Sign in" }).count(), 0, "still logged in after a reload");

  await page.getByRole("button", { name: "Back to conversations" }).click();
  await list.waitFor();
  assert.equal(await pane.isVisible(), false);
  bob.assertNoPageErrors();
});
