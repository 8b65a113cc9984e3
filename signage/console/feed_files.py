"""``/flux/…``: the published folder (feed, signature, version.json, images) for the
screens paired with this console, with Last-Modified and 304s. A large installation
serves that folder from nginx instead (docs/console.md); the address screens are given
is ``SIGNAGE_CONSOLE_FEED_URL`` then."""

from __future__ import annotations

import posixpath

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from django.views.static import serve

from signage.console.content.publishing import NotConfigured, published_folder


@require_GET
def published_file(request: HttpRequest, path: str) -> HttpResponse:
    try:
        folder = published_folder()
    except NotConfigured as exc:
        raise Http404("nothing published here") from exc
    parts = posixpath.normpath(path).split("/")
    if any(part.startswith(".") for part in parts):  # a state folder, temp files, "..":
        raise Http404("not published")
    response = serve(request, path, document_root=str(folder))
    response["Cache-Control"] = "no-cache"
    return response
