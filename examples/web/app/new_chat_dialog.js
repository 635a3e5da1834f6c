import { h } from "./dom.js";
import { icon } from "./icons.js";
import { UserPicker } from "./user_picker.js";

/**
 * Finds a user and opens the direct conversation with them (creating it if
 * needed: conversation.create is idempotent for a pair).
 */
export class NewChatDialog {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {import("./user_directory.js").UserDirectory} users
   * @param {{created: (conversation: any) => void}} actions
   */
  constructor(client, users, actions) {
    this._client = client;
    this._error = h("p", { class: "form-error", role: "alert" });
    this._picker = new UserPicker(client, users, { label: "Search people", onPick: (u) => this._start(u.user_id) });
    this.element = h(
      "dialog",
      { class: "dialog", "aria-labelledby": "new-chat-title" },
      h("header", { class: "dialog-header" }, h("h2", { id: "new-chat-title" }, "New chat"), h("button", { type: "button", class: "icon-button", "aria-label": "Close", onclick: () => this.element.close() }, icon("close"))),
      this._picker.element,
      this._error,
    );
    this._actions = actions;
    document.body.appendChild(this.element);
  }

  open() {
    this._picker.clear();
    this._error.textContent = "";
    this.element.showModal();
    this._picker.focus();
  }

  /** @param {string} userId */
  async _start(userId) {
    try {
      const { conversation } = await this._client.createConversation({ type: "direct", members: [userId] });
      this.element.close();
      this._actions.created(conversation);
    } catch (err) {
      this._error.textContent = /** @type {any} */ (err).code === "forbidden" ? "You cannot message this user." : `Could not start the chat: ${/** @type {any} */ (err).reason ?? err}`;
    }
  }
}
