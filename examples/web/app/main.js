import { Client } from "../sdk/switchboard.js";
import { App } from "./app.js";
import { Settings } from "./settings.js";

const settings = new Settings(window.location, window.localStorage, window.sessionStorage);
const client = new Client({
  url: settings.wsUrl,
  httpUrl: settings.httpUrl,
  storage: window.localStorage,
  deviceId: settings.deviceId,
});
// Pushes need a service worker; the app works without one (e.g. on plain http:// other than localhost).
const serviceWorker = navigator.serviceWorker ? navigator.serviceWorker.register("service_worker.js").catch(() => null) : Promise.resolve(null);
new App(/** @type {HTMLElement} */ (document.getElementById("app")), client, settings, serviceWorker).start();
