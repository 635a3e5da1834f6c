/**
 * The tokens of a logged-in user. Expiry is tracked on the local clock (the
 * time the token was obtained plus its lifetime from the JWT's iat/exp), so
 * a device whose clock is off still refreshes in time.
 */
export class Session {
  /**
   * @param {{user_id?: string, token: string, refresh_token?: string, expires_at?: number, obtained_at?: number}} fields
   */
  constructor({ user_id, token, refresh_token, expires_at, obtained_at }) {
    if (typeof token !== "string" || token.length === 0) throw new TypeError("session: token must be a non-empty string");
    const claims = jwtClaims(token);
    const userId = user_id ?? claims?.sub;
    if (typeof userId !== "string" || userId.length === 0) throw new TypeError("session: user_id is missing (and the token has no sub)");
    /** @type {string} */
    this.user_id = userId;
    /** @type {string} */
    this.token = token;
    /** @type {string | undefined} */
    this.refresh_token = refresh_token || undefined;
    /** Seconds since the epoch (the server's clock). @type {number | undefined} */
    this.expires_at = expires_at ?? claims?.exp;
    /** Milliseconds since the epoch (this device's clock). */
    this.obtained_at = obtained_at ?? Date.now();
    const lifetimeS = claims && typeof claims.exp === "number" && typeof claims.iat === "number" ? claims.exp - claims.iat : undefined;
    /** When the token expires, on this device's clock (ms); undefined when unknown. @type {number | undefined} */
    this.local_expiry =
      lifetimeS !== undefined ? this.obtained_at + lifetimeS * 1000 : this.expires_at !== undefined ? this.expires_at * 1000 : undefined;
  }

  /** Reads a session stored with JSON.stringify, or null when absent or unreadable. @param {string | null} text */
  static parse(text) {
    if (!text) return null;
    try {
      return new Session(JSON.parse(text));
    } catch {
      return null;
    }
  }

  /** Milliseconds until the access token expires (Infinity when unknown). */
  msLeft(now = Date.now()) {
    return this.local_expiry === undefined ? Infinity : this.local_expiry - now;
  }

  /** The token's whole lifetime in ms (Infinity when unknown). */
  get lifetimeMs() {
    return this.local_expiry === undefined ? Infinity : this.local_expiry - this.obtained_at;
  }

  toJSON() {
    return { user_id: this.user_id, token: this.token, refresh_token: this.refresh_token, expires_at: this.expires_at, obtained_at: this.obtained_at };
  }
}

/**
 * The claims of a JWT, read without checking it (the server checks it).
 * @param {string} token
 * @returns {any}
 */
function jwtClaims(token) {
  const part = token.split(".")[1];
  if (!part || typeof globalThis.atob !== "function") return null;
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const binary = globalThis.atob(b64);
    // Without TextDecoder (older React Native) the claims we read (sub, iat, exp) are ASCII anyway.
    if (typeof globalThis.TextDecoder !== "function") return JSON.parse(binary);
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return null;
  }
}
