// Web Push in Chromium, with no internet: Chromium's own GCM client checks in,
// registers and keeps its MCS connection with a local fake of Google's push
// service (tests/push-fakes/fake_gcm.js), so pushManager.subscribe() gives a
// real subscription (Chromium's endpoint and keys). The web app registers it
// with the server; push.webpush then encrypts a message for the closed tab and
// posts it to the endpoint's host (reached through the fake as an HTTPS
// proxy), the fake checks VAPID and forwards it over MCS, Chromium decrypts it
// and the app's service worker shows the notification.
import assert from "node:assert/strict";
import { createECDH } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { chromium } from "playwright-core";
import WebSocket from "ws";
import { Client } from "../../sdk/js/src/switchboard.js";
import { TestServer } from "../../sdk/js/test/support/server.js";
import { AppUser, PASSWORD } from "./support/app_user.js";
import { CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS, WEB_DIR, eventually } from "./support/browser.js";
import { FakeGcm } from "./support/fake_gcm.js";

const SUBJECT = "mailto:ops@example.com";

/**
 * The notifications the app's service worker shows, asked from the worker
 * itself (Chromium stops an idle worker and starts it again for a push).
 * @param {import("playwright-core").BrowserContext} context
 */
async function shownNotifications(context) {
  const worker = context.serviceWorkers().at(-1);
  if (!worker) return [];
  return worker.evaluate(async () =>
    (await self.registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })),
  );
}

/**
 * The sum of the daemon's /metrics series that start with `series` (a name,
 * or a name with its labels), 0 when there is none.
 * @param {TestServer} server
 * @param {string} series
 */
async function metric(server, series) {
  const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith(series) && /[ {]/.test(l[series.length]))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

test("web push: the app subscribes in Chromium, a message to the closed tab is shown by its service worker", { timeout: 180000 }, async (t) => {
  const gcm = await FakeGcm.start(t);
  const vapid = createECDH("prime256v1");
  vapid.generateKeys();
  const vapidPublicKey = vapid.getPublicKey().toString("base64url");
  const server = await new TestServer({
    http: true,
    httpOptions: { static_dir: WEB_DIR },
    extraYaml: "push:\n  read_cancel_delay: 200ms\n",
    extraPlugins: `  - id: push.webpush
    config:
      subject: ${SUBJECT}
      vapid_private_key: ${vapid.getPrivateKey().toString("base64url")}
      ca_file: ${gcm.info.ca_file}
`,
    env: gcm.daemonEnv,
  }).start();
  t.after(() => server.close());

  // Push needs a profile on disk: an incognito context (Playwright's default) refuses to subscribe.
  const profile = mkdtempSync(join(tmpdir(), "sb-chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...gcm.chromiumArgs],
    headless: true,
    timeout: 30000,
    viewport: { width: 1180, height: 760 },
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  await context.grantPermissions(["notifications"], { origin: server.httpUrl });

  const alice = new Client({ url: server.url, WebSocket });
  t.after(() => alice.close());
  await alice.register({ username: "alice", password: PASSWORD, display_name: "Alice" });
  assert.deepEqual((await alice.pushConfig()).providers, { webpush: { vapid_public_key: vapidPublicKey } }, "device.push_config gives the key");

  // Bob turns notifications on in the web app.
  const page = await context.newPage();
  const bob = new AppUser(context, page, "bob");
  await page.goto(`${server.httpUrl}/?ws=${encodeURIComponent(server.url)}`);
  await bob.register();
  const toggle = page.getByTestId("notifications-toggle");
  await page.getByRole("button", { name: "Enable notifications" }).waitFor();
  await toggle.click();
  await page.getByRole("button", { name: "Disable notifications" }).waitFor({ timeout: 30000 });
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  await bob.screenshot("14-notifications-on");

  // Chromium's own subscription, made with the server's key through the fake GCM.
  const subscription = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const s = await registration.pushManager.getSubscription();
    return s && { ...s.toJSON(), key: btoa(String.fromCharCode(...new Uint8Array(s.options.applicationServerKey))) };
  });
  assert.ok(subscription, "a subscription exists");
  assert.match(subscription.endpoint, /^https:\/\/[a-z0-9.-]+\.google(apis)?\.com\/(fcm\/send|wp)\/[A-Za-z0-9_:-]+$/);
  assert.equal(Buffer.from(subscription.key, "base64").toString("base64url"), vapidPublicKey);
  assert.equal(Buffer.from(subscription.keys.p256dh, "base64url").length, 65, "p256dh is a P-256 point");
  assert.equal(Buffer.from(subscription.keys.auth, "base64url").length, 16, "a 16-byte auth secret");
  const token = subscription.endpoint.split("/").pop();
  const registrations = await gcm.control("registrations");
  assert.deepEqual(
    registrations.filter((r) => r.token === token).map((r) => r.sender),
    [vapidPublicKey],
    "Chromium registered the subscription with the server's key as the sender",
  );

  // The server keeps it as Bob's webpush device, under the app's device id.
  const deviceId = await page.evaluate(() => localStorage.getItem("switchboard-web:push_device_id"));
  const bobApi = new Client({ url: server.url, WebSocket, deviceId: "bob-test-client" });
  t.after(() => bobApi.close());
  await bobApi.login({ username: "bob", password: PASSWORD });
  const devices = (await bobApi.listDevices()).devices;
  assert.deepEqual(devices.map((d) => [d.device_id, d.provider]), [[deviceId, "webpush"]]);

  // While Bob's tab is on screen, the push arrives but the tab shows the message, not a notification.
  const bobId = bobApi.userId;
  const { conversation_id: cid } = await alice.createConversation({ type: "direct", members: [bobId] });
  await alice.sendMessage({ conversation_id: cid, body: "Hi Bob" });
  await bob.conversationItem("Alice").waitFor();
  await eventually(async () => (await gcm.control("received")).length === 1, "the first push at the fake push service", 20000);
  await bob.openConversation("Alice");
  await bob.messages("Hi Bob").waitFor();
  // The service worker handles the push on its own time: give it a moment to (wrongly) show something.
  await new Promise((r) => setTimeout(r, 1500));
  assert.deepEqual(await shownNotifications(context), [], "no notification over a visible tab");

  // Bob closes the tab; the service worker stays. Alice writes.
  await page.close();
  // Alice and Bob's test client are left: the server knows the tab is gone.
  await eventually(async () => (await metric(server, `switchboard_connections{transport="transport.websocket"}`)) === 2, "the tab's connection to close");
  await alice.sendMessage({ conversation_id: cid, body: "Are you there?" });

  const received = await eventually(async () => {
    const r = await gcm.control("received");
    return r.length === 2 ? r : null;
  }, "the second push at the fake push service", 20000);
  const push = received[1];
  assert.equal(push.token, token);
  assert.equal(push.host, new URL(subscription.endpoint).host);
  assert.deepEqual(push.vapid.aud, new URL(subscription.endpoint).origin);
  assert.equal(push.vapid.sub, SUBJECT);
  assert.ok(Number(push.headers.ttl) > 0, "a TTL");
  assert.deepEqual(await gcm.control("errors"), [], "the fake found nothing wrong");

  // On a slow machine the worker may handle the first push only after the tab
  // closed and show it: the second, with the same tag, replaces it.
  const shown = await eventually(async () => {
    const n = await shownNotifications(context);
    return n.some((x) => x.body === "Are you there?") ? n : null;
  }, "the notification of the service worker", 20000);
  assert.deepEqual(shown, [{ title: "Alice", body: "Are you there?", tag: cid, data: { conversation_id: cid, category: "message" } }]);
  assert.equal((await gcm.control("received")).length, 2, "one push per message");

  // Back in the app, Bob turns notifications off: the subscription and the device are gone.
  const again = await context.newPage();
  await again.goto(`${server.httpUrl}/`);
  await again.getByRole("button", { name: "Disable notifications" }).click();
  await again.getByRole("button", { name: "Enable notifications" }).waitFor();
  assert.equal(await again.evaluate(async () => (await navigator.serviceWorker.ready).pushManager.getSubscription()), null);
  assert.deepEqual((await bobApi.listDevices()).devices, []);
  await again.close();

  // So the next message leaves no push.
  const noDevice = 'push_skipped_total{reason="no_device"}';
  const before = await metric(server, noDevice);
  await alice.sendMessage({ conversation_id: cid, body: "Nobody is listening" });
  await eventually(async () => (await metric(server, noDevice)) > before, "the server to skip the push (no device)", 20000);
  assert.equal((await gcm.control("received")).length, 2, "no third push");
  assert.deepEqual(await gcm.control("errors"), []);
  bob.assertNoPageErrors();
});
