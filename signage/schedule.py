"""``signage schedule``: what a screen will show over a period, computed, not awaited.

A referent checks a playlist (windows, opening hours, urgent messages) without waiting for
Tuesday morning. Pure: it walks from one change instant to the next with the very
functions the player uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from signage.config import ScreenConfig
from signage.feed import Feed
from signage.i18n import label
from signage.model import Site
from signage.model.hours import OpeningHours, awake, next_wake_change
from signage.playlist import Screen, build_playlist, next_change, resolve_site
from signage.slides import KIND_OF, FallbackSlide, Slide, UrgentSlide


def effective_hours(config: ScreenConfig, site: Site) -> tuple[OpeningHours, ZoneInfo, timedelta]:
    """Opening hours in force: the screen config's if it has any, else the feed's site's."""
    configured = config.hours
    hours: OpeningHours = configured if configured.known else site.hours
    return hours, site.zone, timedelta(minutes=configured.wake_before_minutes)


@dataclass(frozen=True)
class Period:
    """A stretch of time with the same thing on screen."""

    start: datetime
    end: datetime
    asleep: bool
    shows: tuple[str, ...]


def plan(
    feed: Feed,
    config: ScreenConfig,
    start: datetime,
    end: datetime,
    screen: Screen = (1920, 1080),
    language: str = "fr",
) -> list[Period]:
    """The periods between ``start`` and ``end`` (aware), merged when nothing changes."""
    site = resolve_site(feed, config)
    hours, zone, before = effective_hours(config, site)
    periods: list[Period] = []
    moment = start
    while moment < end:
        asleep = not awake(hours, moment, zone, before)
        shows = () if asleep else describe(build_playlist(feed, config, moment, screen), language)
        following = [
            c
            for c in (
                next_change(feed, config, moment),
                next_wake_change(hours, moment, zone, before),
            )
            if c
        ]
        until = min([end, *following])
        if periods and (periods[-1].asleep, periods[-1].shows) == (asleep, shows):
            periods[-1] = Period(periods[-1].start, until, asleep, shows)
        else:
            periods.append(Period(moment, until, asleep, shows))
        moment = until
    return periods


def describe(slides: tuple[Slide, ...], language: str = "fr") -> tuple[str, ...]:
    """``("MESSAGE URGENT : Fermeture…", "Semainier du jour", "Annonces (2)", …)`` in
    playlist order, in ``language`` (the words a referent reads)."""
    counts: Counter[str] = Counter()
    order: list[str] = []
    for slide in slides:
        if isinstance(slide, UrgentSlide):
            title = slide.announcement.title.pick(language)
            name = label("schedule_urgent", language, title=title)
        elif isinstance(slide, FallbackSlide):
            name = label("slide_fallback", language)
        else:
            kind = KIND_OF[type(slide)]
            name = label(f"slide_{kind.value}", language) if kind else type(slide).__name__
        if name not in counts:
            order.append(name)
        counts[name] += 1
    return tuple(f"{n} ({counts[n]})" if counts[n] > 1 else n for n in order)


def format_plan(periods: list[Period], zone: ZoneInfo, language: str = "fr") -> str:
    """One line per period, in the site's zone, in ``language``."""
    from babel.dates import format_datetime  # noqa: PLC0415 (a command's, not a screen's)

    lines = []
    for period in periods:
        start = format_datetime(period.start.astimezone(zone), "EEE d MMM HH:mm", locale=language)
        end = format_datetime(period.end.astimezone(zone), "EEE d MMM HH:mm", locale=language)
        what = label("schedule_asleep", language) if period.asleep else ", ".join(period.shows)
        lines.append(f"{start} → {end}  {what}")
    return "\n".join(lines)
