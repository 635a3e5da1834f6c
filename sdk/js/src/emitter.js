/**
 * A minimal event emitter: the SDK runs in browsers, React Native and node,
 * and only node has one built in.
 */
export class Emitter {
  constructor() {
    /** @type {Map<string, Set<Function>>} */
    this._listeners = new Map();
  }

  /**
   * Calls `listener` for every `name` event; returns a function that removes it.
   * @param {string} name
   * @param {Function} listener
   * @returns {() => void}
   */
  on(name, listener) {
    if (typeof listener !== "function") throw new TypeError(`listener for '${name}' must be a function`);
    let set = this._listeners.get(name);
    if (!set) this._listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => this.off(name, listener);
  }

  /**
   * @param {string} name
   * @param {Function} listener
   */
  off(name, listener) {
    this._listeners.get(name)?.delete(listener);
  }

  /**
   * Calls `listener` for the next `name` event only.
   * @param {string} name
   * @param {Function} listener
   * @returns {() => void}
   */
  once(name, listener) {
    const off = this.on(name, (...args) => {
      off();
      listener(...args);
    });
    return off;
  }

  /**
   * Calls every listener of `name`; a listener that throws does not stop the
   * others (its error goes to the 'error' listeners, or the console).
   * @param {string} name
   * @param {...any} args
   */
  emit(name, ...args) {
    const set = this._listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (err) {
        if (name !== "error" && this._listeners.get("error")?.size) this.emit("error", err);
        else console.error(`switchboard: a '${name}' listener threw`, err);
      }
    }
  }
}
