"""`switchboard migrate` and the storage option `migrate: false`, against the
storage of the run (SQLite, or PostgreSQL with SB_E2E_STORAGE=postgres)."""

import subprocess
import unittest

from harness import BINARY, STORAGE, Server, register


class Migrate(unittest.IsolatedAsyncioTestCase):
    def tearDown(self):
        for server in getattr(self, "servers", []):
            server.close()

    def server(self, **options):
        server = Server(**options)
        self.servers = getattr(self, "servers", []) + [server]
        return server

    async def test_migrate_applies_the_schema_once_then_the_server_starts_without_migrating(self):
        server = self.server(storage_options={"migrate": False})
        with self.assertRaises(RuntimeError) as refused:
            server.start()
        self.assertIn("its option migrate is false: apply the migrations with `switchboard migrate --config FILE`",
                      str(refused.exception))

        first = server.command("migrate")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertRegex(first.stdout, rf"^storage\.{server.storage} \S+ \(ABI 1\.\d+, .*\): the schema is current\n$")
        self.assertIn("applying schema migration 1: ", first.stderr)
        self.assertRegex(first.stderr, r"migrated from (schema )?version 0 to \d+\n")

        again = server.command("migrate")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertNotIn("applying schema migration", again.stderr)
        self.assertIn("nothing to apply", again.stderr)

        server.start()
        alice = await register(server, "alice")
        self.assertTrue(alice.user_id)
        await alice.close()
        self.assertNotIn("applying schema migration", server.logs())

    def test_migrate_reports_a_storage_it_cannot_reach(self):
        unreachable = ({"path": "/proc/switchboard/switchboard.db"} if STORAGE == "sqlite" else
                       {"url": "postgresql://switchboard@127.0.0.1:1/switchboard", "connect_timeout": "1s"})
        server = self.server(storage_options=unreachable)
        result = server.command("migrate")
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
        self.assertIn(": migrate failed: ", result.stderr)

    def test_migrate_needs_a_config_and_unknown_commands_are_refused(self):
        missing = subprocess.run([BINARY, "migrate"], capture_output=True, text=True, timeout=30)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("--config FILE is required", missing.stderr)
        unknown = subprocess.run([BINARY, "migrat", "--config", "x.yaml"], capture_output=True, text=True, timeout=30)
        self.assertEqual(unknown.returncode, 2)
        self.assertIn("unknown command 'migrat' (the only command is migrate; see --help)", unknown.stderr)


if __name__ == "__main__":
    unittest.main()
