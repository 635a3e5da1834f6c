import { avatar } from "./avatar.js";
import { h, replaceChildren } from "./dom.js";
import { callDuration, shortTime } from "./format.js";
import { icon } from "./icons.js";

const OUTCOME_TEXT = {
  completed: "Completed",
  missed: "Missed",
  declined: "Declined",
  busy: "Busy",
  cancelled: "Cancelled",
  failed: "Failed",
};

/**
 * The calls tab: the user's calls, newest first (call.history), each with
 * its direction, outcome and time, and a button to call back.
 */
export class CallHistoryView {
  /**
   * @param {{client: import("../sdk/switchboard.js").Client, users: import("./user_directory.js").UserDirectory}} deps
   * @param {{callBack: (conversationId: string, media: "audio" | "video") => void}} actions
   */
  constructor({ client, users }, actions) {
    this._client = client;
    this._users = users;
    this._actions = actions;
    /** @type {any[]} */
    this._calls = [];
    this._loaded = false;
    this._list = h("ul", { class: "call-list", "aria-label": "Calls" });
    this._status = h("p", { class: "empty", role: "status" });
    this.element = h("div", { class: "call-history", "data-testid": "call-history" }, this._status, this._list);
    users.on("change", () => this._render());
  }

  /** Loads the newest calls. */
  async load() {
    try {
      const { calls } = await this._client.calls.history({ limit: 50 });
      this._calls = calls;
      this._loaded = true;
      this._status.textContent = calls.length ? "" : "No calls yet.";
    } catch (err) {
      this._status.textContent = `Could not load the calls: ${/** @type {any} */ (err).reason ?? err}`;
    }
    this._render();
  }

  _render() {
    this._status.hidden = !this._status.textContent;
    replaceChildren(this._list, this._calls.map((c) => this._item(c)));
  }

  /** @param {any} c */
  _item(c) {
    const me = this._client.userId;
    const otherId = c.caller_id === me ? c.callee_id : c.caller_id;
    const name = this._users.name(otherId);
    const missed = c.direction === "incoming" && (c.outcome === "missed" || c.outcome === "cancelled");
    const outcome = /** @type {Record<string, string>} */ (OUTCOME_TEXT)[c.outcome] ?? c.outcome;
    const detail = `${c.direction === "outgoing" ? "Outgoing" : "Incoming"} ${c.media} · ${c.outcome === "completed" ? callDuration(c.duration_ms) : outcome}`;
    return h(
      "li",
      { class: `call-record${missed ? " missed" : ""}`, "data-testid": "call-record", "data-outcome": c.outcome, "data-call-id": c.call_id },
      avatar(name, otherId),
      h(
        "span",
        { class: "item-main" },
        h("span", { class: "item-top" }, h("span", { class: "item-title" }, name), h("time", { class: "item-time" }, shortTime(c.started_at))),
        h("span", { class: "item-bottom call-detail" }, icon(c.direction === "outgoing" ? "outgoing" : "incoming"), h("span", { "data-testid": "call-outcome" }, detail)),
      ),
      h(
        "button",
        { type: "button", class: "icon-button", "aria-label": `Call ${name} back (${c.media})`, title: "Call back", onclick: () => this._actions.callBack(c.conversation_id, c.media) },
        icon(c.media === "video" ? "video" : "phone"),
      ),
    );
  }
}
