"""Forms, with messages in plain French next to the field and an example of a right value."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
