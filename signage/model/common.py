"""Pieces shared by every content record: plain text, translations, site targeting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

from signage.model.record import Record, v

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

SITE_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@dataclass(frozen=True)
class Text:
    """A text shown on screen: one plain string, or translations keyed by language.

    ``"Atelier smartphone"`` or ``{"fr": "Atelier smartphone", "en": "Smartphone class"}``.
    A screen asks for its language and falls back to French, then to any translation,
    so a missing translation never leaves a hole on screen.
    """

    root: str | dict[str, str]

    def __post_init__(self) -> None:
        if isinstance(self.root, dict):
            if not self.root:
                raise ValueError("needs at least one translation")
            for lang in self.root:
                if not LANG_PATTERN.match(lang):
                    raise ValueError(f"{lang!r} is not a language code such as 'fr' or 'en'")

    def __hash__(self) -> int:
        return hash(self.root if isinstance(self.root, str) else tuple(self.root.items()))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return v.text_schema(cls, handler)

    def pick(self, language: str, fallback: str = "fr") -> str:
        """The text in ``language``, else in ``fallback``, else the first one given."""
        if isinstance(self.root, str):
            return self.root
        for lang in (language, fallback):
            if lang in self.root:
                return self.root[lang]
        return next(iter(self.root.values()))

    def languages(self) -> tuple[str, ...]:
        """Languages this text is available in; empty for an untranslated string."""
        return () if isinstance(self.root, str) else tuple(self.root)


@dataclass(frozen=True, kw_only=True)
class Item(Record):
    """Base of every feed item: frozen, unknown fields ignored, optionally site-targeted.

    Unknown fields are ignored so that a newer publisher can add fields without breaking
    older screens (forward compatibility of feed format 1).
    """

    id: Annotated[
        v.ShortText | None,
        v.Field(description="Stable identifier chosen by the publisher (optional)."),
    ] = None
    sites: Annotated[
        tuple[v.SiteId, ...] | None,
        v.Field(
            min_length=1, description="Site ids this item is for; absent or null means every site."
        ),
    ] = None

    def for_site(self, site_id: str) -> bool:
        """Whether the item targets ``site_id`` (an item without ``sites`` targets all)."""
        return self.sites is None or site_id in self.sites


@dataclass(frozen=True, kw_only=True)
class DateValidity(Record):
    """A validity by calendar day, both ends included, in the site's time zone."""

    valid_from: Annotated[v.Day | None, v.Field(description="First day shown (included).")] = None
    valid_until: Annotated[v.Day | None, v.Field(description="Last day shown (included).")] = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")

    def valid_on(self, day: date) -> bool:
        """Whether ``day`` lies inside the validity."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


@dataclass(frozen=True, kw_only=True)
class InstantValidity(Record):
    """A validity between two instants (time zone required): shown from, hidden at until."""

    valid_from: Annotated[v.Instant | None, v.Field(description="Shown from (included).")] = None
    valid_until: Annotated[v.Instant | None, v.Field(description="Hidden from (excluded).")] = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError("valid_until is not after valid_from")

    def valid_at(self, now: datetime) -> bool:
        """Whether the item is to be shown at the aware instant ``now``."""
        if self.valid_from and now < self.valid_from:
            return False
        return not (self.valid_until and now >= self.valid_until)
