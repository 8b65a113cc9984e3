"""SIGINT and SIGTERM end the Qt event loop cleanly (Ctrl-C, ``systemctl stop``).

While Qt's loop runs, Python's own signal handlers wait until Python code runs again,
which may be never on an idle screen. ``signal.set_wakeup_fd`` makes the C-level
handler write a byte to a socket that Qt watches; the slot that reads it returns to
Python, whose handler then quits the loop, so the player stops through its normal path
(status written, socket removed, sync abandoned). No polling timer: an idle screen
stays idle.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable, Iterator

from PySide6.QtCore import QSocketNotifier, QTimer


@contextlib.contextmanager
def quit_on_signals(quit_loop: Callable[[], None]) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM call ``quit_loop`` (once the loop runs)."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(lambda: _drain(reader))
    previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    # Through a zero timer: a signal that comes before the loop runs (while the player
    # starts) is not lost, as a direct quit() would be; it ends the loop as it starts.
    previous = {
        number: signal.signal(number, lambda *_: QTimer.singleShot(0, quit_loop))
        for number in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()


def _drain(reader: socket.socket) -> None:
    with contextlib.suppress(OSError):
        reader.recv(256)
