"""The only module that talks to the directory server (ldap3): bind, paged search, samples."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import socket
import ssl
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import ldap3
from ldap3.core.exceptions import LDAPException

from directory.mapping import Mapping

logger = logging.getLogger(__name__)
CONNECT_TIMEOUT = 10
RECEIVE_TIMEOUT = 60
BINARY_IDS = {"objectguid"}


class DirectoryError(Exception):
    """The directory could not be read to the end (unreachable, refused, limit hit...)."""


def check_target(url: str) -> None:
    """Refuse a server on this machine, link-local (cloud metadata) or reserved addresses.

    The address is typed in the portal: unchecked, it would let the portal probe its own
    services (Redis, PostgreSQL) or a metadata endpoint.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (636 if parts.scheme == "ldaps" else 389)
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port,
                                                               proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError, ValueError):
        return  # an unknown name or a bad port: the connection fails with a plain error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast \
                or ip.is_reserved:
            raise DirectoryError(f"adresse refusée (boucle locale, lien local ou réservée) : "
                                 f"{host}")


def to_entry(raw: dict) -> dict:
    """A search result as a plain entry: lower-case attribute names, lists of strings."""
    attributes = {}
    for name, items in raw.get("raw_attributes", {}).items():
        key = name.casefold()
        if key in BINARY_IDS:
            attributes[key] = [str(uuid.UUID(bytes_le=item)) if len(item) == 16
                               else item.hex() for item in items]
        else:
            attributes[key] = [item.decode("utf-8", "replace") for item in items]
    return {"dn": raw.get("dn", ""), "attributes": attributes}


def _close(connection: ldap3.Connection) -> None:
    """Unbind, and close the socket ldap3 leaves open when the server went away."""
    with contextlib.suppress(LDAPException, OSError):
        connection.unbind()
    if connection.socket is not None:
        connection.socket.close()


class LdapSource:
    """A configured directory, read with a paged search by the bind account."""

    def __init__(self, url: str, bind_dn: str, password: str | None, base_dn: str,
                 user_filter: str, mapping: Mapping, page_size: int = 500,
                 start_tls: bool = False, allow_loopback: bool = False) -> None:
        self.url, self.bind_dn, self.password = url, bind_dn, password
        self.allow_loopback = allow_loopback
        self.base_dn, self.user_filter, self.mapping = base_dn, user_filter, mapping
        self.page_size, self.start_tls = page_size, start_tls

    def _connect(self) -> ldap3.Connection:
        if not self.allow_loopback:
            check_target(self.url)
        tls = ldap3.Tls(validate=ssl.CERT_REQUIRED)
        server = ldap3.Server(self.url, use_ssl=self.url.lower().startswith("ldaps://"),
                              tls=tls, get_info=ldap3.NONE, connect_timeout=CONNECT_TIMEOUT)
        connection = ldap3.Connection(server, self.bind_dn or None, self.password or None,
                                      auto_bind=ldap3.AUTO_BIND_NONE, read_only=True,
                                      raise_exceptions=True, receive_timeout=RECEIVE_TIMEOUT)
        try:
            connection.open()
            if self.start_tls:
                connection.start_tls()
            connection.bind()
        except BaseException:
            _close(connection)
            raise
        return connection

    def read(self, on_entry: Callable[[int], None] | None = None) -> Iterator[dict]:
        """Yield every entry of the filter, page by page; raise DirectoryError on any failure."""
        count = 0
        try:
            connection = self._connect()
            try:
                results = connection.extend.standard.paged_search(
                    self.base_dn, self.user_filter, ldap3.SUBTREE,
                    attributes=self.mapping.attributes(), paged_size=self.page_size,
                    generator=True)
                for raw in results:
                    if raw.get("type") != "searchResEntry":
                        continue  # referrals: not followed
                    count += 1
                    yield to_entry(raw)
                    if on_entry is not None:
                        on_entry(count)
            finally:
                _close(connection)
        except (LDAPException, OSError) as error:
            logger.warning("directory read failed after %d entries: %s", count, error)
            raise DirectoryError(f"{type(error).__name__}: {error}") from error

    def sample(self, count: int = 3) -> list[dict]:
        """The first entries of the filter, for the mapping preview."""
        entries = []
        for entry in self.read():
            entries.append(entry)
            if len(entries) >= count:
                break
        return entries
