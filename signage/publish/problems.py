"""A problem found in a content folder: which file, where in it, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """``wifi.toml, [[wifi]] 2 (line 9), password: is too short (at least 8 characters)``.

    ``file`` is shown as the person edits it (relative to the folder they publish);
    ``where`` is a line, a row and column, or a key path; empty for the whole file.
    """

    file: str
    where: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        place = f"{self.file}, {self.where}" if self.where else self.file
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{tag}{place}: {self.message}"
