"""Calendars and spreadsheets beside the feed: merged, each refused or kept on its own."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from signage.cli import main
from signage.config import load_config
from signage.sources.sync import Syncer, site_zone
from tests.conftest import FeedWriter, paris
from tests.httpd import FeedServer, ok, status

CALENDARS = Path(__file__).parent / "calendars"
CSV = "jour;début;fin;activité;annulé\nsamedi;9h;12h;Permanence;\nlundi;14h;16h;CAF;30/11/2026\n"


def screen(write_feed: FeedWriter, tmp_path: Path, ics_url: str) -> Path:
    (tmp_path / "semainier.csv").write_text(CSV, encoding="cp1252")
    return write_feed(
        playlist=[{"kind": "semainier", "duration": 10}, {"kind": "agenda", "duration": 10}],
        display=(
            '[[sources]]\nkind = "ics"\n'
            f'url = "{ics_url}"\ndays = 60\nsites = ["maurepas"]\n'
            '[[sources]]\nkind = "csv"\nurl = "semainier.csv"\n'
        ),
    )


def syncer_for(path: Path, now_clock: object = None) -> Syncer:
    from signage.clock import FixedClock  # noqa: PLC0415

    config = load_config(path).config
    assert config is not None
    return Syncer(
        config.source,
        config.site.id,
        clock=FixedClock(paris(2026, 11, 28, 10)),
        extras=config.sources,
        zone=site_zone(config),
    )


def test_calendar_and_spreadsheet_items_join_the_feed(
    write_feed: FeedWriter, tmp_path: Path
) -> None:
    shutil.copy(CALENDARS / "nextcloud.ics", tmp_path / "agenda.ics")
    syncer = syncer_for(screen(write_feed, tmp_path, "agenda.ics"))
    report = syncer.sync()
    assert report.snapshot is not None
    feed = report.snapshot.feed
    assert {w.title.pick("fr") for w in feed.workshops} >= {"Visio avec ses proches"}
    assert all(w.sites == ("maurepas",) for w in feed.workshops)
    assert [s.title.pick("fr") for s in feed.semainier] == ["Permanence", "CAF"]
    assert feed.semainier[1].cancelled_on == (date(2026, 11, 30),)
    assert len(report.sources) == 2 and "ics" in report.sources[0]
    again = syncer.sync()
    assert again.snapshot is report.snapshot  # nothing changed: the same snapshot


def test_a_dead_calendar_keeps_its_last_events_and_the_semainier(
    write_feed: FeedWriter, tmp_path: Path
) -> None:
    server = FeedServer()
    try:
        url = server.route(
            "/agenda.ics",
            ok((CALENDARS / "nextcloud.ics").read_bytes(), "text/calendar"),
            status(500),
        )
        path = screen(write_feed, tmp_path, url)
        first = syncer_for(path).sync()
        assert first.snapshot is not None and first.snapshot.feed.workshops
        server.stop()
        later = syncer_for(path)  # a restart: everything from the cache
        later.start()
        report = later.sync()
        assert report.snapshot is not None
        feed = report.snapshot.feed
        assert {w.title.pick("fr") for w in feed.workshops} == {
            w.title.pick("fr") for w in first.snapshot.feed.workshops
        }
        assert len(feed.semainier) == 2
        assert "previous data kept" in report.sources[0]
    finally:
        server.stop()


def test_a_broken_spreadsheet_is_refused_alone(write_feed: FeedWriter, tmp_path: Path) -> None:
    shutil.copy(CALENDARS / "nextcloud.ics", tmp_path / "agenda.ics")
    path = screen(write_feed, tmp_path, "agenda.ics")
    syncer = syncer_for(path)
    syncer.sync()
    (tmp_path / "semainier.csv").write_text("nom;prenom\nDupont;Jean\n")
    syncer.extras._states[1].last_try = float("-inf")  # due now
    report = syncer.sync()
    assert report.snapshot is not None
    assert len(report.snapshot.feed.semainier) == 2  # the previous good rows
    assert "refused: no column for weekday" in report.sources[1]


def test_fetch_reports_the_sources(
    write_feed: FeedWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CALENDARS / "nextcloud.ics", tmp_path / "agenda.ics")
    path = screen(write_feed, tmp_path, "agenda.ics")
    assert main(["fetch", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "source:  ics " in out and "workshops" in out
    assert "source:  csv " in out and "2 slots" in out
