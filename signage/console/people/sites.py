"""The sites and kinds of content people may be given, named as people name them."""

from __future__ import annotations

from typing import Final

from django.apps import apps

from signage.console.published import published

# The kinds of content a partner may publish (partners.toml's), in words.
KIND_NAMES: Final = {
    "semainier": "Semainier (créneaux de la semaine)",
    "workshops": "Ateliers (agenda)",
    "wifi": "Wifi",
    "apps": "Applications utiles",
    "announcements": "Annonces",
    "posters": "Affiches",
    "bookings": "Réservations de salles",
}


def site_names() -> dict[str, str]:
    """Every site the content describes, id → name (the console's records, then what
    was published), sorted by name."""
    names = {site_id: site.name for site_id, site in published().sites.items()}
    records = apps.get_model("console", "ContentRecord")  # content is above people
    for values in records.objects.filter(kind="site").values_list("values", flat=True):
        if isinstance(values, dict) and isinstance(values.get("id"), str):
            names[values["id"]] = str(values.get("name") or values["id"])
    return dict(sorted(names.items(), key=lambda kv: kv[1]))


def site_choices() -> list[tuple[str, str]]:
    return list(site_names().items())


def kind_choices() -> list[tuple[str, str]]:
    return list(KIND_NAMES.items())


def sites_in_words(sites: list[str] | None) -> str:
    """« ESC Maurepas, ESC Villejean », or « tous les sites », or « aucun »."""
    if sites is None:
        return "tous les sites"
    if not sites:
        return "aucun (à corriger)"
    names = site_names()
    return ", ".join(names.get(s, s) for s in sites)


def kinds_in_words(kinds: list[str]) -> str:
    return ", ".join(KIND_NAMES.get(k, k) for k in kinds) or "tous ceux de son organisation"
