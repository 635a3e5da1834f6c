// A long conversation: unread count in the list, the latest page first,
// older pages while scrolling up, every message once and in order.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { WEB_DIR, eventually, launch } from "./support/browser.js";

test("history pages in when scrolling up", { timeout: 120000 }, async (t) => {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const browser = await launch(t);
  const alice = new Client({ url: server.url, WebSocket });
  t.after(() => alice.close());
  await alice.register({ username: "alice", password: PASSWORD, display_name: "Alice" });

  const bob = await AppUser.open(browser, server, "bob");
  await bob.register();
  const bobId = await bob.page.evaluate(() => JSON.parse(localStorage.getItem("switchboard:session")).user_id);
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bobId] });
  const total = 75;
  for (let i = 1; i <= total; i++) await alice.sendMessage({ conversation_id: cid, body: `message ${i}` });

  const item = bob.conversationItem("Alice");
  await item.getByTestId("unread-badge").filter({ hasText: String(total) }).waitFor();
  assert.equal(await item.getByTestId("conversation-preview").textContent(), `message ${total}`);

  await bob.openConversation("Alice");
  await bob.messages(`message ${total}`).waitFor();
  const firstPage = await bob.messageTexts();
  assert.ok(firstPage.length < total, "only the latest page at first");
  assert.equal(firstPage.at(-1), `message ${total}`);

  const list = bob.page.getByTestId("message-list");
  await eventually(async () => {
    await list.evaluate((el) => (el.scrollTop = 0));
    return (await bob.messageTexts())[0] === "message 1";
  }, "the first message after scrolling up");
  assert.deepEqual(await bob.messageTexts(), Array.from({ length: total }, (_, i) => `message ${i + 1}`));
  await bob.page.getByText("Beginning of the conversation").waitFor();
  await eventually(async () => (await item.getByTestId("unread-badge").count()) === 0, "the badge to clear");
  bob.assertNoPageErrors();
});
