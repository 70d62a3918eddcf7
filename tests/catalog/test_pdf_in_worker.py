"""PDFs are built by the worker on their own queue; the web process serves or waits."""

import importlib
import re
import shutil
from pathlib import Path

import pytest
from flask import has_request_context
from sqlalchemy import func, select

from catalog.tasks import build_synopsis_task
from portal.enums import Role
from portal.exports import ExportJob, cache_dir
from portal.jobs import EXPORTS, MAIL, PERIODIC

ROOT = Path(__file__).resolve().parents[2]


class FakeHTML:
    """Stands in for WeasyPrint, and fails if a web request renders a PDF."""

    renders = 0

    def __init__(self, **_options):
        pass

    def write_pdf(self) -> bytes:
        assert not has_request_context(), "a PDF was rendered in a web request"
        FakeHTML.renders += 1
        return b"%PDF-1.4 synopsis"


@pytest.fixture
def queued(monkeypatch):
    """The tasks sent to the worker, kept instead of run (the worker is not in the test)."""
    sent = []
    monkeypatch.setattr("catalog.pdf.HTML", FakeHTML)
    monkeypatch.setattr(build_synopsis_task, "delay", lambda *args: sent.append(args))
    monkeypatch.setattr("portal.views.exports.run_export_task.delay",
                        lambda *args: sent.append(args))
    FakeHTML.renders = 0
    shutil.rmtree(cache_dir(), ignore_errors=True)
    return sent


def test_the_synopsis_pdf_is_built_by_the_worker_then_served_from_its_cache(
        app, client, login_as, make_service, make_user, queued):
    make_service(name="Messagerie Outlook")
    user = login_as(Role.REQUESTER)
    waiting = client.get("/catalogue/synopsis.pdf")
    assert waiting.status_code == 200
    assert "en préparation" in waiting.text
    assert '<meta http-equiv="refresh"' in waiting.text
    assert queued == [(user.id, "fr")]
    assert "en préparation" in client.get("/catalogue/synopsis.pdf").text
    assert len(queued) == 1, "asking again while it is being built sends nothing more"

    build_synopsis_task(user.id, "fr")  # what the worker does
    with client.get("/catalogue/synopsis.pdf") as served:
        assert served.headers["Content-Type"] == "application/pdf"
        assert "attachment" in served.headers["Content-Disposition"]
        assert served.data == b"%PDF-1.4 synopsis"
    assert FakeHTML.renders == 1

    client.post("/deconnexion")
    login_as(make_user(Role.REQUESTER, email="paul.durand@exemple.fr"))
    with client.get("/catalogue/synopsis.pdf") as same_view:
        assert same_view.data == b"%PDF-1.4 synopsis", "one copy for everyone who sees the same"
    assert len(queued) == 1
    assert FakeHTML.renders == 1


def test_a_change_of_the_catalogue_or_another_view_of_it_gets_its_own_copy(
        app, db, client, login_as, make_service, queued):
    make_service(name="Messagerie Outlook")
    user = login_as(Role.REQUESTER)
    client.get("/catalogue/synopsis.pdf")
    build_synopsis_task(user.id, "fr")
    make_service(name="Téléphonie fixe", code="TEL")
    assert "en préparation" in client.get("/catalogue/synopsis.pdf").text
    assert len(queued) == 2


def test_a_second_identical_export_returns_the_same_job(app, db, client, login_as, queued):
    login_as(Role.REQUESTER)
    first = client.post("/catalogue/catalogue.pdf")
    second = client.post("/catalogue/catalogue.pdf")
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(ExportJob.id))) == 1
    assert len(queued) == 1, "the job is sent to the worker once"


def test_each_task_is_routed_to_its_queue(app):
    from worker.schedule import SCHEDULE

    # Every task module the worker loads, so that a feature's new task cannot be forgotten.
    for module in re.findall(r"^import (\S+\.tasks)", (ROOT / "worker" / "app.py").read_text(),
                             re.MULTILINE):
        importlib.import_module(module)

    celery = app.extensions["celery"]
    queue = {name: celery.amqp.router.route({}, name)["queue"].name
             for name in celery.tasks if not name.startswith("celery.")}
    assert {name for name, where in queue.items() if where == MAIL} == {
        "tickets.poll_mailboxes", "tickets.poll_one", "tickets.process_inbound",
        "portal.send_outbox", "portal.send_password_reset"}
    assert {name for name, where in queue.items() if where == EXPORTS} == {
        "portal.run_export", "catalog.build_synopsis", "directory.sync"}
    assert set(queue.values()) == {MAIL, PERIODIC, EXPORTS}, "no task left on the default queue"
    scheduled = {entry["task"] for entry in SCHEDULE.values()}
    assert {queue[name] for name in scheduled - {"portal.send_outbox",
                                                 "tickets.poll_mailboxes"}} == {PERIODIC}


def test_the_procfile_runs_a_worker_for_every_queue():
    procfile = (ROOT / "Procfile").read_text()
    assert "-Q mail,periodic,exports" in procfile


def test_an_export_lost_with_its_worker_does_not_block_the_next_one(
        app, db, client, login_as, queued):
    from datetime import timedelta

    login_as(Role.REQUESTER)
    first = client.post("/catalogue/catalogue.pdf").headers["Location"]
    job = db.session.scalar(select(ExportJob))
    job.created_at -= timedelta(hours=2)
    db.session.commit()
    assert client.post("/catalogue/catalogue.pdf").headers["Location"] != first
    assert len(queued) == 2
