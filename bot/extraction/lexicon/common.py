"""Vocabulary of no single language of ours: styles of address from other countries met in
English, French or Spanish letters, and what mail clients in other languages write. Each name
here adds to the same name of the language files (a name may be missing here)."""
from __future__ import annotations

HONORIFICS: dict[str, str | None] = {
    "Shri": "male", "Sri": "male", "Herr": "male", "Smt": "female", "Shrimati": "female", "Frau": "female",
    # Malaysian and Brunei styles of address: say nothing of gender by themselves.
    "YBhg": None, "YB": None, "Datuk": None, "Dato'": None, "Dato": None, "Datin": "female", "Tan Sri": None,
    "Puan": "female", "Encik": "male", "Tuan": "male",
}
HONORIFIC_FORMS: dict[str, str] = {"YB": r"YB\.?(?=\s)"}
AUTO_SUBJECT = ("abwesenheit", "autosvar", "automatisch")
BOUNCE_SUBJECT = ("unzustellbar",)
REPLY_PREFIXES = ("aw",)
FORWARD_PREFIXES = ("wg",)
FORWARD_MARKS = ("weitergeleitete nachricht", "messaggio inoltrato")
ORIGINAL_MARKS = (r"urspr[üu]ngliche nachricht", "original-nachricht", "messaggio originale")
QUOTE_HEADER_KEYS: dict[str, tuple[str, ...]] = {
    "from": ("von", "da", "van", "od"), "date": ("gesendet", "datum", "data", "inviato"), "to": ("an",), "cc": (),
    "subject": ("betreff", "oggetto", "assunto"),
}
ATTRIBUTION_END = ("schrieb", "ha scritto")
ATTRIBUTION_START = ("am", "il", "em")
HOST_CITY = ("genf",)
HOST_WORDS = ("schengen",)
TOPIC_STOP_WORDS = {"2026"}
# The dashes between two days ("13-17 April"), Roman numerals ending a title ("Section II"),
# and particles of names from other countries (Malay, Dutch, German, Italian, Portuguese, Arabic).
DAY_RANGE_WORDS = ("-", "–", "—")
TITLE_SHORT_END = {"i", "ii", "iii", "iv", "v"}
NAME_PARTICLES = {
    "binte", "bte", "bt", "anak", "bin", "binti", "bint", "della", "di", "da", "das", "do", "dos", "e", "van", "der", "den",
    "ter", "ten", "op", "het", "'t", "von", "zu", "ibn", "al", "ould", "ben", "abu", "i",
}
