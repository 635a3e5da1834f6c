import { Emitter } from "../sdk/switchboard.js";

/**
 * Who is online, for the users the app shows. Subscribes once per user (the
 * client renews subscriptions after reconnects). Emits 'change' (user_id).
 */
export class PresenceBook extends Emitter {
  /** @param {import("../sdk/switchboard.js").Client} client */
  constructor(client) {
    super();
    this._client = client;
    /** @type {Map<string, {online: boolean, last_seen_at?: number}>} */
    this._presence = new Map();
    /** @type {Set<string>} */
    this._followed = new Set();
    client.on("presence", (p) => this._set(p));
  }

  /**
   * Follows these users (once each).
   * @param {string[]} userIds
   */
  async follow(userIds) {
    const fresh = userIds.filter((id) => id !== this._client.userId && !this._followed.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this._followed.add(id);
    try {
      const { presence } = await this._client.subscribePresence(fresh);
      for (const p of presence) this._set(p);
    } catch {
      for (const id of fresh) this._followed.delete(id);
    }
  }

  /** @param {string} userId */
  get(userId) {
    return this._presence.get(userId);
  }

  /** @param {{user_id: string, online: boolean, last_seen_at?: number}} p */
  _set(p) {
    this._presence.set(p.user_id, { online: p.online, last_seen_at: p.last_seen_at });
    this.emit("change", p.user_id);
  }
}
