"""Run the real pipeline without keeping anything: one transaction rolled back, blobs thrown away.

The outcomes are those a real import would give, since the same code decides them; only
the database transaction and the blob folder differ.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlalchemy.orm import Session

from portal.extensions import db


@contextmanager
def rolled_back() -> Iterator[Session]:
    """Point ``db.session`` at a transaction that is rolled back on exit, whatever happens.

    Commits inside only release savepoints. Raw mails and attachments go to a temporary
    folder deleted on exit, so nothing reaches the blob store; the outbox rows written are
    rolled back with the rest, so nothing is sent.
    """
    config = current_app.config
    blob_dir, scratch = config["BLOB_DIR"], tempfile.mkdtemp(prefix="portail-essai-")
    connection = db.engine.connect()
    driver = connection.connection.driver_connection
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # pysqlite opens transactions lazily, so a first SAVEPOINT would be the outermost one
        # and its RELEASE would commit: open the transaction ourselves.
        isolation, driver.isolation_level = driver.isolation_level, None
    outer = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    previous = db.session.registry()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      autoflush=True, expire_on_commit=previous.expire_on_commit)
    db.session.registry.set(session)
    config["BLOB_DIR"] = scratch
    try:
        yield session
    finally:
        config["BLOB_DIR"] = blob_dir
        db.session.registry.set(previous)
        session.close()
        outer.rollback()
        if sqlite:
            driver.isolation_level = isolation
        connection.close()
        shutil.rmtree(scratch, ignore_errors=True)
