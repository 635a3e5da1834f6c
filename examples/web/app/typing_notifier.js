/** Renew "typing" this often while the user keeps typing (the server forgets it after 6 s). */
const RENEW_MS = 3000;
/** Say "stopped" after this long without a keystroke. */
const IDLE_MS = 4000;

/**
 * Tells the others that the user is typing, without sending an event per
 * keystroke: active:true at most every 3 s, active:false after a pause or
 * when the message is sent.
 */
export class TypingNotifier {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {string} conversationId
   */
  constructor(client, conversationId) {
    this._client = client;
    this._conversationId = conversationId;
    this._lastSent = 0;
    this._idleTimer = 0;
    this._active = false;
  }

  /** A keystroke in the composer. */
  typed() {
    const now = Date.now();
    if (!this._active || now - this._lastSent > RENEW_MS) this._send(true, now);
    window.clearTimeout(this._idleTimer);
    this._idleTimer = window.setTimeout(() => this.stopped(), IDLE_MS);
  }

  /** The message was sent, the input emptied or the conversation left. */
  stopped() {
    window.clearTimeout(this._idleTimer);
    if (this._active) this._send(false, Date.now());
  }

  /**
   * @param {boolean} active
   * @param {number} now
   */
  _send(active, now) {
    this._active = active;
    this._lastSent = now;
    if (this._client.state !== "ready") return;
    this._client.setTyping(this._conversationId, active).catch(() => {});
  }
}
