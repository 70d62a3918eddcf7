"""Where a mailbox may point: IMAP servers other than this machine, Maildirs under known roots.

A mailbox's host and folder are typed in the portal; without these checks they would let the
portal probe its own services (Redis, PostgreSQL), a cloud metadata endpoint (169.254.169.254),
or read any Maildir on the server.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

from flask import current_app


class RefusedTarget(Exception):
    """The host resolves to an address the portal must not connect to."""


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return (ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast
            or ip.is_reserved)


def check_imap_target(host: str, port: int) -> None:
    """Raise RefusedTarget if any address of the host is internal to this machine."""
    if current_app.config["IMAP_ALLOW_LOOPBACK"]:
        return
    try:
        addresses = [host] if _is_literal(host) else [
            info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]
    except (socket.gaierror, UnicodeError):
        return  # an unknown name: the connection itself will fail, with a plain error
    if any(_forbidden(address) for address in addresses):
        raise RefusedTarget(f"{host} is a loopback, link-local or reserved address")


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def maildir_roots() -> list[str]:
    """The folders under which a Maildir may be read (PORTAL_MAILDIR_ROOTS)."""
    config = current_app.config
    roots = config["MAILDIR_ROOTS"] or str(Path(config["MAILDIR"]).resolve().parent)
    return [os.path.realpath(root) for root in roots.split(os.pathsep) if root]


def maildir_allowed(path: str) -> bool:
    """An absolute path that, links resolved, lies under one of the roots."""
    if not os.path.isabs(path) or "\0" in path:
        return False
    real = os.path.realpath(path)
    return any(real == root or real.startswith(root + os.sep) for root in maildir_roots())
