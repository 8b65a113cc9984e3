"""The pure playlist: what is shown at a given instant, in the site's zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from signage.config import ScreenConfig, load_config
from signage.feed import Feed, parse_feed_document
from signage.playlist import build_playlist
from signage.slides import (
    AgendaSlide,
    AnnouncementSlide,
    AppsSlide,
    FallbackSlide,
    SemainierSlide,
    SlotState,
    WifiSlide,
)
from tests.conftest import FeedWriter, paris

SATURDAY = [
    {"weekday": "saturday", "start": "09:30", "end": "12:00", "title": "Permanence"},
    {"weekday": "saturday", "start": "10:00", "end": "12:30", "title": "Café numérique"},
    {"weekday": "saturday", "start": "14:00", "end": "17:00", "title": "Accès libre"},
    {"weekday": "saturday", "start": "15:00", "end": "16:00", "title": "Atelier"},
    {"weekday": "sunday", "start": "10:00", "end": "11:00", "title": "Pas aujourd'hui"},
]


def setup(write_feed: FeedWriter, **sections: object) -> tuple[ScreenConfig, Feed]:
    path = write_feed(**sections)
    config = load_config(path).config
    assert config is not None
    document = json.loads((path.parent / "feed.json").read_text("utf-8"))
    return config, parse_feed_document(document).feed


def semainier(write_feed: FeedWriter, now: datetime, slots: list[dict[str, str]]) -> SemainierSlide:
    config, feed = setup(write_feed, semainier=slots)
    (slide,) = [s for s in build_playlist(feed, config, now) if isinstance(s, SemainierSlide)]
    return slide


def states(slide: SemainierSlide) -> list[tuple[str, SlotState]]:
    return [(v.slot.title.pick("fr"), v.state) for v in slide.slots]


def test_todays_slots_in_time_order_with_now_and_next(write_feed: FeedWriter) -> None:
    slide = semainier(write_feed, paris(2026, 11, 28, 10, 40), SATURDAY)
    assert slide.day.isoformat() == "2026-11-28"
    assert states(slide) == [
        ("Permanence", SlotState.NOW),
        ("Café numérique", SlotState.NOW),
        ("Accès libre", SlotState.NEXT),
        ("Atelier", SlotState.LATER),
    ]


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (9, 29, [SlotState.NEXT, SlotState.LATER]),
        (9, 30, [SlotState.NOW, SlotState.NEXT]),  # start is included
        (11, 59, [SlotState.NOW, SlotState.NEXT]),
        (12, 0, [SlotState.PAST, SlotState.NEXT]),  # end is excluded
        (14, 0, [SlotState.PAST, SlotState.NOW]),
        (17, 0, [SlotState.PAST, SlotState.PAST]),
    ],
)
def test_slot_edges(
    write_feed: FeedWriter, hour: int, minute: int, expected: list[SlotState]
) -> None:
    slots = [SATURDAY[0], SATURDAY[2]]
    slide = semainier(write_feed, paris(2026, 11, 28, hour, minute), slots)
    assert [v.state for v in slide.slots] == expected


def test_today_is_the_sites_day_whatever_the_machine_zone(
    write_feed: FeedWriter, machine_zone_elsewhere: None
) -> None:
    # 23:30 UTC on Friday is already Saturday 00:30 in Paris.
    late = datetime(2026, 11, 27, 23, 30, tzinfo=UTC)
    slots = [
        {"weekday": "saturday", "start": "00:00", "end": "01:00", "title": "Nuit"},
        {"weekday": "friday", "start": "23:00", "end": "23:59", "title": "Vendredi"},
    ]
    slide = semainier(write_feed, late, slots)
    assert states(slide) == [("Nuit", SlotState.NOW)]


def test_slot_validity_dates(write_feed: FeedWriter) -> None:
    slots = [
        {**SATURDAY[0], "valid_until": "2026-11-21"},
        {**SATURDAY[1], "valid_from": "2026-11-28", "valid_until": "2026-11-28"},
        {**SATURDAY[2], "valid_from": "2026-12-05"},
    ]
    slide = semainier(write_feed, paris(2026, 11, 28, 8), slots)
    assert [t for t, _ in states(slide)] == ["Café numérique"]


def test_items_for_other_sites_are_left_out(write_feed: FeedWriter) -> None:
    slots = [{**SATURDAY[0], "sites": ["villejean"]}, {**SATURDAY[1], "sites": ["maurepas", "iff"]}]
    slide = semainier(write_feed, paris(2026, 11, 28, 8), slots)
    assert [t for t, _ in states(slide)] == ["Café numérique"]


def workshop(day: int, hour: int, title: str, **extra: object) -> dict[str, object]:
    start = paris(2026, 12, day, hour)
    return {
        "start": start.isoformat(),
        "end": start.replace(hour=hour + 2).isoformat(),
        "title": title,
        **extra,
    }


def test_agenda_shows_coming_workshops_in_order_within_the_horizon(write_feed: FeedWriter) -> None:
    config, feed = setup(
        write_feed,
        workshops=[
            workshop(3, 14, "Trois"),
            workshop(1, 9, "Un"),
            workshop(2, 10, "Deux", sites=["iff"]),
            {
                **workshop(1, 9, "Fini"),
                "start": "2026-11-28T08:00:00+01:00",
                "end": "2026-11-28T09:00:00+01:00",
            },
            {
                **workshop(1, 9, "En cours"),
                "start": "2026-11-28T10:00:00+01:00",
                "end": "2026-11-28T11:00:00+01:00",
            },
            workshop(31, 9, "Trop loin"),
        ],
    )
    slides = build_playlist(feed, config, paris(2026, 11, 28, 10, 30))
    (agenda,) = [s for s in slides if isinstance(s, AgendaSlide)]
    assert [w.title.pick("fr") for w in agenda.workshops] == ["En cours", "Un", "Trois"]


def test_long_lists_are_paged_evenly(write_feed: FeedWriter) -> None:
    apps = [
        {"name": f"App {i}", "description": "d", "url": "https://example.org/"} for i in range(7)
    ]
    config, feed = setup(write_feed, apps=apps)
    pages = [
        s for s in build_playlist(feed, config, paris(2026, 11, 28)) if isinstance(s, AppsSlide)
    ]
    assert [(s.page, s.pages, len(s.apps)) for s in pages] == [(1, 2, 4), (2, 2, 3)]
    assert len({s.key for s in pages}) == 2


def test_announcements_follow_their_validity(write_feed: FeedWriter) -> None:
    config, feed = setup(
        write_feed,
        announcements=[
            {"title": "Toujours"},
            {"title": "Demain", "valid_from": "2026-11-29T00:00:00+01:00"},
            {"title": "Jusqu'à midi", "valid_until": "2026-11-28T12:00:00+01:00"},
        ],
    )

    def titles(now: datetime) -> list[str]:
        return [
            s.announcement.title.pick("fr")
            for s in build_playlist(feed, config, now)
            if isinstance(s, AnnouncementSlide)
        ]

    assert titles(paris(2026, 11, 28, 11, 59)) == ["Toujours", "Jusqu'à midi"]
    assert titles(paris(2026, 11, 28, 12, 0)) == ["Toujours"]
    assert titles(paris(2026, 11, 29, 0, 0)) == ["Toujours", "Demain"]


def test_kinds_with_nothing_to_show_are_skipped(write_feed: FeedWriter) -> None:
    config, feed = setup(write_feed, wifi=[{"ssid": "ARCS", "security": "open"}])
    slides = build_playlist(feed, config, paris(2026, 11, 28))
    assert [type(s) for s in slides] == [WifiSlide]


def test_nothing_to_show_gives_the_fallback_slide(write_feed: FeedWriter) -> None:
    config, feed = setup(write_feed)
    (slide,) = build_playlist(feed, config, paris(2026, 11, 28))
    assert isinstance(slide, FallbackSlide)
    assert slide.site.name == "ESC Maurepas"


def test_playlist_order_and_durations_follow_the_config(write_feed: FeedWriter) -> None:
    config, feed = setup(
        write_feed,
        playlist=[{"kind": "wifi", "duration": 7}, {"kind": "announcements", "duration": 30}],
        wifi=[{"ssid": "ARCS", "security": "open"}],
        announcements=[{"title": "A"}],
    )
    slides = build_playlist(feed, config, paris(2026, 11, 28))
    assert [(type(s).__name__, s.duration) for s in slides] == [
        ("WifiSlide", 7.0),
        ("AnnouncementSlide", 30.0),
    ]


def test_naive_time_is_refused(write_feed: FeedWriter) -> None:
    config, feed = setup(write_feed)
    with pytest.raises(ValueError, match="aware"):
        build_playlist(feed, config, datetime(2026, 11, 28, 10))


@pytest.mark.parametrize(
    ("screen", "per_page"), [((1920, 1080), 5), ((1280, 720), 5), ((1080, 1920), 8)]
)
def test_a_long_day_is_split_into_pages_that_share_the_duration(
    write_feed: FeedWriter, screen: tuple[int, int], per_page: int
) -> None:
    slots = [
        {
            "weekday": "saturday",
            "start": f"{h:02d}:{m:02d}",
            "end": f"{h:02d}:{m + 20:02d}",
            "title": f"Créneau {h}h{m:02d}",
        }
        for h in range(8, 18)
        for m in (0, 30)
    ]
    config, feed = setup(write_feed, semainier=slots)
    pages = [
        s
        for s in build_playlist(feed, config, paris(2026, 11, 28, 7), screen)
        if isinstance(s, SemainierSlide)
    ]
    assert sum(len(p.slots) for p in pages) == 20  # nothing past yet: every slot shown
    assert [p.page for p in pages] == list(range(1, len(pages) + 1))
    assert all(p.pages == len(pages) for p in pages)
    assert all(len(p.slots) <= per_page for p in pages)
    assert all(p.duration == max(10 / len(pages), 8.0) for p in pages)
    assert len({p.key for p in pages}) == len(pages)


def test_finished_slots_make_room_before_pages_are_added(write_feed: FeedWriter) -> None:
    slots = [
        {"weekday": "saturday", "start": f"{h:02d}:00", "end": f"{h:02d}:50", "title": f"{h} h"}
        for h in range(8, 15)
    ]
    config, feed = setup(write_feed, semainier=slots)
    (page,) = [
        s
        for s in build_playlist(feed, config, paris(2026, 11, 28, 12, 10))
        if isinstance(s, SemainierSlide)
    ]
    assert [v.slot.title.pick("fr") for v in page.slots] == ["10 h", "11 h", "12 h", "13 h", "14 h"]


def test_fifteen_workshops_become_pages_of_the_agenda(write_feed: FeedWriter) -> None:
    config, feed = setup(write_feed, workshops=[workshop(1 + i, 14, f"W{i}") for i in range(15)])
    pages = [
        s for s in build_playlist(feed, config, paris(2026, 11, 28)) if isinstance(s, AgendaSlide)
    ]
    assert [len(p.workshops) for p in pages] == [4, 4, 4, 3]
    assert [w.title.pick("fr") for p in pages for w in p.workshops] == [f"W{i}" for i in range(15)]
