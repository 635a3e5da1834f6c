// Two people chat in two browser contexts: search, unread badge, typing,
// delivered and read ticks, an image with its preview, a file with upload
// progress. Screenshots of the main screens go to the artifacts folder.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser } from "./support/app_user.js";
import { WEB_DIR, eventually, launch } from "./support/browser.js";
import { sunsetPng } from "../../sdk/js/test/support/png.js";

test("two users chat with typing, ticks, an image preview and a file", { timeout: 120000 }, async (t) => {
  const server = await new TestServer({ http: true, httpOptions: { static_dir: WEB_DIR } }).start();
  t.after(() => server.close());
  const browser = await launch(t);

  const alice = await AppUser.open(browser, server, "alice");
  await alice.page.getByRole("heading", { name: "Sign in" }).waitFor();
  await alice.screenshot("01-login");
  await alice.register();
  const bob = await AppUser.open(browser, server, "bob");
  await bob.register();

  // Alice finds Bob and writes; Bob's list shows it unread.
  await alice.page.getByRole("button", { name: "New chat" }).click();
  await alice.page.getByLabel("Search people").fill("bo");
  await alice.page.getByTestId("user-result").filter({ hasText: "@bob" }).waitFor();
  await alice.screenshot("02-search-people");
  await alice.page.getByTestId("user-result").filter({ hasText: "@bob" }).click();
  await alice.page.getByRole("heading", { name: "Bob", exact: true }).waitFor();
  await alice.send("Hi Bob! Lunch at noon?");
  await alice.waitForStatus("Lunch at noon", "delivered");

  const bobsItem = bob.conversationItem("Alice");
  await bobsItem.getByTestId("unread-badge").filter({ hasText: "1" }).waitFor();
  assert.equal(await bobsItem.getByTestId("conversation-preview").textContent(), "Hi Bob! Lunch at noon?");
  await bob.screenshot("03-conversation-list-unread");

  // Bob opens it: Alice's message turns read; his typing shows on Alice's screen.
  await bob.openConversation("Alice");
  await alice.waitForStatus("Lunch at noon", "read");
  assert.equal(await bobsItem.getByTestId("unread-badge").count(), 0, "opening the conversation clears the badge");
  await bob.composer.pressSequentially("Sure, see you", { delay: 20 });
  await alice.page.getByTestId("typing-indicator").filter({ hasText: "Bob is typing…" }).waitFor();
  await alice.page.getByTestId("conversation-subtitle").filter({ hasText: "online" }).waitFor();
  await alice.screenshot("04-conversation-typing-and-read-ticks");
  await bob.page.getByRole("button", { name: "Send" }).click();
  await alice.messages("Sure, see you").waitFor();
  await eventually(async () => (await alice.page.getByTestId("typing-indicator").textContent()) === "", "the typing indicator to clear");
  assert.deepEqual(await alice.messageTexts(), ["Hi Bob! Lunch at noon?", "Sure, see you"]);

  // An image: Bob sees the server's thumbnail, and the full image on click.
  await alice.page.getByTestId("file-input").setInputFiles({ name: "sunset.png", mimeType: "image/png", buffer: sunsetPng() });
  const bobsImage = bob.page.getByTestId("image-preview");
  await bobsImage.waitFor();
  await eventually(() => bobsImage.evaluate((img) => img.complete && img.naturalWidth > 0), "Bob's thumbnail to load");
  const thumbWidth = await bobsImage.evaluate((img) => img.naturalWidth);
  assert.ok(thumbWidth > 0 && thumbWidth <= 320, `a thumbnail, not the 640 px original (got ${thumbWidth})`);
  const alicesImage = alice.messages().filter({ has: alice.page.getByRole("button", { name: "Open image sunset.png" }) });
  await eventually(async () => (await alicesImage.getAttribute("data-status")) === "read", "Alice's image to be read");
  await bob.screenshot("05-conversation-image-preview");
  await alice.conversationItem("Bob").getByTestId("conversation-preview").filter({ hasText: "You: Attachment: sunset.png" }).waitFor();
  await bob.page.getByRole("button", { name: "Open image sunset.png" }).click();
  const full = bob.page.getByTestId("full-image");
  await eventually(() => full.evaluate((img) => img.complete && img.naturalWidth === 640), "the full image to load");
  await bob.screenshot("06-image-viewer");
  await bob.page.getByRole("button", { name: "Close image" }).click();

  // A file, on a slow uplink so that its progress shows, then the card on Bob's side.
  const cdp = await alice.context.newCDPSession(alice.page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1024 * 1024 });
  await alice.page.getByTestId("file-input").setInputFiles({ name: "notes.bin", mimeType: "application/octet-stream", buffer: randomBytes(3 * 1024 * 1024) });
  const progress = alice.page.getByRole("progressbar", { name: "Upload progress" });
  const partway = await eventually(async () => {
    const value = Number(await progress.first().getAttribute("value"));
    return value >= 20 && value < 100 ? value : 0;
  }, "the upload progress to pass 20 %");
  assert.ok(partway >= 20 && partway < 100);
  await alice.screenshot("07-upload-progress");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const card = bob.page.getByTestId("file-attachment").filter({ hasText: "notes.bin" });
  await card.waitFor({ timeout: 20000 });
  assert.match(await card.textContent(), /3\.0 MB/);

  // Bob's list shows the last message; both pages stayed free of errors.
  alice.assertNoPageErrors();
  bob.assertNoPageErrors();
});
