"""The screen config: one TOML file per screen, written by the site's referent.

Loading never raises on a mistake in the file's content: it returns every problem at once
(key path, bad value, what is expected), so ``signage validate`` can list them all and
the player can say them on screen instead of going dark. Only a file that cannot be read
at all raises ``ConfigUnreadable``.
"""

from __future__ import annotations

import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ClassVar, Final

from signage import ready_file
from signage.bounds import DEFAULT_FEED_MB, MAX_CONFIG_BYTES, MAX_SETTING_CHARS, MAX_SETTING_ITEMS
from signage.contrast import check_hex
from signage.errors import Problem, key_path, problems_from
from signage.i18n import available_languages
from signage.model.hours import OpeningHours, TimeWindow
from signage.model.record import Record, field_names, v
from signage.model.semainier import Weekday
from signage.model.site import check_timezone

MIN_DURATION: Final = 5.0
MAX_DURATION: Final = 600.0


class SlideKind(StrEnum):
    """What a playlist entry shows."""

    SEMAINIER = "semainier"
    AGENDA = "agenda"
    WIFI = "wifi"
    APPS = "apps"
    ANNOUNCEMENTS = "announcements"
    POSTERS = "posters"
    ROOMS = "rooms"


class DisplayMode(StrEnum):
    FULLSCREEN = "fullscreen"
    WINDOWED = "windowed"


class Orientation(StrEnum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"


class Transition(StrEnum):
    CROSSFADE = "crossfade"
    SLIDE = "slide"
    NONE = "none"


class ThemeName(StrEnum):
    LIGHT = "light"
    DARK = "dark"
    CONTRAST = "contrast"


def check_language(value: str) -> str:
    """A language the interface has labels for (``signage/locales/<code>.toml``)."""
    known = available_languages()
    if value not in known:
        raise ValueError(f"{value!r} has no interface translation; available: {', '.join(known)}")
    return value


class _Section(Record):
    # Unknown keys are refused in the screen config (unlike the feed): a misspelt key
    # would otherwise be silently ignored and the referent would never know why.
    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "str_strip_whitespace": True,
    }


def _zone(value: str | None) -> str | None:
    return None if value is None else check_timezone(value)


@dataclass(frozen=True, kw_only=True)
class SiteSection(_Section):
    id: Annotated[v.SiteId, v.Field(description="Site id as in the feed, e.g. 'maurepas'.")]
    name: Annotated[str | None, v.Field(min_length=1, max_length=100)] = None
    timezone: Annotated[
        str | None, v.Field(description="Overrides the feed's zone."), v.AfterValidator(_zone)
    ] = None


MIN_REFRESH_MINUTES: Final = 1.0


def check_location(value: str) -> str:
    """An https:// or http:// address, or a file path; refuse other schemes."""
    scheme, sep, _ = value.partition("://")
    if sep and scheme.lower() not in {"http", "https"}:
        raise ValueError(f"{value!r}: only https:// and http:// addresses, or a file path")
    return value


def check_origin(value: str) -> str:
    """Accept 'https://host[:port]' (an origin: no path), as images may come from."""
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() not in {"http", "https"} or not rest or "/" in rest.rstrip("/"):
        raise ValueError(f"{value!r}: an origin like 'https://images.example.org' (no path)")
    return f"{scheme.lower()}://{rest.rstrip('/').lower()}"


def refresh_floor(minutes: float) -> float:
    # A floor, not an error: a hundred screens polling every few seconds would be a
    # denial of service on the admins' server. validate() warns about it.
    return max(minutes, MIN_REFRESH_MINUTES)


def _watch_floor(value: float) -> float:
    # A floor, not an error (as for refresh_minutes): a few hundred screens asking
    # every second would weigh on a small server; 0 means off.
    return 0.0 if value <= 0 else min(max(value, 5.0), 3600.0)


def _origins(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(check_origin(value) for value in values)


@dataclass(frozen=True, kw_only=True)
class SourceSection(_Section):
    """Where the content comes from, how often, and the limits that protect the screen."""

    feed: Annotated[
        str,
        v.Field(
            min_length=1,
            description="https:// or http:// address of the feed, or a file path "
            "(absolute, or relative to the config file).",
        ),
        v.AfterValidator(check_location),
    ]
    refresh_minutes: Annotated[
        float, v.Field(le=1440, description="Between two syncs."), v.AfterValidator(refresh_floor)
    ] = 5.0
    watch_seconds: Annotated[
        float,
        v.Field(
            description="How often to ask the publisher's tiny version.json whether a new "
            "feed is out (a 304 when not): new content, urgent messages first, then syncs at "
            "once. 0 turns it off; at least 5."
        ),
        v.AfterValidator(_watch_floor),
    ] = 10.0
    max_feed_mb: Annotated[float, v.Field(gt=0, le=64, description="Largest feed accepted.")] = (
        DEFAULT_FEED_MB
    )
    max_image_mb: Annotated[float, v.Field(gt=0, le=100, description="Largest image file.")] = 10.0
    connect_timeout: Annotated[float, v.Field(ge=0.5, le=60)] = 5.0
    read_timeout: Annotated[float, v.Field(ge=0.5, le=120)] = 15.0
    deadline_seconds: Annotated[
        float, v.Field(ge=5, le=900, description="Longest a whole sync may take.")
    ] = 90.0
    stale_after_hours: Annotated[
        float, v.Field(gt=0, le=24 * 60, description="Content older than this is marked.")
    ] = 24.0
    cache_dir: Annotated[
        Path | None,
        v.Field(description="Where the last good content is kept (default: state folder)."),
    ] = None
    public_key: Annotated[
        v.PublicKey | None,
        v.Field(description="The admins' Ed25519 public key: only signed feeds then."),
    ] = None
    public_keys: Annotated[
        tuple[v.PublicKey, ...],
        v.Field(
            max_length=8,
            description="More trusted keys (a rotation in progress); feeds can announce others.",
        ),
    ] = ()
    same_origin_redirects: Annotated[
        bool,
        v.Field(
            description="Follow the feed's redirects only to the same scheme, host and port. "
            "Set to false for an intranet that redirects elsewhere (each such redirect is "
            "logged)."
        ),
    ] = True
    image_origins: Annotated[
        tuple[str, ...],
        v.Field(
            max_length=32,
            description="Other origins images may come from ('https://cdn.example.org'); "
            "by default only the feed's own.",
        ),
        v.AfterValidator(_origins),
    ] = ()

    @property
    def trusted_keys(self) -> tuple[str, ...]:
        """The keys of the config (empty: the screen takes unsigned feeds)."""
        keys = (self.public_key,) if self.public_key else ()
        return tuple(dict.fromkeys(keys + self.public_keys))

    @property
    def feed_url(self) -> str | None:
        """The feed's address if it is fetched over HTTP(S), else None."""
        return self.feed if "://" in self.feed else None

    @property
    def feed_path(self) -> Path | None:
        """The feed's file if it is a local file, else None."""
        return None if "://" in self.feed else Path(self.feed)


def _languages(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(check_language(language) for language in value)


def _accent(value: str | None) -> str | None:
    return None if value is None else check_hex(value)


@dataclass(frozen=True, kw_only=True)
class DisplaySection(_Section):
    mode: DisplayMode = DisplayMode.FULLSCREEN
    orientation: Orientation = Orientation.LANDSCAPE
    language: Annotated[
        str,
        v.Field(description="Primary language of the screen."),
        v.AfterValidator(check_language),
    ] = "fr"
    alternate: Annotated[
        tuple[str, ...],
        v.Field(max_length=4, description="Other languages, shown slide by slide in turn."),
        v.AfterValidator(_languages),
    ] = ()
    theme: ThemeName = ThemeName.LIGHT
    accent: Annotated[
        str | None, v.Field(description="Partner colour, '#rrggbb'."), v.AfterValidator(_accent)
    ] = None
    logo: Annotated[Path | None, v.Field(description="Logo shown in the header.")] = None
    transition: Transition = Transition.CROSSFADE
    transition_seconds: Annotated[float, v.Field(ge=0.0, le=5.0)] = 0.8
    reduce_motion: Annotated[bool, v.Field(description="No movement: slides only fade.")] = False
    now_strip: Annotated[
        bool,
        v.Field(
            description="Under every slide but the semainier, what is on in the building now "
            "and next ('En ce moment : … · Ensuite à 14 h : …')."
        ),
    ] = True
    phone_page: Annotated[
        v.WebAddress | None,
        v.Field(
            description="The address of the site's « Sur mon téléphone » page the slides' QR "
            "code leads to; default: beside an http(s) feed (telephone/<site>.html)."
        ),
    ] = None

    @property
    def languages(self) -> tuple[str, ...]:
        """The primary language, then the alternates (each once)."""
        return tuple(dict.fromkeys((self.language, *self.alternate)))


def _clamp(value: float) -> float:
    # Clamped rather than refused: a 2-second slide is unreadable and a 2-hour one
    # hides the rest, but neither deserves a dark screen. validate() warns about it.
    return min(max(value, MIN_DURATION), MAX_DURATION)


@dataclass(frozen=True, kw_only=True)
class PlaylistEntry(_Section):
    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "extra": "forbid",
        "str_strip_whitespace": True,
        "populate_by_name": True,
    }

    kind: SlideKind
    duration: Annotated[
        float, v.Field(description="Seconds on screen, 5 to 600."), v.AfterValidator(_clamp)
    ] = 15.0
    days: Annotated[int, v.Field(ge=1, le=180, description="Agenda: how far ahead to look.")] = 28
    weekdays: Annotated[tuple[Weekday, ...], v.Field(description="Only these days.")] = ()
    start: Annotated[
        v.WallTime | None, v.Field(alias="from", description="Shown from (08:30).")
    ] = None
    end: Annotated[
        v.WallTime | None,
        v.Field(alias="until", description="Shown until (12:00); before 'from': overnight."),
    ] = None
    first_day: Annotated[v.Day | None, v.Field(description="Shown from this date.")] = None
    last_day: Annotated[v.Day | None, v.Field(description="Shown until this date.")] = None
    phone: Annotated[
        bool | None,
        v.Field(
            description="A QR code to the site's page for phones in the slide's top corner; "
            "default: on for the semainier and the agenda."
        ),
    ] = None

    @property
    def shows_phone(self) -> bool:
        if self.phone is not None:
            return self.phone
        return self.kind in (SlideKind.SEMAINIER, SlideKind.AGENDA)

    @property
    def window(self) -> TimeWindow:
        return TimeWindow(
            weekdays=self.weekdays,
            start=self.start,
            end=self.end,
            first_day=self.first_day,
            last_day=self.last_day,
        )


DEFAULT_PLAYLIST: Final = (
    PlaylistEntry(kind=SlideKind.SEMAINIER, duration=20),
    PlaylistEntry(kind=SlideKind.AGENDA, duration=20),
    PlaylistEntry(kind=SlideKind.ANNOUNCEMENTS, duration=12),
    PlaylistEntry(kind=SlideKind.WIFI, duration=12),
    PlaylistEntry(kind=SlideKind.APPS, duration=20),
    PlaylistEntry(kind=SlideKind.POSTERS, duration=12),
    PlaylistEntry(kind=SlideKind.ROOMS, duration=15),
)


class UrgentMode(StrEnum):
    ALONE = "alone"  # only the urgent messages, until they end
    ALTERNATE = "alternate"  # an urgent message between every two slides


@dataclass(frozen=True, kw_only=True)
class UrgentSection(_Section):
    mode: UrgentMode = UrgentMode.ALONE
    duration: Annotated[float, v.Field(ge=MIN_DURATION, le=MAX_DURATION)] = 15.0
    refresh_minutes: Annotated[
        float | None,
        v.Field(
            ge=MIN_REFRESH_MINUTES,
            le=1440,
            description="Sync this often so urgent messages arrive sooner than the refresh.",
        ),
    ] = None


@dataclass(frozen=True, kw_only=True)
class HoursSection(OpeningHours):
    """Opening hours in the screen config: override the feed's for this screen."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}

    wake_before_minutes: Annotated[float, v.Field(ge=0, le=240)] = 10.0
    sleep_command: Annotated[
        tuple[str, ...],
        v.Field(description='Turns the display off, e.g. ["wlopm", "--off", "*"].'),
    ] = ()
    wake_command: Annotated[
        tuple[str, ...], v.Field(description='Turns the display on, e.g. ["wlopm", "--on", "*"].')
    ] = ()
    command_timeout_seconds: Annotated[float, v.Field(ge=1, le=120)] = 10.0


@dataclass(frozen=True, kw_only=True)
class RecordsSection(_Section):
    folder: Annotated[
        Path | None,
        v.Field(description="Status file and proof-of-display log (default: state)."),
    ] = None
    max_log_mb: Annotated[float, v.Field(gt=0, le=500)] = 5.0


def _web_address(value: str | None) -> str | None:
    if value is not None and not value.lower().startswith(("https://", "http://")):
        raise ValueError(f"{value!r} is not an https:// or http:// address")
    return value


@dataclass(frozen=True, kw_only=True)
class HeartbeatSection(_Section):
    url: Annotated[
        str | None,
        v.Field(description="Admin URL the status is POSTed to."),
        v.AfterValidator(_web_address),
    ] = None
    token: Annotated[str | None, v.Field(min_length=8, description="This screen's token.")] = None
    minutes: Annotated[float, v.Field(ge=1, le=1440)] = 10.0
    screenshot: bool = True


def token_exposed(url: str | None, token: str | None) -> bool:
    """Whether a heartbeat token would cross the network unencrypted (http:// to another
    machine than this one)."""
    if not url or not token or not url.lower().startswith("http://"):
        return False
    from urllib.parse import urlsplit  # noqa: PLC0415

    host = (urlsplit(url).hostname or "").lower()
    return host not in {"localhost", "127.0.0.1", "::1"} and not host.startswith("127.")


def _console_address(value: str) -> str:
    if not value.lower().startswith(("https://", "http://")):
        raise ValueError(f"{value!r} is not an https:// or http:// address")
    if token_exposed(value, "token"):
        # The screen's token goes with every request: never in clear over a network.
        raise ValueError(f"{value!r}: use https:// (http:// only on this machine)")
    return value.rstrip("/") + "/"


@dataclass(frozen=True, kw_only=True)
class ConsoleSection(_Section):
    """The console this screen is managed from (``signage install --console URL``): it
    pairs by a code shown on screen, then receives its site and settings from there."""

    url: Annotated[
        str,
        v.Field(description="The console's address, e.g. 'https://ecrans.example.org/'."),
        v.AfterValidator(_console_address),
    ]
    folder: Annotated[
        Path | None, v.Field(description="Where the pairing and the last good settings are kept.")
    ] = None


class ExtraKind(StrEnum):
    ICS = "ics"  # a workshop agenda from a calendar
    CSV = "csv"  # a semainier from a spreadsheet


@dataclass(frozen=True, kw_only=True)
class ExtraSource(_Section):
    """A calendar or spreadsheet read besides the feed; its items join the same content."""

    kind: ExtraKind
    url: Annotated[
        str,
        v.Field(min_length=1, description="https:// address or file path."),
        v.AfterValidator(check_location),
    ]
    sites: Annotated[
        tuple[v.SiteId, ...] | None,
        v.Field(min_length=1, description="Sites its items are for (default: all)."),
    ] = None
    refresh_minutes: Annotated[float, v.Field(le=1440), v.AfterValidator(refresh_floor)] = 15.0
    days: Annotated[int, v.Field(ge=1, le=366, description="ics: how far ahead to look.")] = 42
    categories: Annotated[tuple[str, ...], v.Field(description="ics: only these categories.")] = ()


@dataclass(frozen=True, kw_only=True)
class ScreenConfig(_Section):
    """Everything one screen needs to know, read from its TOML file."""

    site: SiteSection
    source: SourceSection
    display: DisplaySection = DisplaySection()
    hours: HoursSection = HoursSection()
    urgent: UrgentSection = UrgentSection()
    records: RecordsSection = RecordsSection()
    heartbeat: HeartbeatSection = HeartbeatSection()
    sources: Annotated[tuple[ExtraSource, ...], v.Field(max_length=20)] = ()
    playlist: Annotated[tuple[PlaylistEntry, ...], v.Field(min_length=1)] = DEFAULT_PLAYLIST
    console: ConsoleSection | None = None


class ConfigUnreadable(Exception):
    """The file cannot be read or is not TOML at all (exit code 2 of ``validate``)."""


@dataclass(frozen=True)
class LoadedConfig:
    """The result of reading a screen config: the config if usable, and every problem."""

    path: Path
    config: ScreenConfig | None
    problems: tuple[Problem, ...] = field(default=())
    # A screen of a console that has no site yet: it shows a pairing code and waits.
    pairing: ConsoleSection | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def load_config(path: Path) -> LoadedConfig:
    """Read and check a screen config. Raises ConfigUnreadable only for unreadable files."""
    raw = read_toml(path)
    remote: list[Problem] = []
    if "console" in raw:
        from signage.remote.compose import compose  # noqa: PLC0415 (consoles only)

        composed = compose(raw, path.parent)
        if composed.invalid:
            return LoadedConfig(path, None, tuple(composed.problems))
        if composed.pairing is not None:
            return LoadedConfig(path, None, (), pairing=composed.pairing)
        raw, remote = composed.raw, composed.problems
    oversized = list(_oversized(raw))
    if oversized:
        return LoadedConfig(path, None, tuple(oversized))
    # A config that passed at an earlier start is read back as it was: checking imports
    # pydantic, a third of a screen's start-up, for a file that rarely changes.
    checked = ready_file.checked(ScreenConfig, raw, path)
    if not isinstance(checked, ScreenConfig):
        return LoadedConfig(path, None, tuple(_with_suggestions(problems_from(checked))))
    config = _resolve_paths(checked, path.parent)
    return LoadedConfig(path, config, tuple(remote + _warnings(raw, config)))


def _oversized(value: object, where: tuple[int | str, ...] = ()) -> Iterator[Problem]:
    """Values no person writes in a screen config, refused before the checks run (whose
    cost grows with them): text over 4,096 characters or holding a NUL character, lists
    over a thousand entries. The value itself is not repeated in the message."""
    if isinstance(value, str):
        if len(value) > MAX_SETTING_CHARS:
            yield Problem(
                key_path(where),
                f"is {len(value):,} characters long; at most {MAX_SETTING_CHARS:,} "
                "(a path or an address, e.g. 'logo-ccas.png')",
            )
        elif "\0" in value:
            yield Problem(key_path(where), "holds a NUL character (\\0); write the value again")
    elif isinstance(value, list):
        if len(value) > MAX_SETTING_ITEMS:
            yield Problem(
                key_path(where), f"has {len(value):,} entries; at most {MAX_SETTING_ITEMS:,}"
            )
            return
        for index, item in enumerate(value):
            yield from _oversized(item, (*where, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            if len(key) > MAX_SETTING_CHARS or "\0" in key:
                yield Problem(key_path(where), "holds a key that is not a setting name")
                continue
            yield from _oversized(item, (*where, key))


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path``, or ConfigUnreadable with a plain reason."""
    try:
        info = path.stat()
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
            # Reading a named pipe waits for a writer that may never come.
            raise ConfigUnreadable(f"{path}: is not a file (a pipe or a device)")
        if info.st_size > MAX_CONFIG_BYTES:
            raise ConfigUnreadable(
                f"{path}: is {info.st_size:,} bytes; a screen config is at most "
                f"{MAX_CONFIG_BYTES // 1024} KB (is it the right file?)"
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigUnreadable(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise ConfigUnreadable(f"{path}: is a folder, not a config file") from exc
    except PermissionError as exc:
        raise ConfigUnreadable(f"{path}: permission denied") from exc
    except UnicodeDecodeError as exc:
        raise ConfigUnreadable(f"{path}: not UTF-8 text (save it as UTF-8)") from exc
    except OSError as exc:
        raise ConfigUnreadable(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigUnreadable(f"{path}: not valid TOML: {exc}") from exc


def _resolve_paths(config: ScreenConfig, base: Path) -> ScreenConfig:
    """Make the feed path and cache folder absolute, from the config file's folder."""
    source = config.source
    update: dict[str, object] = {}
    if source.feed_path is not None:
        update["feed"] = str(_absolute(source.feed_path, base))
    if source.cache_dir is not None:
        update["cache_dir"] = _absolute(source.cache_dir, base)
    sources = tuple(
        s if "://" in s.url else s.model_copy(update={"url": str(_absolute(Path(s.url), base))})
        for s in config.sources
    )
    records = config.records
    if records.folder is not None:
        records = records.model_copy(update={"folder": _absolute(records.folder, base)})
    console = config.console
    if console is not None and console.folder is not None:
        console = console.model_copy(update={"folder": _absolute(console.folder, base)})
    display = config.display
    if display.logo is not None:
        display = display.model_copy(update={"logo": _absolute(display.logo, base)})
    return config.model_copy(
        update={
            "source": source.model_copy(update=update),
            "display": display,
            "records": records,
            "sources": sources,
            "console": console,
        }
    )


def _absolute(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else (base / path).resolve()


def _warnings(raw: dict[str, Any], config: ScreenConfig) -> list[Problem]:
    found = []
    for index, entry in enumerate(raw.get("playlist", [])):
        asked = entry.get("duration") if isinstance(entry, dict) else None
        if isinstance(asked, int | float) and asked != config.playlist[index].duration:
            used = config.playlist[index].duration
            found.append(
                Problem(
                    f"playlist[{index}].duration",
                    f"{asked:g} seconds is outside {MIN_DURATION:g} to {MAX_DURATION:g}; "
                    f"{used:g} will be used",
                    "warning",
                )
            )
    refresh = raw.get("source", {}).get("refresh_minutes")
    if isinstance(refresh, int | float) and refresh < MIN_REFRESH_MINUTES:
        found.append(
            Problem(
                "source.refresh_minutes",
                f"{refresh:g} is below the floor of {MIN_REFRESH_MINUTES:g} minute; "
                f"{MIN_REFRESH_MINUTES:g} will be used",
                "warning",
            )
        )
    beat = config.heartbeat
    if token_exposed(beat.url, beat.token):
        found.append(
            Problem(
                "heartbeat.url",
                f"{beat.url!r} is http://: the token would cross the network unencrypted; "
                "use https:// (for example 'https://console.example.org/api/heartbeat'). "
                "Until then no heartbeat is sent",
            )
        )
    feed_path = config.source.feed_path
    if feed_path is not None and not feed_path.is_file():
        found.append(Problem("source.feed", f"{feed_path} does not exist (yet)", "warning"))
    return found


def _known_keys() -> set[str]:
    keys: set[str] = set()
    for model in (
        ScreenConfig,
        SiteSection,
        SourceSection,
        DisplaySection,
        PlaylistEntry,
        HoursSection,
        UrgentSection,
        RecordsSection,
        HeartbeatSection,
        ExtraSource,
        ConsoleSection,
    ):
        keys.update(field_names(model))
    keys.update({"from", "until"})
    return keys


def _with_suggestions(problems: list[Problem]) -> list[Problem]:
    return [_suggest(p) if p.message.startswith("is not a known setting") else p for p in problems]


def _suggest(problem: Problem) -> Problem:
    section, _, key = problem.path.rpartition(".")
    import difflib  # noqa: PLC0415 (only when a name is wrong)

    close = difflib.get_close_matches(key, sorted(_known_keys()), n=1)
    if close == [key] and section:
        # A key written after a [table] header belongs to that table in TOML.
        return Problem(
            problem.path,
            f"{key!r} is not a setting of [{section}]; "
            f"move it above the [{section}] line or into its own table",
        )
    if close:
        return Problem(problem.path, f"is not a known setting; did you mean {close[0]!r}?")
    return problem
