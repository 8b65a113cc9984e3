"""Screens' addresses: pairing, settings, actions, registering and revoking; the API a
paired screen talks to."""

from __future__ import annotations

from django.urls import path

from signage.console.screens import api, views

patterns = [
    path("ecrans/associer/", views.pair, name="pair"),
    path("ecrans/nouveau/", views.register, name="register"),
    path("ecrans/<int:pk>/reglages/", views.screen_settings, name="screen_settings"),
    path("ecrans/<int:pk>/actions/", views.commands_part, name="commands"),
    path("ecrans/<int:pk>/actions/<str:action>/", views.command, name="command"),
    path("ecrans/<int:pk>/captures/<int:command_pk>.png", views.capture, name="capture"),
    path("ecrans/<int:pk>/revoquer/", views.revoke, name="revoke"),
    path("sites/<str:site>/reglages/", views.site_settings, name="site_settings"),
]
api_patterns = [
    path("api/v1/pairing", api.pairing, name="pairing"),
    path("api/v1/screen", api.screen_settings, name="screen_document"),
    path("api/v1/commands/<int:pk>", api.command_done, name="command_done"),
    path("api/v1/changes/<str:name>.json", api.change_file, name="change_file"),
]
