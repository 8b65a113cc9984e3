"""``signage render``: one slide painted offscreen into a PNG, through the same painters."""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

from signage.config import ScreenConfig
from signage.model.site import DEFAULT_TIMEZONE
from signage.player.context import PaintContext
from signage.player.fonts import load_fonts
from signage.player.render import render_frame, save_png
from signage.player.theme import Theme
from signage.playlist import build_playlist, fallback_slide, resolve_site
from signage.slides import KIND_OF, Slide
from signage.sources.sync import current_content

log = logging.getLogger(__name__)


def ensure_gui_application(*, widgets: bool = True) -> QGuiApplication:
    """An application object for painting; offscreen unless a platform was chosen.

    A QApplication (not just a QGuiApplication), so that a widget-based caller in the
    same process (the player, pytest-qt) can share it; ``widgets=False`` in a process
    of its own that only paints (``signage render``, a preview worker): Qt's widgets
    module is then never loaded (5 MiB and 10 ms less).
    """
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not widgets:
        return QGuiApplication(["signage"])
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    return QApplication(["signage"])


def _aware(at: datetime, config: ScreenConfig) -> datetime:
    """A time without zone is the site's local time."""
    if at.tzinfo is None:
        return at.replace(tzinfo=ZoneInfo(config.site.timezone or DEFAULT_TIMEZONE))
    return at


def render_to_png(
    config: ScreenConfig,
    kind: str,
    size: tuple[int, int],
    at: datetime,
    page: int,
    out: Path,
    language: str | None = None,
    *,
    pretend: bool = False,
    widgets: bool = True,
) -> str:
    """Paint page ``page`` of slide ``kind`` as seen at ``at``; return a line for the user.

    The content is what the screen would show: a fresh sync, else the cached content
    (``pretend``: ``at`` is not now, so the screen's cache is only read).
    Raises LookupError when there is no such slide at that time.
    """
    ensure_gui_application(widgets=widgets)
    display = config.display
    theme = Theme.named(display.theme.value, load_fonts(), display.accent)
    at = _aware(at, config)
    snapshot = current_content(config, at, size, pretend=pretend)
    site = resolve_site(snapshot.feed, config)
    slide: Slide
    pages = 1
    if kind == "fallback":
        slide = fallback_slide(site)
    else:
        matching = [
            s
            for s in build_playlist(snapshot.feed, config, at, size)
            if (k := KIND_OF[type(s)]) is not None and k.value == kind
        ]
        if not matching:
            raise LookupError(
                f"no {kind} slide at {at.isoformat()} (nothing to show, or {kind!r} is not in "
                "the playlist)"
            )
        if not 1 <= page <= len(matching):
            raise LookupError(f"{kind} has {len(matching)} page(s) at that time, not {page}")
        slide, pages = matching[page - 1], len(matching)
    ctx = PaintContext(
        now=at.astimezone(site.zone), language=language or display.language, theme=theme
    )
    save_png(render_frame(slide, QSize(*size), ctx), out)
    return f"{out}: {kind} {page}/{pages}, {size[0]}×{size[1]}"


def poster_to_pdf(
    config: ScreenConfig,
    kind: str,
    paper: str,
    landscape: bool,
    at: datetime,
    out: Path,
    language: str | None = None,
    *,
    pretend: bool = False,
    widgets: bool = True,
) -> str:
    """Write the poster ``kind`` (wifi, apps, semainier, agenda) as a PDF; a line for the user.

    Raises LookupError when there is nothing of that kind to print.
    """
    from signage.player.pdf import page_pixels, write_poster  # noqa: PLC0415
    from signage.poster import PosterKind, poster_slides  # noqa: PLC0415

    ensure_gui_application(widgets=widgets)
    display = config.display
    theme = Theme.named(display.theme.value, load_fonts(), display.accent)
    at = _aware(at, config)
    snapshot = current_content(config, at, (1240, 1754), pretend=pretend)
    site = resolve_site(snapshot.feed, config)
    slides = poster_slides(
        snapshot.feed, config, PosterKind(kind), at, page_pixels(paper, landscape)
    )
    if not slides:
        raise LookupError(f"nothing to print for {kind!r} at {at.date().isoformat()}")
    ctx = PaintContext(
        now=at.astimezone(site.zone),
        language=language or display.language,
        theme=theme,
        printed=True,
    )
    pages = write_poster(slides, paper, landscape, out, ctx)
    orientation = "landscape" if landscape else "portrait"
    return f"{out}: {kind} poster, {paper} {orientation}, {pages} page{'s' if pages > 1 else ''}"


def render_pairing_png(
    size: tuple[int, int], at: datetime, out: Path, console: str, *, widgets: bool = True
) -> str:
    """The pairing screen a new screen shows (with an example code), as a PNG."""
    from signage.player.pairing_screen import SITE, shown_address  # noqa: PLC0415
    from signage.slides import PairingSlide  # noqa: PLC0415

    ensure_gui_application(widgets=widgets)
    zone = ZoneInfo(DEFAULT_TIMEZONE)
    now = at.replace(tzinfo=zone) if at.tzinfo is None else at.astimezone(zone)
    slide = PairingSlide(
        key="pairing",
        duration=60,
        site=SITE,
        code="K7F 3QX",
        console=shown_address(console),
        until=(now + timedelta(minutes=15)).strftime("%H:%M"),
    )
    theme = Theme.named("light", load_fonts())
    image = render_frame(slide, QSize(*size), PaintContext(now=now, theme=theme))
    save_png(image, out)
    return f"wrote {out} (the pairing screen, {size[0]}×{size[1]})"
