"""Test harness for end-to-end tests: starts the real switchboard daemon on
loopback with a temporary config and data directory, and talks to it with a
WebSocket client the project did not write (Debian's python3-websockets).

Storage is SQLite in the data directory, or, with SB_E2E_STORAGE=postgres,
a schema of its own in the database SB_E2E_POSTGRES_URL names (dropped when
the test ends): the same tests then run against storage.postgres."""

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import unittest

import websockets

BINARY = os.environ.get("SB_BINARY", os.path.join(os.path.dirname(__file__), "../../build/bin/switchboard"))
TIMEOUT = 10.0
STORAGE = os.environ.get("SB_E2E_STORAGE", "sqlite")
POSTGRES_URL = os.environ.get("SB_E2E_POSTGRES_URL", "")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def mint_token(secret: str, sub: str, exp_in=3600, iss="switchboard", aud="switchboard", alg="HS256", extra=None):
    """An HS256 JWT like an integrator would mint with the configured key."""
    header = {"alg": alg, "typ": "JWT"}
    now = int(time.time())
    claims = {"sub": sub, "iat": now, "exp": now + exp_in, "iss": iss, "aud": aud}
    claims.update(extra or {})
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    sig = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(sig)


def postgres_sql(statement):
    """Runs one statement in the SB_E2E_POSTGRES_URL database; returns its rows."""
    import psycopg2  # only the PostgreSQL runs need it

    with psycopg2.connect(POSTGRES_URL) as db, db.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetchall() if cursor.description else []


class Server:
    """One daemon process with its own data dir, storage, ports and config.
    `storage` is "sqlite" or "postgres" (default: SB_E2E_STORAGE);
    `storage_options` are added to the storage plugin's config; `extra_plugins_yaml`
    is appended to the plugin list (entries indented by two spaces: more
    transports, push plugins)."""

    def __init__(self, extra_yaml="", ws_options=None, data_dir=None, http_options=None, storage=None,
                 storage_options=None, extra_plugins_yaml=""):
        self.tmp = tempfile.TemporaryDirectory(prefix="sb-e2e-")
        self.data_dir = data_dir or os.path.join(self.tmp.name, "data")
        self.port = free_port()
        self.secret = "e2e-secret-" + os.urandom(16).hex()
        self.storage = storage or STORAGE
        self.postgres_schema = None
        if self.storage == "postgres":
            if not POSTGRES_URL:
                raise RuntimeError("SB_E2E_STORAGE=postgres needs SB_E2E_POSTGRES_URL")
            self.postgres_schema = "e2e_" + os.urandom(6).hex()
            storage_config = {"url": POSTGRES_URL, "schema": self.postgres_schema}
        else:
            storage_config = {"path": f"{self.data_dir}/switchboard.db"}
        storage_config.update(storage_options or {})
        storage_yaml = "\n".join(f"      {k}: {json.dumps(v)}" for k, v in storage_config.items())
        ws = {"host": "127.0.0.1", "port": self.port}
        ws.update(ws_options or {})
        ws_yaml = "\n".join(f"      {k}: {json.dumps(v)}" for k, v in ws.items())
        # transport.http on its own port when the test asks for it (http_options, possibly empty).
        self.http_port = free_port() if http_options is not None else None
        http_yaml = ""
        if http_options is not None:
            http = {"host": "127.0.0.1", "port": self.http_port}
            http.update(http_options)
            http_yaml = "  - id: transport.http\n    config:\n" + "\n".join(
                f"      {k}: {json.dumps(v)}" for k, v in http.items()) + "\n"
        self.config_path = os.path.join(self.tmp.name, "switchboard.yaml")
        with open(self.config_path, "w") as f:
            f.write(f"""server:
  data_dir: {self.data_dir}
  log_level: debug
  shutdown_timeout: 5s
auth:
  jwt_secret: {self.secret}
  hash_threads: 2
{extra_yaml}
plugins:
  - id: storage.{self.storage}
    config:
{storage_yaml}
  - id: transport.websocket
    config:
{ws_yaml}
{http_yaml}{extra_plugins_yaml}""")
        self.log_path = os.path.join(self.tmp.name, "server.log")
        self.proc = None

    @property
    def url(self):
        return f"ws://127.0.0.1:{self.port}/v1/ws"

    @property
    def http_url(self):
        return f"http://127.0.0.1:{self.http_port}"

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([BINARY, "--config", self.config_path], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.logs()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start listening:\n" + self.logs())

    def stop(self, sig=signal.SIGTERM, timeout=TIMEOUT):
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.log.close()
        return code

    def kill9(self):
        return self.stop(signal.SIGKILL)

    def command(self, *args, timeout=60):
        """Runs `switchboard ARGS --config <this config>` to completion (e.g. "migrate")."""
        return subprocess.run([BINARY, *args, "--config", self.config_path], capture_output=True, text=True,
                              timeout=timeout)

    def logs(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")[-8000:]
        except OSError:
            return ""

    def close(self):
        self.stop()
        self.cleanup()

    def cleanup(self):
        """Removes the data directory and, on PostgreSQL, the schema."""
        self.tmp.cleanup()
        if self.postgres_schema:
            postgres_sql(f"DROP SCHEMA IF EXISTS {self.postgres_schema} CASCADE")


class EventsAndErrors:
    """What every test client offers on top of its call(): a request's error
    code, and waiting for (or ruling out) an event. Needs `self.events`, a
    queue of event envelopes, and `self.name` for messages."""

    name = ""

    async def error_of(self, op, data=None):
        """The error code of a request that must fail."""
        msg = await self.call(op, data, expect_ok=False)
        assert not msg["ok"], f"{op} unexpectedly succeeded: {msg}"
        return msg["error"]["code"]

    async def event(self, name, predicate=lambda d: True, timeout=TIMEOUT):
        """The next event called `name` whose data satisfies `predicate` (others are dropped)."""
        deadline = time.time() + timeout
        where = f" at {self.name}" if self.name else ""
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                raise TimeoutError(f"no '{name}' event{where}")
            msg = await asyncio.wait_for(self.events.get(), remaining)
            if msg["event"] == name and predicate(msg["data"]):
                return msg["data"]

    async def no_event(self, name, within=0.5):
        try:
            data = await self.event(name, timeout=within)
        except (TimeoutError, asyncio.TimeoutError):
            return
        where = f" at {self.name}" if self.name else ""
        raise AssertionError(f"unexpected '{name}' event{where}: {data}")


class RequestError(Exception):
    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class Client(EventsAndErrors):
    """A WebSocket client speaking the envelope protocol."""

    _ids = itertools.count(1)

    def __init__(self, ws):
        self.ws = ws
        self.pending = {}
        self.events = asyncio.Queue()
        self.raw_responses = asyncio.Queue()  # responses whose id matched nothing
        self.reader = asyncio.create_task(self._read())
        self.user_id = None

    @classmethod
    async def connect(cls, server, **kwargs):
        ws = await websockets.connect(server.url, max_size=None, open_timeout=TIMEOUT, **kwargs)
        return cls(ws)

    async def _read(self):
        try:
            async for frame in self.ws:
                msg = json.loads(frame)
                if "event" in msg:
                    await self.events.put(msg)
                elif msg.get("id") in self.pending:
                    self.pending.pop(msg["id"]).set_result(msg)
                else:
                    await self.raw_responses.put(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            for fut in self.pending.values():
                if not fut.done():
                    fut.set_exception(ConnectionError("connection closed"))

    async def send_raw(self, data):
        await self.ws.send(data)

    async def call(self, op, data=None, expect_ok=True):
        rid = next(self._ids)
        fut = asyncio.get_running_loop().create_future()
        self.pending[rid] = fut
        envelope = {"id": rid, "op": op}
        if data is not None:
            envelope["data"] = data
        await self.ws.send(json.dumps(envelope))
        msg = await asyncio.wait_for(fut, TIMEOUT)
        if expect_ok and not msg["ok"]:
            raise RequestError(msg["error"]["code"], msg["error"]["message"])
        return msg["data"] if msg["ok"] else msg

    async def close(self):
        await self.ws.close()
        self.reader.cancel()


async def register(server, username, password="correct horse battery", **extra):
    """A connected, authenticated client for a newly registered user."""
    c = await Client.connect(server)
    data = {"username": username, "password": password}
    data.update(extra)
    r = await c.call("auth.register", data)
    await c.call("auth", {"token": r["token"]})
    c.user_id = r["user_id"]
    c.tokens = r
    return c


async def login(server, username, password="correct horse battery"):
    c = await Client.connect(server)
    r = await c.call("auth.login", {"username": username, "password": password})
    await c.call("auth", {"token": r["token"]})
    c.user_id = r["user_id"]
    c.tokens = r
    return c


class ServerTestCase(unittest.IsolatedAsyncioTestCase):
    """Each test gets a fresh server; its log is printed when the test fails."""

    server_options = {}

    def setUp(self):
        self.server = Server(**self.server_options).start()

    def tearDown(self):
        code = self.server.stop()
        outcome = getattr(self, "_outcome", None)
        failed = outcome is not None and not outcome.success
        if failed:
            print("---- server log ----\n" + self.server.logs())
        self.server.cleanup()
        self.assertIn(code, (0, None, -9), "server did not exit cleanly:\n" + self.server.logs())
