"""Content that used to crash or hang a screen: each class of the hardening issue, as a
visitor or a referent would notice it (a slide shown, a message, a start that works)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from signage.cli import main
from signage.clock import FixedClock
from signage.config import load_config
from signage.feed import FeedRefused, parse_feed_bytes
from signage.model.cleaning import clean_text
from signage.model.record import Record
from signage.player.app import Player
from signage.playlist import build_playlist, next_change
from signage.poster import PosterKind, poster_slides
from signage.schedule import plan
from signage.slides import AgendaSlide, AppsSlide, FallbackSlide
from signage.sources.cache import CachedFeed, ContentCache
from signage.sources.csv_semainier import parse_csv_semainier
from signage.sources.sync import Syncer, default_cache_dir
from tests.conftest import FeedWriter, paris
from tests.painting import SIZES, render

NOW = paris(2026, 11, 28, 10, 40)
GOOD_WORKSHOP = {
    "start": "2026-12-01T14:00:00+01:00",
    "end": "2026-12-01T16:00:00+01:00",
    "title": "Prendre en main son smartphone",
}
# The two instants the testers used: each overflowed once a zone or a horizon was applied.
EDGE_WORKSHOPS = [
    {"start": "0001-01-01T00:00:00+14:00", "end": "2026-12-02T10:00:00+01:00", "title": "Tôt"},
    {"start": "2026-12-02T10:00:00+01:00", "end": "9999-12-31T23:59:59-12:00", "title": "Tard"},
]

R = TypeVar("R", bound=Record)


def unchecked(record_type: type[R], **values: object) -> R:
    """A record built without any of its checks, as a bug in signage would make one."""
    record = object.__new__(record_type)
    for field in dataclasses.fields(record_type):  # type: ignore[arg-type]
        object.__setattr__(record, field.name, values.get(field.name, field.default))
    return record


def feed_document(**sections: object) -> dict[str, object]:
    return {
        "format": "esc-signage-feed",
        "version": 1,
        "sites": [{"id": "maurepas", "name": "ESC Maurepas"}],
        **sections,
    }


# -- one range of time ---------------------------------------------------------------------


def test_instants_outside_the_accepted_years_are_refused_with_a_plain_reason() -> None:
    data = json.dumps(feed_document(workshops=[*EDGE_WORKSHOPS, GOOD_WORKSHOP])).encode()
    parsed = parse_feed_bytes(data)
    assert [w.title.pick("fr") for w in parsed.feed.workshops] == [GOOD_WORKSHOP["title"]]
    reasons = [str(d) for d in parsed.dropped]
    assert len(reasons) == 2
    assert all("outside the years 2000 to 2099" in r for r in reasons), reasons


def test_the_edge_workshops_no_longer_stop_playlist_schedule_posters_or_painters(
    write_feed: FeedWriter, qapp: object
) -> None:
    path = write_feed(workshops=[*EDGE_WORKSHOPS, GOOD_WORKSHOP])
    config = load_config(path).config
    assert config is not None
    syncer = Syncer(config.source, "maurepas", clock=FixedClock(NOW))
    feed = syncer.sync().snapshot.feed  # type: ignore[union-attr]
    slides = build_playlist(feed, config, NOW)
    (agenda,) = [s for s in slides if isinstance(s, AgendaSlide)]
    assert [w.title.pick("fr") for w in agenda.workshops] == [GOOD_WORKSHOP["title"]]
    assert next_change(feed, config, NOW) is not None
    assert plan(feed, config, NOW, NOW + timedelta(days=7))
    assert poster_slides(feed, config, PosterKind.AGENDA, NOW, (1240, 1754))
    render(agenda, (1920, 1080), NOW)


def test_wall_clock_times_with_an_offset_are_refused() -> None:
    slot = {"weekday": "monday", "start": "09:00+01:00", "end": "12:00", "title": "x"}
    parsed = parse_feed_bytes(json.dumps(feed_document(semainier=[slot])).encode())
    assert not parsed.feed.semainier
    assert "write the local time only" in str(parsed.dropped[0])


def test_a_screen_config_date_outside_the_range_is_a_config_problem(tmp_path: Path) -> None:
    path = tmp_path / "screen.toml"
    path.write_text(
        '[site]\nid = "maurepas"\n[source]\nfeed = "feed.json"\n'
        '[[playlist]]\nkind = "agenda"\nfirst_day = 0001-01-01\n',
        encoding="utf-8",
    )
    loaded = load_config(path)
    assert loaded.config is None
    assert "playlist[0].first_day" in str(loaded.errors[0])
    assert "outside the years 2000 to 2099" in str(loaded.errors[0])


# -- a cache that cannot brick the screen ---------------------------------------------------


def plant_cache(config_path: Path, feed: bytes) -> ContentCache:
    """Write ``feed`` as the screen's last good content, as an older version kept it."""
    config = load_config(config_path).config
    assert config is not None
    cache = ContentCache(default_cache_dir(config.site.id, config.source.feed))
    cache.prepare()
    moment = datetime(2026, 11, 27, 9, tzinfo=UTC)
    cache.store(CachedFeed(feed, config.source.feed, moment, moment))
    return cache


def start(qtbot: QtBot, players: list[Player], path: Path) -> Player:
    player = Player(load_config(path), windowed=True, clock=FixedClock(NOW), time_scale=100)
    players.append(player)
    player.start()
    qtbot.waitUntil(lambda: player.stage.current_image() is not None, timeout=5000)
    return player


def test_a_cache_holding_the_edge_dates_starts_and_shows_content(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter
) -> None:
    # The cache an older version wrote: it crashed every start, before any sync.
    poisoned = json.dumps(feed_document(workshops=EDGE_WORKSHOPS)).encode()
    path = write_feed(playlist=[{"kind": "agenda", "duration": 10}], workshops=[GOOD_WORKSHOP])
    plant_cache(path, poisoned)
    player = start(qtbot, players, path)
    qtbot.waitUntil(lambda: isinstance(player.rotation.current, AgendaSlide), timeout=5000)
    agenda = player.rotation.current
    assert isinstance(agenda, AgendaSlide)
    assert [w.title.pick("fr") for w in agenda.workshops] == [GOOD_WORKSHOP["title"]]


def test_an_unreadable_cache_is_set_aside_for_diagnosis_and_the_screen_syncs(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter
) -> None:
    path = write_feed(playlist=[{"kind": "agenda", "duration": 10}], workshops=[GOOD_WORKSHOP])
    cache = plant_cache(path, b"[" * 100_000)  # JSON nested past any recursion limit
    player = start(qtbot, players, path)
    qtbot.waitUntil(lambda: isinstance(player.rotation.current, AgendaSlide), timeout=5000)
    aside = list((cache.folder / "corrupt").glob("snapshot.bin.*"))
    assert any(p.name.endswith(".why.txt") for p in aside)
    assert any(not p.name.endswith(".why.txt") for p in aside)


def test_content_that_breaks_the_playlist_is_set_aside_and_the_fallback_shown(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, caplog: pytest.LogCaptureFixture
) -> None:
    """The guard behind the checks: content that passed validation and still breaks
    the playlist (a bug, say) gives the fallback slide, once logged, not a crash."""
    from signage.feed import ParsedFeed  # noqa: PLC0415
    from signage.model import SemainierSlot, Weekday  # noqa: PLC0415

    slot = {"weekday": "saturday", "start": "09:00", "end": "12:00", "title": "Permanence"}
    path = write_feed(playlist=[{"kind": "semainier", "duration": 10}], semainier=[slot])
    config = load_config(path).config
    assert config is not None

    def parse_with_a_bug(data: bytes) -> ParsedFeed:
        parsed = parse_feed_bytes(data)
        broken = unchecked(  # skips validation, as a bug would
            SemainierSlot, weekday=Weekday.SATURDAY, start=None, end=None, sites=None
        )
        semainier = (*parsed.feed.semainier, broken)
        return ParsedFeed(parsed.feed.model_copy(update={"semainier": semainier}), ())

    syncer = Syncer(config.source, "maurepas", clock=FixedClock(NOW), parse=parse_with_a_bug)
    syncer.start()
    syncer.sync()  # the broken content is now the screen's last good content
    caplog.set_level(logging.ERROR)
    player = Player(
        load_config(path), windowed=True, clock=FixedClock(NOW), time_scale=100, syncer=syncer
    )
    players.append(player)
    player.start()
    qtbot.waitUntil(lambda: player.stage.current_image() is not None, timeout=5000)
    assert isinstance(player.rotation.current, FallbackSlide)
    assert any("cached content unusable" in r.message for r in caplog.records)
    assert list((syncer.cache.folder / "corrupt").glob("snapshot.bin.*"))


def test_synced_content_that_breaks_the_site_gives_the_fallback_not_an_error(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, caplog: pytest.LogCaptureFixture
) -> None:
    """The same guard for content that arrives by a sync while the screen shows good
    content: no exception escapes into Qt's event loop, the fallback shows."""
    from dataclasses import replace  # noqa: PLC0415

    from signage.model import SemainierSlot, Weekday  # noqa: PLC0415
    from signage.sources.sync import Outcome, SyncReport  # noqa: PLC0415

    slot = {"weekday": "saturday", "start": "09:00", "end": "12:00", "title": "Permanence"}
    path = write_feed(playlist=[{"kind": "semainier", "duration": 10}], semainier=[slot])
    player = Player(load_config(path), windowed=True, clock=FixedClock(NOW), time_scale=100)
    players.append(player)
    player.start()
    # The first sync brings the semainier (there is no cache yet).
    qtbot.waitUntil(lambda: not isinstance(player.rotation.current, FallbackSlide), timeout=5000)
    broken = unchecked(SemainierSlot, weekday=Weekday.SATURDAY, start=None, end=None)
    feed = player.snapshot.feed.model_copy(
        update={"semainier": (*player.snapshot.feed.semainier, broken)}
    )
    caplog.set_level(logging.ERROR)

    player.apply_report(
        SyncReport(Outcome.UPDATED, "new content", replace(player.snapshot, feed=feed, version="x"))
    )

    qtbot.waitUntil(lambda: isinstance(player.rotation.current, FallbackSlide), timeout=5000)
    assert [r.message for r in caplog.records if "content set aside" in r.message]


# -- deep or huge JSON ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [(b"[" * 100_000 + b"]" * 100_000, "nested far too deeply"), (b"1" * 100_000, "digits")],
    ids=["deep", "huge-integer"],
)
def test_deep_or_huge_json_is_refused_with_a_reason(
    body: bytes,
    words: str,
    write_feed: FeedWriter,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(FeedRefused, match=words):
        parse_feed_bytes(body)
    path = write_feed()
    (tmp_path / "feed.json").write_bytes(body)
    assert main(["fetch", "--config", str(path)]) == 1
    out = capsys.readouterr().out
    assert "result:  refused: feed refused: not a feed" in out


# -- what can be drawn, and only that --------------------------------------------------------


def test_an_app_address_too_long_for_a_qr_code_drops_that_app_alone(
    write_feed: FeedWriter, qapp: object
) -> None:
    apps = [
        {"name": "Caf", "description": "Mes droits", "url": "https://www.caf.fr/"},
        {"name": "Trop long", "description": "x", "url": "https://example.org/" + "a" * 2000},
    ]
    path = write_feed(playlist=[{"kind": "apps", "duration": 10}], apps=apps)
    parsed = parse_feed_bytes((path.parent / "feed.json").read_bytes())
    assert [a.name for a in parsed.feed.apps] == ["Caf"]
    assert "use a shorter link" in str(parsed.dropped[0])
    config = load_config(path).config
    assert config is not None
    (slide,) = build_playlist(parsed.feed, config, NOW)
    assert isinstance(slide, AppsSlide)
    render(slide, (1920, 1080), NOW)


def test_invisible_and_control_characters_are_dropped_at_the_edge() -> None:
    assert clean_text("Atelier\u200b numérique\ufeff") == "Atelier numérique"
    assert clean_text("\u202eAtelier\u202c \u200eCAF") == "Atelier CAF"  # no reversed text
    assert clean_text("Café\ud800 numérique") == "Café numérique"  # a lone surrogate
    assert clean_text("⚠️ Fermeture 🎄 demain") == "Fermeture demain"  # no empty boxes
    assert clean_text("👨\u200d👩\u200d👧 Familles") == "Familles"
    assert clean_text("Tapez 1️⃣ puis #️⃣") == "Tapez 1 puis #"
    assert clean_text("© Ville de Rennes ™") == "© Ville de Rennes ™"
    # What a language needs stays: the non-joiner of Persian, accents, Arabic.
    assert clean_text("می\u200cخواهم") == "می\u200cخواهم"
    assert clean_text("e\u0301te\u0301") == "été"
    assert clean_text("a" + "\u0301" * 50) == "\u00e1" + "\u0301" * 3  # no tower of marks


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_zero_width_space_pasted_from_a_web_page_changes_nothing_on_screen(
    write_feed: FeedWriter, qapp: object, size: tuple[int, int]
) -> None:
    def drawn(title: str) -> list[tuple[str, float, float]]:
        path = write_feed(
            playlist=[{"kind": "announcements", "duration": 10}],
            announcements=[{"title": title, "body": "Le mardi de 14 h à 16 h."}],
        )
        feed = parse_feed_bytes((path.parent / "feed.json").read_bytes()).feed
        config = load_config(path).config
        assert config is not None
        (slide,) = build_playlist(feed, config, NOW, size)
        _, log = render(slide, size, NOW)
        return [(t.text, t.ink.top(), t.ink.height()) for t in log.texts]

    assert drawn("Atelier\u200b numérique") == drawn("Atelier numérique")


@pytest.mark.timeout(30)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_2000_character_word_fits_and_shows_where_it_is_cut(
    write_feed: FeedWriter, qapp: object, size: tuple[int, int]
) -> None:
    """It took 80 to 130 s on the GUI thread, past the watchdog."""
    path = write_feed(
        playlist=[{"kind": "announcements", "duration": 10}],
        announcements=[{"title": "Avis", "body": "a" * 2000}],
    )
    feed = parse_feed_bytes((path.parent / "feed.json").read_bytes()).feed
    config = load_config(path).config
    assert config is not None
    (slide,) = build_playlist(feed, config, NOW, size)
    _, log = render(slide, size, NOW)
    (body,) = [t for t in log.texts if t.role == "body"]
    assert body.text.endswith("a…")  # cut inside the word, and it says so


# -- spreadsheets ----------------------------------------------------------------------------


def test_free_text_in_the_access_column_is_shown_as_written_not_a_lost_slot() -> None:
    data = (
        "jour;début;fin;activité;accès\n"
        "lundi;9h;12h;Permanence CAF;Sur inscription\n"
        "mardi;14h;16h;Atelier;Entrée libre sans RDV\n"
        "mercredi;;12h;Sans début;libre\n"
        "jeudi;9h;11h;Écrivain public;rdv\n"
    ).encode()
    table = parse_csv_semainier(data)
    assert [(s.title.pick("fr"), s.access_note) for s in table.slots] == [
        ("Permanence CAF", "Sur inscription"),
        ("Atelier", "Entrée libre sans RDV"),
        ("Écrivain public", None),
    ]
    (problem,) = table.problems
    assert str(problem) == "line 4, column 'début': is empty; expected a time (9h, 9h30, 09:30)"


def test_stray_carriage_returns_and_huge_cells_never_escape_the_reader() -> None:
    """Found by the property tests: a lone \r made the csv module raise its own error
    out of the source; a cell past the csv module's size limit did too."""
    from signage.sources.csv_semainier import CsvRefused  # noqa: PLC0415

    table = parse_csv_semainier("jour;début;fin;activité\n\rlundi;9h;12h;Café\r".encode())
    assert [s.title.pick("fr") for s in table.slots] == ["Café"]
    with pytest.raises(CsvRefused, match="not readable as CSV"):
        parse_csv_semainier(b"jour;debut;fin;activite\nlundi;9h;12h;" + b"x" * 200_000)


def test_the_partners_access_words_reach_the_screen(write_feed: FeedWriter, qapp: object) -> None:
    slot = {
        "weekday": "saturday",
        "start": "09:00",
        "end": "12:00",
        "title": "Permanence CAF",
        "partner": "CAF",
        "access_note": "Sur inscription",
    }
    path = write_feed(playlist=[{"kind": "semainier", "duration": 10}], semainier=[slot])
    feed = parse_feed_bytes((path.parent / "feed.json").read_bytes()).feed
    config = load_config(path).config
    assert config is not None
    (slide,) = build_playlist(feed, config, NOW)
    _, log = render(slide, (1920, 1080), NOW)
    assert any(t.text == "CAF · Sur inscription" for t in log.texts if t.role == "details")


# -- images and messages ------------------------------------------------------------------------


def test_an_oversized_image_is_called_too_large_not_broken() -> None:
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    from signage.sources.images import ImageRefused, prepare_image  # noqa: PLC0415

    buffer = io.BytesIO()
    Image.new("L", (9000, 9000)).save(buffer, "PNG")
    with pytest.raises(ImageRefused, match="too large: 9000×9000 pixels"):
        prepare_image(buffer.getvalue(), (1920, 1080))


def test_an_unwritable_records_folder_is_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from signage.ops.records import Recorder  # noqa: PLC0415

    # A folder nobody may write into, root included (CI runs as root): each failed
    # atomic write names a new random temp file, which made every message "new".
    recorder = Recorder(Path("/sys"))
    try:
        with caplog.at_level(logging.WARNING):
            for number in range(20):
                recorder.status({"slide": number})
                recorder.shown({"slide": number})
                recorder.flush()
    finally:
        recorder.stop()
    warnings = [r for r in caplog.records if "records not written" in r.message]
    assert len(warnings) == 1, [r.message for r in warnings]


# -- commands with a pretend date -------------------------------------------------------------


def test_render_at_another_date_never_writes_the_screens_cache(
    write_feed: FeedWriter, tmp_path: Path
) -> None:
    path = write_feed(playlist=[{"kind": "agenda", "duration": 10}], workshops=[GOOD_WORKSHOP])
    assert main(["fetch", "--config", str(path)]) == 0
    config = load_config(path).config
    assert config is not None
    snapshot = default_cache_dir("maurepas", config.source.feed) / "snapshot.bin"
    before = hashlib.sha256(snapshot.read_bytes()).hexdigest()
    out = tmp_path / "slide.png"
    code = main(
        [
            "render",
            "--config",
            str(path),
            "--slide",
            "agenda",
            "--at",
            "2026-11-30T10:00",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and out.is_file()
    assert hashlib.sha256(snapshot.read_bytes()).hexdigest() == before


def test_the_first_frame_of_a_player_is_never_the_crash(qapp: object) -> None:
    """Rendering with no content at all at each shape gives the fallback, not an error."""
    from signage.model import Site  # noqa: PLC0415
    from signage.playlist import fallback_slide  # noqa: PLC0415

    for size in SIZES:
        image, _ = render(fallback_slide(Site(id="x", name="ESC")), size, NOW)
        assert image.size() == QSize(*size)
