"""signage: the lobby-screen player of the Espaces Sociaux Communs.

The core (this package outside ``player/``) is pure Python with no Qt: content model,
screen config, playlist logic and clock. ``signage.player`` holds everything Qt.
"""

__version__ = "0.1.0"
