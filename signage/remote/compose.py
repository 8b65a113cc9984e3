"""The config a paired screen runs: its local file, its pairing, the console's settings.

The console may set what a screen shows (site, playlist, display, hours, urgent mode,
refresh and heartbeat intervals); what runs commands or touches the machine (sleep and
wake commands, folders, the feed's address and key, extra calendars) stays in the local
file only. A settings document naming anything else is refused as a whole: a screen
never half-applies what the admins signed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from signage import ready_file
from signage.errors import Problem, problems_from
from signage.remote.identity import console_folder, read_identity, read_settings

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
REMOTE_KEYS: Final[dict[str, frozenset[str]]] = {
    "site": frozenset({"id", "name"}),
    "display": frozenset(
        {
            "theme",
            "language",
            "alternate",
            "transition",
            "transition_seconds",
            "orientation",
            "accent",
            "reduce_motion",
            "now_strip",
        }
    ),
    "hours": frozenset({*WEEKDAYS, "closures", "wake_before_minutes"}),
    "urgent": frozenset({"mode", "duration", "refresh_minutes"}),
    "source": frozenset({"refresh_minutes", "watch_seconds"}),
    "heartbeat": frozenset({"minutes", "screenshot"}),
}
LIST_KEYS: Final = frozenset({"playlist"})
COMMAND = "it runs a command on the screen's machine"
FOLDER = "it names a folder of the screen's machine"
WHY_LOCAL: Final = {
    "hours.sleep_command": COMMAND,
    "hours.wake_command": COMMAND,
    "hours.command_timeout_seconds": COMMAND,
    "source.feed": "where content comes from is set on the screen (at pairing)",
    "source.public_key": "the key content is checked with is set on the screen",
    "source.public_keys": "the keys content is checked with are set on the screen",
    "source.cache_dir": FOLDER,
    "records": FOLDER,
    "display.logo": "it names a file of the screen's machine",
    "display.mode": "windowed or fullscreen is the machine's business",
    "sources": "the addresses a screen fetches are set on the screen",
    "console": "the console's own address is set on the screen",
    "heartbeat.url": "set at pairing",
    "heartbeat.token": "set at pairing",
}


def refused_keys(settings: object) -> list[str]:
    """Every key of a settings document a console may not set, each with why."""
    if not isinstance(settings, dict):
        return ["the settings are not a table"]
    found = []
    for key, value in settings.items():
        if key in LIST_KEYS:
            if not isinstance(value, list):
                found.append(f"{key}: a list is expected")
            continue
        allowed = REMOTE_KEYS.get(key)
        if allowed is None or not isinstance(value, dict):
            found.append(f"{key}: {WHY_LOCAL.get(key, 'not a setting the console may send')}")
            continue
        for inner in value:
            if inner not in allowed:
                path = f"{key}.{inner}"
                found.append(f"{path}: {WHY_LOCAL.get(path, 'not a setting the console may send')}")
    return found


def overlay(raw: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
    """``raw`` (a local config) with the console's ``settings`` laid over it."""
    merged = copy.deepcopy(raw)
    for key, value in settings.items():
        if key in LIST_KEYS:
            merged[key] = copy.deepcopy(value)
        else:
            section = merged.setdefault(key, {})
            if isinstance(section, dict):
                section.update(copy.deepcopy(value))
    return merged


@dataclass(frozen=True)
class Composed:
    raw: dict[str, Any]
    pairing: Any = None  # the ConsoleSection, when the screen has no identity yet
    problems: list[Problem] = field(default_factory=list)
    invalid: bool = False


def compose(raw: dict[str, Any], base: Path, document: dict[str, Any] | None = None) -> Composed:
    """The raw config of a screen with a ``[console]`` table (see the module's doc); with
    the settings ``document`` given instead of the one kept (to check it before keeping)."""
    from signage.config import ConsoleSection  # noqa: PLC0415 (config imports us lazily)

    console = ready_file.checked(ConsoleSection, raw["console"], base)
    if not isinstance(console, ConsoleSection):
        # Said alone: "site is missing" would only mislead a screen meant to pair.
        return Composed(raw, problems=problems_from(console, ("console",)), invalid=True)
    folder = console.folder
    if folder is not None and not folder.expanduser().is_absolute():
        folder = (base / folder.expanduser()).resolve()
    folder = console_folder(folder)
    identity = read_identity(folder)
    if identity is None:
        return Composed(raw, pairing=console.model_copy(update={"folder": folder}))
    merged = copy.deepcopy(raw)
    merged["console"] = {**raw["console"], "folder": str(folder)}
    source = merged.setdefault("source", {})
    source.setdefault("feed", identity.feed)
    if not source.get("public_key") and not source.get("public_keys") and identity.public_key:
        source["public_key"] = identity.public_key
    beat = merged.setdefault("heartbeat", {})
    if "url" not in beat:
        beat.update({"url": identity.api("heartbeat"), "token": identity.token})
    settings = (document if document is not None else read_settings(folder)).get("settings", {})
    problems = []
    if refused := refused_keys(settings):
        # Checked when received; a document kept by an older version may still differ.
        problems.append(Problem("console", f"settings not applied: {refused[0]}", "warning"))
        settings = {}
    merged = overlay(merged, settings)
    merged.setdefault("site", {"id": "unknown"})
    return Composed(merged, problems=problems)
