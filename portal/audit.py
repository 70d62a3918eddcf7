"""The security audit log: who signed in, failed, was refused, exported or downloaded what.

An event holds who, when, from where, what kind and a short detail; never a mail body, a
password, a token or a survey answer. Events are written on their own connection so that
recording a refusal never commits, nor depends on, the refused request's work.
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import ForeignKey, String, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import LabelledEnum, db_enum
from portal.extensions import db
from portal.queries import escape_like
from portal.timeutil import UTCDateTime, utcnow

logger = logging.getLogger("portal.audit")
PAGE_SIZE = 50
DETAIL_LENGTH = 300


class AuditKind(LabelledEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSWORD_RESET_ASKED = "password_reset_asked"
    PASSWORD_CHANGED = "password_changed"
    ACCOUNT_CREATED = "account_created"
    ROLES_CHANGED = "roles_changed"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    REFUSED = "refused"
    CSRF_FAILED = "csrf_failed"
    RATE_LIMITED = "rate_limited"
    EXPORT = "export"
    RAW_MAIL_DOWNLOAD = "raw_mail_download"
    RAW_MAIL_PURGED = "raw_mail_purged"
    SESSION_REVOKED = "session_revoked"
    SESSIONS_REVOKED = "sessions_revoked"

    LABELS = enum.nonmember({
        "login": _l("Connexion"),
        "login_failed": _l("Échec de connexion"),
        "logout": _l("Déconnexion"),
        "password_reset_asked": _l("Lien de mot de passe demandé"),
        "password_changed": _l("Mot de passe changé"),
        "account_created": _l("Compte créé"),
        "roles_changed": _l("Rôles modifiés"),
        "account_disabled": _l("Compte désactivé"),
        "account_enabled": _l("Compte réactivé"),
        "refused": _l("Accès refusé"),
        "csrf_failed": _l("Jeton CSRF invalide"),
        "rate_limited": _l("Trop de tentatives"),
        "export": _l("Export"),
        "raw_mail_download": _l("Courriel brut téléchargé"),
        "raw_mail_purged": _l("Courriels bruts purgés"),
        "session_revoked": _l("Session déconnectée"),
        "sessions_revoked": _l("Déconnexion partout"),
    })


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[AuditKind] = mapped_column(db_enum(AuditKind, "audit_kind"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str] = mapped_column(String(254), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")
    method: Mapped[str] = mapped_column(String(10), default="")
    path: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(String(DETAIL_LENGTH), default="")

    user = relationship("User")


def _clean(value: str | None, length: int) -> str:
    """One line of printable text, cut to the column's length."""
    text = "".join(ch if ch.isprintable() else " " for ch in (value or ""))
    return text[:length]


def record(kind: AuditKind, detail: str = "", *, user=None, actor: str | None = None,
           now: datetime | None = None) -> None:
    """Write one event, on its own connection, and log it."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    values = {
        "occurred_at": now or utcnow(),
        "kind": kind,
        "user_id": getattr(user, "id", None),
        "actor": _clean(actor if actor is not None else getattr(user, "email", ""), 254),
        "detail": _clean(detail, DETAIL_LENGTH),
        "ip": "", "method": "", "path": "",
    }
    if has_request_context():
        values.update(ip=_clean(request.remote_addr, 45), method=request.method[:10],
                      path=_clean(request.path, 300))
    try:
        with db.engine.begin() as connection:
            connection.execute(insert(AuditEvent).values(**values))
    except SQLAlchemyError:
        logger.exception("could not store the audit event %s", kind.value)
    logger.info("%s user=%s actor=%s ip=%s %s %s %s", kind.value, values["user_id"],
                values["actor"], values["ip"], values["method"], values["path"],
                values["detail"])


def search(kind: str = "", term: str = "", page: int = 1):
    """Page through events, newest first, filtered by kind and by actor or path."""
    query = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if kind in AuditKind._value2member_map_:
        query = query.where(AuditEvent.kind == AuditKind(kind))
    if term.strip():
        like = f"%{escape_like(term.strip().lower())}%"
        query = query.where(db.func.lower(AuditEvent.actor).like(like, escape="\\")
                            | db.func.lower(AuditEvent.path).like(like, escape="\\")
                            | AuditEvent.ip.like(like, escape="\\"))
    return db.paginate(query, page=max(page, 1), per_page=PAGE_SIZE, error_out=False)
