"""Test setup: Qt offscreen, fixed clocks, the demo content, temporary feeds."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Set before anything imports Qt: tests never need a display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_QUICK_BACKEND", "software")

import pytest
from hypothesis import HealthCheck, settings

from signage.config import LoadedConfig, ScreenConfig, load_config
from signage.demo import prepare_demo
from signage.feed import Feed
from signage.sources.sync import Syncer, SyncReport

PARIS = ZoneInfo("Europe/Paris")

# Property-based tests: a quick profile for every run (CI), a long one for a benchmark
# run (HYPOTHESIS_PROFILE=long ./run-tests tests/test_properties.py).
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.register_profile(
    "long",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def paris(*parts: int) -> datetime:
    """An aware datetime in Europe/Paris: paris(2026, 11, 28, 10, 40)."""
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


@pytest.fixture(autouse=True)
def state_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Caches go to a temporary state folder, never to the user's own."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


def sync_once(config: ScreenConfig | None) -> SyncReport:
    """One sync of ``config``'s source, as the player does it (cache in the test state)."""
    assert config is not None
    syncer = Syncer(config.source, config.site.id)
    try:
        syncer.start()
        return syncer.sync()
    finally:
        syncer.close()


def load_feed(config: ScreenConfig | None) -> Feed:
    """The feed a screen with ``config`` would show after one sync."""
    report = sync_once(config)
    assert report.snapshot is not None, report.message
    return report.snapshot.feed


@pytest.fixture
def demo_config(tmp_path: Path) -> LoadedConfig:
    """The bundled demo, re-dated for Saturday 2026-11-28."""
    return load_config(prepare_demo(tmp_path / "demo", paris(2026, 11, 28).date()))


FeedWriter = Callable[..., Path]


@pytest.fixture
def write_feed(tmp_path: Path) -> FeedWriter:
    """Write a feed document (sections as keyword arguments) and a config that reads it."""

    def write(
        playlist: list[dict[str, Any]] | None = None,
        site: str = "maurepas",
        display: str = "",
        **sections: Any,
    ) -> Path:
        document = {
            "format": "esc-signage-feed",
            "version": 1,
            "sites": [{"id": "maurepas", "name": "ESC Maurepas"}],
            **sections,
        }
        (tmp_path / "feed.json").write_text(json.dumps(document), encoding="utf-8")
        entries = playlist or [
            {"kind": k, "duration": 10}
            for k in ("semainier", "agenda", "announcements", "wifi", "apps", "posters")
        ]
        toml = [f'[site]\nid = "{site}"\n', '[source]\nfeed = "feed.json"\n', display]
        for entry in entries:
            toml.append(
                "[[playlist]]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in entry.items())
            )
        config = tmp_path / "screen.toml"
        config.write_text("\n".join(toml), encoding="utf-8")
        return config

    return write


@pytest.fixture
def machine_zone_elsewhere() -> Iterator[None]:
    """Run with the machine's zone far from Paris, as a misconfigured Pi might be."""
    import time  # noqa: PLC0415

    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture
def make_stage(qapp: object) -> Iterator[Callable[..., Any]]:
    """Make stages (Qt Quick windows); close them all after the test."""
    from signage.player.stage import SlideStage  # noqa: PLC0415

    made: list[SlideStage] = []

    def make(*args: Any, **kwargs: Any) -> SlideStage:
        stage = SlideStage(*args, **kwargs)
        made.append(stage)
        return stage

    yield make
    for stage in made:
        stage.close()
        stage.deleteLater()


@pytest.fixture
def players() -> Iterator[list[Any]]:
    """Players a test starts; all stopped (sync waited for, window closed) after it."""
    started: list[Any] = []
    yield started
    for player in started:
        player.stop()
