import { Backoff } from "./backoff.js";
import { CALL_EVENTS, Calls } from "./calls.js";
import { newClientMsgId } from "./client_msg_id.js";
import { Connection } from "./connection.js";
import { Emitter } from "./emitter.js";
import { HttpApi } from "./http_api.js";
import { MemoryStorage } from "./memory_storage.js";
import { MessageFeed } from "./message_feed.js";
import { Outbox } from "./outbox.js";
import { Session } from "./session.js";
import { SwitchboardError } from "./switchboard_error.js";

/** Server events passed on to the app as they come (message.new goes through the MessageFeed). */
const PASSED_ON_EVENTS = [
  "message.edited",
  "message.deleted",
  "reaction",
  "receipt",
  "typing",
  "presence",
  "conversation.new",
  "conversation.updated",
];

/** Conversations caught up at the same time after a reconnect. */
const SYNC_CONCURRENCY = 4;

/** Error codes after which resending the same message can never succeed. */
const PERMANENT_SEND_CODES = new Set(["bad_request", "forbidden", "not_found", "too_large", "conflict", "internal"]);

/**
 * The Switchboard client: one connection to the server that reconnects by
 * itself, authenticates with the stored session (refreshing tokens in time),
 * catches up on what was missed after each reconnect, and sends the
 * messages of its outbox once the connection is back.
 *
 * Events (`client.on(name, listener)`):
 * - 'state' (state): 'idle' | 'connecting' | 'connected' | 'authenticating' | 'ready' | 'offline' | 'closed'
 * - 'message.new' (message, {missed}): each message exactly once, in seq order per conversation
 * - 'message.sent' ({conversation_id, client_msg_id, message_id, seq, sent_at, duplicate, body, attachments})
 * - 'message.failed' ({conversation_id, client_msg_id, error})
 * - 'synced' ({first, conversations}): after each catch-up (conversation.list rows)
 * - 'session' (session): new tokens (after login or refresh)
 * - 'session.expired' (error): the session can no longer be refreshed; log in again
 * - the server's events: message.edited, message.deleted, reaction, receipt, typing,
 *   presence, conversation.new, conversation.updated
 * - 'error' (error): an error in the background (a failed sync, a listener that threw)
 *
 * Calls: `client.calls` (the call.* ops and events, and calls with media).
 */
export class Client extends Emitter {
  /**
   * @param {object} options
   * @param {string} options.url WebSocket URL, e.g. "wss://chat.example.com:8081/v1/ws"
   * @param {string} [options.httpUrl] base URL of transport.http, for attachments
   * @param {any} [options.WebSocket] WebSocket constructor (default: the global one)
   * @param {any} [options.storage] localStorage, AsyncStorage or anything with getItem/setItem/removeItem (sync or async)
   * @param {string} [options.storagePrefix] prefix of the storage keys
   * @param {string} [options.deviceId] sent with `auth` (push targets, presence per device)
   * @param {number} [options.requestTimeoutMs]
   * @param {number} [options.connectTimeoutMs]
   * @param {{initialMs?: number, maxMs?: number, factor?: number, jitter?: number}} [options.backoff]
   * @param {boolean} [options.autoDeliveredReceipts] send receipt.delivered for received messages (default true)
   * @param {number} [options.refreshMarginMs] refresh the access token this long before it expires (at most a quarter of its lifetime)
   * @param {number} [options.historyPageSize] page size when catching up
   * @param {typeof globalThis.fetch} [options.fetch]
   * @param {any} [options.XMLHttpRequest]
   * @param {{RTCPeerConnection?: any, mediaDevices?: any}} [options.webrtc] for calls with media (default: the browser's)
   */
  constructor(options) {
    super();
    const {
      url,
      httpUrl,
      WebSocket = globalThis.WebSocket,
      storage = new MemoryStorage(),
      storagePrefix = "switchboard:",
      deviceId,
      requestTimeoutMs = 15000,
      connectTimeoutMs = 10000,
      backoff = {},
      autoDeliveredReceipts = true,
      refreshMarginMs = 60000,
      historyPageSize = 100,
      fetch = globalThis.fetch,
      XMLHttpRequest = globalThis.XMLHttpRequest,
      webrtc = {},
    } = options ?? {};
    for (const fn of ["getItem", "setItem", "removeItem"])
      if (typeof storage?.[fn] !== "function") throw new TypeError(`storage must have ${fn}()`);
    this._connection = new Connection({ url, WebSocket, backoff: new Backoff(backoff), connectTimeoutMs, requestTimeoutMs });
    this._http = httpUrl ? new HttpApi({ baseUrl: httpUrl, fetch: fetch?.bind(globalThis), XMLHttpRequest }) : null;
    this._storage = storage;
    this._prefix = storagePrefix;
    this._deviceId = deviceId;
    this._requestTimeoutMs = requestTimeoutMs;
    this._autoDelivered = autoDeliveredReceipts;
    this._refreshMarginMs = refreshMarginMs;
    /** @type {string} */
    this._state = "idle";
    /** @type {Session | null} */
    this._session = null;
    /** @type {Outbox | null} */
    this._outbox = null;
    /** Bumped on every connection change, so that work of an older connection stops. */
    this._epoch = 0;
    this._closed = false;
    /** What whenReady() fails with once logged out. */
    this._idleReason = new SwitchboardError("unauthorized", "not logged in");
    this._synced = false;
    this._flushing = false;
    /** @type {Promise<Session> | null} */
    this._refreshing = null;
    /** @type {any} */
    this._refreshTimer = null;
    /** @type {any} */
    this._flushRetryTimer = null;
    /** @type {Map<string, {resolve: Function, reject: Function}[]>} */
    this._sendWaiters = new Map();
    /** @type {Set<string>} */
    this._presence = new Set();
    /** @type {Map<string, number>} */
    this._deliveredDue = new Map();
    /** @type {any} */
    this._deliveredTimer = null;
    this._feed = new MessageFeed({
      pageSize: historyPageSize,
      fetchAfter: async (conversationId, afterSeq, limit) => {
        const request = { conversation_id: conversationId, after_seq: afterSeq, limit };
        return (await this._connection.call("message.history", request)).messages;
      },
      deliver: (message, info) => this._deliverMessage(message, info),
    });
    /** Calls: the call.* ops and events, and calls with media. */
    this.calls = new Calls(this, webrtc);

    this._connection.on("open", () => this._onOpen());
    this._connection.on("close", (/** @type {{willReconnect: boolean}} */ info) => this._onClose(info));
    this._connection.on("event", (/** @type {string} */ name, /** @type {any} */ data) => this._onEvent(name, data));
  }

  /** 'idle' | 'connecting' | 'connected' | 'authenticating' | 'ready' | 'offline' | 'closed' */
  get state() {
    return this._state;
  }

  /** The logged-in user's id, or null. */
  get userId() {
    return this._session?.user_id ?? null;
  }

  /** The current tokens, or null. */
  get session() {
    return this._session;
  }

  // ---- session lifecycle -------------------------------------------------

  /**
   * Picks up the session saved by an earlier login and connects with it.
   * Resolves true when there was one (without waiting for the connection:
   * see whenReady()), false when the user has to log in.
   * @returns {Promise<boolean>}
   */
  async restore() {
    this._ensureOpen();
    const session = Session.parse(await this._storage.getItem(this._key("session")));
    if (!session) return false;
    await this._adopt(session);
    this._start();
    return true;
  }

  /**
   * Creates an account and logs in with it.
   * @param {{username: string, password: string, display_name?: string}} data
   * @returns {Promise<Session>}
   */
  register(data) {
    return this._logIn("auth.register", data);
  }

  /**
   * @param {{username: string, password: string}} data
   * @returns {Promise<Session>}
   */
  login(data) {
    return this._logIn("auth.login", data);
  }

  /**
   * Uses tokens obtained elsewhere (e.g. minted by the integrator's back end
   * through the server API). Without a refresh_token the client cannot renew
   * the token: it emits 'session.expired' and waits for another useSession().
   * @param {{token: string, user_id?: string, refresh_token?: string, expires_at?: number}} tokens
   * @returns {Promise<Session>}
   */
  async useSession(tokens) {
    this._ensureOpen();
    const session = new Session(tokens);
    if (this._session && this._session.user_id !== session.user_id) this._forget();
    await this._adopt(session);
    await this._save();
    this.emit("session", session);
    if (this._connection.isOpen) this._authenticate(this._epoch);
    else this._start();
    await this.whenReady();
    return session;
  }

  /**
   * Revokes the refresh token on the server (all of the user's with
   * `{all: true}`), forgets the session and disconnects. Messages still in
   * the outbox stay stored for this user's next login.
   * @param {{all?: boolean}} [options]
   */
  async logout({ all = false } = {}) {
    if (this._state === "ready" && this._session) {
      const data = all ? { all: true } : this._session.refresh_token ? { refresh_token: this._session.refresh_token } : null;
      if (data) await this._connection.call("auth.logout", data).catch(() => {});
    }
    await this._storage.removeItem(this._key("session"));
    this._forget();
  }

  /** Disconnects for good; the client cannot be used afterwards. */
  close() {
    if (this._closed) return;
    this._closed = true;
    this._stopTimers();
    this._connection.stop();
    this._feed.clear();
    this._rejectSendWaiters(new SwitchboardError("closed", "the client was closed"));
    this._setState("closed");
  }

  /**
   * Tells the client whether the device has a network (browsers: the
   * 'online'/'offline' events; React Native: NetInfo). Offline closes the
   * socket at once — a socket cut by the network can take minutes to notice —
   * and stops reconnect attempts; online reconnects at once.
   * @param {boolean} online
   */
  networkChanged(online) {
    if (online) this._connection.resume();
    else this._connection.pause("the network went away");
  }

  /**
   * Resolves once the connection is authenticated; rejects with `timeout`,
   * `unauthorized` (no session) or `closed`.
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<void>}
   */
  whenReady({ timeoutMs = this._requestTimeoutMs } = {}) {
    if (this._closed) return Promise.reject(new SwitchboardError("closed", "the client was closed"));
    if (!this._session) return Promise.reject(this._idleReason);
    if (this._state === "ready") return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (/** @type {Error | null} */ err) => {
        clearTimeout(timer);
        offState();
        offExpired();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => done(new SwitchboardError("timeout", `not connected within ${timeoutMs} ms`)), timeoutMs);
      const offState = this.on("state", (/** @type {string} */ state) => {
        if (state === "ready") done(null);
        else if (state === "closed") done(new SwitchboardError("closed", "the client was closed"));
        else if (state === "idle") done(this._idleReason);
      });
      const offExpired = this.on("session.expired", (/** @type {Error} */ err) => done(err));
    });
  }

  // ---- requests ------------------------------------------------------------

  /**
   * Sends any op once the connection is ready and resolves with the
   * response's data; rejects with a SwitchboardError.
   * @param {string} op
   * @param {object} [data]
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<any>}
   */
  async request(op, data, { timeoutMs = this._requestTimeoutMs } = {}) {
    const deadline = Date.now() + timeoutMs;
    if (this._state !== "ready") await this.whenReady({ timeoutMs });
    return this._connection.call(op, data, { timeoutMs: Math.max(1, deadline - Date.now()) });
  }

  /** @param {{type: "direct" | "group", members: string[], title?: string}} data */
  async createConversation(data) {
    const answer = await this.request("conversation.create", data);
    this._feed.follow(answer.conversation_id, answer.conversation?.last_seq ?? 0);
    return answer;
  }

  /** @returns {Promise<{conversations: any[]}>} */
  listConversations() {
    return this.request("conversation.list", {});
  }

  /** @param {string} conversationId */
  getConversation(conversationId) {
    return this.request("conversation.get", { conversation_id: conversationId });
  }

  /** @param {string} conversationId @param {string} title */
  updateConversation(conversationId, title) {
    return this.request("conversation.update", { conversation_id: conversationId, title });
  }

  /** @param {string} conversationId @param {string[]} userIds */
  addMembers(conversationId, userIds) {
    return this.request("conversation.add_members", { conversation_id: conversationId, user_ids: userIds });
  }

  /** @param {string} conversationId @param {string} userId */
  removeMember(conversationId, userId) {
    return this.request("conversation.remove_member", { conversation_id: conversationId, user_id: userId });
  }

  /** @param {string} conversationId @param {string} userId @param {"owner" | "admin" | "member"} role */
  setRole(conversationId, userId, role) {
    return this.request("conversation.set_role", { conversation_id: conversationId, user_id: userId, role });
  }

  /** @param {string} conversationId */
  leaveConversation(conversationId) {
    return this.request("conversation.leave", { conversation_id: conversationId });
  }

  /**
   * Queues a message in the outbox and sends it as soon as the connection is
   * ready (now, or when it is back). Resolves with the server's answer once
   * stored — however long that takes — or rejects when the server refuses it
   * for good (the message then leaves the outbox and 'message.failed' fires).
   * Give `client_msg_id` to know the pending message before the answer
   * (newClientMsgId()); one is made otherwise.
   * @param {{conversation_id: string, body?: string, client_msg_id?: string, reply_to_seq?: number, extra?: object, attachments?: string[]}} data
   * @returns {Promise<{message_id: string, seq: number, sent_at: number, duplicate?: boolean, client_msg_id: string, conversation_id: string}>}
   */
  sendMessage(data) {
    if (this._closed) return Promise.reject(new SwitchboardError("closed", "the client was closed"));
    if (!this._outbox) return Promise.reject(new SwitchboardError("unauthorized", "not logged in"));
    if (typeof data?.conversation_id !== "string") return Promise.reject(new TypeError("sendMessage: conversation_id must be a string"));
    const payload = { ...data, client_msg_id: data.client_msg_id ?? newClientMsgId(), body: data.body ?? "" };
    const entry = { client_msg_id: payload.client_msg_id, conversation_id: payload.conversation_id, data: payload, queued_at: Date.now() };
    const promise = new Promise((resolve, reject) => {
      const waiters = this._sendWaiters.get(entry.client_msg_id) ?? [];
      waiters.push({ resolve, reject });
      this._sendWaiters.set(entry.client_msg_id, waiters);
    });
    this._outbox.add(entry);
    this._flushOutbox();
    return /** @type {Promise<any>} */ (promise);
  }

  /**
   * Messages waiting in the outbox (all, or one conversation's), oldest first.
   * @param {string} [conversationId]
   */
  pendingMessages(conversationId) {
    const entries = this._outbox?.entries() ?? [];
    return conversationId ? entries.filter((e) => e.conversation_id === conversationId) : entries;
  }

  /**
   * @param {string} conversationId
   * @param {{after_seq?: number, before_seq?: number, limit?: number}} [range]
   * @returns {Promise<{messages: any[]}>}
   */
  history(conversationId, range = {}) {
    return this.request("message.history", { conversation_id: conversationId, ...range });
  }

  /** @param {string} conversationId @param {number} seq @param {string} body @param {object} [extra] */
  editMessage(conversationId, seq, body, extra) {
    return this.request("message.edit", { conversation_id: conversationId, seq, body, ...(extra ? { extra } : {}) });
  }

  /** @param {string} conversationId @param {number} seq */
  deleteMessage(conversationId, seq) {
    return this.request("message.delete", { conversation_id: conversationId, seq });
  }

  /** @param {string} conversationId @param {number} seq @param {string} emoji */
  addReaction(conversationId, seq, emoji) {
    return this.request("reaction.add", { conversation_id: conversationId, seq, emoji });
  }

  /** @param {string} conversationId @param {number} seq @param {string} emoji */
  removeReaction(conversationId, seq, emoji) {
    return this.request("reaction.remove", { conversation_id: conversationId, seq, emoji });
  }

  /** @param {string} conversationId @param {number} seq */
  markDelivered(conversationId, seq) {
    return this.request("receipt.delivered", { conversation_id: conversationId, seq });
  }

  /** @param {string} conversationId @param {number} seq */
  markRead(conversationId, seq) {
    return this.request("receipt.read", { conversation_id: conversationId, seq });
  }

  /** @param {string} conversationId @param {boolean} active */
  setTyping(conversationId, active) {
    return this.request("typing", { conversation_id: conversationId, active });
  }

  /**
   * Follows users' presence; the subscription is renewed after every
   * reconnect (and 'presence' events then report the current state).
   * @param {string[]} userIds
   * @returns {Promise<{presence: any[], denied: string[]}>}
   */
  async subscribePresence(userIds) {
    for (const id of userIds) this._presence.add(id);
    const answer = await this.request("presence.subscribe", { user_ids: userIds });
    for (const id of answer.denied ?? []) this._presence.delete(id);
    return answer;
  }

  /** @param {string[]} userIds */
  unsubscribePresence(userIds) {
    for (const id of userIds) this._presence.delete(id);
    return this.request("presence.unsubscribe", { user_ids: userIds });
  }

  me() {
    return this.request("user.me", {});
  }

  /** @param {string[]} userIds @returns {Promise<{users: any[]}>} */
  getUsers(userIds) {
    return this.request("user.get", { user_ids: userIds });
  }

  /** @param {{display_name: string}} data */
  updateMe(data) {
    return this.request("user.update", data);
  }

  /** @param {string} query @param {number} [limit] @returns {Promise<{users: any[]}>} */
  searchUsers(query, limit) {
    return this.request("user.search", limit === undefined ? { query } : { query, limit });
  }

  /** @param {string} userId */
  blockUser(userId) {
    return this.request("user.block", { user_id: userId });
  }

  /** @param {string} userId */
  unblockUser(userId) {
    return this.request("user.unblock", { user_id: userId });
  }

  /** @returns {Promise<{user_ids: string[]}>} */
  blockedUsers() {
    return this.request("user.blocked", {});
  }

  /** @param {{user_id?: string, conversation_id?: string, seq?: number, reason: string}} data */
  report(data) {
    return this.request("user.report", data);
  }

  /** @param {{provider: string, token: string, device_id?: string, [field: string]: any}} data */
  registerDevice(data) {
    return this.request("device.register", data);
  }

  /** @param {string} [deviceId] */
  unregisterDevice(deviceId) {
    return this.request("device.unregister", deviceId ? { device_id: deviceId } : {});
  }

  /** @returns {Promise<{devices: any[]}>} */
  listDevices() {
    return this.request("device.list", {});
  }

  /**
   * What a client needs to subscribe with each loaded push provider, e.g.
   * `{providers: {webpush: {vapid_public_key}}}`.
   * @returns {Promise<{providers: Record<string, Record<string, any>>}>}
   */
  pushConfig() {
    return this.request("device.push_config", {});
  }

  // ---- attachments (transport.http) -------------------------------------

  /**
   * Uploads a file for a later sendMessage({attachments: [attachment_id]}).
   * @param {any} file a Blob/File (browsers), or Blob/Uint8Array/string
   * @param {{filename?: string, contentType?: string, onProgress?: (sent: number, total: number) => void, signal?: AbortSignal}} [options]
   * @returns {Promise<{attachment_id: string, size: number, content_type: string, sha256: string}>}
   */
  async uploadAttachment(file, options = {}) {
    return this._httpApi().upload(await this._freshToken(), file, options);
  }

  /**
   * Downloads an attachment (or its thumbnail) as a Blob, e.g. for
   * URL.createObjectURL().
   * @param {string} attachmentId
   * @param {{thumbnail?: boolean, signal?: AbortSignal}} [options]
   * @returns {Promise<Blob>}
   */
  async fetchAttachment(attachmentId, options = {}) {
    return this._httpApi().download(await this._freshToken(), attachmentId, options);
  }

  /**
   * The URL of an attachment; fetching it needs `Authorization: Bearer <token>`.
   * @param {string} attachmentId
   * @param {{thumbnail?: boolean}} [options]
   */
  attachmentUrl(attachmentId, options = {}) {
    return this._httpApi().attachmentUrl(attachmentId, options);
  }

  // ---- internals -----------------------------------------------------------

  /** @param {string} name */
  _key(name) {
    return this._prefix + name;
  }

  _ensureOpen() {
    if (this._closed) throw new SwitchboardError("closed", "the client was closed");
  }

  _httpApi() {
    if (!this._http) throw new TypeError("attachments need the httpUrl option (the base URL of transport.http)");
    return this._http;
  }

  /** @param {string} state */
  _setState(state) {
    if (this._state === state) return;
    this._state = state;
    this.emit("state", state);
  }

  /**
   * @param {"auth.register" | "auth.login"} op
   * @param {any} data
   */
  async _logIn(op, data) {
    this._ensureOpen();
    if (this._session) this._forget();
    this._start();
    if (!this._connection.isOpen) await this._waitForOpen();
    const answer = await this._connection.call(op, data);
    const session = new Session(answer);
    await this._adopt(session);
    await this._save();
    this.emit("session", session);
    this._authenticate(this._epoch);
    await this.whenReady();
    return session;
  }

  _start() {
    if (this._connection.running) return;
    this._setState("connecting");
    this._connection.start();
  }

  _waitForOpen() {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SwitchboardError("timeout", `could not connect to ${this._connection.url} within ${this._requestTimeoutMs} ms`));
      }, this._requestTimeoutMs);
      const off = this._connection.on("open", () => {
        clearTimeout(timer);
        off();
        resolve(undefined);
      });
    });
  }

  /**
   * Takes a session as the current one and loads that user's outbox.
   * @param {Session} session
   */
  async _adopt(session) {
    const sameUser = this._session?.user_id === session.user_id && this._outbox;
    this._session = session;
    if (!sameUser) {
      this._outbox = new Outbox(this._storage, this._key(`outbox:${session.user_id}`));
      await this._outbox.load();
    }
  }

  async _save() {
    if (this._session) await this._storage.setItem(this._key("session"), JSON.stringify(this._session));
  }

  /**
   * Drops the session and everything tied to it, and disconnects.
   * @param {SwitchboardError} [reason] what requests still waiting fail with
   */
  _forget(reason = new SwitchboardError("unauthorized", "logged out")) {
    this._idleReason = reason;
    this._epoch += 1;
    this._stopTimers();
    this._connection.stop();
    this._session = null;
    this._outbox = null;
    this._synced = false;
    this._presence.clear();
    this._feed.clear();
    this._rejectSendWaiters(reason);
    this._setState("idle");
  }

  _stopTimers() {
    clearTimeout(this._refreshTimer);
    clearTimeout(this._flushRetryTimer);
    clearTimeout(this._deliveredTimer);
    this._refreshTimer = this._flushRetryTimer = this._deliveredTimer = null;
    this._deliveredDue.clear();
  }

  /** @param {Error} error */
  _rejectSendWaiters(error) {
    const waiters = [...this._sendWaiters.values()].flat();
    this._sendWaiters.clear();
    for (const w of waiters) w.reject(error);
  }

  _onOpen() {
    this._epoch += 1;
    if (this._session) this._authenticate(this._epoch);
    else this._setState("connected");
  }

  /** @param {{willReconnect: boolean}} info */
  _onClose({ willReconnect }) {
    this._epoch += 1;
    clearTimeout(this._refreshTimer);
    this._refreshTimer = null;
    if (this._closed) return;
    this._setState(willReconnect ? "offline" : this._session ? "offline" : "idle");
  }

  /**
   * @param {string} name
   * @param {any} data
   */
  _onEvent(name, data) {
    if (name === "message.new") {
      this._feed.receive(data);
      return;
    }
    if ((name === "conversation.new" || name === "conversation.updated") && data.conversation) {
      const removedMe = Array.isArray(data.removed) && data.removed.includes(this.userId);
      if (!removedMe) this._feed.follow(data.conversation.conversation_id, data.conversation.last_seq ?? 0);
    }
    if (PASSED_ON_EVENTS.includes(name)) this.emit(name, data);
    else if (CALL_EVENTS.includes(name)) this.calls.dispatch(name.slice("call.".length), data);
  }

  /**
   * Binds the open connection to the session's user, refreshing the token
   * first when it is about to expire (or was refused), then resumes. Never
   * throws: failures end in 'session.expired' or a reconnect.
   * @param {number} epoch
   */
  async _authenticate(epoch) {
    this._setState("authenticating");
    try {
      if (this._needsRefresh()) await this._refresh();
      if (epoch !== this._epoch) return;
      try {
        await this._bind();
      } catch (err) {
        if (!(err instanceof SwitchboardError) || err.code !== "unauthorized" || !this._session?.refresh_token) throw err;
        await this._refresh();
        if (epoch !== this._epoch) return;
        await this._bind();
      }
    } catch (err) {
      if (epoch !== this._epoch) return;
      const e = /** @type {SwitchboardError} */ (err);
      if (e.code === "unauthorized") return this._expire(e);
      // Transient errors close the connection by themselves; anything else is retried on a new one.
      if (!e.transient) {
        this.emit("error", e);
        this._connection.drop(`authentication failed: ${e.message}`);
      }
      return;
    }
    if (epoch !== this._epoch) return;
    this._setState("ready");
    this._scheduleRefresh();
    this._renewPresence();
    this._flushOutbox();
    this._sync(epoch);
  }

  _bind() {
    const session = /** @type {Session} */ (this._session);
    const data = this._deviceId ? { token: session.token, device_id: this._deviceId } : { token: session.token };
    return this._connection.call("auth", data);
  }

  _needsRefresh() {
    const s = this._session;
    return !!s?.refresh_token && s.msLeft() < this._refreshMargin(s);
  }

  /** @param {Session} session */
  _refreshMargin(session) {
    return Math.min(this._refreshMarginMs, session.lifetimeMs / 4);
  }

  /**
   * Gets a new token pair with auth.refresh (one at a time). When the
   * refresh token was already used — another tab of the same app refreshed
   * first — the session that tab stored is taken instead.
   * @returns {Promise<Session>}
   */
  _refresh() {
    if (this._refreshing) return this._refreshing;
    const run = async () => {
      const current = /** @type {Session} */ (this._session);
      if (!current.refresh_token) throw new SwitchboardError("unauthorized", "the token expired and there is no refresh token");
      try {
        const answer = await this._connection.call("auth.refresh", { refresh_token: current.refresh_token });
        const session = new Session(answer);
        if (this._session !== current) return /** @type {Session} */ (this._session);
        this._session = session;
        await this._save();
        this.emit("session", session);
        return session;
      } catch (err) {
        if (!(err instanceof SwitchboardError) || err.code !== "unauthorized") throw err;
        const stored = Session.parse(await this._storage.getItem(this._key("session")));
        if (stored && stored.user_id === current.user_id && stored.refresh_token !== current.refresh_token && stored.msLeft() > 0) {
          this._session = stored;
          return stored;
        }
        throw err;
      }
    };
    this._refreshing = run().finally(() => {
      this._refreshing = null;
    });
    return this._refreshing;
  }

  _scheduleRefresh() {
    clearTimeout(this._refreshTimer);
    this._refreshTimer = null;
    const s = this._session;
    if (!s || s.local_expiry === undefined) return;
    const delay = Math.max(250, s.msLeft() - this._refreshMargin(s));
    const epoch = this._epoch;
    this._refreshTimer = setTimeout(async () => {
      this._refreshTimer = null;
      if (epoch !== this._epoch || this._state !== "ready") return;
      if (!s.refresh_token) {
        this._expire(new SwitchboardError("unauthorized", "the token expired and there is no refresh token"));
        return;
      }
      try {
        await this._refresh();
        if (epoch !== this._epoch) return;
        await this._bind();
        this._scheduleRefresh();
      } catch (err) {
        if (epoch !== this._epoch) return;
        if (err instanceof SwitchboardError && err.transient) this._connection.drop("token refresh failed");
        else if (/** @type {SwitchboardError} */ (err).code === "unauthorized") this._expire(/** @type {SwitchboardError} */ (err));
        else this.emit("error", err);
      }
    }, delay);
  }

  /** @param {SwitchboardError} error */
  _expire(error) {
    this._storage.removeItem(this._key("session"));
    this._forget(error);
    this.emit("session.expired", error);
  }

  async _freshToken() {
    if (!this._session) throw new SwitchboardError("unauthorized", "not logged in");
    if (this._needsRefresh()) {
      if (this._state !== "ready") await this.whenReady();
      await this._refresh();
    }
    return /** @type {Session} */ (this._session).token;
  }

  _renewPresence() {
    if (this._presence.size === 0) return;
    const ids = [...this._presence];
    this._connection.call("presence.subscribe", { user_ids: ids }).then(
      (answer) => {
        for (const p of answer.presence ?? []) this.emit("presence", p);
      },
      () => {},
    );
  }

  /** Sends the outbox's messages one after the other, oldest first, while ready. */
  async _flushOutbox() {
    if (this._flushing) return;
    this._flushing = true;
    try {
      while (this._state === "ready" && this._outbox && this._outbox.size > 0) {
        const outbox = this._outbox;
        const entry = /** @type {{client_msg_id: string, conversation_id: string, data: any}} */ (outbox.first());
        try {
          const answer = await this._connection.call("message.send", entry.data);
          this._completeSend(entry, answer);
        } catch (err) {
          if (this._outbox !== outbox) return;
          const e = /** @type {SwitchboardError} */ (err);
          if (e.code === "rate_limited" || e.code === "unavailable") {
            clearTimeout(this._flushRetryTimer);
            this._flushRetryTimer = setTimeout(() => this._flushOutbox(), 1000);
            return;
          }
          if (e.code === "unauthorized") {
            this._connection.drop("the connection lost its authentication");
            return;
          }
          if (!PERMANENT_SEND_CODES.has(e.code)) return; // the connection went away: sent again once it is back
          outbox.remove(entry.client_msg_id);
          this.emit("message.failed", { conversation_id: entry.conversation_id, client_msg_id: entry.client_msg_id, error: e });
          this._settleSend(entry.client_msg_id, null, e);
        }
      }
    } finally {
      this._flushing = false;
    }
  }

  /**
   * The server stored an outbox message (its answer came, or the message
   * showed up in history first): it leaves the outbox, once.
   * @param {{client_msg_id: string, conversation_id: string, data?: any}} entry
   * @param {{message_id: string, seq: number, sent_at: number, duplicate?: boolean, body?: string}} answer
   */
  _completeSend(entry, answer) {
    const result = {
      conversation_id: entry.conversation_id,
      client_msg_id: entry.client_msg_id,
      message_id: answer.message_id,
      seq: answer.seq,
      sent_at: answer.sent_at,
      duplicate: answer.duplicate === true,
      body: entry.data?.body ?? answer.body ?? "",
      attachments: (entry.data?.attachments ?? []).map((/** @type {any} */ a) => (typeof a === "string" ? a : a.attachment_id)),
    };
    this._feed.markSeen(entry.conversation_id, answer.seq);
    if (this._outbox?.has(entry.client_msg_id)) {
      this._outbox.remove(entry.client_msg_id);
      this.emit("message.sent", result);
    }
    this._settleSend(entry.client_msg_id, result, null);
  }

  /**
   * @param {string} clientMsgId
   * @param {any} result
   * @param {Error | null} error
   */
  _settleSend(clientMsgId, result, error) {
    const waiters = this._sendWaiters.get(clientMsgId);
    if (!waiters) return;
    this._sendWaiters.delete(clientMsgId);
    for (const w of waiters) error ? w.reject(error) : w.resolve(result);
  }

  /**
   * @param {any} message
   * @param {{missed: boolean}} info
   */
  _deliverMessage(message, info) {
    const mine = message.sender_id === this.userId;
    if (mine && message.client_msg_id && this._outbox?.has(message.client_msg_id)) {
      this._completeSend({ client_msg_id: message.client_msg_id, conversation_id: message.conversation_id, data: message }, message);
      return;
    }
    this.emit("message.new", message, info);
    if (!mine && this._autoDelivered) this._dueDelivered(message.conversation_id, message.seq);
  }

  /**
   * Acknowledges delivery in one receipt per conversation for a burst of
   * messages.
   * @param {string} conversationId
   * @param {number} seq
   */
  _dueDelivered(conversationId, seq) {
    this._deliveredDue.set(conversationId, Math.max(seq, this._deliveredDue.get(conversationId) ?? 0));
    if (this._deliveredTimer) return;
    this._deliveredTimer = setTimeout(() => {
      this._deliveredTimer = null;
      const due = [...this._deliveredDue];
      this._deliveredDue.clear();
      if (this._state !== "ready") return;
      for (const [cid, upTo] of due) this._connection.call("receipt.delivered", { conversation_id: cid, seq: upTo }).catch(() => {});
    }, 50);
  }

  /**
   * Catches up after (re)connecting: conversation.list tells each
   * conversation's last seq; the feed fetches and hands over what lies
   * beyond what it handed over before.
   * @param {number} epoch
   */
  async _sync(epoch) {
    this._feed.beginSync();
    try {
      const { conversations } = await this._connection.call("conversation.list", {});
      const first = !this._synced;
      // A few conversations at a time, so that many with news stay under the server's request rate limit.
      const queue = [...conversations];
      const worker = async () => {
        for (let c = queue.shift(); c; c = queue.shift()) await this._feed.catchUp(c.conversation_id, c.last_seq, first ? c.last_seq : 0);
      };
      await Promise.all(Array.from({ length: SYNC_CONCURRENCY }, worker));
      if (epoch !== this._epoch) return;
      this._synced = true;
      // What arrived while no client of this user was connected is delivered now.
      if (this._autoDelivered)
        for (const c of conversations) if (c.last_seq > (c.delivered_seq ?? 0)) this._dueDelivered(c.conversation_id, c.last_seq);
      this.emit("synced", { first, conversations });
    } catch (err) {
      if (epoch === this._epoch && !(err instanceof SwitchboardError && err.transient)) this.emit("error", err);
    } finally {
      this._feed.endSync();
    }
  }
}
