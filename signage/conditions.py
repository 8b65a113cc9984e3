"""Lasting conditions, logged once when they start, change and end — never every loop."""

from __future__ import annotations

import logging


class Conditions:
    """Remembers which named conditions hold (e.g. "sync failing") and logs transitions."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger
        self._active: dict[str, str] = {}

    def set(self, name: str, message: str | None, *, level: int = logging.WARNING) -> None:
        """``message`` holds now (logged if new or different); None clears the condition."""
        if message is None:
            self.clear(name)
            return
        if self._active.get(name) != message:
            self._active[name] = message
            self._log.log(level, "%s", message)

    def clear(self, name: str, message: str | None = None) -> None:
        """The condition ended: log it once (with ``message`` if given)."""
        if name in self._active:
            ended = self._active.pop(name)
            self._log.info("%s", message or f"resolved: {ended}")

    def active(self, name: str) -> str | None:
        return self._active.get(name)
