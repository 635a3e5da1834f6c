import { avatar } from "./avatar.js";
import { h, replaceChildren } from "./dom.js";

/**
 * A search box over the server's users (user.search) listing matches as
 * buttons; picking one calls `onPick(user)`.
 */
export class UserPicker {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {import("./user_directory.js").UserDirectory} users
   * @param {{label: string, onPick: (user: {user_id: string, username: string, display_name: string}) => void, exclude?: () => Set<string>}} options
   */
  constructor(client, users, { label, onPick, exclude = () => new Set() }) {
    this._client = client;
    this._users = users;
    this._onPick = onPick;
    this._exclude = exclude;
    this._query = "";
    this._timer = 0;
    const inputId = `picker-${Math.random().toString(36).slice(2)}`;
    this._input = h("input", { id: inputId, type: "search", autocomplete: "off", placeholder: "Name or username", oninput: () => this._changed() });
    this._results = h("ul", { class: "user-results", "aria-label": "Matching users" });
    this._status = h("p", { class: "picker-status", role: "status" });
    this.element = h("div", { class: "user-picker" }, h("label", { for: inputId }, label), this._input, this._status, this._results);
  }

  focus() {
    this._input.focus();
  }

  clear() {
    this._input.value = "";
    this._query = "";
    replaceChildren(this._results);
    this._status.textContent = "";
  }

  _changed() {
    window.clearTimeout(this._timer);
    this._timer = window.setTimeout(() => this._search(), 150);
  }

  async _search() {
    const query = this._input.value.trim();
    this._query = query;
    if (!query) {
      this.clear();
      return;
    }
    try {
      const { users } = await this._client.searchUsers(query, 20);
      if (query !== this._query) return;
      this._users.remember(users);
      const excluded = this._exclude();
      const shown = users.filter((u) => u.user_id !== this._client.userId && !excluded.has(u.user_id));
      this._status.textContent = shown.length ? "" : "No one found";
      replaceChildren(
        this._results,
        shown.map((u) =>
          h(
            "li",
            {},
            h(
              "button",
              { type: "button", class: "user-result", "data-testid": "user-result", "aria-label": `${u.display_name || u.username} (@${u.username})`, onclick: () => this._onPick(u) },
              avatar(u.display_name || u.username, u.user_id),
              h("span", { class: "user-names" }, h("span", { class: "user-display" }, u.display_name || u.username), h("span", { class: "user-handle" }, `@${u.username}`)),
            ),
          ),
        ),
      );
    } catch (err) {
      this._status.textContent = `Search failed: ${/** @type {any} */ (err).reason ?? err}`;
    }
  }
}
