"""The screen config: one TOML file per screen, written by the site's referent.

Loading never raises on a mistake in the file's content: it returns every problem at once
(key path, bad value, what is expected), so ``signage validate`` can list them all and
the player can say them on screen instead of going dark. Only a file that cannot be read
at all raises ``ConfigUnreadable``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from signage.bounds import DEFAULT_FEED_MB, Day, WallTime
from signage.contrast import check_hex
from signage.errors import Problem, problems_from
from signage.feed import PublicKey
from signage.i18n import available_languages
from signage.model.common import SiteId
from signage.model.hours import OpeningHours, TimeWindow
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


class _Section(BaseModel):
    # Unknown keys are refused in the screen config (unlike the feed): a misspelt key
    # would otherwise be silently ignored and the referent would never know why.
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class SiteSection(_Section):
    id: SiteId = Field(description="Site id as in the feed, e.g. 'maurepas'.")
    name: str | None = Field(default=None, min_length=1, max_length=100)
    timezone: str | None = Field(default=None, description="Overrides the feed's zone.")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)


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


class SourceSection(_Section):
    """Where the content comes from, how often, and the limits that protect the screen."""

    feed: str = Field(
        min_length=1,
        description="https:// or http:// address of the feed, or a file path "
        "(absolute, or relative to the config file).",
    )
    refresh_minutes: float = Field(default=5.0, le=1440, description="Between two syncs.")
    watch_seconds: float = Field(
        default=10.0,
        description="How often to ask the publisher's tiny version.json whether a new feed "
        "is out (a 304 when not): new content, urgent messages first, then syncs at once. "
        "0 turns it off; at least 5.",
    )
    max_feed_mb: float = Field(
        default=DEFAULT_FEED_MB, gt=0, le=64, description="Largest feed accepted."
    )
    max_image_mb: float = Field(default=10.0, gt=0, le=100, description="Largest image file.")
    connect_timeout: float = Field(default=5.0, ge=0.5, le=60)
    read_timeout: float = Field(default=15.0, ge=0.5, le=120)
    deadline_seconds: float = Field(
        default=90.0, ge=5, le=900, description="Longest a whole sync may take."
    )
    stale_after_hours: float = Field(
        default=24.0, gt=0, le=24 * 60, description="Content older than this is marked."
    )
    cache_dir: Path | None = Field(
        default=None, description="Where the last good content is kept (default: state folder)."
    )
    public_key: PublicKey | None = Field(
        default=None, description="The admins' Ed25519 public key: only signed feeds then."
    )
    public_keys: tuple[PublicKey, ...] = Field(
        default=(),
        max_length=8,
        description="More trusted keys (a rotation in progress); feeds can announce others.",
    )
    same_origin_redirects: bool = Field(
        default=True,
        description="Follow the feed's redirects only to the same scheme, host and port. "
        "Set to false for an intranet that redirects elsewhere (each such redirect is logged).",
    )
    image_origins: tuple[str, ...] = Field(
        default=(),
        max_length=32,
        description="Other origins images may come from ('https://cdn.example.org'); "
        "by default only the feed's own.",
    )

    @field_validator("image_origins")
    @classmethod
    def _origins(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_origin(v) for v in values)

    @property
    def trusted_keys(self) -> tuple[str, ...]:
        """The keys of the config (empty: the screen takes unsigned feeds)."""
        keys = (self.public_key,) if self.public_key else ()
        return tuple(dict.fromkeys(keys + self.public_keys))

    _location = field_validator("feed")(classmethod(lambda cls, v: check_location(v)))
    _floor = field_validator("refresh_minutes")(classmethod(lambda cls, v: refresh_floor(v)))

    @field_validator("watch_seconds")
    @classmethod
    def _watch(cls, value: float) -> float:
        # A floor, not an error (as for refresh_minutes): a few hundred screens asking
        # every second would weigh on a small server; 0 means off.
        return 0.0 if value <= 0 else min(max(value, 5.0), 3600.0)

    @property
    def feed_url(self) -> str | None:
        """The feed's address if it is fetched over HTTP(S), else None."""
        return self.feed if "://" in self.feed else None

    @property
    def feed_path(self) -> Path | None:
        """The feed's file if it is a local file, else None."""
        return None if "://" in self.feed else Path(self.feed)


class DisplaySection(_Section):
    mode: DisplayMode = DisplayMode.FULLSCREEN
    orientation: Orientation = Orientation.LANDSCAPE
    language: str = Field(default="fr", description="Primary language of the screen.")
    alternate: tuple[str, ...] = Field(
        default=(), max_length=4, description="Other languages, shown slide by slide in turn."
    )
    theme: ThemeName = ThemeName.LIGHT
    accent: str | None = Field(default=None, description="Partner colour, '#rrggbb'.")
    logo: Path | None = Field(default=None, description="Logo shown in the header.")
    transition: Transition = Transition.CROSSFADE
    transition_seconds: float = Field(default=0.8, ge=0.0, le=5.0)
    reduce_motion: bool = Field(default=False, description="No movement: slides only fade.")
    now_strip: bool = Field(
        default=True,
        description="Under every slide but the semainier, what is on in the building now "
        "and next ('En ce moment : … · Ensuite à 14 h : …').",
    )

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        return check_language(value)

    @field_validator("alternate")
    @classmethod
    def _alternate(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(check_language(v) for v in value)

    @field_validator("accent")
    @classmethod
    def _accent(cls, value: str | None) -> str | None:
        return None if value is None else check_hex(value)

    @property
    def languages(self) -> tuple[str, ...]:
        """The primary language, then the alternates (each once)."""
        return tuple(dict.fromkeys((self.language, *self.alternate)))


class PlaylistEntry(_Section):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    kind: SlideKind
    duration: float = Field(default=15.0, description="Seconds on screen, 5 to 600.")
    days: int = Field(default=28, ge=1, le=180, description="Agenda: how far ahead to look.")
    weekdays: tuple[Weekday, ...] = Field(default=(), description="Only these days.")
    start: WallTime | None = Field(default=None, alias="from", description="Shown from (08:30).")
    end: WallTime | None = Field(
        default=None, alias="until", description="Shown until (12:00); before 'from': overnight."
    )
    first_day: Day | None = Field(default=None, description="Shown from this date.")
    last_day: Day | None = Field(default=None, description="Shown until this date.")

    @property
    def window(self) -> TimeWindow:
        return TimeWindow(
            weekdays=self.weekdays,
            start=self.start,
            end=self.end,
            first_day=self.first_day,
            last_day=self.last_day,
        )

    @field_validator("duration")
    @classmethod
    def _clamp(cls, value: float) -> float:
        # Clamped rather than refused: a 2-second slide is unreadable and a 2-hour one
        # hides the rest, but neither deserves a dark screen. validate() warns about it.
        return min(max(value, MIN_DURATION), MAX_DURATION)


DEFAULT_PLAYLIST: Final = (
    PlaylistEntry(kind=SlideKind.SEMAINIER, duration=20),
    PlaylistEntry(kind=SlideKind.AGENDA, duration=20),
    PlaylistEntry(kind=SlideKind.ANNOUNCEMENTS, duration=12),
    PlaylistEntry(kind=SlideKind.WIFI, duration=12),
    PlaylistEntry(kind=SlideKind.APPS, duration=20),
    PlaylistEntry(kind=SlideKind.POSTERS, duration=12),
)


class UrgentMode(StrEnum):
    ALONE = "alone"  # only the urgent messages, until they end
    ALTERNATE = "alternate"  # an urgent message between every two slides


class UrgentSection(_Section):
    mode: UrgentMode = UrgentMode.ALONE
    duration: float = Field(default=15.0, ge=MIN_DURATION, le=MAX_DURATION)
    refresh_minutes: float | None = Field(
        default=None,
        ge=MIN_REFRESH_MINUTES,
        le=1440,
        description="Sync this often so urgent messages arrive sooner than the refresh.",
    )


class HoursSection(OpeningHours):
    """Opening hours in the screen config: override the feed's for this screen."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    wake_before_minutes: float = Field(default=10.0, ge=0, le=240)
    sleep_command: tuple[str, ...] = Field(
        default=(), description='Turns the display off, e.g. ["wlopm", "--off", "*"].'
    )
    wake_command: tuple[str, ...] = Field(
        default=(), description='Turns the display on, e.g. ["wlopm", "--on", "*"].'
    )
    command_timeout_seconds: float = Field(default=10.0, ge=1, le=120)


class RecordsSection(_Section):
    folder: Path | None = Field(
        default=None, description="Status file and proof-of-display log (default: state)."
    )
    max_log_mb: float = Field(default=5.0, gt=0, le=500)


class HeartbeatSection(_Section):
    url: str | None = Field(default=None, description="Admin URL the status is POSTed to.")
    token: str | None = Field(default=None, min_length=8, description="This screen's token.")
    minutes: float = Field(default=10.0, ge=1, le=1440)
    screenshot: bool = True

    @field_validator("url")
    @classmethod
    def _web(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an https:// or http:// address")
        return value


def token_exposed(url: str | None, token: str | None) -> bool:
    """Whether a heartbeat token would cross the network unencrypted (http:// to another
    machine than this one)."""
    if not url or not token or not url.lower().startswith("http://"):
        return False
    from urllib.parse import urlsplit  # noqa: PLC0415

    host = (urlsplit(url).hostname or "").lower()
    return host not in {"localhost", "127.0.0.1", "::1"} and not host.startswith("127.")


class ConsoleSection(_Section):
    """The console this screen is managed from (``signage install --console URL``): it
    pairs by a code shown on screen, then receives its site and settings from there."""

    url: str = Field(description="The console's address, e.g. 'https://ecrans.example.org/'.")
    folder: Path | None = Field(
        default=None, description="Where the pairing and the last good settings are kept."
    )

    @field_validator("url")
    @classmethod
    def _web(cls, value: str) -> str:
        if not value.lower().startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an https:// or http:// address")
        if token_exposed(value, "token"):
            # The screen's token goes with every request: never in clear over a network.
            raise ValueError(f"{value!r}: use https:// (http:// only on this machine)")
        return value.rstrip("/") + "/"


class ExtraKind(StrEnum):
    ICS = "ics"  # a workshop agenda from a calendar
    CSV = "csv"  # a semainier from a spreadsheet


class ExtraSource(_Section):
    """A calendar or spreadsheet read besides the feed; its items join the same content."""

    kind: ExtraKind
    url: str = Field(min_length=1, description="https:// address or file path.")
    sites: tuple[SiteId, ...] | None = Field(
        default=None, min_length=1, description="Sites its items are for (default: all)."
    )
    refresh_minutes: float = Field(default=15.0, le=1440)
    days: int = Field(default=42, ge=1, le=366, description="ics: how far ahead to look.")
    categories: tuple[str, ...] = Field(default=(), description="ics: only these categories.")

    _location = field_validator("url")(classmethod(lambda cls, v: check_location(v)))
    _floor = field_validator("refresh_minutes")(classmethod(lambda cls, v: refresh_floor(v)))


class ScreenConfig(_Section):
    """Everything one screen needs to know, read from its TOML file."""

    site: SiteSection
    source: SourceSection
    display: DisplaySection = DisplaySection()
    hours: HoursSection = HoursSection()
    urgent: UrgentSection = UrgentSection()
    records: RecordsSection = RecordsSection()
    heartbeat: HeartbeatSection = HeartbeatSection()
    sources: tuple[ExtraSource, ...] = Field(default=(), max_length=20)
    playlist: tuple[PlaylistEntry, ...] = Field(default=DEFAULT_PLAYLIST, min_length=1)
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
    try:
        config = ScreenConfig.model_validate(raw)
    except ValidationError as exc:
        return LoadedConfig(path, None, tuple(_with_suggestions(problems_from(exc))))
    config = _resolve_paths(config, path.parent)
    return LoadedConfig(path, config, tuple(remote + _warnings(raw, config)))


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path``, or ConfigUnreadable with a plain reason."""
    try:
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
        keys.update(model.model_fields)
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
