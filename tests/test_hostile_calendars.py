"""Calendars that overflowed, exploded or were lost: bounded, each problem on its own line,
the rest of the calendar kept, in the player's sync as in ``publish``."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from signage.clock import FixedClock
from signage.config import load_config
from signage.sources.calendar_worker import CalendarFailed, expand_calendar
from signage.sources.ics_workshops import parse_ics
from signage.sources.sync import Outcome, Syncer, site_zone
from tests.conftest import FeedWriter, paris
from tests.publishing import Content, copy_example

PARIS = ZoneInfo("Europe/Paris")
START, END = paris(2026, 11, 29), paris(2027, 1, 10)


def calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\n{body}END:VCALENDAR\r\n".encode()


GOOD = (
    "UID:good\r\nSUMMARY:Atelier tablette\r\nDTSTART:20261202T130000Z\r\nDTEND:20261202T150000Z\r\n"
)
HOSTILE = {
    # A DURATION far beyond any event: OverflowError out of the library, once.
    "duration": "UID:d\r\nSUMMARY:Duree\r\nDTSTART:20261201T100000Z\r\nDURATION:P99999999D\r\n",
    # A dozen lines growing to gigabytes: every second since 2020.
    "secondly": (
        "UID:s\r\nSUMMARY:Chaque seconde\r\nDTSTART:20200101T100000Z\r\nRRULE:FREQ=SECONDLY\r\n"
    ),
    "dense": (
        "UID:x\r\nSUMMARY:Dense\r\nDTSTART:20200101T100000Z\r\n"
        "RRULE:FREQ=DAILY;BYHOUR="
        + ",".join(map(str, range(24)))
        + ";BYMINUTE="
        + ",".join(map(str, range(60)))
        + "\r\n"
    ),
    "year-one": "UID:y\r\nSUMMARY:An un\r\nDTSTART:00010101T000000Z\r\nRRULE:FREQ=YEARLY\r\n",
    # "Every 30 February": no such day, left out at once.
    "february-30": (
        "UID:f\r\nSUMMARY:Jamais\r\nDTSTART:20200101T100000Z\r\n"
        "RRULE:FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30\r\n"
    ),
    # A rule that never matches in a way no check sees: dateutil scans it up to the year
    # 9999 (4 s here); the child process bounds it.
    "never": (
        "UID:n\r\nSUMMARY:Jamais\r\nDTSTART:20200101T100000Z\r\n"
        "RRULE:FREQ=HOURLY;BYMONTH=1;BYYEARDAY=100\r\n"
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_event_is_left_out_with_a_reason_and_the_rest_kept(kind: str) -> None:
    began = time.monotonic()
    workshops, problems = expand_calendar(calendar(HOSTILE[kind], GOOD), PARIS, START, END)
    assert time.monotonic() - began < 12  # bounded: the child is killed at 9 s at worst
    assert [w.title.pick("fr") for w in workshops] == ["Atelier tablette"]
    if kind not in {"never", "february-30"}:  # nothing to show, nothing to say
        assert problems and all("left out" in p for p in problems), problems


def test_too_many_occurrences_are_cut_with_a_message() -> None:
    hourly = (
        "UID:h\r\nSUMMARY:Toutes les heures\r\nDTSTART:20261129T000000Z\r\nRRULE:FREQ=HOURLY\r\n"
    )
    result = parse_ics(calendar(hourly), PARIS, START, START + timedelta(days=366))
    assert not result.workshops
    assert any("more than 5,000 occurrences" in p for p in result.problems), result.problems


def test_rules_that_never_match_are_stopped_within_the_calendars_budget() -> None:
    never = [HOSTILE["never"].replace("UID:n", f"UID:n{i}") for i in range(10)]
    began = time.monotonic()
    workshops, problems = expand_calendar(calendar(GOOD, *never), PARIS, START, END)
    assert time.monotonic() - began < 9  # each rule stopped at 2 s, the whole at 5 s
    assert [w.title.pick("fr") for w in workshops] == ["Atelier tablette"]
    assert any("too long" in p for p in problems), problems


def test_a_calendar_that_takes_too_long_is_killed_and_said_so() -> None:
    # 2 MB of events: reading them alone takes longer than the 2 s allowed here.
    many = [GOOD.replace("UID:good", f"UID:e{i}") for i in range(20000)]
    began = time.monotonic()
    # Killed at 2 s of wall time, or earlier by its processor-time limit.
    with pytest.raises(CalendarFailed, match="took more than"):
        expand_calendar(calendar(*many), PARIS, START, END, timeout=2)
    assert time.monotonic() - began < 4


def test_events_without_an_end_are_shown_as_the_standard_says() -> None:
    timed = "UID:t\r\nSUMMARY:Sans fin\r\nDTSTART:20261201T100000Z\r\n"
    all_day = (
        "UID:a\r\nSUMMARY:Ferie\r\nDTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261225\r\n"
    )
    result = parse_ics(calendar(timed, all_day), PARIS, START, END)
    lengths = {w.title.pick("fr"): w.end - w.start for w in result.workshops}
    assert lengths == {"Sans fin": timedelta(hours=1), "Ferie": timedelta(days=1)}
    assert result.problems == ()


def test_the_sync_never_raises_and_keeps_the_feed_with_a_hostile_calendar(
    write_feed: FeedWriter, tmp_path: Path
) -> None:
    (tmp_path / "agenda.ics").write_bytes(calendar(*HOSTILE.values(), GOOD))
    path = write_feed(
        playlist=[{"kind": "agenda", "duration": 10}],
        announcements=[{"title": "Bonjour"}],
        display='[[sources]]\nkind = "ics"\nurl = "agenda.ics"\n',
    )
    config = load_config(path).config
    assert config is not None
    syncer = Syncer(
        config.source,
        "maurepas",
        clock=FixedClock(paris(2026, 11, 29, 9)),
        extras=config.sources,
        zone=site_zone(config),
    )
    report = syncer.sync()
    assert report.outcome is Outcome.UPDATED
    assert report.snapshot is not None
    titles = [w.title.pick("fr") for w in report.snapshot.feed.workshops]
    assert titles == ["Atelier tablette"]
    assert "left out" in report.sources[0]
    assert [a.title.pick("fr") for a in report.snapshot.feed.announcements] == ["Bonjour"]


def test_publish_lists_the_hostile_events_and_keeps_its_promise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content: Content = copy_example(tmp_path, capsys)
    content.write("mediateurs/workshops/maurepas.ics", calendar(HOSTILE["duration"], GOOD).decode())
    content.write("mediateurs/workshops/villejean.ics", calendar(HOSTILE["secondly"]).decode())
    run = content.publish("--dry-run")
    assert "Traceback" not in run.err
    assert "workshops/maurepas.ics: event 'Duree': lasts more than a year" in run.err
    assert "workshops/villejean.ics: event 'Chaque seconde': repeats every second" in run.err
    assert run.code == 3  # the partner's part is held back; the admins' is published


# A child that starts as slowly as on a Raspberry Pi (Python and the calendar libraries
# take about a second there) before it reads its input.
SLOW_CHILD = (
    sys.executable,
    "-c",
    "import time, runpy; time.sleep(1.0); "
    "runpy.run_module('signage.sources.calendar_worker', run_name='__main__')",
)


def test_a_calendar_over_the_pipe_buffer_is_read_whole_by_a_slow_starting_reader() -> None:
    # A public holidays calendar is ~124 KB: more than the 64 KiB a pipe holds before
    # the child reads. Its input was written only until the first poll (0.2 s), so a
    # child that started later waited for the rest until it was killed.
    events = [
        f"UID:h{i}\r\nSUMMARY:Jour {i} {'x' * 60}\r\nDTSTART:20261202T1300{i % 60:02d}Z\r\n"
        "DTEND:20261202T150000Z\r\nDESCRIPTION:" + "Un jour férié de plus. " * 3 + "\r\n"
        for i in range(900)
    ]
    data = calendar(*events)
    assert len(data) > 128 * 1024
    workshops, problems = expand_calendar(data, PARIS, START, END, command=SLOW_CHILD)
    assert len(workshops) == 900, problems


def test_a_calendar_reader_abandoned_mid_way_stops_at_once() -> None:
    import threading  # noqa: PLC0415

    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    never = [HOSTILE["never"].replace("UID:n", f"UID:n{i}") for i in range(20)]
    began = time.monotonic()
    with pytest.raises(CalendarFailed, match="abandoned"):
        expand_calendar(calendar(*never, GOOD), PARIS, START, END, cancel=cancel)
    assert time.monotonic() - began < 2


def test_far_dates_in_a_calendar_window_are_refused_not_overflowed() -> None:
    result = parse_ics(
        calendar(GOOD),
        PARIS,
        datetime(2026, 11, 29, tzinfo=PARIS),
        datetime(9999, 12, 31, tzinfo=PARIS),
    )
    assert [w.title.pick("fr") for w in result.workshops] == ["Atelier tablette"]
