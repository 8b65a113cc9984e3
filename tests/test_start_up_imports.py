"""Once the player's package is imported, PySide6 no longer reads the source of every
module imported after it (its ``__feature__`` hook: 12 ms of a screen's start), and Qt's
own names still import as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
import signage.player.render  # as `signage render` does
import later_module
from PySide6.support import feature
from PySide6.QtGui import QColor
print("later_module" in feature.pyside_feature_dict, QColor("#0b5394").blue())
"""


def test_modules_imported_after_the_player_are_not_read_by_pyside(tmp_path: Path) -> None:
    # A module that names PySide6, as the hook looks for: it would be read and listed.
    (tmp_path / "later_module.py").write_text('"""Uses PySide6."""\nVALUE = 1\n', "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert done.stdout.split() == ["False", "148"]
