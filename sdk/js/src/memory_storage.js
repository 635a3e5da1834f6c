/**
 * Storage kept in memory, with the getItem/setItem/removeItem shape of
 * localStorage and React Native's AsyncStorage. The default when no storage is
 * given: the outbox then survives reconnects but not a restart of the app.
 */
export class MemoryStorage {
  constructor() {
    /** @type {Map<string, string>} */
    this._items = new Map();
  }

  /** @param {string} key @returns {string | null} */
  getItem(key) {
    return this._items.has(key) ? /** @type {string} */ (this._items.get(key)) : null;
  }

  /** @param {string} key @param {string} value */
  setItem(key, value) {
    this._items.set(key, String(value));
  }

  /** @param {string} key */
  removeItem(key) {
    this._items.delete(key);
  }
}
