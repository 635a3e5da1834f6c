import { avatar } from "./avatar.js";
import { h } from "./dom.js";
import { callDuration } from "./format.js";
import { icon } from "./icons.js";

/** What the status line says before the call is connected. */
const STATE_TEXT = {
  starting: "Calling…",
  dialing: "Calling…",
  ringing: "Ringing…",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
};

const QUALITY_TEXT = { good: "Good connection", fair: "Fair connection", poor: "Poor connection" };

/**
 * The in-call screen: the other person's video (or avatar on an audio
 * call), your own video in a corner, the state or the duration, the
 * connection quality, and mute, camera and hang up.
 */
export class InCallView {
  /**
   * @param {{name: string, userId: string, media: "audio" | "video", state: string}} call
   * @param {{hangup: () => void, mute: (muted: boolean) => void, camera: (off: boolean) => void}} actions
   */
  constructor(call, actions) {
    this._media = call.media;
    this._connectedAt = 0;
    this._timer = 0;
    this._muted = false;
    this._cameraOff = false;
    this._remote = h("video", { class: "remote-video", autoplay: true, playsinline: true, "data-testid": "remote-video" });
    this._local = h("video", { class: "local-video", autoplay: true, playsinline: true, muted: true, "data-testid": "local-video", "aria-label": "Your camera" });
    this._status = h("p", { class: "call-status", "data-testid": "call-status" });
    // Screen readers hear the state changes, not every tick of the duration.
    this._announcer = h("p", { class: "visually-hidden", "aria-live": "polite" });
    this._quality = h("p", { class: "call-quality", "data-testid": "call-quality", hidden: true });
    this._mute = h("button", { type: "button", class: "call-control", "aria-pressed": "false", "aria-label": "Mute", onclick: () => actions.mute(!this._muted) }, icon("mic"));
    this._camera = h("button", { type: "button", class: "call-control", "aria-pressed": "false", "aria-label": "Turn camera off", onclick: () => actions.camera(!this._cameraOff), hidden: call.media !== "video" }, icon("video"));
    this._hangup = h("button", { type: "button", class: "call-control hangup", "aria-label": "Hang up", onclick: () => actions.hangup() }, icon("hangup"));
    this.element = h(
      "dialog",
      {
        class: `in-call ${call.media}`,
        "aria-labelledby": "in-call-name",
        "data-testid": "in-call",
        oncancel: (/** @type {Event} */ e) => e.preventDefault(),
      },
      this._remote,
      h("div", { class: "call-peer" }, avatar(call.name, call.userId), h("h2", { id: "in-call-name", class: "call-name" }, call.name), this._status, this._quality),
      this._local,
      h("div", { class: "call-controls" }, this._mute, this._camera, this._hangup),
      this._announcer,
    );
    document.body.appendChild(this.element);
    this.element.showModal();
    this._hangup.focus();
    this.setState(call.state);
  }

  /** @param {MediaStream} stream */
  setLocalStream(stream) {
    if (this._media === "video") this._local.srcObject = stream;
  }

  /** @param {MediaStream} stream */
  setRemoteStream(stream) {
    if (this._remote.srcObject !== stream) this._remote.srcObject = stream;
    this._remote.play().catch(() => {});
  }

  /** @param {string} state */
  setState(state) {
    this.element.dataset.state = state;
    if (state === "connected") {
      this._announcer.textContent = "Connected";
      if (!this._connectedAt) {
        this._connectedAt = Date.now();
        this._timer = window.setInterval(() => this._renderDuration(), 1000);
      }
      this._renderDuration();
      return;
    }
    const text = /** @type {Record<string, string>} */ (STATE_TEXT)[state];
    if (!text) return;
    this._status.textContent = text;
    this._announcer.textContent = text;
  }

  /** @param {{level: "good" | "fair" | "poor", rtt_ms: number | null, packet_loss: number | null}} quality */
  setQuality(quality) {
    this._quality.hidden = false;
    this._quality.dataset.level = quality.level;
    this._quality.textContent = QUALITY_TEXT[quality.level];
    const details = [quality.rtt_ms === null ? "" : `round trip ${quality.rtt_ms} ms`, quality.packet_loss === null ? "" : `${(quality.packet_loss * 100).toFixed(1)} % lost`];
    this._quality.title = details.filter(Boolean).join(", ");
  }

  /** @param {boolean} muted @param {boolean} cameraOff */
  setControls(muted, cameraOff) {
    this._muted = muted;
    this._cameraOff = cameraOff;
    this._mute.setAttribute("aria-pressed", String(muted));
    this._mute.setAttribute("aria-label", muted ? "Unmute" : "Mute");
    this._mute.replaceChildren(icon(muted ? "micOff" : "mic"));
    this._camera.setAttribute("aria-pressed", String(cameraOff));
    this._camera.setAttribute("aria-label", cameraOff ? "Turn camera on" : "Turn camera off");
    this._camera.replaceChildren(icon(cameraOff ? "videoOff" : "video"));
    this._local.classList.toggle("off", cameraOff);
  }

  /**
   * Shows how the call ended for a moment.
   * @param {string} message
   */
  ended(message) {
    window.clearInterval(this._timer);
    this.element.dataset.state = "ended";
    this._status.textContent = message;
    this._announcer.textContent = message;
    this._quality.hidden = true;
    for (const button of [this._mute, this._camera, this._hangup]) button.disabled = true;
  }

  close() {
    window.clearInterval(this._timer);
    this._remote.srcObject = null;
    this._local.srcObject = null;
    if (this.element.open) this.element.close();
    this.element.remove();
  }

  _renderDuration() {
    this._status.textContent = callDuration(Date.now() - this._connectedAt);
  }
}
