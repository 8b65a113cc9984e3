"""Pieces shared by every content record: plain text, translations, site targeting."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    model_validator,
)

from signage.bounds import Day, Instant
from signage.model.cleaning import clean_text

SITE_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


def _clean(value: str) -> str:
    """Plain text a screen can show (see ``clean_text``); feed text is never markup."""
    cleaned = clean_text(value)
    if not cleaned:
        raise ValueError("must not be empty (nothing visible is left)")
    return cleaned


PlainText = Annotated[str, AfterValidator(_clean), StringConstraints(max_length=2000)]
ShortText = Annotated[str, AfterValidator(_clean), StringConstraints(max_length=200)]
SiteId = Annotated[str, StringConstraints(pattern=SITE_ID_PATTERN)]


class Text(RootModel[PlainText | dict[str, PlainText]]):
    """A text shown on screen: one plain string, or translations keyed by language.

    ``"Atelier smartphone"`` or ``{"fr": "Atelier smartphone", "en": "Smartphone class"}``.
    A screen asks for its language and falls back to French, then to any translation,
    so a missing translation never leaves a hole on screen.
    """

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _check_languages(self) -> Text:
        if isinstance(self.root, dict):
            if not self.root:
                raise ValueError("needs at least one translation")
            for lang in self.root:
                if not LANG_PATTERN.match(lang):
                    raise ValueError(f"{lang!r} is not a language code such as 'fr' or 'en'")
        return self

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


class Item(BaseModel):
    """Base of every feed item: frozen, unknown fields ignored, optionally site-targeted.

    Unknown fields are ignored so that a newer publisher can add fields without breaking
    older screens (forward compatibility of feed format 1).
    """

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    id: ShortText | None = Field(
        default=None, description="Stable identifier chosen by the publisher (optional)."
    )
    sites: tuple[SiteId, ...] | None = Field(
        default=None,
        min_length=1,
        description="Site ids this item is for; absent or null means every site.",
    )

    def for_site(self, site_id: str) -> bool:
        """Whether the item targets ``site_id`` (an item without ``sites`` targets all)."""
        return self.sites is None or site_id in self.sites


class DateValidity(BaseModel):
    """A validity by calendar day, both ends included, in the site's time zone."""

    valid_from: Day | None = Field(default=None, description="First day shown (included).")
    valid_until: Day | None = Field(default=None, description="Last day shown (included).")

    @model_validator(mode="after")
    def _check_order(self) -> DateValidity:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("valid_until is before valid_from")
        return self

    def valid_on(self, day: date) -> bool:
        """Whether ``day`` lies inside the validity."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)


class InstantValidity(BaseModel):
    """A validity between two instants (time zone required): shown from, hidden at until."""

    valid_from: Instant | None = Field(default=None, description="Shown from (included).")
    valid_until: Instant | None = Field(default=None, description="Hidden from (excluded).")

    @model_validator(mode="after")
    def _check_order(self) -> InstantValidity:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            raise ValueError("valid_until is not after valid_from")
        return self

    def valid_at(self, now: datetime) -> bool:
        """Whether the item is to be shown at the aware instant ``now``."""
        if self.valid_from and now < self.valid_from:
            return False
        return not (self.valid_until and now >= self.valid_until)
