"""The model's refusals in plain French, for the people who type the records.

The rules stay in the model (signage/model, the ones ``signage publish`` applies); this
only words them. A message the table does not know is shown as the model wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from pydantic import ValidationError
from pydantic_core import ErrorDetails

# The model's own sentences (value errors), with what a person should read instead.
_SENTENCES: Final = (
    (r"must not be empty", "ne peut pas être vide"),
    (r"valid_until is (before|not after) valid_from", "la fin doit venir après le début"),
    (r"is not a known time zone", "fuseau horaire inconnu (exemple : Europe/Paris)"),
    (r"^end must be after start \(slots", "l'heure de fin doit venir après l'heure de début"),
    (r"^end must be after start", "la fin doit venir après le début"),
    (r"lasts more than a year", "dure plus d'un an : vérifiez l'année de fin"),
    (r"is not a period such as", "n'est pas une plage horaire (exemple : 8h30-12h30)"),
    (r"has an hour or minute out of range", "a une heure ou des minutes impossibles"),
    (r"ends before it starts", "se termine avant de commencer"),
    (r"holds invisible characters", "contient des caractères invisibles : retapez le nom"),
    (r"longer than 32 bytes", "est trop long (32 octets au plus, un accent compte double)"),
    (r"an open network has no password", "un réseau ouvert n'a pas de mot de passe"),
    (r"network needs its password", "ce réseau a besoin de son mot de passe"),
    (
        r"may only hold letters without accents",
        "seulement des lettres sans accent, des chiffres, des espaces et des signes "
        "(un téléphone ne saurait pas le taper autrement)",
    ),
    (
        r"a QR code on screen scans up to",
        "adresse trop longue pour un QR code lisible à l'écran : donnez un lien plus court "
        "vers la même page",
    ),
    (r"is outside the years 2000 to 2099", "doit être entre 2000 et 2099"),
    (r"is not a web address", "n'est pas une adresse web (https://…)"),
    (r"give either file", "donnez l'adresse de l'agenda (https://…)"),
)


def french(error: ErrorDetails) -> str:
    """One sentence for one refusal, without the field's name (shown next to it)."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if kind == "missing":
        return "Ce champ est obligatoire."
    if kind in {"literal_error", "enum"}:
        return f"Choisissez une valeur parmi : {ctx.get('expected', '?')}."
    if kind in {"string_too_long", "too_long"}:
        return f"Trop long : {ctx.get('max_length')} caractères au plus."
    if kind in {"string_too_short", "too_short"}:
        least = ctx.get("min_length")
        given = error.get("input")
        if isinstance(least, int) and least > 1 and isinstance(given, str) and given:
            if "password" in error.get("loc", ()):
                return (
                    f"Un mot de passe wifi (WPA) a 8 à 63 caractères ; celui-ci en a "
                    f"{len(given)}. Par exemple « bienvenue35 »."
                )
            return f"Trop court : {least} caractères au moins (celui-ci en a {len(given)})."
        return "Ce champ ne peut pas être vide."
    if kind == "string_pattern_mismatch":
        return "Forme incorrecte : lettres minuscules sans accent, chiffres et tirets."
    if kind in {"url_parsing", "url_scheme", "url_type"}:
        return "Ce n'est pas une adresse web : elle commence par https://."
    if kind.startswith(("datetime_", "timezone_")):
        return "Date ou heure impossible."
    if kind.startswith("date_"):
        return "Ce n'est pas une date (exemple : 03/12/2026)."
    if kind.startswith("time_"):
        return "Ce n'est pas une heure (exemple : 14h ou 9h30)."
    if kind in {"int_parsing", "float_parsing", "int_type", "float_type"}:
        return "Ce n'est pas un nombre."
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        return "Valeur hors des limites permises."
    return sentence(str(ctx.get("error", error.get("msg", ""))))


def sentence(text: str) -> str:
    """A sentence of the model (or of the semainier reader) in French, when known."""
    for pattern, words in _SENTENCES:
        if re.search(pattern, text):
            return words[0].upper() + words[1:] + "."
    return f"Valeur refusée : {text}"


def by_field(exc: ValidationError) -> dict[str, list[str]]:
    """Each refusal under the first key of its path ("" for the record as a whole)."""
    found: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False):
        loc = [p for p in error["loc"] if isinstance(p, str) and "[" not in p]
        key = loc[0] if loc and loc[0] not in {"str", "function-after"} else ""
        message = french(error)
        if message not in found.setdefault(key, []):
            found[key].append(message)
    return found


# The publisher's warnings (it speaks English on the command line), as the publish page
# says them.
_SECTIONS_FR: Final = {
    "semainier": "créneaux du semainier",
    "workshops": "ateliers",
    "wifi": "wifis",
    "apps": "applications",
    "announcements": "annonces",
    "posters": "affiches",
    "rooms": "salles",
    "bookings": "réservations",
    "sites": "sites",
}
_NARROW_SPACE: Final = "\u202f"  # French thousands separator


def _twice(m: re.Match[str]) -> str:
    count = m.group(2).replace(",", _NARROW_SPACE)
    section = _SECTIONS_FR.get(m.group(1), m.group(1))
    return (
        f"{count} {section} en double (par exemple {m.group(3)}) : chacun n'est publié qu'une fois."
    )


def _unreachable(m: re.Match[str]) -> str:
    return (
        f"{m.group(1)} : agenda en ligne injoignable ({m.group(2)}) ; "
        f"sa copie du {m.group(3)} est publiée."
    )


def _unread(m: re.Match[str]) -> str:
    return f"{m.group(1)} : dossier non lu (seuls semainier/, workshops/ et images/ le sont)."


def _not_taken(m: re.Match[str]) -> str:
    title, day, room, when, start, end, who, what, length, free = m.groups()
    return (
        f"« {title} » du {_day(day)}, de votre agenda, n'est pas repris : {room} est déjà "
        f"réservée le {_day(when)} de {start} à {end} par {who} (« {what} »). Libre assez "
        f"longtemps ({length}) : {_dated(free)}."
    )


def _dated(offers: str) -> str:
    """``2026-12-11 13:30–17:00; …`` as ``11/12/2026, 13:30–17:00 ; …``."""
    return " ; ".join(
        re.sub(r"^(\d{4}-\d\d-\d\d) ", lambda m: f"{_day(m.group(1))}, ", part.strip())
        for part in offers.split(";")
    )


def _same_day(m: re.Match[str]) -> str:
    return (
        f"« {m.group(1)} » du {_day(m.group(2))}, de votre agenda, n'est pas repris : une "
        "réservation commence et finit le même jour."
    )


def _closed(m: re.Match[str]) -> str:
    why = f" ({m.group(3)})" if m.group(3) else ""
    return (
        f"« {m.group(1)} » du {_day(m.group(2))}, de votre agenda, n'est pas repris : le site "
        f"est fermé ce jour-là{why}."
    )


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


_WARNINGS: Final[tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...]] = (
    (
        re.compile(
            r"^(?:warning: )?.*booking-calendars\.toml, .*?, « (.*) » of (\d{4}-\d\d-\d\d): "
            r"not taken: (.*) is already booked on (\d{4}-\d\d-\d\d) \(\w+\) "
            r"(\d\d:\d\d)–(\d\d:\d\d) by (.*?) \(« (.*) »\); free for (.*?): (.*)$"
        ),
        _not_taken,
    ),
    (
        re.compile(
            r"^(?:warning: )?.*booking-calendars\.toml, .*?: « (.*) » of (\d{4}-\d\d-\d\d) "
            r"is not taken: a booking starts and ends the same day$"
        ),
        _same_day,
    ),
    (
        re.compile(
            r"^(?:warning: )?.*booking-calendars\.toml, .*?, « (.*) » of (\d{4}-\d\d-\d\d): "
            r"not taken: .* is closed on \d{4}-\d\d-\d\d(?: \((.*)\))?$"
        ),
        _closed,
    ),
    (
        re.compile(
            r"^feed\.json, (\w+): ([\d,]+) items? (?:is|are) there twice "
            r"\(for example (.*)\): each published once$"
        ),
        _twice,
    ),
    (re.compile(r"^(.*): not fetched \((.*)\); its copy of (.*) is published$"), _unreachable),
    (re.compile(r"^(.*/): not read \(publish reads semainier/, workshops/, images/\)$"), _unread),
)


def warning(text: str) -> str:
    """A publisher's warning in French, when it is one the console knows."""
    for pattern, words in _WARNINGS:
        found = pattern.match(text)
        if found is not None:
            return words(found)
    return text
