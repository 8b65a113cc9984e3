"""What a signed screen accepts over time: no poisoning from the future, publication
order kept apart from the cache, key rotation without a visit, and a publish that
never leaves a feed beside another feed's signature (issue 13)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from signage.cli import main
from signage.clock import FixedClock
from signage.config import SourceSection
from signage.sources.sync import Outcome, Syncer
from signage.sources.trust import verify_any
from tests.publishing import copy_example, serving

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def feed(made: datetime, title: str, sequence: int | None = None, **extra: object) -> bytes:
    document: dict[str, object] = {
        "format": "esc-signage-feed",
        "version": 1,
        "generated_at": made.isoformat(),
        "announcements": [{"title": title}],
        **extra,
    }
    if sequence is not None:
        document["sequence"] = sequence
    return json.dumps(document).encode()


def keygen(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["keygen", "--out", str(path)]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


def signed(path: Path, data: bytes, private: Path) -> None:
    path.write_bytes(data)
    assert main(["sign", str(path), "--key", str(private)]) == 0


def screen(path: Path | str, keys: tuple[str, ...], cache: Path, now: datetime = NOW) -> Syncer:
    source = SourceSection(feed=str(path), cache_dir=cache, public_keys=keys)
    return Syncer(source, "maurepas", clock=FixedClock(now))


def shown(report_screen: Syncer) -> str:
    assert report_screen.snapshot is not None
    return report_screen.snapshot.feed.announcements[0].title.pick("fr")


@pytest.fixture
def key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    private = tmp_path / "admins.pem"
    return private, keygen(private, capsys)


def test_a_feed_dated_in_the_future_is_refused_and_does_not_lock_later_feeds(
    key: tuple[Path, str], tmp_path: Path
) -> None:
    private, public = key
    path = tmp_path / "feed.json"
    signed(path, feed(NOW - timedelta(hours=1), "Bonjour"), private)
    kiosk = screen(path, (public,), tmp_path / "cache")
    assert kiosk.sync().outcome is Outcome.UPDATED
    # A publisher whose clock says 2031 (or a thief with the key).
    signed(path, feed(datetime(2031, 1, 1, tzinfo=UTC), "Du futur"), private)
    report = kiosk.sync()
    assert report.outcome is Outcome.REFUSED
    assert "later than this screen's clock" in report.message
    assert shown(kiosk) == "Bonjour"
    # The real next feed goes through: nothing was poisoned.
    signed(path, feed(NOW, "Suite"), private)
    assert kiosk.sync().outcome is Outcome.UPDATED and shown(kiosk) == "Suite"


def test_a_floor_poisoned_before_this_check_existed_heals_by_itself(
    key: tuple[Path, str], tmp_path: Path
) -> None:
    private, public = key
    path = tmp_path / "feed.json"
    # Accepted when the screen's clock was wrong (2031): that feed is now its floor.
    signed(path, feed(datetime(2031, 1, 1, tzinfo=UTC), "Du futur"), private)
    wrong_clock = screen(path, (public,), tmp_path / "cache", now=datetime(2031, 1, 1, tzinfo=UTC))
    assert wrong_clock.sync().outcome is Outcome.UPDATED
    # The clock is right again: an honest feed of today is accepted, not a "replay".
    signed(path, feed(NOW, "Aujourd'hui"), private)
    kiosk = screen(path, (public,), tmp_path / "cache")
    kiosk.start()
    assert kiosk.sync().outcome is Outcome.UPDATED and shown(kiosk) == "Aujourd'hui"


def test_publication_order_survives_a_lost_cache(key: tuple[Path, str], tmp_path: Path) -> None:
    private, public = key
    path = tmp_path / "feed.json"
    old = feed(NOW - timedelta(days=3), "Ancien", sequence=10)
    signed(path, old, private)
    kiosk = screen(path, (public,), tmp_path / "cache")
    kiosk.sync()
    signed(path, feed(NOW - timedelta(days=1), "Récent", sequence=11), private)
    assert kiosk.sync().outcome is Outcome.UPDATED
    kiosk.discard("test: the snapshot is damaged")  # the cache's snapshot is gone
    signed(path, old, private)  # replayed, validly signed
    again = screen(path, (public,), tmp_path / "cache")
    again.start()
    report = again.sync()
    assert report.outcome is Outcome.REFUSED
    assert "publication 10, older than publication 11" in report.message


def test_changing_the_keys_in_the_config_starts_trust_afresh(
    key: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The documented recovery when a key was stolen and used to push a high number."""
    private, public = key
    path = tmp_path / "feed.json"
    signed(path, feed(NOW, "Volé", sequence=2**40), private)
    assert screen(path, (public,), tmp_path / "cache").sync().outcome is Outcome.UPDATED
    fresh = tmp_path / "fresh.pem"
    fresh_public = keygen(fresh, capsys)
    signed(path, feed(NOW, "Repris", sequence=5), fresh)
    kiosk = screen(path, (fresh_public,), tmp_path / "cache")
    kiosk.start()
    assert kiosk.sync().outcome is Outcome.UPDATED and shown(kiosk) == "Repris"


def test_a_key_rotation_needs_no_visit_to_the_screens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_example(tmp_path, capsys)
    old, new = tmp_path / "old.pem", tmp_path / "new.pem"
    old_public, new_public = keygen(old, capsys), keygen(new, capsys)
    with serving(content.out.parent) as base:
        url = f"{base}/{content.out.name}/feed.json"
        kiosk = screen(url, (old_public,), tmp_path / "cache", now=datetime.now(UTC))
        # 1. Signed with the old key, announcing the new one.
        assert content.publish("--key", str(old), "--announce-key", new_public).code == 0
        assert kiosk.sync().outcome is Outcome.UPDATED
        # 2. Signed with the new key only: the screen trusts it without a config edit.
        content.append("admins/announcements.toml", '\n[[announcement]]\ntitle = "Clé neuve"\n')
        assert content.publish("--key", str(new)).code == 0
        report = kiosk.sync()
        assert report.outcome is Outcome.UPDATED, report.message
        # 3. The old key, no longer announced, is no longer trusted: publish says so and
        # refuses; forced, the screen refuses the feed.
        content.append("admins/announcements.toml", '\n[[announcement]]\ntitle = "Ancienne"\n')
        refused = content.publish("--key", str(old))
        assert refused.code == 1 and "not one the screens trust" in refused.out + refused.err
        assert content.publish("--key", str(old), "--new-key").code == 0
        report = kiosk.sync()
        assert report.outcome is Outcome.REFUSED and "signature does not match" in report.message
        kiosk.close()


def test_the_signature_file_also_signs_the_feed_it_replaces(
    key: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A screen reading the new signature and the old feed (between the two renames, or
    after a kill there) still finds its feed's signature."""
    private, public = key
    content = copy_example(tmp_path, capsys)
    assert content.publish("--key", str(private)).code == 0
    old_body = (content.out / "feed.json").read_bytes()
    content.append("admins/announcements.toml", '\n[[announcement]]\ntitle = "Nouveau"\n')
    assert content.publish("--key", str(private)).code == 0
    new_body = (content.out / "feed.json").read_bytes()
    signature = (content.out / "feed.json.sig").read_bytes()
    assert old_body != new_body
    assert verify_any(new_body, signature, (public,)) == public
    assert verify_any(old_body, signature, (public,)) == public


def test_a_full_disk_leaves_feed_and_signature_as_they_were(
    key: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = key
    content = copy_example(tmp_path, capsys)
    assert content.publish("--key", str(private)).code == 0
    before = {p.name: p.read_bytes() for p in content.out.iterdir() if p.is_file()}
    content.append("admins/announcements.toml", '\n[[announcement]]\ntitle = "Nouveau"\n')
    # A file size limit stands in for a full disk: the feed's bytes cannot be written,
    # the signature's (smaller) can. Run as a real process, as cron would.
    limit = len(before["feed.json"]) - 1

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "signage",
            "publish",
            str(content.admins),
            str(content.out),
            "--key",
            str(private),
        ],
        capture_output=True,
        text=True,
        preexec_fn=small_files,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "feed and its signature are unchanged" in run.stderr
    after = {p.name: p.read_bytes() for p in content.out.iterdir() if p.is_file()}
    assert after == before  # no temp file left, nothing replaced
    assert verify_any(after["feed.json"], after["feed.json.sig"], (public,)) == public
    # A temp file left by a publish killed earlier is cleared by the next one.
    (content.out / ".feed.json.abc.tmp").write_bytes(b"half")
    assert content.publish("--key", str(private)).code == 0
    assert not list(content.out.glob(".*.tmp"))


def test_signature_files_are_readable_by_a_web_server(
    key: tuple[Path, str], tmp_path: Path
) -> None:
    private, _ = key
    path = tmp_path / "feed.json"
    signed(path, feed(NOW, "Bonjour"), private)
    assert (tmp_path / "feed.json.sig").stat().st_mode & 0o777 == 0o644
