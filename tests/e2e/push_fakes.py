"""The Node fake push providers (tests/push-fakes/fake_providers.js) for the
end-to-end tests: started in a temporary directory, controlled over HTTPS,
stopped when closed. Needs SB_PUSH_FAKES_NODE_MODULES (the ctest fixture
push_fakes installs them) or ../../build/push-fakes/node_modules."""

import json
import os
import ssl
import subprocess
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "push-fakes", "fake_providers.js")
NODE_MODULES = os.environ.get("SB_PUSH_FAKES_NODE_MODULES",
                              os.path.join(HERE, "..", "..", "build", "push-fakes", "node_modules"))


class PushFakes:
    def __init__(self, *args):
        self.tmp = tempfile.TemporaryDirectory(prefix="sb-push-fakes-")
        env = dict(os.environ, NODE_PATH=NODE_MODULES)
        self.proc = subprocess.Popen(["node", SCRIPT, "--dir", self.tmp.name, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the fake providers did not start")
        self.info = json.loads(line)
        self.base_url = self.info["base_url"]
        self.context = ssl.create_default_context(cafile=self.info["ca_file"])

    def _request(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, context=self.context, timeout=10) as r:
            return json.loads(r.read())

    def received(self, provider):
        """Every well-formed request the provider got, with the status it answered ("answered")."""
        return self._request(f"/control/received?provider={provider}")

    def accepted(self, provider):
        """The requests the provider accepted (2xx)."""
        return [r for r in self.received(provider) if 200 <= r["answered"] < 300]

    def errors(self):
        return self._request("/control/errors")

    def script(self, provider, responses):
        self._request("/control/script", {"provider": provider, "responses": responses})

    def down(self, provider, down=True, retry_after=None):
        body = {"provider": provider, "down": down}
        if retry_after is not None:
            body["retry_after"] = retry_after
        self._request("/control/down", body)

    def expo_dead(self, token, at="receipt"):
        """Expo answers DeviceNotRegistered for `token` in its ticket or, later, in its receipt."""
        self._request("/control/expo/dead", {"token": token, "at": at})

    def stats(self):
        return self._request("/control/stats")

    def wait_accepted(self, provider, count, timeout=20.0):
        """The provider's accepted requests once at least `count` were (or the timeout passed)."""
        deadline = time.time() + timeout
        while True:
            got = self.accepted(provider)
            if len(got) >= count or time.time() > deadline:
                return got
            time.sleep(0.1)

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.tmp.cleanup()
