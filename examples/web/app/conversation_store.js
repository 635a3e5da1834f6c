import { Emitter } from "../sdk/switchboard.js";

/**
 * The user's conversations as the list shows them — last message, unread
 * count, members' receipts — kept current from the client's events and
 * reloaded after each catch-up. Emits 'change'.
 */
export class ConversationStore extends Emitter {
  /** @param {import("../sdk/switchboard.js").Client} client */
  constructor(client) {
    super();
    this._client = client;
    /** @type {Map<string, any>} */
    this._conversations = new Map();
    /** The conversation on screen: its messages count as read while the page is visible. */
    this.openId = "";
    this.loaded = false;
    this._refreshTimer = 0;

    client.on("synced", ({ conversations }) => this._replace(conversations));
    client.on("message.new", (m) => this._message(m, m.sender_id !== client.userId));
    client.on("message.edited", (m) => this._edited(m));
    client.on("message.deleted", (d) => this._edited({ ...d, body: "", deleted_at: d.deleted_at }));
    client.on("receipt", (r) => this._receipt(r));
    client.on("conversation.new", ({ conversation }) => this._upsert(conversation));
    client.on("conversation.updated", ({ conversation, removed }) => {
      if (client.userId && removed?.includes(client.userId)) this._remove(conversation.conversation_id);
      else this._upsert(conversation);
    });
  }

  /** Loads the list from the server. */
  async load() {
    const { conversations } = await this._client.listConversations();
    this._replace(conversations);
  }

  /** @param {string} id */
  get(id) {
    return this._conversations.get(id);
  }

  /** Most recent activity first. */
  sorted() {
    return [...this._conversations.values()].sort((a, b) => activity(b) - activity(a));
  }

  /**
   * Adds or updates a conversation (e.g. one just created).
   * @param {any} conversation
   */
  add(conversation) {
    this._upsert(conversation);
  }

  /**
   * A message this user sent from here (the server sends no message.new back to its sender).
   * @param {any} message
   */
  sent(message) {
    this._message(message, false);
  }

  /**
   * The user saw a conversation to its end (up to `seq`, the newest message
   * from others): nothing unread is left there.
   * @param {string} id
   * @param {number} seq
   */
  markRead(id, seq) {
    const c = this._conversations.get(id);
    if (!c) return;
    c.read_seq = Math.max(c.read_seq ?? 0, seq);
    if (c.unread !== 0) {
      c.unread = 0;
      this.emit("change");
    }
  }

  /** Reloads the list shortly (the server's unread counts are exact). */
  refreshSoon() {
    window.clearTimeout(this._refreshTimer);
    this._refreshTimer = window.setTimeout(() => this.load().catch(() => {}), 300);
  }

  /** @param {any[]} rows */
  _replace(rows) {
    this._conversations = new Map(rows.map((r) => [r.conversation_id, { ...r }]));
    // The list may have been read before the open conversation's latest read receipt was stored.
    const open = this._conversations.get(this.openId);
    if (open && this._seenNow(this.openId)) open.unread = 0;
    this.loaded = true;
    this.emit("change");
  }

  /** @param {any} conversation */
  _upsert(conversation) {
    const old = this._conversations.get(conversation.conversation_id);
    this._conversations.set(conversation.conversation_id, {
      unread: 0,
      read_seq: 0,
      delivered_seq: 0,
      ...old,
      ...conversation,
      last_seq: Math.max(old?.last_seq ?? 0, conversation.last_seq ?? 0),
    });
    this.emit("change");
  }

  /** @param {string} id */
  _remove(id) {
    if (this._conversations.delete(id)) this.emit("change");
  }

  /**
   * @param {any} m
   * @param {boolean} fromOthers
   */
  _message(m, fromOthers) {
    const c = this._conversations.get(m.conversation_id);
    if (!c) {
      // A conversation this list does not know yet (created elsewhere): fetch it.
      this.load().catch(() => {});
      return;
    }
    if (m.seq > c.last_seq) c.last_seq = m.seq;
    if (!c.last_message || m.seq >= c.last_message.seq) c.last_message = m;
    if (fromOthers && m.seq > (c.read_seq ?? 0) && !this._seenNow(m.conversation_id)) c.unread = (c.unread ?? 0) + 1;
    this.emit("change");
  }

  /** @param {any} m */
  _edited(m) {
    const c = this._conversations.get(m.conversation_id);
    if (c?.last_message?.seq === m.seq) {
      c.last_message = { ...c.last_message, ...m };
      this.emit("change");
    }
  }

  /** @param {{conversation_id: string, user_id: string, delivered_seq: number, read_seq: number}} r */
  _receipt(r) {
    const c = this._conversations.get(r.conversation_id);
    if (!c) return;
    const member = c.members?.find((/** @type {any} */ m) => m.user_id === r.user_id);
    if (member) {
      member.delivered_seq = Math.max(member.delivered_seq, r.delivered_seq);
      member.read_seq = Math.max(member.read_seq, r.read_seq);
    }
    this.emit("change");
    // Read on another device of this user: the server knows how much is left unread.
    if (r.user_id === this._client.userId && r.read_seq > (c.read_seq ?? 0)) this.refreshSoon();
  }

  /** @param {string} id */
  _seenNow(id) {
    return this.openId === id && document.visibilityState === "visible";
  }
}

/** @param {any} c */
function activity(c) {
  return c.last_message?.sent_at ?? c.created_at ?? 0;
}
