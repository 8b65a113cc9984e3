"""Local files are inputs too: a named pipe, a link loop, a link out of the folder or a
NUL in a file name is refused with its item's key, in ``publish`` and on a screen, and
nothing else is lost. Every test here hung or raised before (issue 25)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from signage.config import load_config
from signage.resources import assets_dir
from signage.sources.sync import Outcome, Syncer
from tests.publishing import Content, copy_example

POSTER = "images/fete-du-numerique.png"


@pytest.fixture
def content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Content:
    return copy_example(tmp_path, capsys)


def _name_poster_image(content: Content, reference: str) -> None:
    path = content.admins / "posters.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace(f'image = "{POSTER}"', f"image = {json.dumps(reference)}"))


def _publish_in_a_process(content: Content, *extra: str) -> subprocess.CompletedProcess[str]:
    """A real ``signage publish``, given 60 s (a named pipe made it wait for ever)."""
    command = [sys.executable, "-m", "signage", "publish", str(content.admins), str(content.out)]
    return subprocess.run(
        [*command, *extra], capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda images: os.mkfifo(images / "pipe.png"), "is not a regular file"),
        (lambda images: (images / "pipe.png").symlink_to("pipe.png"), "leads back to itself"),
        (lambda images: (images / "pipe.png").symlink_to("/etc/hostname"), "outside the folder"),
    ],
    ids=["fifo", "link-loop", "link-out"],
)
def test_a_poster_image_that_is_not_a_file_of_the_folder_is_refused_with_its_key(
    content: Content, make: object, said: str
) -> None:
    make(content.admins / "images")  # type: ignore[operator]
    _name_poster_image(content, "images/pipe.png")
    run = _publish_in_a_process(content, "--dry-run")
    assert "Traceback" not in run.stderr
    assert "admins/posters.toml, [[poster]] 1 (line 3), image: 'images/pipe.png'" in run.stderr
    assert said in run.stderr
    assert run.returncode == 1


@pytest.mark.parametrize(
    ("file", "field", "where"),
    [
        ("posters.toml", "image", "[[poster]] 1 (line 3), image"),
        ("apps.toml", "icon", "[[app]] 1 (line 3), icon"),
        ("sites.toml", "logo", "[[site]] 1 (line 5), logo"),
    ],
)
def test_a_nul_character_in_an_image_name_is_refused_with_its_key(
    content: Content, file: str, field: str, where: str
) -> None:
    path = content.admins / file
    text = path.read_text("utf-8")
    if field == "image":
        text = text.replace(f'image = "{POSTER}"', 'image = "images/fete\\u0000.png"')
    else:
        head = "[[app]]\n" if file == "apps.toml" else "[[site]]\n"
        text = text.replace(head, f'{head}{field} = "images/logo\\u0000.png"\n', 1)
    path.write_text(text, "utf-8")
    run = _publish_in_a_process(content, "--dry-run")
    assert "Traceback" not in run.stderr
    assert f"admins/{file}, {where}" in run.stderr
    assert "NUL character" in run.stderr
    assert run.returncode == 1


def test_a_calendar_named_with_a_nul_or_looping_is_refused_and_the_rest_published(
    content: Content,
) -> None:
    (content.root / "mediateurs/workshops/loop.ics").symlink_to("loop.ics")
    content.write(
        "mediateurs/calendars.toml",
        '[[calendar]]\nfile = "workshops/x\\u0000.ics"\nsites = ["maurepas"]\n',
    )
    run = _publish_in_a_process(content)
    assert "Traceback" not in run.stderr
    assert "mediateurs/workshops/loop.ics: is a link that leads back to itself" in run.stderr
    assert "calendars.toml, [[calendar]] 1 (line 1), file: the file name holds a NUL" in run.stderr
    assert run.returncode == 3  # the partner's part is held back, the admins' published
    assert (content.out / "feed.json").is_file()


def test_a_named_pipe_as_a_semainier_is_refused_not_waited_for(content: Content) -> None:
    os.mkfifo(content.root / "ccas/semainier/villejean.csv")
    began = time.monotonic()
    run = _publish_in_a_process(content, "--dry-run")
    assert time.monotonic() - began < 30
    assert "ccas/semainier/villejean.csv: is not a regular file" in run.stderr
    assert run.returncode == 3  # the CCAS's part only


# -- on a screen ----------------------------------------------------------------------


def _local_feed(folder: Path, posters: list[dict[str, object]]) -> Path:
    document = {
        "format": "esc-signage-feed",
        "version": 1,
        "sites": [{"id": "maurepas", "name": "ESC Maurepas"}],
        "announcements": [{"title": "Bonjour"}],
        "posters": posters,
    }
    feed = folder / "feed.json"
    feed.write_text(json.dumps(document), "utf-8")
    return feed


def _syncer(feed: Path, tmp_path: Path, deadline: int = 90) -> Syncer:
    config = tmp_path / "screen.toml"
    config.write_text(
        f'[site]\nid = "maurepas"\n[source]\nfeed = "{feed}"\ndeadline_seconds = {deadline}\n'
        f'cache_dir = "{tmp_path / "cache"}"\n[[playlist]]\nkind = "posters"\nduration = 10\n',
        "utf-8",
    )
    loaded = load_config(config)
    assert loaded.config is not None, loaded.problems
    syncer = Syncer(loaded.config.source, "maurepas")
    syncer.start()
    return syncer


def test_a_screens_looping_fifo_or_nul_named_poster_drops_that_poster_only(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copyfile(assets_dir() / "demo/poster-fete-du-numerique.png", folder / "good.png")
    (folder / "loop.png").symlink_to("loop.png")
    os.mkfifo(folder / "pipe.png")
    posters = [
        {"id": name, "image": name, "alt": name}
        for name in ("good.png", "loop.png", "pipe.png", "nul\0.png")
    ]
    syncer = _syncer(_local_feed(folder, posters), tmp_path)
    try:
        began = time.monotonic()
        report = syncer.sync()
        assert time.monotonic() - began < 20
    finally:
        syncer.close()
    assert report.outcome is Outcome.UPDATED, report.message
    assert report.snapshot is not None
    assert [p.id for p in report.snapshot.feed.posters] == ["good.png"]
    assert [a.title.pick("fr") for a in report.snapshot.feed.announcements] == ["Bonjour"]
    why = {d.reason for d in report.snapshot.dropped if d.section == "posters"}
    assert any("leads back to itself" in w for w in why), why
    assert any("not a regular file" in w for w in why), why
    assert any("NUL character" in w for w in why), why


def test_a_named_pipe_as_a_screens_feed_fails_the_sync_at_once(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    os.mkfifo(feed)
    syncer = _syncer(feed, tmp_path, deadline=5)
    try:
        began = time.monotonic()
        report = syncer.sync()
        assert time.monotonic() - began < 5
    finally:
        syncer.close()
    assert report.outcome is not Outcome.UPDATED
    assert "not a regular file" in report.message


def test_a_local_read_stops_at_its_deadline() -> None:
    from signage.sources.local_files import LocalFileRefused, read_regular_file  # noqa: PLC0415

    # /dev/zero is endless: refused as not a regular file before any read.
    with pytest.raises(LocalFileRefused, match="not a regular file"):
        read_regular_file(Path("/dev/zero"), 10_000_000, deadline=time.monotonic() + 5)
    # A regular file read after the deadline passed.
    with pytest.raises(LocalFileRefused, match="deadline"):
        read_regular_file(Path(__file__), 10_000_000, deadline=time.monotonic() - 1)
