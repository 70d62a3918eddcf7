"""Sign-in sessions kept on the server: each login is a row whose token the cookies carry.

Flask-Login stores ``User.get_id()``, "<user id>:<session id>.<token>", in the session and in
the remember cookie; the loader accepts it only while that row is unrevoked and unexpired.
Logging out revokes the row, so a copied cookie dies with it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, or_, select, update

from portal.extensions import db
from portal.models import LoginSession, User

_KEY = re.compile(r"^(\d{1,10}):(\d{1,10})\.([A-Za-z0-9_-]{20,100})$")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _attach(user: User, row: LoginSession, token: str) -> User:
    user.login_key = f"{row.id}.{token}"
    user.current_session = row
    return user


def open_session(user: User, ip: str | None, user_agent: str | None, remember: bool,
                 now: datetime) -> LoginSession:
    """Record a new sign-in of the user and make get_id() name it."""
    token = secrets.token_urlsafe(32)
    row = LoginSession(user_id=user.id, token_hash=_hash(token), created_at=now,
                       last_seen_at=now, ip=(ip or "")[:45], user_agent=(user_agent or "")[:300],
                       remember=remember)
    db.session.add(row)
    db.session.flush()
    _attach(user, row, token)
    return row


def is_live(row: LoginSession, now: datetime) -> bool:
    """Unrevoked, within the remember duration, and (unless remembered) recently used."""
    config = current_app.config
    if row.revoked_at is not None or now >= row.created_at + config["REMEMBER_COOKIE_DURATION"]:
        return False
    return row.remember or now < row.last_seen_at + timedelta(hours=config["SESSION_IDLE_HOURS"])


def load_user(user_id: str, now: datetime) -> User | None:
    """The active user a session or remember cookie names, if its sign-in is still live."""
    match = _KEY.match(user_id or "")
    if match is None:
        return None
    uid, sid, token = int(match[1]), int(match[2]), match[3]
    row = db.session.get(LoginSession, sid)
    if row is None or row.user_id != uid or not hmac.compare_digest(row.token_hash, _hash(token)):
        return None
    user = db.session.get(User, uid)
    if user is None or not user.is_active or not is_live(row, now):
        return None
    _touch(row, now)
    return _attach(user, row, token)


def _touch(row: LoginSession, now: datetime) -> None:
    """Note the session's use at most once a minute, on a connection of its own."""
    if (now - row.last_seen_at).total_seconds() < current_app.config["SESSION_TOUCH_SECONDS"]:
        return
    with db.engine.begin() as connection:
        connection.execute(update(LoginSession).where(LoginSession.id == row.id)
                           .values(last_seen_at=now))
    db.session.expire(row, ["last_seen_at"])


def revoke(row: LoginSession, now: datetime) -> None:
    """End one sign-in."""
    if row.revoked_at is None:
        row.revoked_at = now
    db.session.flush()


def revoke_all(user: User, now: datetime) -> None:
    """End every sign-in of the user and rotate the security stamp (ending password links)."""
    db.session.execute(update(LoginSession)
                       .where(LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
                       .values(revoked_at=now))
    user.session_version += 1
    db.session.flush()


def list_live(user: User, now: datetime) -> list[LoginSession]:
    """The user's sign-ins still in force, the most recently used first."""
    rows = db.session.scalars(select(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.revoked_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc()))
    return [row for row in rows if is_live(row, now)]


def get_own_session(user: User, session_id: int) -> LoginSession | None:
    """One of the user's own sign-ins, or None (another user's is not found)."""
    row = db.session.get(LoginSession, session_id)
    return row if row is not None and row.user_id == user.id else None


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iPhone"),
            ("iPad", "iPad"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def describe_agent(user_agent: str) -> tuple[str, str]:
    """Summarise a User-Agent as (browser, system); empty strings when unknown."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    return browser, system


def purge_ended(now: datetime) -> int:
    """Delete the sign-ins that ended over a day ago; the security log keeps their history."""
    # Ended: revoked, past the remember duration, or idle too long without "remember me".
    config = current_app.config
    cutoff = now - timedelta(days=1)
    ended = or_(
        LoginSession.revoked_at < cutoff,
        LoginSession.created_at < cutoff - config["REMEMBER_COOKIE_DURATION"],
        and_(LoginSession.remember.is_(False), LoginSession.last_seen_at
             < cutoff - timedelta(hours=config["SESSION_IDLE_HOURS"])))
    return db.session.execute(delete(LoginSession).where(ended)).rowcount

