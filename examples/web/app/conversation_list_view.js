import { avatar } from "./avatar.js";
import { h, replaceChildren } from "./dom.js";
import { shortTime } from "./format.js";
import { icon } from "./icons.js";

/**
 * The sidebar: the user, connection state, actions, and the conversations
 * with their last message and unread count.
 */
export class ConversationListView {
  /**
   * @param {import("./app.js").AppDeps} deps
   * @param {{open: (id: string) => void, newChat: () => void, newGroup: () => void, logout: () => void}} actions
   * @param {HTMLElement} notificationsToggle
   */
  constructor({ client, store, users, presence, naming }, actions, notificationsToggle) {
    this._client = client;
    this._store = store;
    this._users = users;
    this._presence = presence;
    this._naming = naming;
    this._actions = actions;
    this._selected = "";

    this._me = h("span", { class: "me-name", "data-testid": "me" });
    this._list = h("ul", { class: "conversation-list", "aria-label": "Conversations" });
    this._empty = h("p", { class: "empty" }, "No conversations yet. Start one with “New chat”.");
    this.element = h(
      "nav",
      { class: "sidebar", "aria-label": "Conversation list" },
      h(
        "header",
        { class: "sidebar-header" },
        h("div", { class: "me" }, this._me),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "icon-button", title: "New chat", "aria-label": "New chat", onclick: () => actions.newChat() }, icon("compose")),
          h("button", { type: "button", class: "icon-button", title: "New group", "aria-label": "New group", onclick: () => actions.newGroup() }, icon("group")),
          notificationsToggle,
          h("button", { type: "button", class: "icon-button", title: "Log out", "aria-label": "Log out", onclick: () => actions.logout() }, icon("logout")),
        ),
      ),
      this._empty,
      this._list,
    );
    store.on("change", () => this.render());
    users.on("change", () => this.render());
    presence.on("change", () => this.render());
    this.render();
  }

  /** @param {string} id */
  select(id) {
    this._selected = id;
    this.render();
  }

  render() {
    const me = this._client.userId;
    this._me.textContent = me ? this._users.name(me) : "";
    const conversations = this._store.sorted();
    this._empty.hidden = !this._store.loaded || conversations.length > 0;
    const peers = conversations.map((c) => this._naming.peer(c)).filter((p) => p !== undefined);
    this._presence.follow(/** @type {string[]} */ (peers));
    const focused = /** @type {HTMLElement | null} */ (document.activeElement)?.dataset?.conversationId;
    replaceChildren(this._list, conversations.map((c) => this._item(c)));
    // Re-rendering must not steal the keyboard focus from the item it was on.
    if (focused) /** @type {HTMLElement | null} */ (this._list.querySelector(`[data-conversation-id="${CSS.escape(focused)}"]`))?.focus();
  }

  /** @param {any} c */
  _item(c) {
    const title = this._naming.title(c);
    const peer = this._naming.peer(c);
    const online = peer ? (this._presence.get(peer)?.online ?? false) : undefined;
    const unread = c.unread ?? 0;
    const last = c.last_message;
    const label = `${title}${unread ? `, ${unread} unread` : ""}${online ? ", online" : ""}`;
    return h(
      "li",
      {},
      h(
        "button",
        {
          type: "button",
          class: `conversation-item${c.conversation_id === this._selected ? " selected" : ""}${unread ? " has-unread" : ""}`,
          "aria-label": label,
          "aria-current": c.conversation_id === this._selected ? "true" : false,
          "data-testid": "conversation-item",
          "data-conversation-id": c.conversation_id,
          onclick: () => this._actions.open(c.conversation_id),
        },
        avatar(title, peer ?? c.conversation_id, { online, group: c.type === "group" }),
        h(
          "span",
          { class: "item-main" },
          h("span", { class: "item-top" }, h("span", { class: "item-title" }, title), last ? h("time", { class: "item-time" }, shortTime(last.sent_at)) : null),
          h(
            "span",
            { class: "item-bottom" },
            h("span", { class: "item-preview", "data-testid": "conversation-preview" }, this._naming.preview(c, last)),
            unread ? h("span", { class: "badge", "data-testid": "unread-badge" }, String(unread)) : null,
          ),
        ),
      ),
    );
  }
}
