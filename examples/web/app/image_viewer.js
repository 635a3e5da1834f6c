import { h } from "./dom.js";
import { icon } from "./icons.js";

/**
 * Shows an image attachment full size in a modal dialog.
 */
export class ImageViewer {
  /** @param {import("../sdk/switchboard.js").Client} client */
  constructor(client) {
    this._client = client;
    this._url = "";
    this._img = h("img", { alt: "", "data-testid": "full-image" });
    this._caption = h("p", { class: "viewer-caption", id: "image-viewer-caption" });
    this._status = h("p", { class: "viewer-status", role: "status" });
    this.element = h(
      "dialog",
      { class: "image-viewer", "aria-labelledby": "image-viewer-caption", onclose: () => this._release(), onclick: (/** @type {MouseEvent} */ e) => e.target === this.element && this.element.close() },
      h("button", { type: "button", class: "icon-button viewer-close", "aria-label": "Close image", onclick: () => this.element.close() }, icon("close")),
      this._status,
      this._img,
      this._caption,
    );
    document.body.appendChild(this.element);
  }

  /**
   * @param {{attachment_id: string, filename?: string}} attachment
   * @param {string} [previewUrl] shown while the full image loads
   */
  async open(attachment, previewUrl) {
    this._release();
    this._caption.textContent = attachment.filename ?? "Image";
    this._img.alt = attachment.filename ?? "Image";
    this._img.src = previewUrl ?? "";
    this._status.textContent = "Loading…";
    this.element.showModal();
    try {
      const blob = await this._client.fetchAttachment(attachment.attachment_id);
      if (!this.element.open) return;
      this._url = URL.createObjectURL(blob);
      this._img.src = this._url;
      this._status.textContent = "";
    } catch (err) {
      this._status.textContent = `Could not load the image: ${/** @type {any} */ (err).reason ?? err}`;
    }
  }

  _release() {
    if (this._url) URL.revokeObjectURL(this._url);
    this._url = "";
  }
}
