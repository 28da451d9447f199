"""Which of the lexicon's languages a text is written in, by function words."""
from __future__ import annotations

import re

from bot import patterns
from bot.extraction.lexicon import FUNCTION_WORDS

_WORDS = FUNCTION_WORDS
# Words of more than one language (French and Spanish "la", "de", "que") count for none.
_SHARED = {w for lang, words in _WORDS.items() for w in words if any(w in other for o, other in _WORDS.items() if o != lang)}
_TOKEN = patterns.compile(r"[a-záéíóúñüàâçèêëîïôûùœ']+", re.I)


# Each word of one language only -> that language.
_LANGUAGE_OF = {w: lang for lang, words in _WORDS.items() for w in words if w not in _SHARED}


def scores(text: str) -> dict[str, int]:
    counts = {lang: 0 for lang in _WORDS}
    for token in _TOKEN.findall(text.lower()):
        lang = _LANGUAGE_OF.get(token)
        if lang is not None:
            counts[lang] += 1
    return counts


def detect(text: str) -> tuple[str, float]:
    """(language, confidence): a language of the lexicon, or other when none of them is clearly there."""
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
