import { Emitter } from "../sdk/switchboard.js";
import { h } from "./dom.js";
import { callDuration } from "./format.js";
import { icon } from "./icons.js";
import { InCallView } from "./in_call_view.js";
import { IncomingCallView } from "./incoming_call_view.js";
import { Ringtone } from "./ringtone.js";

/** How long the in-call screen shows how the call ended. */
const ENDED_SCREEN_MS = 1500;

/**
 * The app's calls: one call at a time with its in-call screen, incoming
 * calls with their screen and ringtone, and a notice saying how the last
 * call ended. Emits 'ended' when a call ended (the history changed).
 */
export class CallController extends Emitter {
  /**
   * @param {{client: import("../sdk/switchboard.js").Client, users: import("./user_directory.js").UserDirectory,
   *          store: import("./conversation_store.js").ConversationStore, naming: import("./conversation_naming.js").ConversationNaming}} deps
   */
  constructor({ client, users, store, naming }) {
    super();
    this._client = client;
    this._users = users;
    this._store = store;
    this._naming = naming;
    /** Calls ringing here, by id, oldest first. @type {Map<string, any>} */
    this._incoming = new Map();
    /** @type {import("../sdk/switchboard.js").PeerCall | null} */
    this._peer = null;
    /** @type {InCallView | null} */
    this._view = null;
    /** Hang up was pressed before the invite was answered. */
    this._abandoned = false;
    this._ringtone = new Ringtone();
    this._incomingView = new IncomingCallView({ accept: (id) => this.accept(id), decline: (id) => this.decline(id) });
    this._noticeText = h("span", {});
    this.notice = h(
      "div",
      { class: "call-notice", role: "status", "data-testid": "call-notice", hidden: true },
      this._noticeText,
      h("button", { type: "button", class: "icon-button", "aria-label": "Dismiss", onclick: () => (this.notice.hidden = true) }, icon("close")),
    );
    document.body.appendChild(this.notice);
    client.calls.onIncoming((incoming) => this._incomingCall(incoming));
    client.calls.on("ended", (e) => this._incomingEnded(e.call_id, e.reason));
    users.on("change", () => this._renderIncoming());
  }

  /** Whether a call is on screen. */
  get inCall() {
    return this._view !== null;
  }

  /**
   * Calls the other member of a direct conversation.
   * @param {string} conversationId
   * @param {"audio" | "video"} media
   */
  async start(conversationId, media) {
    if (this._view) return;
    const conversation = this._store.get(conversationId) ?? (await this._client.getConversation(conversationId));
    const userId = this._naming.peer(conversation) ?? "";
    const name = this._users.name(userId);
    this._abandoned = false;
    const view = this._openView({ name, userId, media, state: "starting" });
    let peer;
    try {
      peer = await this._client.calls.start(conversationId, { media });
    } catch (err) {
      this._finish(view, startError(err));
      return;
    }
    // Both invited each other at once: this is the call that was ringing here.
    if (this._incoming.delete(peer.callId)) this._renderIncoming();
    if (this._abandoned) {
      peer.hangup();
      return;
    }
    this._attach(peer, view, name);
  }

  /** @param {string} callId */
  async accept(callId) {
    const incoming = this._incoming.get(callId);
    if (!incoming) return;
    this._incoming.delete(callId);
    this._renderIncoming();
    if (this._peer) await this._peer.hangup();
    const name = this._callerName(incoming);
    const view = this._openView({ name, userId: incoming.caller_id, media: incoming.media, state: "connecting" });
    let peer;
    try {
      peer = await this._client.calls.answer(incoming);
    } catch (err) {
      const e = /** @type {any} */ (err);
      this._finish(view, e.code === "conflict" ? "Answered on another device" : e.code === "not_found" ? "The call has ended" : `Could not answer: ${e.reason ?? e.message}`);
      return;
    }
    this._attach(peer, view, name);
  }

  /** @param {string} callId */
  decline(callId) {
    const incoming = this._incoming.get(callId);
    if (!incoming) return;
    this._incoming.delete(callId);
    this._renderIncoming();
    // Declined while in another call: the caller hears "busy".
    this._client.calls.reject(callId, this._peer ? "busy" : "declined").catch(() => {});
    this._showNotice(`You declined the call from ${this._callerName(incoming)}`, "declined");
    this.emit("ended");
  }

  hangup() {
    if (this._peer) this._peer.hangup();
    else if (this._view) {
      this._abandoned = true;
      this._finish(this._view, "Call cancelled");
    }
  }

  // ---- internals -------------------------------------------------------------

  /** @param {ConstructorParameters<typeof InCallView>[0]} call */
  _openView(call) {
    const view = new InCallView(call, {
      hangup: () => this.hangup(),
      mute: (muted) => this._peer?.setMuted(muted),
      camera: (off) => this._peer?.setCameraOff(off),
    });
    this._view = view;
    return view;
  }

  /**
   * @param {import("../sdk/switchboard.js").PeerCall} peer
   * @param {InCallView} view
   * @param {string} name
   */
  _attach(peer, view, name) {
    if (this._view !== view) {
      peer.hangup();
      return;
    }
    this._peer = peer;
    if (peer.localStream) view.setLocalStream(peer.localStream);
    if (peer.remoteStream) view.setRemoteStream(peer.remoteStream);
    peer.on("state", (/** @type {string} */ state) => {
      view.setState(state);
      if (state === "ringing" && peer.role === "caller") this._ringtone.start("ringback");
      else if (this._ringtone.playing === "ringback") this._ringtone.stop();
    });
    peer.on("remotestream", (/** @type {MediaStream} */ stream) => view.setRemoteStream(stream));
    peer.on("quality", (/** @type {any} */ quality) => view.setQuality(quality));
    peer.on("change", () => view.setControls(peer.muted, peer.cameraOff));
    // A signal that could not be applied is for the developer; the call's state tells the user.
    peer.on("error", (/** @type {any} */ err) => console.warn("call:", err?.message ?? err));
    peer.on("ended", ({ reason }) => {
      this._peer = null;
      if (this._ringtone.playing === "ringback") this._ringtone.stop();
      const connectedFor = peer.connectedAt === null ? null : Date.now() - peer.connectedAt;
      this._finish(view, endMessage(reason, peer.role, name, connectedFor), reason);
    });
    if (peer.state === "ended") {
      this._peer = null;
      this._finish(view, endMessage(peer.endReason ?? "failed", peer.role, name, null), peer.endReason ?? "failed");
    } else view.setState(peer.state);
  }

  /**
   * Shows how the call ended, then closes its screen.
   * @param {InCallView} view
   * @param {string} message
   * @param {string} [reason]
   */
  _finish(view, message, reason = "") {
    view.ended(message);
    this._showNotice(message, reason);
    if (this._view === view) this._view = null;
    window.setTimeout(() => view.close(), ENDED_SCREEN_MS);
    this.emit("ended");
  }

  /** @param {any} incoming */
  _incomingCall(incoming) {
    this._incoming.set(incoming.call_id, incoming);
    this._client.calls.ringing(incoming.call_id).catch(() => {});
    this._renderIncoming();
  }

  /**
   * @param {string} callId
   * @param {string} reason
   */
  _incomingEnded(callId, reason) {
    const incoming = this._incoming.get(callId);
    if (!incoming) return;
    this._incoming.delete(callId);
    this._renderIncoming();
    this._showNotice(endMessage(reason, "callee", this._callerName(incoming), null), reason);
    this.emit("ended");
  }

  /** Shows the newest call that rings here, and rings while there is one. */
  _renderIncoming() {
    const newest = [...this._incoming.values()].at(-1);
    if (!newest) {
      this._incomingView.hide();
      if (this._ringtone.playing === "incoming") this._ringtone.stop();
      return;
    }
    this._incomingView.show(newest, this._callerName(newest), this._view !== null);
    this._ringtone.start("incoming");
  }

  /** @param {any} incoming */
  _callerName(incoming) {
    return incoming.caller_display_name || this._users.name(incoming.caller_id);
  }

  /**
   * @param {string} message
   * @param {string} reason
   */
  _showNotice(message, reason) {
    this._noticeText.textContent = message;
    this.notice.dataset.reason = reason;
    this.notice.hidden = false;
  }
}

/**
 * How a call ended, said from this side.
 * @param {string} reason
 * @param {"caller" | "callee"} role
 * @param {string} name the other person
 * @param {number | null} connectedFor ms, when media flowed
 */
function endMessage(reason, role, name, connectedFor) {
  switch (reason) {
    case "hangup":
      return connectedFor === null ? "Call ended" : `Call ended · ${callDuration(connectedFor)}`;
    case "declined":
      return role === "caller" ? `${name} declined the call` : "Declined on another device";
    case "busy":
      return role === "caller" ? `${name} is busy` : "Declined on another device";
    case "cancelled":
      return role === "caller" ? "Call cancelled" : `Missed call from ${name}`;
    case "timeout":
      return role === "caller" ? "No answer" : `Missed call from ${name}`;
    case "answered_elsewhere":
      return "Answered on another device";
    case "connection_lost":
      return "The call was cut off: the connection was lost";
    default:
      return "The call failed";
  }
}

/** @param {any} err why a call could not be placed */
function startError(err) {
  if (err?.name === "NotAllowedError") return "No access to the microphone or camera";
  if (err?.name === "NotFoundError") return "No microphone or camera found";
  if (err?.code === "forbidden") return "You cannot call this user";
  return `The call failed: ${err?.reason ?? err?.message ?? err}`;
}
