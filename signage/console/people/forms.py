"""People and partner organisations, as an admin describes them: a name, an e-mail, a
role, and what they may touch ticked from the content's real sites, kinds and partners.
Nobody types JSON; every message is French, next to its field, with an example."""

from __future__ import annotations

import re
from typing import Any, Final

from django import forms
from django.contrib.auth import get_user_model

from signage.console.people.models import Partner, Role
from signage.console.people.sites import kind_choices, site_choices

USERNAME: Final = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
SLUG: Final = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
HOST: Final = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")
ROLE_HELP: Final = {
    Role.ADMIN: "tout : contenu de tous, écrans, personnes, publication",
    Role.REFERENT: "les écrans de ses sites : les associer, les régler, un message urgent",
    Role.PARTNER: "le contenu de son organisation, pour ses sites et ses types",
    Role.VIEWER: "lit les écrans et les affichages, ne change rien",
}


class PersonForm(forms.Form):
    name = forms.CharField(
        label="Nom",
        max_length=150,
        help_text="Tel qu'on l'appelle : par exemple « Marie Dupont ».",
        error_messages={"required": "Donnez le nom de la personne, par exemple « Marie Dupont »."},
    )
    username = forms.CharField(
        label="Identifiant de connexion",
        max_length=40,
        help_text="Ce qu'elle tapera pour se connecter : par exemple « marie.dupont ».",
        error_messages={"required": "Donnez un identifiant, par exemple « marie.dupont »."},
    )
    email = forms.EmailField(
        label="Adresse e-mail (facultatif)",
        required=False,
        help_text="Pour lui envoyer son lien et les alertes : par exemple "
        "« marie.dupont@ville-rennes.fr ».",
        error_messages={
            "invalid": "Cette adresse ne semble pas juste : par exemple "
            "« marie.dupont@ville-rennes.fr »."
        },
    )
    role = forms.ChoiceField(
        label="Rôle",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un rôle, par exemple « Référent de site »."},
    )
    partner = forms.ChoiceField(
        label="Organisation partenaire",
        required=False,
        help_text="Pour un partenaire : l'organisation dont il publie le contenu.",
    )
    sites = forms.MultipleChoiceField(
        label="Sites",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : tous les sites (un référent en a au moins un).",
    )
    kinds = forms.MultipleChoiceField(
        label="Types de contenu (pour un partenaire)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : tous ceux de son organisation.",
    )

    def __init__(self, *args: Any, editing: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["role"].choices = [
            (value, f"{label} — {ROLE_HELP[Role(value)]}") for value, label in Role.choices
        ]
        self.fields["partner"].choices = [("", "— aucune —")] + [
            (p.slug, p.name) for p in Partner.objects.all()
        ]
        self.fields["sites"].choices = site_choices()
        self.fields["kinds"].choices = kind_choices()
        if editing is not None:
            self.fields["username"].disabled = True

    def clean_username(self) -> str:
        if self.editing is not None:
            return str(self.editing.username)
        name = str(self.cleaned_data["username"]).strip().lower()
        if not USERNAME.match(name):
            raise forms.ValidationError(
                "Un identifiant s'écrit en minuscules, sans espace ni accent : par exemple "
                "« marie.dupont »."
            )
        if get_user_model().objects.filter(username=name).exists():
            raise forms.ValidationError(
                f"« {name} » est déjà pris : ajoutez une initiale, par exemple « {name}2 »."
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role == Role.REFERENT and not data.get("sites"):
            self.add_error("sites", "Un référent s'occupe d'au moins un site : cochez le sien.")
        if role == Role.PARTNER and not data.get("partner"):
            self.add_error(
                "partner",
                "Un partenaire publie pour une organisation : choisissez-la (ou créez-la dans "
                "« Partenaires »).",
            )
        if role == Role.PARTNER and data.get("partner") and data.get("kinds"):
            partner = Partner.objects.filter(slug=data["partner"]).first()
            allowed = set(partner.kind_list() if partner else [])
            outside = [k for k in data["kinds"] if k not in allowed]
            if outside:
                names = dict(kind_choices())
                self.add_error(
                    "kinds",
                    f"Son organisation ne publie pas : {', '.join(names[k] for k in outside)}.",
                )
        return data


class PartnerForm(forms.Form):
    name = forms.CharField(
        label="Nom de l'organisation",
        max_length=120,
        help_text="Par exemple « Bibliothèque de Maurepas ».",
        error_messages={"required": "Donnez son nom, par exemple « Bibliothèque de Maurepas »."},
    )
    slug = forms.CharField(
        label="Identifiant",
        max_length=64,
        help_text="Court, en minuscules, sans espace : par exemple « bibliotheque-maurepas ».",
        error_messages={"required": "Donnez un identifiant, par exemple « bibliotheque »."},
    )
    kinds = forms.MultipleChoiceField(
        label="Ce qu'elle publie",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un type de contenu, par exemple « Wifi »."},
    )
    sites = forms.MultipleChoiceField(
        label="Pour quels sites",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucun coché : tous les sites.",
    )
    calendar_hosts = forms.CharField(
        label="Serveurs de ses agendas en ligne (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Un par ligne ; aucun : toute adresse https:// publique. Par exemple "
        "« cloud.bibliotheques.rennes.fr ».",
    )

    def __init__(self, *args: Any, editing: Partner | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        self.fields["kinds"].choices = kind_choices()
        self.fields["sites"].choices = site_choices()
        if editing is not None:
            self.fields["slug"].disabled = True

    def clean_slug(self) -> str:
        if self.editing is not None:
            return self.editing.slug
        slug = str(self.cleaned_data["slug"]).strip().lower()
        if not SLUG.match(slug):
            raise forms.ValidationError(
                "En minuscules, chiffres et tirets, sans espace ni accent : par exemple "
                "« bibliotheque-maurepas »."
            )
        if Partner.objects.filter(slug=slug).exists() or slug == "admins":
            raise forms.ValidationError(f"« {slug} » est déjà pris : choisissez-en un autre.")
        return slug

    def clean_calendar_hosts(self) -> list[str]:
        hosts = [h.strip().lower() for h in str(self.cleaned_data["calendar_hosts"]).split()]
        wrong = [h for h in hosts if not HOST.match(h)]
        if wrong:
            raise forms.ValidationError(
                f"Pas un nom de serveur : {', '.join(wrong)}. Écrivez le nom seul, sans "
                "https:// ni chemin : par exemple « cloud.bibliotheques.rennes.fr »."
            )
        return hosts
