import { AttachmentView } from "./attachment_view.js";
import { h, replaceChildren } from "./dom.js";
import { clockTime } from "./format.js";

/** What the ticks of an own message say. */
const STATUS_LABELS = {
  pending: "Waiting to send",
  uploading: "Uploading",
  failed: "Not sent",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
};

/** @type {Record<string, string>} */
const STATUS_MARKS = { pending: "◷", uploading: "↑", failed: "!", sent: "✓", delivered: "✓✓", read: "✓✓" };

/**
 * One message on screen. Own messages carry a status: pending (in the
 * outbox), uploading, failed, sent, delivered, read.
 */
export class MessageBubble {
  /**
   * @param {object} deps
   * @param {import("../sdk/switchboard.js").Client} deps.client
   * @param {import("./image_viewer.js").ImageViewer} deps.viewer
   * @param {string} senderName shown above the text in groups ("" to leave out)
   * @param {{seq?: number, client_msg_id?: string, sender_id?: string, system?: boolean, body: string, sent_at?: number, attachments?: any[], deleted_at?: number, edited_at?: number}} message
   * @param {{mine: boolean, status?: string, localFiles?: {name: string, type: string, size: number, url: string}[]}} options
   */
  constructor({ client, viewer }, senderName, message, { mine, status, localFiles = [] }) {
    this._client = client;
    this._viewer = viewer;
    this.message = message;
    this.mine = mine;
    /** @type {AttachmentView[]} */
    this._attachments = [];
    this._localFiles = localFiles;
    this._filesRendered = false;
    this._body = h("div", { class: "body" });
    this._files = h("div", { class: "files" });
    this._ticks = h("span", { class: "ticks", "data-testid": "message-status" });
    this._time = h("time", { class: "time" });
    this._progress = h("progress", { class: "upload-progress", max: 100, value: 0, "aria-label": "Upload progress", hidden: true });
    this._error = h("span", { class: "send-error", role: "alert" });
    this._retry = h("button", { type: "button", class: "link retry", hidden: true }, "Retry");
    /** @type {(() => void) | null} */
    this._onRetry = null;
    this._retry.addEventListener("click", () => this._onRetry?.());
    this._failure = h("div", { class: "failure", hidden: true }, this._error, this._retry);
    this._sender = h("div", { class: "sender", hidden: !senderName }, senderName);
    this.element = h(
      "li",
      { class: `message ${mine ? "mine" : message.system ? "system" : "theirs"}`, "data-testid": "message" },
      h(
        "div",
        { class: "bubble" },
        this._sender,
        this._files,
        this._progress,
        this._body,
        h("div", { class: "meta" }, this._time, mine ? this._ticks : null),
        this._failure,
      ),
    );
    this.update(message);
    if (mine) this.setStatus(status ?? "sent");
  }

  /**
   * New content (an edit, a deletion, the server's copy of a pending message).
   * @param {any} message
   */
  update(message) {
    const filesBefore = this._filesRendered ? fileKey(this.message) : null;
    this.message = { ...this.message, ...message };
    const m = this.message;
    if (m.seq !== undefined) this.element.dataset.seq = String(m.seq);
    if (m.client_msg_id) this.element.dataset.clientMsgId = m.client_msg_id;
    this._body.textContent = m.deleted_at ? "Message deleted" : m.body;
    this._body.hidden = !m.deleted_at && !m.body;
    this.element.classList.toggle("deleted", !!m.deleted_at);
    this._time.textContent = m.sent_at ? clockTime(m.sent_at) + (m.edited_at ? " · edited" : "") : "";
    if (m.sent_at) this._time.dateTime = new Date(m.sent_at).toISOString();
    if (fileKey(m) !== filesBefore) this._renderFiles();
  }

  /**
   * @param {string} status pending | uploading | failed | sent | delivered | read
   * @param {string} [detail] why it failed
   * @param {() => void} [retry] offered as a Retry button when it failed
   */
  setStatus(status, detail, retry) {
    this._onRetry = status === "failed" && retry ? retry : null;
    this._retry.hidden = !this._onRetry;
    this.status = status;
    this.element.dataset.status = status;
    this._ticks.textContent = STATUS_MARKS[status] ?? "";
    this._ticks.setAttribute("aria-label", /** @type {any} */ (STATUS_LABELS)[status] ?? status);
    this._ticks.title = /** @type {any} */ (STATUS_LABELS)[status] ?? status;
    this._ticks.classList.toggle("read", status === "read");
    this._progress.hidden = status !== "uploading";
    this._failure.hidden = status !== "failed";
    this._error.textContent = status === "failed" ? `Not sent${detail ? `: ${detail}` : ""}` : "";
  }

  /** @param {string} name shown above the text in groups ("" for none) */
  setSender(name) {
    this._sender.textContent = name;
    this._sender.hidden = !name;
  }

  /** @param {number} fraction 0..1 of the upload done */
  setProgress(fraction) {
    this._progress.value = Math.round(fraction * 100);
  }

  /** Frees the object URLs of the attachments' previews. */
  release() {
    for (const a of this._attachments) a.release();
    for (const f of this._localFiles) URL.revokeObjectURL(f.url);
  }

  _renderFiles() {
    this._filesRendered = true;
    for (const a of this._attachments) a.release();
    const server = this.message.attachments ?? [];
    if (server.length > 0) {
      // The sender's local copy stays as the preview: the same picture, no download.
      this._attachments = server.map(
        (/** @type {any} */ a, /** @type {number} */ i) => new AttachmentView(this._client, this._viewer, a, this._localFiles[i]?.url),
      );
    } else {
      this._attachments = this._localFiles.map(
        (f) => new AttachmentView(this._client, this._viewer, { content_type: f.type, size: f.size, filename: f.name }, f.type.startsWith("image/") ? f.url : undefined),
      );
    }
    replaceChildren(this._files, this._attachments.map((a) => a.element));
    this._files.hidden = this._attachments.length === 0;
  }
}

/**
 * Which attachments a message has, to tell when they changed.
 * @param {any} message
 */
function fileKey(message) {
  return (message.attachments ?? []).map((/** @type {any} */ a) => a.attachment_id).join(",");
}
