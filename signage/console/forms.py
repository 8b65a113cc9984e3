"""Forms, with messages in plain French next to the field and an example of a right value."""

from __future__ import annotations

import re
from typing import Any

from django import forms

SITE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


class RegisterScreenForm(forms.Form):
    name = forms.CharField(
        label="Nom de l'écran",
        max_length=80,
        help_text="Où il est, pour le retrouver : par exemple « Hall d'accueil ».",
        error_messages={"required": "Donnez un nom à l'écran, par exemple « Hall d'accueil »."},
    )
    site = forms.CharField(
        label="Site",
        max_length=40,
        help_text="L'identifiant du site, par exemple « maurepas ».",
        error_messages={"required": "Choisissez le site de l'écran, par exemple « maurepas »."},
    )

    def __init__(self, *args: Any, sites: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites = sites
        if sites:
            self.fields["site"] = forms.ChoiceField(
                label="Site",
                choices=[("", "— choisir —"), *sorted(sites.items(), key=lambda kv: kv[1])],
                error_messages={
                    "required": "Choisissez le site de l'écran dans la liste.",
                    "invalid_choice": "Ce site n'est pas dans la liste des sites publiés.",
                },
            )

    def clean_site(self) -> str:
        site = str(self.cleaned_data["site"]).strip()
        if not SITE_ID.match(site):
            raise forms.ValidationError(
                "Un identifiant de site s'écrit en minuscules, sans espace ni accent : "
                "par exemple « maurepas » ou « villejean »."
            )
        return site
