"""What every painter receives besides the slide: theme, sizes, language, time, paint log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from signage.player.images import ImageLoader
from signage.player.text import PaintLog
from signage.player.theme import DEFAULT_THEME, Metrics, Theme


@dataclass(frozen=True)
class PaintContext:
    """Everything a painter needs besides the slide and its rectangle.

    ``now`` is aware and in the site's zone. ``m`` holds the sizes for the whole screen
    (not the painter's rectangle), so text has one size whatever part of it a painter gets.
    """

    now: datetime
    m: Metrics = field(default_factory=lambda: Metrics(1080))
    language: str = "fr"
    theme: Theme = DEFAULT_THEME
    images: ImageLoader = field(default_factory=ImageLoader)
    log: PaintLog | None = None
    # Set when the content is older than the config's limit: the header then says when
    # it was last updated, small and discreet.
    updated_at: datetime | None = None
    # A problem staff must see on the screen itself (an unknown site): in the header.
    notice: str | None = None
    # On paper there is no clock to show: the header carries the site's name only.
    printed: bool = False
