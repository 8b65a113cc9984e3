"""The console's settings for the tests: a fresh state folder, the same everything else.

``DATABASE_URL`` (set by .ci/run for its PostgreSQL pass) switches the database."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SIGNAGE_CONSOLE_STATE", tempfile.mkdtemp(prefix="signage-console-"))
os.environ.setdefault("SIGNAGE_CONSOLE_HOSTS", "127.0.0.1,localhost,testserver")

from signage.console.settings import *  # noqa: F403

# The live server answers each request in a new thread: a connection kept open for reuse
# would outlive its thread (and hold the test database at teardown).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
