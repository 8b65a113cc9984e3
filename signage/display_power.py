"""Turning the physical display off and on around sleep, with a configured command.

``wlopm --off '*'`` on labwc/Wayland, ``xset dpms force off`` on X11, ``cec-ctl
--standby`` to really power a TV down. The command runs in its own thread with a
timeout: a missing program, a failure or a hang is logged once and changes nothing
else; the screen still shows its black sleep frame.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

from signage.conditions import Conditions

log = logging.getLogger(__name__)


class DisplayPower:
    """Runs the sleep or wake command, never on the caller's thread."""

    def __init__(
        self, sleep_command: Sequence[str], wake_command: Sequence[str], timeout: float
    ) -> None:
        self._commands = {False: tuple(sleep_command), True: tuple(wake_command)}
        self._timeout = timeout
        self._lock = threading.Lock()
        self._conditions = Conditions(log)
        self._threads: list[threading.Thread] = []

    def set(self, on: bool) -> threading.Thread | None:
        """Start the wake (``on``) or sleep command; return its thread (None if none)."""
        command = self._commands[on]
        if not command:
            return None
        thread = threading.Thread(
            target=self._run, args=(command,), daemon=True, name="display-power"
        )
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return thread

    def _run(self, command: tuple[str, ...]) -> None:
        import subprocess  # noqa: PLC0415 (5 ms of a screen's start, for a command at night)

        shown = " ".join(command)
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=self._timeout, check=False
            )
        except FileNotFoundError:
            problem: str | None = f"display command not found: {command[0]}"
        except subprocess.TimeoutExpired:
            problem = f"display command did not finish in {self._timeout:g} s: {shown}"
        except OSError as exc:
            problem = f"display command {shown} could not run: {exc}"
        else:
            problem = None
            if result.returncode != 0:
                detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
                problem = f"display command failed ({result.returncode}): {shown} {detail[0]}"
        with self._lock:
            if problem is None:
                self._conditions.clear("command", "display command works again")
            else:
                self._conditions.set("command", problem)
