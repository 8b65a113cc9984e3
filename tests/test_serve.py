"""``signage serve``: ETag, Last-Modified and 304 for conditional requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from signage.publish.serve import make_server


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "feed.json").write_text('{"format": "esc-signage-feed", "version": 1}')
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "abc.png").write_bytes(b"\\x89PNG")
    server = make_server(tmp_path, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_conditional_request_gets_a_304(served: str) -> None:
    first = requests.get(f"{served}/feed.json", timeout=5)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = requests.get(
        f"{served}/feed.json", timeout=5, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.content == b""
    since = requests.get(
        f"{served}/feed.json",
        timeout=5,
        headers={"If-Modified-Since": first.headers["Last-Modified"]},
    )
    assert since.status_code in (200, 304)


def test_a_changed_feed_gets_a_new_etag(served: str, tmp_path: Path) -> None:
    first = requests.get(f"{served}/feed.json", timeout=5)
    (tmp_path / "feed.json").write_text('{"format": "esc-signage-feed", "version": 1, "x": 1}')
    again = requests.get(
        f"{served}/feed.json", timeout=5, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 200 and b'"x": 1' in again.content


def test_content_addressed_images_are_cached_for_long(served: str) -> None:
    image = requests.get(f"{served}/images/abc.png", timeout=5)
    assert "immutable" in image.headers["Cache-Control"]


def test_the_player_syncs_from_it(served: str, tmp_path: Path) -> None:
    from signage.config import SourceSection  # noqa: PLC0415
    from signage.sources.sync import Outcome, Syncer  # noqa: PLC0415

    syncer = Syncer(SourceSection(feed=f"{served}/feed.json", cache_dir=tmp_path / "c"), "m")
    assert syncer.sync().outcome is Outcome.UPDATED
    second = syncer.sync()
    assert (second.outcome, second.status) == (Outcome.UNCHANGED, 304)
