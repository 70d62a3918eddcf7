"""Read address headers strictly: a display name is never an address (CVE-2023-27043)."""

from __future__ import annotations

import re

# RFC 5322 atext, plus any non-ASCII character (RFC 6532 internationalised addresses).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u0080-\U0010ffff]+"
_QUOTED = r'"[^"\\\r\n]*"'
_LOCAL = re.compile(rf"(?:{_ATOM}|{_QUOTED})(?:\.+(?:{_ATOM}|{_QUOTED}))*")
_ALNUM = r"A-Za-z0-9\u0080-\U0010ffff"
_LABEL = rf"[{_ALNUM}](?:[{_ALNUM}\-]*[{_ALNUM}])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?")
_LOOKS_LIKE_ADDRESS = re.compile(r"\S@\S")
_ROUTE = re.compile(r"^(?:@[^,:<>]+,?)+:")
MAX_ADDRESSES = 200


def valid_address(addr: str) -> bool:
    """True for one plain addr-spec (local@domain) and nothing else."""
    local, at, domain = addr.rpartition("@")
    return bool(at) and len(addr) <= 254 and _LOCAL.fullmatch(local) is not None \
        and _DOMAIN.fullmatch(domain) is not None and len(local) <= 64 * 4


def _scan(value: str) -> tuple[list[str], bool] | None:
    """Split at top-level commas, outside quotes, comments and angle brackets.

    Return the pieces and whether a group (``name: a, b;``) was seen; None if unbalanced.
    """
    pieces, current, depth, quoted, angle, group = [], [], 0, False, False, False
    index = 0
    while index < len(value):
        char = value[index]
        if quoted:
            if char == "\\" and index + 1 < len(value):
                current.append(value[index:index + 2])
                index += 2
                continue
            quoted = char != '"'
        elif depth:
            if char == "\\":
                index += 2
                continue
            depth += {"(": 1, ")": -1}.get(char, 0)
            index += 1
            if depth == 0 and not angle:  # inside <…> a comment joins nothing: drop it
                current.append(" ")
            continue
        elif char == '"':
            quoted = True
        elif char == "(":
            depth = 1
            index += 1
            continue
        elif char == "<":
            if angle:
                return None
            angle = True
        elif char == ">":
            if not angle:
                return None
            angle = False
        elif not angle and char in ":;":
            group = True
            char = ","
        if char == "," and not angle and not quoted:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    if quoted or depth or angle:
        return None
    pieces.append("".join(current))
    return pieces, group


def _unquote(name: str) -> str:
    name = " ".join(name.split())
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name.strip()


def _mailbox(piece: str) -> tuple[str, str] | None:
    """(display name, address) of one mailbox, or None when it is not exactly one."""
    piece = piece.strip()
    if "<" not in piece:
        if valid_address(piece):
            return "", piece
        # "Big Bug bb@bug.com": a phrase without any @ before one bare address is unambiguous.
        name, _, addr = piece.rpartition(" ")
        if "@" in name or "@" not in addr or not valid_address(addr):
            return None
        return _unquote(name), addr
    name, _, rest = piece.partition("<")
    addr, _, after = rest.partition(">")
    if after.strip():
        return None
    # Obsolete syntax lets spaces and comments sit around the dots and the @ (RFC 5322 4.4).
    addr = re.sub(r"\s+", "", _ROUTE.sub("", addr.strip()))
    if not valid_address(addr):
        return None
    name = _unquote(name)
    # A name that reads as an address would show as the sender: show the real address.
    return ("" if _LOOKS_LIKE_ADDRESS.search(name) else name, addr)


def parse_addresses(value: str) -> tuple[list[tuple[str, str]], bool]:
    """The valid mailboxes of an address header, and whether the whole value was clean.

    Names are raw (still RFC 2047 encoded): decode them after this split, never before.
    A phrase alone followed by a mailbox ("Martin, Claire <c@x>") is that mailbox's name.
    """
    scanned = _scan(value)
    if scanned is None:
        return [], False
    pieces, group = scanned
    found: list[tuple[str, str]] = []
    clean, phrase = not group, ""
    for piece in pieces:
        if not piece.strip():
            continue
        if "@" not in piece and "<" not in piece:
            phrase = f"{phrase}, {piece.strip()}" if phrase else piece.strip()
            continue
        mailbox = _mailbox(piece)
        if mailbox is None:
            clean = False
        elif phrase and "<" in piece:
            name = _unquote(f"{phrase}, {piece.partition('<')[0].strip()}".rstrip(", "))
            found.append(("" if _LOOKS_LIKE_ADDRESS.search(name) else name, mailbox[1]))
        else:
            clean = clean and not phrase
            found.append(mailbox)
        phrase = ""
    if phrase:
        clean = False
    return found[:MAX_ADDRESSES], clean


def single_mailbox(values: list[str]) -> tuple[str, str] | None:
    """The one mailbox of a From header, or None: several, a group, garbage, or none."""
    if len(values) != 1:
        return None
    found, clean = parse_addresses(values[0])
    return found[0] if clean and len(found) == 1 else None
