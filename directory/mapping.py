"""From a directory entry to the portal's view of a person: pure functions, no I/O, no database.

An entry is a plain dict: ``{"dn": str, "attributes": {lower-case name: [str, ...]}}``, as
``directory.ldap`` reads it from the server.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ldap3.core.exceptions import LDAPInvalidDnError
from ldap3.utils.dn import parse_dn

from portal.enums import Role

# Presets of the attribute mapping; the admin starts from one and adjusts it.
PRESETS = {
    "active_directory": {
        "user_filter": "(&(objectCategory=person)(objectClass=user))",
        "attr_id": "objectGUID", "attr_email": "mail", "attr_first_name": "givenName",
        "attr_last_name": "sn", "attr_phone": "telephoneNumber", "attr_title": "title",
        "attr_entity": "department", "attr_manager": "manager", "attr_groups": "memberOf",
        "disabled_attribute": "userAccountControl", "disabled_value": "",
    },
    "openldap": {
        "user_filter": "(objectClass=inetOrgPerson)",
        "attr_id": "entryUUID", "attr_email": "mail", "attr_first_name": "givenName",
        "attr_last_name": "sn", "attr_phone": "telephoneNumber", "attr_title": "title",
        "attr_entity": "", "attr_manager": "manager", "attr_groups": "memberOf",
        "disabled_attribute": "employeeType", "disabled_value": "disabled",
    },
}
AD_ACCOUNT_DISABLED = 0x2  # userAccountControl's ACCOUNTDISABLE bit
_SEPARATORS = re.compile(r"\s*([,=+])\s*")
MAX_LENGTHS = {"email": 254, "first_name": 80, "last_name": 80, "phone": 40, "job_title": 160}


class MappingError(ValueError):
    """The entry cannot become an account (no id, no e-mail...); the message says why."""


@dataclass(frozen=True)
class Mapping:
    """Which attribute holds what, and which groups give which portal role."""

    base_dn: str
    attr_id: str
    attr_email: str
    attr_first_name: str
    attr_last_name: str
    attr_phone: str
    attr_title: str
    attr_entity: str
    attr_manager: str
    attr_groups: str
    disabled_attribute: str
    disabled_value: str
    role_groups: dict[str, Role]

    def attributes(self) -> list[str]:
        """The attributes to ask the server for (operational ones such as entryUUID included)."""
        names = (self.attr_id, self.attr_email, self.attr_first_name, self.attr_last_name,
                 self.attr_phone, self.attr_title, self.attr_entity, self.attr_manager,
                 self.attr_groups, self.disabled_attribute)
        return sorted({name for name in names if name})


@dataclass(frozen=True)
class Person:
    """What the directory says of one person, in the portal's terms."""

    directory_id: str
    dn: str
    email: str
    first_name: str
    last_name: str
    phone: str
    job_title: str
    entity_path: tuple[str, ...]
    manager_dn: str | None
    roles: frozenset[Role]
    disabled: bool


def parse_role_groups(text: str) -> dict[str, Role]:
    """Read 'group = role' lines (a group's DN or CN); raise ValueError on a bad line."""
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        group, sep, role = line.rpartition("=")
        if not sep or not group.strip() or role.strip() not in set(Role):
            raise ValueError(number, line)
        found[group_key(group)] = Role(role.strip())
    return found


@functools.lru_cache(maxsize=65536)
def normalize_dn(dn: str) -> str:
    """A DN compared the way the server does: case and spaces around separators ignored."""
    if "\\" not in dn and '"' not in dn:  # no escapes: a plain split is exact, and fast
        return _SEPARATORS.sub(r"\1", dn.strip()).casefold()
    try:
        parts = parse_dn(dn, escape=False, strip=True)
    except (LDAPInvalidDnError, IndexError, ValueError):
        return dn.strip().casefold()
    return ",".join(f"{name.casefold()}={value.casefold()}" for name, value, _sep in parts)


def group_key(group: str) -> str:
    """A group named by DN or by plain CN, compared case-insensitively."""
    group = group.strip()
    return normalize_dn(group) if "=" in group else f"cn={group.casefold()}"


def roles_for(groups: list[str], role_groups: dict[str, Role]) -> frozenset[Role]:
    """The portal roles the person's groups give; requester always."""
    roles = {Role.REQUESTER}
    for group in groups:
        key = normalize_dn(group)
        cn = key.split(",", 1)[0]
        for candidate in (key, cn):
            if candidate in role_groups:
                roles.add(role_groups[candidate])
    return frozenset(roles)


def is_disabled(values: list[str], mapping: Mapping) -> bool:
    """AD's userAccountControl bit 2, or the configured attribute holding the configured value."""
    if not mapping.disabled_attribute:
        return False
    if mapping.disabled_attribute.casefold() == "useraccountcontrol":
        return any(value.strip().isdigit() and int(value) & AD_ACCOUNT_DISABLED
                   for value in values)
    wanted = mapping.disabled_value.strip().casefold()
    return any(value.strip().casefold() == wanted for value in values) if wanted else bool(values)


def ou_path(dn: str, base_dn: str) -> tuple[str, ...]:
    """The OUs between the base DN and the entry, top first: ('Direction Financière', 'Paie')."""
    try:
        parts = parse_dn(dn, escape=False, strip=True)
        base = parse_dn(base_dn, escape=False, strip=True) if base_dn else []
    except (LDAPInvalidDnError, IndexError, ValueError):
        return ()
    below = parts[1:len(parts) - len(base)] if base else parts[1:]
    return tuple(value.strip() for name, value, _sep in reversed(below)
                 if name.casefold() == "ou" and value.strip())


def entity_path(entry: dict, mapping: Mapping) -> tuple[str, ...]:
    """An attribute such as AD's department ('A / B' for a path), else the entry's OU path."""
    if mapping.attr_entity:
        value = first(entry, mapping.attr_entity)
        return tuple(part.strip() for part in value.split("/") if part.strip())
    return ou_path(entry["dn"], mapping.base_dn)


def values(entry: dict, name: str) -> list[str]:
    return entry["attributes"].get(name.casefold(), []) if name else []


def first(entry: dict, name: str) -> str:
    found = values(entry, name)
    return found[0].strip() if found else ""


def map_entry(entry: dict, mapping: Mapping) -> Person:
    """Build the person an entry describes; raise MappingError if it cannot be an account."""
    dn = entry["dn"]
    directory_id = first(entry, mapping.attr_id)
    email = first(entry, mapping.attr_email).lower()
    if not directory_id:
        raise MappingError(f"{dn} : pas de {mapping.attr_id}")
    if "@" not in email:
        raise MappingError(f"{dn} : pas d'adresse e-mail ({mapping.attr_email})")
    fields = {"email": email, "first_name": first(entry, mapping.attr_first_name),
              "last_name": first(entry, mapping.attr_last_name),
              "phone": first(entry, mapping.attr_phone),
              "job_title": first(entry, mapping.attr_title)}
    for name, limit in MAX_LENGTHS.items():
        if len(fields[name]) > limit:
            raise MappingError(f"{dn} : {name} dépasse {limit} caractères")
    if not fields["last_name"]:
        raise MappingError(f"{dn} : pas de nom ({mapping.attr_last_name})")
    return Person(
        directory_id=directory_id[:64], dn=dn, **fields,
        entity_path=entity_path(entry, mapping),
        manager_dn=first(entry, mapping.attr_manager) or None,
        roles=roles_for(values(entry, mapping.attr_groups), mapping.role_groups),
        disabled=is_disabled(values(entry, mapping.disabled_attribute), mapping),
    )
