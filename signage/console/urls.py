"""The console's addresses (French paths: the people using it read French)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from signage.console import api, views

console_patterns = [
    path("", views.fleet, name="fleet"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("ecrans/nouveau/", views.register, name="register"),
    path("ecrans/<int:pk>/", views.screen_page, name="screen"),
    path("ecrans/<int:pk>/revoquer/", views.revoke, name="revoke"),
    path("ecrans/<int:pk>/capture/<str:which>.png", views.screenshot, name="screenshot"),
    path("journal/", views.journal, name="journal"),
    path("langue/", set_language, name="set_language"),
]

urlpatterns = [
    path("", include((console_patterns, "console"))),
    path("api/v1/heartbeat", api.heartbeat, name="heartbeat"),
    path("admin/", admin.site.urls),
]
