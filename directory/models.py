"""The directory connection and mapping, each sync run, and each account's link to its entry."""

from __future__ import annotations

import enum
import json
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import LabelledEnum, db_enum
from portal.extensions import db
from portal.models import Entity, User
from portal.timeutil import UTCDateTime, utcnow

MAX_MESSAGES = 200


class SyncStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    LABELS = enum.nonmember({
        "queued": _l("En attente du traitement"),
        "running": _l("En cours"),
        "done": _l("Terminée"),
        "failed": _l("Échec : rien n'a été modifié"),
    })


class DirectorySettings(db.Model):
    """The one directory connection and its attribute mapping (the bind password is not here)."""

    __tablename__ = "directory_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(255), default="")
    start_tls: Mapped[bool] = mapped_column(default=False)
    bind_dn: Mapped[str] = mapped_column(String(255), default="")
    base_dn: Mapped[str] = mapped_column(String(255), default="")
    user_filter: Mapped[str] = mapped_column(String(500), default="(objectClass=inetOrgPerson)")
    page_size: Mapped[int] = mapped_column(default=500)
    attr_id: Mapped[str] = mapped_column(String(64), default="entryUUID")
    attr_email: Mapped[str] = mapped_column(String(64), default="mail")
    attr_first_name: Mapped[str] = mapped_column(String(64), default="givenName")
    attr_last_name: Mapped[str] = mapped_column(String(64), default="sn")
    attr_phone: Mapped[str] = mapped_column(String(64), default="telephoneNumber")
    attr_title: Mapped[str] = mapped_column(String(64), default="title")
    attr_entity: Mapped[str] = mapped_column(String(64), default="")  # empty: the OU path
    attr_manager: Mapped[str] = mapped_column(String(64), default="manager")
    attr_groups: Mapped[str] = mapped_column(String(64), default="memberOf")
    disabled_attribute: Mapped[str] = mapped_column(String(64), default="employeeType")
    disabled_value: Mapped[str] = mapped_column(String(128), default="disabled")
    role_groups: Mapped[str] = mapped_column(Text, default="")
    entity_parent_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"))
    sync_interval_minutes: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entity_parent: Mapped[Entity | None] = relationship()

    @property
    def is_configured(self) -> bool:
        return bool(self.url and self.base_dn)


class DirectorySync(db.Model):
    """One sync run and its figures; a failed run changed nothing."""

    __tablename__ = "directory_syncs"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[SyncStatus] = mapped_column(db_enum(SyncStatus, "directory_sync_status"),
                                               default=SyncStatus.QUEUED, index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    disabled: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    conflicts: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    entities_created: Mapped[int] = mapped_column(default=0)
    messages_json: Mapped[str] = mapped_column(Text, default="[]")

    requested_by: Mapped[User | None] = relationship()

    @property
    def messages(self) -> list[str]:
        return json.loads(self.messages_json or "[]")

    @messages.setter
    def messages(self, value: list[str]) -> None:
        self.messages_json = json.dumps(value[:MAX_MESSAGES], ensure_ascii=False)


class DirectoryLink(db.Model):
    """An account's directory entry, and the values the last sync wrote to each field."""

    __tablename__ = "directory_links"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    directory_id: Mapped[str] = mapped_column(String(64), unique=True)
    dn: Mapped[str] = mapped_column(String(1000), default="")
    synced_json: Mapped[str] = mapped_column(Text, default="{}")
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()

    @property
    def synced(self) -> dict:
        """Field -> the value the directory last wrote; a differing field was edited by hand."""
        return json.loads(self.synced_json or "{}")

    @synced.setter
    def synced(self, value: dict) -> None:
        self.synced_json = json.dumps(value, ensure_ascii=False, sort_keys=True)


def get_settings() -> DirectorySettings | None:
    """Return the directory settings, or None when no directory was ever configured."""
    return db.session.scalar(select(DirectorySettings).order_by(DirectorySettings.id).limit(1))


def get_link(user: User) -> DirectoryLink | None:
    """Return the account's directory link, None for a local account."""
    return db.session.get(DirectoryLink, user.id)


def list_runs(limit: int = 10) -> list[DirectorySync]:
    """The latest sync runs, newest first."""
    return list(db.session.scalars(
        select(DirectorySync).order_by(DirectorySync.id.desc()).limit(limit)))
