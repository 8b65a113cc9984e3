"""A screen config checked once is read back at the next start, never stale, never
someone else's."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signage.config import ScreenConfig, SlideKind, load_config, read_toml
from signage.remote.identity import Identity, write_identity

CONFIG = """
[site]
id = "maurepas"
[source]
feed = "feed.json"
refresh_minutes = 10
[display]
logo = "logo.png"
[[playlist]]
kind = "semainier"
duration = 20
from = "08:30"
"""


def write(folder: Path, text: str = CONFIG) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "feed.json").touch()
    path = folder / "screen.toml"
    path.write_text(text, "utf-8")
    return path


def kept_files(state: Path) -> list[Path]:
    return sorted((state / "esc-signage" / "ready").glob("screenconfig-*"))


def paired(folder: Path) -> Path:
    """A screen paired with a console: its config names the console only; the site, the
    feed and the key come from the pairing (``identity.json``)."""
    key = base64.b64encode(bytes(32)).decode()
    identity = Identity("https://ecrans.example.org/", "t" * 40, 7, "https://f.example/f.json", key)
    write_identity(folder / "console", identity)
    return write(folder, '[console]\nurl = "https://ecrans.example.org/"\nfolder = "console"\n')


@pytest.mark.parametrize("screen", ["local", "paired"])
def test_a_second_start_reads_the_checked_config_without_pydantic(
    tmp_path: Path, state_folder: Path, screen: str
) -> None:
    path = write(tmp_path / "screen") if screen == "local" else paired(tmp_path / "screen")
    code = (
        "import sys; from pathlib import Path; from signage.config import load_config;"
        f"loaded = load_config(Path({str(path)!r}));"
        "print(loaded.config.site.id, loaded.config.source.feed, 'pydantic' in sys.modules)"
    )
    env = {**os.environ, "XDG_STATE_HOME": str(state_folder)}

    def start() -> str:
        run = subprocess.run(
            [sys.executable, "-c", code], check=False, capture_output=True, text=True, env=env
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    feed = tmp_path / "screen" / "feed.json" if screen == "local" else "https://f.example/f.json"
    site = "maurepas" if screen == "local" else "unknown"  # a site comes with its settings
    assert start() == f"{site} {feed} True"  # checked, and kept
    assert kept_files(state_folder)
    assert start() == f"{site} {feed} False"  # read back: same config, no pydantic


def test_an_edited_config_is_checked_again(tmp_path: Path, state_folder: Path) -> None:
    path = write(tmp_path)
    assert load_config(path).config is not None
    path.write_text(CONFIG.replace("duration = 20", "duration = 45"), "utf-8")
    loaded = load_config(path)
    assert loaded.config is not None and loaded.config.playlist[0].duration == 45
    # A mistake after a good config: the mistake is reported, not the old config used.
    path.write_text(CONFIG.replace('kind = "semainier"', 'kind = "semaine"'), "utf-8")
    broken = load_config(path)
    assert broken.config is None
    assert "playlist[0].kind" in [p.path for p in broken.errors]
    # Warnings are the file's of today, not those of the start that checked it.
    path.write_text(CONFIG.replace("duration = 20", "duration = 2"), "utf-8")
    for _ in range(2):
        assert [p.path for p in load_config(path).warnings] == ["playlist[0].duration"]


def test_the_same_file_moved_resolves_its_paths_where_it_now_is(tmp_path: Path) -> None:
    first = load_config(write(tmp_path / "a")).config
    second = load_config(write(tmp_path / "b")).config
    assert first is not None and second is not None
    assert first.display.logo == tmp_path / "a" / "logo.png"
    assert second.display.logo == tmp_path / "b" / "logo.png"


def test_a_kept_config_others_may_write_or_damaged_is_not_used(
    tmp_path: Path, state_folder: Path
) -> None:
    path = write(tmp_path)
    assert load_config(path).config is not None
    (kept,) = kept_files(state_folder)
    kept.chmod(0o664)  # someone else could have put code in it: checked again
    loaded = load_config(path)
    assert loaded.config is not None and loaded.config.site.id == "maurepas"
    kept.write_bytes(kept.read_bytes()[:40])  # damaged (a power cut): checked again
    kept.chmod(0o600)
    assert load_config(path).config == loaded.config


def test_a_state_folder_that_cannot_be_written_still_gives_the_config(
    tmp_path: Path, state_folder: Path
) -> None:
    (state_folder / "esc-signage").write_text("not a folder")  # where the folder would go
    for _ in range(2):
        loaded = load_config(write(tmp_path))
        assert loaded.config is not None and loaded.problems == ()
    assert kept_files(state_folder) == []


@given(
    kinds=st.lists(st.sampled_from(list(SlideKind)), min_size=1, max_size=6),
    durations=st.lists(st.floats(0, 1000, allow_nan=False), min_size=6, max_size=6),
    name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()),
)
def test_a_config_read_back_equals_the_config_checked(
    tmp_path_factory: pytest.TempPathFactory,
    kinds: list[SlideKind],
    durations: list[float],
    name: str,
) -> None:
    folder = tmp_path_factory.mktemp("screen")
    entries = "".join(
        f'[[playlist]]\nkind = "{kind.value}"\nduration = {duration!r}\n'
        for kind, duration in zip(kinds, durations, strict=False)
    )
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    text = f'[site]\nid = "m"\nname = "{quoted}"\n[source]\nfeed = "f.json"\n{entries}'
    path = folder / "screen.toml"
    try:
        path.write_text(text, "utf-8")
        raw = read_toml(path)
    except Exception:  # a name TOML cannot hold in a basic string: not this test's case
        return
    first, second = load_config(path), load_config(path)
    assert first == second
    try:
        checked: ScreenConfig | None = ScreenConfig.model_validate(raw)
    except ValueError:
        checked = None
    assert (first.config is None) == (checked is None)
