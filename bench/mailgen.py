"""Synthetic but realistic mail for the benchmark: invented people, real member State names.

Everything is deterministic for a given seed and `tag` (the tag goes into every
Message-ID, so that two runs never collide in one ledger).

- `throughput_mix(n)`: the everyday mix, in the shares of outcomes of the shared corpora:
  plain-text, HTML and PDF-letter nominations (English, French, Spanish) sent and sent
  again, incomplete ones and their answers, late ones, observer requests, inquiries and
  out-of-office replies.
- `scanned_mix(n)`: letters that exist only as images: a PNG scan or an image-only PDF of
  one to three pages (needs Pillow; `scans_available()` says why not); `scanned_letters(n)`
  the same with the lines each was drawn from.
- `pdf_letter(lines)`: a one-page PDF with a text layer, PDF syntax written by hand.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr
from functools import lru_cache
from pathlib import Path

from bot.extraction.lexicon import fold
from tests.pdfwrite import pdf_file, pdf_string

MEETING_TO = "sectoral-meetings@ilo.test"
MEETING_EN = "Technical meeting on AI in manufacturing (Geneva, 13-17 April 2026)"
MEETING_FR = "Réunion technique sur l'IA dans l'industrie manufacturière (Genève, 13-17 avril 2026)"
MEETING_ES = "Reunión técnica sobre la IA en la industria manufacturera (Ginebra, 13-17 de abril de 2026)"

FIRST = {
    "en": ["James", "Amina", "Grace", "Daniel", "Priya", "Samuel", "Olivia", "Kwame", "Sarah", "Rajesh"],
    "fr": ["Aminata", "Jean-Pierre", "Fatou", "Émilie", "Moussa", "Hélène", "Ousmane", "Céline", "Yves", "Mariam"],
    "es": ["María José", "Carlos", "Lucía", "Andrés", "Valentina", "Jorge", "Camila", "Diego", "Paola", "Álvaro"],
}
LAST = {
    "en": ["Mensah", "Okafor", "Campbell", "Fernando", "Williams", "Nakamura", "Haddad", "Osei", "Singh", "Baptiste"],
    "fr": ["Diallo", "Ndiaye", "Lefèvre", "Traoré", "Dubois", "Kaboré", "Mbaye", "Rousseau", "Koné", "Sow"],
    "es": ["García Pérez", "Rodríguez", "Fernández", "López Mora", "Martínez", "Sánchez", "Gómez", "Díaz Ruiz", "Torres", "Vargas"],
}
TITLES = {
    "en": ["Director of Labour, Ministry of Labour", "Permanent Secretary, Ministry of Industry",
           "Senior Labour Officer", "First Secretary, Permanent Mission in Geneva"],
    "fr": ["Directeur général du travail", "Conseillère technique, Ministère de l'Industrie",
           "Inspecteur principal du travail", "Premier secrétaire, Mission permanente à Genève"],
    "es": ["Director Nacional de Empleo", "Asesora, Ministerio de Trabajo", "Jefe de Relaciones Internacionales",
           "Primer Secretario, Misión Permanente en Ginebra"],
}
ATTEND = {"en": ["in person", "remotely"], "fr": ["en présentiel", "à distance"], "es": ["presencial", "en línea"]}


@dataclass(frozen=True)
class Country:
    code: str
    names: dict[str, str]

    @property
    def domain(self) -> str:
        return f"labour.gov.{self.code.lower()}"


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """The member States from the project's own list (config/member_states.yaml)."""
    try:
        from bot.states import load_states

        return tuple(Country(s.code, dict(s.names)) for s in load_states().states.values())
    except Exception:  # the list is being edited: a few fixed ones keep the benchmark going
        return (Country("TT", {"en": "Trinidad and Tobago", "fr": "Trinité-et-Tobago", "es": "Trinidad y Tabago"}),
                Country("SN", {"en": "Senegal", "fr": "Sénégal", "es": "Senegal"}),
                Country("CL", {"en": "Chile", "fr": "Chili", "es": "Chile"}))


def _date(n: int) -> str:
    day = 2 + n % 24  # 2 to 25 March 2026: before the deadline
    return f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][(day + 6) % 7]}, {day:02d} Mar 2026 " \
           f"{8 + n % 9:02d}:{n % 60:02d}:00 +0100"


# ---------------------------------------------------------------- letter texts

def _person(rng: random.Random, lang: str) -> tuple[str, str, str]:
    name = f"{rng.choice(FIRST[lang])} {rng.choice(LAST[lang])}"
    return name, rng.choice(TITLES[lang]), rng.choice(ATTEND[lang])


def letter_lines(n: int, c: Country, lang: str, rng: random.Random, *, complete: bool = True,
                 adviser: bool | None = None) -> list[str]:
    """The body of a nomination letter, one list item per line; `adviser` None: 40 % have one."""
    name, title, attend = _person(rng, lang)
    email = f"{fold(name.split()[0])}.{n}@{c.domain}"
    adviser = rng.random() < 0.4 if adviser is None else adviser
    aname, atitle, _ = _person(rng, lang)
    state = c.names.get(lang, c.names["en"])
    if lang == "fr":
        lines = ["Madame, Monsieur,", "",
                 f"Le Gouvernement de {state} a l'honneur de désigner pour la {MEETING_FR} :", "",
                 f"Représentant : {name}", f"Fonction : {title}"]
        if complete:
            lines += [f"Courriel : {email}", f"Participation : {attend}"]
        if adviser:
            lines += ["", f"Conseiller : {aname}", f"Fonction : {atitle}"]
        lines += ["", "Veuillez agréer, Madame, Monsieur, l'assurance de ma haute considération.", "",
                  "Le Ministre du Travail"]
    elif lang == "es":
        lines = ["Estimados señores:", "",
                 f"El Gobierno de {state} tiene el honor de designar para la {MEETING_ES}:", "",
                 f"Representante: {name}", f"Cargo: {title}"]
        if complete:
            lines += [f"Correo electrónico: {email}", f"Modalidad: {attend}"]
        if adviser:
            lines += ["", f"Asesor: {aname}", f"Cargo: {atitle}"]
        lines += ["", "Atentamente,", "", "Ministerio de Trabajo y Seguridad Social"]
    else:
        lines = ["Dear Sir or Madam,", "",
                 f"The Government of {state} is pleased to nominate the following for the {MEETING_EN}:", "",
                 f"Representative: {name}", f"Title: {title}"]
        if complete:
            lines += [f"E-mail: {email}", f"Attendance: {attend}"]
        if adviser:
            lines += ["", f"Adviser: {aname}", f"Title: {atitle}"]
        lines += ["", "Yours faithfully,", "", "Ministry of Labour"]
    return lines


# ---------------------------------------------------------------- PDF by hand

def pdf_letter(lines: list[str], heading: str = "MINISTRY OF LABOUR") -> bytes:
    """A one-page A4 PDF with a real text layer (Helvetica, WinAnsi), no library needed."""
    ops = [b"BT", b"/F2 14 Tf", b"72 770 Td", pdf_string(heading) + b" Tj", b"/F1 11 Tf", b"0 -36 Td", b"14 TL"]
    for line in lines:
        ops.append(pdf_string(line[:95]) + b" Tj T*")
    ops.append(b"ET")
    content = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    return pdf_file(objects)


# ---------------------------------------------------------------- scanned letters

def scans_available() -> str | None:
    """None when scanned letters can be made, else why not."""
    try:
        from PIL import Image, ImageDraw, ImageFont  # noqa: F401
    except ImportError:
        return "Pillow is not installed in .venv: cannot draw scanned letters"
    try:
        ImageFont.truetype(_font_path(), 20) if _font_path() else ImageFont.load_default(size=20)
    except Exception as exc:
        return f"no scalable font for Pillow ({exc})"
    return None


def _font_path() -> str | None:
    for p in ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        if Path(p).exists():
            return p
    return None


@lru_cache(maxsize=4)
def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    path = _font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def scan_page(lines: list[str], rng: random.Random, dpi: int = 150):  # type: ignore[no-untyped-def]
    """An A4 page image (greyscale) of typed text, slightly noisy like a scanner's output."""
    from PIL import Image, ImageDraw

    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (w, h), 250)
    draw = ImageDraw.Draw(img)
    font = _font(int(dpi * 0.16))
    y = int(dpi * 1.2)
    for line in lines:
        draw.text((int(dpi), y), line, fill=20, font=font)
        y += int(dpi * 0.26)
    for _ in range(300):  # specks
        x, yy = rng.randrange(w), rng.randrange(h)
        draw.point((x, yy), fill=rng.randrange(80, 200))
    return img.rotate(rng.uniform(-0.6, 0.6), fillcolor=250, resample=Image.BILINEAR)


# ---------------------------------------------------------------- messages

def _message(n: int, tag: str, c: Country, sender_local: str, subject: str, date_n: int,
             display: str = "") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((display, f"{sender_local}@{c.domain}")) if display else f"{sender_local}@{c.domain}"
    msg["To"] = formataddr(("Sectoral Meetings", MEETING_TO))
    msg["Subject"] = subject
    msg["Date"] = _date(date_n)
    msg["Message-ID"] = f"<bench-{tag}-{n}@{c.domain}>"
    return msg


SUBJECT = {"en": "Nomination – Technical meeting on AI in manufacturing",
           "fr": "Désignation – Réunion technique sur l'IA dans l'industrie manufacturière",
           "es": "Designación – Reunión técnica sobre la IA en la industria manufacturera"}
COVER = {"en": "Please find attached our letter of nomination.\n\nBest regards,\nInternational Relations Unit\n",
         "fr": "Veuillez trouver ci-joint notre lettre de désignation.\n\nCordialement,\nService des relations internationales\n",
         "es": "Adjuntamos la carta de designación.\n\nSaludos cordiales,\nUnidad de Relaciones Internacionales\n"}


def _lang(rng: random.Random) -> str:
    r = rng.random()
    return "en" if r < 0.55 else "fr" if r < 0.8 else "es"


def _html(lines: list[str]) -> str:
    rows = "".join(f"<tr><td style='font-family:Calibri'>{ln or '&nbsp;'}</td></tr>" for ln in lines)
    return ("<html><head><meta charset='utf-8'><style>p{margin:0}</style></head><body>"
            f"<div class='WordSection1'><table border='0'>{rows}</table>"
            "<p><img src='cid:logo' alt='Ministry logo'></p></div></body></html>")


# The shares of outcomes in a real meeting's mail, as labelled in the shared corpora (132
# messages, scans left out): confirm 35 %, request_missing 23 %, review 33 %, ignore 9 %.
# Each kind below is made to reach one of them; the decisions a run really took are in the
# benchmark's results (`decisions`).
KINDS = (
    ("plain", 0.18), ("html", 0.09), ("pdf", 0.08),  # complete nominations: confirm
    ("incomplete", 0.23),                               # no e-mail or attendance: request_missing
    ("late", 0.10), ("observer", 0.09), ("inquiry", 0.14),  # review
    ("auto_reply", 0.09),                               # ignore
)
OUTCOME = {"plain": "confirm", "html": "confirm", "pdf": "confirm", "incomplete": "request_missing",
           "late": "review", "observer": "review", "inquiry": "review", "auto_reply": "ignore"}


@dataclass(frozen=True)
class Groups:
    """The member States split by what they send, so that a State's letters agree with each
    other: a quota holds one representative, so a second nomination with another person
    would go to review (over quota) where a real government sends the same letter again."""
    confirm: tuple[Country, ...]   # complete letters; sent again unchanged (answered "already recorded")
    missing: tuple[Country, ...]   # an incomplete letter, then the answer with what was asked
    late: tuple[Country, ...]      # after the deadline


@lru_cache(maxsize=1)
def groups() -> Groups:
    cs = countries()
    k = max(1, len(cs) // 5)
    return Groups(confirm=cs[0::5], missing=tuple(c for i, c in enumerate(cs) if i % 5 not in (0, 4)) or cs,
                  late=cs[4::5] or cs[:k])


def _state_letter(c: Country, lang: str, *, complete: bool) -> list[str]:
    """The letter a State sends: the same people every time it writes."""
    rng = random.Random(f"letter-{c.code}-{lang}")
    return letter_lines(sum(map(ord, c.code)), c, lang, rng, complete=complete, adviser=False)


def _state_lang(c: Country) -> str:
    return _lang(random.Random(f"lang-{c.code}"))


def one_message(n: int, kind: str, tag: str, rng: random.Random, visit: int = 0) -> bytes:
    """Message number `n` of `kind`; `visit` counts the earlier messages of its State's group
    slot (0: the State's first letter)."""
    g = groups()
    local = f"desk{n}"  # one address per message: the per-address reply limit never applies
    if kind in ("plain", "html", "pdf"):
        c = g.confirm[n % len(g.confirm)]
        lang = _state_lang(c)
        lines = _state_letter(c, lang, complete=True)
        if kind == "plain":
            msg = _message(n, tag, c, local, SUBJECT[lang], n, "International Relations")
            msg.set_content("\n".join(lines) + "\n")
        elif kind == "html":
            msg = _message(n, tag, c, local, SUBJECT[lang], n, "Cabinet du Ministre" if lang == "fr" else "Minister's Office")
            msg.set_content("\n".join(lines) + "\n")
            msg.add_alternative(_html(lines), subtype="html")
        else:
            msg = _message(n, tag, c, local, SUBJECT[lang], n, "Protocol")
            msg.set_content(COVER[lang])
            msg.add_attachment(pdf_letter(lines), maintype="application", subtype="pdf",
                               filename=f"nomination-{c.code.lower()}.pdf")
    elif kind == "incomplete":
        c = g.missing[n % len(g.missing)]
        lang = _state_lang(c)
        # The first letter misses the representative's e-mail and attendance; the State's
        # next one, from the same address, is the answer with everything (confirmed), and
        # any later one the same letter again.
        msg = _message(n, tag, c, f"nominations-{c.code.lower()}" if visit < 2 else local, SUBJECT[lang], n,
                       "International Relations")
        msg.set_content("\n".join(_state_letter(c, lang, complete=visit > 0)) + "\n")
    elif kind == "late":
        c = g.late[n % len(g.late)]
        lang = _state_lang(c)
        msg = _message(n, tag, c, local, SUBJECT[lang], n, "International Relations")
        msg.replace_header("Date", f"Thu, {2 + n % 5:02d} Apr 2026 10:{n % 60:02d}:00 +0200")
        msg.set_content("\n".join(_state_letter(c, lang, complete=True)) + "\n")
    elif kind == "observer":
        org = f"Institute for Work and Technology {n}"
        msg = EmailMessage()
        msg["From"] = formataddr(("Programme Office", f"office{n}@iwt{n}.org"))
        msg["To"] = formataddr(("Sectoral Meetings", MEETING_TO))
        msg["Subject"] = "Request to attend as observer"
        msg["Date"] = _date(n)
        msg["Message-ID"] = f"<bench-{tag}-{n}@iwt{n}.org>"
        name, title, _ = _person(rng, "en")
        msg.set_content(f"Dear Secretariat,\n\nThe {org}, a non-governmental organization, would like to "
                        f"attend the {MEETING_EN} as an observer.\n\nObserver: {name}\nTitle: {title}\n"
                        f"E-mail: observer{n}@iwt{n}.org\nAttendance: in person\n\nYours sincerely,\n{org}\n")
    elif kind == "auto_reply":
        c = countries()[n % len(countries())]
        msg = _message(n, tag, c, local, f"Automatic reply: {SUBJECT['en']}", n, "Out of office")
        msg["Auto-Submitted"] = "auto-replied"
        msg["X-Auto-Response-Suppress"] = "All"
        msg.set_content("I am out of the office until 30 March with limited access to e-mail.\n"
                        "For urgent matters please contact the International Relations Unit.\n")
    elif kind == "inquiry":
        c = countries()[n % len(countries())]
        msg = _message(n, tag, c, local, "Visa invitation letter", n, "Protocol Division")
        msg.set_content("Dear Secretariat,\n\nCould you please send an invitation letter so that our delegate can "
                        "apply for a Schengen visa for the Technical meeting? Is remote participation possible?\n\n"
                        f"Many thanks,\nProtocol Division, Ministry of Foreign Affairs of {c.names['en']}\n")
    else:
        raise ValueError(kind)
    return msg.as_bytes()


def throughput_mix(count: int, tag: str, seed: int = 7) -> list[tuple[str, bytes]]:
    """`count` (kind, raw) pairs in the shares of KINDS, shuffled deterministically."""
    rng = random.Random(seed)
    kinds: list[str] = []
    for kind, share in KINDS:
        kinds += [kind] * round(count * share)
    kinds = (kinds + ["plain"] * count)[:count]
    rng.shuffle(kinds)
    letters_of: dict[int, int] = {}  # incomplete: the letters each State of the group sent so far
    out = []
    for n, k in enumerate(kinds):
        visit = 0
        if k == "incomplete":
            state = n % len(groups().missing)
            visit = letters_of.get(state, 0)
            letters_of[state] = visit + 1
        out.append((k, one_message(n, k, tag, rng, visit)))
    return out


def scanned_message(n: int, tag: str, rng: random.Random) -> tuple[bytes, int, list[str]]:
    """A nomination whose letter is only an image: (raw, pages to OCR, the letter's lines)."""
    cs = countries()
    c = cs[(n * 7) % len(cs)]
    lang = _lang(rng)
    lines = letter_lines(n, c, lang, rng)
    msg = _message(n, tag, c, f"scan{n}", SUBJECT[lang], n, "Secretariat")
    msg.set_content(COVER[lang])
    if n % 2 == 0:
        buf = io.BytesIO()
        scan_page(["MINISTRY OF LABOUR", "", *lines], rng).save(buf, format="PNG", optimize=False)
        msg.add_attachment(buf.getvalue(), maintype="image", subtype="png", filename=f"scan-{n}.png")
        pages = 1
    else:
        pages = 1 + (n // 2) % 3  # 1, 2 or 3 pages
        imgs = [scan_page(["MINISTRY OF LABOUR", "", *lines], rng)]
        for p in range(2, pages + 1):
            imgs.append(scan_page([f"Page {p}", "", "Annex: curriculum vitae of the representative", "",
                                   *lines[4:8]], rng))
        buf = io.BytesIO()
        imgs[0].save(buf, format="PDF", save_all=True, append_images=imgs[1:], resolution=150)
        msg.add_attachment(buf.getvalue(), maintype="application", subtype="pdf", filename=f"scan-{n}.pdf")
    return msg.as_bytes(), pages, lines


def scanned_mix(count: int, tag: str, seed: int = 11) -> list[tuple[bytes, int]]:
    return [(raw, pages) for raw, pages, _ in scanned_letters(count, tag, seed)]


def scanned_letters(count: int, tag: str, seed: int = 11) -> list[tuple[bytes, int, list[str]]]:
    """`scanned_mix` with the lines each letter was drawn from (bench/scans.py)."""
    rng = random.Random(seed)
    return [scanned_message(n, tag, rng) for n in range(count)]


def latency_message(n: int, tag: str) -> bytes:
    """A complete English nomination (the kind that gets a confirmation)."""
    rng = random.Random(1000 + n)
    cs = countries()
    c = cs[(n * 13) % len(cs)]
    msg = _message(n, f"lat-{tag}", c, f"latency{n}", SUBJECT["en"], n, "International Relations")
    msg.set_content("\n".join(letter_lines(n, c, "en", rng)) + "\n")
    return msg.as_bytes()
