"""Signed feeds: round trip, tampered feed, wrong key, replayed older feed, no signature."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from signage.cli import main
from signage.config import SourceSection
from signage.sources.sync import Outcome, Syncer


def feed(generated_at: str, title: str = "Bonjour") -> bytes:
    return json.dumps(
        {
            "format": "esc-signage-feed",
            "version": 1,
            "generated_at": generated_at,
            "announcements": [{"title": title}],
        }
    ).encode()


@pytest.fixture
def keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    private = tmp_path / "admin.pem"
    assert main(["keygen", "--out", str(private)]) == 0
    public = capsys.readouterr().out.strip().splitlines()[-1]
    assert private.stat().st_mode & 0o077 == 0  # private: readable by its owner only
    return private, public


def publish(path: Path, data: bytes, private: Path) -> None:
    path.write_bytes(data)
    assert main(["sign", str(path), "--key", str(private)]) == 0


def syncer(path: Path, public: str, tmp_path: Path) -> Syncer:
    source = SourceSection(feed=str(path), cache_dir=tmp_path / "cache", public_key=public)
    return Syncer(source, "maurepas")


def test_a_signed_feed_is_accepted(keys: tuple[Path, str], tmp_path: Path) -> None:
    private, public = keys
    publish(tmp_path / "feed.json", feed("2026-11-28T08:00:00+01:00"), private)
    assert syncer(tmp_path / "feed.json", public, tmp_path).sync().outcome is Outcome.UPDATED


def test_a_tampered_feed_is_refused_and_the_good_one_kept(
    keys: tuple[Path, str], tmp_path: Path
) -> None:
    private, public = keys
    path = tmp_path / "feed.json"
    publish(path, feed("2026-11-28T08:00:00+01:00"), private)
    screen = syncer(path, public, tmp_path)
    screen.sync()
    path.write_bytes(feed("2026-11-28T09:00:00+01:00", "Piraté"))  # the old signature stays
    report = screen.sync()
    assert report.outcome is Outcome.REFUSED
    assert "signature does not match" in report.message
    assert report.snapshot is not None
    assert report.snapshot.feed.announcements[0].title.pick("fr") == "Bonjour"


def test_a_feed_signed_with_another_key_is_refused(
    keys: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, _ = keys
    assert main(["keygen", "--out", str(tmp_path / "other.pem")]) == 0
    other_public = capsys.readouterr().out.strip().splitlines()[-1]
    publish(tmp_path / "feed.json", feed("2026-11-28T08:00:00+01:00"), private)
    report = syncer(tmp_path / "feed.json", other_public, tmp_path).sync()
    assert report.outcome is Outcome.REFUSED and "signature does not match" in report.message


def test_an_unsigned_feed_is_refused(keys: tuple[Path, str], tmp_path: Path) -> None:
    _, public = keys
    (tmp_path / "feed.json").write_bytes(feed("2026-11-28T08:00:00+01:00"))
    report = syncer(tmp_path / "feed.json", public, tmp_path).sync()
    assert report.outcome is Outcome.REFUSED and "not signed" in report.message


def test_an_older_signed_feed_is_a_replay(keys: tuple[Path, str], tmp_path: Path) -> None:
    private, public = keys
    path = tmp_path / "feed.json"
    publish(path, feed("2026-11-28T08:00:00+01:00", "Récent"), private)
    screen = syncer(path, public, tmp_path)
    screen.sync()
    publish(path, feed("2026-11-20T08:00:00+01:00", "Ancien"), private)  # validly signed
    report = screen.sync()
    assert report.outcome is Outcome.REFUSED and "replay" in report.message
    assert report.snapshot is not None
    assert report.snapshot.feed.announcements[0].title.pick("fr") == "Récent"


def test_a_bad_public_key_in_the_config_is_explained(tmp_path: Path) -> None:
    from signage.config import load_config  # noqa: PLC0415

    path = tmp_path / "screen.toml"
    path.write_text('[site]\nid = "m"\n[source]\nfeed = "f.json"\npublic_key = "abc"\n')
    (message,) = [str(p) for p in load_config(path).errors]
    assert re.match(r"source\.public_key: 'abc' is not an Ed25519 public key", message)
