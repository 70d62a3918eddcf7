"""Service sheets: rights, drafts and publication, revision history."""

from sqlalchemy import select

from catalog.models import Revision
from portal.enums import Role


def _edit_form(service, **values) -> dict:
    data = {"name": service.name, "summary": service.summary, "benefits": service.benefits,
            "strong_points": "", "included": "", "not_included": "", "audience": "",
            "how_to_order": "", "prerequisites": "", "keywords": service.keywords,
            "lifecycle": "live", "family_id": service.family_id, "owner_id": service.owner_id,
            "backup_id": 0, "target_all": "y", "comment": "",
            "commitments-2-take_charge": "4", "commitments-2-resolve": "16"}
    for index in (0, 1, 3):
        data[f"commitments-{index}-take_charge"] = data[f"commitments-{index}-resolve"] = ""
    data.update(values)
    return data


def test_product_lead_edits_own_sheet_and_requesters_see_it_only_once_published(
        client, login_as, make_service, make_user, db):
    lead = make_user(Role.PRODUCT_LEAD)
    service = make_service(owner=lead, summary="Ancienne accroche.")
    login_as(lead)
    response = client.post(f"/catalogue/service/{service.code}/modifier",
                           data=_edit_form(service, summary="Nouvelle accroche plus claire.",
                                           comment="Accroche reformulée"))
    assert response.status_code == 302
    client.post("/deconnexion")
    requester = make_user(Role.REQUESTER)
    login_as(requester)
    before = client.get(f"/catalogue/service/{service.code}").text
    assert "Ancienne accroche." in before
    assert "Nouvelle accroche" not in before
    client.post("/deconnexion")
    login_as(lead)
    assert client.post(f"/catalogue/service/{service.code}/publier").status_code == 302
    client.post("/deconnexion")
    login_as(requester)
    after = client.get(f"/catalogue/service/{service.code}").text
    assert "Nouvelle accroche plus claire." in after


def test_history_shows_who_changed_what_as_a_readable_diff(client, login_as, make_service,
                                                           make_user):
    lead = make_user(Role.PRODUCT_LEAD, first_name="Sophie", last_name="Lefèvre")
    service = make_service(owner=lead, summary="Ancienne accroche.")
    login_as(lead)
    client.post(f"/catalogue/service/{service.code}/modifier",
                data=_edit_form(service, summary="Nouvelle accroche.", comment="Reformulation"))
    page = client.get(f"/catalogue/service/{service.code}/historique").text
    assert "Version 2" in page
    assert "Sophie Lefèvre" in page
    assert "Reformulation" in page
    assert "diff-del" in page
    assert "- Ancienne accroche." in page
    assert "+ Nouvelle accroche." in page


def test_saving_an_unchanged_sheet_adds_no_revision(client, login_as, make_service, make_user,
                                                    db):
    lead = make_user(Role.PRODUCT_LEAD)
    service = make_service(owner=lead)
    login_as(lead)
    client.post(f"/catalogue/service/{service.code}/modifier", data=_edit_form(service))
    count = db.session.scalars(select(Revision).where(Revision.service_id == service.id)).all()
    assert len(count) == 1


def test_a_product_lead_cannot_change_another_leads_sheet(client, login_as, make_service,
                                                          make_user, db):
    owner = make_user(Role.PRODUCT_LEAD)
    service = make_service(owner=owner, summary="Texte d'origine.")
    login_as(Role.PRODUCT_LEAD)
    forged = client.post(f"/catalogue/service/{service.code}/modifier",
                         data=_edit_form(service, summary="Texte piraté."))
    assert forged.status_code == 403
    assert client.post(f"/catalogue/service/{service.code}/publier").status_code == 403
    db.session.refresh(service)
    assert service.summary == "Texte d'origine."
    assert len(service.revisions) == 1


def test_a_product_lead_cannot_reassign_ownership(client, login_as, make_service, make_user, db):
    lead = make_user(Role.PRODUCT_LEAD)
    other = make_user(Role.PRODUCT_LEAD)
    service = make_service(owner=lead)
    login_as(lead)
    client.post(f"/catalogue/service/{service.code}/modifier",
                data=_edit_form(service, owner_id=other.id))
    db.session.refresh(service)
    assert service.owner_id == lead.id


def test_relations_manager_edits_any_sheet(client, login_as, make_service, db):
    service = make_service()
    login_as(Role.RELATIONS_MANAGER)
    response = client.post(f"/catalogue/service/{service.code}/modifier",
                           data=_edit_form(service, summary="Revu par la Relation Clients."))
    assert response.status_code == 302
    db.session.refresh(service)
    assert service.summary == "Revu par la Relation Clients."


def test_requesters_never_see_drafts(client, login_as, make_service):
    draft = make_service(name="Service en étude", publish=False)
    login_as(Role.REQUESTER)
    assert client.get(f"/catalogue/service/{draft.code}").status_code == 404
    assert "Service en étude" not in client.get("/catalogue/").text
    assert client.get(f"/catalogue/service/{draft.code}/modifier").status_code == 403


def test_bad_sheet_input_gets_french_errors_next_to_fields(client, login_as, make_service):
    service = make_service()
    login_as(Role.RELATIONS_MANAGER)
    page = client.post(f"/catalogue/service/{service.code}/modifier",
                       data=_edit_form(service, summary="", **{
                           "links-0-title": "Guide", "links-0-url": "javascript:alert(1)",
                           "commitments-2-take_charge": "8", "commitments-2-resolve": "2"}))
    assert page.status_code == 200
    assert 'id="summary-errors"' in page.text
    assert "Seules les adresses http:// et https:// sont admises." in page.text
    assert "La résolution ne peut pas précéder la prise en charge." in page.text


def test_unpublishing_hides_the_sheet_from_requesters(client, login_as, make_service, make_user):
    lead = make_user(Role.PRODUCT_LEAD)
    service = make_service(owner=lead)
    login_as(lead)
    assert "Retirer de la publication" in client.get(f"/catalogue/service/{service.code}").text
    client.post(f"/catalogue/service/{service.code}/depublier")
    client.post("/deconnexion")
    login_as(Role.REQUESTER)
    assert client.get(f"/catalogue/service/{service.code}").status_code == 404
