"""``python -m signage`` runs the same command line as the ``signage`` script.

A screen's start allocates much and frees little (modules, records, Qt's wrappers, the
content): the collector's passes over it were 8 ms of a 240 ms start, for nothing to
collect. It is off until the command is known (``cli.main`` turns it back on for every
command but ``run`` and ``render``) and, for ``run``, until the event loop turns
(``player.app``: what start-up made is then frozen out of the collector's passes).
"""

import gc
import sys

gc.disable()
from signage.cli import entry  # noqa: E402

sys.exit(entry())
