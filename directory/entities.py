"""Match the directory's OUs / departments to the portal's entities, creating what is missing.

Choice: a path not found in the portal is created at once under the configured parent entity
(or at the top), and each creation is named in the run's messages, so the admin sees it.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select

from portal.enums import ClientType, EntityKind
from portal.extensions import db
from portal.models import Entity

CODE_PREFIX = "ANN-"


def name_key(name: str) -> str:
    """Names compared without case, accents or repeated spaces ('Études' == 'etudes')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


class EntityResolver:
    """Find or create the entity of a path of names, top first, below an optional parent."""

    def __init__(self, parent: Entity | None) -> None:
        self.parent = parent
        self.created: list[Entity] = []
        entities = list(db.session.scalars(select(Entity)))
        self.children: dict[int | None, dict[str, Entity]] = {}
        self.by_name: dict[str, list[Entity]] = {}
        for entity in entities:
            self.children.setdefault(entity.parent_id, {})[name_key(entity.name)] = entity
            self.by_name.setdefault(name_key(entity.name), []).append(entity)
        self.codes = {entity.code for entity in entities}

    def resolve(self, path: tuple[str, ...]) -> Entity | None:
        """The entity at that path: under the parent, from the top, or a unique name; else new."""
        if not path:
            return self.parent
        for start in (self.parent.id if self.parent else None, None):
            found = self._walk(start, path)
            if found is not None:
                return found
        same_name = self.by_name.get(name_key(path[-1]), [])
        if len(same_name) == 1:
            return same_name[0]
        return self._create(path)

    def _walk(self, start: int | None, path: tuple[str, ...]) -> Entity | None:
        node_id, node = start, None
        for name in path:
            node = self.children.get(node_id, {}).get(name_key(name))
            if node is None:
                return None
            node_id = node.id
        return node

    def _create(self, path: tuple[str, ...]) -> Entity:
        node = self.parent
        for depth, name in enumerate(path):
            existing = self.children.get(node.id if node else None, {}).get(name_key(name))
            if existing is not None:
                node = existing
                continue
            top = node is None or (self.parent is not None and node is self.parent)
            entity = Entity(code=self._code(name), name=name[:160], parent=node,
                            kind=EntityKind.DIRECTION if top and depth == 0
                            else EntityKind.DEPARTMENT, client_type=ClientType.BUSINESS)
            db.session.add(entity)
            db.session.flush()
            self.children.setdefault(node.id if node else None, {})[name_key(name)] = entity
            self.by_name.setdefault(name_key(name), []).append(entity)
            self.created.append(entity)
            node = entity
        return node

    def _code(self, name: str) -> str:
        base = CODE_PREFIX + re.sub(r"[^A-Z0-9]+", "-", name_key(name).upper()).strip("-")
        base, number, code = base[:16].rstrip("-"), 1, base[:20].rstrip("-")
        while code in self.codes:
            number += 1
            code = f"{base}-{number}"
        self.codes.add(code)
        return code
