"""End to end: a task sent through Redis makes a real Celery worker send the outbox."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
import redis
from celery import Celery
from sqlalchemy import select

from portal.enums import Priority, Role
from portal.jobs import EXPORTS, MAIL, PERIODIC
from portal.outbox import OutboxMessage, queue_mail
from portal.timeutil import utcnow
from tests.conftest import need
from tests.tickets_factories import make_mail
from tickets.enums import Level, Outcome
from tickets.mailbox.models import InboundMessage
from tickets.models import Ticket
from tickets.timers import refresh

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("PORTAL_TEST_REDIS_URL")
SUBJECT = "Votre accès au portail Relations Clients de la DSI"
DEADLINE = 30.0


def redis_answers(url: str | None) -> bool:
    """Whether a Redis server answers PING at this URL."""
    if not url:
        return False
    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


def broker_client() -> Celery:
    """A Celery client of the test Redis, apart from the portal's app (not made current)."""
    return Celery(broker=REDIS_URL, set_as_current=False)


class Worker:
    """A real ``celery worker`` (and, asked, ``celery beat``) on one private queue.

    Each process writes its output to a file; ``settings`` adds environment variables.
    """

    def __init__(self, database_url: str, tmp_path: Path, beat: bool = False,
                 **settings: str) -> None:
        self.queue = f"portal-test-{uuid.uuid4().hex[:12]}"
        self.outbox = tmp_path / "outbox"
        self.tmp_path = tmp_path
        self.env = os.environ | {
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_BROKER_URL": REDIS_URL,
            "PORTAL_CELERY_QUEUE": self.queue,
            "PORTAL_CELERY_QUEUE_PREFIX": f"{self.queue}.",
            "PORTAL_VAR_DIR": str(tmp_path / "var"),
            "PORTAL_OUTBOX_DIR": str(self.outbox),
            "PORTAL_SMTP_HOST": "",  # empty means unset: write .eml files, never use SMTP
            "PORTAL_CELERY_EAGER": "",
        } | settings
        self.processes = {"worker": self._start(
            "worker", "--pool", "solo", "--hostname", f"{self.queue}@%h",
            "-Q", ",".join(self.queues),
            "--without-mingle", "--without-gossip", "--without-heartbeat")}
        if beat:
            self.processes["beat"] = self._start(
                "beat", "--schedule", str(tmp_path / "beat-schedule"))

    def _start(self, command: str, *arguments: str) -> subprocess.Popen:
        with (self.tmp_path / f"{command}.log").open("wb") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "worker.app", command,
                 "--loglevel", "INFO", *arguments],
                cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=log,
                stderr=subprocess.STDOUT)

    def output(self) -> str:
        return "\n".join(f"--- {name}\n" + (self.tmp_path / f"{name}.log").read_text(
            errors="replace") for name in self.processes)

    def assert_alive(self) -> None:
        for name, process in self.processes.items():
            returncode = process.poll()
            assert returncode is None, f"{name} exited with {returncode}:\n{self.output()}"

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), as a supervisor would; kill only if it hangs."""
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        with broker_client() as client, client.connection_for_write() as connection:
            # kombu deletes only the bindings it knows on this channel: declare, then delete.
            for name in self.queues:
                queue = client.amqp.queues[name].bind(connection.default_channel)
                queue.declare()
                queue.delete()

    @property
    def queues(self) -> list[str]:
        """Its own default queue, and its own copy of each of the portal's worker queues."""
        return [self.queue, *(f"{self.queue}.{name}" for name in (MAIL, PERIODIC, EXPORTS))]


def need_redis() -> None:
    need(redis_answers(REDIS_URL),
         f"no Redis answering at PORTAL_TEST_REDIS_URL={REDIS_URL or '(unset)'}")


@pytest.fixture
def worker(db, database_url, tmp_path):
    need_redis()
    started = Worker(database_url, tmp_path)
    yield started
    started.stop()


def wait_for(db, worker: Worker, what: str, probe):
    """Poll with a fresh session until ``probe()`` returns something true, and return it."""
    deadline = time.monotonic() + DEADLINE
    while True:
        db.session.remove()
        found = probe()
        if found:
            return found
        worker.assert_alive()
        assert time.monotonic() < deadline, (
            f"{what}: not after {DEADLINE:.0f} s:\n{worker.output()}")
        time.sleep(0.2)


def wait_until_sent(db, message_id: int, worker: Worker) -> OutboxMessage:
    """Wait until the worker has sent this outbox message."""
    return wait_for(db, worker, "message sent", lambda: (
        message := db.session.get(OutboxMessage, message_id)).sent_at and message)


def test_a_task_sent_through_redis_makes_the_worker_send_the_outbox(app, db, make_user, worker):
    user = make_user(Role.REQUESTER, first_name="Léa")
    with app.test_request_context():
        message = queue_mail(user.email, SUBJECT, "account/invitation", utcnow(), user=user,
                             link="http://portail.test/mot-de-passe/jeton")
    db.session.commit()
    message_id, to_addr = message.id, user.email

    with broker_client() as sender:
        sender.send_task("portal.send_outbox", queue=worker.queue)

    sent = wait_until_sent(db, message_id, worker)
    assert sent.attempts == 1, worker.output()
    files = list(worker.outbox.glob("*.eml"))
    assert len(files) == 1, f"outbox holds {files}:\n{worker.output()}"
    email = message_from_bytes(files[0].read_bytes(), policy=default)
    assert email["To"] == to_addr
    assert email["Subject"] == SUBJECT
    assert "Bonjour Léa" in email.get_body(("plain",)).get_content()


def test_mail_dropped_in_the_maildir_becomes_a_request_through_the_worker(
        db, make_mailbox, worker, tmp_path):
    maildir = tmp_path / "boite"
    mailbox_id = make_mailbox(path=str(maildir)).id
    (maildir / "new").mkdir(parents=True)
    (maildir / "new" / "1700000000.M1P1.intranet").write_bytes(
        make_mail("claire.martin@exemple.fr", "Imprimante en panne"))

    with broker_client() as sender:
        sender.send_task("tickets.poll_mailboxes", queue=worker.queue)

    row = wait_for(db, worker, "mail collected", lambda: db.session.scalar(
        select(InboundMessage).where(InboundMessage.mailbox_id == mailbox_id,
                                     InboundMessage.outcome != Outcome.RECEIVED)))
    assert row.outcome is Outcome.CREATED, worker.output()
    assert row.ticket.subject == "Imprimante en panne"
    assert list((maildir / "new").iterdir()) == []
    assert [path.name for path in (maildir / "cur").iterdir()] == [
        "1700000000.M1P1.intranet:2,S"]


def test_the_beat_schedule_escalates_sends_and_collects_through_the_worker(
        db, database_url, make_ticket, make_service, make_user, tmp_path):
    need_redis()
    make_user(Role.RELATIONS_MANAGER, email="rrc@exemple.fr")
    opened = utcnow() - timedelta(days=3)
    late = make_ticket(service_id=make_service().id, urgency=Level.HIGH, impact=Level.HIGH,
                       now=opened)
    assert late.priority is Priority.CRITICAL, "critical: escalated at any hour"
    late.take_charge_target = 15
    refresh(late, opened)
    db.session.commit()
    late_id, number = late.id, late.number
    maildir = tmp_path / "boite"
    for folder in ("new", "cur", "tmp"):
        (maildir / folder).mkdir(parents=True)
    (maildir / "new" / "1700000000.M1P1.intranet").write_bytes(
        make_mail("claire.martin@exemple.fr", "Badge refusé"))

    started = Worker(database_url, tmp_path, beat=True, PORTAL_MAILDIR=str(maildir),
                     PORTAL_SLA_SWEEP_SECONDS="1", PORTAL_OUTBOX_SECONDS="1",
                     PORTAL_MAILBOX_POLL_SECONDS="1")
    try:
        escalation = wait_for(db, started, "escalation sent", lambda: db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.category == "sla",
                                        OutboxMessage.sent_at.is_not(None))))
        collected = wait_for(db, started, "mail collected", lambda: db.session.scalar(
            select(InboundMessage).where(InboundMessage.outcome != Outcome.RECEIVED)))
    finally:
        started.stop()

    assert escalation.to_addr == "rrc@exemple.fr"
    assert escalation.subject.startswith(f"[{number}] Délai de prise en charge dépassé")
    assert db.session.get(Ticket, late_id).sla_breached
    assert collected.outcome is Outcome.CREATED, started.output()
    assert collected.ticket.subject == "Badge refusé"
    subjects = [message_from_bytes(path.read_bytes(), policy=default)["Subject"]
                for path in started.outbox.glob("*.eml")]
    assert escalation.subject in subjects
    assert db.session.scalar(select(OutboxMessage).where(
        OutboxMessage.category == "sla").order_by(OutboxMessage.id.desc())).id == escalation.id, (
        "the sweep ran every second but escalated once")
    beat_log = (tmp_path / "beat.log").read_text()
    assert "Sending due task sla-sweep (tickets.sla_sweep)" in beat_log
