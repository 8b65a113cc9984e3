"""``signage render`` end to end: a PNG of the requested slide and size."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from signage.cli import _command_in, _parser, main
from signage.config import LoadedConfig


@pytest.mark.parametrize(
    "slide", ["semainier", "agenda", "wifi", "apps", "announcements", "posters", "fallback"]
)
def test_render_writes_the_slide(
    tmp_path: Path, demo_config: LoadedConfig, slide: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{slide}.png"
    code = main(
        [
            "render",
            "--config",
            str(demo_config.path),
            "--slide",
            slide,
            "--size",
            "1280x720",
            "--at",
            "2026-11-28T10:40",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_render_says_when_there_is_nothing_of_that_kind(
    tmp_path: Path, demo_config: LoadedConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    # Sunday: the demo semainier has no slot on Sundays.
    code = main(
        [
            "render",
            "--config",
            str(demo_config.path),
            "--slide",
            "semainier",
            "--at",
            "2026-11-29T10:00",
            "--out",
            str(tmp_path / "x.png"),
        ]
    )
    assert code == 1
    assert "no semainier slide" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()


def test_render_rejects_a_bad_size(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["render", "--slide", "wifi", "--size", "huge", "--out", str(tmp_path / "x.png")])
    assert "WIDTHxHEIGHT" in capsys.readouterr().err


def test_a_crash_leaves_a_line_in_the_log(tmp_path: Path) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    code = (
        "import sys, threading; from signage import cli; cli._log_crashes();"
        "import logging; logging.basicConfig();"
        "t = threading.Thread(target=lambda: 1 / 0, name='sync'); t.start(); t.join();"
        "raise RuntimeError('painter exploded')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert "crash in thread sync: ZeroDivisionError" in result.stderr
    assert "crash: RuntimeError: painter exploded" in result.stderr


def test_help_lists_every_command_and_a_typo_names_them(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    for name in ("run", "render", "poster", "validate", "fetch", "publish", "console", "serve"):
        assert name in listed
    with pytest.raises(SystemExit) as exited:
        main(["-v", "valdate"])
    assert exited.value.code == 2
    assert "invalid choice: 'valdate'" in capsys.readouterr().err


def test_a_screen_command_is_read_by_its_own_parser() -> None:
    # ``signage run`` and ``render`` make only their own parsers (the start waits on it).
    args = _parser(_command_in(["-v", "run", "--config", "x.toml", "--windowed"])).parse_args(
        ["-v", "run", "--config", "x.toml", "--windowed"]
    )
    assert (args.command, args.config, args.windowed, args.verbose) == (
        "run",
        Path("x.toml"),
        True,
        True,
    )
    with pytest.raises(SystemExit):
        _parser("run").parse_args(["validate", "x.toml"])  # not made for a screen's start
