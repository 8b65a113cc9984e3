"""People's addresses: signing in and out, passwords, and (admins) people and partners."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from signage.console.people import views

patterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", views.password_change, name="password_change"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordSetView.as_view(),
        name="password_set",
    ),
    path("mot-de-passe/choisi/", views.password_set_done, name="password_set_done"),
    path("personnes/", views.people, name="people"),
    path("personnes/ajouter/", views.person_edit, name="person_new"),
    path("personnes/<int:pk>/", views.person_edit, name="person"),
    path("personnes/<int:pk>/lien/", views.person_link, name="person_link"),
    path("personnes/<int:pk>/actif/", views.person_active, name="person_active"),
    path("partenaires/ajouter/", views.partner_edit, name="partner_new"),
    path("partenaires/<slug:slug>/", views.partner_edit, name="partner"),
]
