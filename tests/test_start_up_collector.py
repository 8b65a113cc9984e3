"""``python -m signage`` starts with the garbage collector off (a screen's start frees
little); every command gets it back, ``run`` once its event loop turns."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from signage.cli import main
from signage.demo import prepare_demo
from signage.player.app import _exec
from tests.conftest import paris


@pytest.fixture
def collector_off() -> Iterator[None]:
    """As ``python -m signage`` leaves it; the test process's collector restored after."""
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_command_gets_the_collector_back(collector_off: None, tmp_path: Path) -> None:
    config = prepare_demo(tmp_path, paris(2026, 12, 8, 10, 40).date())
    assert main(["validate", str(config)]) == 0
    assert gc.isenabled()


def test_a_screen_gets_it_back_once_its_loop_turns(
    collector_off: None, qapp: QCoreApplication
) -> None:
    class Screen:
        def start(self) -> None:
            QTimer.singleShot(50, qapp.quit)

        def stop(self) -> None:
            pass

    assert not gc.isenabled()
    _exec(qapp, Screen())  # type: ignore[arg-type]
    assert gc.isenabled()
