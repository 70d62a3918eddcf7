"""Decode mail text the way mail clients do: WHATWG encoding labels, then safe fallbacks."""

from __future__ import annotations

import codecs
import re

import webencodings

FALLBACK_CHARSETS = ("utf-8", "windows-1252")
# Supersets of what the WHATWG table names: GBK text is GB18030, and Microsoft's ISO-2022-JP
# (CP50220/50221) carries NEC and IBM characters (①, ㈱) that only cp932 maps.
SUPERSETS = {"gbk": "gb18030", "iso2022_jp": "x-iso-2022-jp-ms"}
# Labels WHATWG does not list but mail clients still send and Python reads correctly.
EXTRA_LABELS = {"utf-7", "utf7", "unicode-1-1-utf-7", "x-unicode-2-0-utf-7", "iso-2022-jp-2",
                "iso-2022-jp-3", "iso-2022-jp-ext", "euc-jis-2004", "cp850", "ibm850", "cp437",
                "ibm437", "cp852", "ibm852", "iso-8859-16", "utf-32", "cp949"}
_C1 = re.compile("[\x80-\x9f]")
_ESCAPE = re.compile(rb"\x1b(\(B|\(J|\(I|\$@|\$B|\$\(D|\$\(Q|\$\(O)")


def codec_for(label: str | None) -> str | None:
    """The decoder name for a charset label as mail clients read it, or None if unknown."""
    if not label:
        return None
    label = str(label).strip().strip("\"'").strip()
    found = webencodings.lookup(label)
    if found is not None:
        if found.name == "replacement":  # ISO-2022-KR, HZ: WHATWG refuses them (XSS vectors)
            return None
        name = found.codec_info.name
        return SUPERSETS.get(name, name)
    if label.lower() not in EXTRA_LABELS:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def fix_c1(text: str) -> str:
    """Read C1 control characters as the windows-1252 characters they were meant to be."""
    if not _C1.search(text):
        return text
    return _C1.sub(lambda found: bytes([ord(found.group())]).decode("cp1252", "ignore"), text)


def _windows_1252(data: bytes, lossy: bool = False) -> str:
    # Python leaves five bytes undefined where WHATWG maps C1 controls: neither is text.
    return data.decode("cp1252", "ignore" if lossy else "strict")


def _iso2022_jp_ms(data: bytes) -> str:
    """ISO-2022-JP with Microsoft's extensions (CP50220/50221), through cp932."""
    try:
        return data.decode("iso2022_jp_ext")  # the common case, in C
    except UnicodeDecodeError:
        pass
    out, mode, start = [], b"(B", 0
    for found in [*_ESCAPE.finditer(data), None]:
        end = found.start() if found else len(data)
        out.append(_segment(data[start:end], mode))
        if found:
            mode, start = found.group(1), found.end()
    return "".join(out)


def _segment(chunk: bytes, mode: bytes) -> str:
    if mode in (b"$B", b"$@", b"$(Q", b"$(O"):
        sjis = bytearray()
        for index in range(0, len(chunk) - 1, 2):
            first, second = chunk[index], chunk[index + 1]
            if not (0x21 <= first <= 0x7e and 0x21 <= second <= 0x7e):
                raise UnicodeDecodeError("iso-2022-jp", chunk, index, index + 2, "not JIS")
            # JIS X 0208 row/cell to Shift_JIS bytes.
            lead = (first + 1) // 2 + (0x70 if first <= 0x5e else 0xb0)
            if first % 2:
                trail = second + (0x1f if second <= 0x5f else 0x20)
            else:
                trail = second + 0x7e
            sjis += bytes([lead, trail])
        if len(chunk) % 2:
            raise UnicodeDecodeError("iso-2022-jp", chunk, len(chunk) - 1, len(chunk), "odd")
        return bytes(sjis).decode("cp932")
    if mode == b"(I":
        return bytes(byte | 0x80 for byte in chunk).decode("cp932")
    if mode == b"$(D":
        return b"".join(b"\x8f" + bytes([chunk[i] | 0x80, chunk[i + 1] | 0x80])
                        for i in range(0, len(chunk) - 1, 2)).decode("euc_jp")
    if any(byte > 0x7f for byte in chunk):
        return chunk.decode("cp932")  # 8-bit text in an ISO-2022-JP mail is Shift_JIS
    return chunk.decode("ascii")


def strict_decode(data: bytes, codec: str) -> str:
    """Decode with one codec name from codec_for; raise UnicodeDecodeError if it does not fit."""
    if codec == "x-iso-2022-jp-ms":
        return _iso2022_jp_ms(data)
    if codec == "cp1252":
        return _windows_1252(data)
    return data.decode(codec)


def decode_bytes(data: bytes, declared: str | None = None,
                 notes: list[str] | None = None) -> str:
    """Decode with the declared charset, else the first fallback that fits; never raises."""
    codec = codec_for(declared)
    if codec:
        try:
            return fix_c1(strict_decode(data, codec))
        except (UnicodeDecodeError, LookupError, ValueError):
            pass
    for fallback in FALLBACK_CHARSETS:
        try:
            text = strict_decode(data, codec_for(fallback))
        except UnicodeDecodeError:
            continue
        if notes is not None and declared and codec_for(fallback) != codec:
            notes.append(f"charset {str(declared)[:40]!r} read as {fallback}")
        return fix_c1(text)
    if notes is not None:
        notes.append(f"charset {str(declared)[:40]!r} read as windows-1252 with losses")
    return fix_c1(_windows_1252(data, lossy=True))
