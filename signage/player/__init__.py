"""Everything Qt: window, rotation, transitions, slide painters, theme, rendering.

Nothing outside this package imports Qt (a test enforces it).
"""

import builtins

import PySide6.QtCore  # noqa: F401  (installs the import hook undone below)

# PySide6 replaces ``__import__`` with a hook for its ``from __feature__ import
# snake_case`` switches: after every import statement it reads the imported module's
# whole source (``inspect.getsource``) to see whether it names PySide6. The player never
# uses those switches, and that reading cost 12 ms of a 240 ms start (124 modules,
# benchmarks/startup_and_paint.py). Its own lazy import, underneath, stays.
if getattr(builtins.__import__, "__name__", "") == "__feature_import__" and hasattr(
    builtins, "__orig_import__"
):
    builtins.__import__ = builtins.__orig_import__
