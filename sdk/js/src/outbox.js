/**
 * Messages the user sent that the server has not acknowledged yet, kept in
 * the given storage (localStorage, AsyncStorage, memory) so that what was
 * typed offline is sent when the connection is back — after a reload too.
 * Entries keep the order they were added in; each one keeps its
 * client_msg_id, so a resend after a lost answer is deduplicated by the
 * server.
 */
export class Outbox {
  /**
   * @param {{getItem(key: string): any, setItem(key: string, value: string): any, removeItem(key: string): any}} storage
   * @param {string} key where the entries are stored
   */
  constructor(storage, key) {
    this._storage = storage;
    this._key = key;
    /** @type {Array<{client_msg_id: string, conversation_id: string, data: any, queued_at: number}>} */
    this._entries = [];
    /** Writes run one after the other so that an older snapshot never lands last. */
    this._writes = Promise.resolve();
  }

  /** Reads the stored entries, keeping any added before in memory after them. */
  async load() {
    const raw = await this._storage.getItem(this._key);
    let stored = [];
    if (raw) {
      try {
        const parsed = JSON.parse(raw);
        if (Array.isArray(parsed)) stored = parsed.filter((e) => e && typeof e.client_msg_id === "string" && e.data);
      } catch {
        stored = [];
      }
    }
    const ids = new Set(stored.map((e) => e.client_msg_id));
    this._entries = [...stored, ...this._entries.filter((e) => !ids.has(e.client_msg_id))];
    return this.entries();
  }

  /** The entries in sending order (copies). */
  entries() {
    return this._entries.map((e) => ({ ...e, data: { ...e.data } }));
  }

  get size() {
    return this._entries.length;
  }

  /** The oldest entry, or undefined. */
  first() {
    return this._entries[0];
  }

  /** @param {string} clientMsgId */
  has(clientMsgId) {
    return this._entries.some((e) => e.client_msg_id === clientMsgId);
  }

  /**
   * Adds an entry (in memory at once, in storage when the returned promise
   * resolves). An entry with the same client_msg_id is not added twice.
   * @param {{client_msg_id: string, conversation_id: string, data: any, queued_at: number}} entry
   */
  add(entry) {
    if (!this.has(entry.client_msg_id)) this._entries.push(entry);
    return this._persist();
  }

  /** @param {string} clientMsgId */
  remove(clientMsgId) {
    const before = this._entries.length;
    this._entries = this._entries.filter((e) => e.client_msg_id !== clientMsgId);
    return before === this._entries.length ? this._writes : this._persist();
  }

  _persist() {
    this._writes = this._writes.then(async () => {
      if (this._entries.length === 0) await this._storage.removeItem(this._key);
      else await this._storage.setItem(this._key, JSON.stringify(this._entries));
    }).catch((err) => console.error("switchboard: could not store the outbox", err));
    return this._writes;
  }
}
