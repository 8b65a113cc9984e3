"""Issue 16: a typo in a screen's site id (``villejan``) is said — by `signage fetch`,
in the status, on the console's fleet page and on the screen itself — instead of the
screen quietly showing only what is for every site."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from signage.cli import main
from signage.clock import FixedClock
from signage.config import load_config
from signage.player.app import Player
from signage.playlist import unknown_site
from tests.conftest import FeedWriter, paris

NOW = paris(2026, 11, 28, 10, 40)
SITES = [{"id": "maurepas", "name": "ESC Maurepas"}, {"id": "villejean", "name": "ESC Villejean"}]


def _config(write_feed: FeedWriter, tmp_path: Path, site: str) -> Path:
    path = write_feed(
        playlist=[{"kind": "wifi", "duration": 5}],
        site=site,
        wifi=[{"id": "arcs", "ssid": "ARCS", "security": "open"}],
        display=f'[records]\nfolder = "{tmp_path / "records"}"\n',
    )
    document = json.loads((tmp_path / "feed.json").read_text())
    (tmp_path / "feed.json").write_text(json.dumps({**document, "sites": SITES}))
    return path


def test_fetch_says_which_site_was_meant(
    write_feed: FeedWriter, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config(write_feed, tmp_path, "villejan")
    assert main(["fetch", "--config", str(config)]) != 0
    out = capsys.readouterr().out
    assert "site 'villejan' is not in the feed (did you mean 'villejean'?)" in out
    # Once fetched, validate checks the id against the content on disk.
    assert main(["validate", str(config)]) != 0
    assert "did you mean 'villejean'" in capsys.readouterr().err
    good = _config(write_feed, tmp_path, "villejean")
    assert main(["fetch", "--config", str(good)]) == 0
    assert main(["validate", str(good)]) == 0


def test_a_feed_without_sites_names_none_to_check() -> None:
    from signage.feed import parse_feed_document  # noqa: PLC0415

    feed = parse_feed_document({"format": "esc-signage-feed", "version": 1}).feed
    assert unknown_site(feed, "villejan") is None


def test_the_screen_and_its_status_say_the_site_is_unknown(
    qtbot: QtBot, players: list[Player], write_feed: FeedWriter, tmp_path: Path
) -> None:
    player = Player(
        load_config(_config(write_feed, tmp_path, "villejan")),
        windowed=True,
        clock=FixedClock(NOW),
        time_scale=100,
    )
    players.append(player)
    player.start()
    qtbot.waitUntil(lambda: player.conditions.active("site") is not None, timeout=5000)
    context = player.paint_context()
    assert context.notice == "Site « villejan » inconnu : écran à configurer"
    assert player.operations is not None
    player.operations.write_status()
    player.operations.recorder.flush()
    status = json.loads((tmp_path / "records" / "status.json").read_text())
    assert "did you mean 'villejean'" in status["site_unknown"]
    # Painted in the header, where staff look: the header differs from a correct one.
    from PySide6.QtCore import QSize  # noqa: PLC0415

    from signage.console.fleet.state import judge  # noqa: PLC0415
    from signage.player.render import render_frame  # noqa: PLC0415

    slide = player.rotation.current
    assert slide is not None
    with_notice = render_frame(slide, QSize(1920, 1080), context)
    plain = render_frame(
        slide,
        QSize(1920, 1080),
        player.paint_context().__class__(
            now=context.now, language=context.language, theme=context.theme, images=context.images
        ),
    )
    header = QRect(0, 0, 1920, 120)
    assert with_notice.copy(header) != plain.copy(header)
    verdict = judge(NOW - timedelta(minutes=1), status, NOW)
    assert any("site inconnu" in problem for problem in verdict.problems)
