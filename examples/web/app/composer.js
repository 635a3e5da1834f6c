import { h } from "./dom.js";
import { icon } from "./icons.js";

/**
 * The message input: text (Enter sends, Shift+Enter breaks the line), an
 * attach button and a send button.
 */
export class Composer {
  /**
   * @param {{send: (text: string) => void, attach: (files: File[]) => void, typed: () => void, stopped: () => void}} actions
   */
  constructor(actions) {
    this._actions = actions;
    this._input = h("textarea", {
      class: "composer-input",
      rows: 1,
      placeholder: "Message",
      "aria-label": "Message",
      onkeydown: (/** @type {KeyboardEvent} */ e) => this._keydown(e),
      oninput: () => this._changed(),
    });
    this._files = h("input", {
      type: "file",
      multiple: true,
      hidden: true,
      "data-testid": "file-input",
      onchange: () => this._picked(),
    });
    this._send = h("button", { type: "submit", class: "send-button", "aria-label": "Send", disabled: true }, icon("send"));
    this.element = h(
      "form",
      { class: "composer", onsubmit: (/** @type {Event} */ e) => this._submit(e) },
      h("button", { type: "button", class: "icon-button", "aria-label": "Attach file", title: "Attach file", onclick: () => this._files.click() }, icon("attach")),
      this._files,
      this._input,
      this._send,
    );
  }

  focus() {
    this._input.focus();
  }

  /** @param {KeyboardEvent} e */
  _keydown(e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this._submit(e);
    }
  }

  _changed() {
    const text = this._input.value;
    this._send.disabled = text.trim() === "";
    this._input.style.height = "auto";
    this._input.style.height = `${Math.min(this._input.scrollHeight, 160)}px`;
    if (text) this._actions.typed();
    else this._actions.stopped();
  }

  /** @param {Event} e */
  _submit(e) {
    e.preventDefault();
    const text = this._input.value.trim();
    if (!text) return;
    this._input.value = "";
    this._changed();
    this._actions.stopped();
    this._actions.send(text);
  }

  _picked() {
    const files = [...(this._files.files ?? [])];
    this._files.value = "";
    if (files.length) this._actions.attach(files);
  }
}
