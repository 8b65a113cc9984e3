"""One slide of a snapshot painted to PNG bytes, in memory: the console's previews (its
render processes call this; Qt stays inside signage.player)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage

from signage.config import ScreenConfig
from signage.player.context import PaintContext
from signage.player.fonts import load_fonts
from signage.player.render import render_frame
from signage.player.theme import Theme
from signage.playlist import build_playlist, resolve_site
from signage.slides import KIND_OF
from signage.snapshot import Snapshot


def paint_png(
    snapshot: Snapshot,
    config: ScreenConfig,
    at: datetime,
    size: tuple[int, int],
    kind: str | None,
    page: int,
) -> tuple[dict[str, Any], bytes]:
    """Page ``page`` of slide ``kind`` (the first slide's kind if None) as a screen of
    ``size`` shows it at ``at``: a header (pages, kinds on screen then) and the PNG."""
    site = resolve_site(snapshot.feed, config)
    slides = build_playlist(snapshot.feed, config, at, size)
    kinds = [(k.value if (k := KIND_OF[type(s)]) is not None else "fallback") for s in slides]
    wanted = kind or kinds[0]
    matching = [s for s, k in zip(slides, kinds, strict=True) if k == wanted]
    if not matching:
        return {"ok": False, "kinds": sorted(set(kinds)), "error": "absent"}, b""
    page = min(max(page, 1), len(matching))
    display = config.display
    theme = Theme.named(display.theme.value, load_fonts(), display.accent)
    ctx = PaintContext(now=at.astimezone(site.zone), language=display.language, theme=theme)
    image = render_frame(matching[page - 1], QSize(*size), ctx)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # Light compression: a preview is sent once, at once. Three bytes a pixel rather than
    # four: Qt's PNG writer (most of a preview's time) encodes it in 35 ms, not 50, at
    # 1080p; the same pixels. (The stubs want bytes; the binding takes only text here.)
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    rgb.save(buffer, "PNG", 80)  # type: ignore[call-overload]
    header = {"ok": True, "pages": len(matching), "kinds": sorted(set(kinds)), "kind": wanted}
    return header, bytes(data.data())
