"""An IMAP folder as a mail source: read with BODY.PEEK[], let go by UID after the commit."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from datetime import timedelta

from imap_tools import MailBox, MailBoxUnencrypted
from imap_tools.errors import MailboxFetchError, MailboxFlagError
from imap_tools.utils import check_command_status

from tickets.mailbox.fetch import RawItem
from tickets.mailbox.models import Mailbox
from tickets.mailbox.targets import check_imap_target

logger = logging.getLogger(__name__)
TIMEOUT = 30
_FETCH_UID = re.compile(rb"\bUID (\d+)\b")
# Keep-on-server mode marks what it took with a private keyword, not \Seen: people reading
# the shared box in a mail client must not hide a message from the portal.
DONE_KEYWORD = "$PortalDone"


class ImapSource:
    """One IMAP folder: unseen mail (keep on server) or all of it (move to a processed folder)."""

    def __init__(self, mailbox: Mailbox, limit: int = 500) -> None:
        self.mailbox = mailbox
        self.folder = mailbox.folder or "INBOX"
        self.processed = mailbox.processed_folder
        self.limit = limit
        self.uidvalidity = 0
        self.done_flag = DONE_KEYWORD
        self.mb: MailBox | MailBoxUnencrypted | None = None

    def __enter__(self) -> ImapSource:
        box = self.mailbox
        kind = MailBox if box.use_tls else MailBoxUnencrypted
        check_imap_target(box.host, box.port)
        logger.info("Connecting to IMAP %s:%s as %s", box.host, box.port, box.username)
        self.mb = kind(box.host, box.port, timeout=TIMEOUT)
        try:
            self.mb.login(box.username, box.password, initial_folder=self.folder)
            # The SELECT done by login() left the folder's UIDVALIDITY among the responses.
            selected = self.mb.client.untagged_responses.get("UIDVALIDITY")
            self.uidvalidity = int(selected[-1]) if selected else self.mb.folder.status(
                self.folder, ["UIDVALIDITY"])["UIDVALIDITY"]
            # SELECT's PERMANENTFLAGS says whether the folder takes new keywords (\*).
            permanent = self.mb.client.untagged_responses.get("PERMANENTFLAGS") or [b""]
            self.done_flag = DONE_KEYWORD if b"\\*" in permanent[-1] else r"\Seen"
            self._refresh_capabilities()
            if self.processed and not self.mb.folder.exists(self.processed):
                self.mb.folder.create(self.processed)
                logger.info("Created IMAP folder %s", self.processed)
        except BaseException:
            self._logout()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self._logout()

    def _logout(self) -> None:
        try:
            self.mb.logout()
        except Exception:  # noqa: BLE001  (the poll is over; a dead connection is fine)
            logger.debug("IMAP logout failed", exc_info=True)
            with contextlib.suppress(Exception):
                self.mb.client.shutdown()

    def _refresh_capabilities(self) -> None:
        """Re-read CAPABILITY: Dovecot lists MOVE and UIDPLUS only once logged in."""
        client = self.mb.client
        typ, data = client.capability()
        if typ == "OK" and data and data[-1]:
            client.capabilities = tuple(str(data[-1], "ascii", "replace").upper().split())

    def items(self) -> Iterator[RawItem]:
        # A message someone marked \Deleted is on its way out: neither ingest nor move it.
        criteria = "UNDELETED"
        if not self.processed:
            # Mail from before the box was configured is history, not requests.
            since = (self.mailbox.created_at - timedelta(days=1)).strftime("%d-%b-%Y")
            unseen = "UNSEEN" if self.done_flag == r"\Seen" else f"UNKEYWORD {self.done_flag}"
            criteria = f"{unseen} UNDELETED SINCE {since}"
        uids = self.mb.uids(criteria, charset=None)
        for uid in sorted(uids, key=int)[: self.limit]:
            raw = self._fetch(uid)
            if raw is None:
                logger.info("IMAP message %s:%s vanished before it was read", self.folder, uid)
                continue
            yield RawItem(raw=raw, source=f"imap:{self.folder}:{uid}", uid=int(uid),
                          uidvalidity=int(self.uidvalidity))

    def _fetch(self, uid: str) -> bytes | None:
        """The message's bytes exactly as stored, without setting \\Seen."""
        result = self.mb.client.uid("FETCH", uid, "(BODY.PEEK[])")
        check_command_status(result, MailboxFetchError)
        for part in result[1]:
            # ((b'3 (UID 7 BODY[] {771}', b'<raw>'), b')'; unsolicited FLAGS updates are plain bytes
            if isinstance(part, tuple) and b"BODY[]" in part[0]:
                found = _FETCH_UID.search(part[0])
                if found is None or found.group(1) == uid.encode():
                    return part[1]
        return None

    def release(self, item: RawItem) -> None:
        """Let go of a stored message: a single UID MOVE, or our keyword in keep mode."""
        uid = str(item.uid)
        if not self.processed:
            # Not mb.flag(): imap-tools 1.16 follows every STORE with a folder-wide EXPUNGE.
            result = self.mb.client.uid("STORE", uid, "+FLAGS", f"({self.done_flag})")
            check_command_status(result, MailboxFlagError)
        elif "MOVE" in self.mb.client.capabilities:
            self.mb.move([uid], self.processed)
        else:
            # No MOVE: copy, then mark \Deleted and leave the expunge to the server's owner.
            self.mb.copy([uid], self.processed)
            result = self.mb.client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
            check_command_status(result, MailboxFlagError)
            logger.warning("IMAP server lacks MOVE: message %s copied, flagged \\Deleted, "
                           "not expunged", uid)
