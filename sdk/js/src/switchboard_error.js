/**
 * An error answered by the server (`code` is one of the protocol's codes:
 * bad_request, unauthorized, forbidden, not_found, conflict, rate_limited,
 * too_large, unavailable, internal) or raised by the client itself:
 * `disconnected` (the connection closed before the answer), `timeout` (no
 * answer in time), `closed` (the client was closed), `network` (an HTTP
 * request failed), `aborted` (an upload was cancelled).
 */
export class SwitchboardError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{op?: string, status?: number}} [details]
   */
  constructor(code, message, details = {}) {
    super(details.op ? `${details.op}: ${code}: ${message}` : `${code}: ${message}`);
    this.name = "SwitchboardError";
    /** @type {string} */
    this.code = code;
    /** The server's message, without the code. */
    this.reason = message;
    /** @type {string | undefined} */
    this.op = details.op;
    /** HTTP status, for errors of HTTP requests. @type {number | undefined} */
    this.status = details.status;
  }

  /**
   * Whether trying the same request again later may succeed: the connection
   * went away or the server was busy, rather than the request being wrong.
   */
  get transient() {
    return TRANSIENT_CODES.has(this.code);
  }
}

const TRANSIENT_CODES = new Set(["disconnected", "timeout", "unavailable", "rate_limited", "network"]);
