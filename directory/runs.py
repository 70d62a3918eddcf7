"""A sync from start to end: read the whole directory, then apply it; the edges commit.

The directory is read completely before anything is written, and everything is written in the
caller's one transaction: a sync cut off half-way (server down, network cut) changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from directory.ldap import DirectoryError, LdapSource
from directory.models import DirectorySettings, DirectorySync, SyncStatus, get_settings
from directory.services import Figures, apply_people, build_mapping, map_entries
from portal import audit
from portal.extensions import db

logger = logging.getLogger(__name__)
STALE_RUN = timedelta(hours=2)  # a run 'running' longer than this died with its worker


def make_source(settings: DirectorySettings) -> LdapSource:
    """The configured directory; the bind password comes from the environment only."""
    return LdapSource(settings.url, settings.bind_dn, current_app.config["LDAP_BIND_PASSWORD"],
                      settings.base_dn, settings.user_filter, build_mapping(settings),
                      page_size=settings.page_size, start_tls=settings.start_tls,
                      allow_loopback=current_app.config["LDAP_ALLOW_LOOPBACK"])


def sync_directory(settings: DirectorySettings, source, now: datetime,
                   on_read: Callable[[int], None] | None = None,
                   on_apply: Callable[[int], None] | None = None) -> Figures:
    """Read every entry, then create / update / disable; raise DirectoryError before writing."""
    figures = Figures()
    entries = list(source.read(on_read))
    people = map_entries(entries, source.mapping, figures)
    return apply_people(people, settings, now, figures, on_apply)


def queue_run(requested_by_id: int | None, now: datetime) -> DirectorySync:
    """Record a sync asked for; the worker picks it up."""
    run = DirectorySync(status=SyncStatus.QUEUED, requested_by_id=requested_by_id,
                        queued_at=now)
    db.session.add(run)
    db.session.flush()
    return run


def get_active_run(now: datetime) -> DirectorySync | None:
    """A run queued or running (and not stale), if any."""
    return db.session.scalar(select(DirectorySync).where(
        DirectorySync.status.in_((SyncStatus.QUEUED, SyncStatus.RUNNING)),
        DirectorySync.queued_at > now - STALE_RUN).order_by(DirectorySync.id.desc()).limit(1))


def is_sync_due(settings: DirectorySettings | None, now: datetime) -> bool:
    """A directory is configured with an interval, and its last run is that old."""
    if settings is None or not settings.is_configured or settings.sync_interval_minutes <= 0:
        return False
    if get_active_run(now) is not None:
        return False
    last = db.session.scalar(select(DirectorySync.queued_at).order_by(
        DirectorySync.id.desc()).limit(1))
    return last is None or now - last >= timedelta(minutes=settings.sync_interval_minutes)


def execute_run(run: DirectorySync, clock: Callable[[], datetime],
                on_read=None, on_apply=None) -> DirectorySync:
    """Run a recorded sync: commits 'running', then the changes with the figures, or nothing."""
    settings = get_settings()
    run.status, run.started_at = SyncStatus.RUNNING, clock()
    db.session.commit()
    try:
        if settings is None or not settings.is_configured:
            raise DirectoryError("aucun annuaire n'est configuré")
        figures = sync_directory(settings, make_source(settings), clock(), on_read, on_apply)
    except (DirectoryError, ValueError, SQLAlchemyError) as error:
        db.session.rollback()
        run = db.session.get(DirectorySync, run.id)
        run.status, run.finished_at, run.errors = SyncStatus.FAILED, clock(), 1
        run.messages = [f"Synchronisation interrompue, rien n'a été modifié : {error}"]
        db.session.commit()
        return run
    _record(run, figures)
    run.status, run.finished_at = SyncStatus.DONE, clock()
    db.session.commit()
    for kind, detail in figures.audit:
        audit.record(kind, f"annuaire : {detail}", actor="annuaire")
    logger.info("directory sync %s: %s", run.id, figures.summary())
    return run


def _record(run: DirectorySync, figures: Figures) -> None:
    for name in ("read", "created", "updated", "disabled", "unchanged", "conflicts", "errors",
                 "entities_created"):
        setattr(run, name, getattr(figures, name))
    run.messages = figures.messages
