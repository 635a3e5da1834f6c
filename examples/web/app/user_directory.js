import { Emitter } from "../sdk/switchboard.js";

/**
 * Display names of users, fetched in batches (user.get) as the views ask for
 * them. Emits 'change' when names arrived.
 */
export class UserDirectory extends Emitter {
  /** @param {import("../sdk/switchboard.js").Client} client */
  constructor(client) {
    super();
    this._client = client;
    /** @type {Map<string, {user_id: string, username: string, display_name: string}>} */
    this._users = new Map();
    /** @type {Set<string>} */
    this._wanted = new Set();
    /** @type {Set<string>} */
    this._asked = new Set();
    this._timer = 0;
  }

  /**
   * The user's display name (or a placeholder while it is being fetched).
   * @param {string | undefined} userId
   */
  name(userId) {
    if (!userId) return "System";
    const user = this._users.get(userId);
    if (user) return user.display_name || user.username;
    this._want(userId);
    return "…";
  }

  /** @param {string} userId */
  get(userId) {
    const user = this._users.get(userId);
    if (!user) this._want(userId);
    return user;
  }

  /** @param {{user_id: string, username: string, display_name: string}[]} users */
  remember(users) {
    for (const u of users) this._users.set(u.user_id, u);
    if (users.length) this.emit("change");
  }

  /** @param {string} userId */
  _want(userId) {
    if (this._asked.has(userId)) return;
    this._asked.add(userId);
    this._wanted.add(userId);
    if (!this._timer) this._timer = window.setTimeout(() => this._fetch(), 20);
  }

  async _fetch() {
    this._timer = 0;
    const ids = [...this._wanted];
    this._wanted.clear();
    try {
      const { users } = await this._client.getUsers(ids);
      this.remember(users);
    } catch {
      for (const id of ids) this._asked.delete(id);
    }
  }
}
