"""English vocabulary. Every language file defines the same names (see the package's
docstring); patterns are regular-expression fragments, tried in the order written."""
from __future__ import annotations

RANK = 0  # where English comes in lists of languages and in the combined patterns
NAME = "English"  # the language in its own name, as the reply composer offers it
GRAMMATICAL_GENDER = False  # titles and role words say nothing of the person's gender
ACCENTED = False  # its own words carry no accents: Tesseract reading it first drops those of names

# Styles of address before a name: word -> gender it tells (None: nothing).
HONORIFICS: dict[str, str | None] = {
    "Mr": "male", "Mister": "male",
    "Ms": "female", "Mrs": "female", "Miss": "female", "Madam": "female",
    "Dr": None, "Doctor": None, "Prof": None, "Professor": None, "H.E": None, "HE": None, "Hon": None,
    "Honourable": None, "Honorable": None, "Eng": None, "Engr": None, "Msc": None, "Amb": None, "Ambassador": None,
    "Atty": None,  # Attorney (the Philippines)
}
# Styles written with a pattern of their own, and styles that count only with their dot.
HONORIFIC_FORMS: dict[str, str] = {}
HONORIFICS_DOT_ONLY: set[str] = {"HE"}

# Role words: (pattern, role).
ROLE_WORDS: tuple[tuple[str, str], ...] = (
    (r"head of (?:the )?delegation", "representative"),
    (r"(?:government |governmental )?representatives?", "representative"),
    (r"(?:government )?delegates?", "representative"),
    (r"advis[eo]rs?", "adviser"),
    (r"technical advis[eo]rs?", "adviser"),
    (r"alternates?", "adviser"),
    (r"observers?", "observer"),
)
# Role words read as a role by analogy, not the invitation's own ("alternate": a substitute,
# read as the adviser's seat): the confirmation gate does not take them as the role said.
ROLE_BY_ANALOGY = {r"alternates?"}
FEMININE_WORDS: set[str] = set()
MASCULINE_WORDS: set[str] = set()
# Words that begin a job title (used to stop a name and to tell a title line).
TITLE_WORDS = {
    "director", "head", "chief", "minister", "secretary", "officer", "counsellor", "counselor", "adviser",
    "advisor", "deputy", "assistant", "senior", "principal", "commissioner", "attache", "specialist", "expert",
    "ambassador", "representative", "permanent", "ministry", "department", "under", "vice-minister",
    "coordinator", "analyst", "programme", "program", "policy", "labour", "labor", "first", "second", "third",
    "executive", "general", "president", "inspector", "manager", "professor", "state", "joint", "additional",
    "legal", "technical", "professional", "administrator", "division", "unit", "section", "service", "direction",
    "bureau", "office", "mission", "delegation", "vice", "lead", "team", "acting", "interim", "superintendent",
    "national", "regional", "ministerial", "minister-counsellor", "attach", "intendant", "lawyer", "economist",
    "researcher",
}

# Attendance (searched in lower-cased text).
IN_PERSON = (
    r"in[- ]person", r"\bphysically\b", r"\bpersonally\b", r"\bon[- ]site\b", r"will travel to geneva",
    r"come to geneva", r"attend(?:ing)? physically", r"physical (?:attendance|participation)", r"face[- ]to[- ]face",
    r"^\s*physical\s*$", r"\bphysically present\b", r"\bpresent in geneva\b", r"\btravel(?:ling)?\s+to\s+geneva\b",
    r"^\s*physical\s*\([^)\n]*\)\s*$",
)
REMOTE = (
    r"\bremote(?:ly)?\b", r"\bonline\b", r"\bon-line\b", r"\bvirtual(?:ly)?\b", r"\bvideo ?conferenc\w*",
    r"\bvia (?:zoom|teams|webex|interprefy)\b", r"\bby video\b", r"\bdistance\b(?! from)",
)
# Words that make an attendance statement uncertain (visa pending, "if", "otherwise").
CONDITIONAL = (
    r"\bif\b", r"\bprovided\b", r"\bsubject to\b", r"\bdepend\w*", r"\botherwise\b", r"\bunless\b", r"\bpending\b",
    r"\bmay\b", r"\bmight\b", r"\bpossibly\b", r"\bnot yet (?:confirmed|decided)\b", r"\bto be confirmed\b", r"\btbc\b",
    r"\beither\b", r"\bor remotely\b",
)

# Whole-delegation statements: "Both officers", "the whole delegation will".
GROUP_WHO = ("both", "all(?: the)?", "the two", "our two", "each of the")
GROUP_NOUNS = (
    "officers?", "officials?", "participants?", "delegates?", "nominees?", "members?", "persons?", "representatives?",
    "of them", "will", "would", "shall", "are", "experts", "agents",
)
GROUP_OUR = ("the", "our")
GROUP_WHOLE = ("whole ", "entire ")
DELEGATION = ("delegation",)
GROUP_DELEGATION_VERBS = ("will", "shall", "is")
GROUP_THEY = (r"\bboth will\b", r"\bthey will\b")

# Closing formulas (matched at a line's start): after one the sender signs.
CLOSING = (
    r"^\s*(?:with )?(?:best|kind|warm|warmest|kindest)?\s*regards\b", r"^\s*regards\b", r"^\s*sincerely\b",
    r"^\s*yours (?:sincerely|faithfully|truly)\b", r"^\s*thank you\b", r"^\s*thanks\b", r"^\s*many thanks\b",
    r"^\s*best wishes\b", r"^\s*respectfully\b", r"^\s*cordially\b", r".*\bavails itself of this opportunity\b",
    r"^\s*please accept\b.*\bassurances?\b", r"^\s*accept,? .*\bassurances?\b", r"^\s*we (?:trust|hope) that\b",
    r"^\s*(?:please )?(?:do not|don['’]t) hesitate\b", r"^\s*--\s*$", r"^\s*sent from my\b",
    r"^\s*(?:cc|copy to|c\.c\.)\s*:",
)
# Labels of a copy line ("cc:", "Copy to:").
CC_LABELS = (r"c\.?\s?c\.?", "copy to")
# Nomination wording: the message names people for the meeting.
NOMINATION = (
    r"\bnominat\w*", r"\bdesignat\w*", r"\bappoint\w*", r"\bto represent\b", r"\bwill represent\b",
    r"\bwill be represented\b", r"\bwould be represented\b", r"\bwill serve as\b", r"\bserve as\b",
    r"\bcomposition (?:of|de) (?:the |la |our )?d[ée]l[ée]gation", r"\bdelegation (?:will be|is) (?:as follows|composed)",
    r"\bthe following (?:persons?|officials?|officers?|nominations?|delegation|participants?|delegates?)",
    r"\bfollowing delegation", r"\blist of (?:the )?delegates\b", r"\bI will be the (?:government )?representative\b",
    r"\bwill (?:take part|participate|attend)\b", r"\bwould like to (?:take part|participate)\b", r"\bwishes to participate\b",
    r"\b(?:confirm\w*|announc\w*)\b[^.;]{0,25}\bparticipa(?:tion|ci[óo]n)\b",
    r"\bcomposition (?:of|de) (?:its|sa|notre|their) d[ée]l[ée]gation",
)
# Observer status said in words.
OBSERVER = (
    r"\bas (?:an? )?observers?\b", r"\bobserver status\b", r"\bobserver government\b", r"\bstatus of (?:an )?observer\b",
    r"\bin (?:an|the) observer capacity\b", r"\bas observer\b", r"^[{BLANK}]*observers?\s*:",
)
# A reference to an earlier message of the sender's, up to the end of its phrase ("Further to
# our e-mail of 11 March withdrawing Zambia's participation, ..."): what it says it said then.
EARLIER_MESSAGE = (
    r"\b(?:further to|following(?: up on)?|with reference to|in reference to|referring to|in follow-up to)\s+"
    r"(?:our|my|the)\s+(?:(?:previous|earlier|last)\s+)?(?:e-?mail|letter|note(?: verbale)?|message|communication|correspondence)\b"
    r"(?:(?!\b(?:we|i|the government)\b)[^.;,\n]){0,100}",
)
WITHDRAWAL = (
    r"\bwithdraw\w*", r"\bwill not be able to (?:participate|attend|take part)\b",
    r"\bwill not (?:participate|attend|take part)\b", r"\bunable to (?:participate|attend)\b",
    r"\bcancel\w* (?:the|our|its) (?:nomination|participation)", r"\bdecline\w* (?:the|your) invitation\b",
)
REPLACEMENT = (
    r"\breplac\w*", r"\binstead of\b", r"\bin place of\b", r"\bsubstitut\w*", r"\bin (?:his|her|their) (?:place|stead)\b",
)
AMENDMENT = (
    r"\bamend\w*", r"\bmodificati\w*", r"\brectifi\w*", r"\bcorrigendum\b", r"\berratum\b",
    r"\bchange (?:of|in|to) (?:the |our )?(?:representative|adviser|delegation|nomination|attendance|participation)",
    r"\bfurther to our (?:e-?mail|letter|note|message|nomination)",
    r"\bfollowing (?:up on )?our (?:e-?mail|letter|note|nomination) of",
    r"\b(?:our|my) (?:previous|earlier|initial) (?:e-?mail|letter|note|nomination|message)",
    r"\boriginally\b", r"\bwill no longer\b",
    r"\badd(?:ed|ing)? (?:to (?:the|our) delegation|an? (?:additional )?(?:adviser|advisor))",
    r"\badditional (?:adviser|advisor|delegate)", r"\bupdate[ds]? (?:to )?(?:our|the) (?:nomination|delegation)",
    r"\bremains? unchanged\b", r"\bother details\b.*\bunchanged\b", r"\bwill now (?:attend|participate|join|take part)\b",
    r"\bno longer (?:be )?able\b", r"\bchange (?:of|in) (?:attendance|mode|modalit\w*)",
)
INQUIRY = (
    r"\?", r"\bcould you\b", r"\bwould you\b", r"\bcan you\b", r"\bplease (?:let us know|advise|confirm|send|inform|provide)\b",
    r"\bwe would (?:be grateful|appreciate|like to know)\b", r"\bkindly (?:issue|send|provide|advise|confirm|let)\b",
    r"\blink\b", r"\binvitation letter\b", r"\bsupport letter\b", r"\bwe have not (?:yet )?received\b",
)
# What only a person can see to, asked for or spoken of: a visa, a hotel, a shuttle (part of
# the inquiries; in a nomination, the gate's "request"). Not "invitation letter": the ILO's
# own letter is called so ("With reference to the invitation letter of the ILO").
PERSON_REQUEST = (r"\bvisas?\b", r"\bhotel", r"\baccommodation\b", r"\bshuttle\b")
# The message concerns a meeting of this kind at all (else it is "other").
MEETING = (
    r"\bILO\b", r"\bInternational Labou?r (?:Office|Organi[sz]ation|Conference)\b", r"\btechnical meeting\b", r"\bsectoral\b",
)
AUTO_SUBJECT = (
    "automatic reply", "auto(?:matic)?[- ]?reply", "auto[- ]?response", "out of (?:the )?office", "absence", "absent",
    "vacation", "on leave", "away from",
)
AUTO_BODY = (
    r"\bout of (?:the )?office\b", r"\bI am (?:currently )?(?:away|on (?:annual )?leave|travelling|on mission)\b",
    r"\blimited access to (?:my )?e-?mail",
)
BOUNCE_SUBJECT = (
    "undeliver(?:able|ed)", "undelivered mail", "delivery (?:status notification|failure|has failed)",
    "mail delivery (?:failed|failure|system)", "returned mail", "failure notice", "delivery notification",
)
NEWSLETTER = (
    r"\bunsubscribe\b", r"\bnewsletter\b", r"\bview (?:this email )?in (?:your )?browser\b", r"\bspecial offer\b",
    r"\bdiscount\b", r"\bpromo(?:tion)? code\b", r"\b\d+% off\b",
)
ACCESSIBILITY = (
    r"\bdisab\w+", r"\bwheel ?chair\w*", r"\bsign language\b", r"\bhearing (?:impair\w*|loop|aid)", r"\bdeaf\b", r"\bblind\b",
    r"\bvisually impaired\b", r"\bpartially sighted\b", r"\bbraille\b", r"\bstep-free\b", r"\breduced mobility\b",
    r"\bmobility (?:impair\w*|aid|needs)\b", r"\baccessib\w+", r"\bassistance needs?\b",
    r"\bspecial (?:assistance|needs|requirements|arrangements)\b", r"\bcaptioning\b", r"\bpersonal assistant\b",
)
# The invitation's own paragraph on accessibility: about it in general, not a need.
ACCESSIBILITY_GENERIC = ("persons? with disabilities are fully",)
ATTACHMENT_REF = (r"\battach\w*", r"\benclos\w*", r"\bscann\w*")
# Subject prefixes: of a reply, and of a forward.
REPLY_PREFIXES = ("re",)
FORWARD_PREFIXES = ("fw", "fwd")
# Where a mail client's quoted block starts and what its header lines are called.
FORWARD_MARKS = ("forwarded message", "begin forwarded message", "forwarded by")
ORIGINAL_MARKS = ("original message",)
QUOTE_HEADER_KEYS: dict[str, tuple[str, ...]] = {
    "from": ("from",), "date": ("sent", "date"), "to": ("to",), "cc": ("cc",), "subject": ("subject",),
}
ATTRIBUTION_END = ("wrote", "writes")
ATTRIBUTION_START = ("on",)
# The invitation letter we send: its opening, and phrases of it (two make a block ours).
INVITATION_START = ("to all member states",)
INVITATION_PHRASES = (
    "kindly send a letter of nomination", "standing orders for technical meetings", "invite your government",
    "delegates with disabilities",
)
# Words of a postal address (a line of one is not a title).
POSTAL = (r"street", r"st\.", r"road", r"rd\.", r"avenue", r"boulevard", r"blvd", r"building", r"p\.?\s?o\.?\s?box", r"square")

# What a message says about people on record (bot/extraction/intent.py), on folded text
# (lower case, no accents) unless said otherwise.
STATEMENT_REPLACE = (
    r"\breplac\w*", r"\binstead of\b", r"\bin place of\b", r"\bin (?:his|her|their) (?:place|stead)\b", r"\bsubstitut\w*",
    r"\bsucceed\w*",
)
# What a replacement replaces when it is a document, not a person ("cancels and replaces our
# letter of 4 March"): matched on folded text right after the replacement's words.
REPLACED_DOCUMENT = (
    r"(?:(?:our|the|my|its|this|that)\s+)?(?:(?:previous|earlier|initial|first)\s+)?"
    r"(?:letter|note(?: verbale)?|e-?mail|message|communication|correspondence)\b",
)
STATEMENT_WITHDRAW = (
    r"\bwithdraw\w*", r"\bcancel\w*",
    r"\b(?:will|would|shall) (?:not|no longer) (?:be (?:able to )?)?(?:attend|participat\w*|take part|join|travel)\w*",
    r"\b(?:unable|not be able|no longer (?:be )?able) to (?:attend|participate|take part|join|travel)\b",
    r"\b(?:cannot|can ?not|can't|won't) (?:attend|participate|take part|join)\b", r"\bno longer (?:attend|participat)\w*",
    r"\b(?:no longer|not) (?:be )?(?:part|a member) of (?:the|our|its) delegation\b",
)
# A name corrected in words ("the name of our adviser should read ...", "the correct spelling
# of her name is ..."): matched on the text as written, the name is what follows.
STATEMENT_NAME = (
    r"\bname(?:\s+\S+){0,5}?\s+(?:should read|should be read as|must read|should be spelt|should be spelled|is (?:correctly )?(?:spelt|spelled)(?: as)?)\s*:?\s*",
    r"\b(?:correct|right|proper|exact) (?:spelling|name)(?:\s+\S+){0,7}?\s+is\s*:?\s*",
)
# Asking us to bring our records in line with what the message says: what applying it does,
# not a question a person answers ("We would be grateful if you could amend your records
# accordingly", "Kindly update the list").
RECORD_UPDATE = (
    r"\b(?:we would (?:be grateful|appreciate(?: it)?)|(?:could|would|can) you(?: kindly| please)?|please|kindly)\b"
    r"[^.?!\n]{0,40}?\b(?:update|amend|correct|modify|adjust|rectify)\b[^.?!\n]{0,25}?"
    r"\b(?:records?|lists?|files?|database|registration)\b(?:\s+accordingly)?",
    r"\b(?:we would (?:be grateful|appreciate(?: it)?)|(?:could|would|can) you(?: kindly| please)?|please|kindly)\b"
    r"[^.?!\n]{0,40}?\b(?:records?|lists?|files?|registration)\b[^.?!\n]{0,20}?"
    r"\b(?:updated|amended|corrected|modified|adjusted|rectified)\b(?:\s+accordingly)?",
    # "Kindly let us know if anything differs from your records": the reply, which lists what
    # is recorded, tells.
    r"(?:\b(?:we would (?:be grateful|appreciate(?: it)?) if you (?:could|would)|(?:could|would|can) you(?: kindly| please)?|please|kindly)\s+)?"
    r"\b(?:let us know|inform us|advise us|tell us)\s+(?:if|whether|should)\s+(?:anything|something|any\s+\w+)"
    r"[^.?!\n]{0,20}?\s+(?:differs?|is different|does not (?:match|correspond))\s+(?:from|with|to)\s+(?:your|the)\s+records?\b",
)
# A new title said in words, on the text as written: the title is what follows.
STATEMENT_TITLE = (
    r"\b(?:title|position|post|designation)(?:\s+\S+){0,5}?\s+(?:is now|has changed to|will now be|should read|now reads|is changed to)",
    # "Ms. Odhiambo is a Senior Labour Officer, ...": a post written with capitals after "is a".
    r"\b(?:is|serves as|works as) (?:a|an|the)\s+(?=(?-i:[A-Z]))",
    r"\bhas been (?:promoted|appointed) (?:to the (?:post|position) of |as |to )(?:the )?(?=(?-i:[A-Z]))",
)
# When a new post takes effect, after it: "..., with effect from 16 March 2026".
TITLE_FROM_DATE = (r"with effect from", r"effective(?: from| as of)?", r"as of", r"as from")
STATEMENT_DELEGATION = (
    "delegation", "government", "our (?:participation|nomination|registration)", "its (?:participation|nomination)", "country",
    "both", "the two of them",
)
STATEMENT_IF = ("if", "in case", "in the event", "should (?:he|she|they|the|our|mr|ms)", "unless")
STATEMENT_KEEP = (
    r"\bmaintain\w*", r"\bas (?:planned|scheduled|foreseen|announced|nominated|indicated)\b", r"\bremains?\b",
    r"\bcontinue\w* to\b", r"\bwill still\b",
)
STATEMENT_MEMBER = (
    r"\bas an? full member\b", r"\bfull member\b", r"\bas a member (?:state|government)\b", r"\bas a member\b(?! of)",
)
# No longer (or not) as an observer: a member after all.
STATEMENT_NOT_OBSERVER = (r"\b(?:instead of|rather than|no longer) (?:as )?(?:an )?observer\b",)
STATEMENT_OBSERVER = (r"\bas (?:an )?observers?\b", r"\bin (?:an|the) observer capacity\b", r"\bobserver status\b")
STATEMENT_FIRST_PERSON = ("i", "i'll", "i'm", "i am", "my participation")
# Words before a role word that make it a specification ("as representative", "a new adviser").
STATEMENT_ROLE_AS = ("as", "in the capacity of", "new", "additional", "second", "a", "an", "another")
STATEMENT_ROLE_ARTICLE = ("the", "our")
# Where a sentence splits into clauses: "but"; "and" when another person follows ("The adviser").
CLAUSE_BUT = ("[Bb]ut", "[Hh]owever", "whereas", "while")
CLAUSE_AND = ("and", "as well as")
CLAUSE_ARTICLE = ("[Tt]he", "[Oo]ur")
# "and that ...": a second statement with its own subject ("we confirm that A will attend
# in person and that B's address is ...").
CLAUSE_THAT = ("that",)

# Who is writing (bot/extraction/origin.py). Words before a State's name that make it the
# writer ("the Government of"), and words after it ("... Government", "... is pleased").
STATE_BEFORE = (
    "government", "permanent mission", "permanent representation", "embassy", "republic", "kingdom", "state", "ministry",
    "delegation", "union", "sultanate", r"emirates?",
)
STATE_AFTER = (
    "government", "delegation", r"nominat\w*", "nomination", "is pleased", "wishes", "would like",
    "will (?:take part|participate)", "side",
)
# The host of the meeting: a State named beside it is the venue, not the writer.
HOST_CITY = ("geneva",)
HOST_COUNTRY = ("switzerland",)
HOST_COUNTRY_PREPOSITIONS = ("in", "of")
HOST_WORDS = (r"\bswiss\b",)
# The writer is an organization, not a government.
NGO = (
    r"non-?governmental", "NGO", r"intergovernmental organi[sz]ation", r"international organi[sz]ation", "civil society",
)
# Small words inside an organization's name ("Federation of ... (ABC)"), and words only inside.
ORG_NAME_WORDS = ("for", "of", "the", "and", "on", "in")
ORG_NAME_INNER_WORDS: tuple[str, ...] = ()

# Function words and frequent words, for telling the language of a text (bot/extraction/language.py).
FUNCTION_WORDS = frozenset((
    "the and of to in for is are we our you your will be with this that as on by from have has "
    "please would regards dear which it his her he she their at an thank kind attend hello best "
    "address delegation meeting"
).split())

# Around a role word (bot/extraction/people.py): "Government representative", "representative
# of the Government", an article before a name ("the").
ROLE_GOVERNMENT_BEFORE = (r"(?:the\s+)?government(?:'s)?", "governmental")
ROLE_GOVERNMENT_OF = ("of the",)  # "Adviser of the Government:" as a label
ROLE_TAIL = ("of the government", "of the delegation", "for the government")
NAME_ARTICLES = ("the",)
ROLE_GOVERNMENT_AFTER: tuple[str, ...] = ()

# Attendance read in a text (bot/extraction/fields.py): words that deny the statement after
# them ("not in person"), and the word of a choice ("in person or remotely").
NEGATION = ("not", "no", "never", "instead of", "rather than", "originally",
            # "cannot attend in person", "will not be able to attend in person"
            "cannot", "can[’']t", "won[’']t", "unable to", "not be able to", "not able to")
OR_WORDS = ("or",)
# "cannot attend, not even remotely": the attendance after it is part of the negation.
EVEN = ("even",)

# The confirmation gate (bot/gate.py), on the text as written unless said otherwise.
# A letter that corrects itself ("P.S.: the address given above is wrong; the correct one is ..."):
# which value it means is a person's to check.
SELF_CORRECTION = (
    r"should read\b", r"the correct (?:e-?mail )?(?:address|spelling|name|one) is\b", r"\bcorrection\s*:",
    r"\b(?:is|was) (?:incorrect|wrong)\b", r"\bplease (?:disregard|ignore) the (?:address|name|e-?mail)\b",
)
# A nomination not final yet, or hanging on something yet to happen (an authorisation, funds).
PROVISIONAL = (
    r"provisional(?:ly)?", r"tentative(?:ly)?", "preliminary", r"unofficial(?:ly)?",
    r"pending (?:the |an? |our |official |formal |final )",
    r"subject to (?:confirmation|approval|the approval|final|official|formal|clearance)", "to be confirmed",
    r"not yet (?:final|confirmed|official)", r"awaiting (?:the |an? |official |formal |final )",
    r"until (?:the |our )?(?:official|formal) (?:note|letter|nomination|confirmation)",
    r"subject to\b", r"conditional (?:on|upon)\b", r"contingent (?:on|upon)\b",
    r"depending on (?:the )?(?:approval|authori[sz]ation|funding|budget|availability)",
)
# The first words of a letter's salutation (matched at a line's start).
SALUTATION = ("dear", "sir", "madam", "excellenc", "the permanent mission")
# Words before a role that say it is not given ("does not intend to designate an adviser").
ROLE_DENIAL = ("no", "not", "won['’]t", "will not", "without", "nor")
# An indirect question: a verb of asking, then "whether" ("please let us know whether ...").
ASK_VERBS = ("let us know", "inform us", "advise us", "tell us", "indicate", "clarify", "confirm", "us know", "know")
ASK_WHETHER = ("whether", "if")
# Month names (folded: lower case, no accents) -> number, for reading the meeting's dates.
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
# Words naming a meeting (a phrase with one is not a post).
MEETING_WORDS = ("meeting", "conference", "session", "forum", "symposium", "seminar", "workshop")
# Words too common in meetings' names to tell one meeting from another (folded text).
TOPIC_STOP_WORDS = {
    "the", "and", "for", "with", "from", "into", "its", "their", "which", "that", "arising", "above", "meeting",
    "technical", "scheduled", "held", "geneva", "april",
}
# Verbs and clause words that begin a phrase of the letter, never a post.
CLAUSE_WORDS = (
    r"to (?:represent|attend|take part|participate|serve|act|join)", "will", "shall", "would", "was", "were", "has been",
    "have been", r"is (?:nominated|designated|appointed)", "who", "which", r"attend(?:ing)?", r"participat(?:e|ing)",
    "taking part", "representing",
)
# A verb saying someone represents the Government (said of the representative only).
REPRESENT_VERBS = (r"represent\w*",)
# An article before a role word standing alone ("the representative").
ROLE_ARTICLES = ("the",)
# A word before a role word that keeps it a role ("Government adviser"), and before a role label.
ROLE_PREFIX = ("government",)
ROLE_LABEL_PREFIX = ("government", "governmental")
# Reading the meeting's dates: ordinals after a day ("13th"), and the one only the first day
# takes; the words between two days ("13 to 17"); a word before the month or the year.
DAY_ORDINALS = ("st", "nd", "rd", "th")
FIRST_DAY_ORDINALS: tuple[str, ...] = ()
DAY_RANGE_WORDS = ("to", "and")
DATE_OF: tuple[str, ...] = ()
# A meeting named in the letter ("technical meeting on ..."), and the words before its subject.
MEETING_KINDS = (
    "technical meeting", "meeting of experts", "experts? meeting", "tripartite meeting", "sectoral meeting",
    "global dialogue forum",
)
MEETING_ABOUT = ("on", "of", "relative to", "concerning")
# Stems (five letters, folded) most meetings of the Office share: they tell one from another by nothing.
MEETING_GENERIC_STEMS = {
    "work", "works", "decen", "indus", "secto", "sect", "emplo", "labou", "labor", "socia", "promo", "natio", "inter",
    "organ", "gover", "world", "globa", "ilo",
}
# Short words a title may end with ("Head of HR"), and words it never ends with (it was cut).
TITLE_SHORT_END = {"of", "and", "a", "ai", "hr", "it", "un", "eu", "uk", "us"}
TITLE_CUT_END = {"of", "and", "the", "for"}
# A role given to someone ("as adviser"): the words before the role word, and the articles.
ROLE_GIVEN_AS = ("as",)
# A letter's subject line: a role said there is the letter's subject, nobody's role.
LETTER_SUBJECT = ("subject", "re", "ref", "reference")
ROLE_GIVEN_ARTICLES = ("the", "an?", "our", "its")
# Particles inside a person's name (folded): "Mac", "St".
NAME_PARTICLES = {"mac", "st"}

# The writer names himself (bot/extraction/message.py), on text with spaces collapsed; "{ROLE}"
# stands for every language's role words. Each alternative captures the role word (or the verb
# "represent") in groups of its own; the reader takes the first group that matched.
SELF_NOMINATION = (
    r"\bI (?:will|shall|am going to) (?:be|serve as|act as|attend as) (?:the |an? |our |its )?(?:government(?:'s)? )?((?:{ROLE}))",
    r"\bI (?:have (?:just )?been|was|am) (?:officially |formally )?(?:nominated|designated|appointed|selected)"
    r"(?: by (?:the |my |our )?[^.;:\n]{1,100}?)? (?:(?:as |to be )?(?:the |an? )?(?:government(?:'s)? )?((?:{ROLE}))|to (represent))",
    # Someone else's act, said by the person named: "has designated me to represent the Government".
    r"\b(?:has|have) (?:officially |formally )?(?:nominated|designated|appointed|selected) me (?:(?:as |to be |to serve as )?"
    r"(?:the |an? |its |their )?(?:government(?:'s)? )?((?:{ROLE}))|to (represent))",
)
# The writer's naming of himself (bot/extraction/nominees.py): the perfect said of oneself
# ("me ha designado"), whether its participle agrees with the person, and participles that
# tell the person's gender ("désignée", "nombrado").
SELF_PERFECT: tuple[str, ...] = ()
SELF_PERFECT_AGREES = False
PARTICIPLES_FEMININE: tuple[str, ...] = ()
PARTICIPLES_MASCULINE: tuple[str, ...] = ()

# Reading people (bot/extraction/people.py).
# Pronouns that refer back to the last person named -> the gender they tell (None: nothing).
PRONOUNS: dict[str, str | None] = {"He": "male", "She": "female", "His": "male", "Her": "female"}
# Words opening a salutation or addressee line before a name ("Dear Mr X", "To: Ms Y").
ADDRESSEE_LINE = ("dear", "to", "attn")
# The opening of a letter (matched at a line's start): names above it are the addressee's.
LETTER_OPENING = (
    r"dear\b", r"sir\b", r"madam\b", r"excellenc[ey]\b", r"good (?:morning|afternoon|day)\b", r"hello\b",
    r"the permanent mission\b", r"greetings\b",
)
# A verb of nomination right before a name ("would like to nominate Aroha Tipene").
NOMINATE_VERBS = (
    "nominate", "nominates", "designate", "designates", "appoint", "appoints", "propose", "proposes", "put forward",
)
# The person named will no longer come, or is being replaced.
WITHDRAWN = (
    "will no longer", r"no longer (?:be )?able", "will not be able", r"(?:is|will be|has been) replaced by",
)
# The person named is said to attend, or an address is given ("Mr X will attend in person").
ANNOUNCE = (
    r"will (?:now |also |finally )?(?:attend|participate|take part|join|be attending|be participating|be present)",
    r"is (?:attending|participating)", r"will follow the (?:meeting|proceedings|work)",
    r"(?:['’]s )?(?:e-?mail|email)(?: address)? is",
)
# Between two people: the second replaces the first ("X replaces Y").
REPLACES = ("replaces", "will replace", "is replacing", r"substitutes? for")
# "Ms X, <post>, will accompany Mr Y as adviser": Y is named for X's sake; what follows is X's.
ACCOMPANIES = ("will accompany", "accompanies", "is accompanying")
# Before the name of the person who leaves: "as Representative in place of Shri R.K. Verma".
IN_PLACE_OF = ("in place of", "instead of", "replacing",
               r"(?:supersedes|replaces|cancels|withdraws) (?:the|our) (?:nomination|designation) of")
# Labels of the unit or ministry, on a line of their own under the post: part of the title.
UNIT_LABELS = (
    "department", "ministry", "institution", r"organi[sz]ation", "unit", "service", "division", "direction",
)
# The word of the agent after a passive ("represented by", "replaced by").
AGENT_BY = ("by",)
# Replaced by the person named next ("replaced by Ms X").
REPLACED_BY = ("replaced", "substituted")
# The person named before is to represent the Government ("X, to represent the Government").
REPRESENT_PHRASES = ("to represent", "will represent")

# Around a role word, before or after a name (bot/extraction/people.py).
# Whose role it is: "as its representative", "as the Government of Malawi's representative".
OWNER = (
    r"the\s+", r"an?\s+", r"our\s+", r"its\s+", r"their\s+", r"his\s+", r"her\s+",
    r"(?:the\s+)?(?:Government|Republic|Kingdom|State)\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}['’]s\s+",
    r"[A-Z][\w-]*(?:\s[A-Z][\w-]*)?['’]s\s+",
)
# A name's label before a role's name line ("Name: Dr X"), and every label of a name field.
NAME_LABELS = ("full name", "name(?:, surname)?")
NAME_FIELD_LABELS = ("full name", "name(?:, surname)?", "surname and name", "surname, given names?")
# Possessives before a role word ("our new adviser:"), and those of an apposition after a name
# (", our designated representative"); the words "new" and "designated" there.
POSSESSIVES = ("our", "the", "its", "their")
POSSESSIVES_AFTER_NAME = ("our", "the", "its")
ROLE_NEW = ("new",)
DESIGNATED_BEFORE_ROLE = ("designated", "nominated")
DESIGNATED_AFTER_ROLE = ("nominated", "designated")
# "as adviser": the words before the role, and the articles after them.
LEAD_AS = ("as", "in (?:the|his|her) capacity as")
LEAD_AS_ARTICLES = (r"the\s+", r"an?\s+", r"our\s+", r"its\s+", r"their\s+")
# Words that begin another clause after a role word (the role's phrase stops there).
CLAUSE_JOINERS = ("and", "who")
# "the representative at the meeting will be": the words before the place, and the verbs.
COPULA_PLACE = ("of", "at", "in", "to", "for")
COPULAS = ("would be", "will be", "is", "shall be")
# "an additional adviser:": the article and the adjective.
ADD_ARTICLES = ("an?", "one", "another", "additional")
ADD_WORDS = ("additional", "new", "second")
# Represented by, accompanied by: the participles, and the writer represented ("will represent us").
REPRESENTED = ("represented", "headed")  # ("The delegation will be headed by Ms X": its head)
REPRESENTS_US = (r"us\s+repr[ée]sent\w+", "would represent us", "will represent us")
WILL_BE_REPRESENTED = ("will be represented",)
ACCOMPANIED = ("accompanied", "assisted")
ACCOMPANIED_BY = ("by",)
# A role after a name, each a pattern ending with the role word: "{ROLE}" stands for every
# language's role words, "{GOV}" for the government words before one, "{OWNER}" for OWNER.
TRAIL_ROLE_ELIDED: tuple[str, ...] = ()  # (French elides "de": "en qualité d'observateur")
TRAIL_ROLE_PHRASES = (
    r"\b(?:as|serve as|act as)\s+(?:{OWNER})?{GOV}((?:{ROLE}))\b",
    r"\b(?:will be|shall be|is to be|has been (?:nominated|designated|appointed) as)\s+(?:{OWNER})?{GOV}((?:{ROLE}))\b(?!['’]s)",
)
# The role as a field ("Role: Adviser", "Role in the delegation: ..."): the labels, and the words
# of "<label> in the delegation".
ROLE_FIELD = ("role", "capacity")
ROLE_FIELD_OF = ("role", "position", "function", "capacity")
ROLE_FIELD_IN = ("in", "on")
ROLE_FIELD_THE = ("the ",)
ROLE_FIELD_DELEGATION = ("delegation",)
# Labels of the fields under a name ("Email:", "Title:", "Attendance:", "Role:").
EMAIL_LABELS = (r"e-?mail(?: address)?", "email")
TITLE_LABELS = ("title", "position", "function", "job title", "designation")
ATTENDANCE_LABELS = ("attendance", "participation", "mode of participation")
ROLE_LABELS = ("role",)
# The column headers of a table of people, by field.
TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "role": ("role", "capacity", "function in (?:the )?delegation", "status", "delegation"),
    "name": ("(?:full )?names?(?:, surname)?", "surname", "participant", "delegate"),
    "title": ("position", "title", "job title", "function", "designation", "post"),
    "email": (r"e-?mail(?: address)?", "email address", "contact"),
    "attendance": ("attendance", "participation", "mode(?: of (?:participation|attendance))?", "format"),
}
# The sentence leading to a name gives that person's address ("The email of Ms X is ...").
ADDRESS_OF = (r"e-?mail(?: address)?",)
ADDRESS_OF_PREPOSITIONS = ("of",)
ADDRESS_OF_ARTICLES: tuple[str, ...] = ()
# Words that begin a phrase after a name, never a title ("X will ...", "X replaces ...").
NOT_A_TITLE = ("is", "will", "replaces", "will replace")
# The person will no longer travel (and stays, attending otherwise): "no longer", "be able to", the verbs.
NO_LONGER = ("will no longer",)
ABLE_TO = ("be able to",)
TRAVEL_VERBS = ("travel", "come", "attend in person", "make the trip")
# Where a title written after a name stops (only where it starts counts, so order is free):
# a contact label; "as <role>" (with the articles after "as"); a clause of the letter going on
# ("who", "will", "to attend"); "to represent" said with an object pronoun; an address's or
# attendance's words in brackets.
TITLE_STOP_CONTACT = (r"e-?mail", "email", "tel", "phone", "mobile")
TITLE_STOP_AS = ("as",)
TITLE_STOP_AS_ARTICLES = OWNER  # whose post it is, as before a role
TITLE_STOP_ELISIONS: tuple[str, ...] = ()
TITLE_STOP_ACCOMPANY = (r"accompan\w*", "reachable", "contactable")
TITLE_STOP_WORDS = (
    "to represent", "will represent", "who", "which", "will", "shall", "he", "she", "has been", "is nominated",
    "attending", "in charge of the delegation", "to (?:attend|take part|participate|join|serve)", "was", "were", "is",
    "are", "in person", "in-person", "remotely", "online", "virtually", "participation", "initially",
)
TITLE_STOP_PURPOSE: tuple[str, ...] = ()
TITLE_STOP_PURPOSE_OBJECTS: tuple[str, ...] = ()
TITLE_STOP_PURPOSE_VERBS: tuple[str, ...] = ()
TITLE_STOP_BRACKET = (
    r"e-?mail", "in person", "remote", "online", "virtual", "her ", "his ", "to be", "adviser", "representative",
)

# -- small words the readers check one by one ----------------------------------------------
FUNCTION_LABEL = ("function",)  # a table's title column headed by its label
AS_AFTER_NAME = (r"as\b",)  # "Ms X, as representative": the name is over
PHONE_LABELS = ("tel", "phone", "mobile", "fax", "p:", "e:")  # a contact line under a signature
CONJUNCTIONS = ("and", "or")  # a "title" that starts with one is the sentence going on
EMAIL_WORDS = (r"e-?mail",)  # a "title" that is the address's label
ARTICLES_FEMININE: tuple[str, ...] = ()  # an article before a name that tells its gender
ARTICLES_MASCULINE: tuple[str, ...] = ()
MEETING_GOES_ON = ("scheduled", "to be held", "held", "in geneva")  # where a meeting's name ends
VENUE_CITY = ("geneva",)
