import { Backoff } from "./backoff.js";
import { Emitter } from "./emitter.js";
import { SwitchboardError } from "./switchboard_error.js";

/**
 * One WebSocket to the server that comes back by itself: after the socket
 * closes it reconnects with exponential backoff until `stop()`. It matches
 * responses to requests by id and hands events on; it knows nothing of auth
 * or chat (the Client does).
 *
 * Events: 'open' (), 'close' ({code, reason, willReconnect, delayMs}),
 * 'event' (name, data).
 */
export class Connection extends Emitter {
  /**
   * @param {object} options
   * @param {string} options.url ws:// or wss:// URL of the endpoint
   * @param {any} options.WebSocket a WebSocket constructor (the browser's, or npm's `ws` in node)
   * @param {Backoff} [options.backoff]
   * @param {number} [options.connectTimeoutMs] give up on a handshake after this long
   * @param {number} [options.requestTimeoutMs] default time a request may wait for its answer
   */
  constructor({ url, WebSocket, backoff = new Backoff(), connectTimeoutMs = 10000, requestTimeoutMs = 15000 }) {
    super();
    if (typeof url !== "string" || !/^wss?:\/\//.test(url)) throw new TypeError(`url must be a ws:// or wss:// URL, got ${url}`);
    if (typeof WebSocket !== "function") throw new TypeError("no WebSocket constructor: pass options.WebSocket");
    this.url = url;
    this._WebSocket = WebSocket;
    this._backoff = backoff;
    this._connectTimeoutMs = connectTimeoutMs;
    this.requestTimeoutMs = requestTimeoutMs;
    /** @type {any} */
    this._socket = null;
    this._open = false;
    this._running = false;
    /** Between pause() and resume(): no reconnect attempts. */
    this._paused = false;
    this._nextId = 1;
    /** @type {Map<number, {resolve: Function, reject: Function, timer: any, op: string}>} */
    this._pending = new Map();
    /** @type {any} */
    this._retryTimer = null;
    /** @type {any} */
    this._connectTimer = null;
  }

  /** Whether the socket is open now. */
  get isOpen() {
    return this._open;
  }

  /** Whether it connects and reconnects (between start() and stop()). */
  get running() {
    return this._running;
  }

  /** Connects, and keeps reconnecting after every close until stop(). */
  start() {
    if (this._running) return;
    this._running = true;
    this._paused = false;
    this._backoff.reset();
    this._connect();
  }

  /** Closes the socket for good; requests waiting for an answer fail with `closed`. */
  stop() {
    this._running = false;
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    const hadSocket = this._socket !== null;
    this._teardown("client closed", "closed");
    if (hadSocket) this.emit("close", { code: 1000, reason: "client closed", willReconnect: false, delayMs: 0 });
  }

  /**
   * Closes the socket now and reconnects after the backoff delay (used when
   * the socket seems dead).
   * @param {string} [reason]
   */
  drop(reason = "dropped by the client") {
    if (!this._socket) return;
    this._teardown(reason, "disconnected");
    this._scheduleReconnect(1006, reason);
  }

  /**
   * Closes the socket now and makes no attempt to reconnect until resume():
   * the device has no network, so attempts could only fail.
   * @param {string} [reason]
   */
  pause(reason = "the network went away") {
    if (!this._running || this._paused) return;
    this._paused = true;
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    const hadSocket = this._socket !== null;
    this._teardown(reason, "disconnected");
    if (hadSocket) this.emit("close", { code: 1006, reason, willReconnect: false, delayMs: 0 });
  }

  /** Connects now, without waiting for the backoff (the network is back). */
  resume() {
    if (!this._running) return;
    this._paused = false;
    if (this._socket) return;
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    this._backoff.reset();
    this._connect();
  }

  /**
   * Sends a request and resolves with the response's `data`, or rejects with
   * a SwitchboardError (the server's code, or `disconnected`/`timeout`).
   * @param {string} op
   * @param {object} [data]
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<any>}
   */
  call(op, data, { timeoutMs = this.requestTimeoutMs } = {}) {
    if (!this._open) return Promise.reject(new SwitchboardError("disconnected", "not connected", { op }));
    const id = this._nextId++;
    const envelope = data === undefined ? { id, op } : { id, op, data };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(id);
        reject(new SwitchboardError("timeout", `no answer within ${timeoutMs} ms`, { op }));
        // An unanswered request most likely means a dead socket the browser has not noticed.
        this.drop("request timed out");
      }, timeoutMs);
      this._pending.set(id, { resolve, reject, timer, op });
      try {
        this._socket.send(JSON.stringify(envelope));
      } catch (/** @type {any} */ err) {
        clearTimeout(timer);
        this._pending.delete(id);
        reject(new SwitchboardError("disconnected", String(err?.message ?? err), { op }));
      }
    });
  }

  _connect() {
    let socket;
    try {
      socket = new this._WebSocket(this.url, ["switchboard"]);
    } catch (/** @type {any} */ err) {
      this._scheduleReconnect(1006, String(err?.message ?? err));
      return;
    }
    this._socket = socket;
    this._connectTimer = setTimeout(() => {
      if (this._socket === socket && !this._open) this.drop("connect timed out");
    }, this._connectTimeoutMs);
    socket.onopen = () => {
      if (this._socket !== socket) return;
      clearTimeout(this._connectTimer);
      this._open = true;
      this._backoff.reset();
      this.emit("open");
    };
    socket.onmessage = (/** @type {{data: any}} */ message) => {
      if (this._socket === socket) this._receive(message.data);
    };
    socket.onerror = () => {};
    socket.onclose = (/** @type {{code: number, reason: string}} */ event) => {
      if (this._socket !== socket) return;
      this._teardown(event.reason || `closed with ${event.code}`, "disconnected");
      this._scheduleReconnect(event.code, event.reason);
    };
  }

  /** @param {any} raw */
  _receive(raw) {
    let msg;
    try {
      msg = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
    } catch {
      return;
    }
    if (msg === null || typeof msg !== "object") return;
    if (typeof msg.event === "string") {
      this.emit("event", msg.event, msg.data ?? {});
      return;
    }
    const pending = this._pending.get(msg.id);
    if (!pending) return;
    this._pending.delete(msg.id);
    clearTimeout(pending.timer);
    if (msg.ok) pending.resolve(msg.data ?? {});
    else pending.reject(new SwitchboardError(msg.error?.code ?? "internal", msg.error?.message ?? "request failed", { op: pending.op }));
  }

  /**
   * Forgets the current socket at once (a socket cut by the network may take
   * minutes to report its close) and fails what waits on it.
   * @param {string} reason
   * @param {string} errorCode
   */
  _teardown(reason, errorCode) {
    clearTimeout(this._connectTimer);
    const socket = this._socket;
    this._socket = null;
    this._open = false;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.onerror = () => {};
      try {
        socket.close(1000, reason.slice(0, 120));
      } catch {
        // Already closed or closing: nothing left to do.
      }
    }
    const pending = [...this._pending.values()];
    this._pending.clear();
    for (const p of pending) {
      clearTimeout(p.timer);
      p.reject(new SwitchboardError(errorCode, reason || "connection closed", { op: p.op }));
    }
  }

  /**
   * @param {number} code
   * @param {string} reason
   */
  _scheduleReconnect(code, reason) {
    const willReconnect = this._running && !this._paused;
    const delayMs = willReconnect ? this._backoff.next() : 0;
    if (willReconnect) {
      clearTimeout(this._retryTimer);
      this._retryTimer = setTimeout(() => {
        this._retryTimer = null;
        if (this._running && !this._paused && !this._socket) this._connect();
      }, delayMs);
    }
    this.emit("close", { code, reason, willReconnect, delayMs });
  }
}
