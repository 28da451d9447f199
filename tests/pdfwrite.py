"""Small PDFs written by hand, for fixtures, the benchmark and the soak (no library needed)."""
from __future__ import annotations


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


def pdf_file(objects: list[bytes], header: bytes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n") -> bytes:
    """A PDF of `objects` numbered from 1 (object 1 is the catalog), with its xref table."""
    out = bytearray(header)
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
