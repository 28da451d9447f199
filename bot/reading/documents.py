"""Text layers of attached documents: PDF (pypdf), DOCX (python-docx), RTF.

Every reader is bounded: page and size caps, a deadline checked between pages, and a
fallback to poppler's `pdftotext` in a subprocess with a timeout when pypdf gives up.
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import time
import warnings
import zipfile
from dataclasses import dataclass

MAX_PDF_PAGES = 40
MAX_DOCX_XML_BYTES = 60_000_000  # uncompressed; a zip bomb declares far more
PDF_SECONDS = 15.0

logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass
class PdfText:
    text: str
    pages: int
    error: str = ""
    largest_page: float = 0.0  # the largest page's area in square points (0: unknown)

    @property
    def scanned(self) -> bool:
        """True when the PDF has (almost) no text layer: a scan to OCR."""
        return sum(ch.isalnum() for ch in self.text) < 40


def pdf_text(data: bytes, max_chars: int, seconds: float = PDF_SECONDS) -> PdfText:
    """The text layer of a PDF; `error` says why it could not be read."""
    deadline = time.monotonic() + seconds
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            pages = len(reader.pages)
            chunks: list[str] = []
            total = 0
            largest = 0.0
            for index, page in enumerate(reader.pages):
                if index >= MAX_PDF_PAGES or total > max_chars or time.monotonic() > deadline:
                    break
                try:
                    box = page.mediabox
                    largest = max(largest, abs(float(box.width) * float(box.height)))
                except Exception:  # a page without a readable box: rendering decides
                    pass
                text = page.extract_text() or ""
                chunks.append(text)
                total += len(text)
        return PdfText(_tidy("\n\n".join(chunks)), pages, largest_page=largest)
    except Exception as exc:  # pypdf raises many types on broken files
        fallback = _pdftotext(data, max(1.0, deadline - time.monotonic()))
        if fallback is not None:
            return PdfText(fallback, 1)
        return PdfText("", 0, error=type(exc).__name__)


def _pdftotext(data: bytes, seconds: float) -> str | None:
    """poppler's text of a PDF pypdf could not read, or None."""
    if shutil.which("pdftotext") is None:
        return None
    try:
        done = subprocess.run(
            ["pdftotext", "-l", str(MAX_PDF_PAGES), "-enc", "UTF-8", "-", "-"],
            input=data, capture_output=True, timeout=seconds, check=False,
        )
    except (subprocess.TimeoutExpired, OSError):
        return None
    if done.returncode != 0:
        return None
    return _tidy(done.stdout.decode("utf-8", errors="replace"))


# -- DOCX -------------------------------------------------------------------------------
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph(p) -> str:
    out: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == _W + "t" and el.text:
            out.append(el.text)
        elif tag == _W + "tab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _table(tbl) -> list[str]:
    rows: list[str] = []
    for tr in tbl.iterchildren(_W + "tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(_W + "tc"):
            cells.append(" ".join(_block(tc)).strip())
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append(" | ".join(c.replace("\n", " ") for c in cells))
    return rows


def _block(container) -> list[str]:
    """Paragraph and table lines of a body, cell, header or footer, in document order."""
    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == _W + "p":
            lines.append(_paragraph(child))
        elif child.tag == _W + "tbl":
            lines.extend(_table(child))
        elif child.tag == _W + "sdt":  # content controls wrap paragraphs and tables
            content = child.find(_W + "sdtContent")
            if content is not None:
                lines.extend(_block(content))
    return lines


def _bounded_read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """A member's bytes, in chunks, refusing more than `limit`: the declared size can lie, and
    zipfile's read() inflates the whole stream before it checks (a zip bomb)."""
    out = bytearray()
    with zf.open(info) as f:
        while chunk := f.read(1 << 16):
            out += chunk
            if len(out) > limit:
                raise ValueError("document too large when unpacked")
    return bytes(out)


def docx_text(data: bytes) -> str:
    """Header, body (paragraphs and tables in order) and footer text of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/document.xml" not in zf.namelist():
            raise ValueError("not a Word document")
        if sum(i.file_size for i in zf.infolist() if i.filename.endswith(".xml")) > MAX_DOCX_XML_BYTES:
            raise ValueError("document too large when unpacked")
        budget = MAX_DOCX_XML_BYTES
        for info in zf.infolist():  # the real sizes, before python-docx reads them whole
            budget -= len(_bounded_read(zf, info, budget))
    import docx

    document = docx.Document(io.BytesIO(data))
    headers: list[str] = []
    footers: list[str] = []
    seen: set[int] = set()
    for section in document.sections:
        for attr, target in (("first_page_header", headers), ("header", headers), ("even_page_header", headers),
                             ("first_page_footer", footers), ("footer", footers), ("even_page_footer", footers)):
            try:
                part = getattr(section, attr)
                if part.is_linked_to_previous and attr not in ("header", "footer"):
                    continue
                element = part._element
            except Exception:
                continue
            if id(part.part) in seen:
                continue
            seen.add(id(part.part))
            lines = [ln for ln in _block(element) if ln.strip()]
            if lines:
                target.append("\n".join(lines))
    body = "\n".join(_block(document.element.body))
    return _tidy("\n\n".join([*dict.fromkeys(headers), body, *dict.fromkeys(footers)]))


def docx_text_fallback(data: bytes) -> str:
    """Crude DOCX text when python-docx refuses the file: every w:t, paragraphs on lines."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo("word/document.xml")
        if info.file_size > MAX_DOCX_XML_BYTES:
            raise ValueError("document too large when unpacked")
        xml = _bounded_read(zf, info, MAX_DOCX_XML_BYTES).decode("utf-8", errors="replace")
    xml = re.sub(r"</w:p>", "\n", xml)
    xml = re.sub(r"<w:tab/>", "\t", xml)
    text = re.sub(r"<[^>]+>", "", xml)
    import html

    return _tidy(html.unescape(text))


# -- RTF (TNEF bodies) -----------------------------------------------------------------
def rtf_to_text(rtf: bytes) -> str:
    """Readable text of an RTF body; HTML encapsulated in RTF is de-encapsulated first."""
    if b"\\fromhtml" in rtf[:2000]:
        try:
            from RTFDE.deencapsulate import DeEncapsulator

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                de = DeEncapsulator(rtf)
                de.deencapsulate()
            if de.html:
                from bot.reading.html import html_to_text

                html = de.html if isinstance(de.html, str) else de.html.decode("utf-8", "replace")
                return html_to_text(html)
        except Exception:
            pass
    return _strip_rtf(rtf.decode("latin-1"))


def _strip_rtf(text: str) -> str:
    out: list[str] = []
    stack: list[bool] = []
    skip = False
    i = 0
    n = len(text)
    destinations = {"fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "object", "themedata",
                    "colorschememapping", "datastore", "latentstyles", "listtable", "listoverridetable", "rsidtbl",
                    "generator", "xmlnstbl", "mmathPr", "filetbl", "revtbl"}
    while i < n:
        ch = text[i]
        if ch == "{":
            stack.append(skip)
            i += 1
        elif ch == "}":
            skip = stack.pop() if stack else False
            i += 1
        elif ch == "\\":
            m = re.match(r"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\(.)", text[i:i + 40])
            if not m:
                i += 1
                continue
            i += m.end()
            word, arg, hexcode, sym = m.group(1), m.group(2), m.group(3), m.group(4)
            if skip:
                continue
            if hexcode:
                out.append(bytes([int(hexcode, 16)]).decode("cp1252", errors="replace"))
            elif sym:
                if sym == "*":
                    skip = True
                elif sym in "\\{}":
                    out.append(sym)
                elif sym == "~":
                    out.append(" ")
            elif word in destinations:
                skip = True
            elif word in ("par", "line", "row", "sect", "page"):
                out.append("\n")
            elif word in ("tab", "cell"):
                out.append(" | " if word == "cell" else "\t")
            elif word == "u" and arg:
                code = int(arg)
                out.append(chr(code + 65536 if code < 0 else code))
                if text[i:i + 1] == "?":
                    i += 1
        else:
            if not skip and ch not in "\r\n":
                out.append(ch)
            i += 1
    return _tidy("".join(out))


def _tidy(text: str) -> str:
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
