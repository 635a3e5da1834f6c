"""MQTT pieces of the end-to-end tests: a real mosquitto on loopback
(Debian's broker, a temporary config, a free port) and an MQTT client of
Switchboard's transport.mqtt built on Debian's python3-paho-mqtt — a client
the project did not write. The client speaks the same envelope as
harness.Client (call / error_of / event / no_event), on the topic layout of
docs/transports.md."""

import asyncio
import getpass
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time

import paho.mqtt.client as mqtt

from harness import TIMEOUT, EventsAndErrors, Server, ServerTestCase, free_port, RequestError

PREFIX = "sb/v1"
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
ACL_EXAMPLE = os.path.join(os.path.dirname(__file__), "../../config/mosquitto-acl.example")


class Broker:
    """One mosquitto process on 127.0.0.1, restartable on the same port.
    `acl` uses config/mosquitto-acl.example with a password file that holds
    the server's account `switchboard` (password `server_password`)."""

    server_password = "switchboard-secret"

    def __init__(self, acl=False, tls=None):
        self.tmp = tempfile.TemporaryDirectory(prefix="sb-mosquitto-")
        self.port = free_port()
        self.log_path = os.path.join(self.tmp.name, "mosquitto.log")
        self.conf_path = os.path.join(self.tmp.name, "mosquitto.conf")
        # mosquitto started as root drops to the `mosquitto` user, which
        # could not read the files in this private directory: stay who we are.
        lines = [f"user {getpass.getuser()}", f"listener {self.port} 127.0.0.1", "allow_anonymous true", "persistence false",
                 "log_dest stderr", "log_type error", "log_type warning", "log_type notice"]
        if acl:
            passwd = os.path.join(self.tmp.name, "passwd")
            subprocess.run(["mosquitto_passwd", "-b", "-c", passwd, "switchboard", self.server_password], check=True,
                           capture_output=True)
            lines += [f"password_file {passwd}", f"acl_file {os.path.abspath(ACL_EXAMPLE)}"]
        if tls:
            lines += [f"certfile {tls['cert']}", f"keyfile {tls['key']}"]
        with open(self.conf_path, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.tls = tls
        self.proc = None

    @property
    def url(self):
        return f"{'mqtts' if self.tls else 'mqtt'}://127.0.0.1:{self.port}"

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([MOSQUITTO, "-c", self.conf_path], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.time() + TIMEOUT
        import socket
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mosquitto exited with {self.proc.returncode}:\n{self.logs()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start listening:\n" + self.logs())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def logs(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")[-4000:]
        except OSError:
            return ""

    def close(self):
        self.stop()
        self.tmp.cleanup()


def self_signed_certificate(directory):
    """A certificate for 127.0.0.1 (its own CA), made with the openssl CLI: {"cert", "key"} paths."""
    cert, key = os.path.join(directory, "broker.pem"), os.path.join(directory, "broker.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return {"cert": cert, "key": key}


def mqtt_plugin_yaml(broker, **options):
    """The transport.mqtt entry of a server's plugin list."""
    config = {"url": broker.url, "reconnect_min": "200ms", "reconnect_max": "1s"}
    config.update(options)
    return "  - id: transport.mqtt\n    config:\n" + "\n".join(
        f"      {k}: {json.dumps(v)}" for k, v in config.items()) + "\n"


class MqttClient(EventsAndErrors):
    """One MQTT client of the broker = one Switchboard session. On every
    (re)connect it subscribes to its reply topic and says `online` on its
    status topic; its last will says `offline` there. paho reconnects by itself."""

    _ids = itertools.count(1)

    def __init__(self, broker, client_id, protocol=5, will=True, subscribe=True, ca_file=None):
        self.loop = asyncio.get_running_loop()
        self.broker = broker
        self.client_id = client_id
        self.name = client_id
        self.pending = {}
        self.events = asyncio.Queue()
        self.raw_responses = asyncio.Queue()  # responses whose id matched nothing
        self.connects = 0
        self.ready = asyncio.Event()
        self.subscribe_own = subscribe
        self.user_id = None
        version = mqtt.MQTTv5 if protocol == 5 else mqtt.MQTTv311
        self.mqtt = mqtt.Client(client_id=client_id, protocol=version)
        if will:
            self.mqtt.will_set(self.status_topic, "offline", qos=1)
        self.mqtt.on_connect = self._on_connect
        self.mqtt.on_disconnect = self._on_disconnect
        self.mqtt.on_subscribe = self._on_subscribe
        self.mqtt.on_message = self._on_message
        self.mqtt.reconnect_delay_set(min_delay=1, max_delay=2)
        if ca_file:
            self.mqtt.tls_set(ca_certs=ca_file)

    @property
    def request_topic(self):
        return f"{PREFIX}/req/{self.client_id}"

    @property
    def reply_topic(self):
        return f"{PREFIX}/res/{self.client_id}"

    @property
    def status_topic(self):
        return f"{PREFIX}/status/{self.client_id}"

    @classmethod
    async def connect(cls, broker, client_id, **kwargs):
        c = cls(broker, client_id, **kwargs)
        c.mqtt.connect("127.0.0.1", broker.port, keepalive=5)
        c.mqtt.loop_start()
        await c.wait_ready()
        return c

    async def wait_ready(self, timeout=TIMEOUT):
        await asyncio.wait_for(self.ready.wait(), timeout)

    # ---- paho callbacks (paho's thread)

    def _on_connect(self, client, userdata, flags, rc, properties=None):
        if rc != 0:
            return
        if self.subscribe_own:
            client.subscribe(self.reply_topic, qos=1)
        else:
            self.loop.call_soon_threadsafe(self._connected)
        client.publish(self.status_topic, "online", qos=1)

    def _on_subscribe(self, client, userdata, mid, *args):
        self.loop.call_soon_threadsafe(self._connected)

    def _on_disconnect(self, client, userdata, rc, properties=None):
        self.loop.call_soon_threadsafe(self.ready.clear)

    def _on_message(self, client, userdata, message):
        self.loop.call_soon_threadsafe(self._deliver, message.payload)

    # ---- asyncio side

    def _connected(self):
        self.connects += 1
        self.ready.set()

    def _deliver(self, payload):
        msg = json.loads(payload)
        if "event" in msg:
            self.events.put_nowait(msg)
        elif msg.get("id") in self.pending and not self.pending[msg["id"]].done():
            self.pending.pop(msg["id"]).set_result(msg)
        else:
            self.raw_responses.put_nowait(msg)

    def publish_raw(self, payload, topic=None, qos=1):
        self.mqtt.publish(topic or self.request_topic, payload, qos=qos)

    async def call(self, op, data=None, expect_ok=True, timeout=TIMEOUT, request_id=None):
        rid = request_id if request_id is not None else f"{self.client_id}-{next(self._ids)}"
        fut = self.loop.create_future()
        self.pending[rid] = fut
        envelope = {"id": rid, "op": op}
        if data is not None:
            envelope["data"] = data
        self.publish_raw(json.dumps(envelope))
        try:
            msg = await asyncio.wait_for(fut, timeout)
        finally:
            self.pending.pop(rid, None)
        if expect_ok and not msg["ok"]:
            raise RequestError(msg["error"]["code"], msg["error"]["message"])
        return msg["data"] if msg["ok"] else msg

    async def raw_response(self, timeout=TIMEOUT):
        return await asyncio.wait_for(self.raw_responses.get(), timeout)

    async def auth(self, token, timeout=TIMEOUT):
        r = await self.call("auth", {"token": token}, timeout=timeout)
        self.user_id = r["user_id"]
        return r

    def vanish(self):
        """Drops the network connection without an MQTT DISCONNECT, as a
        phone losing its network does: the broker publishes the last will."""
        self.mqtt.loop_stop()
        self.mqtt.socket().close()

    async def close(self, say_offline=True):
        """A clean goodbye: `offline` on the status topic, then DISCONNECT."""
        if say_offline:
            self.mqtt.publish(self.status_topic, "offline", qos=1).wait_for_publish(TIMEOUT)
        self.mqtt.disconnect()
        self.mqtt.loop_stop()


class MqttServerTestCase(ServerTestCase):
    """A fresh mosquitto and a fresh server with transport.mqtt for each test.
    `mqtt_options` go to the plugin's config; `broker_options` to Broker."""

    mqtt_options = {}
    broker_options = {}
    extra_yaml = "chat:\n  presence_grace: 200ms\n"

    def setUp(self):
        self.broker = Broker(**self.broker_options)
        # A cleanup, not tearDown: it also runs when setUp fails after this.
        self.addCleanup(self.broker.close)
        self.broker.start()
        self.server = Server(extra_yaml=self.extra_yaml,
                             extra_plugins_yaml=mqtt_plugin_yaml(self.broker, **self.mqtt_options)).start()
        self.wait_for_log("connected to the broker")
        self.mqtt_clients = []

    def tearDown(self):
        for c in self.mqtt_clients:
            try:
                c.mqtt.loop_stop()
                c.mqtt.disconnect()
            except Exception:
                pass
        super().tearDown()
        outcome = getattr(self, "_outcome", None)
        if outcome is not None and not outcome.success:
            print("---- mosquitto log ----\n" + self.broker.logs())

    def wait_for_log(self, text, count=1, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(self.server.log_path, "rb") as f:
                log = f.read().decode(errors="replace")
            if log.count(text) >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"the server did not log '{text}' {count} time(s):\n" + self.server.logs())

    async def mqtt_client(self, client_id, **kwargs):
        c = await MqttClient.connect(self.broker, client_id, **kwargs)
        self.mqtt_clients.append(c)
        return c
