import { CallController } from "./call_controller.js";
import { CallHistoryView } from "./call_history_view.js";
import { ConversationListView } from "./conversation_list_view.js";
import { ConversationNaming } from "./conversation_naming.js";
import { ConversationStore } from "./conversation_store.js";
import { ConversationView } from "./conversation_view.js";
import { h, replaceChildren } from "./dom.js";
import { ImageViewer } from "./image_viewer.js";
import { LoginView } from "./login_view.js";
import { NewChatDialog } from "./new_chat_dialog.js";
import { NewGroupDialog } from "./new_group_dialog.js";
import { NotificationsToggle } from "./notifications_toggle.js";
import { PresenceBook } from "./presence_book.js";
import { TypingTracker } from "./typing_tracker.js";
import { UserDirectory } from "./user_directory.js";

/**
 * What the views share.
 * @typedef {object} AppDeps
 * @property {import("../sdk/switchboard.js").Client} client
 * @property {ConversationStore} store
 * @property {UserDirectory} users
 * @property {PresenceBook} presence
 * @property {TypingTracker} typing
 * @property {ConversationNaming} naming
 * @property {ImageViewer} viewer
 * @property {CallController} calls
 */

/** What the connection banner says in each client state (nothing when ready). */
const BANNERS = {
  connecting: "Connecting…",
  connected: "Connecting…",
  authenticating: "Connecting…",
  offline: "Offline — messages you send will go out when the connection is back.",
};

/**
 * The web app: the login screen, or the two panes (conversation list and
 * the open conversation; one at a time on narrow screens). The open
 * conversation is in the URL (#/c/ID), so reloads and the back button work.
 */
export class App {
  /**
   * @param {HTMLElement} root
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {import("./settings.js").Settings} settings
   * @param {Promise<ServiceWorkerRegistration | null>} serviceWorker the app's service worker (shows pushes)
   */
  constructor(root, client, settings, serviceWorker) {
    this._root = root;
    this._client = client;
    this._settings = settings;
    this._users = new UserDirectory(client);
    this._store = new ConversationStore(client);
    this._presence = new PresenceBook(client);
    this._typing = new TypingTracker(client);
    this._naming = new ConversationNaming(client, this._users);
    this._viewer = new ImageViewer(client);
    this._calls = new CallController({ client, users: this._users, store: this._store, naming: this._naming });
    /** @type {AppDeps} */
    this._deps = {
      client,
      store: this._store,
      users: this._users,
      presence: this._presence,
      typing: this._typing,
      naming: this._naming,
      viewer: this._viewer,
      calls: this._calls,
    };
    this._callHistory = new CallHistoryView(this._deps, { callBack: (id, media) => this._calls.start(id, media) });
    // The server stores a call's end just after telling the sides: the list is read a moment later.
    this._calls.on("ended", () => {
      window.setTimeout(() => {
        if (this._list.showingCalls) this._callHistory.load();
      }, 500);
    });
    const created = (/** @type {any} */ conversation) => {
      this._store.add(conversation);
      this._open(conversation.conversation_id);
    };
    this._newChat = new NewChatDialog(client, this._users, { created });
    this._newGroup = new NewGroupDialog(client, this._users, { created });
    /** @type {ConversationView | null} */
    this._conversation = null;
    this._banner = h("div", { class: "connection-banner", role: "status", "data-testid": "connection-banner", hidden: true });
    this._main = h("main", { class: "conversation-pane", "aria-label": "Conversation" });
    this._notifications = new NotificationsToggle(client, serviceWorker, settings.pushDeviceId);
    this._list = new ConversationListView(
      this._deps,
      {
        open: (id) => this._open(id),
        newChat: () => this._newChat.open(),
        newGroup: () => this._newGroup.open(),
        logout: () => this._logout(),
      },
      this._callHistory,
      this._notifications.element,
    );
    this._layout = h("div", { class: "chat-layout" }, this._list.element, this._main);
  }

  async start() {
    const client = this._client;
    client.on("state", (state) => this._renderBanner(state));
    // Each (re)connection registers this browser's push subscription again.
    client.on("state", (state) => state === "ready" && this._notifications.refresh().catch(() => {}));
    // A click on a notification while the app is open (service_worker.js).
    navigator.serviceWorker?.addEventListener("message", (event) => {
      if (event.data?.type === "open-conversation" && event.data.conversation_id) this._open(event.data.conversation_id);
    });
    client.on("session.expired", () => this._showLogin("Your session has ended. Please sign in again."));
    client.on("message.sent", (s) =>
      this._store.sent({ ...s, sender_id: client.userId, attachments: s.attachments.map((id) => this._conversation?.attachment(id) ?? { attachment_id: id }) }),
    );
    this._store.on("change", () => this._renderTitle());
    window.addEventListener("online", () => client.networkChanged(true));
    window.addEventListener("offline", () => client.networkChanged(false));
    window.addEventListener("hashchange", () => this._route());
    if (await client.restore()) this._showChat();
    else this._showLogin();
  }

  /** @param {string} [notice] */
  _showLogin(notice) {
    this._closeConversation();
    const login = new LoginView(this._client, this._settings, { onDone: () => this._showChat(), notice });
    replaceChildren(this._root, login.element);
    document.title = "Switchboard — Sign in";
    login.focus();
  }

  _showChat() {
    replaceChildren(this._root, this._banner, this._layout);
    this._renderBanner(this._client.state);
    this._renderTitle();
    const me = this._client.userId;
    if (me) this._users.get(me);
    this._list.render();
    this._store.load().catch(() => {});
    this._route();
  }

  /** Shows the conversation named in the URL, or just the list. */
  _route() {
    const match = /^#\/c\/(.+)$/.exec(location.hash);
    const id = match ? decodeURIComponent(match[1]) : "";
    if (!this._client.userId) return;
    if (!id) {
      this._closeConversation();
      this._layout.classList.remove("showing-conversation");
      replaceChildren(this._main, h("div", { class: "placeholder" }, h("p", {}, "Select a conversation, or start a new one.")));
      this._list.select("");
      return;
    }
    if (this._conversation?.conversationId === id) return;
    this._showConversation(id);
  }

  /** @param {string} id */
  _open(id) {
    location.hash = `#/c/${encodeURIComponent(id)}`;
  }

  /** @param {string} id */
  async _showConversation(id) {
    this._closeConversation();
    if (!this._store.get(id)) {
      try {
        this._store.add(await this._client.getConversation(id));
      } catch {
        location.hash = "";
        return;
      }
    }
    const view = new ConversationView(this._deps, id, { back: () => (location.hash = "") });
    this._conversation = view;
    this._store.openId = id;
    this._list.select(id);
    this._layout.classList.add("showing-conversation");
    replaceChildren(this._main, view.element);
    view.load().catch(() => {});
  }

  _closeConversation() {
    this._conversation?.close();
    this._conversation = null;
    this._store.openId = "";
  }

  async _logout() {
    await this._notifications.disable().catch(() => {});
    await this._client.logout();
    location.hash = "";
    // A fresh page drops every view, subscription and preview of the old session.
    location.reload();
  }

  /** The tab's title counts the unread messages. */
  _renderTitle() {
    if (!this._client.userId) return;
    const unread = this._store.sorted().reduce((sum, c) => sum + (c.unread ?? 0), 0);
    document.title = unread ? `(${unread}) Switchboard` : "Switchboard";
  }

  /** @param {string} state */
  _renderBanner(state) {
    const text = /** @type {Record<string, string>} */ (BANNERS)[state] ?? "";
    this._banner.textContent = text;
    this._banner.hidden = !text;
    this._banner.dataset.state = state;
  }
}
