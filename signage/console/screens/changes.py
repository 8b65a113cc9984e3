"""Change files: one tiny file per screen that changes when anything for that screen does.

A paired screen asks for its change file every ``watch_seconds`` with the ETag it last
saw, and for its settings document only when the file changed. The files sit in
``STATE/changes/`` and are served by nginx (or a CDN) in front of a large console
(docs/console.md): a screen for which nothing changed costs the application nothing.
``/api/v1/changes/<name>.json`` serves the same files when the console runs alone.

A file's name comes from the screen's token hash (``signage.remote.client.change_name``):
only the screen and the console know it. Its content is the screen's settings version
and when it changed; its modification time only grows (at least a second per change),
so an ETag made of time and size, as nginx makes them, changes at every change.

What marks a screen changed, bumping its ``settings_version`` in the same transaction
and rewriting its file once that transaction commits: its site's or its own settings
saved or removed, an action asked of it, its name, site or revocation (a revoked
screen's file is removed: the screen then asks for its settings and is told).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from signage.console.screens.models import Screen, ScreenCommand, ScreenSettings
from signage.remote.client import change_name
from signage.sources.atomic import atomic_write

log = logging.getLogger(__name__)
# What writing a screen's change file reads of its row.
WRITTEN_FROM = ("pk", "token_hash", "settings_version", "change_written", "revoked_at")


def folder() -> Path:
    return Path(settings.STATE) / "changes"


def path_for(screen: Screen) -> Path:
    return folder() / f"{change_name(screen.token_hash)}.json"


def mark(screens: Any) -> None:
    """``screens`` (a queryset) changed: new settings versions now, new files on commit."""
    ids = list(screens.values_list("pk", flat=True))
    if not ids:
        return
    screens.model.objects.filter(pk__in=ids).update(settings_version=F("settings_version") + 1)
    transaction.on_commit(lambda: write(Screen.objects.filter(pk__in=ids).only(*WRITTEN_FROM)))


def write(screens: Iterable[Screen]) -> int:
    """Write the change files of ``screens`` (removed for revoked ones); how many. A disk
    problem is logged, never raised: the screens then see the change at the next one."""
    base = folder()
    now = timezone.now()
    try:
        base.mkdir(mode=0o755, exist_ok=True)
    except OSError as exc:
        log.warning(
            "change files cannot be written in %s (%s): tried again within a minute",
            base,
            exc.strerror,
        )
        return 0
    done: list[Screen] = []
    for screen in screens:
        target = path_for(screen)
        try:
            if screen.revoked_at is not None:
                target.unlink(missing_ok=True)
                continue
            _replace(target, {"version": screen.settings_version, "changed": now.isoformat()})
        except OSError as exc:
            log.warning(
                "change file of screen %s not written (%s): tried again within a minute",
                screen.pk,
                exc.strerror,
            )
            continue
        screen.change_written = screen.settings_version
        done.append(screen)
    Screen.objects.bulk_update(done, ["change_written"], batch_size=500)
    return len(done)


def write_pending() -> int:
    """The change files a failed write left behind their screen's version (a full disk,
    a folder briefly unwritable), written now: called every minute by the console."""
    return write(
        Screen.objects.filter(revoked_at__isnull=True)
        .exclude(change_written=F("settings_version"))
        .only(*WRITTEN_FROM)
    )


def write_missing() -> int:
    """At the console's start: a change file for every screen that has none (a new state
    folder, files lost); existing ones are left as they are, so no screen asks again."""
    base = folder()
    present = {p.name for p in base.glob("*.json")} if base.is_dir() else set()
    missing = [
        s
        for s in Screen.objects.filter(revoked_at__isnull=True).only(*WRITTEN_FROM)
        if path_for(s).name not in present
    ]
    return write(missing)


def _replace(target: Path, content: dict[str, object]) -> None:
    try:
        before = target.stat().st_mtime_ns
    except FileNotFoundError:
        before = 0

    def stamped(temporary: str, path: Path) -> None:
        # nginx's ETag is the modification time in seconds and the size: a second
        # change within the same second must still move it.
        stamp = int(max(time.time_ns(), before + 1_000_000_000))
        os.utime(temporary, ns=(stamp, stamp))
        Path(temporary).replace(path)

    # Readable by nginx (another user). Not synced to disk: a site's settings rewrite
    # thousands of these at once; after a power cut a file may hold the change before,
    # and its screen learns of that one with the next.
    data = json.dumps(content).encode()
    atomic_write(target, data, replace=stamped, public=True, durable=False)


def _settings_saved(instance: ScreenSettings, **_: object) -> None:
    if instance.screen_id is not None:
        mark(Screen.objects.filter(pk=instance.screen_id))
    else:
        mark(Screen.objects.filter(site=instance.site, revoked_at__isnull=True))


def _command_saved(instance: ScreenCommand, created: bool, **_: object) -> None:
    if created:
        mark(Screen.objects.filter(pk=instance.screen_id))


def _screen_saved(instance: Screen, **_: object) -> None:
    mark(Screen.objects.filter(pk=instance.pk))


def _screen_deleted(instance: Screen, **_: object) -> None:
    path = path_for(instance)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


def connect() -> None:
    """Called once the models are ready (``ConsoleConfig.ready``)."""
    post_save.connect(_settings_saved, sender=ScreenSettings, dispatch_uid="changes-settings")
    post_delete.connect(_settings_saved, sender=ScreenSettings, dispatch_uid="changes-settings-x")
    post_save.connect(_command_saved, sender=ScreenCommand, dispatch_uid="changes-command")
    post_save.connect(_screen_saved, sender=Screen, dispatch_uid="changes-screen")
    post_delete.connect(_screen_deleted, sender=Screen, dispatch_uid="changes-screen-x")
