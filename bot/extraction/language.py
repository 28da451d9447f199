"""Which of English, French and Spanish a text is written in, by function words."""
from __future__ import annotations

import re

_WORDS = {
    "en": set("the and of to in for is are we our you your will be with this that as on by from have has "
              "please would regards dear which it his her he she their at an thank kind attend hello best "
              "address delegation meeting".split()),
    "fr": set("le la les des du de et à au aux pour est sont nous notre vous votre sera avec ce cette "
              "qui que dans sur par en une un il elle ses leur je madame monsieur veuillez cordialement "
              "réunion travail ministère bonjour participera présentiel distance merci courriel "
              "désignation délégation".split()),
    "es": set("el la los las del de y a al para es son nosotros nuestro nuestra su sus usted ustedes será "
              "con este esta que en por una un quien se le les estimados atentamente reunión trabajo "
              "ministerio saludos participará presencial estimados informamos correo designación "
              "delegación reunión".split()),
}
# Words shared by French and Spanish count for neither alone.
_SHARED = _WORDS["fr"] & _WORDS["es"]
_TOKEN = re.compile(r"[a-záéíóúñüàâçèêëîïôûùœ']+", re.I)


def scores(text: str) -> dict[str, int]:
    counts = {lang: 0 for lang in _WORDS}
    for token in _TOKEN.findall(text.lower()):
        for lang, words in _WORDS.items():
            if token in words and token not in _SHARED:
                counts[lang] += 1
    return counts


def detect(text: str) -> tuple[str, float]:
    """(language, confidence): en, fr, es, or other when none of them is clearly there."""
    counts = scores(text)
    total = sum(counts.values())
    if total < 3:
        return "other", 0.3
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    (best, n1), (_, n2) = ranked[0], ranked[1]
    if n1 < 3:
        return "other", 0.3
    if n2 and n1 < 1.6 * n2:
        # Bilingual text: the language it opens with is the one the sender chose first.
        head = text.strip()[:400]
        head_counts = scores(head)
        if sum(head_counts.values()) >= 3:
            best = max(head_counts, key=lambda k: head_counts[k])
        return best, 0.6
    return best, min(1.0, 0.5 + n1 / (2 * total))
