"""When to show what: windows, opening hours, sleep, urgent messages, next changes.

Pure tests with explicit instants, in Europe/Paris, with the machine's zone elsewhere;
the DST changes of 2026-03-29 and 2026-10-25 included.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from signage.config import ScreenConfig, load_config
from signage.model.hours import (
    OpeningHours,
    TimeWindow,
    awake,
    clock_plausible,
    next_wake_change,
)
from signage.model.record import field_names
from signage.model.semainier import Weekday
from signage.playlist import build_playlist, next_change
from signage.slides import AnnouncementSlide, FallbackSlide, UrgentSlide, WifiSlide
from tests.conftest import FeedWriter, load_feed, paris

PARIS = ZoneInfo("Europe/Paris")
HOURS = OpeningHours.model_validate(
    {
        "monday": ["08:30-12:00", "13:30-17:30"],
        "saturday": "09:00-12:30",
        "sunday": "22:00-24:00",
        "closures": ["2026-12-25", {"day": "2026-03-30", "reason": "Grève"}],
    }
)
TEN = timedelta(minutes=10)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (paris(2026, 11, 30, 8, 29), False),
        (paris(2026, 11, 30, 8, 30), True),  # opening instant included
        (paris(2026, 11, 30, 11, 59), True),
        (paris(2026, 11, 30, 12, 0), False),  # closing instant excluded
        (paris(2026, 11, 30, 13, 30), True),
        (paris(2026, 11, 29, 23, 0), True),  # Sunday 22:00-24:00
        (paris(2026, 11, 30, 0, 0), False),
        (paris(2026, 12, 1, 10, 0), False),  # Tuesday: not listed, closed
        (paris(2026, 12, 25, 10, 0), False),  # Friday 25 December: closure (and not open)
    ],
)
def test_opening_hours_at_their_edges(
    when: datetime, expected: bool, machine_zone_elsewhere: None
) -> None:
    assert HOURS.is_open(when, PARIS) is expected


def test_a_closure_day_closes_an_open_weekday() -> None:
    # Monday 30 March 2026 (strike) is closed although Mondays are open.
    assert not HOURS.is_open(paris(2026, 3, 30, 10, 0), PARIS)
    assert HOURS.closure(paris(2026, 3, 30).date()).reason == "Grève"  # type: ignore[union-attr]
    assert HOURS.is_open(paris(2026, 3, 23, 10, 0), PARIS)


@pytest.mark.parametrize("day", [29, 30], ids=["sunday-of-the-change", "monday-after"])
def test_wall_clock_hours_across_the_spring_change(day: int, machine_zone_elsewhere: None) -> None:
    # 2026-03-29 02:00 → 03:00: opening times stay wall-clock times (8:30 is 8:30 CEST).
    hours = OpeningHours.model_validate({"sunday": "08:30-12:00", "monday": "08:30-12:00"})
    opening = datetime(2026, 3, day, 8, 30, tzinfo=PARIS)
    assert opening.utcoffset() == timedelta(hours=2)
    assert not hours.is_open(opening - timedelta(minutes=1), PARIS)
    assert hours.is_open(opening, PARIS)


def test_wake_before_opening_and_sleep_at_closing_across_the_autumn_change(
    machine_zone_elsewhere: None,
) -> None:
    hours = OpeningHours.model_validate({"sunday": "09:00-12:00", "monday": "08:30-12:00"})
    # Saturday 24 October 2026, 20:00 CEST: next change is Sunday 8:50 CET (after the change).
    saturday = datetime(2026, 10, 24, 20, 0, tzinfo=PARIS)
    assert not awake(hours, saturday, PARIS, TEN)
    wake = next_wake_change(hours, saturday, PARIS, TEN)
    assert wake == datetime(2026, 10, 25, 8, 50, tzinfo=PARIS)
    assert wake is not None and wake.utcoffset() == timedelta(hours=1)
    assert awake(hours, wake, PARIS, TEN)
    assert next_wake_change(hours, wake, PARIS, TEN) == datetime(2026, 10, 25, 12, 0, tzinfo=PARIS)


def test_no_sleep_while_the_clock_is_not_plausible() -> None:
    booted_in_1970 = datetime(1970, 1, 1, 3, 0, tzinfo=UTC)
    assert not clock_plausible(booted_in_1970)
    assert awake(HOURS, booted_in_1970, PARIS, TEN)


def test_unknown_hours_never_sleep() -> None:
    assert awake(OpeningHours(), paris(2026, 12, 25, 3, 0), PARIS, TEN)
    assert next_wake_change(OpeningHours(), paris(2026, 12, 25, 3, 0), PARIS, TEN) is None


@pytest.mark.parametrize(
    ("window", "when", "expected"),
    [
        ({"start": "08:00", "end": "12:00"}, paris(2026, 11, 30, 7, 59), False),
        ({"start": "08:00", "end": "12:00"}, paris(2026, 11, 30, 8, 0), True),
        ({"start": "08:00", "end": "12:00"}, paris(2026, 11, 30, 12, 0), False),
        ({"start": "22:00", "end": "06:00"}, paris(2026, 11, 30, 23, 0), True),  # overnight
        ({"start": "22:00", "end": "06:00"}, paris(2026, 12, 1, 5, 59), True),
        ({"start": "22:00", "end": "06:00"}, paris(2026, 12, 1, 6, 0), False),
        ({"start": "22:00", "end": "06:00"}, paris(2026, 12, 1, 12, 0), False),
        # Overnight on Monday only: Tuesday 3:00 belongs to Monday night.
        (
            {"start": "22:00", "end": "06:00", "weekdays": ["monday"]},
            paris(2026, 12, 1, 3, 0),
            True,
        ),
        (
            {"start": "22:00", "end": "06:00", "weekdays": ["monday"]},
            paris(2026, 11, 30, 3, 0),
            False,
        ),
        ({"weekdays": ["saturday"]}, paris(2026, 11, 28, 10, 0), True),
        ({"weekdays": ["saturday"]}, paris(2026, 11, 29, 10, 0), False),
        ({"first_day": "2026-12-01", "last_day": "2026-12-24"}, paris(2026, 11, 30, 23, 59), False),
        ({"first_day": "2026-12-01", "last_day": "2026-12-24"}, paris(2026, 12, 24, 23, 59), True),
        ({"first_day": "2026-12-01", "last_day": "2026-12-24"}, paris(2026, 12, 25, 0, 0), False),
    ],
)
def test_time_windows(window: dict[str, object], when: datetime, expected: bool) -> None:
    assert TimeWindow.model_validate(window).open_at(when) is expected


def screen(
    write_feed: FeedWriter, playlist: list[dict[str, object]], **sections: object
) -> tuple[ScreenConfig, object]:
    config = load_config(write_feed(playlist=playlist, **sections)).config
    assert config is not None
    return config, load_feed(config)


WIFI = [{"ssid": "ARCS", "security": "open"}]


def test_an_entry_shows_only_in_its_window(write_feed: FeedWriter) -> None:
    config, feed = screen(
        write_feed,
        [
            {
                "kind": "wifi",
                "duration": 10,
                "from": "08:00",
                "until": "12:00",
                "weekdays": ["monday", "saturday"],
            },
            {"kind": "announcements", "duration": 10},
        ],
        wifi=WIFI,
        announcements=[{"title": "A"}],
    )

    def kinds(when: datetime) -> list[type]:
        return [type(s) for s in build_playlist(feed, config, when)]  # type: ignore[arg-type]

    assert kinds(paris(2026, 11, 28, 9, 0)) == [WifiSlide, AnnouncementSlide]
    assert kinds(paris(2026, 11, 28, 12, 0)) == [AnnouncementSlide]
    assert kinds(paris(2026, 11, 29, 9, 0)) == [AnnouncementSlide]  # Sunday


def test_urgent_message_alone_then_gone_at_its_until(write_feed: FeedWriter) -> None:
    urgent = {
        "id": "fermeture",
        "title": "Fermeture exceptionnelle cet après-midi",
        "urgent": True,
        "valid_until": "2026-11-28T14:00:00+01:00",
    }
    config, feed = screen(
        write_feed,
        [{"kind": "wifi", "duration": 10}, {"kind": "announcements", "duration": 10}],
        wifi=WIFI,
        announcements=[urgent, {"title": "Bonjour"}],
    )
    before = build_playlist(feed, config, paris(2026, 11, 28, 13, 59))  # type: ignore[arg-type]
    assert [type(s) for s in before] == [UrgentSlide]
    after = build_playlist(feed, config, paris(2026, 11, 28, 14, 0))  # type: ignore[arg-type]
    assert [type(s) for s in after] == [WifiSlide, AnnouncementSlide]
    assert next_change(feed, config, paris(2026, 11, 28, 13, 0)) == paris(2026, 11, 28, 14, 0)  # type: ignore[arg-type]


def test_urgent_message_every_other_slide(write_feed: FeedWriter) -> None:
    config, feed = screen(
        write_feed,
        [{"kind": "wifi", "duration": 10}, {"kind": "announcements", "duration": 10}],
        wifi=WIFI,
        announcements=[{"title": "Urgent", "urgent": True}, {"title": "Bonjour"}],
        display='[urgent]\nmode = "alternate"\nduration = 20\n',
    )
    slides = build_playlist(feed, config, paris(2026, 11, 28, 10))  # type: ignore[arg-type]
    assert [type(s) for s in slides] == [UrgentSlide, WifiSlide, UrgentSlide, AnnouncementSlide]
    assert slides[0].duration == 20
    assert len({s.key for s in slides}) == 4


def test_nothing_eligible_gives_the_fallback(write_feed: FeedWriter) -> None:
    config, feed = screen(
        write_feed, [{"kind": "wifi", "duration": 10, "from": "08:00", "until": "09:00"}], wifi=WIFI
    )
    (slide,) = build_playlist(feed, config, paris(2026, 11, 28, 10))  # type: ignore[arg-type]
    assert isinstance(slide, FallbackSlide)


def test_next_change_finds_slot_edges_and_windows(write_feed: FeedWriter) -> None:
    config, feed = screen(
        write_feed,
        [{"kind": "semainier", "duration": 10}, {"kind": "wifi", "duration": 10, "from": "11:15"}],
        wifi=WIFI,
        semainier=[
            {"weekday": "saturday", "start": "10:00", "end": "12:30", "title": "Café"},
            {"weekday": "saturday", "start": "14:00", "end": "17:00", "title": "Accès"},
        ],
    )
    now = paris(2026, 11, 28, 10, 40)
    assert next_change(feed, config, now) == paris(2026, 11, 28, 11, 15)  # type: ignore[arg-type]
    assert next_change(feed, config, paris(2026, 11, 28, 11, 15)) == paris(2026, 11, 28, 12, 30)  # type: ignore[arg-type]
    assert next_change(feed, config, paris(2026, 11, 28, 17, 0)) == paris(2026, 11, 29, 0, 0)  # type: ignore[arg-type]


def test_weekday_enum_covers_the_hours_keys() -> None:
    assert {d.value for d in Weekday} <= set(field_names(OpeningHours))


def test_config_hours_override_and_are_checked(tmp_path: object, write_feed: FeedWriter) -> None:
    path = write_feed(
        display='[hours]\nmonday = ["08:30-12:00", "25:00-26:00"]\n'
        'sleep_command = ["wlopm", "--off", "*"]\n'
    )
    loaded = load_config(path)
    assert [str(p) for p in loaded.errors] == [
        "hours.monday[1]: '25:00-26:00' has an hour or minute out of range"
    ]


def test_schedule_tells_what_shows_when(
    write_feed: FeedWriter, capsys: pytest.CaptureFixture[str]
) -> None:
    from signage.cli import main  # noqa: PLC0415

    path = write_feed(
        playlist=[
            {"kind": "wifi", "duration": 10, "from": "10:00"},
            {"kind": "announcements", "duration": 10},
        ],
        wifi=WIFI,
        announcements=[
            {"title": "Bonjour"},
            {
                "title": "Fermeture exceptionnelle",
                "urgent": True,
                "valid_from": "2026-11-30T12:00:00+01:00",
                "valid_until": "2026-11-30T14:00:00+01:00",
            },
        ],
        display='[hours]\nmonday = "09:00-17:00"\nsaturday = "09:00-12:00"\n'
        "wake_before_minutes = 15\n",
    )
    assert (
        main(
            [
                "schedule",
                "--config",
                str(path),
                "--from",
                "2026-11-28T08:00",
                "--to",
                "2026-11-30T18:00",
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        "sam. 28 nov. 08:00 → sam. 28 nov. 08:45  en veille (fermé)",
        "sam. 28 nov. 08:45 → sam. 28 nov. 10:00  Annonces",
        "sam. 28 nov. 10:00 → sam. 28 nov. 12:00  Affiche wifi, Annonces",
        "sam. 28 nov. 12:00 → lun. 30 nov. 08:45  en veille (fermé)",
        "lun. 30 nov. 08:45 → lun. 30 nov. 10:00  Annonces",
        "lun. 30 nov. 10:00 → lun. 30 nov. 12:00  Affiche wifi, Annonces",
        "lun. 30 nov. 12:00 → lun. 30 nov. 14:00  MESSAGE URGENT : Fermeture exceptionnelle",
        "lun. 30 nov. 14:00 → lun. 30 nov. 17:00  Affiche wifi, Annonces",
        "lun. 30 nov. 17:00 → lun. 30 nov. 18:00  en veille (fermé)",
    ]


def test_a_closure_day_says_closed_and_a_cancelled_slot_is_marked(
    write_feed: FeedWriter, qapp: object
) -> None:
    from signage.slides import SemainierSlide  # noqa: PLC0415
    from tests.painting import render  # noqa: PLC0415

    slots = [
        {
            "weekday": "saturday",
            "start": "09:00",
            "end": "12:00",
            "title": "Permanence",
            "cancelled_on": ["2026-11-28"],
        },
        {"weekday": "saturday", "start": "10:00", "end": "12:00", "title": "Café"},
    ]
    path = write_feed(
        playlist=[{"kind": "semainier", "duration": 10}],
        sites=[
            {
                "id": "maurepas",
                "name": "ESC Maurepas",
                "hours": {
                    "saturday": "09:00-12:00",
                    "closures": [{"day": "2026-12-05", "reason": "Travaux dans le hall"}],
                },
            }
        ],
        semainier=slots,
    )
    config = load_config(path).config
    assert config is not None
    feed = load_feed(config)
    (today,) = build_playlist(feed, config, paris(2026, 11, 28, 9, 30))
    assert isinstance(today, SemainierSlide)
    views = {v.slot.title.pick("fr"): v for v in today.slots}
    assert views["Permanence"].cancelled and views["Permanence"].state.value == "later"
    assert views["Café"].state.value == "next"  # the cancelled slot is never "now"
    _, log = render(today, (1920, 1080), paris(2026, 11, 28, 9, 30))
    assert "Annulé" in [t.text for t in log.texts if t.role == "badge"]
    (closed,) = build_playlist(feed, config, paris(2026, 12, 5, 10))
    assert isinstance(closed, SemainierSlide) and closed.closed == "Travaux dans le hall"
    _, log = render(closed, (1920, 1080), paris(2026, 12, 5, 10))
    texts = {t.role: t.text for t in log.texts}
    assert texts["closed"] == "Fermé aujourd'hui"
    assert texts["reason"] == "Travaux dans le hall"


def test_the_feeds_site_hours_reach_the_screen(write_feed: FeedWriter) -> None:
    from signage.playlist import resolve_site  # noqa: PLC0415
    from signage.schedule import effective_hours  # noqa: PLC0415

    path = write_feed(
        sites=[{"id": "maurepas", "name": "ESC Maurepas", "hours": {"saturday": "09:00-12:00"}}]
    )
    config = load_config(path).config
    assert config is not None
    hours, _, _ = effective_hours(config, resolve_site(load_feed(config), config))
    assert hours.known and not hours.is_open(paris(2026, 11, 28, 13), PARIS)


def test_closures_from_the_screen_config_reach_the_semainier(write_feed: FeedWriter) -> None:
    from signage.slides import SemainierSlide  # noqa: PLC0415

    path = write_feed(
        playlist=[{"kind": "semainier", "duration": 10}],
        semainier=[{"weekday": "saturday", "start": "09:00", "end": "12:00", "title": "P"}],
        display='[hours]\nclosures = [{ day = 2026-11-28, reason = "Grève" }]\n',
    )
    config = load_config(path).config
    assert config is not None
    (slide,) = build_playlist(load_feed(config), config, paris(2026, 11, 28, 10))
    assert isinstance(slide, SemainierSlide) and slide.closed == "Grève"
