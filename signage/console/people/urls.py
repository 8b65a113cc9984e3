"""People's addresses: signing in and out."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from signage.console.people import views

patterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
]
