import { WebPush } from "../sdk/switchboard.js";
import { h } from "./dom.js";
import { icon } from "./icons.js";

/** The button's label and tooltip in each state. */
const LABELS = {
  off: "Enable notifications",
  on: "Disable notifications",
  blocked: "Notifications are blocked in this browser's site settings",
  busy: "Notifications…",
};

/**
 * The bell in the sidebar: asks for the notification permission and keeps
 * this browser's Web Push subscription registered as the user's device, so
 * that messages and calls reach a closed tab. Hidden when the browser has no
 * Push API or the server no push.webpush.
 */
export class NotificationsToggle {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {Promise<ServiceWorkerRegistration | null>} registration the app's service worker
   * @param {string} deviceId the device the subscription is registered as (one per browser)
   */
  constructor(client, registration, deviceId) {
    this._client = client;
    this._registration = registration;
    this._deviceId = deviceId;
    /** @type {WebPush | null} */
    this._push = null;
    this.element = h("button", {
      type: "button",
      class: "icon-button notifications-toggle",
      "data-testid": "notifications-toggle",
      hidden: true,
      onclick: () => this._toggle(),
    });
    this._render("off");
  }

  /**
   * Shows the button when notifications are possible and registers the
   * existing subscription again (its endpoint may have changed, or the
   * server dropped the device).
   */
  async refresh() {
    const registration = await this._registration;
    if (!registration || !("PushManager" in window) || !(await this._serverOffersPush(registration))) return;
    this.element.hidden = false;
    if (Notification.permission === "denied") return this._render("blocked");
    const subscribed = Notification.permission === "granted" && (await this._push?.refresh());
    this._render(subscribed ? "on" : "off");
  }

  /** Unsubscribes and unregisters this device (on logout: the next user has not asked for it). */
  async disable() {
    if (this._push && (await this._push.subscription())) await this._push.disable();
  }

  /** @param {ServiceWorkerRegistration} registration */
  async _serverOffersPush(registration) {
    this._push ??= new WebPush(this._client, registration, { deviceId: this._deviceId });
    try {
      return Boolean(await this._push.serverKey());
    } catch {
      return false;
    }
  }

  async _toggle() {
    const push = this._push;
    if (!push) return;
    const wasOn = this.element.dataset.state === "on";
    this._render("busy");
    try {
      if (wasOn) {
        await push.disable();
        this._render("off");
        return;
      }
      const permission = await Notification.requestPermission();
      if (permission !== "granted") return this._render(permission === "denied" ? "blocked" : "off");
      await push.enable();
      this._render("on");
    } catch (err) {
      this._render(wasOn ? "on" : "off", `Could not change notifications: ${err instanceof Error ? err.message : err}`);
    }
  }

  /**
   * @param {keyof typeof LABELS} state
   * @param {string} [error] shown as the tooltip
   */
  _render(state, error) {
    const el = this.element;
    el.dataset.state = state;
    el.setAttribute("aria-label", LABELS[state]);
    el.setAttribute("aria-pressed", String(state === "on"));
    el.title = error ?? LABELS[state];
    el.dataset.error = error ?? "";
    el.disabled = state === "busy" || state === "blocked";
    el.replaceChildren(icon(state === "on" ? "bell" : "bellOff"));
  }
}
