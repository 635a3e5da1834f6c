const WS_URL_KEY = "switchboard-web:ws_url";
const DEVICE_ID_KEY = "switchboard-web:device_id";

/**
 * Where the app finds the server. The page comes from transport.http; the
 * WebSocket listens on another port, taken from `?ws=` (then remembered),
 * else the remembered one, else ws(s)://<this host>:8081/v1/ws.
 */
export class Settings {
  /**
   * @param {Location} location
   * @param {Storage} storage
   */
  constructor(location, storage) {
    this._storage = storage;
    const params = new URLSearchParams(location.search);
    const fromQuery = params.get("ws");
    if (fromQuery && /^wss?:\/\//.test(fromQuery)) storage.setItem(WS_URL_KEY, fromQuery);
    const secure = location.protocol === "https:";
    /** The WebSocket endpoint. */
    this.wsUrl = storage.getItem(WS_URL_KEY) ?? `${secure ? "wss" : "ws"}://${location.hostname}:8081/v1/ws`;
    /** transport.http, which served this page (attachments). */
    this.httpUrl = location.origin;
    /** This browser's device id (its push subscription is registered under it). */
    this.deviceId = storage.getItem(DEVICE_ID_KEY) ?? `web-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
    storage.setItem(DEVICE_ID_KEY, this.deviceId);
  }

  /**
   * Remembers another WebSocket endpoint (from the login screen).
   * @param {string} url
   */
  setWsUrl(url) {
    if (!/^wss?:\/\/.+/.test(url)) throw new Error("The server address must start with ws:// or wss://");
    this._storage.setItem(WS_URL_KEY, url);
    this.wsUrl = url;
  }
}
