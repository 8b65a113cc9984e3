"""What the spreadsheet and calendar readers say (in English, for ``signage publish``),
as the import page says it to a person who sent a file.

The readers stay the only judges (the console imports with the ones publish applies);
this only words their sentences. A sentence the tables do not know is shown as written,
after a French lead, so that nothing is hidden.
"""

from __future__ import annotations

import ast
import re
from typing import Final

# (pattern, French with \1-style groups). Patterns match a whole sentence.
_CALENDAR_REASONS: Final = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"no start \(DTSTART\)", "il n'a pas de date de début"),
        (
            r"starts in (-?\d+), outside the years 1900 to 2099",
            r"il commence en \1 (année à vérifier)",
        ),
        (
            r"lasts more than a year \(check the end's year\)",
            "il dure plus d'un an (vérifiez l'année de fin)",
        ),
        (r"ends before it starts", "il finit avant de commencer"),
        (r"repeats every second", "il se répète chaque seconde"),
        (r"repeats every minute", "il se répète chaque minute"),
        (r"its repetition rule is unreadable.*", "sa règle de répétition est illisible"),
        (
            r"repeats too often \(more than ([\d,]+) times from (\S+) to the end of the period\)",
            r"il se répète trop souvent (plus de \1 fois depuis le \2)",
        ),
        (
            r"its repetitions take too long to work out",
            "ses répétitions sont trop longues à calculer",
        ),
        (r"more than ([\d,]+) occurrences in the period", r"il a plus de \1 dates dans la période"),
        (r"cannot be expanded.*", "ses dates ne peuvent pas être calculées"),
        (r"unreadable.*", "il est illisible"),
    )
)
_EVENT: Final = re.compile(r"^event (.*?): (.*?)(?:; left out)?$")

_CALENDAR_WHOLE: Final = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (
            r"calendar too long to read in (\S+) s; the rest is left out",
            r"L'agenda est trop long à lire (plus de \1 s) : la suite est mise de côté.",
        ),
        (
            r"more than ([\d,]+) occurrences; the following are left out",
            r"L'agenda a plus de \1 dates : les suivantes sont mises de côté.",
        ),
        (r"an occurrence was refused: .*", "Une date de l'agenda a été refusée."),
        (
            r"not an iCalendar file.*",
            "Ce n'est pas un agenda au format iCalendar (.ics). Exportez-le depuis votre logiciel "
            "d'agenda (par exemple Thunderbird : « Exporter le calendrier… », fichier .ics).",
        ),
        (
            r"needs more than (\d+) MiB to read; left out",
            r"Il demande plus de \1 Mo de mémoire pour être lu : découpez-le ou n'exportez que les "
            "mois à venir.",
        ),
        (
            r"took more than .* to read; left out",
            "Il est trop long à lire : n'exportez que les mois à venir.",
        ),
        (
            r"the calendar reader gave no answer|could not be read here.*|stopped: .*",
            "La console n'a pas pu le lire cette fois : réessayez dans un instant.",
        ),
    )
)

_CSV_WHOLE: Final = tuple(
    (re.compile(pattern), words)
    for pattern, words in (
        (r"the file is empty", "Le fichier est vide."),
        (
            r"([\d,]+) lines: a semainier is the week of one site, at most ([\d,]+) rows.*",
            r"Ce fichier a \1 lignes : un semainier est la semaine d'un site, \2 lignes au plus. "
            "Est-ce le bon fichier ?",
        ),
        (
            r"not a CSV file.*|line \d+: not readable as CSV.*",
            "Ce n'est pas un tableau CSV : dans le tableur, « Enregistrer sous » puis « CSV "
            "(séparateur : point-virgule) ».",
        ),
        (
            r"looks like UTF-16 but is damaged.*",
            "Le fichier est abîmé : enregistrez-le à nouveau en « CSV UTF-8 ».",
        ),
        (
            r"no column for (.*) in the header row \((.*)\); expected.*",
            r"La première ligne (\2) ne nomme pas les colonnes attendues. Exemple : "
            "jour; début; fin; activité; partenaire; lieu.",
        ),
    )
)


def _number(text: str) -> str:
    return text.replace(",", "\u202f")  # French writes 1 500 with a narrow space


def _first(table: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str | None:
    for pattern, words in table:
        found = pattern.fullmatch(text)
        if found is not None:
            return _number(found.expand(words))
    return None


def _title(written: str) -> str:
    """« Atelier CV » from the reader's ``'Atelier CV'`` (Python's quoting)."""
    try:
        title = ast.literal_eval(written)
    except (ValueError, SyntaxError):
        title = written
    return f"« {title} »"


def calendar_problem(text: str) -> str:
    """One event (or the rest of the calendar) left out, in French."""
    event = _EVENT.match(text)
    if event is not None:
        title = _title(event.group(1))
        reason = _first(_CALENDAR_REASONS, event.group(2))
        if reason is not None:
            return f"Événement {title} mis de côté : {reason}."
        return f"Événement {title} mis de côté : {event.group(2)}"
    return _first(_CALENDAR_WHOLE, text) or f"Mis de côté : {text}"


def calendar_refusal(text: str) -> str:
    """Why a whole calendar file is refused, in French."""
    return _first(_CALENDAR_WHOLE, text) or f"Cet agenda ne peut pas être lu : {text}"


def csv_refusal(text: str) -> str:
    """Why a whole spreadsheet is refused, in French."""
    return _first(_CSV_WHOLE, text) or f"Ce fichier n'est pas un semainier lisible : {text}"
