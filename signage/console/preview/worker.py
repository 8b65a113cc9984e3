"""A render process: ``python -m signage.console.preview.worker``.

Reads requests (frames.py) on stdin, answers each with a PNG, a schedule, or a
partner's attestation PDF painted by the player's own code: the same sync of a feed
file, playlist, painters and fonts as a screen. It stays up between requests, so a warm
preview costs a paint, not a start: the content read from a feed file is kept until that
file changes.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from signage.console.preview.frames import receive, send

_snapshots: dict[tuple[str, int, tuple[int, int]], Any] = {}


def _config(request: dict[str, Any], cache: Path) -> Any:
    from signage.config import ScreenConfig  # noqa: PLC0415

    width, height = request["size"]
    return ScreenConfig.model_validate(
        {
            "site": {"id": request["site"]},
            "source": {"feed": request["feed"], "cache_dir": str(cache)},
            "display": {
                **({"theme": request["theme"]} if request.get("theme") else {}),
                "language": request.get("language") or "fr",
                "orientation": "portrait" if height > width else "landscape",
                # The site's page for phones, as the screens' QR code names it.
                **({"phone_page": request["phone"]} if request.get("phone") else {}),
            },
        }
    )


def _snapshot(config: Any, request: dict[str, Any], at: datetime) -> Any:
    from signage.sources.sync import current_content  # noqa: PLC0415

    path = Path(request["feed"])
    size = tuple(request["size"])
    key = (str(path), path.stat().st_mtime_ns, (size[0], size[1]))
    if key not in _snapshots:
        if len(_snapshots) > 8:
            _snapshots.clear()
        _snapshots[key] = current_content(config, at, key[2])
    return _snapshots[key]


def answer(request: dict[str, Any], cache: Path) -> tuple[dict[str, Any], bytes]:
    from signage.player.snapshot_png import paint_png  # noqa: PLC0415 (Qt, in this process)
    from signage.playlist import resolve_site  # noqa: PLC0415
    from signage.schedule import format_plan, plan  # noqa: PLC0415

    if request.get("what") == "attestation":  # a partner's monthly PDF (reports)
        from signage.player.attestation import attestation_pdf  # noqa: PLC0415

        return {"ok": True}, attestation_pdf(request["document"])
    config = _config(request, cache)
    at = datetime.fromisoformat(request["at"])
    snapshot = _snapshot(config, request, at)
    if request.get("what") == "schedule":
        zone = resolve_site(snapshot.feed, config).zone
        text = format_plan(plan(snapshot.feed, config, at, at + timedelta(days=7)), zone, "fr")
        return {"ok": True}, text.encode()
    width, height = request["size"]
    page = int(request.get("page", 1))
    kind = request.get("kind") or None
    if kind == "urgent":
        # Painted as the announcements' kind (an urgent message is one); it shows alone.
        kind = "announcements"
    elif kind is not None:
        # An urgent message shows alone: the other slides are previewed as screens will
        # show them once it ends.
        snapshot = _without_urgent(snapshot)
    return paint_png(snapshot, config, at, (width, height), kind, page)


def _without_urgent(snapshot: Any) -> Any:
    feed = snapshot.feed
    kept = tuple(a for a in feed.announcements if not a.urgent)
    if len(kept) == len(feed.announcements):
        return snapshot
    return dataclasses.replace(snapshot, feed=feed.model_copy(update={"announcements": kept}))


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from signage.player.offscreen import ensure_gui_application  # noqa: PLC0415

    ensure_gui_application(widgets=False)  # a process of its own that only paints
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Anything a library prints goes to stderr, never into the frames.
    sys.stdout = sys.stderr
    with tempfile.TemporaryDirectory(prefix="signage-preview-") as cache:
        send(stdout, {"ready": True})
        while (frame := receive(stdin)) is not None:
            request, _ = frame
            try:
                header, body = answer(request, Path(cache))
            except Exception as exc:  # a broken preview answers; the process lives on
                header, body = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, b""
            send(stdout, header, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
