"""What to show, decided by a pure function of (content, config, now).

No clock is read here and nothing is cached: the player calls ``build_playlist`` at
every slide boundary, so the "now" highlight, a workshop that just ended or an
announcement that just expired are always right, and tests pin any instant they like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Final, TypeVar

from signage.config import PlaylistEntry, ScreenConfig, SlideKind, UrgentMode
from signage.feed import Feed
from signage.layout import APPS_PER_PAGE, MIN_PAGE_SECONDS, agenda_rows, semainier_rows
from signage.model import Announcement, ImagePoster, Site
from signage.model.hours import OpeningHours
from signage.model.site import DEFAULT_TIMEZONE
from signage.slides import (
    AgendaSlide,
    AnnouncementSlide,
    AppsSlide,
    FallbackSlide,
    PosterSlide,
    SemainierSlide,
    Slide,
    SlotState,
    SlotView,
    UrgentSlide,
    WifiSlide,
)

FALLBACK_DURATION: Final = 60.0

T = TypeVar("T")


def resolve_site(feed: Feed, config: ScreenConfig) -> Site:
    """The screen's site: the config's overrides first, then the feed's record, then the id."""
    known = feed.site(config.site.id)
    logo = config.display.logo
    return Site(
        id=config.site.id,
        name=config.site.name or (known.name if known else config.site.id),
        timezone=config.site.timezone or (known.timezone if known else DEFAULT_TIMEZONE),
        logo=str(logo) if logo else (known.logo if known else None),
        hours=_hours(config, known),
    )


Screen = tuple[int, int]


def _hours(config: ScreenConfig, known: Site | None) -> OpeningHours:
    """The screen config's hours or closures if it sets any, else the feed's site's."""
    configured = config.hours
    if configured.known or configured.closures:
        return OpeningHours.model_validate(
            configured.model_dump(include=set(OpeningHours.model_fields))
        )
    return known.hours if known else OpeningHours()


def build_playlist(
    feed: Feed, config: ScreenConfig, now: datetime, screen: Screen = (1920, 1080)
) -> tuple[Slide, ...]:
    """The slides to rotate through at instant ``now`` (aware), in playlist order.

    Items are filtered by site and validity in the site's zone; a kind with nothing to
    show is left out; with nothing at all, one fallback slide is returned. Lists longer
    than a page of ``screen`` (width, height in pixels) become several pages that share
    the entry's duration.
    """
    if now.tzinfo is None:
        raise ValueError("build_playlist needs an aware datetime")
    site = resolve_site(feed, config)
    local_now = now.astimezone(site.zone)
    slides: list[Slide] = []
    for index, entry in enumerate(config.playlist):
        if entry.window.open_at(local_now):
            slides.extend(_BUILDERS[entry.kind](feed, site, entry, index, local_now, screen))
    urgent = _urgent(feed, config, site, local_now)
    if urgent:
        if config.urgent.mode is UrgentMode.ALONE or not slides:
            return tuple(urgent)
        # Every other slide: urgent, normal, urgent, normal… (each urgent one in turn).
        mixed: list[Slide] = []
        for number, slide in enumerate(slides):
            message = urgent[number % len(urgent)]
            mixed += [replace(message, key=f"{message.key}:{number}"), slide]
        return tuple(mixed)
    if not slides:
        slides.append(fallback_slide(site))
    return tuple(slides)


def _urgent(feed: Feed, config: ScreenConfig, site: Site, now: datetime) -> list[Slide]:
    valid = [a for a in feed.announcements if a.urgent and a.for_site(site.id) and a.valid_at(now)]
    return [
        UrgentSlide(
            key=f"urgent:{a.id or number}",
            duration=config.urgent.duration,
            site=site,
            announcement=a,
        )
        for number, a in enumerate(valid)
    ]


def next_change(feed: Feed, config: ScreenConfig, now: datetime) -> datetime | None:
    """The next instant after ``now`` at which ``build_playlist`` may give another answer.

    Window edges, validity edges, semainier slot starts and ends (the "now" highlight),
    workshops entering or leaving the agenda, midnight: the player re-evaluates then,
    rather than polling.
    """
    site = resolve_site(feed, config)
    zone = site.zone
    local = now.astimezone(zone)
    candidates = [datetime.combine(local.date() + timedelta(days=1), time(0), zone)]
    for entry in config.playlist:
        candidates += entry.window.edges(now, zone)
    for slot in feed.semainier:
        if slot.for_site(site.id) and slot.happens_on(local.date()):
            candidates += [datetime.combine(local.date(), t, zone) for t in (slot.start, slot.end)]
    horizons = [timedelta(days=e.days) for e in config.playlist if e.kind is SlideKind.AGENDA]
    for workshop in feed.workshops:
        if workshop.for_site(site.id):
            candidates.append(workshop.end)
            candidates += [workshop.start - horizon for horizon in horizons]
    dated: list[Announcement | ImagePoster] = [*feed.announcements, *feed.posters]
    for item in dated:
        if item.for_site(site.id):
            candidates += [e for e in (item.valid_from, item.valid_until) if e is not None]
    later = [c for c in candidates if c > now]
    return min(later) if later else None


def fallback_slide(site: Site, reason: str = "") -> FallbackSlide:
    """The slide shown when there is nothing else: site name, date, clock, a message."""
    return FallbackSlide(key="fallback", duration=FALLBACK_DURATION, site=site, reason=reason)


def _semainier(
    feed: Feed, site: Site, entry: PlaylistEntry, index: int, now: datetime, screen: Screen
) -> Iterator[Slide]:
    today = now.date()
    closure = site.hours.closure(today)
    if closure is not None:
        # Closed today: say so plainly, rather than list slots that will not happen.
        yield SemainierSlide(
            key=f"{index}:semainier:{today.isoformat()}:closed",
            duration=entry.duration,
            site=site,
            day=today,
            slots=(),
            closed=closure.reason or "",
        )
        return
    slots = sorted(
        (s for s in feed.semainier if s.for_site(site.id) and s.happens_on(today)),
        key=lambda s: (s.start, s.end),
    )
    if not slots:
        return
    clock = now.time().replace(tzinfo=None)
    running = [s for s in slots if not s.cancelled(today)]
    upcoming = [s.start for s in running if s.start > clock]
    next_start = min(upcoming) if upcoming else None
    views = []
    for slot in slots:
        if slot.end <= clock:
            state = SlotState.PAST
        elif slot.cancelled(today):
            state = SlotState.LATER  # never "now" or "next": it does not take place
        elif slot.start <= clock:
            state = SlotState.NOW
        elif slot.start == next_start:
            state = SlotState.NEXT
        else:
            state = SlotState.LATER
        views.append(SlotView(slot, state, slot.cancelled(today)))
    room = semainier_rows(*screen)
    while len(views) > room and views[0].state is SlotState.PAST:
        views.pop(0)  # finished slots go first when the day does not fit on one page
    for page, chunk, pages in _pages(views, room):
        yield SemainierSlide(
            key=f"{index}:semainier:{today.isoformat()}:{page}",
            duration=_share(entry.duration, pages),
            site=site,
            page=page,
            pages=pages,
            day=today,
            slots=chunk,
        )


def _agenda(
    feed: Feed, site: Site, entry: PlaylistEntry, index: int, now: datetime, screen: Screen
) -> Iterator[Slide]:
    horizon = now + timedelta(days=entry.days)
    workshops = sorted(
        (w for w in feed.workshops if w.for_site(site.id) and w.end > now and w.start < horizon),
        key=lambda w: w.start,
    )
    for page, chunk, pages in _pages(workshops, agenda_rows(*screen)):
        yield AgendaSlide(
            key=f"{index}:agenda:{page}",
            duration=_share(entry.duration, pages),
            site=site,
            page=page,
            pages=pages,
            workshops=chunk,
        )


def _wifi(
    feed: Feed, site: Site, entry: PlaylistEntry, index: int, now: datetime, screen: Screen
) -> Iterator[Slide]:
    for number, offer in enumerate(o for o in feed.wifi if o.for_site(site.id)):
        yield WifiSlide(
            key=f"{index}:wifi:{offer.id or number}",
            duration=entry.duration,
            site=site,
            offer=offer,
        )


def _apps(
    feed: Feed, site: Site, entry: PlaylistEntry, index: int, now: datetime, screen: Screen
) -> Iterator[Slide]:
    apps = [a for a in feed.apps if a.for_site(site.id)]
    for page, chunk, pages in _pages(apps, APPS_PER_PAGE):
        yield AppsSlide(
            key=f"{index}:apps:{page}",
            duration=_share(entry.duration, pages),
            site=site,
            page=page,
            pages=pages,
            apps=chunk,
        )


def _announcements(
    feed: Feed, site: Site, entry: PlaylistEntry, index: int, now: datetime, screen: Screen
) -> Iterator[Slide]:
    valid = (
        a for a in feed.announcements if not a.urgent and a.for_site(site.id) and a.valid_at(now)
    )
    for number, item in enumerate(valid):
        yield AnnouncementSlide(
            key=f"{index}:announcement:{item.id or number}",
            duration=entry.duration,
            site=site,
            announcement=item,
        )


def _posters(
    feed: Feed, site: Site, entry: PlaylistEntry, index: int, now: datetime, screen: Screen
) -> Iterator[Slide]:
    valid = (p for p in feed.posters if p.for_site(site.id) and p.valid_at(now))
    for number, poster in enumerate(valid):
        yield PosterSlide(
            key=f"{index}:poster:{poster.id or number}",
            duration=entry.duration,
            site=site,
            poster=poster,
        )


def _share(duration: float, pages: int) -> float:
    """Each page's part of an entry's duration, never below a readable minimum."""
    return max(duration / pages, min(MIN_PAGE_SECONDS, duration))


def _pages(items: Sequence[T], most: int) -> Iterator[tuple[int, tuple[T, ...], int]]:
    """Split into pages of at most ``most`` items, balanced (7 → 4 + 3, not 6 + 1)."""
    pages = -(-len(items) // most)
    if not pages:
        return
    size = -(-len(items) // pages)
    for page in range(pages):
        yield page + 1, tuple(items[page * size : (page + 1) * size]), pages


_Builder = Callable[[Feed, Site, PlaylistEntry, int, datetime, Screen], Iterator[Slide]]
_BUILDERS: Final[dict[SlideKind, _Builder]] = {
    SlideKind.SEMAINIER: _semainier,
    SlideKind.AGENDA: _agenda,
    SlideKind.WIFI: _wifi,
    SlideKind.APPS: _apps,
    SlideKind.ANNOUNCEMENTS: _announcements,
    SlideKind.POSTERS: _posters,
}
