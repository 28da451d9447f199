"""Text layers of attached documents: PDF (pypdf, the text by PDFium), DOCX (its XML), RTF.

Every reader is bounded: page and size caps, a deadline checked between pages, and a
fallback to poppler's `pdftotext` in a subprocess with a timeout when pypdf gives up.
"""
from __future__ import annotations

import functools
import io
import logging
import posixpath
import re
import shutil
import subprocess
import threading
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


def preload() -> None:
    """Import now the libraries the first PDF, Word file or scan would import (pypdf,
    PDFium, lxml, Pillow: about 20 MB). The worker calls it before it forks its reading
    children, so that they share one copy instead of each importing its own."""
    import lxml.etree  # noqa: F401
    import PIL.Image  # noqa: F401
    import PIL.TiffImagePlugin  # noqa: F401
    import pypdf  # noqa: F401
    import pypdfium2  # noqa: F401


def pdf_text(data: bytes, max_chars: int, seconds: float = PDF_SECONDS) -> PdfText:
    """The text layer of a PDF; `error` says why it could not be read.

    pypdf reads the file's structure (pages, their sizes, and whether it opens at all), PDFium
    the text of each page: it is four times cheaper than pypdf's extraction. A page PDFium
    cannot read is read by pypdf."""
    deadline = time.monotonic() + seconds
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings(), _PDFIUM:
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                reader.decrypt("")
            pages = len(reader.pages)
            document = _pdfium_document(data, pages)
            try:
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
                    text = _pdfium_text(document, index)
                    if text is None:
                        text = page.extract_text() or ""
                    chunks.append(text)
                    total += len(text)
            finally:
                if document is not None:
                    document.close()  # its pages too
        return PdfText(_tidy("\n\n".join(chunks)), pages, largest_page=largest)
    except Exception as exc:  # pypdf raises many types on broken files
        fallback = _pdftotext(data, max(1.0, deadline - time.monotonic()))
        if fallback is not None:
            return PdfText(fallback, 1)
        return PdfText("", 0, error=type(exc).__name__)


# PDFium must not be called from two threads at once, even on different documents.
_PDFIUM = threading.Lock()


def _pdfium_document(data: bytes, pages: int):
    """The PDF opened by PDFium, or None when it refuses it or counts other pages than pypdf."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    if len(document) != pages:
        document.close()
        return None
    return document


def _pdfium_text(document, index: int) -> str | None:
    """The text of a page as PDFium reads it, or None."""
    if document is None:
        return None
    import pypdfium2

    try:
        page = document[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
    except pypdfium2.PdfiumError:
        return None
    textpage.close()
    page.close()
    return text


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
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_NS = {"w": _W[1:-1]}
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_DOCUMENT_MAIN = _WML + "document.main+xml"
_TEXT_PARTS = {_DOCUMENT_MAIN, _WML + "header+xml", _WML + "footer+xml"}
# The parts python-docx reads as XML; a header reference to any other part shows nothing.
_XML_PARTS = _TEXT_PARTS | {_WML + "styles+xml", _WML + "settings+xml", _WML + "numbering+xml",
                            _WML + "comments+xml", "application/vnd.openxmlformats-package.core-properties+xml"}


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
    """Header, body (paragraphs and tables in order) and footer text of a DOCX.

    The package is resolved as python-docx resolves it (it used to read these files, and what
    it refused goes to `docx_text_fallback`), but only the parts that hold text are parsed: the
    style sheets python-docx also parsed are most of a Word file's XML and most of its cost."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/document.xml" not in zf.namelist():
            raise ValueError("not a Word document")
        if sum(i.file_size for i in zf.infolist() if i.filename.endswith(".xml")) > MAX_DOCX_XML_BYTES:
            raise ValueError("document too large when unpacked")
        budget = MAX_DOCX_XML_BYTES
        members: dict[str, bytes] = {}
        for info in zf.infolist():  # the real sizes; a name given twice is read as its last entry
            members[info.filename] = blob = _bounded_read(zf, info, budget)
            budget -= len(blob)
    package = _Package(members)
    main = package.main_document()
    root = package.tree(main)
    if root.tag != _W + "document":
        raise ValueError("not a Word document")
    related = package.targets(main)
    headers: list[str] = []
    footers: list[str] = []
    seen: set[str] = set()
    for sect in root.xpath("./w:body/w:p/w:pPr/w:sectPr | ./w:body/w:sectPr", namespaces=_NS):
        for reference, target in (("headerReference", headers), ("footerReference", footers)):
            for kind in ("first", "default", "even"):
                # Only the default header or footer is inherited from the section before.
                if kind != "default" and _reference(sect, reference, kind) is None:
                    continue
                part = _definition(sect, reference, kind, related)
                if part is None or part in seen or not package.is_xml(part):
                    continue
                seen.add(part)
                lines = [ln for ln in _block(package.tree(part)) if ln.strip()]
                if lines:
                    target.append("\n".join(lines))
    body = "\n".join(_block(root.find(_W + "body")))
    return _tidy("\n\n".join([*dict.fromkeys(headers), body, *dict.fromkeys(footers)]))


def _reference(sect, reference: str, kind: str):
    for ref in sect.iterchildren(_W + reference):
        if ref.get(_W + "type") == kind:
            return ref
    return None


def _definition(sect, reference: str, kind: str, related: dict[str, str]) -> str | None:
    """The part a section's header or footer of this kind shows: its own, else (for the
    default kind) the one of the section before; None when there is none to read."""
    while True:
        ref = _reference(sect, reference, kind)
        if ref is not None:
            return related.get(ref.get(_R + "id"))
        before = sect.xpath("./preceding::w:sectPr[1]", namespaces=_NS)
        if not before:
            return None
        sect = before[0]


class _Package:
    """The parts of a DOCX as an OPC package: reached from the package's relationships, each
    with a content type, a missing one refused as python-docx refuses it."""

    def __init__(self, members: dict[str, bytes]):
        self.members = members
        self.trees: dict[str, object] = {}
        types = _xml(members["[Content_Types].xml"])
        self.overrides = {o.get("PartName").lower(): o.get("ContentType") for o in types.iterchildren(_TYPES + "Override")}
        self.defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iterchildren(_TYPES + "Default")}
        self.content_types: dict[str, str] = {}
        self.reltypes: dict[str, str] = {}  # the relationship a part was first reached by
        self.package_rels = self.rels("/")
        self._walk(self.package_rels)
        for part, content_type in self.content_types.items():  # the text parts python-docx parsed on opening
            if content_type in _TEXT_PARTS and self.is_xml(part):
                self.tree(part)

    def _walk(self, rels: list[tuple[str, str, str | None]]) -> None:
        for _, reltype, part in rels:
            if part is None or part in self.content_types:
                continue
            if part[1:] not in self.members:
                raise KeyError(f"no part {part}")
            self.content_types[part] = self.content_type(part)
            self.reltypes[part] = reltype
            self._walk(self.rels(part))

    def content_type(self, part: str) -> str:
        if part.lower() in self.overrides:
            return self.overrides[part.lower()]
        ext = posixpath.splitext(part)[1]
        ext = ext[1:] if ext.startswith(".") else ext
        return self.defaults[ext.lower()]

    def rels(self, source: str) -> list[tuple[str, str, str | None]]:
        """(id, type, target part or None when external) of each relationship of `source`."""
        base, name = posixpath.split(source)
        blob = self.members.get(posixpath.join(base, "_rels", name + ".rels")[1:])
        if blob is None:
            return []
        out = []
        for rel in _xml(blob).iterchildren(_RELS + "Relationship"):
            external = rel.get("TargetMode", "Internal") == "External"
            target = None if external else posixpath.abspath(posixpath.join(base, rel.get("Target")))
            out.append((rel.get("Id"), rel.get("Type"), target))
        return out

    def main_document(self) -> str:
        by_id = {rid: (kind, part) for rid, kind, part in self.package_rels}
        mains = [part for kind, part in by_id.values() if kind == _OFFICE_DOCUMENT]
        if len(mains) != 1 or mains[0] is None:
            raise ValueError("no single main document")
        if self.content_types[mains[0]] != _DOCUMENT_MAIN or not self.is_xml(mains[0]):
            raise ValueError("not a Word document")  # a macro-enabled document or a template
        return mains[0]

    def targets(self, source: str) -> dict[str, str]:
        """The parts `source` relates to, by relationship id."""
        return {rid: part for rid, _, part in self.rels(source) if part is not None}

    def is_xml(self, part: str) -> bool:
        return self.reltypes[part] != _IMAGE and self.content_types[part] in _XML_PARTS

    def tree(self, part: str):
        if part not in self.trees:
            self.trees[part] = _xml(self.members[part[1:]])
        return self.trees[part]


def _xml(blob: bytes):
    """A part's XML, parsed as python-docx parses it (blank text between elements dropped,
    entities left alone), so that the same text is read."""
    from lxml import etree

    return etree.fromstring(blob, _parser())


@functools.cache
def _parser():
    from lxml import etree  # imported on the first Word file, not when the bot starts

    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


def docx_text_fallback(data: bytes) -> str:
    """Crude DOCX text when the package is refused: every w:t, paragraphs on lines."""
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
