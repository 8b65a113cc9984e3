"""What a printed poster shows: pure, like the playlist, but for paper.

The partners asked for posters for places without a screen: the wifi offer, the app
listing, the week's semainier and the month's workshops. They go through the same
painters as the screen; only what is selected differs (a whole week, a whole month) and
lists are paged to the paper's size.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from signage.config import PlaylistEntry, ScreenConfig, SlideKind
from signage.content_index import site_content
from signage.feed import Feed
from signage.layout import Metrics, agenda_row, list_area, rows_per_page
from signage.playlist import build_playlist, resolve_site
from signage.slides import AgendaSlide, DayPlan, Slide, WeekSlide

MONTH_DAYS: Final = 31


class PosterKind(StrEnum):
    WIFI = "wifi"
    APPS = "apps"
    SEMAINIER = "semainier"  # the whole week
    AGENDA = "agenda"  # the coming month


def poster_slides(
    feed: Feed, config: ScreenConfig, kind: PosterKind, now: datetime, page: tuple[int, int]
) -> list[Slide]:
    """The pages of a poster of ``kind`` as of ``now``, for paper of ``page`` pixels."""
    if kind is PosterKind.SEMAINIER:
        return _week(feed, config, now, page)
    slide_kind = SlideKind(kind.value)
    entry = PlaylistEntry(kind=slide_kind, duration=60, days=MONTH_DAYS)
    # Paper has no "now": no strip under a printed page.
    display = config.display.model_copy(update={"now_strip": False})
    single = config.model_copy(update={"playlist": (entry,), "display": display})
    if kind is PosterKind.AGENDA:
        return _month(feed, single, now, page)
    slides = build_playlist(feed, single, now, page)
    return [s for s in slides if s.key != "fallback"]


def _month(feed: Feed, config: ScreenConfig, now: datetime, page: tuple[int, int]) -> list[Slide]:
    """The coming month's workshops, paged with printed rows: nothing cut (a title and
    how to register get two lines, the place one of its own)."""
    site = resolve_site(feed, config)
    content = site_content(feed, site.id)
    local = now.astimezone(site.zone)
    m = Metrics(min(page))
    rows = rows_per_page(*page, agenda_row(m, page[0] < page[1], printed=True))
    workshops = content.upcoming(local, local + timedelta(days=MONTH_DAYS), rows * 20)
    chunks = [workshops[i : i + rows] for i in range(0, len(workshops), rows)]
    return [
        AgendaSlide(
            key=f"agenda:{number}",
            duration=60,
            site=site,
            page=number,
            pages=len(chunks),
            workshops=tuple(chunk),
        )
        for number, chunk in enumerate(chunks, start=1)
    ]


def week_lines(plan: DayPlan) -> int:
    """Rows a day takes on a week poster: its heading and its slots."""
    return 1 + len(plan.slots)


def _week(feed: Feed, config: ScreenConfig, now: datetime, page: tuple[int, int]) -> list[Slide]:
    site = resolve_site(feed, config)
    local = now.astimezone(site.zone)
    # Printed on a Sunday, a week poster is for the coming week, not the one ending.
    monday = (
        local.date() - timedelta(days=local.weekday()) + timedelta(days=7 * (local.weekday() == 6))
    )
    plans = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        slots = sorted(
            (s for s in feed.semainier if s.for_site(site.id) and s.happens_on(day)),
            key=lambda s: (s.start, s.end),
        )
        if slots:
            plans.append(DayPlan(day, tuple(slots)))
    if not plans:
        return []
    room = week_rows(*page)
    pages: list[list[DayPlan]] = [[]]
    used = 0
    for plan in plans:
        if pages[-1] and used + week_lines(plan) > room:
            pages.append([])
            used = 0
        pages[-1].append(plan)
        used += week_lines(plan)
    return [
        replace(
            WeekSlide(
                key=f"week:{number}", duration=60, site=site, days=tuple(days), monday=monday
            ),
            page=number,
            pages=len(pages),
        )
        for number, days in enumerate(pages, start=1)
    ]


def week_row(m: Metrics) -> float:
    """One line of a week poster: a day heading or a slot (smaller type: it is read
    from up close, and a whole week should fit on one sheet)."""
    return m.small * 1.35


def week_rows(width: float, height: float) -> int:
    """How many lines of a week poster fit on one page."""
    m = Metrics(min(width, height))
    return max(1, int(list_area(width, height) // week_row(m)))  # one column (week.py)
