"""Sources of raw mail (I/O only): a Maildir, an IMAP folder, files to import."""

from __future__ import annotations

import logging
import mailbox as stdlib_mailbox
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass
class RawItem:
    """One message as found at its source, before anything is decided about it."""

    raw: bytes
    source: str
    uid: int | None = None
    uidvalidity: int | None = None
    handle: object = None
    release_error: str = ""


class MaildirSource:
    """A Maildir an MTA delivers into: read new/, then move each message to cur/ once kept."""

    def __init__(self, path: str | Path, limit: int = 500) -> None:
        self.root = Path(path)
        self.limit = limit

    def __enter__(self) -> MaildirSource:
        for sub in ("new", "cur", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc) -> None:
        return None

    def items(self) -> Iterator[RawItem]:
        names = sorted(entry.name for entry in os.scandir(self.root / "new")
                       if entry.is_file() and not entry.name.startswith("."))
        for name in names[: self.limit]:
            path = self.root / "new" / name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue  # taken by another consumer
            yield RawItem(raw=raw, source=f"maildir:{name}", handle=path)

    def release(self, item: RawItem) -> None:
        path: Path = item.handle
        target = self.root / "cur" / (path.name.split(":", 1)[0] + ":2,S")
        try:
            os.replace(path, target)
        except FileNotFoundError:
            logger.info("Maildir message %s already moved", path.name)


_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")


class FileSource:
    """`.eml` files, Maildirs and mbox files to import once; the files are left untouched."""

    def __init__(self, paths: list[str | Path]) -> None:
        self.paths = [Path(path) for path in paths]

    def __enter__(self) -> FileSource:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def items(self) -> Iterator[RawItem]:
        for path in self.paths:
            yield from self._expand(path)

    def count(self) -> int:
        """How many messages the paths hold (for a progress bar)."""
        return sum(self._count(path) for path in self.paths)

    def _count(self, path: Path) -> int:
        if path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir():
            return sum(1 for sub in ("cur", "new") for child in (path / sub).iterdir()
                       if child.is_file())
        if path.is_dir():
            return sum(self._count(child) for child in path.iterdir()
                       if child.is_dir() or _looks_like_mail(child))
        if path.is_file() and _is_mbox(path):
            box = stdlib_mailbox.mbox(path, create=False)
            try:
                return len(box.keys())
            finally:
                box.close()
        return 1 if path.is_file() else 0

    def _expand(self, path: Path) -> Iterator[RawItem]:
        if path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir():
            for sub in ("cur", "new"):
                for child in sorted((path / sub).iterdir()):
                    if child.is_file():
                        yield RawItem(raw=child.read_bytes(), source=str(child))
        elif path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_dir() or (child.is_file() and _looks_like_mail(child)):
                    yield from self._expand(child)
        elif path.is_file() and _is_mbox(path):
            box = stdlib_mailbox.mbox(path, create=False)
            try:
                for index, key in enumerate(box.iterkeys()):
                    yield RawItem(raw=box.get_bytes(key), source=f"{path}#{index + 1}")
            finally:
                box.close()
        elif path.is_file():
            yield RawItem(raw=path.read_bytes(), source=str(path))

    def release(self, item: RawItem) -> None:
        return None


def _looks_like_mail(path: Path) -> bool:
    """Whether a file found in a folder starts as a mail or an mbox does."""
    # A file named on the command line is always imported; one found in a folder beside the
    # mail (notes, a manifest, an expected-output text) is not taken for a mail.
    if path.suffix.lower() in (".eml", ".msg", ".mbox", ".mbx"):
        return True
    with path.open("rb") as handle:
        head = handle.read(1024).lstrip(b"\r\n")
    return head.startswith(b"From ") or _HEADER_LINE.match(head) is not None


def _is_mbox(path: Path) -> bool:
    if path.suffix.lower() in (".eml", ".msg"):
        return False
    with path.open("rb") as handle:
        return handle.read(5) == b"From "
