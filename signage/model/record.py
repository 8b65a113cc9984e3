"""The base of every checked record: a frozen dataclass that pydantic validates.

A record holds builtin values only (text, numbers, dates, tuples, other records), so a
process can read records back (the ready snapshot, the ready config) without importing
pydantic, which costs a screen a third of its start-up. Validation happens at the edge,
through ``signage.model.rules``, loaded at the first ``model_validate``.

The method names are pydantic's, so code that validates, dumps or copies a record reads
the same as it would with a pydantic model.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self, cast


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, imported at the first attribute read (already loaded: as is)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


__all__ = ["Record", "field_names", "lazy_module", "v"]

if TYPE_CHECKING:
    from signage.model import rules as v
else:
    v = lazy_module("signage.model.rules")


class Record:
    """Base of the records, each declared ``@dataclass(frozen=True, kw_only=True)``
    (immutable; fields by name, so a subclass may add required fields after a base's
    optional ones). Checks across fields go in ``__post_init__`` (raise
    ValueError), which runs for records built in code and for validated ones alike."""

    __slots__ = ()
    # Options for pydantic (ConfigDict's keys): unknown keys are ignored by default.
    __pydantic_config__: ClassVar[dict[str, Any]] = {"str_strip_whitespace": True}

    def __post_init__(self) -> None:
        """Nothing to check here; subclasses call it through ``super()``."""

    @classmethod
    def model_validate(cls, data: object) -> Self:
        """``data`` (decoded JSON or TOML) checked and made a record; ValidationError if not."""
        result: Self = v.adapter(cls).validate_python(data)
        return result

    @classmethod
    def model_json_schema(
        cls, mode: Literal["validation", "serialization"] = "validation"
    ) -> dict[str, Any]:
        schema: dict[str, Any] = v.adapter(cls).json_schema(mode=mode)
        return schema

    def model_dump(self, **options: Any) -> Any:
        """The record as builtin values (``mode="json"``: as JSON would hold them)."""
        return v.adapter(type(self)).dump_python(self, **options)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A copy with some fields replaced (checked across fields again)."""
        copy: Self = dataclasses.replace(cast(Any, self), **(update or {}))
        return copy


def field_names(record_type: type[Record]) -> tuple[str, ...]:
    """The names of a record's fields, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(record_type))  # type: ignore[arg-type]
