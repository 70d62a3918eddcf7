"""Bodies, uploads and replies are bounded: a body limit per route, a daily quota, a rate limit."""

import io

import pytest
from sqlalchemy import func, select
from werkzeug.wrappers.request import Request

from portal.enums import Role
from tickets.models import Attachment, TicketMessage

MB = 1024 * 1024


class CountingStream(io.RawIOBase):
    """A huge body made on demand, counting what the server reads of it."""

    def __init__(self, size: int):
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = self.size + offset if whence == 2 else offset
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.position)
        buffer[:count] = b"a" * count
        self.position += count
        self.read_bytes += count
        return count


@pytest.fixture
def no_spooling(monkeypatch):
    """Fail if the form parser opens a file to spool an upload into."""
    opened = []
    monkeypatch.setattr(Request, "_get_file_stream",
                        lambda self, *args, **kwargs: opened.append(args) or io.BytesIO())
    return opened


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_an_anonymous_500_mb_post_to_sign_in_is_refused_before_being_read(
        client, no_spooling, declared):
    body = CountingStream(500 * MB)
    headers = {"Content-Type": "multipart/form-data; boundary=xyz"}
    # A chunked body announces no length: the server marks the stream as terminated instead.
    environ = {} if declared else {"CONTENT_LENGTH": "", "wsgi.input_terminated": True}
    response = client.post("/connexion", input_stream=body, headers=headers,
                           environ_overrides=environ)
    assert response.status_code == 413
    assert "trop volumineux" in response.text
    assert "64 Ko" in response.text, "the page says how much is accepted"
    assert body.read_bytes <= 128 * 1024, "at most the limit is read"
    assert no_spooling == [], "nothing is written to a temporary file"


def test_a_signed_in_form_without_files_is_capped_lower_than_uploads(client, login_as):
    login_as(Role.RELATIONS_MANAGER)
    bulky = {"name": "é" * (2 * MB)}
    assert client.post("/comites/actions/nouvelle", data=bulky).status_code == 413


def upload(size: int, name: str = "photo.jpg") -> tuple:
    return io.BytesIO(b"x" * size), name


# The test client spools a multipart body over 500 KB to a file it never closes: the files
# below stay smaller, and the limits are lowered to match.
KB = 1024


def test_routes_with_files_take_the_upload_cap_and_the_others_the_form_cap(
        app, client, login_as, make_ticket, monkeypatch):
    monkeypatch.setitem(app.config, "FORM_MAX_BYTES", 100 * KB)
    monkeypatch.setitem(app.config, "UPLOAD_MAX_BYTES", 300 * KB)
    user = login_as(Role.REQUESTER)
    ticket = make_ticket(requester=user)
    url = f"/demandes/{ticket.number}/message"
    sent = client.post(url, data={"body": "Voici la capture.", "attachments": [upload(200 * KB)]})
    assert sent.status_code == 302
    too_big = client.post(url, data={"body": "x", "attachments": [upload(400 * KB)]})
    assert too_big.status_code == 413
    assert "300 Ko" in too_big.text


def test_the_daily_attachment_quota_refuses_with_a_clear_message_next_to_the_field(
        app, db, client, login_as, make_ticket, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_QUOTA_BYTES", 1 * MB)
    user = login_as(Role.REQUESTER)
    ticket = make_ticket(requester=user)
    url = f"/demandes/{ticket.number}/message"
    for _ in range(2):
        assert client.post(url, data={"body": "Suite.", "attachments": [
            upload(400 * KB)]}).status_code == 302
    refused = client.post(url, data={"body": "Encore.", "attachments": [upload(400 * KB)]})
    assert refused.status_code == 422
    assert "il vous reste 0,2 Mo" in refused.text
    assert "réessayez demain" in refused.text
    assert db.session.scalar(select(func.count(Attachment.id))) == 2
    assert db.session.scalar(select(func.count(TicketMessage.id)).where(
        TicketMessage.body_text == "Encore.")) == 0
    assert client.post(url, data={"body": "Sans fichier."}).status_code == 302


def test_agents_have_their_own_higher_quota(app, client, login_as, make_ticket, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_QUOTA_BYTES", 100 * KB)
    login_as(Role.AGENT)
    ticket = make_ticket()
    sent = client.post(f"/demandes/{ticket.number}/repondre", data={
        "body": "Le pilote corrigé.", "attachments": [upload(200 * KB, "pilote.zip")]})
    assert sent.status_code == 302


def test_replies_are_rate_limited_like_new_requests(client, login_as, make_ticket):
    user = login_as(Role.REQUESTER)
    ticket = make_ticket(requester=user)
    statuses = [client.post(f"/demandes/{ticket.number}/message",
                            data={"body": f"Relance {n}"}).status_code for n in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
