"""People's pages: signing in, choosing a password from a one-time link, changing it;
for admins, the people and the partner organisations of the console. Django's own
admin is needed for none of it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from signage.console.people.forms import PartnerForm, PersonForm
from signage.console.people.models import Membership, Partner, Role
from signage.console.people.roles import admin_required, member_required, membership
from signage.console.people.sites import kinds_in_words, site_names, sites_in_words

log = logging.getLogger(__name__)


class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    redirect_authenticated_user = True


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time link: the person chooses a password, then signs in with it."""

    template_name = "people/password_set.html"
    success_url = reverse_lazy("console:password_set_done")
    post_reset_login = False


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "people/password_change.html"
    success_url = reverse_lazy("console:fleet")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Votre mot de passe est changé.")
        return super().form_valid(form)


def password_set_done(request: HttpRequest) -> HttpResponse:
    return render(request, "people/password_set_done.html")


@dataclass(frozen=True)
class Person:
    """One person as the list says it."""

    user: Any
    role: str
    sites: str
    kinds: str
    partner: str


def _person(user: Any, partners: dict[str, str]) -> Person:
    found = membership(user)
    if found is None:
        return Person(user, "aucun rôle (ne voit rien)", "—", "—", "—")
    partner = partners.get(found.partner, found.partner) if found.partner else "—"
    kinds = kinds_in_words(found.kind_list()) if found.role == Role.PARTNER else "—"
    return Person(user, found.get_role_display(), sites_in_words(found.site_list()), kinds, partner)


@admin_required
def people(request: HttpRequest) -> HttpResponse:
    partners = dict(Partner.objects.values_list("slug", "name"))
    users = get_user_model().objects.order_by("-is_active", "first_name", "username")
    return render(
        request,
        "people/list.html",
        {"people": [_person(u, partners) for u in users], "partners": Partner.objects.all()},
    )


@admin_required
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk) if pk is not None else None
    found = membership(user) if user is not None else None
    initial = {}
    if user is not None:
        initial = {
            "name": user.first_name or user.username,
            "username": user.username,
            "email": user.email,
            "role": found.role if found else "",
            "partner": found.partner if found else "",
            "sites": (found.site_list() or []) if found else [],
            "kinds": found.kind_list() if found else [],
        }
    form = PersonForm(request.POST or None, initial=initial, editing=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if user is None:  # no password yet: the person chooses it from the link
                user = get_user_model().objects.create_user(
                    data["username"], data["email"], first_name=data["name"]
                )
            elif (user.first_name, user.email) != (data["name"], data["email"]):
                user.first_name = data["name"]
                user.email = data["email"]
                user.save()
            Membership.objects.update_or_create(
                user=user,
                defaults={
                    "role": data["role"],
                    "sites": list(data["sites"]),
                    "kinds": list(data["kinds"]) if data["role"] == Role.PARTNER else [],
                    "partner": data["partner"] if data["role"] == Role.PARTNER else "",
                },
            )
        if pk is None:
            return _give_link(request, user, first=True)
        messages.success(request, f"« {user.first_name} » est enregistré.")
        return redirect("console:people")
    return render(request, "people/person_form.html", {"form": form, "person": user})


@admin_required
@require_POST
def person_link(request: HttpRequest, pk: int) -> HttpResponse:
    """A new one-time link (a lost or expired one); the old password stops working."""
    user = get_object_or_404(get_user_model(), pk=pk)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return _give_link(request, user, first=False)


def _give_link(request: HttpRequest, user: Any, *, first: bool) -> HttpResponse:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = request.build_absolute_uri(reverse("console:password_set", args=[uid, token]))
    mailed = False
    if settings.EMAIL_HOST and user.email:
        try:
            send_mail(
                "[Écrans ESC] Choisissez votre mot de passe",
                f"Bonjour {user.first_name},\n\nVotre compte sur la console des écrans ESC est "
                f"prêt (identifiant : {user.username}). Choisissez votre mot de passe ici "
                f"(lien valable {settings.PASSWORD_RESET_TIMEOUT // 86400} jours, une fois) :\n"
                f"{link}\n",
                None,
                [user.email],
            )
            mailed = True
        except OSError as exc:
            log.warning("the password link was not mailed to %s: %s", user.email, exc)
    return render(
        request,
        "people/link.html",
        {"person": user, "link": None if mailed else link, "first": first, "mailed": mailed},
    )


@admin_required
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Deactivate (or reactivate) a person: they can no longer sign in; their history and
    what they made stay."""
    user = get_object_or_404(get_user_model(), pk=pk)
    if user == request.user:
        messages.error(request, "Vous ne pouvez pas désactiver votre propre compte.")
        return redirect("console:person", pk=pk)
    user.is_active = request.POST.get("actif") == "1"
    user.save(update_fields=["is_active"])
    state = "réactivé" if user.is_active else "désactivé : il ne peut plus se connecter"
    messages.success(request, f"« {user.first_name or user.username} » est {state}.")
    return redirect("console:people")


@admin_required
def partner_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    partner = get_object_or_404(Partner, slug=slug) if slug is not None else None
    initial = {}
    if partner is not None:
        initial = {
            "name": partner.name,
            "slug": partner.slug,
            "kinds": partner.kind_list(),
            "sites": partner.site_list() or [],
            "calendar_hosts": "\n".join(partner.calendar_hosts or []),
        }
    form = PartnerForm(request.POST or None, initial=initial, editing=partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        Partner.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "kinds": list(data["kinds"]),
                "sites": list(data["sites"]),
                "calendar_hosts": data["calendar_hosts"],
            },
        )
        messages.success(request, f"« {data['name']} » est enregistré.")
        return redirect("console:people")
    return render(
        request,
        "people/partner_form.html",
        {"form": form, "partner": partner, "sites": site_names()},
    )


@member_required
def password_change(request: HttpRequest) -> HttpResponse:
    return PasswordChangeView.as_view()(request)
