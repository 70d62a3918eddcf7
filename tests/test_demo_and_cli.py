"""The demo data and the command line."""

from sqlalchemy import func, select

from portal.demo import DEMO_PASSWORD
from portal.demo_data import DEMO_ACCOUNTS
from portal.enums import Role
from portal.models import Contact, Entity, User, UserRole


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_demo_builds_a_believable_dsi_and_is_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Données de démonstration" in first.output
    assert " créés, 0 mis à jour" in first.output
    counts = (_count(db, Entity), _count(db, User), _count(db, Contact))
    assert counts[0] >= 20
    assert counts[1] >= 200
    assert counts[2] > 0
    roles = set(db.session.scalars(select(UserRole.role).distinct()))
    assert roles == set(Role)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 créés, 0 mis à jour" in second.output
    assert (_count(db, Entity), _count(db, User), _count(db, Contact)) == counts


def test_every_demo_account_signs_in_with_its_role(app, db, client):
    app.test_cli_runner().invoke(args=["seed-demo"])
    for account in DEMO_ACCOUNTS:
        response = client.post("/connexion", data={"email": account["email"],
                                                   "password": DEMO_PASSWORD})
        assert response.status_code == 302, account["email"]
        home = client.get("/")
        assert account["role"].label in home.text
        client.post("/deconnexion")


def test_demo_accounts_command_lists_every_account(app):
    output = app.test_cli_runner().invoke(args=["demo-accounts"]).output
    assert DEMO_PASSWORD in output
    for account in DEMO_ACCOUNTS:
        assert account["email"] in output


def test_demo_catalogue_synopsis_fits_one_a3_landscape_page(app, db, client):
    from io import BytesIO

    from pypdf import PdfReader

    app.test_cli_runner().invoke(args=["seed-demo"])
    client.post("/connexion", data={"email": "claire.martin@exemple.fr",
                                    "password": DEMO_PASSWORD})
    reader = PdfReader(BytesIO(client.get("/catalogue/synopsis.pdf").data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)
    job_page = client.post("/catalogue/catalogue.pdf").headers["Location"]
    with client.get(f"{job_page}/fichier") as download:
        catalogue = PdfReader(BytesIO(download.data))
    assert len(catalogue.pages) > 40
    assert "Vos bénéfices" in catalogue.pages[1].extract_text()
