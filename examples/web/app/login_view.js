import { h } from "./dom.js";

/**
 * Sign in or create an account. Calls `onDone()` once logged in.
 */
export class LoginView {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {import("./settings.js").Settings} settings
   * @param {{onDone: () => void, notice?: string}} options
   */
  constructor(client, settings, { onDone, notice }) {
    this._client = client;
    this._settings = settings;
    this._onDone = onDone;
    this._registering = false;

    this._username = h("input", { id: "login-username", name: "username", autocomplete: "username", required: true, autocapitalize: "none", spellcheck: "false" });
    this._password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
    this._displayName = h("input", { id: "login-display-name", name: "display_name", autocomplete: "name" });
    this._server = h("input", { id: "login-server", name: "server", value: settings.wsUrl, spellcheck: "false" });
    this._error = h("p", { class: "form-error", role: "alert" }, notice ?? "");
    this._submit = h("button", { type: "submit", class: "primary" }, "Sign in");
    this._title = h("h1", { id: "login-title" }, "Sign in");
    this._switch = h("button", { type: "button", class: "link", onclick: () => this._toggle() }, "Create an account");
    this._nameRow = h("div", { class: "field", hidden: true }, h("label", { for: "login-display-name" }, "Display name"), this._displayName);

    this.element = h(
      "main",
      { class: "login", "aria-labelledby": "login-title" },
      h(
        "form",
        { class: "card", onsubmit: (/** @type {Event} */ e) => this._submitForm(e) },
        h("div", { class: "brand", "aria-hidden": "true" }, "◆ Switchboard"),
        this._title,
        h("div", { class: "field" }, h("label", { for: "login-username" }, "Username"), this._username),
        h("div", { class: "field" }, h("label", { for: "login-password" }, "Password"), this._password),
        this._nameRow,
        h(
          "details",
          { class: "advanced" },
          h("summary", {}, "Server"),
          h("div", { class: "field" }, h("label", { for: "login-server" }, "WebSocket address"), this._server),
        ),
        this._error,
        this._submit,
        h("p", { class: "switch" }, this._switch),
      ),
    );
  }

  focus() {
    this._username.focus();
  }

  _toggle() {
    this._registering = !this._registering;
    this._title.textContent = this._registering ? "Create an account" : "Sign in";
    this._submit.textContent = this._registering ? "Create account" : "Sign in";
    this._switch.textContent = this._registering ? "I already have an account" : "Create an account";
    this._nameRow.hidden = !this._registering;
    this._password.setAttribute("autocomplete", this._registering ? "new-password" : "current-password");
    this._error.textContent = "";
  }

  /** @param {Event} event */
  async _submitForm(event) {
    event.preventDefault();
    this._error.textContent = "";
    const server = this._server.value.trim();
    if (server !== this._settings.wsUrl) {
      try {
        this._settings.setWsUrl(server);
      } catch (err) {
        this._error.textContent = /** @type {Error} */ (err).message;
        return;
      }
      // The client is bound to its URL: a reload builds one for the new address.
      location.reload();
      return;
    }
    const username = this._username.value.trim().toLowerCase();
    const password = this._password.value;
    this._submit.disabled = true;
    try {
      if (this._registering) {
        const displayName = this._displayName.value.trim();
        await this._client.register({ username, password, ...(displayName ? { display_name: displayName } : {}) });
      } else {
        await this._client.login({ username, password });
      }
      this._onDone();
    } catch (err) {
      this._error.textContent = describe(/** @type {any} */ (err), this._registering);
    } finally {
      this._submit.disabled = false;
    }
  }
}

/**
 * @param {any} err
 * @param {boolean} registering
 */
function describe(err, registering) {
  switch (err?.code) {
    case "unauthorized":
      return "Wrong username or password.";
    case "conflict":
      return "That username is taken.";
    case "rate_limited":
      return "Too many attempts. Wait a minute and try again.";
    case "forbidden":
      return registering ? "Registration is closed on this server." : err.reason;
    case "timeout":
    case "disconnected":
      return "Cannot reach the server. Check the address and your connection.";
    case "bad_request":
      return err.reason.replace(/^data\./, "");
    default:
      return err?.reason ?? String(err);
  }
}
