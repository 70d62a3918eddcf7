"""Private servers for bench/soak.py: PostgreSQL, Redis, an SMTP sink and the Celery processes.

Each listens on a free loopback port and keeps its files under the soak's own directory, so
the machine's shared PostgreSQL and Redis are never touched.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_port(port: int, process: subprocess.Popen | None, what: str, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on 127.0.0.1:{port}")


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda path: int(path.split("/")[4]))
    return found[-1] if found else (shutil.which(name) or name)


class PostgresServer:
    """A throw-away cluster (initdb) on a free port; run as `postgres` when we are root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.socket_dir = root / "socket"
        self.log = root / "postgres.log"
        self.port = free_port()
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/portal_soak"

    def _run(self, *command: str, timeout: float = 120) -> None:
        done = subprocess.run([*self.as_owner, *command], capture_output=True, text=True,
                              timeout=timeout, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)}: {done.stdout}{done.stderr}")

    def start(self) -> PostgresServer:
        self.root.mkdir(parents=True)
        self.socket_dir.mkdir()
        if self.as_owner:
            for path in (self.root, self.socket_dir):
                shutil.chown(path, "postgres", "postgres")
        self._run(_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        self._pg_ctl("start")
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres",
                             dbname="postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE portal_soak")
        return self

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        self._run(_pg_bin("pg_ctl"), action, "-D", str(self.data), "-l", str(self.log), "-w",
                  "-o", options, *extra)

    def restart(self, mode: str = "immediate") -> None:
        """Stop (immediate: as a crash, recovered at start) and start again."""
        self._pg_ctl("restart", "-m", mode)

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(_pg_bin("pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w")


class RedisServer:
    """redis-server on a free port, no persistence: a restart loses every queued task."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.log = root / "redis.log"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.root.mkdir(parents=True, exist_ok=True)
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                   "--save", "", "--appendonly", "no", "--dir", str(self.root),
                   "--logfile", str(self.log)]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, self.process, "redis-server")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough ESMTP for smtplib: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 soak-sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 soak-sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(line.decode("ascii", "replace").split(":", 1)[-1].strip())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.sink.accept(self._data(), recipients)
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP and anything else
                self.reply("250 OK")

    def _data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


class SmtpSink:
    """An SMTP server that accepts every message and counts deliveries per Message-ID."""

    def __init__(self) -> None:
        self.port = free_port()
        self.lock = threading.Lock()
        self.deliveries: Counter[str] = Counter()
        self.received: list[tuple[str, bytes]] = []
        server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), _SmtpHandler)
        server.daemon_threads = True
        server.sink = self
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, name="smtp-sink",
                                       daemon=True)

    def start(self) -> SmtpSink:
        self.thread.start()
        return self

    def accept(self, raw: bytes, recipients: list[str]) -> None:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
        message_id = str(headers.get("Message-ID", "")).strip()
        with self.lock:
            self.deliveries[message_id] += 1
            if self.deliveries[message_id] == 1:
                self.received.append((message_id, raw))

    def snapshot(self) -> list[tuple[str, bytes]]:
        with self.lock:
            return list(self.received)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class CeleryProcess:
    """`celery -A worker.app worker|beat` in its own process group, restartable after a kill."""

    def __init__(self, command: list[str], env: dict, log: Path, name: str) -> None:
        self.command, self.env, self.log, self.name = command, env, log, name
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.started_at = datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as stored

    def start(self) -> None:
        self.starts += 1
        self.started_at = datetime.now(UTC).replace(tzinfo=None)
        with self.log.open("ab") as out:
            out.write(f"\n=== soak: start #{self.starts} of the {self.name}\n".encode())
            out.flush()
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "worker.app", *self.command], cwd=ROOT,
                env=self.env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: no warm shutdown, nothing acknowledged."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process is not None:
            self.process.wait()

    def stop(self, timeout: float = 60) -> None:
        """Warm shutdown (SIGTERM) as a supervisor would; kill only if it hangs."""
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
