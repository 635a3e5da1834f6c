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
new App(/** @type {HTMLElement} */ (document.getElementById("app")), client, settings).start();
