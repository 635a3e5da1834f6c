import { avatar } from "./avatar.js";
import { h } from "./dom.js";
import { icon } from "./icons.js";

/**
 * The incoming-call screen: who calls, audio or video, accept and decline.
 * A modal alert dialog, so the keyboard lands on it and screen readers
 * announce it.
 */
export class IncomingCallView {
  /** @param {{accept: (callId: string) => void, decline: (callId: string) => void}} actions */
  constructor(actions) {
    this._callId = "";
    this._avatar = h("span", { class: "incoming-avatar" });
    this._title = h("h2", { id: "incoming-call-title", class: "incoming-title" });
    this._detail = h("p", { class: "incoming-detail", id: "incoming-call-detail" });
    this._accept = h("button", { type: "button", class: "call-button accept", onclick: () => actions.accept(this._callId) }, icon("phone"), h("span", {}, "Accept"));
    this._decline = h("button", { type: "button", class: "call-button decline", onclick: () => actions.decline(this._callId) }, icon("hangup"), h("span", {}, "Decline"));
    this.element = h(
      "dialog",
      {
        class: "incoming-call",
        role: "alertdialog",
        "aria-labelledby": "incoming-call-title",
        "aria-describedby": "incoming-call-detail",
        "data-testid": "incoming-call",
        // Escape declines nothing by accident: the call keeps ringing until a button is pressed.
        oncancel: (/** @type {Event} */ e) => e.preventDefault(),
      },
      this._avatar,
      this._title,
      this._detail,
      h("div", { class: "incoming-actions" }, this._decline, this._accept),
    );
    document.body.appendChild(this.element);
  }

  /** The call on screen, or "". */
  get callId() {
    return this._callId;
  }

  /**
   * @param {{call_id: string, caller_id: string, media: "audio" | "video", busy?: boolean}} incoming
   * @param {string} callerName
   * @param {boolean} inAnotherCall accepting ends the call in progress
   */
  show(incoming, callerName, inAnotherCall) {
    this._callId = incoming.call_id;
    this._avatar.replaceChildren(avatar(callerName, incoming.caller_id));
    this._title.textContent = callerName;
    const kind = incoming.media === "video" ? "Incoming video call" : "Incoming audio call";
    this._detail.textContent = inAnotherCall ? `${kind} — accepting ends your current call` : `${kind}…`;
    this._accept.setAttribute("aria-label", `Accept ${incoming.media} call from ${callerName}`);
    this._decline.setAttribute("aria-label", `Decline call from ${callerName}`);
    this.element.dataset.callId = incoming.call_id;
    if (!this.element.open) this.element.showModal();
    this._accept.focus();
  }

  hide() {
    this._callId = "";
    if (this.element.open) this.element.close();
  }
}
