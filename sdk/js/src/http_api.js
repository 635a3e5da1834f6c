import { SwitchboardError } from "./switchboard_error.js";

/**
 * The server's HTTP endpoints the WebSocket does not carry: attachment upload
 * (with progress, through XMLHttpRequest where there is one — browsers and
 * React Native — else fetch) and download.
 */
export class HttpApi {
  /**
   * @param {object} options
   * @param {string} options.baseUrl e.g. "https://chat.example.com" (no trailing path)
   * @param {typeof globalThis.fetch} [options.fetch]
   * @param {any} [options.XMLHttpRequest]
   */
  constructor({ baseUrl, fetch = globalThis.fetch, XMLHttpRequest = globalThis.XMLHttpRequest }) {
    if (typeof baseUrl !== "string" || !/^https?:\/\//.test(baseUrl)) throw new TypeError(`httpUrl must be an http:// or https:// URL, got ${baseUrl}`);
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this._fetch = fetch;
    this._XMLHttpRequest = XMLHttpRequest;
  }

  /**
   * The URL of an attachment (or of its thumbnail). Fetching it needs the
   * Authorization header: see download().
   * @param {string} attachmentId
   * @param {{thumbnail?: boolean}} [options]
   */
  attachmentUrl(attachmentId, { thumbnail = false } = {}) {
    return `${this.baseUrl}/v1/attachments/${encodeURIComponent(attachmentId)}${thumbnail ? "/thumbnail" : ""}`;
  }

  /**
   * Uploads a file (Blob/File in browsers, Blob/Uint8Array/string elsewhere).
   * @param {string} token access token
   * @param {any} body
   * @param {{filename?: string, contentType?: string, onProgress?: (sent: number, total: number) => void, signal?: AbortSignal}} [options]
   * @returns {Promise<{attachment_id: string, size: number, content_type: string, sha256: string}>}
   */
  upload(token, body, { filename, contentType, onProgress, signal } = {}) {
    const name = filename ?? body?.name;
    const type = contentType || body?.type || "application/octet-stream";
    const url = `${this.baseUrl}/v1/attachments${name ? `?filename=${encodeURIComponent(name)}` : ""}`;
    const headers = { Authorization: `Bearer ${token}`, "Content-Type": type };
    if (typeof this._XMLHttpRequest === "function") return this._uploadWithXhr(url, headers, body, onProgress, signal);
    if (typeof this._fetch !== "function") throw new TypeError("neither XMLHttpRequest nor fetch is available");
    return this._fetch(url, { method: "POST", headers, body, signal }).then(
      async (response) => {
        const text = await response.text();
        const size = typeof body?.size === "number" ? body.size : (body?.byteLength ?? body?.length ?? 0);
        if (response.ok) onProgress?.(size, size);
        return parseAnswer(response.status, text, "upload");
      },
      (/** @type {any} */ err) =>
        Promise.reject(
          err?.name === "AbortError"
            ? new SwitchboardError("aborted", "upload cancelled", { op: "upload" })
            : new SwitchboardError("network", String(err?.message ?? err), { op: "upload" }),
        ),
    );
  }

  /**
   * Downloads an attachment or its thumbnail as a Blob.
   * @param {string} token
   * @param {string} attachmentId
   * @param {{thumbnail?: boolean, signal?: AbortSignal}} [options]
   * @returns {Promise<Blob>}
   */
  async download(token, attachmentId, { thumbnail = false, signal } = {}) {
    let response;
    try {
      response = await this._fetch(this.attachmentUrl(attachmentId, { thumbnail }), { headers: { Authorization: `Bearer ${token}` }, signal });
    } catch (/** @type {any} */ err) {
      throw new SwitchboardError(err?.name === "AbortError" ? "aborted" : "network", String(err?.message ?? err), { op: "download" });
    }
    if (!response.ok) parseAnswer(response.status, await response.text(), "download");
    return response.blob();
  }

  /**
   * @param {string} url
   * @param {Record<string, string>} headers
   * @param {any} body
   * @param {((sent: number, total: number) => void) | undefined} onProgress
   * @param {AbortSignal | undefined} signal
   */
  _uploadWithXhr(url, headers, body, onProgress, signal) {
    return new Promise((resolve, reject) => {
      const xhr = new this._XMLHttpRequest();
      xhr.open("POST", url);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      if (onProgress) xhr.upload.onprogress = (/** @type {ProgressEvent} */ e) => onProgress(e.loaded, e.lengthComputable ? e.total : e.loaded);
      xhr.onload = () => {
        try {
          resolve(parseAnswer(xhr.status, xhr.responseText, "upload"));
        } catch (err) {
          reject(err);
        }
      };
      xhr.onerror = () => reject(new SwitchboardError("network", "the upload failed (network error)", { op: "upload" }));
      xhr.onabort = () => reject(new SwitchboardError("aborted", "upload cancelled", { op: "upload" }));
      if (signal) {
        if (signal.aborted) return xhr.abort();
        signal.addEventListener("abort", () => xhr.abort(), { once: true });
      }
      xhr.send(body);
    });
  }
}

/**
 * The JSON an HTTP endpoint answered, or a SwitchboardError from its error
 * body (an envelope `{ok: false, error: {code, message}}`) or its status.
 * @param {number} status
 * @param {string} text
 * @param {string} op
 */
function parseAnswer(status, text, op) {
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (status >= 200 && status < 300) {
    if (body === null) throw new SwitchboardError("internal", `HTTP ${status} with a body that is not JSON`, { op, status });
    return body.ok === true && body.data ? body.data : body;
  }
  const error = body?.error;
  if (error?.code) throw new SwitchboardError(error.code, error.message ?? `HTTP ${status}`, { op, status });
  throw new SwitchboardError(CODE_OF_STATUS[status] ?? (status >= 500 ? "unavailable" : "bad_request"), `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ""}`, { op, status });
}

/** @type {Record<number, string>} */
const CODE_OF_STATUS = { 401: "unauthorized", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large", 415: "bad_request", 429: "rate_limited", 503: "unavailable" };
