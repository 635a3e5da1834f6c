import { h } from "./dom.js";
import { MessageBubble } from "./message_bubble.js";

const PAGE = 30;

/**
 * The messages of one conversation, in seq order with the user's unsent
 * ones after them; loads older pages when scrolled to the top and keeps the
 * view at the bottom while the user is there.
 */
export class MessageList {
  /**
   * @param {object} deps
   * @param {import("../sdk/switchboard.js").Client} deps.client
   * @param {import("./image_viewer.js").ImageViewer} deps.viewer
   * @param {import("./user_directory.js").UserDirectory} deps.users
   * @param {any} conversation
   */
  constructor(deps, conversation) {
    this._deps = deps;
    this._client = deps.client;
    this._users = deps.users;
    this._conversation = conversation;
    /** @type {Map<number, MessageBubble>} by seq */
    this._bySeq = new Map();
    /** @type {Map<string, MessageBubble>} own messages not stored yet, by client_msg_id */
    this._pending = new Map();
    this._hasOlder = true;
    this._loadingOlder = false;
    this._list = h("ol", { class: "message-items" });
    this._older = h("div", { class: "older", role: "status" });
    this.element = h("div", { class: "messages", role: "log", "aria-label": "Conversation history", tabindex: "0", "data-testid": "message-list" }, this._older, this._list);
    this.element.addEventListener("scroll", () => {
      if (this.element.scrollTop < 120) this.loadOlder();
    });
    // Names fetched after the bubbles were drawn.
    this._offUsers = this._users.on("change", () => {
      for (const b of this._bySeq.values()) if (!b.mine) b.setSender(this._senderName(b.message));
    });
  }

  /** The highest seq shown. */
  get lastSeq() {
    let max = 0;
    for (const seq of this._bySeq.keys()) max = Math.max(max, seq);
    return max;
  }

  /** The highest seq of a message from someone else. */
  get lastSeqFromOthers() {
    let max = 0;
    for (const [seq, b] of this._bySeq) if (!b.mine) max = Math.max(max, seq);
    return max;
  }

  /** Loads the latest page and the user's unsent messages; scrolls to the bottom. */
  async loadLatest() {
    for (const entry of this._client.pendingMessages(this._conversation.conversation_id)) this.addPending(entry.data);
    const { messages } = await this._client.history(this._conversation.conversation_id, { limit: PAGE });
    for (const m of messages) this.add(m);
    this._hasOlder = messages.length === PAGE && messages[0]?.seq > 1;
    this._older.textContent = this._hasOlder ? "" : "Beginning of the conversation";
    this.scrollToBottom();
    // A short first page may not fill the view, and then no scroll event comes.
    if (this._hasOlder && this.element.scrollHeight <= this.element.clientHeight) await this.loadOlder();
  }

  /** Loads the page before the oldest message shown, keeping what is on screen in place. */
  async loadOlder() {
    if (!this._hasOlder || this._loadingOlder || this._bySeq.size === 0) return;
    this._loadingOlder = true;
    this._older.textContent = "Loading earlier messages…";
    try {
      const first = Math.min(...this._bySeq.keys());
      const { messages } = await this._client.history(this._conversation.conversation_id, { before_seq: first, limit: PAGE });
      const keepFromBottom = this.element.scrollHeight - this.element.scrollTop;
      for (const m of messages) this.add(m);
      this.element.scrollTop = this.element.scrollHeight - keepFromBottom;
      this._hasOlder = messages.length === PAGE && messages[0].seq > 1;
      this._older.textContent = this._hasOlder ? "" : "Beginning of the conversation";
    } catch {
      this._older.textContent = "Could not load earlier messages";
    } finally {
      this._loadingOlder = false;
    }
  }

  /**
   * A stored message (from history, an event, or the user's own send).
   * @param {any} m
   */
  add(m) {
    const existing = this._bySeq.get(m.seq);
    if (existing) {
      existing.update(m);
      return existing;
    }
    const pending = m.client_msg_id ? this._pending.get(m.client_msg_id) : undefined;
    if (pending && m.sender_id === this._client.userId) {
      this._pending.delete(m.client_msg_id);
      pending.update(m);
      this._placeStored(pending);
      this.refreshTicks();
      return pending;
    }
    const atBottom = this._atBottom();
    const mine = m.sender_id === this._client.userId;
    const bubble = new MessageBubble(this._deps, this._senderName(m), m, { mine });
    this._placeStored(bubble);
    if (mine) this.refreshTicks();
    if (atBottom) this.scrollToBottom();
    return bubble;
  }

  /**
   * An own message not stored yet (uploading, or waiting in the outbox).
   * @param {{client_msg_id: string, body: string, attachments?: string[]}} data
   * @param {{status?: string, localFiles?: {name: string, type: string, size: number, url: string}[]}} [options]
   */
  addPending(data, { status = "pending", localFiles = [] } = {}) {
    let bubble = this._pending.get(data.client_msg_id);
    if (!bubble) {
      const attachments = (data.attachments ?? []).map((id) => (typeof id === "string" ? { attachment_id: id } : id));
      bubble = new MessageBubble(this._deps, "", { client_msg_id: data.client_msg_id, body: data.body, attachments }, { mine: true, status, localFiles });
      this._pending.set(data.client_msg_id, bubble);
      this._list.appendChild(bubble.element);
      this.scrollToBottom();
    } else {
      bubble.setStatus(status);
    }
    return bubble;
  }

  /**
   * The bubble of an own message not stored yet.
   * @param {string} clientMsgId
   */
  pending(clientMsgId) {
    return this._pending.get(clientMsgId);
  }

  /**
   * The server stored an own message.
   * @param {{client_msg_id: string, message_id: string, seq: number, sent_at: number}} sent
   */
  confirm(sent) {
    const bubble = this._pending.get(sent.client_msg_id);
    if (!bubble) return;
    this._pending.delete(sent.client_msg_id);
    if (this._bySeq.has(sent.seq)) {
      bubble.release();
      bubble.element.remove();
      return;
    }
    bubble.update({ seq: sent.seq, message_id: sent.message_id, sent_at: sent.sent_at, sender_id: this._client.userId });
    this._placeStored(bubble);
    this.refreshTicks();
  }

  /**
   * The metadata of an attachment shown in this list.
   * @param {string} attachmentId
   */
  attachment(attachmentId) {
    for (const bubble of [...this._pending.values(), ...this._bySeq.values()]) {
      const found = bubble.message.attachments?.find((/** @type {any} */ a) => a.attachment_id === attachmentId);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * @param {string} clientMsgId
   * @param {string} reason
   */
  failed(clientMsgId, reason) {
    this._pending.get(clientMsgId)?.setStatus("failed", reason);
  }

  /** @param {{seq: number, body: string, edited_at?: number, deleted_at?: number}} m */
  edited(m) {
    this._bySeq.get(m.seq)?.update(m);
  }

  /**
   * Recomputes the ticks of own messages from the members' receipts: read
   * once every other member read it, delivered once every other member got it.
   */
  refreshTicks() {
    const others = (this._conversation.members ?? []).filter((/** @type {any} */ m) => m.user_id !== this._client.userId);
    const readUpTo = others.length ? Math.min(...others.map((/** @type {any} */ m) => m.read_seq)) : 0;
    const deliveredUpTo = others.length ? Math.min(...others.map((/** @type {any} */ m) => Math.max(m.delivered_seq, m.read_seq))) : 0;
    for (const [seq, bubble] of this._bySeq) {
      if (!bubble.mine) continue;
      bubble.setStatus(seq <= readUpTo ? "read" : seq <= deliveredUpTo ? "delivered" : "sent");
    }
  }

  /** @param {any} conversation the conversation with current members and receipts */
  setConversation(conversation) {
    this._conversation = conversation;
    this.refreshTicks();
  }

  scrollToBottom() {
    this.element.scrollTop = this.element.scrollHeight;
  }

  /** Frees the previews' object URLs. */
  release() {
    this._offUsers();
    for (const b of this._bySeq.values()) b.release();
    for (const b of this._pending.values()) b.release();
  }

  _atBottom() {
    return this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 80;
  }

  /** @param {any} m */
  _senderName(m) {
    if (this._conversation.type !== "group" || m.system || m.sender_id === this._client.userId) return "";
    return this._users.name(m.sender_id);
  }

  /**
   * Puts a stored message's bubble at its seq's place: after the last stored
   * one with a lower seq, before the unsent ones.
   * @param {MessageBubble} bubble
   */
  _placeStored(bubble) {
    const seq = /** @type {number} */ (bubble.message.seq);
    this._bySeq.set(seq, bubble);
    let before = null;
    for (const el of this._list.children) {
      if (el === bubble.element) continue;
      const s = /** @type {HTMLElement} */ (el).dataset.seq;
      if (s === undefined || Number(s) > seq) {
        before = el;
        break;
      }
    }
    this._list.insertBefore(bubble.element, before);
  }
}
