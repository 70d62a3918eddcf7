"""Files built in the worker (PDFs, spreadsheets): the job row, its progress and its file."""

from __future__ import annotations

import logging
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
    """Record the request; the edge commits, then sends run_export with the job's id."""
    if kind not in BUILDERS:
        raise KeyError(kind)
    job = ExportJob(kind=kind, user=user, params=params, created_at=now)
    db.session.add(job)
    db.session.flush()
    return job


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


def purge_old_exports(now: datetime) -> int:
    """Delete the files and rows of exports older than a week."""
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
