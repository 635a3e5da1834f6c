// Debian's Chromium driven by playwright-core, and where the tests put
// their screenshots.
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The app as the build lays it out (examples/web + sdk/js/src under sdk/). */
export const WEB_DIR = process.env.SB_WEB_DIR ?? join(repo, "build/share/switchboard/web");
export const ARTIFACTS_DIR = process.env.SB_ARTIFACTS_DIR ?? join(repo, "build/test-artifacts/browser");

/** How long one UI step may take before the test fails. */
export const STEP_TIMEOUT_MS = 10000;

/**
 * Launches Chromium for one test file and closes it after.
 * @param {import("node:test").TestContext | {after: Function}} t
 */
export async function launch(t) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30000 });
  t.after(() => browser.close());
  return browser;
}

/** The path of a screenshot under the artifacts folder. @param {string} name */
export function artifact(name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, `${name}.png`);
}

/**
 * Polls `check` (which may throw or return false) until it returns a truthy value.
 * @template T
 * @param {() => T | Promise<T>} check
 * @param {string} what
 * @param {number} [timeoutMs]
 * @returns {Promise<T>}
 */
export async function eventually(check, what, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/**
 * Runs a test's body; when it fails, saves a screenshot of each page
 * (`failed-<name>-<user>.png`) before passing the error on.
 * @param {string} name
 * @param {{username: string, page: import("playwright-core").Page}[]} users
 * @param {() => Promise<void>} body
 */
export async function screenshotsOnFailure(name, users, body) {
  try {
    await body();
  } catch (err) {
    for (const [i, user] of users.entries()) await user.page.screenshot({ path: artifact(`failed-${name}-${i}-${user.username}`) }).catch(() => {});
    throw err;
  }
}
