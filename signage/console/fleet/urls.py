"""The fleet's addresses: the home page, a screen's page and pictures, the Journal; the
heartbeat API."""

from __future__ import annotations

from django.urls import path

from signage.console.fleet import api, views

patterns = [
    path("", views.fleet, name="fleet"),
    path("ecrans/<int:pk>/", views.screen_page, name="screen"),
    path("ecrans/<int:pk>/capture/<str:which>.png", views.screenshot, name="screenshot"),
    path("journal/", views.journal, name="journal"),
]
api_patterns = [
    path("api/v1/heartbeat", api.heartbeat, name="heartbeat"),
]
