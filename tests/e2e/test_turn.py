"""TURN credentials minted by Switchboard against a real coturn: the server
hands out TURN REST API credentials with each call (calls.ice_servers.turn),
coturn (use-auth-secret with the same secret) allocates with them, and
refuses expired or forged ones. coturn is in scripts/install-deps.sh --test. coturn and its echo peer run on loopback,
started and stopped here."""

import asyncio
import os
import random
import signal
import socket
import subprocess
import tempfile
import time
import unittest

from harness import Server, register

SECRET = "turn-secret-" + os.urandom(8).hex()
UCLIENT_TIMEOUT = 30


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port():
    """A port free for both TCP and UDP (coturn listens on both)."""
    while True:
        port = free_udp_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue


class TurnCredentials(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="sb-turn-")
        self.turn_port = free_port()
        self.peer_port = free_udp_port()
        self.turn_log = os.path.join(self.tmp.name, "turn.log")
        empty_config = os.path.join(self.tmp.name, "turnserver.conf")
        open(empty_config, "w").close()
        relay_base = random.randrange(50000, 59000)
        self.processes = []
        self.turn = self.spawn([
            "turnserver", "-c", empty_config, "-n", "--no-cli", "-v",
            "--listening-ip=127.0.0.1", f"--listening-port={self.turn_port}", "--relay-ip=127.0.0.1",
            f"--min-port={relay_base}", f"--max-port={relay_base + 200}",
            "--use-auth-secret", f"--static-auth-secret={SECRET}", "--realm=switchboard.test",
            "--no-tls", "--no-dtls", "--allow-loopback-peers",
            f"--userdb={os.path.join(self.tmp.name, 'turndb')}", f"--log-file={self.turn_log}", "--simple-log",
            f"--pidfile={os.path.join(self.tmp.name, 'turn.pid')}"])
        self.spawn(["turnutils_peer", "-p", str(self.peer_port), "-L", "127.0.0.1"])
        self.wait_for_turn()
        self.servers = []

    def tearDown(self):
        for server in self.servers:
            server.stop()
            server.cleanup()
        for p in self.processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        outcome = getattr(self, "_outcome", None)
        if outcome is not None and not outcome.success:
            print("---- coturn log ----\n" + self.read_turn_log()[-6000:])
        self.tmp.cleanup()

    def spawn(self, args):
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.tmp.name)
        self.processes.append(p)
        return p

    def read_turn_log(self):
        try:
            with open(self.turn_log, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def wait_for_turn(self):
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.turn.poll() is not None:
                raise RuntimeError("turnserver exited:\n" + self.read_turn_log())
            try:
                with socket.create_connection(("127.0.0.1", self.turn_port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("turnserver did not start listening:\n" + self.read_turn_log())

    def start_switchboard(self, ttl):
        urls = f'["turn:127.0.0.1:{self.turn_port}?transport=udp"]'
        server = Server(extra_yaml=f"calls:\n  ice_servers:\n    stun: [\"stun:127.0.0.1:{self.turn_port}\"]\n"
                                   f"    turn:\n      urls: {urls}\n      secret: {SECRET}\n      ttl: {ttl}\n")
        self.servers.append(server)
        return server.start()

    async def minted(self, server):
        """The TURN entry of the ice_servers a call.invite answers with."""
        alice = await register(server, "alice")
        bob = await register(server, "bob")
        cid = (await alice.call("conversation.create", {"type": "direct", "members": [bob.user_id]}))
        reply = await alice.call("call.invite", {"conversation_id": cid["conversation_id"], "media": "audio"})
        incoming = await bob.event("call.incoming")
        await alice.close()
        await bob.close()
        turn = [s for s in reply["ice_servers"] if "credential" in s]
        self.assertEqual(len(turn), 1, reply["ice_servers"])
        self.assertEqual(turn[0]["urls"], [f"turn:127.0.0.1:{self.turn_port}?transport=udp"])
        self.assertTrue(turn[0]["username"].endswith(":" + alice.user_id))
        callee_turn = [s for s in incoming["ice_servers"] if "credential" in s][0]
        self.assertTrue(callee_turn["username"].endswith(":" + bob.user_id))
        return turn[0], alice.user_id, bob.user_id

    async def allocate(self, username, credential):
        """Runs turnutils_uclient: allocate a relay, send to the echo peer. True when it worked."""
        r = await asyncio.to_thread(subprocess.run, ["turnutils_uclient", "-p", str(self.turn_port), "-u", username, "-w", credential,
                            "-n", "1", "-m", "1", "-e", "127.0.0.1", "-r", str(self.peer_port), "127.0.0.1"],
                           capture_output=True, text=True, timeout=UCLIENT_TIMEOUT)
        allocated = r.returncode == 0 and "Cannot complete Allocation" not in r.stdout + r.stderr
        return allocated, r.stdout[-2000:] + r.stderr[-2000:]

    async def test_minted_credentials_allocate_and_forged_ones_do_not(self):
        turn, alice_id, bob_id = await self.minted(self.start_switchboard("1h"))
        expiry = int(turn["username"].split(":")[0])
        self.assertAlmostEqual(expiry, time.time() + 3600, delta=30)
        ok, output = await self.allocate(turn["username"], turn["credential"])
        self.assertTrue(ok, output)
        self.assertIn(f"user <{turn['username']}>: incoming packet ALLOCATE processed, success", self.read_turn_log())

        # The same credential for another user, and a credential made with another secret.
        ok, output = await self.allocate(f"{expiry}:{bob_id}", turn["credential"])
        self.assertFalse(ok, output)
        forged = turn["credential"][::-1]
        ok, output = await self.allocate(turn["username"], forged)
        self.assertFalse(ok, output)

    async def test_expired_credentials_are_refused(self):
        turn, _, _ = await self.minted(self.start_switchboard("1s"))
        expiry = int(turn["username"].split(":")[0])
        await asyncio.sleep(max(0.0, expiry + 1.5 - time.time()))
        ok, output = await self.allocate(turn["username"], turn["credential"])
        self.assertFalse(ok, output)


if __name__ == "__main__":
    unittest.main()
