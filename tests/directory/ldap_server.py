"""A throw-away OpenLDAP server (Debian's slapd) for the tests, loaded with a generated company."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.directory.company import SERVICE_DN, SUFFIX, build_people, company_ldif

ROOT_DN, ROOT_PASSWORD = f"cn=admin,{SUFFIX}", "secret"
SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof
pidfile {root}/slapd.pid
argsfile {root}/slapd.args
database mdb
maxsize 268435456
suffix "{suffix}"
rootdn "{rootdn}"
rootpw {rootpw}
directory {root}/data
index objectClass eq
index entryUUID eq
index uid,mail eq
overlay memberof
# A plain search by the portal's account stops at 500 entries: only a paged search reads all.
limits dn.exact="{service}" size.soft=500 size.hard=500 size.prtotal=unlimited
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SlapdServer:
    """Our own slapd on a loopback port: mdb backend, slapd.conf, data under a fixed directory."""

    def __init__(self, root: Path | None = None, size: int = 2100) -> None:
        # A fixed directory, not pytest's tmp_path: the same path is reused between runs.
        self.root = root or Path(f"/tmp/portal-test-slapd-{os.getpid()}")
        self.conf = self.root / "slapd.conf"
        self.port = free_port()
        self.people = build_people(size)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    def load(self) -> SlapdServer:
        """Write the configuration and load the company offline with slapadd (about a second)."""
        shutil.rmtree(self.root, ignore_errors=True)
        (self.root / "data").mkdir(parents=True)
        self.conf.write_text(CONFIG.format(root=self.root, suffix=SUFFIX, rootdn=ROOT_DN,
                                           rootpw=ROOT_PASSWORD, service=SERVICE_DN))
        ldif = self.root / "company.ldif"
        ldif.write_text(company_ldif(self.people), encoding="utf-8")
        done = subprocess.run([SLAPADD, "-q", "-f", str(self.conf), "-l", str(ldif)],
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"slapadd failed: {done.stderr[-2000:]}")
        return self

    def start(self, timeout: float = 15.0) -> SlapdServer:
        with open(self.root / "slapd.log", "ab") as out:  # never a pipe: it would block
            self.process = subprocess.Popen(
                [SLAPD, "-d", "0", "-f", str(self.conf), "-h", f"{self.url}/"],
                stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.02)
        logs = (self.root / "slapd.log").read_text(errors="replace")
        self.stop()
        raise RuntimeError(f"slapd did not listen on {self.url}:\n{logs[-3000:]}")

    def stop(self) -> None:
        """Stop the server; its data stays for a restart."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        """Kill the server at once, as a crash or a network cut would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def admin(self):
        """An ldap3 connection bound as the directory's administrator, to change entries."""
        import ldap3

        return ldap3.Connection(ldap3.Server(self.url), ROOT_DN, ROOT_PASSWORD, auto_bind=True,
                                raise_exceptions=True)
