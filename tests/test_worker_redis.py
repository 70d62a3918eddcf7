"""End to end: a task sent through Redis makes a real Celery worker send the outbox."""

import os
import signal
import subprocess
import sys
import time
import uuid
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
import redis
from celery import Celery

from portal.enums import Role
from portal.outbox import OutboxMessage, queue_mail
from portal.timeutil import utcnow
from tests.conftest import need

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
    """A real ``celery worker`` process consuming one private queue, its output in a file."""

    def __init__(self, database_url: str, tmp_path: Path) -> None:
        self.queue = f"portal-test-{uuid.uuid4().hex[:12]}"
        self.outbox = tmp_path / "outbox"
        self.log = tmp_path / "worker.log"
        env = os.environ | {
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_BROKER_URL": REDIS_URL,
            "PORTAL_VAR_DIR": str(tmp_path / "var"),
            "PORTAL_OUTBOX_DIR": str(self.outbox),
            "PORTAL_SMTP_HOST": "",  # empty means unset: write .eml files, never use SMTP
            "PORTAL_CELERY_EAGER": "",
        }
        command = [sys.executable, "-m", "celery", "-A", "worker.app", "worker",
                   "--pool", "solo", "--loglevel", "INFO", "-Q", self.queue,
                   "--hostname", f"{self.queue}@%h",
                   "--without-mingle", "--without-gossip", "--without-heartbeat"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                            stdout=log, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        """Warm shutdown (SIGTERM), as a supervisor would; kill only if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with broker_client() as client, client.connection_for_write() as connection:
            # kombu deletes only the bindings it knows on this channel: declare, then delete.
            queue = client.amqp.queues[self.queue].bind(connection.default_channel)
            queue.declare()
            queue.delete()


@pytest.fixture
def worker(db, database_url, tmp_path):
    need(redis_answers(REDIS_URL),
         f"no Redis answering at PORTAL_TEST_REDIS_URL={REDIS_URL or '(unset)'}")
    started = Worker(database_url, tmp_path)
    yield started
    started.stop()


def wait_until_sent(db, message_id: int, worker: Worker) -> OutboxMessage:
    """Poll the database with a fresh session until the worker has sent the message."""
    deadline = time.monotonic() + DEADLINE
    while True:
        db.session.remove()
        message = db.session.get(OutboxMessage, message_id)
        if message.sent_at is not None:
            return message
        returncode = worker.process.poll()
        assert returncode is None, f"worker exited with {returncode}:\n{worker.output()}"
        assert time.monotonic() < deadline, (
            f"message not sent after {DEADLINE:.0f} s:\n{worker.output()}")
        time.sleep(0.2)


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
    from sqlalchemy import select

    from tests.tickets_factories import make_mail
    from tickets.enums import Outcome
    from tickets.mailbox.models import InboundMessage

    maildir = tmp_path / "boite"
    mailbox_id = make_mailbox(path=str(maildir)).id
    (maildir / "new").mkdir(parents=True)
    (maildir / "new" / "1700000000.M1P1.intranet").write_bytes(
        make_mail("claire.martin@exemple.fr", "Imprimante en panne"))

    with broker_client() as sender:
        sender.send_task("tickets.poll_mailboxes", queue=worker.queue)

    deadline = time.monotonic() + DEADLINE
    while True:
        db.session.remove()
        row = db.session.scalar(select(InboundMessage).where(
            InboundMessage.mailbox_id == mailbox_id))
        if row is not None and row.outcome is not Outcome.RECEIVED:
            break
        assert worker.process.poll() is None, worker.output()
        assert time.monotonic() < deadline, f"mail not collected:\n{worker.output()}"
        time.sleep(0.2)
    assert row.outcome is Outcome.CREATED, worker.output()
    assert row.ticket.subject == "Imprimante en panne"
    assert list((maildir / "new").iterdir()) == []
    assert [path.name for path in (maildir / "cur").iterdir()] == [
        "1700000000.M1P1.intranet:2,S"]
