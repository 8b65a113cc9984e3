"""``/flux/…``: what a publication wrote, for the screens paired with this console.

Only the files a publication writes are served: ``feed.json``, its signature,
``version.json``, the images named by their hash (``images/<sha256>.png``) and the
visitors' pages (``telephone/<site>.html``, their stylesheet and script), each a
regular file of the published folder reached without following a link. Anything else
in that folder (a screen's config with its token, a player's cache, the publisher's
state, a link to the console's secret key) is a 404, as is anything not there. Answers
carry an ETag and Last-Modified: a poll of an unchanged file is a 304.

A large installation serves that folder from nginx instead (docs/console.md), with the
same rule in its configuration; the address screens are given is then
``SIGNAGE_CONSOLE_FEED_URL``.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Final
from urllib.parse import urljoin

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from django.views.static import was_modified_since

from signage.console.content.publishing import NotConfigured, published_folder
from signage.phone import page_name

PUBLISHED: Final = re.compile(
    r"^(?:feed\.json|feed\.json\.sig|version\.json|images/[0-9a-f]{64}\.(?:png|jpg|webp|gif)"
    r"|telephone/[a-z0-9][a-z0-9_-]*(?:\.[a-z]{2,3})?\.html|telephone/(?:page\.css|now\.js))$"
)
TYPES: Final = {
    "json": "application/json",
    "sig": "text/plain; charset=utf-8",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
    "gif": "image/gif",
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
}


def feed_address(request: HttpRequest) -> str:
    """The feed's address as screens reach it: ``SIGNAGE_CONSOLE_FEED_URL``, else this
    console's own ``/flux/feed.json``."""
    return settings.FEED_URL or request.build_absolute_uri("/flux/feed.json")


def phone_address(request: HttpRequest, site: str, language: str = "fr") -> str:
    """The site's page for phones, as the screens' QR code names it (beside the feed)."""
    return urljoin(feed_address(request), page_name(site, language))


@require_GET
def published_file(request: HttpRequest, path: str) -> HttpResponse:
    if not PUBLISHED.fullmatch(path):
        raise Http404("not published")
    try:
        folder = published_folder()
    except NotConfigured as exc:
        raise Http404("nothing published here") from exc
    try:
        handle = open_regular(str(folder), path)
    except OSError as exc:  # absent, a link, a folder, a pipe: not what was published
        raise Http404("not published") from exc
    # Images are named by their content: they never change. The feed is checked each time.
    immutable = path.startswith("images/")
    return conditional_file(
        request,
        handle,
        TYPES[path.rsplit(".", 1)[-1]],
        "public, max-age=31536000, immutable" if immutable else "no-cache",
    )


def conditional_file(
    request: HttpRequest, handle: int, content_type: str, cache_control: str
) -> HttpResponse:
    """The open file ``handle`` as nginx serves a static file: an ETag of its
    modification time and size, Last-Modified, a 304 when the client has it."""
    info = os.fstat(handle)
    tag = f'"{info.st_mtime_ns:x}-{info.st_size:x}"'
    modified = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if request.headers.get("If-None-Match") == tag or (
        "If-None-Match" not in request.headers
        and modified
        and not was_modified_since(modified, int(info.st_mtime))
    ):
        os.close(handle)
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = FileResponse(os.fdopen(handle, "rb"), content_type=content_type)
        response["Content-Length"] = str(info.st_size)
        response["Last-Modified"] = http_date(info.st_mtime)
    response["ETag"] = tag
    response["Cache-Control"] = cache_control
    return response


def open_regular(folder: str, path: str) -> int:
    """A descriptor of ``path`` in ``folder``: a regular file, no link followed on the way
    (``O_NOFOLLOW`` at each step), never waiting on a pipe."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    parent = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        *folders, name = path.split("/")
        for part in folders:
            inner = os.open(part, flags | os.O_DIRECTORY, dir_fd=parent)
            os.close(parent)
            parent = inner
        handle = os.open(name, flags | os.O_NONBLOCK, dir_fd=parent)
    finally:
        os.close(parent)
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise IsADirectoryError(path)
    os.set_blocking(handle, True)
    return handle
