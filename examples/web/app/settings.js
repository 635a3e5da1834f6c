import { newClientMsgId } from "../sdk/switchboard.js";

const WS_URL_KEY = "switchboard-web:ws_url";
const DEVICE_ID_KEY = "switchboard-web:device_id";
const PUSH_DEVICE_ID_KEY = "switchboard-web:push_device_id";

/**
 * Where the app finds the server. The page comes from transport.http; the
 * WebSocket listens on another port, taken from `?ws=` (then remembered),
 * else the remembered one, else ws(s)://<this host>:8081/v1/ws.
 */
export class Settings {
  /**
   * @param {Location} location
   * @param {Storage} storage
   * @param {Storage} tabStorage sessionStorage: one per tab, kept across reloads
   */
  constructor(location, storage, tabStorage) {
    this._storage = storage;
    const params = new URLSearchParams(location.search);
    const fromQuery = params.get("ws");
    if (fromQuery && /^wss?:\/\//.test(fromQuery)) storage.setItem(WS_URL_KEY, fromQuery);
    const secure = location.protocol === "https:";
    /** The WebSocket endpoint. */
    this.wsUrl = storage.getItem(WS_URL_KEY) ?? `${secure ? "wss" : "ws"}://${location.hostname}:8081/v1/ws`;
    /** transport.http, which served this page (attachments). */
    this.httpUrl = location.origin;
    /**
     * This tab's device id, sent with `auth`: a call survives a reconnect only
     * on a connection of the same device; each tab is a device of its own.
     */
    this.deviceId = tabStorage.getItem(DEVICE_ID_KEY) ?? `web-${newClientMsgId()}`;
    tabStorage.setItem(DEVICE_ID_KEY, this.deviceId);
    /**
     * This browser's push device: its one Web Push subscription (shared by
     * the tabs, like the service worker) is registered under this id.
     */
    this.pushDeviceId = storage.getItem(PUSH_DEVICE_ID_KEY) ?? `web-push-${newClientMsgId()}`;
    storage.setItem(PUSH_DEVICE_ID_KEY, this.pushDeviceId);
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
