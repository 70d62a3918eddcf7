"""The mapping preview: what the sync would make of a few entries, side by side with them."""

from __future__ import annotations

from directory.mapping import Mapping, MappingError, map_entry


def preview_entries(entries: list[dict], mapping: Mapping) -> list[dict]:
    """For each entry: its DN, its raw attributes, and the person or the error it maps to."""
    rows = []
    for entry in entries:
        try:
            person, error = map_entry(entry, mapping), None
        except MappingError as failure:
            person, error = None, str(failure)
        rows.append({"dn": entry["dn"], "attributes": sorted(entry["attributes"].items()),
                     "person": person, "error": error})
    return rows
