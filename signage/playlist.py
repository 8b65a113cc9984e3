"""What to show, decided by a pure function of (content, config, now).

No clock is read here: the player calls ``build_playlist`` at every slide boundary, so
the "now" highlight, a workshop that just ended or an announcement that just expired
are always right, and tests pin any instant they like. The feed's items for the site
are sorted once per feed (``content_index``), so a slide change costs the same for ten
workshops as for a hundred thousand; an entry makes at most ``MAX_ENTRY_SLIDES`` slides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from itertools import islice
from typing import Final, TypeVar
from urllib.parse import urljoin

from signage.config import PlaylistEntry, ScreenConfig, SlideKind, UrgentMode
from signage.content_index import SiteContent, site_content
from signage.feed import Feed
from signage.layout import (
    APPS_PER_PAGE,
    MAX_ENTRY_SLIDES,
    MIN_PAGE_SECONDS,
    Metrics,
    agenda_rows,
    rooms_rows,
    semainier_rows,
)
from signage.model import SemainierSlot, Site, Text, Weekday
from signage.model.hours import OpeningHours
from signage.model.record import field_names
from signage.model.rooms import RoomKind
from signage.model.site import DEFAULT_TIMEZONE
from signage.phone import page_name
from signage.rooms import Use, free_periods, hours_of, open_periods, uses
from signage.slides import (
    AgendaSlide,
    AnnouncementSlide,
    AppsSlide,
    FallbackSlide,
    NowNext,
    PosterSlide,
    RoomsSlide,
    RoomUse,
    RoomView,
    SemainierSlide,
    Slide,
    SlotState,
    SlotView,
    UrgentSlide,
    WifiSlide,
)

FALLBACK_DURATION: Final = 60.0
# A free period shorter than this is not worth a row of the semainier.
SHOWN_FREE: Final = timedelta(hours=1)

T = TypeVar("T")


def unknown_site(feed: Feed, site_id: str) -> str | None:
    """Why the screen's site is not one the feed describes (with the likeliest id meant),
    or None. A feed with no sites at all (made by hand) names none: nothing to say."""
    known = [site.id for site in feed.sites]
    if not known or site_id in known:
        return None
    import difflib  # noqa: PLC0415 (only when a name is wrong)

    close = difflib.get_close_matches(site_id, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"site {site_id!r} is not in the feed{hint}; its sites: {', '.join(known)}"


def resolve_site(feed: Feed, config: ScreenConfig) -> Site:
    """The screen's site: the config's overrides first, then the feed's record, then the id."""
    known = site_content(feed, config.site.id).site
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
        # The config's section holds the hours and more (the sleep commands): its hours.
        return OpeningHours(
            **{name: getattr(configured, name) for name in field_names(OpeningHours)}
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
    content = site_content(feed, site.id)
    local_now = now.astimezone(site.zone)
    strip = now_next(content, site, local_now) if config.display.now_strip else None
    # Lists under the strip page as if the screen were that much shorter.
    under = (screen[0], round(screen[1] - strip_height(screen))) if strip else screen
    slides: list[Slide] = []
    page = phone_url(config, site)
    for index, entry in enumerate(config.playlist):
        if entry.window.open_at(local_now):
            # The phone page's QR code, in the heading's corner of the slides that have one.
            phone = page if entry.shows_phone and entry.kind in CORNERED else None
            if entry.kind is SlideKind.SEMAINIER:
                made = _semainier(content, site, entry, index, local_now, screen, phone=bool(phone))
            elif entry.kind is SlideKind.ROOMS:
                # Sized on the whole screen, less the strip (its footer's QR code keeps
                # the screen's size).
                made = _rooms(
                    content,
                    site,
                    entry,
                    index,
                    local_now,
                    screen,
                    reserved=screen[1] - under[1],
                    phone=bool(phone),
                )
                made = (replace(slide, strip=strip) for slide in made)
            elif entry.kind is SlideKind.AGENDA:
                made = _agenda(content, site, entry, index, local_now, under, phone=bool(phone))
                made = (replace(slide, strip=strip) for slide in made)
            else:
                made = _BUILDERS[entry.kind](content, site, entry, index, local_now, under)
                made = (replace(slide, strip=strip) for slide in made)
            if phone:
                made = (replace(slide, phone=phone) for slide in made)
            slides.extend(islice(made, MAX_ENTRY_SLIDES))
    urgent = _urgent(content, config, site, local_now)
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


# The kinds whose slides have a heading (or a tag line), whose right end takes the phone
# page's QR code (a poster is all image; an urgent message shows alone, as large as it can).
CORNERED: Final = frozenset(
    {
        SlideKind.SEMAINIER,
        SlideKind.AGENDA,
        SlideKind.WIFI,
        SlideKind.APPS,
        SlideKind.ROOMS,
        SlideKind.ANNOUNCEMENTS,  # its top right corner, the title below it
    }
)


def phone_url(config: ScreenConfig, site: Site) -> str | None:
    """The address of the site's « Sur mon téléphone » page in the screen's language:
    the one configured, else beside an http(s) feed; None for a feed read from a folder
    (no address a phone could reach)."""
    if config.display.phone_page:
        return str(config.display.phone_page)
    feed = config.source.feed
    if not feed.startswith(("https://", "http://")):
        return None
    return urljoin(feed, page_name(site.id, config.display.language))


def _urgent(content: SiteContent, config: ScreenConfig, site: Site, now: datetime) -> list[Slide]:
    valid = content.urgent.at(now)[:MAX_ENTRY_SLIDES]
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
    content = site_content(feed, site.id)
    zone = site.zone
    local = now.astimezone(zone)
    candidates = [datetime.combine(local.date() + timedelta(days=1), time(0), zone)]
    for entry in config.playlist:
        candidates += entry.window.edges(now, zone)
    for slot in content.slots_on(local.date()):
        candidates += [datetime.combine(local.date(), t, zone) for t in (slot.start, slot.end)]
    for room in content.rooms:  # a room taken or freed, opened or closed
        for use in uses(room, local.date(), content.bookings):
            candidates += [datetime.combine(local.date(), t, zone) for t in (use.start, use.end)]
        for start, end in open_periods(room, site, local.date()):
            candidates += [
                datetime.combine(local.date(), time(m // 60, m % 60), zone)
                for m in (start, end)
                if m < 24 * 60
            ]
    horizons = [timedelta(days=e.days) for e in config.playlist if e.kind is SlideKind.AGENDA]
    candidates += content.next_workshop_change(now, horizons)
    edge = content.next_validity_edge(now)
    if edge is not None:
        candidates.append(edge)
    later = [c for c in candidates if c > now]
    return min(later) if later else None


def fallback_slide(site: Site, reason: str = "") -> FallbackSlide:
    """The slide shown when there is nothing else: site name, date, clock, a message."""
    return FallbackSlide(key="fallback", duration=FALLBACK_DURATION, site=site, reason=reason)


def slot_views(content: SiteContent, now: datetime) -> list[SlotView]:
    """Today's slots with their state at ``now`` (local): past, now, next, later."""
    today = now.date()
    slots = content.slots_on(today)
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
    return views


def free_views(content: SiteContent, site: Site, now: datetime) -> list[SlotView]:
    """Today's free periods of the site's shareable rooms not over at ``now`` (local),
    as semainier rows: « Espace numérique : libre 14 h – 16 h · Réservable à l'accueil »."""
    today, clock = now.date(), now.time().replace(tzinfo=None)
    views = []
    for room in content.rooms:
        # Rooms anyone may book (not those kept to some partners), free an hour or more.
        if room.kind is not RoomKind.ROOM or not room.shareable or room.shared_with:
            continue
        for start, end in free_periods(
            room, site, today, content.bookings, content.semainier_on(today), shortest=SHOWN_FREE
        ):
            if end <= clock:
                continue
            slot = SemainierSlot(
                weekday=Weekday.of(today), start=start, end=end, title=Text(room.name)
            )
            views.append(SlotView(slot, SlotState.LATER, free=room))
    return sorted(views, key=lambda v: (v.slot.start, v.slot.end))


def room_views(content: SiteContent, site: Site, now: datetime) -> list[RoomView]:
    """Each room of the site at ``now`` (local): in use (by whom, until when) or free
    (until when), and what comes next today."""
    today, clock = now.date(), now.time().replace(tzinfo=None)
    minute = clock.hour * 60 + clock.minute
    views = []
    for room in content.rooms:
        held = uses(room, today, content.bookings, content.semainier_on(today))
        current = next((u for u in held if u.start <= clock < u.end), None)
        coming = next((u for u in held if u.start > clock), None)
        periods = open_periods(room, site, today)
        known = hours_of(room, site).known
        period = next((p for p in periods if p[0] <= minute < p[1]), None)
        open_now = period is not None or not known
        free_until = None
        if current is None and open_now:
            ends = [coming.start] if coming is not None else []
            if period is not None:
                ends.append(
                    time(min(period[1], 24 * 60 - 1) // 60, min(period[1], 24 * 60 - 1) % 60)
                )
            free_until = min(ends) if ends else None
        views.append(
            RoomView(
                room,
                _use(current),
                free_until,
                _use(coming),
                open_now=open_now,
            )
        )
    return views


def _use(use: Use | None) -> RoomUse | None:
    if use is None:
        return None
    title = use.title.pick("fr") if use.public and use.title is not None else None
    return RoomUse(use.start, use.end, use.partner, title)


def now_next(content: SiteContent, site: Site, now: datetime) -> NowNext | None:
    """What the "now" strip says at ``now`` (local), by the semainier's rules; None when
    nothing is on now nor later today (or the site is closed today)."""
    if site.hours.closure(now.date()) is not None:
        return None
    views = slot_views(content, now)
    current = tuple(v.slot for v in views if v.state is SlotState.NOW)
    coming = tuple(v.slot for v in views if v.state is SlotState.NEXT)
    if not current and not coming:
        return None
    return NowNext(current, coming, coming[0].start if coming else None)


def strip_height(screen: Screen) -> float:
    """The height the "now" strip takes from a slide (lists leave it free)."""
    m = Metrics(min(screen))
    # Portrait: "now" and "next" on a line each (the width would cut them).
    return m.line * (2.6 if screen[0] < screen[1] else 1.5) + m.gap


def _semainier(
    content: SiteContent,
    site: Site,
    entry: PlaylistEntry,
    index: int,
    now: datetime,
    screen: Screen,
    *,
    phone: bool = False,
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
    # After the day's slots, the free periods of its shareable rooms.
    views = [*slot_views(content, now), *free_views(content, site, now)]
    if not views:
        return
    room = semainier_rows(*screen, phone)
    while len(views) > room and views[0].state is SlotState.PAST:
        views.pop(0)  # finished slots go first when the day does not fit on one page
    for page, chunk, pages in _pages(views[: room * MAX_ENTRY_SLIDES], room):
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
    content: SiteContent,
    site: Site,
    entry: PlaylistEntry,
    index: int,
    now: datetime,
    screen: Screen,
    *,
    phone: bool = False,
) -> Iterator[Slide]:
    rows = agenda_rows(*screen, phone)
    workshops = content.upcoming(now, now + timedelta(days=entry.days), rows * MAX_ENTRY_SLIDES)
    for page, chunk, pages in _pages(workshops, rows):
        yield AgendaSlide(
            key=f"{index}:agenda:{page}",
            duration=_share(entry.duration, pages),
            site=site,
            page=page,
            pages=pages,
            workshops=chunk,
        )


def _wifi(
    content: SiteContent,
    site: Site,
    entry: PlaylistEntry,
    index: int,
    now: datetime,
    screen: Screen,
) -> Iterator[Slide]:
    for number, offer in enumerate(content.wifi):
        yield WifiSlide(
            key=f"{index}:wifi:{offer.id or number}",
            duration=entry.duration,
            site=site,
            offer=offer,
        )


def _apps(
    content: SiteContent,
    site: Site,
    entry: PlaylistEntry,
    index: int,
    now: datetime,
    screen: Screen,
) -> Iterator[Slide]:
    apps = content.apps[: APPS_PER_PAGE * MAX_ENTRY_SLIDES]
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
    content: SiteContent,
    site: Site,
    entry: PlaylistEntry,
    index: int,
    now: datetime,
    screen: Screen,
) -> Iterator[Slide]:
    for number, item in enumerate(content.announcements.at(now)):
        yield AnnouncementSlide(
            key=f"{index}:announcement:{item.id or number}",
            duration=entry.duration,
            site=site,
            announcement=item,
        )


def _posters(
    content: SiteContent,
    site: Site,
    entry: PlaylistEntry,
    index: int,
    now: datetime,
    screen: Screen,
) -> Iterator[Slide]:
    for number, poster in enumerate(content.posters.at(now)):
        yield PosterSlide(
            key=f"{index}:poster:{poster.id or number}",
            duration=entry.duration,
            site=site,
            poster=poster,
        )


def _rooms(
    content: SiteContent,
    site: Site,
    entry: PlaylistEntry,
    index: int,
    now: datetime,
    screen: Screen,
    *,
    reserved: float = 0.0,
    phone: bool = False,
) -> Iterator[Slide]:
    if not content.rooms or site.hours.closure(now.date()) is not None:
        return
    views = room_views(content, site, now)
    booking_url = next((r.booking_url for r in content.rooms if r.booking_url), None)
    ask = next((r.ask.pick("fr") for r in content.rooms if r.ask is not None), None)
    most = rooms_rows(*screen, reserved, phone)
    for page, chunk, pages in _pages(views[: most * MAX_ENTRY_SLIDES], most):
        yield RoomsSlide(
            key=f"{index}:rooms:{page}",
            duration=_share(entry.duration, pages),
            site=site,
            page=page,
            pages=pages,
            rooms=chunk,
            booking_url=booking_url,
            ask=ask,
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


_Builder = Callable[[SiteContent, Site, PlaylistEntry, int, datetime, Screen], Iterator[Slide]]
_BUILDERS: Final[dict[SlideKind, _Builder]] = {
    SlideKind.SEMAINIER: _semainier,
    SlideKind.AGENDA: _agenda,
    SlideKind.WIFI: _wifi,
    SlideKind.APPS: _apps,
    SlideKind.ANNOUNCEMENTS: _announcements,
    SlideKind.POSTERS: _posters,
    SlideKind.ROOMS: _rooms,
}
