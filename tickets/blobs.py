"""Content-addressed file store for raw e-mails and attachments, written durably."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from flask import current_app

_KNOWN_DIRS: set[Path] = set()


def blob_root() -> Path:
    return Path(current_app.config["BLOB_DIR"])


def blob_path(sha256: str, root: Path | None = None) -> Path:
    """Where the bytes with this hash live (two levels of fan-out)."""
    if len(sha256) != 64 or any(char not in "0123456789abcdef" for char in sha256):
        raise ValueError("not a sha256 hex digest")
    return (root or blob_root()) / sha256[:2] / sha256[2:4] / sha256


def put_blob(data: bytes, root: Path | None = None) -> str:
    """Store bytes under their sha256 (fsync then atomic rename); return the hash."""
    digest = hashlib.sha256(data).hexdigest()
    path = blob_path(digest, root)
    if path.exists() and path.stat().st_size == len(data):
        return digest
    if path.parent not in _KNOWN_DIRS:
        path.parent.mkdir(parents=True, exist_ok=True)
        _KNOWN_DIRS.add(path.parent)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return digest


def read_blob(sha256: str, root: Path | None = None) -> bytes:
    return blob_path(sha256, root).read_bytes()
