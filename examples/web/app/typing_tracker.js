import { Emitter } from "../sdk/switchboard.js";

/** How long a typing indicator shows without renewal (the server ends it after 6 s too). */
const SHOW_MS = 7000;

/**
 * Who is typing where, from 'typing' events. Emits 'change' (conversation_id).
 */
export class TypingTracker extends Emitter {
  /** @param {import("../sdk/switchboard.js").Client} client */
  constructor(client) {
    super();
    /** @type {Map<string, Map<string, number>>} conversation -> user -> timer */
    this._typing = new Map();
    client.on("typing", (t) => this._set(t.conversation_id, t.user_id, t.active));
    // A message from someone ends their typing.
    client.on("message.new", (m) => m.sender_id && this._set(m.conversation_id, m.sender_id, false));
  }

  /**
   * The users typing in a conversation.
   * @param {string} conversationId
   * @returns {string[]}
   */
  typingIn(conversationId) {
    return [...(this._typing.get(conversationId)?.keys() ?? [])];
  }

  /**
   * @param {string} conversationId
   * @param {string} userId
   * @param {boolean} active
   */
  _set(conversationId, userId, active) {
    let users = this._typing.get(conversationId);
    const had = users?.has(userId) ?? false;
    if (users && had) window.clearTimeout(users.get(userId));
    if (active) {
      if (!users) this._typing.set(conversationId, (users = new Map()));
      users.set(userId, window.setTimeout(() => this._set(conversationId, userId, false), SHOW_MS));
    } else if (users) {
      users.delete(userId);
    }
    if (active !== had) this.emit("change", conversationId);
  }
}
