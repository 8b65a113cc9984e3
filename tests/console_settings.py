"""The console's settings for the tests: a fresh state folder, the same everything else.

``DATABASE_URL`` (set by .ci/run for its PostgreSQL pass) switches the database."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SIGNAGE_CONSOLE_STATE", tempfile.mkdtemp(prefix="signage-console-"))
os.environ.setdefault("SIGNAGE_CONSOLE_HOSTS", "127.0.0.1,localhost,testserver")

from signage.console.settings import *  # noqa: F403

# The live server answers each request in a new thread: a connection kept open for reuse
# would outlive its thread (and hold the test database at teardown).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# SQLite's test database in a file, not in memory: the live server's threads and the
# test's own queries then wait for each other's writes (WAL, the busy timeout), where an
# in-memory database shared between threads fails at once with "database table is
# locked" (seen under CI's load, three suites at a time).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(os.environ["SIGNAGE_CONSOLE_STATE"]) / "test.sqlite3")
    }
