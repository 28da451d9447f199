"""Who is writing: the member State (text and mail domain reconciled) or the organization."""
from __future__ import annotations

import re

_STRONG_CONTEXT = re.compile(
    r"(?i)(?:government|gouvernement|gobierno|permanent mission|mission permanente|misi[óo]n permanente|permanent representation"
    r"|repr[ée]sentation permanente|representaci[óo]n permanente|embassy|ambassade|embajada|republic|r[ée]publique|rep[úu]blica"
    r"|kingdom|royaume|reino|state|[ée]tat|estado|ministry|minist[èe]re|ministerio|delegation|d[ée]l[ée]gation|delegaci[óo]n"
    r"|union|grand-duch[ée]|sultanate|emirates?)\b[^\n.;]{0,40}$"
)
_STRONG_AFTER = re.compile(r"(?i)^\W{0,3}(?:government|gouvernement|gobierno|delegation|d[ée]l[ée]gation|delegaci[óo]n|nominat\w*|d[ée]sign\w*|designa\w*|nomination|is pleased|wishes|would like|will (?:take part|participate)|side)\b")
_HOST_CONTEXT = re.compile(r"(?i)(?:geneva|gen[èe]ve|ginebra|genf)\W{0,5}$|(?:en|in|of) (?:suisse|switzerland|suiza)\s*$|\bswiss\b|schengen")
_ORG_RE = re.compile(r"((?:[A-ZÀ-Ý][\w'’-]*|de|du|des|la|le|les|pour|for|of|the|and|et|y|en|el|los|las|del|por|on|in|dans|l'|d')(?:[ \t]+(?:[A-ZÀ-Ý][\w'’-]*|de|du|des|la|le|les|pour|for|of|the|and|et|y|en|el|los|las|del|por|on|in|dans|l'|d'|le|au|aux|à)){2,14})\s*\(([A-Z][A-Z0-9&-]{1,11})\)")
_ORG_WORDS = re.compile(r"(?i)\b(?:organi[sz]ation|organizaci[óo]n|association|asociaci[óo]n|network|r[ée]seau|red|alliance|alianza|federation|f[ée]d[ée]ration|federaci[óo]n|confederation|conf[ée]d[ée]ration|union|institute|institut|instituto|foundation|fondation|fundaci[óo]n|council|conseil|consejo|centre|center|centro|forum|foro|coalition|coalici[óo]n|society|soci[ée]t[ée]|sociedad|commission|comisi[óo]n|bank|banque|banco|agency|agence|agencia|secretariat|secr[ée]tariat|secretar[íi]a|programme|program)\b")
NGO_RE = re.compile(r"(?i)\bnon-?governmental\b|\bnon gouvernementale?\b|\bno gubernamental\b|\bNGO\b|\bONG\b|\bintergovernmental organi[sz]ation\b|\borganisation intergouvernementale\b|\borganismo intergubernamental\b|\binternational organi[sz]ation\b|\bcivil society\b|\bsoci[ée]t[ée] civile\b|\bsociedad civil\b")


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
