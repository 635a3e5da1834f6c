// Starts tests/push-fakes/fake_gcm.js (Google's push service as Chromium and
// the daemon use it) for one test and stops it after.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const SCRIPT = join(repo, "tests/push-fakes/fake_gcm.js");
/** jose for the fake, installed by the push_fakes ctest fixture. */
const NODE_MODULES = process.env.SB_PUSH_FAKES_NODE_MODULES ?? join(repo, "build/push-fakes/node_modules");

export class FakeGcm {
  /**
   * @param {{port: number, checkin_url: string, registration_url: string, mcs_endpoint: string,
   *   mcs_spki: string, proxy_url: string, ca_file: string, control_url: string}} info
   */
  constructor(info) {
    this.info = info;
  }

  /** @param {import("node:test").TestContext} t */
  static async start(t) {
    const dir = mkdtempSync(join(tmpdir(), "sb-fake-gcm-"));
    const proc = spawn(process.execPath, [SCRIPT, "--dir", dir], {
      env: { ...process.env, NODE_PATH: NODE_MODULES },
      stdio: ["pipe", "pipe", "inherit"],
    });
    t.after(() => {
      proc.stdin.end();
      rmSync(dir, { recursive: true, force: true });
    });
    const line = await new Promise((ok, fail) => {
      const lines = createInterface({ input: proc.stdout });
      lines.once("line", ok);
      proc.once("exit", (code) => fail(new Error(`fake_gcm.js exited with ${code} (NODE_PATH=${NODE_MODULES})`)));
    });
    return new FakeGcm(JSON.parse(line));
  }

  /** Chromium's switches that send its check-in, registrations and MCS connection here. */
  get chromiumArgs() {
    const i = this.info;
    return [
      `--gcm-checkin-url=${i.checkin_url}`,
      `--gcm-registration-url=${i.registration_url}`,
      `--gcm-mcs-endpoint=${i.mcs_endpoint}`,
      // MCS is TLS: Chromium accepts the fake's self-signed certificate by its key.
      `--ignore-certificate-errors-spki-list=${i.mcs_spki}`,
    ];
  }

  /** The daemon's environment: its libcurl reaches every push service through the fake. */
  get daemonEnv() {
    return { https_proxy: this.info.proxy_url, HTTPS_PROXY: this.info.proxy_url, no_proxy: "", NO_PROXY: "" };
  }

  /** @param {string} what registrations, received, errors or mcs */
  async control(what) {
    const res = await fetch(`${this.info.control_url}/${what}`);
    return res.json();
  }
}
