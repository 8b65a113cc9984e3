"""Partners publish their part: ``partners.toml`` says which kinds and sites are theirs.

::

    [[partner]]
    id = "arcs"
    name = "ARCS"
    folder = "../arcs"          # relative to partners.toml
    kinds = ["wifi"]
    sites = ["maurepas"]        # leave out for every site

A partner's record outside its kinds or sites is a problem of that partner's part; a
record without ``sites`` is published for the partner's sites only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from signage.model.common import Item
from signage.model.rules import ShortText, SiteId
from signage.publish.part import KINDS, Context, Part
from signage.publish.problems import SourceProblem
from signage.publish.tables import read_text, records, validate

POLICY_FILE = "partners.toml"
Kind = Literal["semainier", "workshops", "wifi", "apps", "announcements", "posters", "bookings"]
assert set(Kind.__args__) == set(KINDS)  # type: ignore[attr-defined]


class PartnerPolicy(BaseModel):
    """What one partner may publish."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: SiteId = Field(description="Short lowercase id, e.g. 'arcs'.")
    name: ShortText | None = None
    folder: str = Field(min_length=1, description="The partner's content folder.")
    kinds: tuple[Kind, ...] = Field(min_length=1)
    sites: tuple[SiteId, ...] | None = Field(default=None, min_length=1)
    calendar_hosts: tuple[str, ...] | None = Field(
        default=None,
        description="The only hosts its calendar addresses may name, e.g. "
        "['cloud.caf.fr'] (leave out for any https:// host).",
    )

    @property
    def label(self) -> str:
        return self.name or self.id


def read_policies(
    folder: Path, context: Context
) -> tuple[list[PartnerPolicy], list[SourceProblem]]:
    """The partners of ``folder/partners.toml`` (none without the file), and its problems."""
    path = folder / POLICY_FILE
    if not path.is_file():
        return [], []
    text, problems = read_text(path, POLICY_FILE, folder)
    found, _, more = records(text or "", POLICY_FILE, "partner")
    problems += more
    policies: list[PartnerPolicy] = []
    for record in found:
        policy, more = validate(PartnerPolicy, record.values, POLICY_FILE, record.where)
        if policy is None:
            problems += more
            continue
        unknown = context.site_problem(policy.sites, POLICY_FILE, record.where)
        if unknown is not None:
            problems.append(unknown)
            continue
        if any(p.id == policy.id for p in policies):
            problems.append(
                SourceProblem(POLICY_FILE, f"{record.where}, id", f"{policy.id!r} is used twice")
            )
            continue
        resolved = (folder / Path(policy.folder).expanduser()).resolve()
        policies.append(policy.model_copy(update={"folder": str(resolved)}))
    return policies, problems


def enforce(policy: PartnerPolicy, part: Part) -> None:
    """Turn what the partner may not publish into problems; scope the rest to its sites."""
    allowed = ", ".join(policy.kinds)
    for section, entries in list(part.entries.items()):
        if section not in policy.kinds:
            for origin in sorted({e.origin.split(",")[0] for e in entries}):
                part.problems.append(
                    SourceProblem(
                        origin,
                        "",
                        f"{policy.label} may publish {allowed} only ({POLICY_FILE}); "
                        f"{section} are not theirs to publish",
                    )
                )
            del part.entries[section]
            continue
        kept = []
        for entry in entries:
            item = entry.item
            if not isinstance(item, Item) or policy.sites is None:
                kept.append(entry)
                continue
            if item.sites is None:
                kept.append(
                    type(entry)(item.model_copy(update={"sites": policy.sites}), entry.origin)
                )
                continue
            outside = [s for s in item.sites if s not in policy.sites]
            if outside:
                file, _, where = entry.origin.partition(", ")
                part.problems.append(
                    SourceProblem(
                        file,
                        f"{where}, sites" if where else "sites",
                        f"{', '.join(repr(s) for s in outside)}: {policy.label} may publish for "
                        f"{', '.join(policy.sites)} only ({POLICY_FILE})",
                    )
                )
                continue
            kept.append(entry)
        part.entries[section] = kept
