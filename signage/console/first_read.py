"""A screen's request checks its database connection only when the connection fails.

With ``CONN_HEALTH_CHECKS``, Django asks PostgreSQL ``SELECT 1`` at the start of every
request that reuses a connection: a round trip, 0.1 ms of a heartbeat's 3 ms of CPU,
thousands of times a minute. Without any check, the first request on a connection the
database dropped (a restart, a failover) fails with a 500. ``first_read`` does neither:
it skips the check and, when the request's first statement — a read, so nothing was
written — fails on a connection that proves dead, reconnects and reads again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connection

T = TypeVar("T")


def first_read(read: Callable[[], T]) -> T:
    """``read()`` (the request's first statement, a read), without Django's per-request
    ``SELECT 1``, retried once on a new connection if the one kept was dead."""
    if connection.in_atomic_block:  # a connection in a transaction cannot be replaced
        return read()
    connection.health_check_done = True  # Django's own flag: this request's check done
    try:
        return read()
    except (OperationalError, InterfaceError):
        if connection.connection is not None and connection.is_usable():
            raise  # the statement failed, not the connection
        connection.close()
        return read()
