"""The ``signage`` command line: run, render, validate.

Qt is imported only by the commands that paint, so ``validate`` works on a machine with
no display libraries at all.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

from platformdirs import user_cache_dir

from signage import __version__, compiled_methods
from signage.bounds import FIRST_DAY, LAST_DAY
from signage.config import (
    ConfigUnreadable,
    LoadedConfig,
    ScreenConfig,
    SlideKind,
    ThemeName,
    load_config,
)
from signage.feed import feed_json_schema
from signage.i18n import available_languages
from signage.model.site import DEFAULT_TIMEZONE

log = logging.getLogger("signage")

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # the shell's codes for SIGINT and SIGTERM


def entry() -> int:
    """The ``signage`` command and ``python -m signage``: ``main`` in a process of its own.

    At exit the interpreter's collector makes a last pass over every object still alive
    (the models, Qt's wrappers, the content): 60–80 ms at the end of ``signage render``,
    for memory the system takes back at once. Frozen objects are left out of that pass.
    """
    code = main(own_process=True)
    compiled_methods.keep()
    gc.freeze()
    return code


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """The command line; ``own_process`` when nothing else runs in this process (the
    ``signage`` command): painting commands then load no widget module."""
    parser = _parser(_command_in(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    args.widgets = not own_process
    if getattr(args, "handler", None) not in (_run, _render):
        gc.enable()  # off for a screen's start only (``signage/__main__.py``)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    _log_crashes()
    # APScheduler logs every run of every job at INFO: a line per sync is noise in the
    # journal. Its warnings and errors still come through.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # SIGTERM (systemctl stop, a kill) unwinds like Ctrl-C: locks released, temporary
    # files removed. `run` installs its own handlers for the Qt loop.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("signage: stopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print("signage: stopped", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:
        # Piped into `head`, which stopped reading: end quietly, as Python's docs advise
        # (stdout pointed at /dev/null so the interpreter's last flush fails no more).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


class _Terminated(Exception):
    """SIGTERM arrived: unwind (finally blocks run) and exit 143."""


def _terminate(number: int, frame: Any) -> None:
    raise _Terminated


def _log_crashes() -> None:
    """An uncaught exception (in a Qt slot, a worker thread or the main code) leaves one
    line in the log (journald under systemd) saying what failed, with its traceback."""

    def hook(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        log.critical("crash: %s: %s", kind.__name__, error, exc_info=(kind, error, trace))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical(
                "crash in thread %s: %s: %s",
                args.thread.name if args.thread else "?",
                args.exc_type.__name__,
                args.exc_value,
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )

    sys.excepthook = hook
    threading.excepthook = thread_hook


# A screen's own commands: their start waits on the parser, made without the others.
_SCREEN_COMMANDS: Final = ("run", "render")


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (its first word not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``only`` one of ``_SCREEN_COMMANDS``, just the screen's
    commands: argparse looks up a translation of its messages for each of the twenty
    others (10 ms of a screen's 230 ms start). Anything else (``--help``, another
    command, a typo) gets them all."""
    parser = argparse.ArgumentParser(
        prog="signage", description="Lobby-screen player of the Espaces Sociaux Communs."
    )
    parser.add_argument("--version", action="version", version=f"signage {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more details")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="show the slides (fullscreen unless --windowed)")
    run.add_argument("--config", type=Path, help="screen config (default: the bundled demo)")
    run.add_argument(
        "--windowed",
        action="store_true",
        default=None,
        help="a desktop preview window; Esc or Q quits",
    )
    run.set_defaults(handler=_run)

    render = commands.add_parser("render", help="paint one slide into a PNG file, offscreen")
    render.add_argument("--config", type=Path, help="screen config (default: the bundled demo)")
    render.add_argument(
        "--slide",
        required=True,
        choices=[k.value for k in SlideKind] + ["fallback", "pairing"],
        help="pairing: what a screen installed with --console shows until it is paired",
    )
    render.add_argument("--size", default="1920x1080", type=_size, help="WIDTHxHEIGHT (1920x1080)")
    render.add_argument("--at", type=_instant, help="ISO date-time to show (default: now)")
    render.add_argument("--page", type=int, default=1, help="which page of that kind (1)")
    render.add_argument(
        "--theme", choices=[t.value for t in ThemeName], help="theme to use instead of the config's"
    )
    render.add_argument("--language", help="language to use instead of the config's")
    render.add_argument("--out", type=Path, required=True, help="PNG file to write")
    render.set_defaults(handler=_render)

    if only in _SCREEN_COMMANDS:
        return parser

    poster = commands.add_parser("poster", help="print a slide as a vector PDF poster")
    poster.add_argument("--config", type=Path, help="screen config (default: the bundled demo)")
    poster.add_argument(
        "--slide",
        required=True,
        choices=["wifi", "apps", "semainier", "agenda", "rooms"],
        help="semainier: the whole week; agenda: the coming month; rooms: a week plan "
        "per room, a page each, to pin on its door",
    )
    poster.add_argument("--paper", choices=["A4", "A3"], default="A4")
    poster.add_argument("--orientation", choices=["portrait", "landscape"], default="portrait")
    poster.add_argument("--at", type=_instant, help="ISO date-time the poster is for (now)")
    poster.add_argument("--language", help="language of the poster (the screen's by default)")
    poster.add_argument("--out", type=Path, required=True, help="PDF file to write")
    poster.set_defaults(handler=_poster)

    schedule = commands.add_parser("schedule", help="print what the screen will show when")
    schedule.add_argument("--config", type=Path, help="screen config (default: the bundled demo)")
    schedule.add_argument("--from", dest="start", type=_instant, help="ISO date-time (now)")
    schedule.add_argument("--to", dest="end", type=_instant, help="ISO date-time (7 days on)")
    schedule.set_defaults(handler=_schedule)

    status = commands.add_parser("status", help="what a running screen shows, its sync, age")
    status.add_argument("--config", type=Path, required=True, help="screen config")
    status.add_argument("--json", action="store_true", help="the status file as JSON")
    status.set_defaults(handler=_status)

    report = commands.add_parser("report", help="proof of display: showings per slide kind")
    report.add_argument("--config", type=Path, required=True, help="screen config")
    report.add_argument("--since", type=_instant, required=True, help="ISO date (2026-11-01)")
    report.add_argument("--site", help="only this site's showings")
    report.set_defaults(handler=_report_shows)

    screenshot = commands.add_parser("screenshot", help="save what the running screen shows")
    screenshot.add_argument("--config", type=Path, required=True, help="screen config")
    screenshot.add_argument("--out", type=Path, required=True, help="PNG file to write")
    screenshot.set_defaults(handler=_screenshot)

    install = commands.add_parser("install", help="start this screen at login (systemd user)")
    install.add_argument("--config", type=Path, help="screen config (default: a copy of the demo)")
    install.add_argument(
        "--console",
        metavar="URL",
        help="managed from this console: the screen shows a pairing code, a referent types "
        "it in the console, and everything else is set there",
    )
    install.set_defaults(handler=_install)
    uninstall = commands.add_parser("uninstall", help="undo `signage install`")
    uninstall.set_defaults(handler=_uninstall)

    keygen = commands.add_parser("keygen", help="make the admins' Ed25519 key pair")
    keygen.add_argument("--out", type=Path, required=True, help="private key file to write")
    keygen.set_defaults(handler=_keygen)
    sign = commands.add_parser("sign", help="sign a feed file (writes FEED.sig beside it)")
    sign.add_argument("feed", type=Path)
    sign.add_argument("--key", type=Path, required=True, help="private key from keygen")
    sign.set_defaults(handler=_sign)

    # Imported here: a screen's start reads neither (3 ms).
    from signage.console import command as console_command  # noqa: PLC0415
    from signage.publish import command as publish_command  # noqa: PLC0415

    publish_command.add_parser(commands)
    console_command.add_parser(commands)

    serve = commands.add_parser("serve", help="serve a published folder over HTTP (ETag, 304)")
    serve.add_argument("folder", type=Path)
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (0.0.0.0)")
    serve.add_argument(
        "--per-client",
        type=int,
        default=32,
        help="connections one address may hold (32; raise it for many screens behind one NAT)",
    )
    serve.set_defaults(handler=_serve)

    validate = commands.add_parser("validate", help="check a screen config, list every problem")
    validate.add_argument("config", type=Path)
    validate.set_defaults(handler=_validate)

    fetch = commands.add_parser("fetch", help="run one sync now and say what it got")
    fetch.add_argument("--config", type=Path, required=True, help="screen config")
    fetch.set_defaults(handler=_fetch)

    schema = commands.add_parser("schema", help="print the JSON Schema of feed format 1")
    schema.set_defaults(handler=_schema)
    return parser


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1920x1080") from None
    if not (160 <= width <= 8192 and 160 <= height <= 8192):
        raise argparse.ArgumentTypeError(f"{text!r}: each side must be 160 to 8192 pixels")
    return width, height


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO date-time, e.g. 2026-12-01T10:30"
        ) from None
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        # A week or a zone offset later would overflow Python's dates near 9999.
        raise argparse.ArgumentTypeError(
            f"{text!r} is outside the years {FIRST_DAY.year} to {LAST_DAY.year}, "
            "e.g. 2026-12-01T10:30"
        )
    return moment


DEMO_WEEKS_KEPT = 4


def _load(path: Path | None, today: datetime) -> LoadedConfig:
    if path is None:
        from signage.demo import prepare_demo  # noqa: PLC0415 (a screen has a config)

        path = prepare_demo(_demo_folder(today), today.date())
    return load_config(path)


def _demo_folder(today: datetime) -> Path:
    """The bundled demo of the week of ``today``: a folder per week, so that every run of
    a week (``--at`` another week included) reuses its checked cache; the few weeks used
    last are kept, nothing piles up. (``demo/`` itself holds ``signage console demo``'s
    screen: left alone.)"""
    folder = _demo_week(today)
    weeks = sorted(
        (p for p in folder.parent.glob("week-*") if p.is_dir() and p != folder),
        key=lambda p: p.stat().st_mtime,
    )
    for old in weeks[: max(0, len(weeks) - (DEMO_WEEKS_KEPT - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    return folder


def _demo_week(today: datetime) -> Path:
    monday = today.date() - timedelta(days=today.date().weekday())
    return Path(user_cache_dir("esc-signage", appauthor=False)) / "demo" / f"week-{monday}"


def _pretend(args: argparse.Namespace) -> bool:
    """Whether the moment given with ``--at`` must leave the content cache untouched:
    always for a screen's config (its player may be running with that cache); for the
    bundled demo only in this week's folder, the one ``./run-demo`` shows (the demo of
    another week is no player's: its cache is checked once and reused)."""
    if args.at is None:
        return False
    if args.config is not None:
        return True
    return _demo_week(args.at) == _demo_week(datetime.now(UTC))


def _print_problems(loaded: LoadedConfig, *, errors: bool = True) -> None:
    for problem in loaded.problems if errors else loaded.warnings:
        print(f"{loaded.path}: {problem.severity}: {problem}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    from signage.player.app import display_available, run  # noqa: PLC0415 (Qt only here)

    if not display_available():
        print(
            "signage: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
            "To make a picture of a slide without a screen, use: "
            "signage render --slide semainier --out slide.png",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    try:
        loaded = _load(args.config, datetime.now(UTC))
    except ConfigUnreadable as exc:
        print(f"signage: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    _print_problems(loaded, errors=False)  # the player logs the errors and shows them
    compiled_methods.keep()  # the player's records are made: the next start reads them
    return run(loaded, windowed=args.windowed)


def _usable_config(path: Path | None, at: datetime) -> ScreenConfig | int:
    """The config (the demo's without a path) with its problems printed, or an exit code."""
    try:
        loaded = _load(path, at)
    except ConfigUnreadable as exc:
        print(f"signage: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    _print_problems(loaded)
    if loaded.pairing is not None:
        print(f"{loaded.path}: {_pairing_words(loaded.pairing)}", file=sys.stderr)
    return EXIT_INVALID if loaded.config is None else loaded.config


def _render(args: argparse.Namespace) -> int:
    from signage.player.offscreen import render_to_png  # noqa: PLC0415 (Qt only here)

    at = args.at or datetime.now(UTC)
    if args.slide == "pairing":
        from signage.player.offscreen import render_pairing_png  # noqa: PLC0415

        console = "https://ecrans.example.org/"
        if args.config is not None:
            loaded = _read_config(args.config)
            if not isinstance(loaded, int) and loaded.pairing is not None:
                console = loaded.pairing.url
        return _report(
            lambda: render_pairing_png(args.size, at, args.out, console, widgets=args.widgets)
        )
    config = _usable_config(args.config, at)
    if isinstance(config, int):
        return config
    width, height = args.size
    if args.theme:
        display = config.display.model_copy(update={"theme": ThemeName(args.theme)})
        config = config.model_copy(update={"display": display})
    return _report(
        lambda: render_to_png(
            config,
            args.slide,
            (width, height),
            at,
            args.page,
            args.out,
            args.language,
            pretend=_pretend(args),
            widgets=args.widgets,
        )
    )


def _report(make: Callable[[], str]) -> int:
    """Run a command that writes a file; print its line, or why it could not."""
    try:
        message = make()
    except LookupError as exc:
        print(f"signage: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        print(f"signage: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(message)
    return EXIT_OK


def _read_config(path: Path, *, pairing_said: bool = False) -> LoadedConfig | int:
    """The config with its problems printed, or the exit code for an unreadable file.
    A screen waiting to be paired is said too, unless the caller says it itself."""
    try:
        loaded = load_config(path)
    except ConfigUnreadable as exc:
        print(f"signage: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    _print_problems(loaded)
    if loaded.pairing is not None and not pairing_said:
        print(f"{loaded.path}: {_pairing_words(loaded.pairing)}", file=sys.stderr)
    return loaded


def _validate(args: argparse.Namespace) -> int:
    loaded = _read_config(args.config, pairing_said=True)
    if isinstance(loaded, int):
        return loaded
    if loaded.errors:
        count = len(loaded.errors)
        print(
            f"{loaded.path}: {count} problem{'s' if count > 1 else ''}; not valid", file=sys.stderr
        )
        return EXIT_INVALID
    if loaded.pairing is not None:
        print(f"{loaded.path}: valid; {_pairing_words(loaded.pairing)}")
        return EXIT_OK
    assert loaded.config is not None
    unknown = _site_against_cache(loaded.config)
    if unknown:
        print(f"{loaded.path}: [site] id: {unknown}; not valid", file=sys.stderr)
        return EXIT_INVALID
    print(f"{loaded.path}: valid")
    return EXIT_OK


def _site_against_cache(config: ScreenConfig) -> str | None:
    """The site id checked against the content this screen last fetched (no network:
    a screen set up before its first fetch is checked by `signage fetch`)."""
    from signage.playlist import unknown_site  # noqa: PLC0415
    from signage.sources.sync import Syncer  # noqa: PLC0415

    syncer = Syncer(config.source, config.site.id, read_only=True)
    try:
        cached = syncer.start()
    finally:
        syncer.close()
    return unknown_site(cached.feed, config.site.id) if cached is not None else None


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(feed_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _fetch(args: argparse.Namespace) -> int:
    from signage.sources.fetch import fetch_report  # noqa: PLC0415

    loaded = _read_config(args.config)
    if isinstance(loaded, int):
        return loaded
    if loaded.config is None:
        return EXIT_INVALID
    ok, text = fetch_report(loaded.config)
    print(text)
    return EXIT_OK if ok else EXIT_INVALID


def _poster(args: argparse.Namespace) -> int:
    from signage.player.offscreen import poster_to_pdf  # noqa: PLC0415 (Qt only here)

    at = args.at or datetime.now(UTC)
    config = _usable_config(args.config, at)
    if isinstance(config, int):
        return config
    if args.language is not None and args.language not in available_languages():
        print(f"signage: no interface translation for {args.language!r}", file=sys.stderr)
        return EXIT_INVALID
    return _report(
        lambda: poster_to_pdf(
            config,
            args.slide,
            args.paper,
            args.orientation == "landscape",
            at,
            args.out,
            args.language,
            pretend=_pretend(args),
            widgets=args.widgets,
        )
    )


def _schedule(args: argparse.Namespace) -> int:
    from signage.playlist import resolve_site  # noqa: PLC0415
    from signage.schedule import format_plan, plan  # noqa: PLC0415
    from signage.sources.sync import current_content  # noqa: PLC0415

    start = args.start or datetime.now(UTC)
    config = _usable_config(args.config, start)
    if isinstance(config, int):
        return config
    zone = ZoneInfo(config.site.timezone or DEFAULT_TIMEZONE)
    start = start if start.tzinfo else start.replace(tzinfo=zone)
    end = args.end or start + timedelta(days=7)
    end = end if end.tzinfo else end.replace(tzinfo=zone)
    if end <= start:
        print("signage: --to must come after --from", file=sys.stderr)
        return EXIT_INVALID
    if end - start > timedelta(days=92):
        print("signage: at most three months at a time", file=sys.stderr)
        return EXIT_INVALID
    feed = current_content(config, start, (1920, 1080), pretend=args.start is not None).feed
    site = resolve_site(feed, config)
    language = config.display.language
    print(format_plan(plan(feed, config, start, end, language=language), site.zone, language))
    return EXIT_OK


def _records(path: Path) -> Path | int:
    from signage.ops.paths import records_folder  # noqa: PLC0415

    loaded = _read_config(path)
    if isinstance(loaded, int):
        return loaded
    if loaded.config is None:
        return EXIT_INVALID
    return records_folder(loaded.config)


def _pairing_words(console: Any) -> str:
    """What a screen waiting to be paired is doing, with its code if it shows one."""
    from signage.remote.identity import console_folder  # noqa: PLC0415

    try:
        shown = json.loads((console_folder(console.folder) / "pairing.json").read_text("utf-8"))
        code = f"; code {shown['code']} (until {shown['expires_at']})"
    except (OSError, ValueError, KeyError, TypeError):
        code = " (no code shown: is the player running?)"
    return f"not paired yet with {console.url}{code}"


def _status(args: argparse.Namespace) -> int:
    from signage.ops.status import format_status  # noqa: PLC0415

    loaded = _read_config(args.config, pairing_said=True)
    if not isinstance(loaded, int) and loaded.pairing is not None:
        print(_pairing_words(loaded.pairing))  # what the screen does: not an error
        return EXIT_OK
    folder = _records(args.config)
    if isinstance(folder, int):
        return folder
    try:
        text = (folder / "status.json").read_text(encoding="utf-8")
        status = json.loads(text)
    except (OSError, ValueError):
        print(f"signage: no status in {folder} (is the player running?)", file=sys.stderr)
        return EXIT_UNREADABLE
    print(text if args.json else format_status(status, datetime.now(UTC)))
    return EXIT_OK


def _report_shows(args: argparse.Namespace) -> int:
    from signage.ops.records import format_totals, summarise  # noqa: PLC0415

    folder = _records(args.config)
    if isinstance(folder, int):
        return folder
    since = args.since if args.since.tzinfo else args.since.astimezone()
    print(format_totals(summarise(folder / "shows.jsonl", since, args.site)))
    return EXIT_OK


def _screenshot(args: argparse.Namespace) -> int:
    import socket  # noqa: PLC0415

    folder = _records(args.config)
    if isinstance(folder, int):
        return folder
    try:
        address = json.loads((folder / "status.json").read_text("utf-8"))["screenshot_socket"]
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(10)
            sock.connect(address)
            data = b"".join(iter(lambda: sock.recv(65536), b""))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"signage: no running screen answered ({exc})", file=sys.stderr)
        return EXIT_UNREADABLE
    if not data.startswith(b"\x89PNG"):
        print("signage: the screen sent no picture", file=sys.stderr)
        return EXIT_UNREADABLE
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return EXIT_OK


def _install(args: argparse.Namespace) -> int:
    from signage.ops.install import Installer  # noqa: PLC0415

    path = args.config
    if args.console:
        path = path or Path.home() / ".config" / "esc-signage" / "screen.toml"
        written = _console_config(path, args.console)
        if isinstance(written, int):
            return written
    elif path is None:
        path = Path.home() / ".config" / "esc-signage" / "screen.toml"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            from signage.demo import prepare_demo  # noqa: PLC0415

            prepare_demo(path.parent / "demo", datetime.now(UTC).date())
            path.write_text(
                (path.parent / "demo" / "demo.toml")
                .read_text("utf-8")
                .replace('"feed.json"', f'"{path.parent / "demo" / "feed.json"}"'),
                "utf-8",
            )
            print(f"wrote {path} (the demo: edit it for your site)")
    loaded = _read_config(path)
    if isinstance(loaded, int):
        return loaded
    if loaded.errors:
        print(f"{path}: fix the problems above first", file=sys.stderr)
        return EXIT_INVALID
    for line in Installer(Path.home()).install(path):
        print(line)
    return EXIT_OK


CONSOLE_CONFIG = """\
# This screen is managed from the console: it shows a pairing code until a referent
# types it there (Écrans › Ajouter un écran); its site and settings then come from the
# console. What runs commands on this machine (sleep/wake) stays here, in [hours].
[console]
url = "{url}"
"""


def _console_config(path: Path, url: str) -> Path | int:
    """Write (or complete) ``path`` with the console's address."""
    from pydantic import ValidationError  # noqa: PLC0415

    from signage.config import ConsoleSection  # noqa: PLC0415

    try:
        url = ConsoleSection(url=url).url
    except ValidationError as exc:
        print(f"signage: --console: {exc.errors()[0]['msg']}", file=sys.stderr)
        return EXIT_INVALID
    text = path.read_text("utf-8") if path.exists() else ""
    if "[console]" in text:
        if f'url = "{url}"' not in text:
            print(f"{path} has a [console] table already: edit its url there", file=sys.stderr)
            return EXIT_INVALID
        print(f"unchanged {path}")
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((text + "\n" if text else "") + CONSOLE_CONFIG.format(url=url), "utf-8")
    print(f"wrote {path} (managed from {url})")
    return path


def _uninstall(args: argparse.Namespace) -> int:
    from signage.ops.install import Installer  # noqa: PLC0415

    for line in Installer(Path.home()).uninstall():
        print(line)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from signage.publish.serve import make_server  # noqa: PLC0415

    try:
        server = make_server(args.folder, args.host, args.port, per_client=max(1, args.per_client))
    except OSError as exc:
        print(f"signage: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    port = server.server_address[1]
    print(f"serving {args.folder} on http://{args.host}:{port}/ (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK


def _keygen(args: argparse.Namespace) -> int:
    from signage.publish.signing import generate_keys  # noqa: PLC0415

    if args.out.exists():
        print(f"signage: {args.out} exists; not overwriting a key", file=sys.stderr)
        return EXIT_INVALID
    private, public = generate_keys()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.touch(mode=0o600)
    args.out.write_bytes(private)
    print(f"private key: {args.out} (keep it secret, off the screens)")
    print("public key, for each screen's config ([source] public_keys):")
    print(public)
    return EXIT_OK


def _sign(args: argparse.Namespace) -> int:
    from signage.publish.signing import (  # noqa: PLC0415
        SIGNATURE_SUFFIX,
        Signer,
        load_private_key,
        unsignable,
    )
    from signage.sources.atomic import atomic_write  # noqa: PLC0415

    try:
        signer = Signer([load_private_key(args.key)])
        data = args.feed.read_bytes()
        if (why := unsignable(data)) is not None:
            print(f"signage: {args.feed}: not signed: {why}", file=sys.stderr)
            return EXIT_INVALID
        target = args.feed.with_name(args.feed.name + SIGNATURE_SUFFIX)
        # Readable by all: a web server running as another user serves it.
        atomic_write(target, signer.file(data), public=True)
    except (OSError, ValueError) as exc:
        print(f"signage: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"{target}: signed")
    return EXIT_OK
