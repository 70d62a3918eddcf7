"""Fixtures of the directory's tests: a real OpenLDAP server loaded with a generated company."""

import contextlib
import shutil

import pytest
from ldap3.core.exceptions import LDAPNoSuchAttributeResult, LDAPNoSuchObjectResult

from directory.models import get_settings
from directory.settings import save_settings
from portal.timeutil import utcnow
from tests.conftest import need
from tests.directory.company import (
    GROUPS,
    PEOPLE_BASE,
    SERVICE_DN,
    SERVICE_PASSWORD,
    entry_ldif,
    group_dn,
    ou_dn,
)
from tests.directory.ldap_server import SLAPADD, SLAPD, SlapdServer

ROLE_GROUPS = "\n".join((
    f"{group_dn(GROUPS['agents'])} = agent",
    f"{GROUPS['leads']} = product_lead",  # by plain CN
    f"{group_dn(GROUPS['relations'])} = relations_manager",
    f"{group_dn(GROUPS['admins'])} = admin",
))
DSI = ou_dn("Direction des Systèmes d'Information")


@pytest.fixture(scope="session")
def slapd_server():
    """Our own slapd with 2,100 people for the whole session (skipped without it, fails in CI)."""
    need(shutil.which(SLAPD) is not None and shutil.which(SLAPADD) is not None,
         "OpenLDAP is not installed (apt-get install slapd ldap-utils)")
    server = SlapdServer().load().start()
    yield server
    server.remove()


@pytest.fixture
def slapd(slapd_server):
    """The directory server, running (a test that stopped it gets it back afterwards)."""
    if slapd_server.process is None:
        slapd_server.start()
    yield slapd_server
    if slapd_server.process is None:
        slapd_server.start()


@pytest.fixture
def configure_directory(app, db, slapd, monkeypatch):
    """Point the portal at the test directory (the whole company unless told otherwise)."""
    monkeypatch.setitem(app.config, "LDAP_BIND_PASSWORD", SERVICE_PASSWORD)
    monkeypatch.setitem(app.config, "LDAP_ALLOW_LOOPBACK", True)  # our slapd is on 127.0.0.1

    def configure(base_dn: str = PEOPLE_BASE, **values):
        settings = save_settings(get_settings(), {
            "url": slapd.url, "bind_dn": SERVICE_DN, "base_dn": base_dn,
            "user_filter": "(objectClass=inetOrgPerson)", "page_size": 200,
            "attr_id": "entryUUID", "attr_email": "mail", "attr_first_name": "givenName",
            "attr_last_name": "sn", "attr_phone": "telephoneNumber", "attr_title": "title",
            "attr_entity": "", "attr_manager": "manager", "attr_groups": "memberOf",
            "disabled_attribute": "employeeType", "disabled_value": "disabled",
            "role_groups": ROLE_GROUPS, "sync_interval_minutes": 0, **values}, utcnow())
        db.session.commit()
        return settings

    return configure


@pytest.fixture
def configure_dsi_page(configure_directory, make_entity):
    """The DSI only (332 people), its director attached to a 'DSI' entity."""
    return configure_directory(base_dn=DSI, entity_parent_id=make_entity("DSI").id)


@pytest.fixture
def restore_entries(slapd):
    """Put back, after the test, the entries it deleted or changed in the directory."""
    touched = []
    yield touched.append
    if slapd.process is None:  # the test stopped the server
        slapd.start()
    connection = slapd.admin()
    for person in touched:
        with contextlib.suppress(LDAPNoSuchObjectResult):
            connection.delete(person.dn)
        attributes = {}
        for line in entry_ldif(person).splitlines()[1:]:
            name, _sep, value = line.partition(": ")
            if name != "memberOf":
                attributes.setdefault(name, []).append(value)
        connection.add(person.dn, attributes=attributes)
        for name in person.groups:  # membership again, so the overlay writes memberOf back
            with contextlib.suppress(LDAPNoSuchAttributeResult):
                connection.modify(group_dn(name), {"member": [("MODIFY_DELETE", [person.dn])]})
            connection.modify(group_dn(name), {"member": [("MODIFY_ADD", [person.dn])]})
    connection.unbind()
