"""All-day and multi-day events read from a partner's calendar: shown as the day or the
days they cover, never as « 0 h – 0 h », on the agenda and on the printed agenda."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from signage.clock import FixedClock
from signage.config import ScreenConfig, load_config
from signage.player.offscreen import poster_to_pdf
from signage.playlist import build_playlist
from signage.slides import AgendaSlide
from signage.sources.sync import Syncer, site_zone
from tests.conftest import FeedWriter, paris
from tests.painting import SIZES, render

NOW = paris(2026, 11, 30, 10, 0)  # a Monday
CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\n"
    # One day, no DTEND (RFC 5545: the event lasts that day).
    "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Fête du numérique\r\nDTSTART;VALUE=DATE:20261202\r\n"
    "END:VEVENT\r\n"
    # Three whole days.
    "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Salon des associations\r\n"
    "DTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:20261206\r\nEND:VEVENT\r\n"
    # A timed workshop, for comparison.
    "BEGIN:VEVENT\r\nUID:c\r\nSUMMARY:Atelier tablette\r\nDTSTART:20261201T130000Z\r\n"
    "DTEND:20261201T150000Z\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


@pytest.fixture
def config(write_feed: FeedWriter, tmp_path: Path) -> ScreenConfig:
    (tmp_path / "agenda.ics").write_text(CALENDAR, "utf-8")
    path = write_feed(playlist=[{"kind": "agenda", "duration": 20}])
    path.write_text(path.read_text() + '\n[[sources]]\nkind = "ics"\nurl = "agenda.ics"\n')
    loaded = load_config(path)
    assert loaded.config is not None, loaded.problems
    return loaded.config


def _agenda(config: ScreenConfig) -> AgendaSlide:
    syncer = Syncer(
        config.source,
        config.site.id,
        clock=FixedClock(NOW),
        extras=config.sources,
        zone=site_zone(config),
    )
    try:
        syncer.start()
        report = syncer.sync()
    finally:
        syncer.close()
    assert report.snapshot is not None, report.message
    slides = [
        s for s in build_playlist(report.snapshot.feed, config, NOW) if isinstance(s, AgendaSlide)
    ]
    assert len(slides) == 1
    return slides[0]


@pytest.mark.parametrize("size", SIZES)
def test_all_day_events_show_their_day_on_the_agenda(
    config: ScreenConfig, qapp: object, size: tuple[int, int]
) -> None:
    _, log = render(_agenda(config), size, NOW)
    times = {t.text for t in log.texts if t.role == "time"}
    assert times == {"14\u00a0h – 16\u00a0h", "Toute la journée", "Du 3 déc. au 5 déc."}


def test_the_printed_agenda_says_the_day_too(
    config: ScreenConfig, qapp: object, tmp_path: Path
) -> None:
    out = tmp_path / "agenda.pdf"
    poster_to_pdf(config, "agenda", "A4", False, NOW, out, pretend=True)
    # The PDF keeps words apart with tabs: compare words, not spacing.
    text = " ".join(
        " ".join(p.extract_text().replace("\u00a0", " ").split()) for p in PdfReader(out).pages
    )
    assert "Toute la journée" in text and "Du 3 déc. au 5 déc." in text
    assert "0 h – 0 h" not in text


@pytest.mark.parametrize(
    ("start", "end", "language", "said"),
    [
        (paris(2026, 12, 2), paris(2026, 12, 3), "en", "All day"),
        (paris(2026, 12, 3), paris(2026, 12, 6), "en", "3 Dec to 5 Dec"),
        (paris(2026, 12, 3, 14), paris(2026, 12, 5, 12), "fr", "14\u00a0h – sam. 5 déc. 12\u00a0h"),
        # Across the change to summer time a whole day is 23 hours: still one day.
        (paris(2027, 3, 28), paris(2027, 3, 29), "fr", "Toute la journée"),
        (paris(2026, 12, 2, 20), paris(2026, 12, 3), "fr", "20\u00a0h – 0\u00a0h"),
    ],
)
def test_when_a_workshop_happens_in_words(
    start: datetime, end: datetime, language: str, said: str
) -> None:
    from signage.i18n import format_when  # noqa: PLC0415

    assert format_when(start, end, language) == said
    assert start.astimezone(UTC) < end.astimezone(UTC)
