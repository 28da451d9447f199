"""Multilingual vocabulary (English, French, Spanish) the readers match against.

Patterns are plain regular-expression fragments, compiled where they are used; keep them
lower-case unless case carries meaning (honorifics, names).
"""
from __future__ import annotations

import re
import unicodedata

# Every character `\s` matches except the newline, for use inside a character class: a
# pattern anchored at line starts (re.M) that lets its leading class run over newlines is
# quadratic on many blank lines, since every line start scans all those below it.
BLANK = "\t\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

# Honorifics and salutations before a name: pattern -> gender they tell (None: nothing).
# Order matters only for readability; the regex tries longest first.
HONORIFICS: dict[str, str | None] = {
    "Mr": "male", "Mister": "male", "Monsieur": "male", "M": "male", "Sr": "male", "Señor": "male",
    "Shri": "male", "Sri": "male", "Herr": "male", "Don": "male", "Mons": "male",
    "compañero": "male", "Compañero": "male", "Licenciado": "male", "Abogado": "male", "Ingeniero": "male",
    "Ms": "female", "Mrs": "female", "Miss": "female", "Madam": "female", "Madame": "female",
    "Mme": "female", "Mlle": "female", "Mademoiselle": "female", "Sra": "female", "Señora": "female",
    "Srta": "female", "Señorita": "female", "Doña": "female", "Dña": "female", "Smt": "female",
    "Shrimati": "female", "Frau": "female", "compañera": "female", "Compañera": "female",
    "Licenciada": "female", "Licda": "female", "Abogada": "female", "Ingeniera": "female", "Dra": "female",
    "Doctora": "female",
    "Dr": None, "Doctor": None, "Prof": None, "Pr": None, "Professor": None, "H.E": None, "S.E": None,
    "HE": None, "Excmo": None, "Excma": "female", "Hon": None, "Honourable": None, "Honorable": None,
    "Eng": None, "Engr": None, "Ing": None, "Lic": None, "Mgs": None, "Mg": None, "Msc": None, "Abg": None,
    # Professional and academic styles of Latin America and Spain ("Abog. Liz Duarte", "Mag. Soledad Pereira").
    "Abog": None, "Mag": None, "Econ": None, "Lcda": "female", "Lcdo": "male", "Ldo": "male", "Lda": "female",
    "Cdor": "male", "Cra": "female", "Psic": None, "Soc": None, "Tec": None,
    "Cons": None, "Amb": None, "Ambassador": None, "Me": None, "Arq": None, "Mtro": "male", "Mtra": "female",
    # Spanish abbreviations of Don / Doña ("D. Javier Ortega", "Dª Ana Ruiz").
    "D": "male", "Dª": "female", "D.ª": "female", "D.ᵃ": "female", "Da": "female",
    # Malaysian and Brunei styles of address: say nothing of gender by themselves.
    "YBhg": None, "YB": None, "Datuk": None, "Dato'": None, "Dato": None, "Datin": "female", "Tan Sri": None,
    "Puan": "female", "Encik": "male", "Tuan": "male",
    # Written in running text without a capital: "la señora Gloria Benítez", "le sieur".
    # Venezuela's style of address in official notes: "se designa al ciudadano José ...".
    "ciudadano": "male", "ciudadana": "female", "Ciudadano": "male", "Ciudadana": "female",
    "señor": "male", "señora": "female", "señorita": "female", "doña": "female", "monsieur": "male", "madame": "female",
}

# Honorifics that are ordinary words too: only count when followed by a dot or a capital.
_NEEDS_DOT = {"M", "Pr", "Me", "HE", "Don", "Hon", "Cons", "Amb", "Lic", "Ing", "Eng", "Mg", "Sr", "Sra", "D", "Da", "YB"}


# Styles that are ordinary words or syllables too: only with their dot ("Mag.", "Abog.").
_STYLES_WITH_DOT = {"Abog", "Mag", "Econ", "Lcda", "Lcdo", "Ldo", "Lda", "Cdor", "Cra", "Psic", "Soc", "Tec"}


def _honorific_regex() -> str:
    parts = []
    for word in sorted(HONORIFICS, key=len, reverse=True):
        esc = re.escape(word)
        if word in ("M",):
            parts.append(r"M\.")  # French M. only with its dot
        elif word in ("D", "Da"):
            parts.append(esc + r"\.(?=\s*[A-ZÁÉÍÓÚÑ][a-záéíóúñ])")  # Spanish D. / Da. only before a name
        elif word == "YB":
            parts.append(r"YB\.?(?=\s)")
        elif word in ("Me", "Pr", "HE") or word in _STYLES_WITH_DOT:
            parts.append(esc + r"\.")
        else:
            parts.append(esc + r"\.?")
    return "|".join(parts)


HONORIFIC_RE = _honorific_regex()

# Role words: pattern -> role. Grammatical gender comes from ROLE_GENDER.
ROLE_WORDS: list[tuple[str, str]] = [
    (r"head of (?:the )?delegation", "representative"),
    (r"chef(?:fe)? de (?:la )?d[ée]l[ée]gation", "representative"),
    (r"jef[ea] de (?:la )?delegaci[óo]n", "representative"),
    (r"(?:government |governmental )?representatives?", "representative"),
    (r"(?:government )?delegates?", "representative"),
    (r"repr[ée]sentant(?:e)?s?(?:\(e\))?", "representative"),
    (r"representante\(?s?\)?", "representative"),
    (r"representantes?", "representative"),
    (r"d[ée]l[ée]gu[ée]e?s? titulaires?", "representative"),
    (r"delegad[oa]s? titular(?:es)?", "representative"),
    (r"titular(?:es)?", "representative"),
    (r"titulaires?", "representative"),
    (r"advis[eo]rs?", "adviser"),
    (r"technical advis[eo]rs?", "adviser"),
    (r"conseill[eè]re?s?(?:\([eè]re\))?(?: technique)?", "adviser"),
    (r"conseill[eè]res? techniques?", "adviser"),
    (r"asesor(?:a|es|as)?(?:\(a\))?(?: t[ée]cnic[oa]s?)?", "adviser"),
    (r"suplentes?", "adviser"),
    (r"d[ée]l[ée]gu[ée]e?s? suppl[ée]ant(?:e)?s?", "adviser"),
    (r"suppl[ée]ant(?:e)?s?", "adviser"),
    (r"alternates?", "adviser"),
    (r"observers?", "observer"),
    (r"observat(?:eur|rice)s?", "observer"),
    (r"observador(?:a|es|as)?", "observer"),
]
ROLE_RE = "|".join(f"(?:{p})" for p, _ in ROLE_WORDS)


def role_of(word: str) -> str | None:
    """The role a role word names ("Conseillère" -> adviser)."""
    w = word.strip().lower()
    for pattern, role in ROLE_WORDS:
        if re.fullmatch(pattern, w):
            return role
    # Longer phrases ("Government Representative", "Role: Adviser"): look inside.
    for pattern, role in ROLE_WORDS:
        if re.search(rf"\b(?:{pattern})\b", w):
            return role
    return None


# Grammatical gender of titles and role words (French and Spanish).
FEMININE_WORDS = {
    "directrice", "directora", "sous-directrice", "subdirectora", "conseillère", "cheffe", "chargée",
    "attachée", "jefa", "coordinadora", "coordonnatrice", "coordinatrice", "asesora", "viceministra",
    "ministra", "subsecretaria", "secretaria", "embajadora", "consejera", "técnica", "primera",
    "licenciada", "abogada", "ingeniera", "doctora", "presidenta", "inspectrice", "inspectora",
    "représentante", "observadora", "observatrice", "administradora", "gerenta", "analista-", "experte",
    "encargada", "especialista-", "agente-", "déléguée", "delegada", "suplente-", "suppléante",
    "ambassadrice", "responsable-", "superintendenta", "comisionada", "viceministre-", "fonctionnaire-",
}
MASCULINE_WORDS = {
    "directeur", "director", "sous-directeur", "subdirector", "conseiller", "chargé", "attaché", "jefe",
    "coordinador", "coordonnateur", "coordinateur", "asesor", "viceministro", "ministro", "subsecretario",
    "secretario", "embajador", "consejero", "técnico", "primer", "licenciado", "abogado", "ingeniero",
    "inspecteur", "inspector", "représentant", "observador", "observateur", "administrador", "gerente-",
    "expert", "encargado", "délégué", "delegado", "suppléant", "ambassadeur", "superintendente-",
    "comisionado",
}

# Words that begin a job title (used to stop a name and to tell a title line).
TITLE_WORDS = {
    "director", "directeur", "directrice", "directora", "head", "chief", "chef", "cheffe", "jefe", "jefa",
    "minister", "ministre", "ministro", "ministra", "secretary", "secrétaire", "secretario", "secretaria",
    "officer", "counsellor", "counselor", "conseiller", "conseillère", "consejero", "consejera", "adviser",
    "advisor", "asesor", "asesora", "deputy", "assistant", "senior", "principal", "commissioner",
    "attaché", "attache", "attachée", "specialist", "spécialiste", "especialista", "expert", "experte",
    "ambassador", "ambassadeur", "embajador", "embajadora", "representative", "représentant",
    "représentante", "representante", "permanent", "ministry", "ministère", "ministerio", "department",
    "département", "departamento", "under", "sous-directeur", "sous-directrice", "subdirector",
    "subdirectora", "subsecretario", "subsecretaria", "viceministro", "viceministra", "vice-minister",
    "coordinator", "coordinador", "coordinadora", "coordonnateur", "chargé", "chargée", "analyst",
    "analyste", "analista", "programme", "program", "policy", "labour", "labor", "first", "second",
    "third", "executive", "general", "president", "président", "présidente", "presidente", "presidenta",
    "inspector", "inspecteur", "manager", "professor", "state", "joint", "additional", "legal",
    "technical", "technique", "técnico", "técnica", "profesional", "professional", "officier",
    "conseiller", "administrateur", "administrator", "division", "unit", "section", "service",
    "dirección", "direction", "direcció", "oficina", "bureau", "office", "mission", "misión",
    "délégué", "délégation", "delegación", "delegation", "encargado", "encargada", "vice", "lead",
    "team", "acting", "interim", "superintendent", "superintendente", "comisionado", "comisionada",
    "gerente", "national", "nacional", "regional", "ministerial", "minister-counsellor", "coordinatrice",
    "attach", "intendant", "juriste", "lawyer", "economist", "économiste", "economista", "researcher",
    "chercheur", "investigador", "investigadora", "inspectora", "inspectrice",
}

# Attendance. Each pattern is searched in lower-cased text.
IN_PERSON = [
    r"in[- ]person", r"\bphysically\b", r"\bpersonally\b", r"\bon[- ]site\b", r"will travel to geneva",
    r"come to geneva", r"attend(?:ing)? physically", r"en pr[ée]sentiel", r"\bpr[ée]sentiel(?:le)?\b",
    r"en personne", r"se rendra à gen[èe]ve", r"sur place", r"\bpresencial(?:mente)?\b", r"en persona",
    r"physical (?:attendance|participation)", r"face[- ]to[- ]face", r"^\s*physical\s*$", r"\bpresencialmente\b",
    r"\bphysically present\b", r"\bpr[ée]sence physique\b",
    r"\bpresent in geneva\b", r"\bse\s+rendr(?:a|ont)\s+[àa]\s+gen[èe]ve\b", r"\bviajar[áa]n?\s+a\s+ginebra\b", r"\btravel(?:ling)?\s+to\s+geneva\b",
    r"^\s*physical\s*\([^)\n]*\)\s*$", r"\bpr[ée]sente?s? [àa] gen[èe]ve\b", r"\bpresentes? en ginebra\b",
]
REMOTE = [
    r"\bremote(?:ly)?\b", r"\bonline\b", r"\bon-line\b", r"\bvirtual(?:ly)?\b", r"\bvideo ?conferenc\w*",
    r"\bvia (?:zoom|teams|webex|interprefy)\b", r"\bby video\b", r"à distance", r"\ben ligne\b",
    r"visio-?conf[ée]rence", r"\bvisio\b", r"\bvirtuellement\b", r"\bdistanciel\b", r"\bvirtualmente\b",
    r"en l[íi]nea", r"\ba distancia\b", r"\bremota(?:mente)?\b", r"\btelem[áa]tic\w*", r"\bvideoconferencia\b",
    r"\bdistance\b(?! from)",
]
IN_PERSON_RE = re.compile("|".join(IN_PERSON))
REMOTE_RE = re.compile("|".join(REMOTE))
# Words that make an attendance statement uncertain (visa pending, "if", "otherwise").
CONDITIONAL_RE = re.compile(
    r"\bif\b|\bprovided\b|\bsubject to\b|\bdepend\w*|\botherwise\b|\bunless\b|\bpending\b|\bmay\b|\bmight\b"
    r"|\bsi (?:le|la|les|l'|son|sa|ses|elle|il)\b|\bs'il\b|\bsous r[ée]serve\b|\bsinon\b|\bselon que\b|\ben fonction de\b"
    r"|\bsi (?:se|el|la|le|su|obtiene|recibe|es)\b|\bsiempre que\b|\bde lo contrario\b|\ben caso de\b|\bsujet[oa] a\b"
    r"|\bpossibly\b|\bnot yet (?:confirmed|decided)\b|\bto be confirmed\b|\btbc\b|\bà confirmer\b|\bpor confirmar\b"
    r"|\bpeut-être\b|\bquizás?\b|\bposiblemente\b|\bpossiblement\b|\beither\b|\bor remotely\b|\bou à distance\b"
    r"|\bo (?:de manera )?virtual\b"
)

# Whole-delegation statements: "Both officers", "Les deux participants", "ambos funcionarios".
GROUP_RE = re.compile(
    r"\b(?:both|all(?: the)?|the two|our two|each of the|les deux|tous les|toutes les|l'ensemble des|chacun des|tous deux|toutes deux"
    r"|ambos|ambas|los dos|las dos|todos los|todas las|cada uno de los)\b"
    r"(?:\s+\w+){0,2}?\s*(?:officers?|officials?|participants?|delegates?|nominees?|members?|persons?|representatives?"
    r"|of them|will|would|shall|are|participantes|funcionari[oa]s|delegad[oa]s|personas|miembros|représentants"
    r"|délégués|déléguées|fonctionnaires|personnes|membres|participeront|participarán|asistirán|designad[oa]s|se rendront|viajarán"
    r"|servidores|servidoras|experts|expertos|agents)\b"
    r"|\b(?:the|our|la|notre|nuestra|toute la|toda la) (?:whole |entire )?(?:delegation|délégation|delegación)\b"
    r"(?= (?:will|shall|participera|participará|asistirá|is|sera|será))"
    r"|\bboth will\b|\bthey will\b|\bils participeront\b|\belles participeront\b",
    re.I,
)

# Closing formulas: after one of these the sender signs; nominees are not read past them.
CLOSING_RE = re.compile(
    r"^\s*(?:with )?(?:best|kind|warm|warmest|kindest)?\s*regards\b|^\s*regards\b|^\s*sincerely\b|^\s*yours (?:sincerely|faithfully|truly)\b"
    r"|^\s*thank you\b|^\s*thanks\b|^\s*many thanks\b|^\s*best wishes\b|^\s*respectfully\b|^\s*cordially\b"
    r"|^\s*(?:bien )?cordialement\b|^\s*bien à vous\b|^\s*(?:avec )?(?:mes|nos)? ?(?:sinc[èe]res )?salutations\b|^\s*salutations\b"
    r"|^\s*je vous prie d'agr[ée]er|^\s*veuillez agr[ée]er|^\s*nous vous prions d'agr[ée]er|^\s*restant à votre disposition"
    r"|^\s*dans l'attente|^\s*merci\b|^\s*(?:très )?respectueusement\b|^\s*sentiments\b"
    r"|^\s*atentamente\b|^\s*(?:muy )?cordialmente\b|^\s*(?:un )?(?:cordial(?:es)? )?saludos?\b|^\s*sin otro particular\b|^\s*quedamos atentos\b"
    r"|^\s*agradec\w+|^\s*reciba\w* (?:un )?(?:cordial )?saludo|^\s*con (?:sentimientos|las seguridades)|^\s*aprovech\w+ la ocasi[óo]n"
    r"|^\s*le saluda\b|^\s*se despide\b|^\s*gracias\b|^\s*muchas gracias\b|^\s*atte\.?\s*$|^\s*saludos cordiales\b"
    r"|.*\bavails itself of this opportunity\b|.*\bsaisit cette occasion\b|.*\bhace propicia la oportunidad\b"
    r"|.*\baprovecha (?:la|esta) (?:ocasi[óo]n|oportunidad)\b|.*\bprésente ses compliments\b.*\brenouveler\b"
    r"|^\s*please accept\b.*\bassurances?\b|^\s*accept,? .*\bassurances?\b|^\s*we (?:trust|hope) that\b"
    r"|^\s*(?:please )?(?:do not|don['’]t) hesitate\b|^\s*n'h[ée]sitez pas\b|^\s*no dude\w* en\b"
    r"|^\s*--\s*$|^\s*sent from my\b|^\s*envoy[ée] de mon\b|^\s*enviado desde\b"
    r"|^\s*(?:cc|copy to|copie à|copia|c\.c\.)\s*:",
    re.I,
)

# Nomination wording: the message names people for the meeting.
NOMINATION_RE = re.compile(
    r"\bnominat\w*|\bdesignat\w*|\bd[ée]sign\w*|\bdesign[aóoe]\w*|\bappoint\w*|\bto represent\b|\bpour repr[ée]senter\b"
    r"|\brepresentar[áa]?n?\b|\brepr[ée]sentera\b|\bwill represent\b|\bwill be represented\b|\bsera repr[ée]sent[ée]e?\b"
    r"|\bestar[íi]a representad[oa]\b|\bwould be represented\b|\bwill serve as\b|\bserve as\b"
    r"|\bcomposition (?:of|de) (?:the |la |our )?d[ée]l[ée]gation|\bconformaci[óo]n de la delegaci[óo]n|\bcomposici[óo]n de la delegaci[óo]n"
    r"|\bdelegation (?:will be|is) (?:as follows|composed)|\bd[ée]l[ée]gation (?:sera|est) compos[ée]e|\bdelegaci[óo]n (?:estar[áa]|est[áa]) (?:integrada|compuesta|conformada)"
    r"|\bthe following (?:persons?|officials?|officers?|nominations?|delegation|participants?|delegates?)"
    r"|\bles personnes? suivantes?|\blas siguientes personas|\blos siguientes funcionarios|\bfollowing delegation|\bsiguiente delegaci[óo]n"
    r"|\bliste des d[ée]l[ée]gu[ée]s\b|\blist of (?:the )?delegates\b|\blista de (?:los )?delegados\b"
    r"|\bI will be the (?:government )?representative\b|\bje serai (?:le|la) repr[ée]sentant|\bser[ée] (?:el|la) representante\b"
    r"|\bwill (?:take part|participate|attend)\b|\bprendra part\b|\bparticipera\b|\bparticipar[áa]n?\b|\basistir[áa]n?\b"
    r"|\bwould like to (?:take part|participate)\b|\bwishes to participate\b|\bsouhaite participer\b|\bdesea participar\b"
    # A government confirming or announcing its participation, names to follow.
    r"|\b(?:confirm\w*|announc\w*|annonc\w*|confirmar?\w*|anunci\w*)\b[^.;]{0,25}\bparticipa(?:tion|ci[óo]n)\b"
    r"|\bcomposition (?:of|de) (?:its|sa|notre|their) d[ée]l[ée]gation|\bintegraci[óo]n de (?:su|la|nuestra) delegaci[óo]n"
    r"|\bdelegaci[óo]n\b[^.\n]{0,60}\bintegrada por\b",
    re.I,
)
# A role given as a label: "Representative:" "Conseillère :" "Observer:"
ROLE_LABEL_RE = re.compile(rf"(?im)^[{BLANK}\-•*·\d.()ivx]*(?:government |governmental )?(?:{ROLE_RE})(?: (?:du|of the|del) gou?v\w+| gubernamental)?\s*:")

OBSERVER_RE = re.compile(
    r"\bas (?:an? )?observers?\b|\bobserver status\b|\bobserver government\b|\bstatus of (?:an )?observer\b|\bin (?:an|the) observer capacity\b"
    r"|\bas observer\b|^[" + BLANK + r"]*observers?\s*:|\ben qualit[ée] d['’]observat(?:eur|rice)s?\b|\bcomme observat(?:eur|rice)s?\b"
    r"|\bstatut d['’]observat(?:eur|rice)\b|\ben calidad de observador(?:a|es|as)?\b|\bcomo observador(?:a|es|as)?\b"
    r"|\bcondici[óo]n de observador(?:a)?\b|\bestatus de observador(?:a)?\b|\bobservadora?\s*:|\bobservat(?:eur|rice)\s*:"
    .replace(" ", r"\s+"),  # a phrase may be broken over two lines ("en calidad de\nobservador")
    re.I | re.M,
)

WITHDRAWAL_RE = re.compile(
    r"\bwithdraw\w*|\bretir(?:e|er|ons|ez|ar|amos|a)\b.*\b(?:nomination|d[ée]signation|designaci[óo]n|candidat\w*|participation|participaci[óo]n)"
    r"|\bwill not be able to (?:participate|attend|take part)\b|\bwill not (?:participate|attend|take part)\b|\bunable to (?:participate|attend)\b"
    r"|\bno (?:podr[áa]n?|va a poder) (?:asistir|participar)\b|\bno participar[áa]n?\b|\bdejar sin efecto\b|\bquede sin efecto\b"
    r"|\bne (?:pourra|pourront|sera|seront) (?:pas|plus) (?:en mesure de )?(?:participer|prendre part|assister|pr[ée]sent)"
    r"|\bannul\w* (?:la|notre|sa) (?:d[ée]signation|participation)|\bcancel\w* (?:the|our|its) (?:nomination|participation)"
    r"|\bdesist\w*|\bretrait\b|\brenonce\w*|\bdecline\w* (?:the|your) invitation\b",
    re.I,
)
REPLACEMENT_RE = re.compile(
    r"\breplac\w*|\binstead of\b|\bin place of\b|\bsubstitut\w*|\bremplac\w*|\ben lieu et place\b|\bau lieu de\b"
    r"|\breemplaz\w*|\bsustitu\w*|\ben lugar de\b|\ben reemplazo\b|\ben su lugar\b|\bà sa place\b|\bin (?:his|her|their) (?:place|stead)\b",
    re.I,
)
AMENDMENT_RE = re.compile(
    r"\bamend\w*|\bmodificati\w*|\bmodifi(?:ons|er|cation)\b|\brectifi\w*|\bcorrigendum\b|\berratum\b"
    r"|\bchange (?:of|in|to) (?:the |our )?(?:representative|adviser|delegation|nomination|attendance|participation)"
    r"|\bfurther to our (?:e-?mail|letter|note|message|nomination)|\bfollowing (?:up on )?our (?:e-?mail|letter|note|nomination) of"
    r"|\b(?:our|my) (?:previous|earlier|initial) (?:e-?mail|letter|note|nomination|message)"
    r"|\b(?:notre|ma) (?:lettre|note|correspondance|message|courriel)(?: de d[ée]signation)? (?:du|n°|citée|susvisée)"
    r"|\bmodificatif\b|\binitialement\b|\boriginally\b|\binicialmente\b|\bfinalement\b|\bwill no longer\b|\bne pourra plus\b|\bya no podr[áa]\b"
    r"|\ben complemento a\b|\bcomplementa\w*|\bse agrega\w*|\bagregar\w*|\bse a[ñn]ad\w*|\bs'ajout\w*|\bajout\w* (?:à la|a la) d[ée]l[ée]gation"
    r"|\badd(?:ed|ing)? (?:to (?:the|our) delegation|an? (?:additional )?(?:adviser|advisor))|\badditional (?:adviser|advisor|delegate)"
    r"|\bupdate[ds]? (?:to )?(?:our|the) (?:nomination|delegation)|\bautres [ée]l[ée]ments\b.*\binchang[ée]s?"
    r"|\bremains? unchanged\b|\bother details\b.*\bunchanged\b|\brestent inchang[ée]s\b|\bsin (?:otros )?cambios\b|\bsin modificaci[óo]n\b"
    r"|\bwill now (?:attend|participate|join|take part)\b|\bparticipera (?:d[ée]sormais|finalement)\b|\bahora (?:participar[áa]|asistir[áa])\b"
    r"|\bno longer (?:be )?able\b|\bchange (?:of|in) (?:attendance|mode|modalit\w*)|\bchangement de (?:modalit[ée]|repr[ée]sentant\w*|conseill\w*)"
    r"|\bcambio de (?:modalidad|representante|asesor\w*)\b|\bajout d'un(?:e)? (?:conseill\w*|d[ée]l[ée]gu\w*)|\badicion\w* (?:de )?(?:un|una) asesor\w*",
    re.I,
)
INQUIRY_RE = re.compile(
    r"\?|\bcould you\b|\bwould you\b|\bcan you\b|\bplease (?:let us know|advise|confirm|send|inform|provide)\b"
    r"|\bwe would (?:be grateful|appreciate|like to know)\b|\bkindly (?:issue|send|provide|advise|confirm|let)\b"
    r"|\bvisa\b|\bhotel|\baccommodation\b|\bshuttle\b|\blink\b|\binvitation letter\b|\bsupport letter\b"
    r"|\bnous vous saurions gr[ée]|\bpourriez-vous\b|\bpouvez-vous\b|\bliste des h[ôo]tels\b|\bnavette\b|\bh[ée]bergement\b"
    r"|\bquisi[ée]ramos saber\b|\bpodr[íi]an\b|\bpodr[íi]a\b|\ble(?:s)? agradecer[íi]amos\b|\bsolicit\w+ (?:informaci[óo]n|una carta)"
    r"|\bconsulta\b|\binforme\b|\bhotel(?:es)?\b|\balojamiento\b|\bwe have not (?:yet )?received\b",
    re.I,
)
# The message concerns a meeting of this kind at all (else it is "other").
MEETING_RE = re.compile(
    r"\bILO\b|\bOIT\b|\bBIT\b|\bInternational Labou?r (?:Office|Organi[sz]ation|Conference)\b|\bOrgani[sz]ation internationale du Travail\b"
    r"|\bOrganizaci[óo]n Internacional del Trabajo\b|\bOficina Internacional del Trabajo\b|\bBureau international du Travail\b"
    r"|\btechnical meeting\b|\br[ée]union technique\b|\breuni[óo]n t[ée]cnica\b|\bsectoral\b|\bsectoriel\w*|\bsectorial\w*",
    re.I,
)
AUTO_SUBJECT_RE = re.compile(
    r"^\s*(?:automatic reply|auto(?:matic)?[- ]?reply|auto[- ]?response|out of (?:the )?office|absence|absent"
    r"|r[ée]ponse automatique|respuesta autom[áa]tica|fuera de (?:la )?oficina|abwesenheit|autosvar|automatisch"
    r"|r[ée]ponse d'absence|message d'absence|vacation|on leave|away from)\b",
    re.I,
)
AUTO_BODY_RE = re.compile(
    r"\bout of (?:the )?office\b|\bI am (?:currently )?(?:away|on (?:annual )?leave|travelling|on mission)\b|\blimited access to (?:my )?e-?mail"
    r"|\babsente? du bureau\b|\ben mission (?:à l'extérieur|du|jusqu)|\bacc[èe]s limit[ée] à (?:ma|mes)\b|\bje suis absente?\b"
    r"|\bfuera de la oficina\b|\bme encuentro fuera\b|\bacceso limitado\b|\bestar[ée] ausente\b|\bde vacaciones\b|\bpor vacaciones\b",
    re.I,
)
BOUNCE_SUBJECT_RE = re.compile(
    r"^\s*(?:undeliver(?:able|ed)|undelivered mail|delivery (?:status notification|failure|has failed)|mail delivery (?:failed|failure|system)"
    r"|returned mail|failure notice|non remis|non distribuable|no se puede entregar|no entregado|unzustellbar|delivery notification)",
    re.I,
)
NEWSLETTER_RE = re.compile(
    r"\bunsubscribe\b|\bse d[ée]sabonner\b|\bd[ée]sinscri\w+|\bdarse de baja\b|\bcancelar (?:la )?suscripci[óo]n\b|\bnewsletter\b"
    r"|\bview (?:this email )?in (?:your )?browser\b|\bspecial offer\b|\bdiscount\b|\bpromo(?:tion)? code\b|\b\d+% off\b",
    re.I,
)
ACCESSIBILITY_RE = re.compile(
    r"\bdisab\w+|\bwheel ?chair\w*|\bsign language\b|\bhearing (?:impair\w*|loop|aid)|\bdeaf\b|\bblind\b|\bvisually impaired\b"
    r"|\bpartially sighted\b|\bbraille\b|\bstep-free\b|\breduced mobility\b|\bmobility (?:impair\w*|aid|needs)\b|\baccessib\w+"
    r"|\bassistance needs?\b|\bspecial (?:assistance|needs|requirements|arrangements)\b|\bcaptioning\b|\bpersonal assistant\b"
    r"|\bhandicap\w*|\bfauteuil roulant\b|\blangue des signes\b|\bmalvoyant\w*|\bnon-?voyant\w*|\bsourd\w*|\bmalentendant\w*"
    r"|\bmobilit[ée] r[ée]duite\b|\bbesoins? sp[ée]cifiques?\b|\baccompagnat(?:eur|rice)\b"
    r"|\bdiscapacidad\w*|\bsilla de ruedas\b|\blengua de señas\b|\blenguaje de señas\b|\bsord[oa]s?\b|\bciego\w*|\bmovilidad reducida\b"
    r"|\bnecesidades especiales\b|\basistencia especial\b|\bint[ée]rprete de (?:lengua de )?señas\b",
    re.I,
)
# Phrases that are about accessibility in general, not a need (the invitation's own paragraph).
ACCESSIBILITY_GENERIC_RE = re.compile(r"persons? with disabilities are fully|personnes handicap[ée]es sont pleinement|personas con discapacidad est[áa]n plena", re.I)

ATTACHMENT_REF_RE = re.compile(
    r"\battach\w*|\benclos\w*|\bci-joint\w*|\ben (?:pi[èe]ce jointe|annexe)|\bjoint\w* (?:à|au) pr[ée]sent|\badjunt\w*|\banexo\w*|\bscann\w*",
    re.I,
)
FORWARD_SUBJECT_RE = re.compile(r"^\s*(?:(?:re|tr|fw|fwd|rv|enc|wg|aw|r|ref)\s*:\s*)*(?:tr|fw|fwd|rv|enc|wg)\s*:", re.I)


def fold(text: str) -> str:
    """Lower-case without accents: for comparing names and e-mail local parts."""
    nfkd = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in nfkd if not unicodedata.combining(ch)).casefold()
