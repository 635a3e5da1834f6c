// A new group with members picked by search; everyone sees it and its messages.
import assert from "node:assert/strict";
import { test } from "node:test";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { WEB_DIR, launch } from "./support/browser.js";

test("a new group with two members", { timeout: 120000 }, async (t) => {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const browser = await launch(t);
  const carol = new Client({ url: server.url, WebSocket });
  t.after(() => carol.close());
  await carol.register({ username: "carol", password: PASSWORD, display_name: "Carol" });

  const alice = await AppUser.open(browser, server, "alice");
  await alice.register();
  const bob = await AppUser.open(browser, server, "bob");
  await bob.register();

  const page = alice.page;
  await page.getByRole("button", { name: "New group" }).click();
  const dialog = page.getByRole("dialog", { name: "New group" });
  await dialog.getByLabel("Group name").fill("Weekend hike");
  const create = dialog.getByRole("button", { name: "Create group" });
  assert.equal(await create.isDisabled(), true, "no members yet");
  for (const who of ["bob", "carol"]) {
    await dialog.getByLabel("Add members").fill(who);
    await dialog.getByTestId("user-result").filter({ hasText: `@${who}` }).click();
  }
  assert.deepEqual(await dialog.getByTestId("member-chip").allTextContents(), ["Bob×", "Carol×"]);
  // Bob and Carol match "o"; once picked they are not offered again.
  await dialog.getByLabel("Add members").fill("o");
  await dialog.getByRole("status").filter({ hasText: "No one found" }).waitFor();
  await dialog.getByLabel("Add members").fill("");
  await alice.screenshot("10-new-group");
  await create.click();
  await page.getByRole("heading", { name: "Weekend hike" }).waitFor();
  await page.getByTestId("conversation-subtitle").filter({ hasText: "3 members" }).waitFor();

  await alice.send("Saturday, 8am at the station?");
  const bobsItem = bob.conversationItem("Weekend hike");
  await bobsItem.getByTestId("conversation-preview").filter({ hasText: "Alice: Saturday, 8am at the station?" }).waitFor();
  await bob.openConversation("Weekend hike");
  await bob.messages("Saturday").locator(".sender").filter({ hasText: "Alice" }).waitFor();
  await bob.send("I'm in");
  await alice.messages("I'm in").waitFor();

  const { conversations } = await carol.listConversations();
  assert.equal(conversations.length, 1);
  assert.equal(conversations[0].title, "Weekend hike");
  assert.equal(conversations[0].unread, 2);
  // Read once by Bob only: Alice's message stays "delivered" until Carol reads it too.
  await alice.waitForStatus("Saturday", "delivered");
  await carol.markRead(conversations[0].conversation_id, 2);
  await alice.waitForStatus("Saturday", "read");
  alice.assertNoPageErrors();
  bob.assertNoPageErrors();
});
