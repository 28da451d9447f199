"""Tesseract OCR of scanned letters: pages in parallel, every subprocess time-boxed.

Scanned PDFs are rendered with poppler's `pdftoppm -r 300 -gray -tiff` (fast); a large page,
rendered or attached, is given to Tesseract in black and white (`bilevel`). Tesseract reads
with every language of the lexicon, but its first language decides the accents of the words
the others share ("Rodriguez" with English first, "Rodríguez" with Spanish first): a page is
read with the language of the message's own text first, read again with its own language
first when it turns out to be written in another, and once with each other accented
language first, whose accents it takes (`_tesseract`, `with_accents`).
`OMP_THREAD_LIMIT=1` makes one page about four times faster; parallelism comes from running
one Tesseract per core instead.
"""
from __future__ import annotations

import atexit
import contextlib
import difflib
import fcntl
import os
import re
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pycountry
import structlog

from bot.extraction.language import detect
from bot.extraction.lexicon import ACCENTED_LANGUAGES, LANGUAGES, fold

log = structlog.get_logger("intake.ocr")

MIN_IMAGE_BYTES = 20_000
MIN_IMAGE_SIDE = 400
LETTER_SIDE = 800  # a page scanned at even 100 dpi is wider than this
# Pixels of one page or image given to Tesseract (an A4 page at 300 dpi has 8.7 million, at
# 600 dpi 35 million): decided before anything is rendered or decoded, since a tiny file can
# declare a picture of gigapixels. A PDF page is rendered at the resolution that fits.
MAX_PIXELS = 36_000_000
# Pixels OCR'd for one message, all its attachments together.
MAX_MESSAGE_PIXELS = 150_000_000
DPI = 300
MIN_DPI = 50
# A page of at least this many pixels (an A4 page above about 200 dpi) goes to Tesseract in
# black and white (`bilevel`).
BILEVEL_PIXELS = 4_000_000
# Whatever a PDF says of its pages (or when its pages could not be measured), pdftoppm
# renders at most this many pixels across and down (a crop from the top left).
MAX_SIDE = 8_000


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _Slots:
    """One renderer or Tesseract per core, however many letters are read at once: the cores
    stay busy and memory stays bounded (a Tesseract takes 70 to 90 MB). Among the threads of
    one process a semaphore; among the worker's reading children (forked processes, each
    with threads of its own) a lock file per slot as well, once `share()` has made them
    before the fork. A slot's file is held with flock, which the system lets go of when its
    process ends however it ends: a child killed over its budget keeps no slot."""

    POLL = 0.02  # seconds between two looks for a slot another process holds

    def __init__(self, count: int):
        self.count = count
        self._threads = threading.BoundedSemaphore(count)
        self._files: list[str] = []  # once shared; a forked child uses its parent's

    def share(self) -> None:
        """Make the lock files, once: the processes forked after it use them."""
        if self._files:
            return
        try:
            folder = tempfile.mkdtemp(prefix="intake-ocr-slots-")
            files = [os.path.join(folder, f"slot{i}") for i in range(self.count)]
            for path in files:
                with open(path, "wb"):
                    pass
        except OSError as exc:  # no temporary folder to write in: each process keeps its own bound
            log.warning(
                "ocr.slots_not_shared", error=str(exc)[:300],
                hint="each reading child may run one OCR per core; set TMPDIR to a writable folder")
            return
        self._files = files
        atexit.register(self._remove, folder, os.getpid())

    @staticmethod
    def _remove(folder: str, owner: int) -> None:
        if os.getpid() == owner:
            shutil.rmtree(folder, ignore_errors=True)

    def acquire(self, deadline: float) -> int | None:
        """A slot held until `release()` (-1 when not shared), or None when `deadline`
        passed first."""
        if not self._threads.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return None
        if not self._files:
            return -1
        while True:
            for path in self._files:
                try:
                    fd = os.open(path, os.O_RDWR)
                except OSError:  # removed under us: the worker is ending; the threads' bound stays
                    return -1
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except BlockingIOError:
                    os.close(fd)
            if time.monotonic() + self.POLL > deadline:
                self._threads.release()
                return None
            time.sleep(self.POLL)

    def release(self, slot: int) -> None:
        if slot >= 0:
            os.close(slot)  # lets go of the flock
        self._threads.release()


_SLOTS = _Slots(cores())


def share_slots() -> None:
    """Bound OCR to one per core across the processes forked from now on (the worker calls
    it before it forks its reading children)."""
    _SLOTS.share()


@dataclass
class Job:
    """One scanned document to read: `kind` is "pdf" or "image"."""

    name: str
    kind: str
    data: bytes
    pages: int = 1
    dpi: int = DPI  # a PDF's rendering resolution
    page_pixels: int = 0  # a PDF page's pixels at that resolution (0: unknown)
    text: str = ""
    problems: list[str] = field(default_factory=list)
    # Every word Tesseract read, with its confidence (0 to 100), in reading order.
    words: list[tuple[str, float]] = field(default_factory=list)


def available() -> bool:
    return shutil.which("tesseract") is not None


def tesseract_name(language: str) -> str:
    """Tesseract's name of a lexicon language: its ISO 639-2 code ("fr" -> "fra")."""
    found = pycountry.languages.get(alpha_2=language)
    return getattr(found, "alpha_3", language)


@lru_cache(maxsize=1)
def _installed() -> dict[str, str]:
    """{lexicon language: Tesseract's name} for the languages whose packs are installed, in
    the lexicon's order."""
    try:
        done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=10, check=False)
        present = set(done.stdout.decode("utf-8", "replace").split())
    except (OSError, subprocess.TimeoutExpired):
        present = set()
    names = {code: tesseract_name(code) for code in LANGUAGES}
    return {code: name for code, name in names.items() if name in present}


def _languages(first: str | None = None) -> str:
    """Tesseract's -l: every installed language of the lexicon ("eng+fra+spa"), `first` (a
    lexicon language) first when it is installed, else the lexicon's order."""
    chosen = dict(_installed())
    if not chosen:
        return "eng"
    order = ([chosen.pop(first)] if first in chosen else []) + list(chosen.values())
    return "+".join(order)


def language_of(text: str) -> str | None:
    """The lexicon language a text is clearly written in (bot/extraction/language.py), or None."""
    lang, _ = detect(text)
    return lang if lang in LANGUAGES else None


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG, GIF, BMP or TIFF from its header, or None."""
    try:
        if data[:2] == b"BM":
            width, height = struct.unpack("<ii", data[18:26])
            return abs(width), abs(height)
        if data[:4] in (b"II*\x00", b"MM\x00*"):
            order = "<" if data[:2] == b"II" else ">"
            ifd = struct.unpack(order + "I", data[4:8])[0]
            count = struct.unpack(order + "H", data[ifd:ifd + 2])[0]
            found: dict[int, int] = {}
            for k in range(min(count, 200)):
                entry = data[ifd + 2 + 12 * k: ifd + 14 + 12 * k]
                tag, kind = struct.unpack(order + "HH", entry[:4])
                if tag in (256, 257):
                    found[tag] = struct.unpack(order + ("H" if kind == 3 else "I"), entry[8:10] if kind == 3 else entry[8:12])[0]
            return (found[256], found[257]) if len(found) == 2 else None
        if data[:8] == b"\x89PNG\r\n\x1a\n":
            return struct.unpack(">II", data[16:24])
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return struct.unpack("<HH", data[6:10])
        if data[:2] == b"\xff\xd8":
            i = 2
            while i + 9 < len(data):
                if data[i] != 0xFF:
                    i += 1
                    continue
                marker = data[i + 1]
                if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
                    i += 1 if marker == 0xFF else 2
                    continue
                length = struct.unpack(">H", data[i + 2:i + 4])[0]
                if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                    height, width = struct.unpack(">HH", data[i + 5:i + 9])
                    return width, height
                i += 2 + length
    except struct.error:
        return None
    return None


def pdf_dpi(largest_page_pt2: float) -> int | None:
    """The resolution to render a PDF whose largest page covers `largest_page_pt2` square
    points: 300 dpi, less for pages so large that 300 dpi passes MAX_PIXELS; None when
    even MIN_DPI does (a page kilometres wide is not a letter)."""
    if largest_page_pt2 <= 0:
        return DPI
    dpi = min(DPI, int((MAX_PIXELS * 72 * 72 / largest_page_pt2) ** 0.5))
    return dpi if dpi >= MIN_DPI else None


def pixels(job: "Job", max_pages: int) -> int:
    """Pixels OCR would decode for `job` (upper bound for a PDF: its pages at its dpi, each
    at most MAX_PIXELS)."""
    if job.kind == "image":
        size = image_size(job.data)
        return size[0] * size[1] if size else MAX_PIXELS
    return max(1, min(job.pages or 1, max_pages)) * (job.page_pixels or MAX_PIXELS)


def worth_reading(data: bytes) -> bool:
    """False for logos, signature images and other pictures that cannot be a letter."""
    size = image_size(data)
    if size is not None and min(size) < MIN_IMAGE_SIDE:
        return False
    if len(data) < MIN_IMAGE_BYTES:
        # A small file is only a letter when it is clearly page-sized (a clean bilevel scan).
        return size is not None and min(size) >= LETTER_SIDE
    return True


@contextlib.contextmanager
def _slot(deadline: float) -> Iterator[bool]:
    """A core to work on until the block ends (True), or False when `deadline` passed first
    (waiting for a free core counts)."""
    slot = _SLOTS.acquire(deadline)
    if slot is None:
        yield False
        return
    try:
        yield True
    finally:
        _SLOTS.release(slot)


def _exec(cmd: list[str], deadline: float) -> subprocess.CompletedProcess[bytes] | None:
    """Run `cmd` until `deadline`; None when it ran out of time or could not start."""
    remaining = deadline - time.monotonic()
    if remaining <= 0.5:
        return None
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        # stderr is not kept: poppler writes a line per bad operator, gigabytes for a PDF bomb.
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=remaining,
                              check=False, env=env)
    except (subprocess.TimeoutExpired, OSError):
        return None


def _run(cmd: list[str], deadline: float) -> subprocess.CompletedProcess[bytes] | None:
    """Run `cmd` on a core of its own until `deadline`; None when it ran out of time or could
    not start."""
    with _slot(deadline) as free:
        return _exec(cmd, deadline) if free else None


def otsu(histogram: list[int]) -> int:
    """Otsu's threshold of a 256-level histogram: the grey level that best separates ink from
    paper (the levels above it are paper)."""
    total = sum(histogram)
    weighted = sum(level * count for level, count in enumerate(histogram))
    below = below_weighted = 0
    best, threshold = -1.0, 127
    for level, count in enumerate(histogram):
        below += count
        if not below:
            continue
        above = total - below
        if not above:
            break
        below_weighted += level * count
        spread = below * above * (below_weighted / below - (weighted - below_weighted) / above) ** 2
        if spread > best:
            best, threshold = spread, level
    return threshold


def bilevel(source: Path) -> tuple[Path, Path]:
    """(the page for Tesseract, the page for reading its accents).

    A large page in black and white, written beside `source` as a Group 4 TIFF,
    thresholded the way Tesseract thresholds it itself (Otsu, over the whole page).
    Tesseract then holds one bit a pixel instead of 8 or 32: a 300 dpi A4 page takes 23 MB
    less in each Tesseract, and reads as well, but for the accents, whose grey edges are
    what Tesseract reads them by: those are read on the grey page at half its size (as
    little to hold as the black and white one). Given as it is, for both: a page under
    BILEVEL_PIXELS (it costs little), a file of several pages (a fax's TIFF: Tesseract reads
    them all, within the time given), and what Pillow cannot read (Tesseract may)."""
    from PIL import Image

    target = source.with_name(source.stem + "-bw.tif")
    half = source.with_name(source.stem + "-half.tif")
    try:
        with Image.open(source) as image:
            if getattr(image, "is_animated", False) or not BILEVEL_PIXELS <= image.width * image.height <= MAX_PIXELS:
                return source, source
            image.draft("L", image.size)  # a JPEG decoded to grey at once: a third of its colour size
            grey = image if image.mode == "L" else image.convert("L")
            dpi = image.info.get("dpi") or (DPI, DPI)
            grey.reduce(2).save(half, dpi=(dpi[0] / 2, dpi[1] / 2))
            cut = otsu(grey.histogram())
            page = grey.point([255 if level > cut else 0 for level in range(256)], "1")
            del grey
            page.save(target, compression="group4", dpi=dpi)
    except Exception:  # a format or a file Pillow cannot read: Tesseract is given it as it is
        return source, source
    with contextlib.suppress(OSError):
        source.unlink()  # the grey page is no longer needed: less on the disk at once
    return target, half


def _tesseract(image: Path, deadline: float, first: str | None = None) -> tuple[str, list[tuple[str, float]]] | None:
    """The page's text and its words with their confidences: read with `first` (the language
    of the message's own text) first; in the same slot, once more with the page's own
    language first when it is written in another, and once with each other accented
    language first, for the accents of its words."""
    with _slot(deadline) as free:
        if not free:
            return None
        image, for_accents = bilevel(image)
        page = _read(image, first, deadline)
        if page is None:
            return None
        read_with = first if first in _installed() else next(iter(_installed()), None)
        own = language_of(page[0])
        if own is not None and own in _installed() and _languages(own) != _languages(first):
            log.info("ocr.read_again", page=image.name, language=own, first=first)
            again = _read(image, own, deadline)
            if again is not None:
                page, read_with = again, own
        # The first language decides the accents of the letters the languages share: read
        # first in English, "Lucía Rodríguez" comes back as "Lucia Rodriguez", and first in
        # French as "Lucia Rodriguez" still (Spanish first reads "Lefevre" for "Lefèvre").
        # The page is read once more with each other accented language first, and a word
        # that differs only by the accents it gains is taken from that reading.
        for lang in ACCENTED_LANGUAGES:
            if lang == read_with or lang not in _installed():
                continue
            log.info("ocr.read_again", page=image.name, language=lang, first=read_with)
            accents = _read(for_accents, lang, deadline)
            if accents is not None:
                page = with_accents(page, accents)
    return page


def with_accents(page: tuple[str, list[tuple[str, float]]],
                 other: tuple[str, list[tuple[str, float]]]) -> tuple[str, list[tuple[str, float]]]:
    """`page` with the accents `other` (the same page read with another language first) gives
    its words: a word is taken from `other` where it is the same word but for accents added
    (not an address or a number: "maria.2@" stays as read)."""
    text, words = page
    mine = [w for w, _ in words]
    theirs = [w for w, _ in other[1]]
    taken: dict[str, str] = {}
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, [fold(w) for w in mine], [fold(w) for w in theirs],
                                                       autojunk=False).get_opcodes():
        if tag != "equal":
            continue
        for a, b in zip(mine[i1:i2], theirs[j1:j2]):
            if a != b and _marks(b) > _marks(a) and not any(ch.isdigit() or ch == "@" for ch in a):
                taken[a] = b
    if not taken:
        return page
    pattern = re.compile(r"(?<!\S)(?:" + "|".join(re.escape(w) for w in sorted(taken, key=len, reverse=True)) + r")(?!\S)")
    return pattern.sub(lambda m: taken[m.group(0)], text), [(taken.get(w, w), c) for w, c in words]


def _marks(word: str) -> int:
    """How many accents (combining marks) a word carries."""
    return sum(1 for ch in unicodedata.normalize("NFD", word) if unicodedata.combining(ch))


def _read(image: Path, first: str | None, deadline: float) -> tuple[str, list[tuple[str, float]]] | None:
    """One Tesseract run over a page."""
    base = image.with_suffix("")
    done = _exec(["tesseract", str(image), str(base), "-l", _languages(first), "--psm", "3", "txt", "tsv"], deadline)
    if done is None:
        return None
    try:
        text = base.with_suffix(".txt").read_text(encoding="utf-8", errors="replace")
        tsv = base.with_suffix(".tsv").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return text, _words(tsv)


def _words(tsv: str) -> list[tuple[str, float]]:
    """(word, confidence) for every recognised word of Tesseract's TSV output."""
    out = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            try:
                out.append((cols[11], float(cols[10])))
            except ValueError:
                continue
    return out


def run(jobs: list[Job], seconds: float, max_pages: int, language: str | None = None) -> None:
    """OCR every job in place (sets `text` and `problems`) within `seconds` overall;
    `language`: the language the message's own text is written in, if it is clear."""
    if not jobs:
        return
    deadline = time.monotonic() + seconds
    workers = max(1, min(cores(), 8))
    with tempfile.TemporaryDirectory(prefix="intake-ocr-") as tmp:
        root = Path(tmp)
        # Phase 1: one image file per page.
        pages: dict[int, list[Path]] = {}

        def render(index: int, job: Job) -> None:
            if job.kind == "image":
                path = root / f"job{index}.img"
                path.write_bytes(job.data)
                pages[index] = [path]
                return
            if shutil.which("pdftoppm") is None:
                job.problems.append("ocr_unavailable")
                pages[index] = []
                return
            source = root / f"job{index}.pdf"
            source.write_bytes(job.data)
            done = _run(["pdftoppm", "-r", str(job.dpi), "-W", str(MAX_SIDE), "-H", str(MAX_SIDE), "-gray", "-tiff",
                         "-f", "1", "-l", str(max_pages),
                         str(source), str(root / f"job{index}")], deadline)
            if done is None:
                job.problems.append(f"ocr_timeout:{job.name}")
            pages[index] = sorted(root.glob(f"job{index}-*.tif"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
            if job.pages > max_pages:
                job.problems.append(f"ocr_pages_truncated:{job.name}")

        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(lambda item: render(*item), enumerate(jobs)))
            tasks = [(index, path) for index in range(len(jobs)) for path in pages.get(index, [])]
            texts = list(pool.map(lambda task: _tesseract(task[1], deadline, language), tasks))
        per_job: dict[int, list[str]] = {}
        for (index, _), page in zip(tasks, texts):
            if page is None:
                problem = f"ocr_timeout:{jobs[index].name}"
                if problem not in jobs[index].problems:
                    jobs[index].problems.append(problem)
                continue
            text, words = page
            per_job.setdefault(index, []).append(text.strip())
            jobs[index].words.extend(words)
        for index, job in enumerate(jobs):
            job.text = "\n\n".join(t for t in per_job.get(index, []) if t)
