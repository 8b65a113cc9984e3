"""A form for each kind of record, built from its fields (fields.py).

What the person typed is turned into the record's values (``14h`` and ``03/12/2026``
into ``2026-12-03T14:00:00``), then checked by checks.py (the publish rules); each
refusal is shown in French next to the field it is about, with an example.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django import forms

from signage.console.content.checks import RECORD, check, check_image
from signage.console.content.fields import FIELDS, WEEKDAY_NAMES, Field
from signage.console.content.kinds import Kind
from signage.console.content.models import ADMINS
from signage.console.content.rooms import partner_name, room_choices, rules_to_accept
from signage.human_values import fold, parse_date, parse_time
from signage.publish.images import MAX_IMAGE_BYTES

_PERIODS = re.compile(r"\s*(?:,|;|\bet\b)\s*")


class RecordForm(forms.Form):
    """One record of ``kind`` for ``owner``; ``values`` holds the record once valid."""

    def __init__(
        self,
        kind: Kind,
        owner: str,
        sites: list[tuple[str, str]],
        *args: Any,
        values: dict[str, Any] | None = None,
        pk: int | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", to_form(kind, values or {}))
        super().__init__(*args, **kwargs)
        self.kind, self.owner, self.pk = kind, owner, pk
        self.before = values or {}
        self.values: dict[str, Any] = {}
        self.uploads: dict[str, bytes] = {}  # "images/affiche.png" → its bytes
        self.warnings: list[str] = []
        self.accepts_rules = False
        rooms = room_choices(owner) if kind.key in {"reservation", "agenda-salle"} else []
        for spec in FIELDS[kind.key]:
            if spec.name == "partner" and owner != ADMINS:
                continue  # a partner books in its own name: nothing to type
            if spec.name == "urgent" and owner != ADMINS:
                continue  # urgent messages are the admins' and referents' (home page)
            self.fields[spec.name] = _django_field(spec, sites, rooms)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = self._values(data)
        if self.errors:
            return data
        checked = check(self.kind, values, self.owner, self.pk, uploaded=frozenset(self.uploads))
        for key, messages in checked.problems.items():
            target = _field_for(self.kind, key)
            for message in messages:
                self.add_error(target, message)
        if self.kind.key == "reservation":
            # A room's rules of use, accepted once by each partner before its first booking.
            rules = rules_to_accept(values, self.owner)
            self.accepts_rules = bool(values.pop("accept_rules", False))
            if rules is not None and not self.accepts_rules:
                self.add_error(
                    "accept_rules",
                    f"Les règles d'usage de cette salle : « {rules} » Cochez la case pour "
                    "les accepter (une fois).",
                )
        self.values = values
        self.warnings = checked.warnings
        return data

    def _values(self, data: dict[str, Any]) -> dict[str, Any]:
        # Keys the form does not show (an id from an imported file, a time zone) are
        # kept as they were: editing a password must not renumber the record.
        covered = {key for spec in FIELDS[self.kind.key] for key in (*spec.fills, spec.name)}
        values: dict[str, Any] = {k: v for k, v in self.before.items() if k not in covered}
        parsed: dict[str, Any] = {}
        for spec in FIELDS[self.kind.key]:
            raw = data.get(spec.name)
            if spec.type == "image":
                upload = self.files.get(spec.name) if self.files else None
                if upload is not None and (upload.size or 0) > MAX_IMAGE_BYTES:
                    # Said before reading it: a huge file must not fill the server's memory.
                    self.add_error(spec.name, "Image trop lourde : 20 Mo au plus.")
                    continue
                if upload is not None:
                    content = upload.read()
                    name = f"images/{_safe(upload.name)}"
                    refused = check_image(name, content)
                    if refused:
                        self.add_error(spec.name, refused)
                        continue
                    self.uploads[name] = content
                    values[spec.name] = name
                elif isinstance(self.before.get(spec.name), str):
                    values[spec.name] = self.before[spec.name]
                continue
            if spec.type in {"date", "time"}:
                text = (raw or "").strip()
                if not text:
                    continue
                value = parse_date(text) if spec.type == "date" else parse_time(text)
                if value is None:
                    example = spec.example
                    what = "une date" if spec.type == "date" else "une heure"
                    self.add_error(spec.name, f"« {text} » n'est pas {what}. Exemple : {example}.")
                    continue
                parsed[spec.name] = value
                continue
            if spec.type == "dates":
                days = []
                for word in str(raw or "").replace(",", " ").split():
                    day = parse_date(word)
                    if day is None:
                        self.add_error(
                            spec.name, f"« {word} » n'est pas une date. Exemple : {spec.example}."
                        )
                    else:
                        days.append(day.isoformat())
                if days:
                    values[spec.name] = days
                continue
            value = _plain(spec, raw)
            if value not in (None, "", [], False):
                values[spec.name] = value
        self._combine(values, parsed)
        return values

    def _combine(self, values: dict[str, Any], parsed: dict[str, Any]) -> None:
        """Fields that together make one value: a day and times, a validity, hours."""
        day = parsed.get("day")
        for key, field in (("start", "start_time"), ("end", "end_time")):
            if isinstance(day, date) and isinstance(parsed.get(field), time):
                values[key] = datetime.combine(day, parsed[field]).isoformat()
        if self.kind.key == "atelier":
            # Said once per empty field; a field already refused is not refused twice.
            for field in ("day", "start_time", "end_time"):
                if field not in parsed and field not in self.errors:
                    self.add_error(field, "Ce champ est obligatoire.")
        if isinstance(parsed.get("from_day"), date):
            at = parsed.get("from_time")
            values["valid_from"] = (
                datetime.combine(parsed["from_day"], at).isoformat()
                if isinstance(at, time)
                else parsed["from_day"].isoformat()
            )
        if isinstance(parsed.get("until_day"), date):
            values["valid_until"] = parsed["until_day"].isoformat()
        if self.kind.key == "reservation":
            if isinstance(parsed.get("date"), date):
                values["date"] = parsed["date"].isoformat()
            for key in ("start", "end"):
                if isinstance(parsed.get(key), time):
                    values[key] = parsed[key].strftime("%H:%M")
            if self.owner != ADMINS:  # a partner books in its own name
                values["partner"] = partner_name(self.owner)
        if self.kind.key == "agenda-salle" and self.owner != ADMINS:
            values["partner"] = partner_name(self.owner)
        if self.kind.key == "salle" and values.pop("shared", "") == "non":
            values["shareable"] = False
        if self.kind.key in {"site", "salle"}:
            hours: dict[str, Any] = {}
            for day_name in WEEKDAY_NAMES:
                periods = values.pop(day_name, None)
                if periods:
                    hours[day_name] = [p for p in _PERIODS.split(str(periods)) if p]
            closures = values.pop("closures", None)
            if closures:
                hours["closures"] = self._closures(str(closures))
            if hours:
                values["hours"] = hours

    def _closures(self, text: str) -> list[dict[str, str]]:
        found, wrong = closures_from(text)
        for message in wrong:
            self.add_error("closures", message)
        return found


def closures_from(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """Closure days typed one per line ("25/12/2026 Noël"), and what could not be read."""
    found: list[dict[str, str]] = []
    wrong: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        first, _, reason = line.strip().partition(" ")
        day = parse_date(first)
        if day is None:
            wrong.append(f"« {first} » n'est pas une date. Exemple : 25/12/2026 Noël.")
            continue
        found.append({"day": day.isoformat(), **({"reason": reason.strip()} if reason else {})})
    return found, wrong


def _plain(spec: Field, raw: Any) -> Any:
    if spec.type == "bool":
        return bool(raw)
    if spec.type == "tristate":
        return {"true": True, "false": False}.get(str(raw or ""))
    if spec.type == "sites":
        return list(raw or [])
    if spec.type == "list":
        return [p.strip() for p in str(raw or "").split(",") if p.strip()]
    return str(raw or "").strip()


def _safe(name: str) -> str:
    """A file name for the content folder: "Fête numérique.PNG" → "fete-numerique.png"."""
    plain = fold(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    stem = re.sub(r"[^a-z0-9._-]+", "-", plain).strip("-.")
    return stem[:80] or "image"


def _field_for(kind: Kind, key: str) -> str | None:
    """The form field showing a refusal of value ``key`` (None: the whole record)."""
    if key == RECORD:
        return None
    specs = [s for s in FIELDS[kind.key] if key in s.fills]
    if not specs:
        return None
    return min(specs, key=lambda s: len(s.fills)).name


def _django_field(
    spec: Field, sites: list[tuple[str, str]], rooms: list[tuple[str, str]]
) -> forms.Field:
    # The example is said under the field, not as a placeholder: grey text in a box reads
    # as already typed to many, and disappears as one types.
    help_text = f"Exemple : {spec.example}" if spec.example and spec.type != "image" else ""
    if spec.type == "sites":
        help_text = spec.example
    common: dict[str, Any] = {"label": spec.label, "required": False, "help_text": help_text}
    if spec.type == "long":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if spec.type == "bool":
        return forms.BooleanField(**common)
    if spec.type in {"choice", "tristate"}:
        return forms.ChoiceField(choices=spec.choices, **common)
    if spec.type == "sites":
        return forms.MultipleChoiceField(
            choices=sites, widget=forms.CheckboxSelectMultiple, **common
        )
    if spec.type == "site":
        return forms.ChoiceField(choices=[("", "—"), *sites], **common)
    if spec.type == "room":
        # Buttons, not a list: « Salle de groupe — ESC Bourg-l'Évêque » wraps on a phone,
        # where a list's closed box cut it.
        return forms.ChoiceField(choices=rooms, widget=forms.RadioSelect, **common)
    if spec.type == "image":
        return forms.FileField(**{**common, "help_text": spec.example})
    return forms.CharField(max_length=4000, **common)


def to_form(kind: Kind, values: dict[str, Any]) -> dict[str, Any]:
    """A record's values as the form shows them (``14h30``, ``03/12/2026``)."""
    initial: dict[str, Any] = {}
    for spec in FIELDS[kind.key]:
        if spec.name in values and spec.type not in {"image"}:
            value = values[spec.name]
            if spec.type == "tristate":
                value = "" if value is None else str(value).lower()
            elif spec.type == "list" and isinstance(value, list):
                value = ", ".join(value)
            elif spec.type == "dates" and isinstance(value, list):
                value = " ".join(_spoken_day(str(v)) for v in value)
            elif spec.type == "date" and isinstance(value, str):
                value = _spoken_day(value)
            elif spec.type == "time" and isinstance(value, str) and parse_time(value):
                value = spoken_time(parse_time(value))  # type: ignore[arg-type]
            elif isinstance(value, list) and spec.type not in {"sites"}:
                value = " ".join(str(v) for v in value)
            initial[spec.name] = value
    for key, day_field, time_field in (
        ("start", "day", "start_time"),
        ("end", "day", "end_time"),
        ("valid_from", "from_day", "from_time"),
        ("valid_until", "until_day", None),
    ):
        text = values.get(key)
        if not isinstance(text, str) or kind.key == "creneau":
            continue
        if kind.key == "reservation" and key in {"start", "end"}:
            continue  # wall-clock times, shown by their own fields
        moment = datetime.fromisoformat(text) if "T" in text else None
        day = moment.date() if moment else date.fromisoformat(text[:10])
        initial[day_field] = day.strftime("%d/%m/%Y")
        if time_field and moment is not None:
            initial[time_field] = spoken_time(moment.time())
    if kind.key == "salle" and values.get("shareable") is False:
        initial["shared"] = "non"
    hours = values.get("hours")
    if isinstance(hours, dict):
        for day_name in WEEKDAY_NAMES:
            periods = hours.get(day_name)
            if periods:
                initial[day_name] = ", ".join([periods] if isinstance(periods, str) else periods)
        initial["closures"] = "\n".join(_closure_line(c) for c in hours.get("closures", []) if c)
    return initial


def _spoken_day(text: str) -> str:
    """``2026-12-11`` as people write it: ``11/12/2026``."""
    try:
        return date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _closure_line(closure: Any) -> str:
    if isinstance(closure, str):
        return date.fromisoformat(closure).strftime("%d/%m/%Y")
    day = date.fromisoformat(str(closure.get("day")))
    return f"{day.strftime('%d/%m/%Y')} {closure.get('reason', '')}".strip()


def spoken_time(moment: time) -> str:
    """``14h``, ``9h30``: a time as people write it."""
    return f"{moment.hour}h" if moment.minute == 0 else f"{moment.hour}h{moment.minute:02d}"
