import { h } from "./dom.js";
import { fileSize } from "./format.js";
import { icon } from "./icons.js";

/**
 * One attachment of a message: an image preview (the server's thumbnail,
 * the full image on click) or a file card that downloads on click. Object
 * URLs it makes are released by release().
 */
export class AttachmentView {
  /**
   * @param {import("../sdk/switchboard.js").Client} client
   * @param {import("./image_viewer.js").ImageViewer} viewer
   * @param {{attachment_id?: string, content_type?: string, size?: number, filename?: string, has_thumbnail?: boolean, width?: number, height?: number}} attachment
   * @param {string} [localUrl] the sender's own copy (object URL of the picked file) while it uploads
   */
  constructor(client, viewer, attachment, localUrl) {
    this._client = client;
    this._viewer = viewer;
    this._attachment = attachment;
    /** @type {string[]} */
    this._urls = [];
    const isImage = (attachment.content_type ?? "").startsWith("image/");
    this.element = isImage && (attachment.has_thumbnail || localUrl) ? this._image(localUrl) : this._file();
  }

  /** Frees the object URLs (when the conversation closes). */
  release() {
    for (const url of this._urls) URL.revokeObjectURL(url);
    this._urls = [];
  }

  /** @param {string | undefined} localUrl */
  _image(localUrl) {
    const a = this._attachment;
    const name = a.filename ?? "image";
    const img = h("img", { alt: name, "data-testid": "image-preview", loading: "lazy" });
    if (a.width && a.height) img.style.aspectRatio = `${a.width} / ${a.height}`;
    if (localUrl) img.src = localUrl;
    else this._loadThumbnail(img);
    return h(
      "button",
      {
        type: "button",
        class: "image-attachment",
        "aria-label": `Open image ${name}`,
        onclick: () => a.attachment_id && this._viewer.open(/** @type {any} */ (a), img.src),
      },
      img,
    );
  }

  /** @param {HTMLImageElement} img */
  async _loadThumbnail(img) {
    try {
      const blob = await this._client.fetchAttachment(/** @type {string} */ (this._attachment.attachment_id), { thumbnail: true });
      const url = URL.createObjectURL(blob);
      this._urls.push(url);
      img.src = url;
      img.dataset.loaded = "true";
    } catch {
      img.alt = `${img.alt} (preview unavailable)`;
    }
  }

  _file() {
    const a = this._attachment;
    const name = a.filename ?? "file";
    return h(
      "button",
      { type: "button", class: "file-attachment", "aria-label": `Download ${name}`, "data-testid": "file-attachment", onclick: () => this._download() },
      h("span", { class: "file-icon" }, icon("file")),
      h("span", { class: "file-meta" }, h("span", { class: "file-name" }, name), a.size !== undefined ? h("span", { class: "file-size" }, fileSize(a.size)) : null),
    );
  }

  async _download() {
    const a = this._attachment;
    if (!a.attachment_id) return;
    const blob = await this._client.fetchAttachment(a.attachment_id);
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: a.filename ?? "download" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}
