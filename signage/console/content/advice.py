"""Advice like a colleague's, next to the field, never a refusal: a date already past or
far away, a text longer than a visitor can read while the slide shows, a title in
capitals. (Refusals stay the model's: signage publish applies the same.)"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Final

from django.apps import apps

from signage.console.content.kinds import Kind
from signage.console.content.readability import GLOSSARY, advice

# About one word a second for the many visitors who read French as a second language
# (the FALC guidance reads slower still), and how long a slide shows by default.
WORDS_PER_SECOND: Final = 1.0
DEFAULT_SECONDS: Final = 20
FAR: Final = timedelta(days=183)
SLIDE_OF: Final = {"annonce": "announcements", "atelier": "agenda", "affiche": "posters"}
# What a visitor reads on each kind's slide, by the form's field names.
READ: Final = {"annonce": ("title", "body"), "affiche": ("caption", "when", "place")}
TITLES: Final = ("title", "caption", "name")
# The texts checked for easy reading (readability.py), by kind: its title, its body.
TEXTS: Final = {
    "annonce": ("title", "body"),
    "affiche": ("caption", "alt"),
    "atelier": ("title", "registration"),
    "reservation": ("title", ""),
}


# The record's dates, and the form field each is typed in.
DATES: Final = (("start", "day"), ("valid_from", "from_day"), ("valid_until", "until_day"))


def advise(kind: Kind, values: dict[str, Any], today: date) -> dict[str, list[str]]:
    """Advice per form field (its name), for a record's ``values`` (as saved)."""
    found: dict[str, list[str]] = {}

    def say(field: str, text: str) -> None:
        found.setdefault(field, []).append(text)

    for key, field in DATES:
        typed = _day(values.get(key))
        if typed is None or kind.key == "creneau":
            continue
        shown = typed.strftime("%d/%m/%Y")
        if typed < today and key in {"start", "valid_until"}:
            what = "l'atelier" if kind.key == "atelier" else "la fiche"
            say(field, f"Le {shown} est passé : {what} ne s'affichera pas. Une autre année ?")
        elif typed > today + FAR:
            say(field, f"Le {shown}, dans plus de six mois ? Vérifiez l'année.")
    for field in TITLES:
        text = values.get(field)
        if isinstance(text, str) and _shouting(text):
            say(
                field,
                "Évitez les MAJUSCULES : un texte en minuscules se lit mieux, de loin "
                f"comme de près (« {text.capitalize()} »).",
            )
    title_field, body_field = TEXTS.get(kind.key, ("", ""))
    if title_field:
        said = advice(
            str(values.get(title_field) or ""),
            str(values.get(body_field) or "") if body_field else "",
            glossary(),
        )
        for key, field in (("title", title_field), ("body", body_field)):
            for text in said.get(key, []):
                say(field, text)
    if kind.key == "affiche" and values and not str(values.get("alt") or "").strip():
        say(
            "alt",
            "Dites en une phrase ce que montre l'image : la page des téléphones la lit à voix "
            "haute à qui ne peut pas la voir (par exemple « Affiche de la fête du numérique, "
            "samedi 12 décembre de 14 h à 18 h »).",
        )
    fields = READ.get(kind.key, ())
    words = sum(len(str(values.get(f) or "").split()) for f in fields)
    seconds = slide_seconds(SLIDE_OF.get(kind.key, ""), values.get("sites"))
    need = round(words / WORDS_PER_SECOND)
    if fields and need > seconds:
        say(
            fields[-1] if values.get(fields[-1]) else fields[0],
            f"Ce texte demande environ {need} s de lecture ; la diapositive reste {seconds} s "
            "à l'écran. Raccourcissez-le, ou gardez l'essentiel dans le titre.",
        )
    return found


def glossary() -> dict[str, str]:
    """The abbreviations advice explains: the project's, and those the admins added."""
    found = dict(GLOSSARY)
    abbreviations = apps.get_model("console", "Abbreviation")
    found.update(dict(abbreviations.objects.values_list("word", "meaning")))
    return found


def _day(text: object) -> date | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _shouting(text: str) -> bool:
    letters = re.sub(r"[^A-Za-zÀ-ÿ]", "", text)
    return len(letters) >= 6 and letters == letters.upper()


def slide_seconds(kind: str, sites: object) -> int:
    """How long ``kind``'s slide shows on the sites' screens: the shortest duration their
    settings give it (a visitor may see only that), else the default."""
    settings = apps.get_model("console", "ScreenSettings")  # screens sit above content
    durations = []
    scoped = settings.objects.all()
    if isinstance(sites, list) and sites:
        scoped = scoped.filter(site__in=sites)
    for values in scoped.values_list("values", flat=True):
        for entry in (values or {}).get("playlist") or []:
            if isinstance(entry, dict) and entry.get("kind") == kind:
                duration = entry.get("duration")
                if isinstance(duration, int | float) and duration > 0:
                    durations.append(int(duration))
    return min(durations) if durations else DEFAULT_SECONDS
