// One person using the web app in their own browser context.
import assert from "node:assert/strict";
import { STEP_TIMEOUT_MS, artifact, eventually } from "./browser.js";

export const PASSWORD = "correct horse battery";

/**
 * Keeps every RTCPeerConnection the page makes in window.__peerConnections,
 * so that tests can read their getStats() (the app does not expose them).
 */
const WATCH_PEER_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  /** @type {RTCPeerConnection[]} */
  const made = [];
  Object.defineProperty(window, "__peerConnections", { value: made });
  window.RTCPeerConnection = class extends Native {
    /** @param {RTCConfiguration} [config] */
    constructor(config) {
      super(config);
      made.push(this);
    }
  };
};

export class AppUser {
  /**
   * @param {import("playwright-core").BrowserContext} context
   * @param {import("playwright-core").Page} page
   * @param {string} username
   */
  constructor(context, page, username) {
    this.context = context;
    this.page = page;
    this.username = username;
    /** Errors thrown in the page: a test fails when there are any. */
    this.pageErrors = [];
    page.on("pageerror", (err) => this.pageErrors.push(err.message));
  }

  /**
   * Opens the app (served by the daemon's transport.http) in a new context.
   * @param {import("playwright-core").Browser} browser
   * @param {import("../../../sdk/js/test/support/server.js").TestServer} server
   * @param {string} username
   * @param {object} [contextOptions] viewport, isMobile…
   */
  static async open(browser, server, username, contextOptions = {}) {
    const context = await browser.newContext({ viewport: { width: 1180, height: 760 }, ...contextOptions });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    await context.addInitScript(WATCH_PEER_CONNECTIONS);
    const page = await context.newPage();
    const user = new AppUser(context, page, username);
    await page.goto(`${server.httpUrl}/?ws=${encodeURIComponent(server.url)}`);
    return user;
  }

  /** The display name this user registers with: "Alice" for "alice". */
  get displayName() {
    return this.username[0].toUpperCase() + this.username.slice(1);
  }

  async register() {
    const page = this.page;
    await page.getByRole("button", { name: "Create an account" }).click();
    await page.getByLabel("Username").fill(this.username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByLabel("Display name").fill(this.displayName);
    await page.getByRole("button", { name: "Create account" }).click();
    await this.page.getByRole("button", { name: "New chat" }).waitFor();
  }

  async login() {
    await this.page.getByLabel("Username").fill(this.username);
    await this.page.getByLabel("Password").fill(PASSWORD);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await this.page.getByRole("button", { name: "New chat" }).waitFor();
  }

  /** The list entry of the conversation called `title`. @param {string} title */
  conversationItem(title) {
    return this.page.getByTestId("conversation-item").filter({ has: this.page.getByText(title, { exact: true }) });
  }

  /** @param {string} title */
  async openConversation(title) {
    await this.conversationItem(title).click();
    await this.page.getByRole("heading", { name: title, exact: true }).waitFor();
  }

  /** Starts (or reopens) the direct conversation with `other` through the search. @param {AppUser | {username: string, displayName: string}} other */
  async startChatWith(other) {
    await this.page.getByRole("button", { name: "New chat" }).click();
    await this.page.getByLabel("Search people").fill(other.username);
    await this.page.getByTestId("user-result").filter({ hasText: `@${other.username}` }).click();
    await this.page.getByRole("heading", { name: other.displayName, exact: true }).waitFor();
  }

  get composer() {
    return this.page.getByRole("textbox", { name: "Message" });
  }

  /** @param {string} text */
  async send(text) {
    await this.composer.fill(text);
    await this.page.getByRole("button", { name: "Send" }).click();
  }

  /** The bubbles on screen containing `text` (all when omitted). @param {string} [text] */
  messages(text) {
    const all = this.page.getByTestId("message");
    return text === undefined ? all : all.filter({ hasText: text });
  }

  /** The texts of the bubbles on screen, in order. */
  async messageTexts() {
    return this.page.getByTestId("message").locator(".body").allTextContents();
  }

  /**
   * Waits until the bubble with `text` shows `status` (pending, sent, delivered, read).
   * @param {string} text
   * @param {string} status
   */
  async waitForStatus(text, status) {
    const bubble = this.messages(text);
    await eventually(async () => (await bubble.getAttribute("data-status")) === status, `"${text}" to be ${status} for ${this.username}`);
  }

  /**
   * The inbound RTP streams of the page's open peer connections.
   * @returns {Promise<{kind: string, packetsReceived: number, framesDecoded?: number}[]>}
   */
  inboundRtp() {
    return this.page.evaluate(async () => {
      const out = [];
      for (const pc of /** @type {any} */ (window).__peerConnections) {
        if (pc.connectionState === "closed") continue;
        (await pc.getStats()).forEach((/** @type {any} */ s) => {
          if (s.type === "inbound-rtp") out.push({ kind: s.kind, packetsReceived: s.packetsReceived, framesDecoded: s.framesDecoded });
        });
      }
      return out;
    });
  }

  /** The notice saying how the last call ended. */
  get callNotice() {
    return this.page.getByTestId("call-notice");
  }

  /**
   * The outcomes in the calls tab, newest first, once it lists `count` calls
   * (the server stores a call's end after telling the sides it ended, so
   * the tab is opened again until the call shows).
   * @param {number} [count]
   */
  async callOutcomes(count = 1) {
    const records = this.page.getByTestId("call-record");
    await eventually(async () => {
      await this.page.getByRole("tab", { name: "Calls" }).click();
      await this.page.waitForTimeout(100);
      return (await records.count()) >= count;
    }, `${this.username}'s calls tab to list ${count} calls`);
    return records.evaluateAll((items) => items.map((li) => /** @type {HTMLElement} */ (li).dataset.outcome));
  }

  /** @param {string} name */
  async screenshot(name) {
    await this.page.screenshot({ path: artifact(name) });
  }

  /** Fails when the page threw. */
  assertNoPageErrors() {
    assert.deepEqual(this.pageErrors, [], `errors in ${this.username}'s page`);
  }

  async close() {
    await this.context.close();
  }
}
