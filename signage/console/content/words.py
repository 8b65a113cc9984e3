"""A record's values as a person reads them: the form's labels, sites by their names,
yes and no, dates as written in France; owners by their organisation's name."""

from __future__ import annotations

from typing import Any

from signage.console.content.fields import FIELDS
from signage.console.content.forms import to_form
from signage.console.content.kinds import Kind
from signage.console.content.models import ADMINS
from signage.console.people.models import Partner
from signage.console.people.sites import site_names

YES_NO = {"true": "oui", "false": "non", True: "oui", False: "non"}


def sites_text(values: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """« ESC Maurepas, ESC Villejean », or « tous les sites » when none is named."""
    names = site_names() if names is None else names
    sites = values.get("sites") or ([values["site"]] if values.get("site") else [])
    if isinstance(sites, str):
        sites = [sites]
    if not sites:
        return "tous les sites"
    return ", ".join(names.get(str(s), str(s)) for s in sites)


def owner_name(owner: str, partners: dict[str, str] | None = None) -> str:
    if owner == ADMINS:
        return "les administrateurs"
    partners = dict(Partner.objects.values_list("slug", "name")) if partners is None else partners
    return partners.get(owner, owner)


def in_words(kind: Kind, values: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) pairs for what a record holds, in the form's order."""
    shown = to_form(kind, values)
    names = site_names()
    pairs = []
    for spec in FIELDS[kind.key]:
        if spec.type == "sites":
            pairs.append((spec.label, sites_text(values, names)))
            continue
        if spec.type == "site":
            pairs.append((spec.label, names.get(str(values.get("site")), "—")))
            continue
        raw = shown.get(spec.name, values.get(spec.name) if spec.type == "image" else None)
        if raw in (None, "", []):
            continue
        if spec.type in {"bool", "tristate"}:
            text = YES_NO.get(raw, "non précisé") if raw != "" else "non précisé"
        elif spec.type == "choice":
            text = dict(spec.choices).get(str(raw), str(raw))
        elif spec.name == "id":
            text = f"« {raw} »"  # an identifier, quoted as the form's example is
        else:
            text = str(raw)
        if not any(label == spec.label for label, _ in pairs):
            pairs.append((spec.label, text))
    return pairs
