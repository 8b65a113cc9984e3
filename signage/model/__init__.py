"""The content model: typed, immutable records parsed once at the edge.

Every record is a frozen pydantic model, so one definition gives validation, readable
error paths and the JSON Schema published in ``docs/feed-schema.json``.
"""

from signage.model.announcement import Announcement
from signage.model.apps import ResourceApp
from signage.model.common import Text
from signage.model.poster import ImagePoster
from signage.model.semainier import Access, SemainierSlot, Weekday
from signage.model.site import Site
from signage.model.wifi import WifiOffer, WifiSecurity
from signage.model.workshop import Workshop

__all__ = [
    "Access",
    "Announcement",
    "ImagePoster",
    "ResourceApp",
    "SemainierSlot",
    "Site",
    "Text",
    "Weekday",
    "WifiOffer",
    "WifiSecurity",
    "Workshop",
]
