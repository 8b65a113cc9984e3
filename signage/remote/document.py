"""The settings document a console sends a screen, and what makes the screen accept it.

The body is JSON; its Ed25519 signature (the admins' publishing key, the one the feed is
checked with) comes in the ``X-Signature`` header. A screen accepts a document that

- the admins' key signed (the keys of the screen's config, else the one given at pairing);
- is for this screen (its number): a document of another screen cannot be replayed here;
- is not older than the last it accepted (``revision``);
- sets only what a console may set (``signage.remote.compose``).

Commands ride in the same document; one issued more than ``COMMAND_TTL`` ago is ignored,
so a replayed document cannot restart a screen over and over.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from signage.remote.compose import refused_keys
from signage.sources.trust import TrustRefused, verify_any

FORMAT: Final = "esc-signage-settings"
ACTIONS: Final = ("sync", "screenshot", "restart")
COMMAND_TTL: Final = timedelta(minutes=10)


class SettingsRefused(ValueError):
    """The document is not applied; the message says why, in words."""


@dataclass(frozen=True)
class Command:
    id: int
    action: str


def accept(
    body: bytes, signature: bytes | None, keys: tuple[str, ...], screen_id: int, floor: int
) -> dict[str, Any]:
    """The checked document, or SettingsRefused."""
    try:
        verify_any(body, signature, keys)
    except TrustRefused as exc:
        raise SettingsRefused(str(exc).replace("the feed", "the settings")) from exc
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise SettingsRefused("the settings are not JSON") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SettingsRefused(f"not a settings document (format {FORMAT!r} expected)")
    if document.get("screen") != screen_id:
        raise SettingsRefused(f"settings of screen {document.get('screen')!r}, not this one")
    revision = document.get("revision")
    if not isinstance(revision, int) or revision < floor:
        raise SettingsRefused(f"older settings (revision {revision!r}, this screen has {floor})")
    if refused := refused_keys(document.get("settings", {})):
        raise SettingsRefused("; ".join(refused))
    return document


def commands(document: dict[str, Any], now: datetime) -> list[Command]:
    """The commands still fresh in a document (unknown actions are skipped)."""
    found = []
    for item in document.get("commands", []):
        if not isinstance(item, dict) or item.get("action") not in ACTIONS:
            continue
        try:
            issued = datetime.fromisoformat(str(item.get("issued_at")))
            number = int(item["id"])
        except (KeyError, TypeError, ValueError):
            continue
        if issued.tzinfo is not None and now - COMMAND_TTL <= issued <= now + COMMAND_TTL:
            found.append(Command(number, str(item["action"])))
    return found
