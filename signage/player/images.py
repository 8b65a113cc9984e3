"""Poster images for painting, decoded once and kept in a small bounded cache."""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader

log = logging.getLogger(__name__)

MAX_SOURCE_PIXELS = 40_000_000  # refuse absurd images before decoding them
_ALLOWED = {b"png", b"jpeg", b"jpg", b"webp", b"gif", b"bmp"}


class ImageLoader:
    """Loads local images scaled to fit a size; remembers the last few, logs a failure once.

    A missing or broken image returns None: the painter then shows the slide without it.
    """

    def __init__(self, capacity: int = 6) -> None:
        self._capacity = capacity
        self._cache: OrderedDict[tuple[str, int, int], QImage | None] = OrderedDict()
        self._failed: set[str] = set()

    def load(self, reference: str, fit: QSize) -> QImage | None:
        key = (reference, fit.width(), fit.height())
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        image = self._decode(reference, fit)
        self._cache[key] = image
        while len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
        return image

    def _decode(self, reference: str, fit: QSize) -> QImage | None:
        if "://" in reference:
            self._fail(reference, "remote images are not supported by a local feed")
            return None
        reader = QImageReader(str(Path(reference)))
        if bytes(reader.format().data()).lower() not in _ALLOWED:
            self._fail(reference, reader.errorString() or "not a supported image format")
            return None
        size = reader.size()
        if size.isValid() and size.width() * size.height() > MAX_SOURCE_PIXELS:
            self._fail(reference, f"{size.width()}×{size.height()} pixels is too large")
            return None
        if size.isValid():
            reader.setScaledSize(size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            self._fail(reference, reader.errorString())
            return None
        return image

    def _fail(self, reference: str, reason: str) -> None:
        if reference not in self._failed:
            self._failed.add(reference)
            log.warning("image %s left out: %s", reference, reason)
