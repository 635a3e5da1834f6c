import { newClientMsgId } from "../sdk/switchboard.js";
import { avatar } from "./avatar.js";
import { Composer } from "./composer.js";
import { h } from "./dom.js";
import { lastSeen } from "./format.js";
import { icon } from "./icons.js";
import { MessageList } from "./message_list.js";
import { TypingNotifier } from "./typing_notifier.js";

/**
 * One open conversation: header (name, presence or members, typing), the
 * messages, and the composer. Marks messages read while the page is visible.
 */
export class ConversationView {
  /**
   * @param {import("./app.js").AppDeps} deps
   * @param {string} conversationId
   * @param {{back: () => void}} actions
   */
  constructor(deps, conversationId, actions) {
    this._deps = deps;
    this._client = deps.client;
    this._id = conversationId;
    this._readUpTo = 0;
    this._loaded = false;
    const conversation = deps.store.get(conversationId);
    this._list = new MessageList(deps, conversation);
    this._notifier = new TypingNotifier(deps.client, conversationId);
    this._composer = new Composer({
      send: (text) => this._send(text),
      attach: (files) => this._attach(files),
      typed: () => this._notifier.typed(),
      stopped: () => this._notifier.stopped(),
    });
    this._title = h("h2", { class: "conversation-title", id: "conversation-title" });
    this._subtitle = h("p", { class: "conversation-subtitle", "data-testid": "conversation-subtitle" });
    this._avatar = h("span", { class: "header-avatar" });
    this._typing = h("div", { class: "typing-indicator", "aria-live": "polite", "data-testid": "typing-indicator" });
    // Calls are one to one: the buttons show in direct conversations only.
    this._callActions = h(
      "div",
      { class: "call-actions", hidden: conversation?.type !== "direct" },
      h("button", { type: "button", class: "icon-button", title: "Audio call", "aria-label": "Audio call", onclick: () => deps.calls.start(conversationId, "audio") }, icon("phone")),
      h("button", { type: "button", class: "icon-button", title: "Video call", "aria-label": "Video call", onclick: () => deps.calls.start(conversationId, "video") }, icon("video")),
    );
    this.element = h(
      "section",
      { class: "conversation", "aria-labelledby": "conversation-title", "data-conversation-id": conversationId },
      h(
        "header",
        { class: "conversation-header" },
        h("button", { type: "button", class: "icon-button back-button", "aria-label": "Back to conversations", onclick: () => actions.back() }, icon("back")),
        this._avatar,
        h("div", { class: "header-text" }, this._title, this._subtitle),
        this._callActions,
      ),
      this._list.element,
      this._typing,
      this._composer.element,
    );

    /** @type {(() => void)[]} */
    this._offs = [
      deps.client.on("message.new", (m) => m.conversation_id === this._id && this._arrived(m)),
      deps.client.on("message.sent", (s) => s.conversation_id === this._id && this._list.confirm(s)),
      deps.client.on("message.failed", (f) => f.conversation_id === this._id && this._list.failed(f.client_msg_id, f.error.reason)),
      deps.client.on("message.edited", (m) => m.conversation_id === this._id && this._list.edited(m)),
      deps.client.on("message.deleted", (d) => d.conversation_id === this._id && this._list.edited({ ...d, body: "" })),
      deps.store.on("change", () => this._conversationChanged()),
      deps.users.on("change", () => this._renderHeader()),
      deps.presence.on("change", () => this._renderHeader()),
      deps.typing.on("change", (/** @type {string} */ id) => id === this._id && this._renderTyping()),
      // Opened while offline: the history comes once the connection is back.
      deps.client.on("synced", () => !this._loaded && this.load().catch(() => {})),
    ];
    this._onVisible = () => this._markRead();
    document.addEventListener("visibilitychange", this._onVisible);
    this._renderHeader();
    this._renderTyping();
    const peer = deps.naming.peer(conversation);
    if (peer) deps.presence.follow([peer]);
  }

  get conversationId() {
    return this._id;
  }

  /**
   * What this view knows of an attachment the user sent from it (its file name…).
   * @param {string} attachmentId
   */
  attachment(attachmentId) {
    return this._list.attachment(attachmentId);
  }

  /** Loads the latest messages and marks them read. */
  async load() {
    await this._list.loadLatest();
    this._loaded = true;
    this._markRead();
    this._composer.focus();
  }

  /** Stops listening and frees previews (when another conversation opens). */
  close() {
    for (const off of this._offs) off();
    document.removeEventListener("visibilitychange", this._onVisible);
    this._notifier.stopped();
    this._list.release();
  }

  /** @param {any} m */
  _arrived(m) {
    this._list.add(m);
    this._markRead();
  }

  _conversationChanged() {
    const c = this._deps.store.get(this._id);
    if (!c) return;
    this._list.setConversation(c);
    this._renderHeader();
  }

  /** Sends read up to the newest message from others, while the page is visible. */
  _markRead() {
    if (document.visibilityState !== "visible") return;
    const seq = this._list.lastSeqFromOthers;
    if (seq <= this._readUpTo) return;
    this._readUpTo = seq;
    this._deps.store.markRead(this._id, seq);
    this._client.markRead(this._id, seq).catch(() => {
      this._readUpTo = 0;
    });
  }

  /** @param {string} text */
  _send(text) {
    const clientMsgId = newClientMsgId();
    this._list.addPending({ client_msg_id: clientMsgId, body: text });
    this._client.sendMessage({ conversation_id: this._id, client_msg_id: clientMsgId, body: text }).catch(() => {});
  }

  /** @param {File[]} files */
  _attach(files) {
    for (const file of files) this._upload(file);
  }

  /**
   * Uploads a file (showing its progress), then sends it as a message.
   * @param {File} file
   * @param {string} [clientMsgId] the message's id when retrying
   */
  async _upload(file, clientMsgId = newClientMsgId()) {
    const type = file.type || "application/octet-stream";
    let bubble = this._list.pending(clientMsgId);
    if (!bubble) {
      const localFiles = [{ name: file.name, type, size: file.size, url: URL.createObjectURL(file) }];
      bubble = this._list.addPending({ client_msg_id: clientMsgId, body: "" }, { status: "uploading", localFiles });
    }
    bubble.setStatus("uploading");
    bubble.setProgress(0);
    try {
      const uploaded = await this._client.uploadAttachment(file, {
        filename: file.name,
        contentType: type,
        onProgress: (sent, total) => bubble.setProgress(total ? sent / total : 0),
      });
      bubble.setProgress(1);
      bubble.update({
        attachments: [{ attachment_id: uploaded.attachment_id, content_type: uploaded.content_type, size: uploaded.size, filename: file.name, has_thumbnail: type.startsWith("image/") }],
      });
      bubble.setStatus("pending");
      this._client.sendMessage({ conversation_id: this._id, client_msg_id: clientMsgId, body: "", attachments: [uploaded.attachment_id] }).catch(() => {});
    } catch (err) {
      bubble.setStatus("failed", /** @type {any} */ (err).reason ?? String(err), () => this._upload(file, clientMsgId));
    }
  }

  _renderHeader() {
    const c = this._deps.store.get(this._id);
    if (!c) return;
    const naming = this._deps.naming;
    const title = naming.title(c);
    const peer = naming.peer(c);
    this._title.textContent = title;
    this._callActions.hidden = c.type !== "direct";
    if (peer) {
      const p = this._deps.presence.get(peer);
      this._subtitle.textContent = p?.online ? "online" : p ? lastSeen(p.last_seen_at) : "";
      this._subtitle.classList.toggle("online", !!p?.online);
    } else {
      const names = (c.members ?? []).map((/** @type {any} */ m) => (m.user_id === this._client.userId ? "you" : this._deps.users.name(m.user_id)));
      this._subtitle.textContent = `${c.members?.length ?? 0} members: ${names.join(", ")}`;
      this._subtitle.classList.remove("online");
    }
    this._avatar.replaceChildren(avatar(title, peer ?? c.conversation_id, { group: c.type === "group", online: peer ? (this._deps.presence.get(peer)?.online ?? false) : undefined }));
  }

  _renderTyping() {
    const users = this._deps.typing.typingIn(this._id).map((id) => this._deps.users.name(id));
    this._typing.textContent =
      users.length === 0 ? "" : users.length === 1 ? `${users[0]} is typing…` : users.length === 2 ? `${users[0]} and ${users[1]} are typing…` : "Several people are typing…";
    this._typing.classList.toggle("active", users.length > 0);
  }
}
