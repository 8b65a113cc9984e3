"""A start from the ready snapshot shows what parsing the feed would, or parses it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from signage.config import SourceSection
from signage.sources.ready import READY_NAME
from signage.sources.sync import Syncer
from tests.httpd import FeedServer, ok
from tests.test_sync import WORKSHOP, Counter, feed_bytes


@pytest.fixture
def server() -> Iterator[FeedServer]:
    httpd = FeedServer()
    yield httpd
    httpd.stop()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "#e63946").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def synced(server: FeedServer, tmp_path: Path) -> SourceSection:
    """A cache filled by one sync: workshops, an announcement, a poster with its image."""
    server.route("/poster.png", ok(png(), "image/png"))
    body = feed_bytes(
        workshops=[{**WORKSHOP, "title": f"Atelier {n}"} for n in range(50)],
        announcements=[{"title": "Fermeture exceptionnelle lundi"}],
        posters=[{"image": server.url("/poster.png"), "caption": "Fête du numérique"}],
    )
    source = SourceSection(feed=server.route("/feed.json", ok(body)), cache_dir=tmp_path / "c")
    syncer = Syncer(source, "maurepas", image_box=(640, 360))
    syncer.start()
    assert syncer.sync().ok
    return source


def start(source: SourceSection) -> tuple[Syncer, Counter]:
    parse = Counter()
    syncer = Syncer(source, "maurepas", image_box=(640, 360), parse=parse)
    syncer.start()
    return syncer, parse


def test_a_start_uses_the_ready_snapshot_and_shows_the_same_content(
    synced: SourceSection,
) -> None:
    assert (synced.cache_dir / READY_NAME).is_file()  # type: ignore[operator]
    ready, parse = start(synced)

    assert parse.calls == 0  # nothing parsed nor validated
    (synced.cache_dir / READY_NAME).unlink()  # type: ignore[operator]
    parsed, parse_again = start(synced)
    assert parse_again.calls == 1
    assert ready.snapshot is not None and parsed.snapshot is not None
    assert ready.snapshot.feed == parsed.snapshot.feed
    assert ready.snapshot.version == parsed.snapshot.version
    assert ready.snapshot.confirmed_at == parsed.snapshot.confirmed_at
    (poster,) = ready.snapshot.feed.posters
    assert Path(poster.image).is_file()


def test_a_start_that_parsed_the_feed_leaves_a_ready_snapshot_for_the_next(
    synced: SourceSection,
) -> None:
    (synced.cache_dir / READY_NAME).unlink()  # type: ignore[operator]
    start(synced)
    _, parse = start(synced)
    assert parse.calls == 0


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(
            lambda path: path.write_bytes(b"another key\n" + path.read_bytes().split(b"\n", 1)[1]),
            id="made-from-something-else",
        ),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:200]), id="truncated"),
        pytest.param(
            lambda path: path.write_bytes(
                path.read_bytes().split(b"\n", 1)[0] + b"\n" + b"\x80\x05garbage"
            ),
            id="damaged",
        ),
        pytest.param(lambda path: path.chmod(0o666), id="writable-by-others"),
    ],
)
def test_a_ready_snapshot_that_cannot_be_trusted_is_ignored_and_the_feed_parsed(
    synced: SourceSection, spoil: object
) -> None:
    path = synced.cache_dir / READY_NAME  # type: ignore[operator]
    spoil(path)  # type: ignore[operator]

    syncer, parse = start(synced)

    assert parse.calls == 1
    assert syncer.snapshot is not None
    assert [a.title.pick("fr") for a in syncer.snapshot.feed.announcements] == [
        "Fermeture exceptionnelle lundi"
    ]


def test_a_ready_snapshot_whose_image_is_gone_is_not_used(synced: SourceSection) -> None:
    for image in (synced.cache_dir / "images").iterdir():  # type: ignore[operator]
        image.unlink()

    syncer, parse = start(synced)

    assert parse.calls == 1  # the feed's own path: the image is fetched again next sync
    assert syncer.snapshot is not None and syncer.snapshot.feed.posters == ()


def test_reading_a_screens_cache_at_another_date_writes_no_ready_snapshot(
    synced: SourceSection,
) -> None:
    from datetime import UTC, datetime  # noqa: PLC0415

    from signage.clock import FixedClock  # noqa: PLC0415

    path = synced.cache_dir / READY_NAME  # type: ignore[operator]
    path.unlink()
    syncer = Syncer(
        synced, "maurepas", clock=FixedClock(datetime(2027, 1, 1, tzinfo=UTC)), read_only=True
    )
    syncer.start()
    syncer.sync()
    syncer.close()
    assert not path.exists()


def test_content_set_aside_takes_its_ready_snapshot_with_it(synced: SourceSection) -> None:
    syncer, _ = start(synced)
    syncer.discard("the playlist failed (test)")
    assert not (synced.cache_dir / READY_NAME).exists()  # type: ignore[operator]
    assert any((synced.cache_dir / "corrupt").iterdir())  # type: ignore[operator]
