"""What the records' fields accept, for pydantic: the edge where content is checked.

The records (``signage.model``, ``signage.feed``, ``signage.config``) are plain frozen
dataclasses; their annotations name the rules here as ``v.ShortText``, ``v.Field(...)``,
and the records' modules load this module lazily (``signage.model.record``). A process
that only shows what was already checked (the player's first frame, ``signage render``
from a ready snapshot) never imports pydantic; the first validation does.
"""

from __future__ import annotations

import inspect
from datetime import date, datetime, time, timezone
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    AwareDatetime,
    BeforeValidator,
    Field,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
)
from pydantic_core import core_schema

from signage.bounds import check_day, check_instant, check_wall_time
from signage.feed import check_key_text
from signage.model.apps import scannable
from signage.model.cleaning import clean_text
from signage.model.common import SITE_ID_PATTERN
from signage.model.hours import Closure, TimeRange, closure_from_text, period_from_text

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler

__all__ = ["AfterValidator", "BeforeValidator", "Field", "adapter"]


def _clean(value: str) -> str:
    """Plain text a screen can show (see ``clean_text``); feed text is never markup."""
    cleaned = clean_text(value)
    if not cleaned:
        raise ValueError("must not be empty (nothing visible is left)")
    return cleaned


PlainText = Annotated[str, AfterValidator(_clean), StringConstraints(max_length=2000)]
ShortText = Annotated[str, AfterValidator(_clean), StringConstraints(max_length=200)]
SiteId = Annotated[str, StringConstraints(pattern=SITE_ID_PATTERN)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-fA-F]{64}$")]


def _stdlib_offset(value: datetime) -> datetime:
    # pydantic gives parsed offsets its own tzinfo class (pydantic_core.TzInfo): a record
    # holding one could not be read back without pydantic. Same offset, stdlib class.
    zone = value.tzinfo
    if zone is None or isinstance(zone, timezone | ZoneInfo):
        return value
    offset = value.utcoffset()
    return value if offset is None else value.replace(tzinfo=timezone(offset))


def _not_a_number(value: object) -> object:
    # pydantic reads a number as seconds (or milliseconds, when large) since 1970: a
    # workshop start of 1764601200 would be taken for a date nobody wrote.
    if isinstance(value, int | float):
        what = "is not a date" if isinstance(value, bool) else "is a number"
        raise ValueError(
            f"{value!r} {what}; write a date and time with its offset, "
            "e.g. '2026-12-01T14:00:00+01:00'"
        )
    return value


def _not_a_day_number(value: object) -> object:
    if isinstance(value, int | float):
        what = "is not a date" if isinstance(value, bool) else "is a number"
        raise ValueError(f"{value!r} {what}; write a date, e.g. '2026-12-01'")
    return value


Instant = Annotated[
    AwareDatetime,
    BeforeValidator(_not_a_number),
    AfterValidator(_stdlib_offset),
    AfterValidator(check_instant),
]
Day = Annotated[date, BeforeValidator(_not_a_day_number), AfterValidator(check_day)]
WallTime = Annotated[time, AfterValidator(check_wall_time)]
PublicKey = Annotated[str, AfterValidator(check_key_text)]

_URL: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl)


def _web_address(value: object) -> str:
    # Checked as pydantic's http(s) URL, kept as the text a QR code encodes: a record
    # holds only builtin types, so reading it back needs no pydantic.
    return scannable(str(_URL.validate_python(value)))


WebAddress = Annotated[
    str,
    BeforeValidator(_web_address),
    WithJsonSchema({"type": "string", "format": "uri", "minLength": 1}),
]


def text_schema(cls: type[Any], handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
    """``Text``: one plain string or translations keyed by language, wrapped in ``cls``."""
    inner = handler.generate_schema(PlainText | dict[str, PlainText])
    doc = inspect.cleandoc(cls.__doc__ or "")
    return core_schema.no_info_after_validator_function(
        cls,
        inner,
        serialization=core_schema.plain_serializer_function_ser_schema(lambda text: text.root),
        # One definition ("Text") in the JSON Schema, as the feed's documentation shows it.
        ref=f"{cls.__module__}.{cls.__qualname__}",
        metadata={"pydantic_js_updates": {"title": cls.__name__, "description": doc}},
    )


def one_or_many(value: object) -> object:
    """``"08:30-12:00"`` stands for ``["08:30-12:00"]``."""
    return [value] if isinstance(value, str) else value


# Opening hours: one period or several, each as text ("08:30-12:00") or as a table;
# closures as a date or as a table with a reason.
Periods = Annotated[
    tuple[Annotated[TimeRange, BeforeValidator(period_from_text)], ...],
    BeforeValidator(one_or_many),
]
Closures = tuple[Annotated[Closure, BeforeValidator(closure_from_text)], ...]


_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def adapter(record: type) -> TypeAdapter[Any]:
    """The validator of one record type, built at its first use and kept."""
    found = _ADAPTERS.get(record)
    if found is None:
        found = _ADAPTERS[record] = TypeAdapter(record)
    return found


@cache
def envelope_field(name: str) -> TypeAdapter[Any]:
    """The validator of one field of a feed's envelope, checked alone (see parse_feed)."""
    from signage.feed import Feed  # noqa: PLC0415

    hints = get_type_hints(Feed, include_extras=True)
    return TypeAdapter(hints[name])
