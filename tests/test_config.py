"""Screen config: every mistake named with its key path, the bad value and what is expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from signage.cli import main
from signage.config import (
    MAX_DURATION,
    MIN_DURATION,
    ConfigUnreadable,
    DisplayMode,
    SlideKind,
    load_config,
)

GOOD = """
[site]
id = "maurepas"

[source]
feed = "feed.json"

[display]
mode = "windowed"
language = "en"

[[playlist]]
kind = "semainier"
duration = 20

[[playlist]]
kind = "agenda"
duration = 15
days = 14
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "screen.toml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "feed.json").write_text("{}", encoding="utf-8")
    return path


def messages(tmp_path: Path, text: str) -> list[str]:
    return [str(p) for p in load_config(write(tmp_path, text)).errors]


def test_a_good_config_is_read_with_paths_relative_to_it(tmp_path: Path) -> None:
    loaded = load_config(write(tmp_path, GOOD))
    assert loaded.problems == ()
    config = loaded.config
    assert config is not None
    assert config.source.feed_path == (tmp_path / "feed.json").resolve()
    assert config.display.mode is DisplayMode.WINDOWED
    assert [e.kind for e in config.playlist] == [SlideKind.SEMAINIER, SlideKind.AGENDA]
    assert config.playlist[1].days == 14


def test_missing_site_id(tmp_path: Path) -> None:
    assert messages(tmp_path, GOOD.replace('id = "maurepas"', "")) == [
        "site.id: is required but missing"
    ]


def test_misspelt_key_gets_a_suggestion(tmp_path: Path) -> None:
    assert messages(tmp_path, GOOD.replace("duration = 20", "durration = 20")) == [
        "playlist[0].durration: is not a known setting; did you mean 'duration'?"
    ]


def test_unknown_slide_kind_lists_the_allowed_ones(tmp_path: Path) -> None:
    (message,) = messages(tmp_path, GOOD.replace('kind = "agenda"', 'kind = "agendas"'))
    assert message.startswith("playlist[1].kind: 'agendas' is not allowed; expected one of")
    assert "'agenda'" in message and "'wifi'" in message


def test_duration_that_is_not_a_number(tmp_path: Path) -> None:
    assert messages(tmp_path, GOOD.replace("duration = 20", 'duration = "vingt"')) == [
        "playlist[0].duration: 'vingt' is not a number"
    ]


def test_bad_language_and_mode_are_both_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace('language = "en"', 'language = "de"').replace(
        'mode = "windowed"', 'mode = "window"'
    )
    found = messages(tmp_path, text)
    assert len(found) == 2
    assert found[0].startswith("display.mode: 'window' is not allowed; expected one of")
    assert found[1] == "display.language: 'de' has no interface translation; available: ar, en, fr"


def test_unknown_time_zone(tmp_path: Path) -> None:
    text = GOOD.replace('id = "maurepas"', 'id = "maurepas"\ntimezone = "Europe/Rennes"')
    assert messages(tmp_path, text) == [
        "site.timezone: 'Europe/Rennes' is not a known time zone (example: 'Europe/Paris')"
    ]


def test_site_id_with_capitals_and_spaces(tmp_path: Path) -> None:
    assert messages(tmp_path, GOOD.replace('"maurepas"', '"ESC Maurepas"')) == [
        "site.id: 'ESC Maurepas' has the wrong form"
    ]


def test_empty_playlist(tmp_path: Path) -> None:
    text = "playlist = []\n" + GOOD.split("[[playlist]]", maxsplit=1)[0]
    assert messages(tmp_path, text) == ["playlist: needs at least 1 entry"]


def test_playlist_under_the_wrong_table_is_pointed_at(tmp_path: Path) -> None:
    text = GOOD.split("[[playlist]]", maxsplit=1)[0] + 'playlist = [{kind = "wifi"}]\n'
    assert messages(tmp_path, text) == [
        "display.playlist: 'playlist' is not a setting of [display]; "
        "move it above the [display] line or into its own table"
    ]


def test_durations_are_clamped_with_a_warning(tmp_path: Path) -> None:
    text = GOOD.replace("duration = 20", "duration = 1").replace("duration = 15", "duration = 9000")
    loaded = load_config(write(tmp_path, text))
    assert loaded.errors == ()
    assert loaded.config is not None
    assert [e.duration for e in loaded.config.playlist] == [MIN_DURATION, MAX_DURATION]
    assert [str(w) for w in loaded.warnings] == [
        "playlist[0].duration: 1 seconds is outside 5 to 600; 5 will be used",
        "playlist[1].duration: 9000 seconds is outside 5 to 600; 600 will be used",
    ]


def test_missing_feed_file_is_a_warning(tmp_path: Path) -> None:
    loaded = load_config(write(tmp_path, GOOD.replace('"feed.json"', '"nowhere.json"')))
    assert loaded.errors == ()
    assert "nowhere.json does not exist" in str(loaded.warnings[0])


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file"),
        ("[site\nid = 1", "not valid TOML"),
        (b"\xff\xfe[site]", "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: str | bytes | None, words: str) -> None:
    path = tmp_path / "screen.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigUnreadable, match=words):
        load_config(path)


def test_validate_command_exit_codes_and_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD)
    assert main(["validate", str(path)]) == 0
    assert "valid" in capsys.readouterr().out

    path.write_text(
        GOOD.replace("duration = 20", "durration = 20").replace(
            'language = "en"', 'language = "de"'
        ),
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: error: playlist[0].durration: is not a known setting" in err
    assert f"{path}: error: display.language: 'de' has no interface translation" in err
    assert "2 problems; not valid" in err

    path.write_text("not = toml = at all", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert "not valid TOML" in capsys.readouterr().err


def test_bundled_demo_config_is_valid() -> None:
    from signage.resources import demo_config_path  # noqa: PLC0415

    loaded = load_config(demo_config_path())
    assert loaded.errors == ()


# -- values no person writes (issue 25): bounded before any check, never echoed -------------


def test_a_huge_value_is_refused_at_once_without_echoing_it(tmp_path: Path) -> None:
    import time  # noqa: PLC0415

    huge = "a/" * 100_000  # 200,000 characters: a 1 MB one took 40 s to resolve
    began = time.monotonic()
    found = messages(tmp_path, GOOD.replace("[display]", f'[display]\nlogo = "{huge}"'))
    assert time.monotonic() - began < 1
    assert found == [
        "display.logo: is 200,000 characters long; at most 4,096 "
        "(a path or an address, e.g. 'logo-ccas.png')"
    ]


def test_a_config_file_of_a_megabyte_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, GOOD + "# " + "x" * 1_000_000 + "\n")
    assert main(["validate", str(path)]) == 2
    assert "a screen config is at most 256 KB" in capsys.readouterr().err


def test_a_nul_character_in_a_path_is_a_problem_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GOOD.replace('feed = "feed.json"', 'feed = "feed\\u0000.json"').replace(
        "[display]", '[display]\nlogo = "logo\\u0000.png"'
    )
    path = write(tmp_path, text + '[[sources]]\nkind = "csv"\nurl = "a\\u0000.csv"\n')
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for key in ("source.feed", "display.logo", "sources[0].url"):
        assert f"{key}: holds a NUL character" in err


def test_a_list_of_a_million_entries_is_refused_whole(tmp_path: Path) -> None:
    closures = ", ".join(['"2026-12-25"'] * 5000)
    found = messages(tmp_path, GOOD + f"\n[hours]\nclosures = [{closures}]\n")
    assert found == ["hours.closures: has 5,000 entries; at most 1,000"]


def test_a_checks_message_never_repeats_kilobytes(tmp_path: Path) -> None:
    found = messages(tmp_path, GOOD.replace('feed = "feed.json"', f'feed = "ftp://{"x" * 4000}"'))
    assert len(found) == 1 and found[0].startswith("source.feed: 'ftp://xxx")
    assert len(found[0]) < 320


def test_a_named_pipe_as_config_is_refused_not_waited_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os  # noqa: PLC0415

    os.mkfifo(tmp_path / "screen.toml")
    assert main(["validate", str(tmp_path / "screen.toml")]) == 2
    assert "is not a file (a pipe or a device)" in capsys.readouterr().err
