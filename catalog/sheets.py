"""Service sheets as plain data: snapshot, display, readable diff and search text (no I/O)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from catalog.enums import Lifecycle
from portal.enums import Priority
from portal.queries import collation_key

# The text parts of a sheet, in reading order, with their headings.
TEXT_FIELDS = (
    ("summary", _l("En bref")),
    ("benefits", _l("Vos bénéfices")),
    ("strong_points", _l("Points forts")),
    ("included", _l("Ce qui est compris")),
    ("not_included", _l("Ce qui n'est pas compris")),
    ("audience", _l("Qui peut en bénéficier")),
    ("how_to_order", _l("Comment commander")),
    ("prerequisites", _l("Prérequis")),
)
LIST_FIELDS = frozenset({"benefits", "strong_points", "included", "not_included"})
DIFF_LABELS = dict(TEXT_FIELDS) | {
    "name": _l("Nom"), "family": _l("Famille"), "lifecycle": _l("Cycle de vie"),
    "owner": _l("Chef de produit"), "backup": _l("Suppléant"), "keywords": _l("Mots-clés"),
    "commitments": _l("Engagements de service"), "links": _l("Documents et liens"),
    "related": _l("Services associés"),
}


def bullet_lines(text: str) -> list[str]:
    """Split a list field into its items, one per non-empty line, without leading dashes."""
    return [line.strip().lstrip("-•* ").strip() for line in text.splitlines() if line.strip()]


def format_hours(minutes: int) -> str:
    """Show a business duration compactly: '30 min', '4 h', '1 h 30'."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d}" if rest else "")


def take_snapshot(service) -> dict:
    """Capture everything a reader of the sheet sees, as JSON-ready data."""
    data = {name: getattr(service, name) or "" for name, _label in TEXT_FIELDS}
    data.update(
        code=service.code,
        name=service.name,
        keywords=service.keywords or "",
        lifecycle=str(service.lifecycle.value if service.lifecycle else Lifecycle.STUDY.value),
        family=service.family.name if service.family else "",
        family_id=service.family_id,
        owner=service.owner.full_name if service.owner else "",
        backup=service.backup.full_name if service.backup else "",
        commitments=[[c.priority.value, c.take_charge_minutes, c.resolve_minutes]
                     for c in sorted(service.commitments, key=lambda c: c.priority.value)],
        links=[[link.title, link.url] for link in service.links],
        related=[[other.code, other.name]
                 for other in sorted(service.related, key=lambda s: collation_key(s.name))],
    )
    return data


def search_text(data: dict) -> str:
    """Normalised text (lower case, no accents) searched by the catalogue's search box."""
    parts = [data.get(name, "") for name in ("code", "name", "summary", "benefits",
                                              "strong_points", "included", "keywords", "family")]
    return collation_key(" ".join(parts))


@dataclass
class SheetView:
    """A sheet ready for a template, built from a snapshot."""

    data: dict
    sections: list[tuple[str, str, list[str] | str]] = field(default_factory=list)

    @classmethod
    def from_snapshot(cls, data: dict) -> SheetView:
        sections = []
        for name, label in TEXT_FIELDS[1:]:
            value = data.get(name, "")
            if value.strip():
                sections.append((name, str(label),
                                 bullet_lines(value) if name in LIST_FIELDS else value))
        return cls(data=data, sections=sections)

    def __getattr__(self, name):
        try:
            return self.data[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    @property
    def lifecycle_label(self) -> str:
        return Lifecycle(self.data["lifecycle"]).label

    @property
    def commitment_rows(self) -> list[tuple[str, str, str]]:
        return [(Priority(p).label, format_hours(tc), format_hours(rs))
                for p, tc, rs in self.data.get("commitments", [])]


def _as_lines(name: str, value) -> list[str]:
    if name == "commitments":
        return [f"{Priority(p).label} : prise en charge {format_hours(tc)}, "
                f"résolution {format_hours(rs)}" for p, tc, rs in value]
    if name == "links":
        return [f"{title} — {url}" for title, url in value]
    if name == "related":
        return [f"{code} {title}" for code, title in value]
    if name == "lifecycle":
        return [Lifecycle(value).label] if value else []
    return str(value).splitlines()


@dataclass
class FieldChange:
    label: str
    lines: list[tuple[str, str]]  # ("-" removed, "+" added, " " kept), text


def diff_snapshots(old: dict | None, new: dict) -> list[FieldChange]:
    """Field-by-field line differences between two snapshots, for a readable history."""
    old = old or {}
    changes = []
    for name, label in DIFF_LABELS.items():
        empty = [] if name in ("commitments", "links", "related") else ""
        before, after = _as_lines(name, old.get(name, empty)), _as_lines(name, new.get(name, empty))
        if before == after:
            continue
        lines = [(line[0], line[2:]) for line in difflib.ndiff(before, after)
                 if line[0] in "-+ "]
        changes.append(FieldChange(str(label), lines))
    return changes
