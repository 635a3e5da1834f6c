import { h, replaceChildren } from "./dom.js";
import { icon } from "./icons.js";
import { UserPicker } from "./user_picker.js";

/**
 * Creates a group: a title and members picked by searching.
 */
export class NewGroupDialog {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {import("./user_directory.js").UserDirectory} users
   * @param {{created: (conversation: any) => void}} actions
   */
  constructor(client, users, actions) {
    this._client = client;
    this._actions = actions;
    /** @type {Map<string, {user_id: string, username: string, display_name: string}>} */
    this._members = new Map();
    this._title = h("input", { id: "group-title", required: true, maxlength: 100, autocomplete: "off" });
    this._chips = h("ul", { class: "chips", "aria-label": "Members" });
    this._error = h("p", { class: "form-error", role: "alert" });
    this._create = h("button", { type: "submit", class: "primary", disabled: true }, "Create group");
    this._picker = new UserPicker(client, users, {
      label: "Add members",
      onPick: (u) => this._add(u),
      exclude: () => new Set(this._members.keys()),
    });
    this.element = h(
      "dialog",
      { class: "dialog", "aria-labelledby": "new-group-title" },
      h(
        "form",
        { method: "dialog", onsubmit: (/** @type {Event} */ e) => this._submit(e) },
        h("header", { class: "dialog-header" }, h("h2", { id: "new-group-title" }, "New group"), h("button", { type: "button", class: "icon-button", "aria-label": "Close", onclick: () => this.element.close() }, icon("close"))),
        h("div", { class: "field" }, h("label", { for: "group-title" }, "Group name"), this._title),
        this._chips,
        this._picker.element,
        this._error,
        h("div", { class: "dialog-actions" }, this._create),
      ),
    );
    this._title.addEventListener("input", () => this._renderChips());
    document.body.appendChild(this.element);
  }

  open() {
    this._members.clear();
    this._title.value = "";
    this._error.textContent = "";
    this._picker.clear();
    this._renderChips();
    this.element.showModal();
    this._title.focus();
  }

  /** @param {{user_id: string, username: string, display_name: string}} user */
  _add(user) {
    this._members.set(user.user_id, user);
    this._picker.clear();
    this._picker.focus();
    this._renderChips();
  }

  /** @param {string} userId */
  _remove(userId) {
    this._members.delete(userId);
    this._renderChips();
  }

  _renderChips() {
    replaceChildren(
      this._chips,
      [...this._members.values()].map((u) =>
        h(
          "li",
          { class: "chip", "data-testid": "member-chip" },
          u.display_name || u.username,
          h("button", { type: "button", class: "chip-remove", "aria-label": `Remove ${u.display_name || u.username}`, onclick: () => this._remove(u.user_id) }, "×"),
        ),
      ),
    );
    this._create.disabled = this._members.size === 0 || this._title.value.trim() === "";
  }

  /** @param {Event} e */
  async _submit(e) {
    e.preventDefault();
    this._create.disabled = true;
    try {
      const { conversation } = await this._client.createConversation({ type: "group", title: this._title.value.trim(), members: [...this._members.keys()] });
      this.element.close();
      this._actions.created(conversation);
    } catch (err) {
      this._error.textContent = `Could not create the group: ${/** @type {any} */ (err).reason ?? err}`;
      this._renderChips();
    }
  }
}
