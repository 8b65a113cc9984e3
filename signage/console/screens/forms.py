"""Forms of the screens' pages: pairing by code, and the settings a referent sets.

The settings form writes what a screen's TOML holds (``{"display": {"theme": "dark"}}``)
for the sections a console may set (``signage.remote.compose.REMOTE_KEYS``); an empty
field means "as the site" (for a screen) or "as the screen's own file" (for a site).
Every message is in plain French with an example, next to its field.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError

from signage.console.content.fields import WEEKDAY_NAMES
from signage.console.content.forms import closures_from
from signage.console.content.slides import PLAYLIST_SLIDES, SLIDE_NAMES
from signage.human_values import parse_time, parse_weekday
from signage.i18n import available_languages

# Each language in its own words, as a person looks for it.
LANGUAGE_NAMES: Final = {"fr": "Français", "en": "English", "ar": "العربية"}
KIND_CHOICES: Final = [("", "—"), *((k, SLIDE_NAMES[k]) for k in PLAYLIST_SLIDES)]
PLAYLIST_ROWS: Final = 8
DAY_LABELS: Final = dict(
    zip(
        WEEKDAY_NAMES,
        ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"),
        strict=True,
    )
)
_PERIODS = re.compile(r"\s*[,;]\s*")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


SITE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class RegisterScreenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom de l'écran"),
        max_length=80,
        help_text=_("Où il est, pour le retrouver : par exemple « Hall d'accueil »."),
        error_messages={"required": _("Donnez un nom à l'écran, par exemple « Hall d'accueil ».")},
    )
    site = forms.CharField(
        label=_("Site"),
        max_length=40,
        help_text=_("L'identifiant du site, par exemple « maurepas »."),
        error_messages={"required": _("Choisissez le site de l'écran, par exemple « maurepas ».")},
    )

    def __init__(self, *args: Any, sites: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites = sites
        if sites:
            self.fields["site"] = forms.ChoiceField(
                label=_("Site"),
                choices=[("", _("— choisir —")), *sorted(sites.items(), key=lambda kv: kv[1])],
                error_messages={
                    "required": _("Choisissez le site de l'écran dans la liste."),
                    "invalid_choice": _("Ce site n'est pas dans la liste des sites publiés."),
                },
            )

    def clean_site(self) -> str:
        site = str(self.cleaned_data["site"]).strip()
        if not SITE_ID.match(site):
            raise forms.ValidationError(
                _(
                    "Un identifiant de site s'écrit en minuscules, sans espace ni accent : "
                    "par exemple « maurepas » ou « villejean »."
                )
            )
        return site


class PairForm(RegisterScreenForm):
    """A code read on the screen, its site and a name."""

    code = forms.CharField(
        label="Code affiché sur l'écran",
        max_length=20,
        help_text="Six lettres et chiffres, par exemple « K7F 3QX » (espaces sans importance).",
        error_messages={"required": "Tapez le code affiché sur l'écran, par exemple « K7F 3QX »."},
    )
    field_order = ["code", "site", "name"]


def _choice(label: str, choices: list[tuple[str, str]], inherit: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", inherit), *choices], required=False)


def _minutes(label: str, example: int) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        required=False,
        min_value=1,
        max_value=1440,
        help_text=f"Exemple : {example}",
        error_messages={
            "min_value": f"1 minute au moins, par exemple {example}.",
            "max_value": f"Une journée au plus (1440 minutes), par exemple {example}.",
            "invalid": f"Un nombre de minutes, par exemple {example}.",
        },
    )


def _text(label: str, help_text: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, **kwargs)


class SettingsForm(forms.Form):
    """One scope's settings (a site's, or a screen's on top of its site's)."""

    def __init__(self, *args: Any, inherit: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inherit = inherit  # "comme le site" / "comme le fichier de l'écran"
        same = inherit  # no dashes around it: on a phone the list's box cut them
        for row in range(PLAYLIST_ROWS):
            self.fields[f"p{row}_kind"] = forms.ChoiceField(
                label=f"Diapositive {row + 1}", choices=KIND_CHOICES, required=False
            )
            self.fields[f"p{row}_duration"] = forms.FloatField(
                label="Durée (secondes)",
                required=False,
                min_value=5,
                max_value=600,
                error_messages={
                    "min_value": "5 secondes au moins, par exemple 20.",
                    "max_value": "600 secondes au plus, par exemple 20.",
                    "invalid": "Un nombre de secondes, par exemple 20.",
                },
            )
            self.fields[f"p{row}_days"] = _text("Jours", "Vide : tous. Exemple : lundi, jeudi")
            self.fields[f"p{row}_from"] = _text("De", "Exemple : 8h30")
            self.fields[f"p{row}_until"] = _text("À", "Exemple : 12h")
            self.fields[f"p{row}_phone"] = forms.ChoiceField(
                label="QR « Sur votre téléphone »",
                choices=[
                    ("", "selon la diapositive"),
                    ("yes", "oui"),
                    ("no", "non"),
                ],
                required=False,
                help_text="Selon la diapositive : oui pour le semainier et l'agenda.",
            )
        self.fields["theme"] = _choice(
            "Thème", [("light", "clair"), ("dark", "sombre"), ("contrast", "contraste élevé")], same
        )
        languages = [(code, LANGUAGE_NAMES.get(code, code)) for code in available_languages()]
        self.fields["language"] = _choice("Langue", languages, same)
        self.fields["alternate"] = forms.MultipleChoiceField(
            label="Autres langues, en alternance (une diapositive sur deux)",
            choices=languages,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["transition"] = _choice(
            "Passage d'une diapositive à l'autre",
            [("crossfade", "fondu"), ("slide", "glissement"), ("none", "aucun")],
            same,
        )
        self.fields["orientation"] = _choice(
            "Orientation de l'écran", [("landscape", "paysage"), ("portrait", "portrait")], same
        )
        self.fields["accent"] = _text(
            "Couleur du partenaire", "Code couleur, par exemple #0b6e4f", max_length=7
        )
        self.fields["reduce_motion"] = _choice(
            "Réduire les mouvements", [("yes", "oui"), ("no", "non")], same
        )
        self.fields["now_strip"] = _choice(
            "Bandeau « En ce moment » sous les diapositives",
            [("yes", "oui"), ("no", "non")],
            same,
        )
        for name, label in DAY_LABELS.items():
            self.fields[f"h_{name}"] = _text(label, "Exemple : 8h30-12h30, 13h30-17h30")
        self.fields["h_closures"] = forms.CharField(
            label="Jours de fermeture",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Un par ligne, par exemple : 25/12/2026 Noël",
        )
        self.fields["urgent_mode"] = _choice(
            "Messages urgents",
            [("alone", "seuls à l'écran"), ("alternate", "entre les autres diapositives")],
            same,
        )
        self.fields["refresh_minutes"] = _minutes(
            "Chercher du nouveau contenu toutes les (minutes)", 5
        )
        self.fields["heartbeat_minutes"] = _minutes("Signe de vie toutes les (minutes)", 10)

    # -- reading what was typed ---------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.values = self._values(data)
        if not self.errors:
            self._check_whole(self.values)
        return data

    def _values(self, data: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        playlist = [e for row in range(PLAYLIST_ROWS) if (e := self._entry(row, data))]
        if playlist:
            values["playlist"] = playlist
        display: dict[str, Any] = {
            key: data[key]
            for key in ("theme", "language", "transition", "orientation")
            if data.get(key)
        }
        if data.get("alternate"):
            display["alternate"] = list(data["alternate"])
        accent = str(data.get("accent") or "").strip()
        if accent:
            display["accent"] = accent
            if not _HEX.match(accent):
                self.add_error(
                    "accent", "Un code couleur : # et six chiffres, par exemple #0b6e4f."
                )
        if data.get("reduce_motion"):
            display["reduce_motion"] = data["reduce_motion"] == "yes"
        if data.get("now_strip"):
            display["now_strip"] = data["now_strip"] == "yes"
        if display:
            values["display"] = display
        hours = self._hours(data)
        if hours:
            values["hours"] = hours
        if data.get("urgent_mode"):
            values["urgent"] = {"mode": data["urgent_mode"]}
        if data.get("refresh_minutes") is not None:
            values["source"] = {"refresh_minutes": data["refresh_minutes"]}
        if data.get("heartbeat_minutes") is not None:
            values["heartbeat"] = {"minutes": data["heartbeat_minutes"]}
        return values

    def _entry(self, row: int, data: dict[str, Any]) -> dict[str, Any] | None:
        kind = data.get(f"p{row}_kind")
        if not kind:
            for field in ("duration", "days", "from", "until"):
                if data.get(f"p{row}_{field}") not in (None, ""):
                    self.add_error(f"p{row}_kind", "Choisissez ce que montre cette diapositive.")
                    break
            return None
        entry: dict[str, Any] = {"kind": kind}
        if data.get(f"p{row}_duration") is not None:
            entry["duration"] = data[f"p{row}_duration"]
        days = []
        for word in str(data.get(f"p{row}_days") or "").replace(";", ",").split(","):
            if not word.strip():
                continue
            day = parse_weekday(word)
            if day is None:
                self.add_error(
                    f"p{row}_days", f"« {word.strip()} » n'est pas un jour. Exemple : lundi, jeudi"
                )
            else:
                days.append(day)
        if days:
            entry["weekdays"] = days
        for field, key in (("from", "from"), ("until", "until")):
            text = str(data.get(f"p{row}_{field}") or "").strip()
            if text:
                moment = parse_time(text)
                if moment is None:
                    self.add_error(
                        f"p{row}_{field}", f"« {text} » n'est pas une heure. Exemple : 8h30"
                    )
                else:
                    entry[key] = _hhmm(moment)
        phone = data.get(f"p{row}_phone")
        if phone in ("yes", "no"):
            entry["phone"] = phone == "yes"
        return entry

    def _hours(self, data: dict[str, Any]) -> dict[str, Any]:
        hours: dict[str, Any] = {}
        for name in WEEKDAY_NAMES:
            text = str(data.get(f"h_{name}") or "").strip()
            if not text:
                continue
            if text.lower() in {"fermé", "ferme", "-"}:
                hours[name] = []
                continue
            periods = []
            for part in _PERIODS.split(text):
                start, sep, end = part.replace("–", "-").partition("-")
                a, b = parse_time(start), parse_time(end)
                if not sep or a is None or b is None or b <= a:
                    self.add_error(
                        f"h_{name}", f"« {part} » n'est pas une plage horaire. Exemple : 8h30-12h30"
                    )
                    break
                periods.append(f"{_hhmm(a)}-{_hhmm(b)}")
            hours[name] = periods
        closures, wrong = closures_from(str(data.get("h_closures") or ""))
        for message in wrong:
            self.add_error("h_closures", message)
        if closures:
            hours["closures"] = closures
        return hours

    def _check_whole(self, values: dict[str, Any]) -> None:
        """The same check a screen makes before applying them (a last safety net)."""
        from signage.config import ScreenConfig  # noqa: PLC0415
        from signage.remote.compose import overlay, refused_keys  # noqa: PLC0415

        if refused_keys(values):
            self.add_error(None, "Ces réglages ne peuvent pas être envoyés aux écrans.")
            return
        base = {"site": {"id": "essai"}, "source": {"feed": "https://exemple.org/feed.json"}}
        try:
            ScreenConfig.model_validate(overlay(base, values))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            self.add_error(None, f"Réglage refusé par l'écran ({where}) : {first['msg']}")


def _hhmm(moment: time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def initial(values: dict[str, Any]) -> dict[str, Any]:
    """The form's fields from stored settings (the reverse of ``SettingsForm.values``)."""
    found: dict[str, Any] = {}
    for row, entry in enumerate(values.get("playlist", [])[:PLAYLIST_ROWS]):
        found[f"p{row}_kind"] = entry.get("kind", "")
        found[f"p{row}_duration"] = entry.get("duration")
        found[f"p{row}_days"] = ", ".join(
            DAY_LABELS.get(d, d).lower() for d in entry.get("weekdays", [])
        )
        found[f"p{row}_from"] = _spoken(entry.get("from"))
        found[f"p{row}_until"] = _spoken(entry.get("until"))
        if isinstance(entry.get("phone"), bool):
            found[f"p{row}_phone"] = "yes" if entry["phone"] else "no"
    display = values.get("display", {})
    for key in ("theme", "language", "transition", "orientation", "accent"):
        found[key] = display.get(key, "")
    found["alternate"] = list(display.get("alternate", []))
    if "reduce_motion" in display:
        found["reduce_motion"] = "yes" if display["reduce_motion"] else "no"
    if "now_strip" in display:
        found["now_strip"] = "yes" if display["now_strip"] else "no"
    hours = values.get("hours", {})
    for name in WEEKDAY_NAMES:
        if name in hours:
            periods = hours[name]
            found[f"h_{name}"] = (
                ", ".join(p.replace(":", "h") for p in periods) if periods else "fermé"
            )
    found["h_closures"] = "\n".join(
        f"{c['day'][8:10]}/{c['day'][5:7]}/{c['day'][:4]} {c.get('reason', '')}".strip()
        for c in hours.get("closures", [])
    )
    found["urgent_mode"] = values.get("urgent", {}).get("mode", "")
    found["refresh_minutes"] = values.get("source", {}).get("refresh_minutes")
    found["heartbeat_minutes"] = values.get("heartbeat", {}).get("minutes")
    return found


def _spoken(text: str | None) -> str:
    return text.replace(":", "h") if text else ""
