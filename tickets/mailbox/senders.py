"""Who a mail really comes from: pure checks of sender authentication, no database.

``Authentication-Results`` (RFC 8601) is read only from the authserv-ids our own MTA stamps:
anyone can add such a header to a mail, so the others are ignored.
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from email import policy

_COMMENT = re.compile(r"\([^()]*\)")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_PAIR = re.compile(r"([A-Za-z0-9_.-]+)\s*=\s*(\S+)")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_MAX_HEAD = 256 * 1024


@dataclass(frozen=True)
class Result:
    """One method's verdict, e.g. dkim=pass with its properties (header.d=exemple.fr)."""

    method: str
    result: str
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthResults:
    authserv_id: str
    results: tuple[Result, ...]


def split_list(value: str) -> set[str]:
    """A comma-separated configuration value as a set of lower-case names."""
    return {part.strip().lower() for part in (value or "").split(",") if part.strip()}


def header_values(raw: bytes, name: str) -> list[str]:
    """Every value of one header of a raw mail, topmost first (the body is not read)."""
    found = _HEAD_END.search(raw, 0, _MAX_HEAD)
    head = raw[:found.start() if found else _MAX_HEAD]
    try:
        message = email.message_from_bytes(head + b"\n\n", policy=policy.compat32)
        return [str(value) for value in message.get_all(name) or []]
    except Exception:  # noqa: BLE001  (a broken header is no evidence either way)
        return []


def parse_auth_results(value: str) -> AuthResults | None:
    """Read one Authentication-Results value; None when it has no authserv-id."""
    text = " ".join(value.split())
    while _COMMENT.search(text):
        text = _COMMENT.sub(" ", text)
    text = _QUOTED.sub('""', text)
    head, *parts = text.split(";")
    words = head.split()
    if not words:
        return None
    results = []
    for part in parts:
        pairs = _PAIR.findall(part)
        if not pairs:
            continue
        (method, result), properties = pairs[0], dict(pairs[1:])
        results.append(Result(method.lower().split("/")[0], result.lower(),
                              {key.lower(): val.lower().strip("<>") for key, val in
                               properties.items()}))
    return AuthResults(words[0].lower(), tuple(results))


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".")


def _aligned(domain: str, other: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    other = _domain(other) if "@" in other else other.strip().lower().rstrip(".")
    return bool(other) and (domain == other or domain.endswith("." + other)
                            or other.endswith("." + domain))


def is_own_domain(address: str, own_domains: set[str]) -> bool:
    domain = _domain(address)
    return any(domain == own or domain.endswith("." + own) for own in own_domains)


def trusted_results(values: list[str], trusted_ids: set[str]) -> AuthResults | None:
    """The topmost Authentication-Results stamped by one of our own authserv-ids."""
    for value in values:
        parsed = parse_auth_results(value)
        if parsed is not None and parsed.authserv_id in trusted_ids:
            return parsed
    return None


def passes(results: AuthResults, from_addr: str) -> bool:
    """DMARC passed; without a DMARC result, DKIM or SPF passed aligned with the From domain."""
    domain = _domain(from_addr)
    dmarc = [result for result in results.results if result.method == "dmarc"]
    if dmarc:
        return any(result.result == "pass" for result in dmarc)
    for result in results.results:
        if result.result != "pass":
            continue
        if result.method == "dkim" and _aligned(
                domain, result.properties.get("header.d", "")
                or result.properties.get("header.i", "")):
            return True
        if result.method == "spf" and _aligned(
                domain, result.properties.get("smtp.mailfrom", "")
                or result.properties.get("smtp.mail", "")):
            return True
        if result.method == "auth":  # sent through our own authenticated submission
            return True
    return False


def is_spoofed(from_addr: str, auth_values: list[str], trusted_ids: set[str],
               own_domains: set[str]) -> bool:
    """Mail claiming one of our own domains that our MTA could not authenticate."""
    if not trusted_ids or not own_domains or not is_own_domain(from_addr, own_domains):
        return False
    results = trusted_results(auth_values, trusted_ids)
    return results is not None and not passes(results, from_addr)


def is_party(address: str, requester_email: str, participants: list[str]) -> bool:
    """The requester or someone explicitly put in copy: only they may add to a request."""
    address = address.strip().lower()
    return bool(address) and (address == requester_email.strip().lower()
                              or address in {p.strip().lower() for p in participants})
