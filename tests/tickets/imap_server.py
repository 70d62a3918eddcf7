"""A throw-away Dovecot IMAP server for the tests, with helpers to fill and inspect it."""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

USER, PASSWORD = "dsi", "secret"
CONFIG = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
first_valid_gid = 1
default_internal_user = {internal}
default_internal_group = {group}
default_login_user = {login}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
_FLAGS = re.compile(rb"UID (\d+) FLAGS \(([^)]*)\)|FLAGS \(([^)]*)\) UID (\d+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DovecotServer:
    """Our own Dovecot on a loopback port, one user, Maildir storage under a fixed directory."""

    def __init__(self, root: Path | None = None) -> None:
        # Not pytest's tmp_path (0700): the dovecot and mail users must traverse every parent.
        self.root = root or Path(f"/tmp/portal-test-dovecot-{os.getpid()}")
        self.conf = self.root / "dovecot.conf"
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 10.0) -> DovecotServer:
        shutil.rmtree(self.root, ignore_errors=True)
        if os.geteuid() == 0:
            internal, group, login, uid, gid = "dovecot", "dovecot", "dovenull", "mail", "mail"
        else:  # an unprivileged run: every process as ourselves
            internal = login = uid = pwd.getpwuid(os.getuid()).pw_name
            group = gid = grp.getgrgid(os.getgid()).gr_name
        for sub in ("run", "state", "mail", "home"):
            (self.root / sub).mkdir(parents=True)
        self.root.chmod(0o755)
        for sub in ("mail", "home"):
            shutil.chown(self.root / sub, uid, gid)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (self.root / "passwd").chmod(0o644)
        self.conf.write_text(CONFIG.format(root=self.root, port=self.port, internal=internal,
                                           group=group, login=login, uid=uid, gid=gid))
        with open(self.root / "stdout.log", "wb") as out:  # never a pipe: it would block
            self.process = subprocess.Popen(["dovecot", "-F", "-c", str(self.conf)],
                                            stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.02)
        logs = self.logs()
        self.stop()
        raise RuntimeError(f"dovecot did not listen on 127.0.0.1:{self.port}:\n{logs}")

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in (
            self.root / "stdout.log", self.root / "dovecot.log") if path.exists())

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    def doveadm(self, *args: str) -> str:
        done = subprocess.run(["doveadm", "-c", str(self.conf), *args], capture_output=True,
                              text=True, timeout=30, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"doveadm {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def reset(self) -> None:
        """Empty INBOX and delete every other folder."""
        for name in sorted(self.doveadm("mailbox", "list", "-u", USER).splitlines(), reverse=True):
            if name != "INBOX":
                self.doveadm("mailbox", "delete", "-u", USER, "-s", name)
        self.doveadm("expunge", "-u", USER, "mailbox", "*", "all")

    def connect(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def append(self, raw: bytes, folder: str = "INBOX", flags: str = "") -> int:
        """APPEND a message (imaplib turns bare LF into CRLF); return its UID."""
        client = self.connect()
        try:
            typ, data = client.append(folder, f"({flags})" if flags else None, None, raw)
            assert typ == "OK", data
            return int(re.search(rb"APPENDUID \d+ (\d+)", data[-1]).group(1))
        finally:
            client.logout()

    def messages(self, folder: str = "INBOX") -> dict[int, set[str]]:
        """The folder's messages: UID -> flags, read without changing anything."""
        client = self.connect()
        try:
            typ, data = client.select(folder, readonly=True)
            assert typ == "OK", data
            if data[0] == b"0":
                return {}
            typ, data = client.uid("FETCH", "1:*", "(UID FLAGS)")
            assert typ == "OK", data
            found = {}
            for line in data:
                match = _FLAGS.search(line if isinstance(line, bytes) else line[0])
                uid, flags = (match.group(1), match.group(2)) if match.group(1) else (
                    match.group(4), match.group(3))
                found[int(uid)] = set(flags.decode().split())
            return found
        finally:
            client.logout()

    def raw(self, uid: int, folder: str = "INBOX") -> bytes:
        """A message's bytes as the server gives them back (BODY.PEEK[], nothing changed)."""
        client = self.connect()
        try:
            client.select(folder, readonly=True)
            typ, data = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
            assert typ == "OK", data
            assert isinstance(data[0], tuple), data
            return data[0][1]
        finally:
            client.logout()

    def set_flags(self, uid: int, flags: str, folder: str = "INBOX") -> None:
        """Add flags as another mail client would, without expunging anything."""
        client = self.connect()
        try:
            client.select(folder)
            typ, data = client.uid("STORE", str(uid), "+FLAGS", f"({flags})")
            assert typ == "OK", data
        finally:
            client.logout()

    def uidvalidity(self, folder: str = "INBOX") -> int:
        out = self.doveadm("mailbox", "status", "-u", USER, "uidvalidity", folder)
        return int(out.split("=")[1])
