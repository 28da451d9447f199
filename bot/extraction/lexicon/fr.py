"""French vocabulary: the same names as every language file (see the package's docstring)."""
from __future__ import annotations

RANK = 1
NAME = "Français"  # the language in its own name, as the reply composer offers it
GRAMMATICAL_GENDER = True  # "Conseillère", "Directeur": the word tells the person's gender
ACCENTED = True  # "Hélène", "Lefèvre": Tesseract reading it first keeps accents

HONORIFICS: dict[str, str | None] = {
    "Monsieur": "male", "M": "male", "Mons": "male",
    "Madame": "female", "Mme": "female", "Mlle": "female", "Mademoiselle": "female",
    "Pr": None, "S.E": None, "Me": None,
    # Written in running text without a capital: "le sieur", "monsieur le ministre".
    "monsieur": "male", "madame": "female",
}
HONORIFIC_FORMS: dict[str, str] = {"M": r"M\."}  # French M. only with its dot
HONORIFICS_DOT_ONLY: set[str] = {"Me", "Pr"}

ROLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"chef(?:fe)? de (?:la )?d[ée]l[ée]gation", "representative"),
    (r"repr[ée]sentant(?:e)?s?(?:\(e\))?", "representative"),
    (r"d[ée]l[ée]gu[ée]e?s? titulaires?", "representative"),
    (r"titulaires?", "representative"),
    (r"conseill[eè]re?s?(?:\([eè]re\))?(?: technique)?", "adviser"),
    (r"conseill[eè]res? techniques?", "adviser"),
    (r"d[ée]l[ée]gu[ée]e?s? suppl[ée]ant(?:e)?s?", "adviser"),
    (r"suppl[ée]ant(?:e)?s?", "adviser"),
    (r"observat(?:eur|rice)s?", "observer"),
)
ROLE_BY_ANALOGY = {r"d[ée]l[ée]gu[ée]e?s? suppl[ée]ant(?:e)?s?", r"suppl[ée]ant(?:e)?s?"}
FEMININE_WORDS = {
    "directrice", "sous-directrice", "conseillère", "cheffe", "chargée", "attachée", "coordonnatrice", "coordinatrice",
    "inspectrice", "représentante", "observatrice", "experte", "déléguée", "suppléante", "ambassadrice",
    "responsable-", "viceministre-", "fonctionnaire-",
}
MASCULINE_WORDS = {
    "directeur", "sous-directeur", "conseiller", "chargé", "attaché", "coordonnateur", "coordinateur", "inspecteur",
    "représentant", "observateur", "expert", "délégué", "suppléant", "ambassadeur",
}
TITLE_WORDS = {
    "directeur", "directrice", "chef", "cheffe", "ministre", "secrétaire", "conseiller", "conseillère", "attaché",
    "collaborateur", "collaboratrice",
    "attachée", "spécialiste", "expert", "experte", "ambassadeur", "représentant", "représentante", "ministère",
    "département", "sous-directeur", "sous-directrice", "coordonnateur", "chargé", "chargée", "analyste", "président",
    "présidente", "inspecteur", "technique", "officier", "administrateur", "direction", "bureau", "mission", "délégué",
    "délégation", "national", "regional", "coordinatrice", "intendant", "juriste", "économiste", "chercheur",
    "inspectrice",
}

IN_PERSON = (
    r"en pr[ée]sentiel", r"\bpr[ée]sentiel(?:le)?\b", r"en personne", r"se rendra à gen[èe]ve", r"sur place",
    r"\bpr[ée]sence physique\b", r"\bse\s+rendr(?:a|ont)\s+[àa]\s+gen[èe]ve\b", r"\bpr[ée]sente?s? [àa] gen[èe]ve\b",
    r"\b(?:fera|feront|effectuera|effectueront) le (?:d[ée]placement|voyage) (?:[àa]|de) gen[èe]ve\b",
    r"\bse d[ée]placer(?:a|ont) [àa] gen[èe]ve\b",
    r"\bse\s+rendr(?:a|ont)\s+(?:au\s+(?:bit|si[èe]ge)|[àa]\s+l['’]oit)\b",
)
REMOTE = (
    r"à distance", r"\ben ligne\b", r"visio-?conf[ée]rence", r"\bvisio\b", r"\bvirtuellement\b", r"\bdistanciel\b",
)
CONDITIONAL = (
    r"\bsi (?:le|la|les|l'|son|sa|ses|elle|il)\b", r"\bs'il\b", r"\bsous r[ée]serve\b", r"\bsinon\b", r"\bselon que\b",
    r"\ben fonction de\b", r"\bà confirmer\b", r"\bpeut-être\b", r"\bpossiblement\b", r"\bou à distance\b",
)

GROUP_WHO = ("les deux", "tous les", "toutes les", "l'ensemble des", "chacun des", "tous deux", "toutes deux")
GROUP_NOUNS = (
    "représentants", "délégués", "déléguées", "fonctionnaires", "personnes", "membres", "participeront", "se rendront",
    "experts", "agents",
)
GROUP_OUR = ("la", "notre", "toute la")
GROUP_WHOLE: tuple[str, ...] = ()
DELEGATION = ("délégation",)
GROUP_DELEGATION_VERBS = ("participera", "sera")
GROUP_THEY = (r"\bils participeront\b", r"\belles participeront\b")

CLOSING = (
    r"^\s*(?:bien )?cordialement\b", r"^\s*bien à vous\b", r"^\s*(?:avec )?(?:mes|nos)? ?(?:sinc[èe]res )?salutations\b",
    r"^\s*salutations\b", r"^\s*je vous prie d'agr[ée]er", r"^\s*veuillez agr[ée]er", r"^\s*nous vous prions d'agr[ée]er",
    r"^\s*restant à votre disposition", r"^\s*dans l'attente", r"^\s*merci\b", r"^\s*(?:très )?respectueusement\b",
    r"^\s*sentiments\b", r".*\bsaisit cette occasion\b", r".*\bprésente ses compliments\b.*\brenouveler\b",
    r"^\s*n'h[ée]sitez pas\b", r"^\s*envoy[ée] de mon\b", r"^\s*copie à\s*:",
)
CC_LABELS = (r"copie(?:s)? [àa]",)
NOMINATION = (
    r"\bd[ée]sign\w*", r"\bpour repr[ée]senter\b", r"\brepr[ée]sentera\b", r"\bsera repr[ée]sent[ée]e?\b",
    r"\bd[ée]l[ée]gation (?:sera|est) compos[ée]e", r"\bles personnes? suivantes?", r"\bliste des d[ée]l[ée]gu[ée]s\b",
    r"\bje serai (?:le|la) repr[ée]sentant", r"\bprendra part\b", r"\bparticipera\b", r"\bsouhaite participer\b",
    r"\bannonc\w*\b[^.;]{0,25}\bparticipa(?:tion|ci[óo]n)\b",
)
# A phrase may be broken over two lines ("en qualité\nd'observateur").
OBSERVER = (
    r"\ben\s+qualit[ée]\s+d['’]observat(?:eur|rice)s?\b", r"\bcomme\s+observat(?:eur|rice)s?\b",
    r"\bstatut\s+d['’]observat(?:eur|rice)\b", r"\bobservat(?:eur|rice)\s*:",
)
# A reference to an earlier message ("Suite à notre courriel du 11 mars retirant ...").
EARLIER_MESSAGE = (
    r"\b(?:suite [àa]|faisant suite [àa]|en r[ée]f[ée]rence [àa]|me r[ée]f[ée]rant [àa])\s+"
    r"(?:notre|mon|ma|la|le)\s+(?:(?:pr[ée]c[ée]dente?|dernier|derni[èe]re)\s+)?"
    r"(?:courriel|lettre|note(?: verbale)?|message|correspondance|communication)\b"
    r"(?:(?!\b(?:nous|je|le gouvernement)\b)[^.;,\n]){0,100}",
)
WITHDRAWAL = (
    r"\bretir(?:e|er|ons|ez)\b.*\b(?:nomination|d[ée]signation|designaci[óo]n|candidat\w*|participation|participaci[óo]n)",
    r"\bne (?:pourra|pourront|sera|seront) (?:pas|plus) (?:en mesure de )?(?:participer|prendre part|assister|pr[ée]sent)",
    r"\bannul\w* (?:la|notre|sa) (?:d[ée]signation|participation)", r"\bretrait\b", r"\brenonce\w*",
)
REPLACEMENT = (r"\bremplac\w*", r"\ben lieu et place\b", r"\bau lieu d(?:e\b|u\b|es\b|['’])", r"\bà sa place\b")
AMENDMENT = (
    r"\bmodifi(?:ons|er|cation)\b",
    r"\b(?:notre|ma) (?:lettre|note|correspondance|message|courriel)(?: de d[ée]signation)? (?:du|n°|citée|susvisée)",
    r"\bmodificatif\b", r"\binitialement\b", r"\bfinalement\b", r"\bne pourra plus\b", r"\bs'ajout\w*",
    r"\bajout\w* (?:à la|a la) d[ée]l[ée]gation", r"\bautres [ée]l[ée]ments\b.*\binchang[ée]s?", r"\brestent inchang[ée]s\b",
    r"\bparticipera (?:d[ée]sormais|finalement)\b", r"\bchangement de (?:modalit[ée]|repr[ée]sentant\w*|conseill\w*)",
    r"\bajout d'un(?:e)? (?:conseill\w*|d[ée]l[ée]gu\w*)",
)
INQUIRY = (
    r"\bnous vous saurions gr[ée]", r"\bpourriez-vous\b", r"\bpouvez-vous\b",
)
PERSON_REQUEST = (r"\bvisas?\b", r"\bh[ôo]tels?\b", r"\bnavette\b", r"\bh[ée]bergement\b")
MEETING = (r"\bOIT\b", r"\bBIT\b", r"\bOrgani[sz]ation internationale du Travail\b", r"\bBureau international du Travail\b",
           r"\br[ée]union technique\b", r"\bsectoriel\w*")
AUTO_SUBJECT = ("r[ée]ponse automatique", "r[ée]ponse d'absence", "message d'absence")
AUTO_BODY = (
    r"\babsente? du bureau\b", r"\ben mission (?:à l'extérieur|du|jusqu)", r"\bacc[èe]s limit[ée] à (?:ma|mes)\b",
    r"\bje suis absente?\b",
)
BOUNCE_SUBJECT = ("non remis", "non distribuable")
NEWSLETTER = (r"\bse d[ée]sabonner\b", r"\bd[ée]sinscri\w+")
ACCESSIBILITY = (
    r"\bhandicap\w*", r"\bfauteuil roulant\b", r"\blangue des signes\b", r"\bmalvoyant\w*", r"\bnon-?voyant\w*", r"\bsourd\w*",
    r"\bmalentendant\w*", r"\bmobilit[ée] r[ée]duite\b", r"\bbesoins? sp[ée]cifiques?\b", r"\baccompagnat(?:eur|rice)\b",
)
ACCESSIBILITY_GENERIC = ("personnes handicap[ée]es sont pleinement",)
ATTACHMENT_REF = (r"\bci-joint\w*", r"\ben (?:pi[èe]ce jointe|annexe)", r"\bjoint\w* (?:à|au) pr[ée]sent")
REPLY_PREFIXES: tuple[str, ...] = ()
FORWARD_PREFIXES = ("tr",)
FORWARD_MARKS = (r"d[ée]but du message r[ée]exp[ée]di[ée]", r"message transf[ée]r[ée]", r"courriel transf[ée]r[ée]")
ORIGINAL_MARKS = ("message d'origine", "message d’origine", "message original")
QUOTE_HEADER_KEYS: dict[str, tuple[str, ...]] = {
    # ("Sujet :" and "Pour :": Thunderbird's forward in French)
    "from": ("de",), "date": (r"envoy[ée](?: le)?",), "to": ("[àa]", "pour"), "cc": ("cci", "copie"),
    "subject": ("objet", "sujet"),
}
ATTRIBUTION_END = ("a [ée]crit",)
ATTRIBUTION_START = ("le",)
INVITATION_START = (r"[àa] tous les [ée]tats membres", r"aux [ée]tats membres de l")
INVITATION_PHRASES = (
    r"envoyer une lettre de d[ée]signation", r"r[èe]glement des r[ée]unions techniques", "inviter votre gouvernement",
    r"d[ée]l[ée]gu[ée]s handicap[ée]s",
)
POSTAL = (r"av\.", r"rue", r"b\.?p\.")

STATEMENT_REPLACE = (
    r"\bremplac\w*", r"\ba la place d(?:e|u|es)\b", r"\ba sa place\b", r"\ben lieu et place\b", r"\bau lieu d(?:e\b|u\b|es\b|['’])", r"\bsuccede\w*",
)
# What a replacement replaces when it is a document ("annule et remplace notre lettre du ...").
REPLACED_DOCUMENT = (
    r"(?:(?:notre|nos|la|le|les|ma|mon|sa|son|cette|ce)\s+)?(?:(?:precedente?|premiere?)\s+)?"
    r"(?:lettre|note(?: verbale)?|courrier|courriel|message|correspondance|communication)\b",
)
STATEMENT_WITHDRAW = (
    r"\bne (?:pourra|pourront|peut|peuvent|sera|seront|participera|participeront|assistera|assisteront|fera|feront|fait|font)\b"
    r"[^.;]{0,40}?\b(?:pas|plus)\b",
    r"\bretir\w*", r"\bannul\w*", r"\bdesist\w*", r"\brenonc\w*",
)
# A name corrected in words ("le nom de notre conseiller doit se lire ...").
STATEMENT_NAME = (
    r"\bnom(?:\s+\S+){0,5}?\s+(?:doit se lire|doit [êe]tre lu|s'[ée]crit|s’[ée]crit|est orthographi[ée])\s*:?\s*",
    r"\bil (?:faut|convient de) lire\s*:?\s*",
    r"\b(?:orthographe|graphie) (?:correcte|exacte)(?:\s+\S+){0,4}?\s+est\s*:?\s*",
    r"\bnom (?:correct|exact)(?:\s+\S+){0,4}?\s+est\s*:?\s*",
)
# Asking us to bring our records in line ("Nous vous saurions gré de bien vouloir mettre à
# jour vos registres en conséquence").
RECORD_UPDATE = (
    r"\b(?:nous vous saurions gr[ée]|je vous saurais gr[ée]|pourriez-vous|pouvez-vous|merci|je vous prie|nous vous prions)\b"
    r"[^.?!\n]{0,40}?\b(?:mettre [àa] jour|modifier|corriger|rectifier|actualiser)\b[^.?!\n]{0,25}?"
    r"\b(?:registres?|dossiers?|fichiers?|listes?|donn[ée]es|base)\b(?:\s+en cons[ée]quence)?",
    r"(?:\b(?:nous vous saurions gr[ée]|je vous saurais gr[ée]|merci|je vous prie|nous vous prions) de (?:bien vouloir )?)?"
    r"\bnous (?:signaler|indiquer|faire savoir)\b[^.?!\n]{0,40}?\b(?:diff[ée]rence|divergence|[ée]cart)s?\b"
    r"[^.?!\n]{0,30}?\b(?:vos|les) (?:registres|dossiers|donn[ée]es)\b",
)
STATEMENT_TITLE = (
    r"\b(?:fonction|titre|poste)(?:\s+\S+){0,5}?\s+(?:est d[ée]sormais|est dor[ée]navant|devient|est maintenant|doit se lire)",
    r"\b(?:est|exerce les fonctions de) (?:un|une|le|la|l')\s*(?=(?-i:[A-ZÀ-Ý]))",
    r"\ba [ée]t[ée] (?:promue?|nomm[ée]e?) (?:au poste de |à la fonction de |en qualité de )?(?:la |le |l')?(?=(?-i:[A-ZÀ-Ý]))",
)
TITLE_FROM_DATE = (r"à compter du", r"à partir du", r"avec effet au")
STATEMENT_DELEGATION = (
    "delegation", "gouvernement", "notre (?:participation|designation|inscription)", "sa (?:participation|delegation)", "pays",
    "tous (?:les )?deux", "toutes (?:les )?deux", "l'un et l'autre",
)
STATEMENT_IF = ("en cas", "au cas", "s'il", "si (?:le|la|el|il|elle)")
STATEMENT_KEEP = (
    r"\bmaintien\w*", r"\bmaintenu\w*", r"\bcomme (?:prevu|annonce|indique)\w*", r"\breste\b", r"\bdemeure\b", r"\btoujours\b",
)
STATEMENT_MEMBER = (
    r"\ben (?:tant que|qualite de) membre\b(?! de)", r"\bmembre a part entiere\b",
    r"\ben (?:tant que|qualite de) delegation gouvernementale\b",
)
STATEMENT_NOT_OBSERVER = (
    r"\bplutot qu'?(?:en tant qu'?|comme )?observat\w*", r"\bau lieu d'?(?:en tant qu'?)?observat\w*",
    r"\bet non (?:plus )?(?:comme |en tant qu'?|en qualite d'?)?observat\w*",
)
STATEMENT_OBSERVER = (r"\ben (?:tant qu'?|qualite d'?)observat\w*", r"\bcomme observat\w*", r"\bstatut d'?observat\w*")
STATEMENT_FIRST_PERSON = (
    "je", r"j'\w+", "moi-meme", "ma participation", "participerai", "assisterai", "serai", "pourrai",
)
STATEMENT_ROLE_AS = ("comme", "en tant que", "en qualite de", "au poste de", "nouvel(?:le)?", "nouveau", "un", "une", "autre")
STATEMENT_ROLE_ARTICLE = ("le", "la", "l'", "notre", "sa", "son")
CLAUSE_BUT = ("mais", "tandis que", "alors que")
CLAUSE_AND = ("et", "ainsi que")
CLAUSE_ARTICLE = ("[Ll]e", "[Ll]a", "[Ll]'", "[Nn]otre")
CLAUSE_THAT = ("que", "qu'", "qu’")

STATE_BEFORE = (
    "gouvernement", "mission permanente", r"repr[ée]sentation permanente", "ambassade", r"r[ée]publique", "royaume",
    r"[ée]tat", r"minist[èe]re", r"d[ée]l[ée]gation", "union", r"grand-duch[ée]",
)
STATE_AFTER = ("gouvernement", r"d[ée]l[ée]gation", r"d[ée]sign\w*", "nomination")
HOST_CITY = (r"gen[èe]ve",)
HOST_COUNTRY = ("suisse",)
HOST_COUNTRY_PREPOSITIONS = ("en",)
HOST_WORDS: tuple[str, ...] = ()
NGO = (r"non gouvernementale?", "ONG", "organisation intergouvernementale", r"soci[ée]t[ée] civile")
ORG_NAME_WORDS = ("de", "du", "des", "la", "le", "les", "pour", "et", "en", "dans", "l'", "d'")
ORG_NAME_INNER_WORDS = ("au", "aux", "à")

FUNCTION_WORDS = frozenset((
    "le la les des du de et à au aux pour est sont nous notre vous votre sera avec ce cette "
    "qui que dans sur par en une un il elle ses leur je madame monsieur veuillez cordialement "
    "réunion travail ministère bonjour participera présentiel distance merci courriel "
    "désignation délégation"
).split())

ROLE_GOVERNMENT_BEFORE = (r"gouvernemental\w*",)
ROLE_GOVERNMENT_OF = ("du",)
ROLE_TAIL = ("du gouvernement", r"de la d[ée]l[ée]gation", "titulaire")
NAME_ARTICLES = ("à", "la", "le", "l'")
ROLE_GOVERNMENT_AFTER: tuple[str, ...] = ()

NEGATION = ("non", "ni", "ne", "pas", "sans", "au lieu de", r"initialement annonc[ée]e?")
OR_WORDS = ("ou",)
EVEN = ("m[êe]me",)

SELF_CORRECTION = (
    r"\bil faut lire\b", r"\blire plut[ôo]t\b", r"\b(?:l'adresse|le nom) (?:correcte?|exacte?) est\b", r"\brectificatif\b",
    r"\bje corrige\b", r"\bcorrection\s*:", r"\b(?:est|[ée]tait) erron[ée]e?\b", r"\bil convient de lire\b",
    r"\bune erreur s['’]est gliss[ée]e\b",
)
PROVISIONAL = (
    r"[àa] titre provisoire", r"provisoire(?:ment)?", r"sous r[ée]serve", r"dans l.attente d",
    r"en attendant (?:la|le|l.|une?) ", r"reste [àa] confirmer", r"[àa] confirmer", r"pressentie?s?\b",
    r"pr[ée]liminaire", r"officieu(?:x|sement)", r"non d[ée]finiti",
    "sous condition", r"conditionn[ée]e? (?:à|par)", r"d[ée]pendra de",
)
SALUTATION = ("monsieur", "madame", "mesdames", r"ch[èe]re?s?", "la mission")
ROLE_DENIAL = ("non", "ni", "pas", "sans", r"aucun\w*")
ASK_VERBS = (
    r"nous (?:indiquer|faire savoir|pr[ée]ciser|confirmer|informer)", "indiquer", "faire savoir", r"pr[ée]ciser", "savoir",
)
ASK_WHETHER = ("si",)
MONTHS: dict[str, int] = {
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7, "aout": 8,
    "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
MEETING_WORDS = (r"r[ée]union", r"conf[ée]rence", "session", "forum", "symposium", r"s[ée]minaire", "atelier")
TOPIC_STOP_WORDS = {
    "les", "des", "une", "dans", "pour", "aux", "par", "sur", "qui", "découlant", "réunion", "technique", "prévue",
    "genève", "avril",
}
CLAUSE_WORDS = (
    r"pour (?:le |la |les )?(?:repr[ée]senter|participer|prendre part|assister)", "prendra", "participera", "assistera",
    "sera", "serait", r"a [ée]t[ée]", r"est (?:d[ée]sign|nomm)", "qui", "prendre part", r"repr[ée]senter",
)
REPRESENT_VERBS = (r"repr[ée]sent\w*",)
ROLE_ARTICLES = ("le", "la")
ROLE_PREFIX: tuple[str, ...] = ()
ROLE_LABEL_PREFIX: tuple[str, ...] = ()
DAY_ORDINALS: tuple[str, ...] = ()
FIRST_DAY_ORDINALS = ("er",)  # "1er"
DAY_RANGE_WORDS = ("au", "et")
DATE_OF: tuple[str, ...] = ()
MEETING_KINDS = (r"r[ée]union (?:technique|d.experts|tripartite|sectorielle)", "forum de dialogue mondial")
MEETING_ABOUT = ("sur", "de")
MEETING_GENERIC_STEMS = {
    "trava", "decen", "indus", "secto", "emplo", "socia", "promo", "natio", "inter", "organ", "gouve", "oit",
}
TITLE_SHORT_END = {"de", "du", "la", "le", "et", "en", "ia", "un"}
TITLE_CUT_END = {"de", "du", "et", "la", "le", "pour"}
ROLE_GIVEN_AS = ("comme", r"en qualit[ée] de", "en tant que", r"[àa] titre de")
LETTER_SUBJECT = ("objet", "concerne", r"r[ée]f", r"r[ée]f[ée]rence")
ROLE_GIVEN_ARTICLES = ("la", "le", "l'", "un", "une")
NAME_PARTICLES = {"épouse", "epouse", "née", "nee", "veuve", "de", "du", "des", "la", "le", "et"}

SELF_NOMINATION = (
    r"\bje (?:serai|suis d[ée]sign[ée]e?|(?:ai|avons) [ée]t[ée] d[ée]sign[ée]e?)(?: par [^.;:\n]{1,100}?)? "
    r"(?:comme |en qualit[ée] de )?(?:le |la |l')?((?:{ROLE}))",
    # "m'a désignée pour représenter"
    r"\bm['’](?:a|ont) (?:officiellement )?(?:d[ée]sign[ée]e?|nomm[ée]e?) (?:comme |en qualit[ée] de |en tant que )?"
    r"(?:(?:le |la |l['’])?((?:{ROLE}))|pour (?:le |la |les )?(repr[ée]senter))",
)
SELF_PERFECT = (r"m['’](?:a|ont)",)
SELF_PERFECT_AGREES = True  # "m'a désignée"
PARTICIPLES_FEMININE = (r"d[ée]sign[ée]e", r"nomm[ée]e")
PARTICIPLES_MASCULINE = (r"d[ée]sign[ée]", r"nomm[ée]")

PRONOUNS: dict[str, str | None] = {"Il": None, "Elle": "female"}  # "Il" is also impersonal ("Il est prévu")
ADDRESSEE_LINE = ("cher", r"ch[èe]re", "chers", "excellence", "à l'attention", "monsieur", "madame")
LETTER_OPENING = (
    r"monsieur\b", r"madame\b", r"mesdames\b", r"chers?\b", r"ch[èe]re\b", r"bonjour\b", r"la mission permanente\b",
)
NOMINATE_VERBS = (
    r"d[ée]signer", r"d[ée]signe", r"d[ée]signons", "proposer", "propose", "proposons", "nommer", "nomme",
)
WITHDRAWN = ("ne pourra plus", "ne pourra pas", r"(?:est|sera|a été) remplac[ée]e? par")
ANNOUNCE = (
    "participera", "assistera", "prendra part", r"sera pr[ée]sente?", r"suivra (?:les travaux|la r[ée]union)", r"est\s+\S+@",
)
REPLACES = (r"remplace(?:ra)?",)
ACCOMPANIES = (r"accompagne(?:ra)?",)
IN_PLACE_OF = ("en remplacement de", "en lieu et place de", r"[àa] la place de", "au lieu de", r"rempla[çc]ant",
               r"(?:remplace|annule) (?:la|notre) d[ée]signation d[eu]")
UNIT_LABELS = (
    r"d[ée]partement", r"minist[èe]re", "institution", "organisation", r"unit[ée]", "service", "division", "direction",
)
AGENT_BY = ("par",)
REPLACED_BY = (r"remplac[ée]e?",)
REPRESENT_PHRASES = (r"pour repr[ée]senter", r"repr[ée]sentera")

OWNER: tuple[str, ...] = ()
NAME_LABELS = (r"nom(?: et pr[ée]noms?| complet)?",)
NAME_FIELD_LABELS = (r"nom(?: et pr[ée]noms?|,? pr[ée]noms?| complet)?", r"pr[ée]nom et nom")
POSSESSIVES = ("notre", "nos", "la", "le", "l'", "sa", "son", "leur")
POSSESSIVES_AFTER_NAME = ("notre", "la", "le", "l'", "sa", "son")
ROLE_NEW = (r"nouvel(?:le)?",)
DESIGNATED_BEFORE_ROLE: tuple[str, ...] = ()
DESIGNATED_AFTER_ROLE = (r"d[ée]sign[ée]e?",)
LEAD_AS = ("comme", r"en qualit[ée] de", "à titre de", "en tant que")
LEAD_AS_ARTICLES = (r"la\s+", r"le\s+", "l'", r"un\s+", r"une\s+")
CLAUSE_JOINERS = ("et", "qui")
COPULA_PLACE = ("de", "du", "à", "au", "en", "pour")
COPULAS = ("sera", "serait", "est")
ADD_ARTICLES = ("un", "une")
ADD_WORDS = (r"suppl[ée]mentaire",)
REPRESENTED = (r"repr[ée]sent[ée]e?s?", r"conduite?s?", r"pr[ée]sid[ée]e?s?")  # (la délégation conduite par)
REPRESENTS_US = (r"nous\s+repr[ée]sent\w+",)
WILL_BE_REPRESENTED = (r"sera repr[ée]sent[ée]e?",)
ACCOMPANIED = (r"accompagn[ée]e?s?", r"assist[ée]e?s?")
# "accompagnée de M. X" as well as "par"
ACCOMPANIED_BY = ("par", "de")
TRAIL_ROLE_PHRASES = (
    r"\b(?:en qualit[ée] de|comme|en tant que|à titre de)\s+(?:la\s+|le\s+|l'|un\s+|une\s+)?{GOV}((?:{ROLE}))\b",
)
# The same elided before a vowel, in the person's own sentence ("M. X remplacera Mme Y en
# qualité d'observateur"; "Le pays souhaite participer en qualité d'observateur. Il sera
# représenté par Mme Z" gives the country's capacity, not the person's role).
TRAIL_ROLE_ELIDED = (r"\b(?:en qualit[ée]|à titre)\s+d['’]((?:{ROLE}))\b",)
ROLE_FIELD = (r"r[ôo]le", r"qualit[ée]")
ROLE_FIELD_OF = (r"r[ôo]le", "fonction")
ROLE_FIELD_IN = ("dans", "au sein de")
ROLE_FIELD_THE = ("la ", "le ")
ROLE_FIELD_DELEGATION = (r"d[ée]l[ée]gation",)
EMAIL_LABELS = ("courriel", "adresse (?:e-mail|électronique|electronique)")
TITLE_LABELS = ("fonction", "titre", "poste")
ATTENDANCE_LABELS = ("participation", r"modalit[ée](?: de participation)?")
ROLE_LABELS = (r"r[ôo]le", r"qualit[ée]")
TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "role": (r"r[ôo]le", r"qualit[ée]", "statut"),
    "name": (r"nom(?:s)?(?: et pr[ée]noms?)?", r"pr[ée]noms? et noms?"),
    "title": ("fonction", "titre", "poste"),
    "email": ("courriel", "adresse (?:e-mail|électronique|electronique)"),
    "attendance": (r"modalit[ée](?: de participation)?",),
}
ADDRESS_OF = (r"adresse (?:e-?mail|[ée]lectronique|courriel)", "courriel")
ADDRESS_OF_PREPOSITIONS = ("de", "du")
ADDRESS_OF_ARTICLES = (r"la\s+", r"l['’]")
NOT_A_TITLE = ("est", "sera", "remplace")
NO_LONGER = ("ne pourra plus",)
ABLE_TO: tuple[str, ...] = ()
TRAVEL_VERBS = ("se rendre", r"se d[ée]placer", "venir", r"faire le d[ée]placement")
TITLE_STOP_CONTACT = ("courriel", "adresse (?:e-mail|électronique|electronique)", r"t[ée]l")
TITLE_STOP_AS = (r"en qualit[ée] de", "comme", "en tant que", "à titre de")
TITLE_STOP_AS_ARTICLES = (r"la\s+", r"le\s+", "l'")
TITLE_STOP_ELISIONS = (r"l['’]",)  # "l'accompagne"
TITLE_STOP_ACCOMPANY = (r"accompagn\w*", "joignable")
TITLE_STOP_WORDS = (
    r"pour repr[ée]senter", r"repr[ée]sentera", "qui", "il", "elle", "a été", r"est d[ée]sign[ée]e?", "participera",
    "prendra", "assistera", "suivra", "est", "sont", r"a [ée]t[ée]", r"en pr[ée]sentiel", "à distance", "en ligne",
    "initialement",
)
TITLE_STOP_PURPOSE = ("pour", "afin de")
TITLE_STOP_PURPOSE_OBJECTS = ("le", "la", "les", r"l['’]")
TITLE_STOP_PURPOSE_VERBS = (r"repr[ée]senter", "participer", "prendre part", "assister", "suivre")
TITLE_STOP_BRACKET = ("courriel", "présentiel", "distance", "à communiquer")

# -- small words the readers check one by one ----------------------------------------------
FUNCTION_LABEL = ("fonction",)
AS_AFTER_NAME = (r"comme\b", "en qualit")
PHONE_LABELS = ("t[ée]l",)
CONJUNCTIONS = ("et",)
EMAIL_WORDS = ("courriel",)
ARTICLES_FEMININE: tuple[str, ...] = ()
ARTICLES_MASCULINE: tuple[str, ...] = ()
MEETING_GOES_ON = ("prévue", "qui se tiendra", "à genève")
VENUE_CITY = ("genève",)
