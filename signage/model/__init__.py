"""The content model: typed, immutable records parsed once at the edge.

Every record is a frozen dataclass that pydantic checks at the edge
(``signage.model.record``), so one definition gives validation, readable error paths and
the JSON Schema published in ``docs/feed-schema.json``, and a process that reads records
it already checked needs no pydantic.
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
