"""Records' methods compiled at one start are read back at the next, and a class built
from them is the class ``@dataclass`` builds; a damaged file is never run."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signage import compiled_methods
from signage.compiled_methods import _Kept
from signage.demo import prepare_demo
from tests.conftest import paris


def kept_file(state: Path) -> Path:
    return state / "esc-signage" / "ready" / "dataclass-methods"


def make_class() -> type:
    """A record as signage declares them: frozen, keyword-only, defaults and factories."""

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class Slot:
        room: str
        start: int = 9
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    return Slot


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as if it had just started: nothing read, nothing compiled yet."""
    monkeypatch.setattr(compiled_methods, "_kept", _Kept())


def test_a_class_built_from_kept_code_is_the_class_dataclass_builds(
    fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = make_class()
    assert compiled_methods._kept.new  # its methods were compiled here, and not yet kept
    compiled_methods.keep()
    monkeypatch.setattr(compiled_methods, "_kept", _Kept())  # the next start
    kept = make_class()
    assert not compiled_methods._kept.new  # every method came from the kept code

    for cls in (compiled, kept):
        slot = cls(room="Salle 2", tags=("CAF",))
        assert slot == cls(room="Salle 2", start=9, tags=("CAF",))
        assert slot != cls(room="Salle 3")
        assert hash(slot) == hash(cls(room="Salle 2", tags=("CAF",)))
        assert repr(slot) == "make_class.<locals>.Slot(room='Salle 2', start=9, tags=('CAF',))"
        with pytest.raises(dataclasses.FrozenInstanceError):
            slot.room = "Salle 4"  # type: ignore[misc]
        with pytest.raises(TypeError):
            cls("Salle 2")  # keyword-only
        # Annotations as dataclass writes them: this test module's (and the cache's)
        # ``from __future__ import annotations`` must not turn them into names.
        assert cls.__init__.__annotations__["room"] == "str"
    assert kept.__init__.__code__.co_code == compiled.__init__.__code__.co_code


def test_a_second_start_reads_every_method_back_and_paints_the_same_slide(
    tmp_path: Path, state_folder: Path
) -> None:
    config = prepare_demo(tmp_path / "demo", paris(2026, 12, 8, 10, 40).date())
    env = {**os.environ, "XDG_STATE_HOME": str(state_folder)}

    def render(name: str) -> bytes:
        out = tmp_path / f"{name}.png"
        command = [sys.executable, "-m", "signage", "render", "--config", str(config)]
        command += ["--slide", "semainier", "--at", "2026-12-08T10:40", "--out", str(out)]
        run = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        return out.read_bytes()

    first = render("first")
    assert kept_file(state_folder).stat().st_size > 100_000  # hundreds of methods
    kept = kept_file(state_folder).read_bytes()
    assert render("second") == first
    assert kept_file(state_folder).read_bytes() == kept  # nothing new: nothing written

    count = (
        "from signage import compiled_methods; import signage.config, signage.slides;"
        "print(len(compiled_methods._kept.code), len(compiled_methods._kept.new))"
    )
    run = subprocess.run(
        [sys.executable, "-c", count], check=True, capture_output=True, text=True, env=env
    )
    read, compiled = map(int, run.stdout.split())
    assert read > 300
    assert compiled == 0


@pytest.fixture(scope="module")
def valid_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A kept file as a start writes it."""
    state = tmp_path_factory.mktemp("kept")
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    keep = "from signage import compiled_methods; import signage.config; compiled_methods.keep()"
    subprocess.run([sys.executable, "-c", keep], check=True, env=env)
    return kept_file(state).read_bytes()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ready")
    folder.chmod(0o700)
    return folder


@given(data=st.data())
def test_a_damaged_file_is_never_run(valid_file: bytes, folder: Path, data: st.DataObject) -> None:
    path = folder / "damaged"
    path.write_bytes(valid_file)
    path.chmod(0o600)
    assert len(compiled_methods._read(path)) > 100  # the file as written is read

    where = data.draw(st.integers(0, len(valid_file) - 1), label="byte")
    if data.draw(st.booleans(), label="truncated"):
        damaged = valid_file[:where]
    else:
        flip = data.draw(st.integers(1, 255), label="xor")
        damaged = valid_file[:where] + bytes([valid_file[where] ^ flip]) + valid_file[where + 1 :]
    path.write_bytes(damaged)
    assert compiled_methods._read(path) == {}


def test_a_file_others_may_write_is_ignored(valid_file: bytes, folder: Path) -> None:
    path = folder / "shared"
    path.write_bytes(valid_file)
    path.chmod(0o666)
    assert compiled_methods._read(path) == {}
    path.chmod(0o600)
    assert compiled_methods._read(path)


def test_without_namespaces_it_runs_in_its_callers_as_exec_does(fresh: None) -> None:
    compiled_methods._exec(f"assert __name__ == {__name__!r}")  # not compiled_methods'
    namespace: dict[str, object] = {}
    compiled_methods._exec("made = __name__", {"__name__": "elsewhere"}, namespace)
    assert namespace == {"made": "elsewhere"}
