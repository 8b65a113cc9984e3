"""``python -m signage`` runs the same command line as the ``signage`` script."""

import sys

from signage.cli import entry

sys.exit(entry())
