"""ILO member States: names in English, French and Spanish, aliases, government mail domains.

The data is `config/member_states.yaml`; this module only looks it up.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from bot import patterns
from bot.extraction.lexicon import LANGUAGES as LANGS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "config" / "member_states.yaml"


@dataclass(frozen=True)
class State:
    code: str  # ISO 3166-1 alpha-2
    names: dict[str, str]  # en, fr, es: the official short names
    aliases: tuple[str, ...] = ()  # other ways letters write it, in any of the three languages
    domains: tuple[str, ...] = ()  # government mail domains beyond the country-code TLD


@dataclass
class StateRegistry:
    states: dict[str, State] = field(default_factory=dict)
    # Phrases that contain a State's name but are not that State ("North Korea"): matched, dropped.
    not_states: tuple[str, ...] = ()
    # Code -> names/aliases that are also given names or places ("Maurice"): they count only
    # after "of", "de", "la"... and not before a capitalised word.
    needs_context: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _matcher: "_Matcher | None" = field(default=None, init=False, repr=False, compare=False)

    def get(self, code: str) -> State | None:
        if not code:
            return None
        return self.states.get(code.strip().upper())

    def is_member(self, code: str | None) -> bool:
        return self.get(code) is not None if code else False

    def name(self, code: str, lang: str = "en") -> str:
        """The State's name in `lang` (en, fr, es; anything else gives English)."""
        state = self.get(code)
        if state is None:  # not a member (a stored typo, "KP"): show the code, don't crash a reply
            return (code or "").strip().upper()
        lang = (lang or "en").strip().lower()[:2]
        return state.names.get(lang) or state.names["en"]

    def by_domain(self, domain: str | None) -> str | None:
        """The member State a government mail domain belongs to, or None (gmail.com, un.org)."""
        if not domain:
            return None
        domain = domain.strip().strip("<>").rsplit("@", 1)[-1].strip().strip(".").lower()
        labels = domain.split(".")
        if len(labels) < 2 or not all(labels):
            return None
        gov = _gov_like(labels[:-1])
        if not gov and _brand(labels) in _NOT_GOVERNMENT_BRANDS:
            return None
        m = self._get_matcher()
        for i in range(len(labels) - 1):  # explicit domains, longest suffix first
            code = m.domains.get(".".join(labels[i:]))
            if code:
                return code
        code = m.domains.get(labels[-1])  # a whole TLD listed as a domain ("gov")
        if code:
            return code
        tld = labels[-1]
        if any(_MISSION.search(label) for label in labels[:-1]):
            return None  # "mission-maroc.ch": a State's mission abroad, in its host country's TLD
        if len(tld) != 2 or not tld.isalpha():
            return None  # .com .org .net .int .edu .gov (unless listed) ...
        code = "GB" if tld == "uk" else tld.upper()
        if code not in self.states:
            return None  # .eu, non-members (.ad, .mc), territories (.io, .ai, .fm)
        if tld in _VANITY_TLDS and not gov:
            return None  # startup.co, news.tv
        return code

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Every member State named in `text`: (code, start, end), in order of appearance."""
        if not text:
            return []
        return self._get_matcher().find(text)

    def _get_matcher(self) -> "_Matcher":
        if self._matcher is None:
            self._matcher = _Matcher(self)
        return self._matcher


@lru_cache(maxsize=4)
def load_states(path: str | Path = DEFAULT_PATH) -> StateRegistry:
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    states: dict[str, State] = {}
    needs_context: dict[str, tuple[str, ...]] = {}
    for entry in data.get("states") or []:
        raw = entry.get("code")
        code = str(raw or "").strip().upper()
        if isinstance(raw, bool) or not re.fullmatch(r"[A-Z]{2}", code):
            raise ValueError(f"{path}: bad code {raw!r} (quote codes: a bare NO reads as false)")
        if code in states:
            raise ValueError(f"{path}: {code} listed twice")
        names = {lang: str((entry.get("names") or {}).get(lang) or "").strip() for lang in LANGS}
        missing = [lang for lang, n in names.items() if not n]
        if missing:
            raise ValueError(f"{path}: {code} has no name in {', '.join(missing)}")
        states[code] = State(
            code=code,
            names=names,
            aliases=tuple(str(a).strip() for a in entry.get("aliases") or () if str(a).strip()),
            domains=tuple(str(d).strip().strip(".").lower() for d in entry.get("domains") or ()),
        )
        if entry.get("needs_context"):
            needs_context[code] = tuple(str(a) for a in entry["needs_context"])
    registry = StateRegistry(
        states=states,
        not_states=tuple(str(s) for s in data.get("not_states") or ()),
        needs_context=needs_context,
    )
    registry._get_matcher()  # compile now: fails early on clashes, and find() is then fast
    return registry


# --- text folding: lower case, no accents, keeping a map back to the original offsets ----

_CHAR_MAP = {ord(c): "'" for c in "\u2019\u2018\u02bc\u00b4\u0060\u2032"}
_CHAR_MAP.update({ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"})


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    c = c.translate(_CHAR_MAP)
    s = unicodedata.normalize("NFKD", c).casefold()
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    return s.replace("œ", "oe").replace("æ", "ae")


class _FoldTable(dict):
    """str.translate table that folds each character on first sight; remembers the
    characters that do not fold to exactly one (œ → oe, a lone combining accent → "")."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()

    def __missing__(self, code: int) -> str:
        c = chr(code)
        s = c.lower() if c < "\x80" else _fold_char(c)
        if len(s) != 1:
            self.uneven.add(c)
        self[code] = s
        return s


_FOLD_TABLE = _FoldTable()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """`text` folded, and for each folded character the index of its original (None: same)."""
    if text.isascii():
        return text.lower(), None
    folded = text.translate(_FOLD_TABLE)
    if _FOLD_TABLE.uneven.isdisjoint(text):
        return folded, None  # one character for one: positions are the same
    out: list[str] = []
    index: list[int] = []
    for i, c in enumerate(text):
        s = _FOLD_TABLE[ord(c)]
        out.append(s)
        index.extend([i] * len(s))
    return "".join(out), index


_SEP = patterns.compile(r"[\s\-]+")


def _key(s: str) -> str:
    """The form names are compared in: folded, runs of spaces and hyphens as one space."""
    return _SEP.sub(" ", _fold(s)[0]).strip()


def _units(key: str) -> list[str]:
    return [r"[\s\-]+" if c == " " else re.escape(c) for c in key]


def _trie_pattern(keys: list[str]) -> str:
    """One regex for all keys, factored by prefix; at each branch the longer match is tried
    first, so the overall match is the longest key (then checked as a whole word)."""
    trie: dict = {}
    for key in keys:
        node = trie
        for unit in _units(key):
            node = node.setdefault(unit, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [unit + emit(child) for unit, child in node.items() if unit]
        if "" in node:
            return "(?:" + "|".join(alts) + ")?" if alts else ""
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return r"(?<!\w)(?:" + emit(trie) + r")(?!\w)"


_CONTEXT_BEFORE = patterns.compile(
    r"(?:^|\W)(?:of|de|del|du|des|la|le|for|pour|para|from|in|en|a|au|to|por|con|avec|with)\s+$"
    r"|(?:^|\W)[ld]'\s*$"
)
_NEXT_WORD = patterns.compile(r"[ \t]+(\w)")


class _Matcher:
    """Compiled lookups for one registry: name regex and domain table."""

    def __init__(self, registry: StateRegistry):
        self.codes: dict[str, str | None] = {}  # key -> code (None: a not_states phrase)
        for state in registry.states.values():
            for form in (*state.names.values(), *state.aliases):
                key = _key(form)
                if not key:
                    continue
                other = self.codes.setdefault(key, state.code)
                if other != state.code:
                    raise ValueError(f"{form!r} names both {other} and {state.code}")
        for phrase in registry.not_states:
            key = _key(phrase)
            if self.codes.get(key):
                raise ValueError(f"not_states phrase {phrase!r} is a name of {self.codes[key]}")
            self.codes[key] = None
        self.context_keys = {_key(f) for forms in registry.needs_context.values() for f in forms}
        self.regex = patterns.compile(_trie_pattern(sorted(self.codes)))
        self.domains: dict[str, str] = {}
        for state in registry.states.values():
            for d in state.domains:
                self.domains[d] = state.code

    def find(self, text: str) -> list[tuple[str, int, int]]:
        folded, index = _fold(text)
        found = []
        for m in self.regex.finditer(folded):
            key = _SEP.sub(" ", m.group())
            code = self.codes.get(key)
            if code is None:
                continue
            if index is None:
                start, end = m.start(), m.end()
            else:
                start = index[m.start()]
                last = index[m.end() - 1]
                end = index[m.end()] if m.end() < len(index) else len(text)
                if end <= last:  # match ends inside one original character's expansion
                    end = last + 1
            if key in self.context_keys and not self._in_context(text, folded, m.start(), end):
                continue
            found.append((code, start, end))
        return found

    @staticmethod
    def _in_context(text: str, folded: str, fstart: int, end: int) -> bool:
        if not _CONTEXT_BEFORE.search(folded, max(0, fstart - 12), fstart):
            return False
        after = _NEXT_WORD.match(text, end)
        return not (after and after.group(1).isupper())


# --- mail domains -------------------------------------------------------------------------

# Labels that mark a government (or armed forces, parliament...) domain.
_GOV_LABELS = frozenset({
    "gov", "gouv", "gob", "go", "govt", "gv", "gub", "gc", "admin", "bund", "mil", "nic",
    "mofa", "mfa", "mae", "ministry", "ministere", "ministerio", "government", "gouvernement",
    "gobierno", "regierung", "parliament", "parlement", "presidency", "presidencia",
})
# A diplomatic mission's domain names the State it represents, not the country of its TLD.
_MISSION = patterns.compile(r"mission|mision|missao|delegation|delegacion|embassy|ambassade|embajada|embaixada|permrep|pmun")
_GOV_AFFIX = patterns.compile(r"^(?:gov|gouv)|(?:gov|gouv|gob|govt)$")

# Member States' ccTLDs that are mostly sold for other uses: they count only with a
# government label (mintrabajo.gov.co yes, startup.co no).
_VANITY_TLDS = frozenset({
    "tv", "co", "me", "ly", "ws", "to", "la", "vc", "gd", "so", "sc", "mu", "cd", "dj", "cm",
    "ml", "ga", "cf", "gq", "pw", "st", "ag", "bz", "md", "tm", "am", "fm", "ai", "io",
})

# Second-level labels under which registrants sit (yahoo.co.uk, uol.com.br).
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "ne", "or", "ac", "edu", "biz", "info"})

# Webmail and internet providers, and international organizations, even under a ccTLD.
_NOT_GOVERNMENT_BRANDS = frozenset({
    "gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live", "msn",
    "windowslive", "passport", "aol", "icloud", "mac", "protonmail", "proton", "pm", "tutanota",
    "zoho", "gmx", "web", "mail", "email", "inbox", "list", "bk", "yandex", "ya", "rambler",
    "ukr", "i", "meta", "abv", "seznam", "centrum", "wp", "o2", "onet", "interia", "freemail",
    "citromail", "libero", "virgilio", "tiscali", "alice", "tin", "wanadoo", "orange", "free",
    "sfr", "neuf", "laposte", "bbox", "numericable", "skynet", "telenet", "bluewin", "hispeed",
    "sunrise", "t-online", "freenet", "arcor", "btinternet", "sky", "virginmedia", "ntlworld",
    "talktalk", "blueyonder", "bigpond", "optusnet", "xtra", "rogers", "shaw", "sympatico",
    "videotron", "uol", "bol", "terra", "ig", "prodigy", "speedy", "fibertel", "arnet", "cantv",
    "rediffmail", "sify", "qq", "163", "126", "yeah", "sina", "sohu", "naver", "daum", "hanmail",
    "nate", "hinet", "netvigator", "singnet", "ezweb", "docomo",
    "un", "ilo", "undp", "unicef", "who", "unesco", "unhcr", "iom", "fao", "wfp", "wto", "oecd",
    "itu", "unops", "unfpa", "unwomen", "worldbank", "imf", "europa",
})


def _gov_like(labels: list[str]) -> bool:
    return any(label in _GOV_LABELS or _GOV_AFFIX.search(label) for label in labels)


def _brand(labels: list[str]) -> str:
    """The registrant's label: yahoo in yahoo.fr, yahoo.co.uk and mail.yahoo.com."""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2]


# --- names in running text: the article and its contractions ------------------------------

COUNTRY_NAMES_PATH = ROOT / "config" / "country_names.yaml"
ARTICLES = {"en": ("the",), "fr": ("le", "la", "l'", "les"), "es": ("el", "la", "los", "las")}
_FR_VOWEL = patterns.compile(r"^[AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ]", re.IGNORECASE)  # before it: l', d'
# H: mute in Haïti (d'Haïti), aspirated in le Honduras, la Hongrie; names without an article
# elide before it, names with one carry the article the table gives.
_FR_ELIDES = patterns.compile(r"^[AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒH]", re.IGNORECASE)


@dataclass(frozen=True)
class StateName:
    """A member State (or an organization) as a reply names it in one language."""

    name: str  # no article, natural order: "Mali", "Plurinational State of Bolivia"
    text: str  # with its article: "le Mali", "l'Algérie", "Cuba", "the Philippines"
    of: str  # after of/de: "du Mali", "de l'Algérie", "d'Haïti", "del Perú", "of the Philippines"
    government: bool = True  # False: an organization, not a State

    def __str__(self) -> str:
        return self.name


def running_order(name: str) -> str:
    """A list name written in natural order: "Bolivia (Plurinational State of)" ->
    "Plurinational State of Bolivia", "Iran (République islamique d')" -> "République islamique d'Iran"."""
    m = re.fullmatch(r"(.+?) \((.+)\)", name.strip())
    if not m:
        return name.strip()
    head, tail = m.groups()
    return tail + ("" if tail.endswith("'") else " ") + head


def with_article(name: str, article: str) -> str:
    if not article:
        return name
    return article + name if article.endswith("'") else f"{article} {name}"


def of_form(name: str, article: str, lang: str) -> str:
    """The name after "of" / "de", with the contraction its article takes."""
    if lang == "fr":
        if article in ("le", "les"):
            return {"le": "du ", "les": "des "}[article] + name
        if article:
            return "de " + with_article(name, article)
        return ("d'" if _FR_ELIDES.match(name) else "de ") + name
    if lang == "es":
        return ("del " + name) if article == "el" else "de " + with_article(name, article)
    return "of " + with_article(name, article)


@lru_cache(maxsize=4)
def load_articles(path: str | Path = COUNTRY_NAMES_PATH) -> dict[str, dict[str, str]]:
    """The article of every member State in each language (config/country_names.yaml), checked
    against the names of load_states(): every member listed, known articles only, l' only
    before a vowel."""
    registry = load_states()
    with open(path, encoding="utf-8") as fh:
        data = (yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}).get("articles") or {}
    table: dict[str, dict[str, str]] = {}
    for raw, entry in data.items():
        code = str(raw).strip().upper()
        state = registry.get(code)
        if state is None:
            raise ValueError(f"{path}: {raw!r} is not a member State")
        entry = entry or {}
        for lang, article in entry.items():
            if lang not in ARTICLES or article not in ARTICLES[lang]:
                raise ValueError(f"{path}: {code}: no article {article!r} in {lang!r}")
            if lang == "fr":
                vowel = bool(_FR_VOWEL.match(running_order(state.names["fr"])))
                if vowel != (article == "l'") and article != "les":
                    raise ValueError(f"{path}: {code}: {article!r} before {state.names['fr']!r}")
        table[code] = {lang: str(entry.get(lang) or "") for lang in LANGS}
    absent = sorted(set(registry.states) - set(table))
    if absent:
        raise ValueError(f"{path}: no entry for {', '.join(absent)}")
    return table


def state_name(registry: StateRegistry, code: str | None, lang: str, *, organization: str | None = None) -> StateName:
    """How a reply in `lang` names member State `code` (or, without one, `organization`)."""
    lang = lang if lang in LANGS else "en"
    state = registry.get(code or "")
    if state is None:
        name = (organization or (code or "").strip().upper()).strip()
        return StateName(name=name, text=name, of=of_form(name, "", lang), government=False)
    name = running_order(state.names[lang])
    article = load_articles().get(state.code, {}).get(lang, "")
    return StateName(name=name, text=with_article(name, article), of=of_form(name, article, lang))
