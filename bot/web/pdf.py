"""A plain letter as a PDF (A4, Helvetica, WinAnsi), written without a library.

Enough for the visa support letter: paragraphs wrapped to the page, several pages when
needed. Letters outside Windows-1252 are written as their base letter ("ć" as "c")."""
from __future__ import annotations

import unicodedata
import zlib

WIDTH, HEIGHT, MARGIN = 595, 842, 72
SIZE, LEADING = 11, 15
# Helvetica advance widths (per 1000 units) of the printable ASCII range; others count 556.
_WIDTHS = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
           556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
           500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
           556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
           278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]
_FALLBACK = {"Đ": "D", "đ": "d", "Ł": "L", "ł": "l", "ı": "i", "Ħ": "H", "ħ": "h", "ŀ": "l", "“": '"', "”": '"'}


def _winansi(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
            continue
        except UnicodeEncodeError:
            pass
        base = _FALLBACK.get(ch) or "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out += base.encode("cp1252", "replace") if base else b"?"
    return bytes(out)


def _width(text: str) -> float:
    return sum(_WIDTHS[ord(c) - 32] if 32 <= ord(c) < 127 else 556 for c in text) * SIZE / 1000


def _lines(text: str) -> list[str]:
    usable = WIDTH - 2 * MARGIN
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and _width(candidate) > usable:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _escape(data: bytes) -> bytes:
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def letter(text: str, title: str = "Letter") -> bytes:
    """`text` (paragraphs separated by line ends) as a PDF document."""
    lines = _lines(text.strip("\n"))
    per_page = (HEIGHT - 2 * MARGIN) // LEADING
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    objects: list[bytes] = []
    n_pages = len(pages)
    # 1 catalog, 2 pages, 3 font, 4 info, then per page: page object, content stream.
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n_pages)).encode()
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title (" + _escape(_winansi(title)) + b") /Producer (intake) >>")
    for i, page in enumerate(pages):
        stream = bytearray(b"BT /F1 %d Tf %d TL %d %d Td\n" % (SIZE, LEADING, MARGIN, HEIGHT - MARGIN))
        for line in page:
            stream += b"(" + _escape(_winansi(line)) + b") Tj T*\n"
        stream += b"ET\n"
        packed = zlib.compress(bytes(stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R >>" % (WIDTH, HEIGHT, 6 + 2 * i))
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream")
    return pdf_file(objects, info=4)


def pdf_file(objects: list[bytes], header: bytes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", info: int | None = None) -> bytes:
    """A PDF of `objects` numbered from 1 (object 1 is the catalog, `info` the document
    information), with its cross-reference table."""
    out = bytearray(header)
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    extra = b" /Info %d 0 R" % info if info else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, extra, xref)
    return bytes(out)
