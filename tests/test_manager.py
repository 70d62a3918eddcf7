"""The manager relation: shown on the account page and a request's card, usable by features."""

from portal.enums import Role
from portal.models import get_manager
from portal.services import set_user_active
from portal.timeutil import utcnow


def test_get_manager_skips_disabled_managers_and_survives_a_loop(db, make_user):
    director = make_user(first_name="Hélène", last_name="Lefèvre")
    head = make_user(manager=director)
    member = make_user(manager=head)

    assert get_manager(member) == head
    set_user_active(head, False, utcnow())
    assert get_manager(member) == director  # an escalation goes to someone who can act
    assert get_manager(member, active_only=False) == head
    assert get_manager(director) is None
    director.manager = member  # a loop in the directory's data
    set_user_active(director, False, utcnow())
    assert get_manager(member) is None


def test_the_account_page_shows_the_manager_and_the_team_size(client, login_as, make_user):
    director = make_user(first_name="Hélène", last_name="Lefèvre")
    head = make_user(first_name="Gaël", last_name="Côté", manager=director)
    make_user(manager=head)
    login_as(Role.ADMIN)

    page = client.get(f"/admin/utilisateurs/{head.id}").get_data(as_text=True)

    assert "Responsable hiérarchique :" in page
    assert f'href="/admin/utilisateurs/{director.id}">Hélène Lefèvre</a>' in page
    assert "Encadre 1 personne(s)" in page


def test_a_request_card_shows_the_requester_s_manager(client, login_as, make_user, make_ticket):
    director = make_user(first_name="Hélène", last_name="Lefèvre", email="helene@exemple.fr")
    requester = make_user(manager=director)
    ticket = make_ticket(requester=requester)
    login_as(Role.ADMIN)

    page = client.get(f"/demandes/{ticket.number}").get_data(as_text=True)

    assert "Responsable hiérarchique" in page
    assert "Hélène Lefèvre" in page
