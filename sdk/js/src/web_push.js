/**
 * Web Push in a browser: subscribes a service worker registration with the
 * server's VAPID public key (`device.push_config`) and registers the
 * subscription as this connection's device (`device.register {provider:
 * "webpush", token: endpoint, keys}`) as `options.deviceId`, or else as the
 * connection's device (the Client's `deviceId`). The server skips the push
 * for a device while a connection authenticated with its id is live.
 */
export class WebPush {
  /**
   * @param {import("./client.js").Client} client
   * @param {ServiceWorkerRegistration} registration
   * @param {{deviceId?: string}} [options]
   */
  constructor(client, registration, { deviceId } = {}) {
    this._client = client;
    this._registration = registration;
    this._deviceId = deviceId;
  }

  /** @returns {Promise<string | null>} the base64url key, or null when the server has no Web Push */
  async serverKey() {
    const { providers } = await this._client.pushConfig();
    return providers.webpush?.vapid_public_key ?? null;
  }

  /** @returns {Promise<PushSubscription | null>} */
  subscription() {
    return this._registration.pushManager.getSubscription();
  }

  /**
   * Subscribes (again when the existing subscription was made with another
   * key: the server's key changed) and registers the device.
   * @returns {Promise<PushSubscription>}
   */
  async enable() {
    const key = await this.serverKey();
    if (!key) throw new Error("The server does not offer Web Push (no push.webpush plugin)");
    let subscription = await this.subscription();
    if (subscription && !sameKey(subscription.options.applicationServerKey, key)) {
      await subscription.unsubscribe();
      subscription = null;
    }
    subscription ??= await this._registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    await this._register(subscription);
    return subscription;
  }

  /** @returns {Promise<boolean>} whether there was a subscription to register */
  async refresh() {
    const subscription = await this.subscription();
    if (!subscription) return false;
    await this._register(subscription);
    return true;
  }

  async disable() {
    const subscription = await this.subscription();
    await subscription?.unsubscribe();
    await this._client.unregisterDevice(this._deviceId);
  }

  /** @param {PushSubscription} subscription */
  async _register(subscription) {
    const { endpoint, keys } = subscription.toJSON();
    const device = this._deviceId ? { device_id: this._deviceId } : {};
    await this._client.registerDevice({ ...device, provider: "webpush", token: /** @type {string} */ (endpoint), keys });
  }
}

/**
 * @param {ArrayBuffer | null} bytes
 * @param {string} base64url
 */
function sameKey(bytes, base64url) {
  if (!bytes) return false;
  const text = btoa(String.fromCharCode(...new Uint8Array(bytes)));
  return text.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "") === base64url;
}
