"""Feed format version 1: one JSON document carrying every kind of content.

``version`` changes only when an older screen could no longer read a feed; what is
added in a way older screens ignore (new sections, new fields) raises ``revision``:
revision 2 adds rooms and bookings (issue 28).

Parsing is lenient item by item and strict about the envelope: a document that is not a
feed is refused whole (the caller keeps what it had), while one invalid workshop is
dropped with its reason and the rest of the feed is kept.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Final, Literal

from signage.bounds import MAX_ITEMS, MAX_SEQUENCE
from signage.errors import describe_validation_error
from signage.model import (
    Announcement,
    ImagePoster,
    ResourceApp,
    SemainierSlot,
    Site,
    WifiOffer,
    Workshop,
)
from signage.model.record import Record, v
from signage.model.rooms import Booking, Room

FEED_FORMAT: Final = "esc-signage-feed"
FEED_VERSION: Final = 1
FEED_REVISION: Final = 2  # 2: rooms and bookings


def check_key_text(text: str) -> str:
    """Accept an Ed25519 public key as ``signage keygen`` prints it (base64, 32 bytes)."""
    try:
        if len(base64.b64decode(text, validate=True)) == 32:
            return text
    except (binascii.Error, ValueError):
        pass
    raise ValueError(f"{text[:20]!r} is not an Ed25519 public key (base64, as keygen prints)")


@dataclass(frozen=True, kw_only=True)
class Feed(Record):
    """The whole content of a feed, as published for every site."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        "str_strip_whitespace": True,
        "title": "ESC signage feed, format version 1, revision 2",
        "json_schema_extra": {"$id": "https://esc-signage.example/feed-v1.schema.json"},
    }

    format: Annotated[
        Literal["esc-signage-feed"], v.Field(description="Always 'esc-signage-feed'.")
    ]
    version: Annotated[
        Literal[1], v.Field(description="Feed format version; this schema is version 1.")
    ]
    revision: Annotated[
        int | None,
        v.Field(
            ge=1,
            le=1000,
            description="Additions to version 1 that older screens ignore: 2 adds rooms "
            "and bookings. Absent: 1.",
        ),
    ] = None
    generated_at: Annotated[v.Instant | None, v.Field(description="When it was built.")] = None
    sequence: Annotated[
        int | None,
        v.Field(
            ge=0,
            le=MAX_SEQUENCE,
            description="Publication number, one more at each publish: a signed screen "
            "refuses a lower one (a replay).",
        ),
    ] = None
    signing_keys: Annotated[
        tuple[v.PublicKey, ...],
        v.Field(
            max_length=8,
            description="Ed25519 public keys (base64) screens trust from this feed on: how a "
            "signed feed introduces the next key (rotation).",
        ),
    ] = ()
    sites: tuple[Site, ...] = ()
    semainier: tuple[SemainierSlot, ...] = ()
    workshops: tuple[Workshop, ...] = ()
    wifi: tuple[WifiOffer, ...] = ()
    apps: tuple[ResourceApp, ...] = ()
    announcements: tuple[Announcement, ...] = ()
    posters: tuple[ImagePoster, ...] = ()
    rooms: tuple[Room, ...] = ()
    bookings: tuple[Booking, ...] = ()

    def site(self, site_id: str) -> Site | None:
        """The site record with ``site_id``, if the feed describes it."""
        return next((s for s in self.sites if s.id == site_id), None)

    def image_references(self) -> list[tuple[str, str | None]]:
        """Every image the feed names (posters, app icons, site logos), with its hash."""
        references: list[tuple[str, str | None]] = [(p.image, p.sha256) for p in self.posters]
        references += [(a.icon, a.icon_sha256) for a in self.apps if a.icon]
        references += [(s.logo, s.logo_sha256) for s in self.sites if s.logo]
        return references


EMPTY_FEED: Final = Feed(format=FEED_FORMAT, version=FEED_VERSION)

# The item sections of a feed and the record each holds.
SECTIONS: Final[dict[str, type[Record]]] = {
    "sites": Site,
    "semainier": SemainierSlot,
    "workshops": Workshop,
    "wifi": WifiOffer,
    "apps": ResourceApp,
    "announcements": Announcement,
    "posters": ImagePoster,
    "rooms": Room,
    "bookings": Booking,
}
# The envelope's fields, each checked alone: a bad one is dropped, the feed kept.
ENVELOPE: Final = ("revision", "generated_at", "sequence", "signing_keys")


class FeedRefused(ValueError):
    """The document is not a feed this player can read; nothing of it is used."""


@dataclass(frozen=True, slots=True)
class DroppedItem:
    """One item left out of a feed, and why, in words for the log."""

    section: str
    index: int
    reason: str

    def __str__(self) -> str:
        return f"{self.section}[{self.index}]: {self.reason}"


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed that was accepted, and the items that had to be dropped from it."""

    feed: Feed
    dropped: tuple[DroppedItem, ...]


def parse_feed_bytes(data: bytes) -> ParsedFeed:
    """Parse a feed from raw bytes (UTF-8 JSON). Raises FeedRefused."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FeedRefused(f"not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise FeedRefused(f"not valid JSON: {exc.msg} at {where}") from exc
    except RecursionError as exc:
        raise FeedRefused("not a feed: its JSON is nested far too deeply") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise FeedRefused(f"not a feed: {exc}") from exc
    return parse_feed_document(document)


def parse_feed_document(document: object) -> ParsedFeed:
    """Validate a decoded JSON document as feed format 1, item by item."""
    if not isinstance(document, dict):
        raise FeedRefused(f"not a signage feed: the document is a JSON {_json_kind(document)}")
    if document.get("format") != FEED_FORMAT:
        raise FeedRefused(f'not a signage feed: "format" is not "{FEED_FORMAT}"')
    version = document.get("version")
    if version != FEED_VERSION:
        raise FeedRefused(
            f"feed format version {version!r} is not supported (this player reads {FEED_VERSION})"
        )
    from pydantic import ValidationError  # noqa: PLC0415 (checking is the edge's work)

    dropped: list[DroppedItem] = []
    fields: dict[str, Any] = {"format": FEED_FORMAT, "version": FEED_VERSION}
    for name in ENVELOPE:
        if name not in document:
            continue
        try:
            fields[name] = v.envelope_field(name).validate_python(document[name])
        except ValidationError as exc:
            dropped.append(DroppedItem(name, 0, describe_validation_error(exc)))
    for section, model in SECTIONS.items():
        adapter = v.adapter(model)
        raw = document.get(section, [])
        if not isinstance(raw, list):
            dropped.append(DroppedItem(section, 0, f"is a {_json_kind(raw)}, not a list"))
            continue
        if len(raw) > MAX_ITEMS:
            dropped.append(
                DroppedItem(section, MAX_ITEMS, f"more than {MAX_ITEMS:,} items; the rest left out")
            )
            raw = raw[:MAX_ITEMS]
        items = []
        for index, entry in enumerate(raw):
            try:
                items.append(adapter.validate_python(entry))
            except ValidationError as exc:
                dropped.append(DroppedItem(section, index, describe_validation_error(exc)))
            except (ArithmeticError, RecursionError, ValueError) as exc:
                # Not expected of a checked model; still one item's problem, not the feed's.
                dropped.append(DroppedItem(section, index, f"unreadable: {exc}"))
        fields[section] = tuple(items)
    return ParsedFeed(Feed(**fields), tuple(dropped))


def feed_json_schema() -> dict[str, Any]:
    """The JSON Schema of feed format 1, generated from the model (published in docs/)."""
    return Feed.model_json_schema(mode="validation")


def _json_kind(value: object) -> str:
    kinds = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return kinds.get(type(value), "number")
