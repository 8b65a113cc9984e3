"""What a failed fetch raises.

Apart from ``http`` so that reading a cached or local feed never imports the HTTP
stack (requests, urllib3, ssl): ``signage render`` and a screen's first frame do not
need it. Local files are read by ``local_files``, with the same byte caps.
"""

from __future__ import annotations


class FetchError(Exception):
    """The fetch failed; the message says why in plain words."""
