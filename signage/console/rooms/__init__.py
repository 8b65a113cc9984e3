"""Rooms in the console: find a free slot, book it, cancel one day, subscribe to a room's
calendar (issue 28). The records themselves are content (``content/kinds.py``)."""
