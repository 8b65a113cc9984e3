"""Content's addresses: records, uploads, previews, publishing, urgent messages; the
published files screens fetch."""

from __future__ import annotations

from django.urls import path

from signage.console.content import (
    agenda_review,
    feed_files,
    glossary_views,
    preview_views,
    publish_views,
    review_views,
)
from signage.console.content import views as content

patterns = [
    path("contenu/", content.content_home, name="content"),
    path("contenu/export.zip", content.export_zip, name="export"),
    path("contenu/sigles/", glossary_views.glossary, name="glossary"),
    path("contenu/validation/", review_views.approval_settings, name="approval_settings"),
    path("a-valider/", review_views.review_list, name="review"),
    path("a-valider/<str:site>/tout/", review_views.approve_all, name="approve_all"),
    path(
        "a-valider/agenda/<int:pk>/valider/",
        agenda_review.approve_agenda,
        name="approve_agenda",
    ),
    path(
        "a-valider/agenda/<int:pk>/refuser/",
        agenda_review.refuse_agenda,
        name="refuse_agenda",
    ),
    path(
        "a-valider/<int:pk>/<str:site>/apercu.png",
        review_views.review_preview,
        name="review_preview",
    ),
    path("a-valider/<int:pk>/<str:site>/valider/", review_views.approve_item, name="approve"),
    path("a-valider/<int:pk>/<str:site>/refuser/", review_views.refuse_item, name="refuse"),
    path("contenu/<str:key>/", content.record_list, name="records"),
    path("contenu/<str:key>/nouveau/", content.record_edit, name="new_record"),
    path("contenu/<str:key>/importer/", content.upload, name="upload"),
    path("contenu/<str:key>/conseils/", content.advice_check, name="advice"),
    path("contenu/<str:key>/<int:pk>/", content.record_edit, name="record"),
    path("contenu/<str:key>/<int:pk>/supprimer/", content.delete, name="delete"),
    path("contenu/<str:key>/<int:pk>/historique/", content.history, name="history"),
    path("contenu/<str:key>/<int:pk>/restaurer/<int:version>/", content.restore, name="restore"),
    path("apercu/", preview_views.preview_page, name="preview"),
    path("publier/", publish_views.publish_page, name="publish"),
    path("publier/<int:pk>/republier/", publish_views.republish, name="republish"),
    path("urgent/", publish_views.urgent, name="urgent"),
    path("urgent/<int:pk>/arreter/", publish_views.urgent_stop, name="urgent_stop"),
]
files_patterns = [
    path("flux/<path:path>", feed_files.published_file, name="published_file"),
]
