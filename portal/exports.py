"""Files built in the worker (PDFs, spreadsheets): the job row, its progress and its file."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import JSON, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.enums import ExportStatus, db_enum
from portal.extensions import db
from portal.models import User
from portal.timeutil import UTCDateTime, utcnow

logger = logging.getLogger(__name__)
KEEP_FOR = timedelta(days=7)
PENDING_FOR = timedelta(minutes=10)  # a cached build asked longer ago than this was lost
ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)
LOST_AFTER = timedelta(hours=1)  # far beyond the task's time limit: its worker died with it


@dataclass
class ExportFile:
    data: bytes
    filename: str
    content_type: str


# kind -> builder(job, progress) returning the file; features register theirs at start-up.
Builder = Callable[["ExportJob", Callable[[int, int, str], None]], ExportFile]
BUILDERS: dict[str, Builder] = {}


def register_builder(kind: str, builder: Builder) -> None:
    BUILDERS[kind] = builder


class ExportJob(db.Model):
    """A file someone asked for, built by the worker, downloadable by them for a week."""

    __tablename__ = "export_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[ExportStatus] = mapped_column(db_enum(ExportStatus, "export_status"),
                                                 default=ExportStatus.QUEUED)
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    step: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(100), default="")
    stored_as: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)


def export_dir() -> Path:
    folder = Path(current_app.config["VAR_DIR"]) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start_export(kind: str, user: User, now: datetime, **params) -> ExportJob:
    """Record the request; the edge commits, then sends run_export with the job's id.

    A user has one export of a kind in preparation at a time: while one is queued or running,
    asking again (the same file or another of that kind) gives back that job, not a new one.
    """
    if kind not in BUILDERS:
        raise KeyError(kind)
    # Lock the user's row so that two simultaneous requests cannot both start a job.
    db.session.execute(select(User.id).where(User.id == user.id).with_for_update())
    running = get_active_export(kind, user, now)
    if running is not None:
        return running
    job = ExportJob(kind=kind, user=user, params=params, created_at=now)
    db.session.add(job)
    db.session.flush()
    return job


def get_active_export(kind: str, user: User, now: datetime) -> ExportJob | None:
    """The user's export of this kind still queued or running (and not lost), if any."""
    return db.session.scalar(select(ExportJob).where(
        ExportJob.user_id == user.id, ExportJob.kind == kind, ExportJob.status.in_(ACTIVE),
        ExportJob.created_at >= now - LOST_AFTER).order_by(ExportJob.id.desc()).limit(1))


def run_export(job: ExportJob, commit: Callable[[], None]) -> None:
    """Build the file, committing progress as it goes; a second run of a finished job is a no-op."""
    if job.is_finished:
        return
    job.status, job.step = ExportStatus.RUNNING, ""
    commit()

    def progress(done: int, total: int, step: str) -> None:
        job.done, job.total, job.step = done, total, step[:200]
        commit()

    try:
        built = BUILDERS[job.kind](job, progress)
    except Exception as exc:  # the user sees the failure on the job's page; details go to logs
        logger.exception("Export %s (%s) failed", job.id, job.kind)
        job.status, job.error, job.finished_at = ExportStatus.FAILED, type(exc).__name__, utcnow()
        commit()
        return
    job.stored_as = f"{job.id}-{secrets.token_hex(8)}"
    (export_dir() / job.stored_as).write_bytes(built.data)
    job.filename, job.content_type = built.filename, built.content_type
    job.status, job.finished_at, job.done = ExportStatus.DONE, utcnow(), job.total
    commit()


def file_path(job: ExportJob) -> Path | None:
    path = export_dir() / job.stored_as if job.stored_as else None
    return path if path is not None and path.is_file() else None


def cache_key(*parts: str) -> str:
    """A file name for a cached build: the digest of what it was built from."""
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def cache_dir() -> Path:
    folder = export_dir() / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached_file(key: str) -> Path | None:
    """The cached build for this key, if it was built."""
    path = cache_dir() / f"{key}.bin"
    return path if path.is_file() else None


def store_cached(key: str, data: bytes) -> Path:
    """Write a cached build atomically: a reader sees the whole file or none."""
    path = cache_dir() / f"{key}.bin"
    partial = path.with_suffix(f".{secrets.token_hex(4)}.part")
    partial.write_bytes(data)
    os.replace(partial, path)
    path.with_suffix(".pending").unlink(missing_ok=True)
    return path


def claim_cached_build(key: str, now: datetime) -> bool:
    """Whether the caller should ask for this build: False while one asked recently is pending."""
    marker = cache_dir() / f"{key}.pending"
    try:
        asked = datetime.fromtimestamp(marker.stat().st_mtime, now.tzinfo)
    except FileNotFoundError:
        asked = None
    if asked is not None and now - asked < PENDING_FOR:
        return False
    marker.touch()
    return True


def _purge_cache(now: datetime) -> None:
    for path in cache_dir().iterdir():
        if datetime.fromtimestamp(path.stat().st_mtime, now.tzinfo) < now - KEEP_FOR:
            path.unlink(missing_ok=True)


def purge_old_exports(now: datetime) -> int:
    """Delete the files and rows of exports older than a week, and old cached builds."""
    _purge_cache(now)
    old = db.session.scalars(select(ExportJob).where(ExportJob.created_at < now - KEEP_FOR))
    count = 0
    for job in old:
        path = file_path(job)
        if path is not None:
            path.unlink()
        db.session.delete(job)
        count += 1
    db.session.flush()
    return count
