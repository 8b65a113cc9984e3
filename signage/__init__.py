"""signage: the lobby-screen player of the Espaces Sociaux Communs.

The core (this package outside ``player/``) is pure Python with no Qt: content model,
screen config, playlist logic and clock. ``signage.player`` holds everything Qt.
"""

__version__ = "0.1.0"

# Before any of signage's records is made: their generated methods come compiled from
# the last start (``compiled_methods``: 30 ms of a screen's start).
from signage import compiled_methods

compiled_methods.install()
