"""The console's addresses (French paths: the people using it read French), gathered from
its domains: people, content, rooms, screens, reports, fleet."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from signage.console.content import urls as content
from signage.console.fleet import urls as fleet
from signage.console.people import urls as people
from signage.console.reports import urls as reports
from signage.console.rooms import urls as rooms
from signage.console.screens import urls as screens

console_patterns = [
    *fleet.patterns,
    *people.patterns,
    *screens.patterns,
    *reports.patterns,
    *content.patterns,
    *rooms.patterns,
]

# The screens' requests first: Django tries the patterns in order, and thousands of
# screens ask these every minute (the console's 60 pages before them cost a heartbeat
# 0.1 ms of matching).
urlpatterns = [
    *fleet.api_patterns,
    *screens.api_patterns,
    *content.files_patterns,
    path("", include((console_patterns, "console"))),
    path("admin/", admin.site.urls),
]
