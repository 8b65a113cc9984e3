"""Lasting conditions, logged once when they start, change and end — never every loop."""

from __future__ import annotations

import logging


class Conditions:
    """Remembers which named conditions hold (e.g. "sync failing") and logs transitions."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger
        self._active: dict[str, str] = {}

    def set(
        self,
        name: str,
        message: str | None,
        *,
        level: int = logging.WARNING,
        announce: bool = True,
    ) -> bool:
        """``message`` holds now; None clears the condition. Returns whether it is new (or
        different), in which case it is logged, unless the caller logs it its own way."""
        if message is None:
            self.clear(name)
            return False
        if self._active.get(name) == message:
            return False
        self._active[name] = message
        if announce:
            self._log.log(level, "%s", message)
        return True

    def clear(self, name: str, message: str | None = None) -> None:
        """The condition ended: log it once (with ``message`` if given)."""
        if name in self._active:
            ended = self._active.pop(name)
            self._log.info("%s", message or f"resolved: {ended}")

    def active(self, name: str) -> str | None:
        return self._active.get(name)
