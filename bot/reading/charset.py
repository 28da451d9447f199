"""Bytes to text when the declared charset is missing, wrong or unknown."""
from __future__ import annotations

import codecs

from bot import patterns

# Names seen in real mail that Python does not know, or knows under another name.
_ALIASES = {
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-unknown": "",
    "unknown": "",
    "unknown-8bit": "",
    "x-user-defined": "",
    "default": "",
    "ansi_x3.4-1968": "ascii",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "ks_c_5601-1987": "cp949",
    "x-mac-roman": "mac_roman",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "windows-874": "cp874",
    "x-sjis": "shift_jis",
    "latin-9": "iso-8859-15",
}

# Charsets whose bytes often look like valid UTF-8 by chance; trust them as declared.
_MULTIBYTE = ("shift_jis", "euc", "iso2022", "iso-2022", "gb", "big5", "cp949", "cp932", "cp950", "utf-16", "utf-32", "hz")


def normalize_charset(name: str | None) -> str:
    """A codec name Python knows for `name`, or "" when unknown or absent."""
    if not name:
        return ""
    key = name.strip().strip('"\'').lower()
    key = _ALIASES.get(key, key)
    if not key:
        return ""
    try:
        return codecs.lookup(key).name
    except (LookupError, ValueError):  # ValueError: a name with a NUL byte in it
        return ""


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data`, preferring valid UTF-8 over a wrongly declared single-byte charset."""
    if not data:
        return ""
    charset = normalize_charset(declared)
    if charset and any(charset.startswith(m) for m in _MULTIBYTE):
        return data.decode(charset, errors="replace")
    if data.isascii():
        return data.decode("ascii")
    # Valid non-ASCII UTF-8 is rarely an accident: it beats a declared latin-1/cp125x.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset and charset not in ("utf-8", "ascii"):
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    if charset in ("", "utf-8", "ascii", "iso8859-1", "latin-1"):
        # Undeclared or mis-declared 8-bit mail is almost always Windows Latin.
        return data.decode("cp1252", errors="replace")
    return data.decode(charset, errors="replace")


# Raw 8-bit bytes that the email package kept as surrogates.
SURROGATES = patterns.compile("[\udc80-\udcff]")


def unsurrogate(value: str) -> str:
    """Recover raw 8-bit header bytes that the email package kept as surrogates."""
    if value.isascii() or not SURROGATES.search(value):
        return value
    return decode_bytes(value.encode("utf-8", errors="surrogateescape"))
