import { avatar } from "./avatar.js";
import { h, replaceChildren } from "./dom.js";
import { shortTime } from "./format.js";
import { icon } from "./icons.js";

/**
 * The sidebar: the user, actions, and two tabs: the conversations with
 * their last message and unread count, and the calls.
 */
export class ConversationListView {
  /**
   * @param {import("./app.js").AppDeps} deps
   * @param {{open: (id: string) => void, newChat: () => void, newGroup: () => void, logout: () => void}} actions
   * @param {import("./call_history_view.js").CallHistoryView} callHistory the calls tab
   * @param {HTMLElement} notificationsToggle
   */
  constructor({ client, store, users, presence, naming }, actions, callHistory, notificationsToggle) {
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
    this._callHistory = callHistory;
    this._chatsTab = this._tab("chats", "Chats", true);
    this._callsTab = this._tab("calls", "Calls", false);
    this._chatsPanel = h("div", { class: "tab-panel", role: "tabpanel", id: "panel-chats", "aria-labelledby": "tab-chats" }, this._empty, this._list);
    this._callsPanel = h("div", { class: "tab-panel", role: "tabpanel", id: "panel-calls", "aria-labelledby": "tab-calls", hidden: true }, callHistory.element);
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
      h("div", { class: "tabs", role: "tablist", "aria-label": "Chats and calls" }, this._chatsTab, this._callsTab),
      this._chatsPanel,
      this._callsPanel,
    );
    store.on("change", () => this.render());
    users.on("change", () => this.render());
    presence.on("change", () => this.render());
    this.render();
  }

  /**
   * Shows the conversations or the calls.
   * @param {"chats" | "calls"} name
   */
  showTab(name) {
    const calls = name === "calls";
    this._chatsTab.setAttribute("aria-selected", String(!calls));
    this._callsTab.setAttribute("aria-selected", String(calls));
    this._chatsTab.tabIndex = calls ? -1 : 0;
    this._callsTab.tabIndex = calls ? 0 : -1;
    this._chatsPanel.hidden = calls;
    this._callsPanel.hidden = !calls;
    if (calls) this._callHistory.load();
  }

  /** Whether the calls tab is shown. */
  get showingCalls() {
    return !this._callsPanel.hidden;
  }

  /**
   * @param {"chats" | "calls"} name
   * @param {string} label
   * @param {boolean} selected
   */
  _tab(name, label, selected) {
    return h(
      "button",
      {
        type: "button",
        role: "tab",
        class: "tab",
        id: `tab-${name}`,
        "aria-controls": `panel-${name}`,
        "aria-selected": String(selected),
        tabIndex: selected ? 0 : -1,
        onclick: () => this.showTab(name),
        // Arrow keys move between the two tabs, as in a tablist.
        onkeydown: (/** @type {KeyboardEvent} */ e) => {
          if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
          const other = name === "chats" ? "calls" : "chats";
          this.showTab(other);
          (other === "chats" ? this._chatsTab : this._callsTab).focus();
        },
      },
      label,
    );
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
