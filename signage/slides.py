"""What the playlist decides to show: one immutable record per slide, ready to paint."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from signage.config import SlideKind
from signage.model import (
    Announcement,
    ImagePoster,
    ResourceApp,
    SemainierSlot,
    Site,
    WifiOffer,
    Workshop,
)
from signage.model.rooms import Room


class SlotState(StrEnum):
    """Where a semainier slot stands relative to now, which sets how it is drawn."""

    PAST = "past"
    NOW = "now"
    NEXT = "next"
    LATER = "later"


@dataclass(frozen=True, slots=True)
class SlotView:
    slot: SemainierSlot
    state: SlotState
    cancelled: bool = False
    free: Room | None = None  # a free period of this shareable room (after the slots)


@dataclass(frozen=True, slots=True)
class NowNext:
    """What is on in the building now and what starts next today (the "now" strip shown
    under every slide but the semainier)."""

    now: tuple[SemainierSlot, ...]
    next: tuple[SemainierSlot, ...]
    next_start: time | None


@dataclass(frozen=True, kw_only=True)
class Slide:
    """Common part of every slide: how long it stays and where it sits in the playlist.

    ``key`` identifies the slide across rebuilds of the playlist (same entry, same item),
    so the rotation can keep its place when content or time changes.
    """

    key: str
    duration: float
    site: Site
    page: int = 1
    pages: int = 1
    strip: NowNext | None = None  # the "now" strip under it, when on
    phone: str | None = None  # the site's page for phones: a QR code in the top corner


@dataclass(frozen=True, kw_only=True)
class SemainierSlide(Slide):
    day: date
    slots: tuple[SlotView, ...]
    closed: str | None = None  # the reason, when the site is closed that day


@dataclass(frozen=True, slots=True)
class DayPlan:
    """One day of a weekly semainier poster, with its slots in time order."""

    day: date
    slots: tuple[SemainierSlot, ...]
    closed: str | None = None  # the site is closed that day: the reason ("" if none given)


@dataclass(frozen=True, kw_only=True)
class WeekSlide(Slide):
    """The week's semainier, day by day: a printed poster for places without a screen."""

    days: tuple[DayPlan, ...]
    monday: date
    heading: str | None = None  # a room's door poster: its name, before the week


@dataclass(frozen=True, kw_only=True)
class AgendaSlide(Slide):
    workshops: tuple[Workshop, ...]


@dataclass(frozen=True, kw_only=True)
class WifiSlide(Slide):
    offer: WifiOffer


@dataclass(frozen=True, kw_only=True)
class AppsSlide(Slide):
    apps: tuple[ResourceApp, ...]


@dataclass(frozen=True, kw_only=True)
class AnnouncementSlide(Slide):
    announcement: Announcement


@dataclass(frozen=True, kw_only=True)
class UrgentSlide(AnnouncementSlide):
    """An urgent announcement: drawn so that nobody can miss it, shown before the rest."""


@dataclass(frozen=True, kw_only=True)
class PosterSlide(Slide):
    poster: ImagePoster


@dataclass(frozen=True, slots=True)
class RoomUse:
    """A room held for a while: by whom, and what for when the booking is public."""

    start: time
    end: time
    partner: str | None
    title: str | None  # None for a private booking: « réservé — CCAS »


@dataclass(frozen=True, slots=True)
class RoomView:
    """A room on the « Salles » slide: in use now (by whom, until when) or free (until
    when), and what comes next today."""

    room: Room
    now: RoomUse | None
    free_until: time | None  # when free now: until the next use or the room closes
    next: RoomUse | None
    open_now: bool = True


@dataclass(frozen=True, kw_only=True)
class RoomsSlide(Slide):
    rooms: tuple[RoomView, ...]
    booking_url: str | None = None  # the partners' booking page (a QR code)
    ask: str | None = None  # what a visitor does to book


@dataclass(frozen=True, kw_only=True)
class FallbackSlide(Slide):
    """Shown when nothing else is: the screen is never blank."""

    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class PairingSlide(Slide):
    """A screen of a console with no site yet: the code a referent types to enrol it."""

    code: str = ""  # empty while the console is being asked
    console: str = ""
    until: str = ""  # "10:45": when the code expires
    problem: str = ""


KIND_OF: dict[type[Slide], SlideKind | None] = {
    SemainierSlide: SlideKind.SEMAINIER,
    AgendaSlide: SlideKind.AGENDA,
    WifiSlide: SlideKind.WIFI,
    AppsSlide: SlideKind.APPS,
    AnnouncementSlide: SlideKind.ANNOUNCEMENTS,
    UrgentSlide: SlideKind.ANNOUNCEMENTS,
    PosterSlide: SlideKind.POSTERS,
    RoomsSlide: SlideKind.ROOMS,
    FallbackSlide: None,
    WeekSlide: None,
    PairingSlide: None,
}
