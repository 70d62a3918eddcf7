"""The pure mapping from directory entries to people: Active Directory and OpenLDAP shapes."""

import pytest

from directory.mapping import (
    PRESETS,
    Mapping,
    MappingError,
    map_entry,
    normalize_dn,
    ou_path,
    parse_role_groups,
)
from portal.enums import Role

AD_GROUPS = "CN=GG-Portail-Agents,OU=Groupes,DC=exemple,DC=fr = agent\nGG-Portail-Admins = admin"


def mapping(preset: str, **overrides) -> Mapping:
    values = {key: value for key, value in PRESETS[preset].items() if key != "user_filter"}
    values |= {"base_dn": "OU=Société,DC=exemple,DC=fr",
               "role_groups": parse_role_groups(AD_GROUPS)}
    return Mapping(**values | overrides)


def ad_entry(**attributes) -> dict:
    base = {"objectguid": ["3f2504e0-4f89-11d3-9a0c-0305e82c3301"],
            "mail": ["Hélène.Noël@Exemple.fr"], "givenname": ["Hélène"], "sn": ["Noël"],
            "telephonenumber": ["+33 1 23 45 67 89"], "title": ["Contrôleuse de gestion"],
            "department": ["Direction Financière / Contrôle de gestion"],
            "manager": ["CN=Côté\\, Gaël,OU=Finance,OU=Société,DC=exemple,DC=fr"],
            "memberof": ["cn=gg-portail-agents, ou=Groupes, dc=EXEMPLE, dc=fr",
                         "CN=GG-Portail-Admins,OU=Autres,DC=exemple,DC=fr",
                         "CN=Tout le monde,OU=Groupes,DC=exemple,DC=fr"],
            "useraccountcontrol": ["512"]}
    return {"dn": "CN=Noël\\, Hélène,OU=Finance,OU=Société,DC=exemple,DC=fr",
            "attributes": base | attributes}


def test_an_active_directory_entry_maps_names_entity_manager_and_roles():
    person = map_entry(ad_entry(), mapping("active_directory"))

    assert person.email == "hélène.noël@exemple.fr"
    assert (person.first_name, person.last_name) == ("Hélène", "Noël")
    assert person.entity_path == ("Direction Financière", "Contrôle de gestion")
    assert person.manager_dn.startswith("CN=Côté\\, Gaël")
    # the DN of a group matches whatever its case and spacing; a bare CN matches anywhere
    assert person.roles == {Role.REQUESTER, Role.AGENT, Role.ADMIN}
    assert not person.disabled


@pytest.mark.parametrize(("flags", "disabled"), [("512", False), ("514", True), ("66050", True),
                                                  ("66048", False)])
def test_active_directory_account_disabled_bit(flags, disabled):
    entry = ad_entry(useraccountcontrol=[flags])

    assert map_entry(entry, mapping("active_directory")).disabled is disabled


def test_openldap_entity_is_the_ou_path_below_the_base_and_disabled_is_an_attribute_value():
    entry = {"dn": "uid=zoe,ou=Paie,ou=Direction des Ressources Humaines,ou=Société,"
                   "dc=exemple,dc=fr",
             "attributes": {"entryuuid": ["615a250a-86c0-1041-8412-29b2d9d15f97"],
                            "mail": ["zoe.lebœuf@exemple.fr"], "sn": ["Lebœuf"],
                            "employeetype": ["Disabled"]}}

    person = map_entry(entry, mapping("openldap", base_dn="ou=Société,dc=exemple,dc=fr"))

    assert person.entity_path == ("Direction des Ressources Humaines", "Paie")
    assert person.disabled
    assert person.roles == {Role.REQUESTER}


def test_an_entry_without_e_mail_or_id_cannot_become_an_account():
    with pytest.raises(MappingError, match="e-mail"):
        map_entry(ad_entry(mail=[]), mapping("active_directory"))
    with pytest.raises(MappingError, match="objectGUID"):
        map_entry(ad_entry(objectguid=[]), mapping("active_directory"))


def test_role_group_lines_are_checked():
    assert parse_role_groups("# comment\n\nportail = relations_manager") == {
        "cn=portail": Role.RELATIONS_MANAGER}
    with pytest.raises(ValueError, match="2"):
        parse_role_groups("portail = agent\nportail = chef")


def test_dns_compare_like_the_server_does():
    assert normalize_dn("CN=Côté\\, Gaël , OU=Finance,DC=exemple") == normalize_dn(
        "cn=côté\\, gaël,ou=finance,dc=EXEMPLE")
    assert ou_path("uid=a,ou=B,ou=A,dc=x", "") == ("A", "B")
