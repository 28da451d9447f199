"""Who is writing: the member State (text and mail domain reconciled) or the organization."""
from __future__ import annotations

import re

from bot import patterns
from bot.extraction.lexicon import alternation, pieces

# These patterns are only asked whether they match, so the order of their words is free.
_STRONG_CONTEXT = patterns.compile(rf"(?i)(?:{alternation('STATE_BEFORE')})\b[^\n.;]{{0,40}}$")
_STRONG_AFTER = patterns.compile(rf"(?i)^\W{{0,3}}(?:{alternation('STATE_AFTER')})\b")
_HOST_CONTEXT = patterns.compile(
    rf"(?i)(?:{alternation('HOST_CITY')})\W{{0,5}}$|(?:{alternation('HOST_COUNTRY_PREPOSITIONS')}) (?:{alternation('HOST_COUNTRY')})\s*$"
    rf"|{alternation('HOST_WORDS')}")
# "Long Name (ACRONYM)". No two of the small words match at one place followed by a blank
# or a bracket, so their order does not matter.
_ORG_WORD = rf"[A-ZÀ-Ý][\w'’-]*|{alternation('ORG_NAME_WORDS')}"
_ORG_RE = patterns.compile(
    rf"((?:{_ORG_WORD})(?:[ \t]+(?:{_ORG_WORD}|{alternation('ORG_NAME_INNER_WORDS')})){{2,14}})\s*\(([A-Z][A-Z0-9&-]{{1,11}})\)")
NGO_RE = patterns.compile("(?i)" + "|".join(rf"\b{word}\b" for word in pieces("NGO")))


def state_scores(states, texts: list[tuple[str, float]]) -> dict[str, float]:
    """Weighted mentions of member States in (text, weight) pieces."""
    scores: dict[str, float] = {}
    for text, weight in texts:
        if not text:
            continue
        try:
            hits = states.find(text)
        except Exception:  # a registry that cannot search is no reason to fail the message
            hits = []
        for code, start, end in hits:
            before = text[max(0, start - 60): start]
            after = text[end: end + 40]
            w = weight
            if _HOST_CONTEXT.search(before) or _HOST_CONTEXT.search(text[start:end + 3]):
                w *= 0.1
            elif _STRONG_CONTEXT.search(before) or _STRONG_AFTER.search(after):
                w *= 3
            scores[code] = scores.get(code, 0.0) + w
    return scores


def member_state(states, own_text: str, subject: str, from_name: str, sender_domain: str | None) -> tuple[str | None, float, dict]:
    """The nominating State: explicit text preferred, the sender's domain as support."""
    scores = state_scores(states, [(own_text, 1.0), (subject, 1.5), (from_name, 1.5)])
    by_domain = None
    if sender_domain:
        try:
            by_domain = states.by_domain(sender_domain)
        except Exception:
            by_domain = None
    info = {"text_scores": scores, "domain": by_domain}
    if not scores and not by_domain:
        return None, 0.0, info
    if not scores:
        return by_domain, 0.8, info
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if by_domain and by_domain in scores:
        # The domain agrees with a State the text names; prefer it unless the text names another far more.
        if best != by_domain and top > 3 * scores[by_domain]:
            info["conflict"] = (best, by_domain)
            return best, 0.6, info
        return by_domain, 0.97, info
    conf = 0.9 if top >= 3 and top >= 2 * second else (0.75 if top >= 2 * second else 0.55)
    if by_domain and by_domain != best:
        info["conflict"] = (best, by_domain)
        conf = min(conf, 0.7)
    return best, conf, info


def organization(text: str) -> str | None:
    """An organization's name as it writes it: "Long Name (ACRONYM)", else a line naming an organization."""
    for m in _ORG_RE.finditer(text):
        name, acro = m.group(1).strip(), m.group(2)
        words = [w for w in re.split(r"[\s'’-]+", name) if w]
        # Trim leading words until the acronym's first letter starts the name.
        while words and not (words[0][0].isupper() and words[0][0] == acro[0]):
            words.pop(0)
        if len(words) >= 2:
            start = name.find(words[0])
            return f"{name[start:]} ({acro})"
    return None


def government_domain(states, domain: str | None) -> str | None:
    """The member State whose government a mail domain plainly belongs to (labour.gov.ws,
    mintrabajo.gob.pa, a domain the registry lists), else None. A bare country-code domain
    (a company's .it or .com.br) is not enough: any business there has one."""
    if not domain:
        return None
    domain = domain.strip().lower().strip(".")
    try:
        code = states.by_domain(domain)
    except Exception:
        return None
    if not code:
        return None
    from bot.states import _gov_like

    labels = domain.split(".")
    if _gov_like(labels[:-1]):
        return code
    try:
        listed = states._get_matcher().domains
    except Exception:
        listed = {}
    if any(".".join(labels[i:]) in listed for i in range(len(labels) - 1)):
        return code
    return None
