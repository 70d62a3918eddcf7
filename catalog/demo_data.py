"""The demo catalogue, read from demo_catalogue.toml (content kept as data, not code)."""

import tomllib
from pathlib import Path
from typing import NamedTuple

from catalog.enums import Lifecycle
from portal.enums import Priority

SOURCE = Path(__file__).with_name("demo_catalogue.toml")


class FamilySpec(NamedTuple):
    slug: str
    name: str
    icon: str  # Bootstrap Icons name, without the "bi-" prefix
    colour: str  # readable with white text
    description: str


class ServiceSpec(NamedTuple):
    code: str
    family: str  # a FamilySpec.slug
    name: str
    summary: str
    benefits: tuple[str, ...]
    strong_points: tuple[str, ...]
    included: tuple[str, ...]
    not_included: tuple[str, ...]
    audience: str
    how_to_order: str
    prerequisites: str
    keywords: str
    lifecycle: Lifecycle
    commitments: tuple[tuple[Priority, float, float], ...]  # (priority, take charge, resolve) h
    links: tuple[tuple[str, str], ...]
    related: tuple[str, ...]
    target: tuple[str, ...] | None  # None: every entity is a target
    coverage: float  # share of the target entities subscribed today


class NewsSpec(NamedTuple):
    title: str
    body: str
    service: str | None
    days_ago: int


def _service(row: dict) -> ServiceSpec:
    values = {name: row.get(name) for name in ServiceSpec._fields}
    for name in ("benefits", "strong_points", "included", "not_included", "related"):
        values[name] = tuple(values[name] or ())
    values["links"] = tuple(tuple(link) for link in values["links"] or ())
    values["target"] = tuple(values["target"]) if values["target"] is not None else None
    values["lifecycle"] = Lifecycle(values["lifecycle"])
    values["commitments"] = tuple((Priority(p), take, resolve)
                                  for p, take, resolve in values["commitments"])
    return ServiceSpec(**values)


_DATA = tomllib.loads(SOURCE.read_text(encoding="utf-8"))
FAMILIES: tuple[FamilySpec, ...] = tuple(FamilySpec(**row) for row in _DATA["family"])
SERVICES: tuple[ServiceSpec, ...] = tuple(_service(row) for row in _DATA["service"])
NEWS: tuple[NewsSpec, ...] = tuple(
    NewsSpec(**{"service": None, **row}) for row in _DATA["news"])
