// Starts the real switchboard daemon on loopback with a temporary config and
// data directory, like tests/e2e/harness.py does for the Python tests.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const BINARY = process.env.SB_BINARY ?? resolve(here, "../../../../build/bin/switchboard");
const START_TIMEOUT_MS = 10000;

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (srv.address());
      srv.close(() => resolvePort(port));
    });
  });
}

function canConnect(port) {
  return new Promise((ok) => {
    const s = connect({ host: "127.0.0.1", port });
    s.once("connect", () => {
      s.destroy();
      ok(true);
    });
    s.once("error", () => ok(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class TestServer {
  /**
   * @param {{extraYaml?: string, extraPlugins?: string, env?: Record<string, string>, wsOptions?: object, http?: boolean, httpOptions?: object}} [options]
   *   extraPlugins: YAML entries appended to the plugin list ("  - id: push.webpush\n    config: …");
   *   env: variables added to the daemon's environment
   */
  constructor({ extraYaml = "", extraPlugins = "", env = {}, wsOptions = {}, http = false, httpOptions = {} } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), "sb-js-"));
    this.dataDir = join(this.dir, "data");
    this.secret = "js-test-" + randomBytes(16).toString("hex");
    this.extraYaml = extraYaml;
    this.extraPlugins = extraPlugins;
    this.env = env;
    this.wsOptions = wsOptions;
    this.http = http;
    this.httpOptions = httpOptions;
    this.logPath = join(this.dir, "server.log");
    this.proc = null;
  }

  get url() {
    return `ws://127.0.0.1:${this.port}/v1/ws`;
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async _writeConfig() {
    if (!this.port) this.port = await freePort();
    if (this.http && !this.httpPort) this.httpPort = await freePort();
    const yamlMap = (obj) => Object.entries(obj).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`).join("\n");
    const ws = { host: "127.0.0.1", port: this.port, ...this.wsOptions };
    let plugins = `  - id: storage.sqlite
    config:
      path: ${this.dataDir}/switchboard.db
  - id: transport.websocket
    config:
${yamlMap(ws)}
`;
    if (this.http) {
      const http = { host: "127.0.0.1", port: this.httpPort, ...this.httpOptions };
      plugins += `  - id: transport.http
    config:
${yamlMap(http)}
`;
    }
    plugins += this.extraPlugins;
    this.configPath = join(this.dir, "switchboard.yaml");
    writeFileSync(
      this.configPath,
      `server:
  data_dir: ${this.dataDir}
  log_level: debug
  shutdown_timeout: 5s
auth:
  jwt_secret: ${this.secret}
  hash_threads: 2
${this.extraYaml}
plugins:
${plugins}`,
    );
  }

  async start() {
    await this._writeConfig();
    const log = openSync(this.logPath, "a");
    this.proc = spawn(BINARY, ["--config", this.configPath], { stdio: ["ignore", log, log], env: { ...process.env, ...this.env } });
    closeSync(log);
    let exited = null;
    this.proc.once("exit", (code, signal) => (exited = { code, signal }));
    this._exit = new Promise((r) => this.proc.once("exit", (code, signal) => r({ code, signal })));
    const deadline = Date.now() + START_TIMEOUT_MS;
    const ports = this.http ? [this.port, this.httpPort] : [this.port];
    while (Date.now() < deadline) {
      if (exited) throw new Error(`server exited (${JSON.stringify(exited)}):\n${this.logs()}`);
      const up = await Promise.all(ports.map(canConnect));
      if (up.every(Boolean)) return this;
      await sleep(50);
    }
    throw new Error(`server did not start listening:\n${this.logs()}`);
  }

  /** Stops the daemon (SIGTERM by default) and resolves with its exit. */
  async stop(signal = "SIGTERM") {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return null;
    this.proc.kill(signal);
    const timer = setTimeout(() => this.proc.kill("SIGKILL"), START_TIMEOUT_MS);
    const result = await this._exit;
    clearTimeout(timer);
    return result;
  }

  kill9() {
    return this.stop("SIGKILL");
  }

  logs() {
    try {
      return readFileSync(this.logPath, "utf8").slice(-8000);
    } catch {
      return "";
    }
  }

  async close() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
