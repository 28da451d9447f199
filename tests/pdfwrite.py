"""Small PDFs written by hand, for fixtures, the benchmark and the soak (no library needed)."""
from __future__ import annotations

from bot.web.pdf import pdf_file  # noqa: F401  (one writer of the file structure, for the letters and the fixtures)


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi (cp1252): ( ) and \\ escaped, other bytes in octal."""
    out = bytearray(b"(")
    for b in text.encode("cp1252", "replace"):
        if b in b"()\\":
            out += b"\\" + bytes([b])
        elif 32 <= b < 127:
            out.append(b)
        else:
            out += b"\\%03o" % b
    return bytes(out + b")")
