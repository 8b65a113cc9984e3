"""The console's addresses (French paths: the people using it read French)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from signage.console import api, feed_files, reports, screen_api, views
from signage.console import screens_views as screens
from signage.console.content import views as content

console_patterns = [
    path("", views.fleet, name="fleet"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("ecrans/associer/", screens.pair, name="pair"),
    path("ecrans/nouveau/", views.register, name="register"),
    path("ecrans/<int:pk>/reglages/", screens.screen_settings, name="screen_settings"),
    path("ecrans/<int:pk>/actions/", screens.commands_part, name="commands"),
    path("ecrans/<int:pk>/actions/<str:action>/", screens.command, name="command"),
    path("ecrans/<int:pk>/captures/<int:command_pk>.png", screens.capture, name="capture"),
    path("sites/<str:site>/reglages/", screens.site_settings, name="site_settings"),
    path("affichages/", reports.report, name="report"),
    path("affichages.csv", reports.report_csv, name="report_csv"),
    path("ecrans/<int:pk>/", views.screen_page, name="screen"),
    path("ecrans/<int:pk>/revoquer/", views.revoke, name="revoke"),
    path("ecrans/<int:pk>/capture/<str:which>.png", views.screenshot, name="screenshot"),
    path("journal/", views.journal, name="journal"),
    path("contenu/", content.content_home, name="content"),
    path("contenu/export.zip", content.export_zip, name="export"),
    path("contenu/<str:key>/", content.record_list, name="records"),
    path("contenu/<str:key>/nouveau/", content.record_edit, name="new_record"),
    path("contenu/<str:key>/importer/", content.upload, name="upload"),
    path("contenu/<str:key>/<int:pk>/", content.record_edit, name="record"),
    path("contenu/<str:key>/<int:pk>/supprimer/", content.delete, name="delete"),
    path("contenu/<str:key>/<int:pk>/historique/", content.history, name="history"),
    path("contenu/<str:key>/<int:pk>/restaurer/<int:version>/", content.restore, name="restore"),
    path("apercu/", content.preview_page, name="preview"),
    path("publier/", content.publish_page, name="publish"),
    path("publier/<int:pk>/republier/", content.republish, name="republish"),
    path("urgent/", content.urgent, name="urgent"),
    path("langue/", set_language, name="set_language"),
]

urlpatterns = [
    path("", include((console_patterns, "console"))),
    path("api/v1/heartbeat", api.heartbeat, name="heartbeat"),
    path("api/v1/pairing", screen_api.pairing, name="pairing"),
    path("api/v1/screen", screen_api.screen_settings, name="screen_document"),
    path("api/v1/commands/<int:pk>", screen_api.command_done, name="command_done"),
    path("flux/<path:path>", feed_files.published_file, name="published_file"),
    path("admin/", admin.site.urls),
]
