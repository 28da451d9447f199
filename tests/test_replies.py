"""Reply texts and the reply message itself."""
from __future__ import annotations

import email
import email.policy
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml

from bot.meeting import date_range, format_date, load_meeting
from bot.models import Inbound
from bot.replies import build, find_token, is_own_message_id, letter_reference, render, reply_message_id, token
from bot.schema import Extraction
from bot.states import LANGS, StateName, load_articles, load_states, of_form, running_order, state_name
from bot.web import review

MEETING = load_meeting("config/meeting.yaml")
STATES = load_states()
TEMPLATES = ("confirm", "request_missing", "already_recorded", "withdrawal")
BEFORE = datetime(2026, 3, 20, 12, tzinfo=timezone.utc)  # the deadline is 27 March 2026
AFTER = datetime(2026, 4, 1, 12, tzinfo=timezone.utc)
PEOPLE = [
    {"role": "representative", "name": "Kossi Agbeko", "title": "Directeur", "email": "k@travail.gouv.tg",
     "attendance": None, "gender": "male"},
]
# Nothing known but the role: every value of the reply must still read as text.
BLANK = [{"role": "representative", "name": None, "title": None, "email": None, "attendance": None, "gender": None},
         {"role": "adviser", "name": "Ana Pérez", "title": None, "email": None, "attendance": "remote",
          "gender": "female"}]
ALL_MISSING = ["representative.name", "representative.title", "representative.email", "representative.attendance",
               "adviser.title", "adviser.email", "observer"]
GOVERNMENT = {"en": "the Government ", "fr": "du Gouvernement ", "es": "del Gobierno "}


def state(code: str, lang: str) -> StateName:
    return state_name(STATES, code, lang)


def reply(template: str, lang: str, code: str = "TG", **values) -> tuple[str, str]:
    values = {"token": "[TMAI-2026/4]", "participants": PEOPLE, "missing": [], "now": BEFORE, **values}
    return render(MEETING, template, lang, state=state(code, lang), **values)


# -- member States named as the UN names them ---------------------------------------------

@pytest.mark.parametrize("code, lang, of", [
    ("ML", "fr", "du Mali"), ("DZ", "fr", "de l'Algérie"), ("CI", "fr", "de la Côte d'Ivoire"),
    ("PH", "fr", "des Philippines"), ("HT", "fr", "d'Haïti"), ("CU", "fr", "de Cuba"), ("HN", "fr", "du Honduras"),
    ("BJ", "fr", "du Bénin"), ("BO", "fr", "de l'État plurinational de Bolivie"),
    ("IR", "fr", "de la République islamique d'Iran"), ("NL", "fr", "du Royaume des Pays-Bas"),
    ("US", "fr", "des États-Unis d'Amérique"), ("SV", "fr", "d'El Salvador"),
    ("PE", "es", "del Perú"), ("UY", "es", "del Uruguay"), ("IN", "es", "de la India"), ("PH", "es", "de Filipinas"),
    ("BS", "es", "de las Bahamas"), ("US", "es", "de los Estados Unidos de América"),
    ("BO", "es", "del Estado Plurinacional de Bolivia"), ("VE", "es", "de la República Bolivariana de Venezuela"),
    ("SV", "es", "de El Salvador"),
    ("PH", "en", "of the Philippines"), ("ZM", "en", "of Zambia"), ("NE", "en", "of the Niger"),
    ("BO", "en", "of the Plurinational State of Bolivia"), ("NL", "en", "of the Kingdom of the Netherlands"),
])
def test_a_state_takes_its_article_and_contraction(code, lang, of):
    assert state(code, lang).of == of
    for template in TEMPLATES:
        _, body = reply(template, lang, code)
        assert GOVERNMENT[lang] + of in body, (template, body)


def test_the_table_gives_an_article_for_every_member_state_and_states_its_source():
    table = load_articles()
    assert set(table) == set(STATES.states)
    text = Path("config/country_names.yaml").read_text(encoding="utf-8")
    assert "Source: UNTERM" in text
    assert table["ML"] == {"en": "", "fr": "le", "es": ""} and table["PH"]["en"] == "the"


def test_a_wrong_article_in_the_table_is_refused(tmp_path):
    data = yaml.safe_load(Path("config/country_names.yaml").read_text(encoding="utf-8"))
    bad = dict(data, articles={**data["articles"], "ML": {"fr": "l'"}})
    path = tmp_path / "names.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="ML"):
        load_articles(path)
    gap = dict(data, articles={k: v for k, v in data["articles"].items() if k != "UY"})
    path.write_text(yaml.safe_dump(gap, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="UY"):
        load_articles(path)


def test_inverted_list_names_are_written_in_natural_order():
    assert running_order("Bolivia (Plurinational State of)") == "Plurinational State of Bolivia"
    assert running_order("Iran (République islamique d')") == "République islamique d'Iran"
    assert running_order("Côte d'Ivoire") == "Côte d'Ivoire"
    assert of_form("Organisation internationale des employeurs", "", "fr") == "d'Organisation internationale des employeurs"


# French: "de" never stands before le/les or an unelided vowel; "à" never before le/les.
# Spanish: never "de el", "a el"; no list name "(... de)" in running text.
WRONG = {
    "fr": [r"\bde (?:le|les)\s", r"\bà (?:le|les)\s", r"\bde [AEIOUÉÈÊÎÏÔÖÛÜ]", r"\bl' ", r"\(\w[^()]*(?:de|d'|du|des)\)"],
    "es": [r"\bde el\s", r"\ba el\s", r"\(\w[^()]*(?:de|del|de los)\)"],
    "en": [r"\bof the the\b", r"\(\w[^()]*of(?: the)?\)"],
}


def test_every_template_names_every_member_state_correctly_in_each_language():
    table = load_articles()
    for code, st in STATES.states.items():
        for lang in LANGS:
            name = running_order(st.names[lang])
            expected = GOVERNMENT[lang] + of_form(name, table[code][lang], lang)
            for template in TEMPLATES:
                subject, body = reply(template, lang, code)
                assert expected in body, (code, lang, template)
                assert name in subject
                for pattern in WRONG[lang]:
                    m = re.search(pattern, body)
                    assert m is None, (code, lang, template, m.group(0) if m else None)


def test_an_organization_is_named_as_itself():
    org = state_name(STATES, None, "fr", organization="Organisation internationale des employeurs")
    assert not org.government
    _, body = render(MEETING, "confirm", "fr", state=org, token="[T/1]", participants=PEOPLE, now=BEFORE)
    assert "désignation suivante d'Organisation internationale des employeurs" in body
    assert "Gouvernement" not in body


# -- no English in French and Spanish replies ---------------------------------------------

# English words that never belong in a French or Spanish sentence, beyond those the English
# replies use (collected below): a word left untranslated in a template or in the meeting file.
ENGLISH = set("""the of and to for with from by at on in is are was were be been this that these those which who
whom will would shall should may can could has have had not or an as it its our we us you your please dear sir madam
yours faithfully sincerely regards kindly thank thanks received recorded nomination nominations meeting meetings
office headquarters government department sectoral policies labour international geneva switzerland ilo
representative adviser observer title attendance remote person email e-mail address missing provided deadline reply
message subject reference january february march april may june july august september october november december
request requests already withdrawal delegation still need what so far automatic automatically""".split())
# Words the three languages share, as they are written in French or Spanish sentences.
SHARED = {"fr": {"a", "message", "assistance", "participants", "transition", "suite", "date", "information", "b", "e",
                 "international", "communication", "correction", "mode"},
          "es": {"a", "no", "b", "e", "artificial"}}


def english_words(text: str, lang: str, vocabulary: set[str]) -> set[str]:
    """The English words of `text` (a French or Spanish reply); e-mail addresses and tokens are not words."""
    text = re.sub(r"\S+@\S+|\[[^\]]*\]", " ", text)
    words = {w.lower() for w in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", text)}
    return (words & vocabulary) - SHARED[lang]


@pytest.fixture(scope="module")
def vocabulary() -> set[str]:
    """Every word the English replies use, except those of the data: names, and the words the
    postal address keeps in every language (the street's name)."""
    words = set(ENGLISH)
    street = set.intersection(*({w.lower() for line in MEETING.official[lang].address for w in re.findall(r"[^\W\d_]+", line)}
                                for lang in LANGS))
    data = " ".join([*street, "MT", *(v for p in PEOPLE + BLANK for v in p.values() if v)])
    for template in TEMPLATES:
        for when in (BEFORE, AFTER):
            subject, body = reply(template, "en", "TG", participants=BLANK, missing=ALL_MISSING, now=when,
                                  communication=BEFORE, reference="MT/2026/14")
            words |= {w.lower() for w in re.findall(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", subject + " " + body)}
    return words - {w.lower() for w in re.findall(r"[^\W\d_]+", data)} - {"togo"}


def test_the_english_check_catches_what_used_to_slip_through(vocabulary):
    old = ("Nous avons enregistré la désignation suivante de Mali pour la Réunion technique (ILO headquarters, Geneva, "
           "du 13 avril 2026 au 17 avril 2026).\nVeuillez agréer...\nILO Sectoral Meetings")
    assert {"ilo", "headquarters", "geneva", "sectoral", "meetings"} <= english_words(old, "fr", vocabulary)
    assert english_words("Le Bureau a enregistré la désignation.", "fr", vocabulary) == set()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_no_english_word_in_a_french_or_spanish_reply(lang, vocabulary):
    for template in TEMPLATES:
        for when in (BEFORE, AFTER):
            for people, missing in ((PEOPLE, ["representative.attendance"]), (BLANK, ALL_MISSING), ([], ["representative"])):
                for automatic in (True, False):
                    subject, body = reply(template, lang, "TG", participants=people, missing=missing, now=when,
                                          communication=BEFORE, reference="MT/2026/14", automatic=automatic)
                    assert english_words(subject + "\n" + body, lang, vocabulary) == set(), (template, body)
    raw = build(MEETING, to="a@b.tg", subject="S", body="B", message_id="<x@y>", language=lang, in_reply_to=None,
                references=[])
    sender = email.message_from_bytes(raw, policy=email.policy.default)["From"]
    assert english_words(sender, lang, vocabulary) == set(), sender


# -- nothing unknown shown as a dash or None ----------------------------------------------

# None, an em dash, a lone dash as a value, empty brackets, a label with nothing after it.
PLACEHOLDER = re.compile(r"\bNone\b|—|(?:^|[:,(]\s*)[-–](?=\s*(?:[,)]|$))|\(\s*\)|^[ \t]*\S+(?: \S+){0,2}[ \t]*:[ \t]*\r?$"
                         r"|\bnull\b", re.MULTILINE)


@pytest.mark.parametrize("lang", LANGS)
def test_no_placeholder_in_any_reply(lang):
    assert PLACEHOLDER.search("Title: —") and PLACEHOLDER.search("E-mail: None") and PLACEHOLDER.search("a, -, b")
    assert PLACEHOLDER.search("Representative: A\n  Adresse électronique :\n") and not PLACEHOLDER.search("Le Bureau a enregistré ce qui suit :")
    for template in TEMPLATES:
        for people, missing in ((BLANK, ALL_MISSING), ([], ["representative"]), (PEOPLE, [])):
            for communication, reference in ((None, None), (BEFORE, None), (BEFORE, "N° 12/MT")):
                subject, body = reply(template, lang, "CI", participants=people, missing=missing,
                                      communication=communication, reference=reference)
                m = PLACEHOLDER.search(body) or PLACEHOLDER.search(subject)
                assert m is None, (template, lang, m.group(0) if m else None, body)
    _, body = reply("confirm", lang, participants=BLANK)
    assert {"en": "to be provided", "fr": "à communiquer", "es": "por comunicar"}[lang] in body


# -- the Office's register ------------------------------------------------------------------

def test_the_communication_is_acknowledged_with_its_date_and_reference():
    when = datetime(2026, 3, 9, 23, 30, tzinfo=timezone.utc)  # already 10 March in Geneva
    expected = {"en": "your communication of 10 March 2026 (reference MT/DGT/2026/114)",
                "fr": "votre communication en date du 10 mars 2026 (référence : MT/DGT/2026/114)",
                "es": "su comunicación de fecha 10 de marzo de 2026 (referencia: MT/DGT/2026/114)"}
    for lang, text in expected.items():
        for template in TEMPLATES:
            _, body = reply(template, lang, communication=when, reference="MT/DGT/2026/114")
            assert text in body
    _, body = reply("confirm", "en")
    assert "acknowledges receipt of your communication concerning the Technical meeting" in body


def test_the_meeting_is_named_by_its_official_title_venue_and_dates_in_each_language():
    expected = {"en": "(ILO headquarters, Geneva, 13–17 April 2026)",
                "fr": "(siège du BIT, Genève, du 13 au 17 avril 2026)",
                "es": "(sede de la OIT, Ginebra, del 13 al 17 de abril de 2026)"}
    for lang, text in expected.items():
        for template in TEMPLATES:
            _, body = reply(template, lang)
            assert MEETING.official[lang].title + " " + text in body


def test_the_reply_is_signed_by_the_department_and_the_office():
    for lang in LANGS:
        official = MEETING.official[lang]
        block = "\n".join([official.department, official.office, *official.address])
        for template in TEMPLATES:
            _, body = reply(template, lang)
            assert block in body


@pytest.mark.parametrize("lang, before, after", [
    ("en", "by 27 March 2026", "the Office will then consider the nomination and reply to you"),
    ("fr", "au plus tard le 27 mars 2026", "le Bureau examinera alors la désignation et vous répondra"),
    ("es", "a más tardar el 27 de marzo de 2026", "la Oficina examinará entonces la designación y le responderá"),
])
def test_the_request_for_missing_items_knows_whether_the_deadline_has_passed(lang, before, after):
    _, early = reply("request_missing", lang, missing=["representative.attendance"], now=BEFORE)
    _, late = reply("request_missing", lang, missing=["representative.attendance"], now=AFTER)
    assert before in early and after not in early
    assert after in late and before not in late


@pytest.mark.parametrize("lang, words", [
    ("en", ["Representative (Kossi Agbeko): mode of attendance (in person or remote)"]),
    ("fr", ["Représentant (Kossi Agbeko) : mode de participation (en présentiel ou à distance)"]),
    ("es", ["Representante (Kossi Agbeko): modalidad de participación (presencial o a distancia)"]),
])
def test_missing_items_are_listed_in_the_senders_language(lang, words):
    subject, body = reply("request_missing", lang, missing=["representative.attendance"])
    assert subject.endswith("[TMAI-2026/4]")
    for w in words:
        assert w in body


def test_a_missing_representative_is_asked_for_whole():
    _, body = reply("request_missing", "en", participants=[], missing=["representative"])
    assert "Representative: name, title, e-mail address and mode of attendance (in person or remote)" in body


def test_an_unknown_language_is_answered_in_the_first_meeting_language():
    subject, _ = render(MEETING, "confirm", "other", state=state("TG", "en"), token="[TMAI-2026/4]",
                        participants=PEOPLE)
    assert subject.startswith("Nomination recorded")


# -- a reply a person writes or approves ----------------------------------------------------

AUTOMATIC = {"en": "sent automatically", "fr": "envoyé automatiquement", "es": "enviado automáticamente"}


@pytest.mark.parametrize("lang", LANGS)
def test_a_reply_of_a_person_is_signed_like_the_others_and_not_called_automatic(lang):
    who = review.Reviewer(user="ana", meeting=MEETING, state_name=STATES.name)
    row = Inbound(id=7, date=BEFORE, raw=b"")
    ext = Extraction(kind="nomination", language=lang, member_state="ML", capacity="member",
                     participants=[{"role": "representative", "name": "Awa Traoré"}])
    subject, body = review.missing_reply(who, row, ext, ["representative.email"])
    assert AUTOMATIC[lang] not in body
    assert MEETING.official[lang].department + "\n" + MEETING.official[lang].office in body
    assert {"en": "the Government of Mali", "fr": "du Gouvernement du Mali", "es": "del Gobierno de Malí"}[lang] in body
    _, automatic = reply("request_missing", lang, missing=["representative.email"])
    assert AUTOMATIC[lang] in automatic


# -- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, lang, text", [
    (date(2026, 4, 13), date(2026, 4, 17), "en", "13–17 April 2026"),
    (date(2026, 4, 13), date(2026, 4, 17), "fr", "du 13 au 17 avril 2026"),
    (date(2026, 4, 13), date(2026, 4, 17), "es", "del 13 al 17 de abril de 2026"),
    (date(2026, 3, 30), date(2026, 4, 2), "en", "30 March–2 April 2026"),
    (date(2026, 3, 30), date(2026, 4, 2), "fr", "du 30 mars au 2 avril 2026"),
    (date(2026, 3, 30), date(2026, 4, 2), "es", "del 30 de marzo al 2 de abril de 2026"),
    (date(2026, 12, 28), date(2027, 1, 1), "en", "28 December 2026–1 January 2027"),
    (date(2026, 12, 28), date(2027, 1, 1), "fr", "du 28 décembre 2026 au 1er janvier 2027"),
    (date(2026, 12, 28), date(2027, 1, 1), "es", "del 28 de diciembre de 2026 al 1 de enero de 2027"),
    (date(2026, 5, 1), date(2026, 5, 1), "fr", "le 1er mai 2026"),
    (date(2026, 5, 1), date(2026, 5, 1), "es", "el 1 de mayo de 2026"),
])
def test_a_date_range_is_written_as_each_language_writes_it(start, end, lang, text):
    assert date_range(start, end, lang) == text


def test_one_day_in_each_language():
    assert [format_date(date(2026, 3, 1), lang) for lang in LANGS] == ["1 March 2026", "1er mars 2026",
                                                                       "1 de marzo de 2026"]


# -- the letter's own reference ----------------------------------------------------------------

@pytest.mark.parametrize("text, ref", [
    ("Réf. : N° 0234/MTEFP/DGT\nObjet : désignation", "N° 0234/MTEFP/DGT"),
    ("Our Ref.: MOL/ILO/14/2026\n\nDear Sir,", "MOL/ILO/14/2026"),
    ("   Oficio N.º 114-2026-TR\nSeñores:", "114-2026-TR"),
    ("Ref.: Designación para la Reunión técnica sobre IA\n", None),
    ("Your ref.: TMAI-2026/4\n", None),
    ("Reference is made to your letter dated 10 March 2026.\n", None),
])
def test_the_letters_own_reference_is_found(text, ref):
    assert letter_reference([text]) == ref


# -- the message ------------------------------------------------------------------------------------

def test_the_reference_token_threads_back_whatever_the_prefix():
    t = token(MEETING, 42)
    assert find_token(MEETING, f"RE : TR: {t} Nomination") == 42
    assert find_token(MEETING, f"RÉF : RV: {t.lower()}") == 42
    assert find_token(MEETING, "RV: [OTHER-2025/42] x") is None


def test_a_reply_carries_the_headers_that_keep_machines_quiet():
    mid = reply_message_id(MEETING, 7, "confirm")
    raw = build(MEETING, to="desk@labour.gov.tt", subject="S", body="B", message_id=mid, language="fr",
                in_reply_to="<orig@labour.gov.tt>", references=["<older@labour.gov.tt>"])
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["In-Reply-To"] == "<orig@labour.gov.tt>"
    assert msg["References"] == "<older@labour.gov.tt> <orig@labour.gov.tt>"
    assert msg["Message-ID"] == mid and is_own_message_id(MEETING, mid)
    assert not is_own_message_id(MEETING, "<orig@labour.gov.tt>")
    assert msg["From"].addresses[0].display_name == MEETING.official["fr"].sender



def _stdlib_build(*, to, subject, body, message_id, language, in_reply_to, references):  # type: ignore[no-untyped-def]
    """The reply as the standard library's own compat32 classes make it, for comparison."""
    import email.charset
    from email.header import Header
    from email.mime.text import MIMEText
    from email.utils import formataddr

    utf8 = email.charset.Charset("utf-8")
    utf8.body_encoding = email.charset.QP
    msg = MIMEText(body, "plain", utf8)
    msg["From"] = formataddr((MEETING.official[language].sender, MEETING.addresses.nominations))
    msg["To"] = to
    msg["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    msg["Date"] = "Thu, 03 Dec 2026 12:00:00 +0000"
    msg["Message-ID"] = message_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = " ".join([*references, in_reply_to][-10:])
    msg["Auto-Submitted"] = "auto-replied"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["Content-Language"] = language
    return msg.as_bytes(policy=email.policy.compat32.clone(linesep="\r\n"))


def test_a_reply_is_the_same_bytes_as_the_standard_library_makes():
    """build() folds headers and encodes the subject on shortcuts of its own: byte for byte
    what the standard library gives, for subjects and headers short and long, ASCII or not."""
    import random

    rng = random.Random(7)
    pool = list("abcdefXYZ019 :;,.[]/_=?-") + ["–", "é", "ñ", "ü", "中", "文", "😀", "\u00a0", "  "]
    for n in range(400):
        size = rng.choice([1, 5, 30, 60, 70, 75, 76, 77, 80, 110, 200])
        subject = " ".join("".join(rng.choice(pool) for _ in range(size)).split()) or "x"
        refs = [f"<ref-{rng.randrange(10 ** rng.randrange(1, 30))}@labour.gov.tt>" for _ in range(rng.randrange(4))]
        args = dict(to=f"desk{n}@{'x' * rng.randrange(1, 70)}.gov.tt", subject=subject, body=f"Dear {subject},\n",
                    message_id=reply_message_id(MEETING, n, "confirm"), language=rng.choice(["en", "fr", "es"]),
                    in_reply_to=rng.choice([None, f"<orig-{n}@labour.gov.tt>"]), references=refs)
        ours = re.sub(rb"(?m)^Date: .*$", b"Date: -", build(MEETING, **args))
        assert ours == re.sub(rb"(?m)^Date: .*$", b"Date: -", _stdlib_build(**args)), args


# -- the replies kept in docs/replies for readers --------------------------------------------

def test_the_replies_in_the_docs_hold_to_the_same_rules():
    """docs/replies (scripts/reply_samples.py) shows what the bot sends: no placeholder, every
    language, the demo's replies, the signature of the reply's language."""
    langs: dict[str, int] = {}
    for path in sorted(Path("docs/replies").glob("*/**/*.txt")):
        if path.name == "demo-output.txt":
            continue
        text = path.read_text(encoding="utf-8")
        lang = re.search(r"^Content-Language: (\w+)$", text, re.MULTILINE).group(1)
        langs[lang] = langs.get(lang, 0) + 1
        body = text.split("\n\n", 1)[1]
        assert PLACEHOLDER.search(body) is None, path
        assert MEETING.official[lang].department + "\n" + MEETING.official[lang].office in body, path
    assert set(langs) == set(LANGS) and min(langs.values()) >= 6
    assert len(list(Path("docs/replies/demo").glob("0*.txt"))) >= 4


# -- through the pipeline -------------------------------------------------------------------------

def test_the_worker_acknowledges_the_letters_date_and_reference_and_names_the_government(tmp_path):
    from bot.db import Database
    from bot.mailbox import MaildirMailbox, deliver_to_maildir
    from bot.outbox import MaildirTransport
    from bot.worker import Worker

    raw = Path("examples/mail/04-designation-fr.eml").read_bytes().replace(
        b"Madame, Monsieur,\n", "Réf. : N° 0234/MTFP/DNT\n\nMadame, Monsieur,\n".encode(), 1)
    db = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    box = MaildirMailbox(tmp_path / "mailbox")
    worker = Worker(meeting=MEETING, states=STATES, db=db, mailbox=box, transport=MaildirTransport(tmp_path / "outbox"))
    try:
        deliver_to_maildir(box.path, raw)
        worker.drain()
    finally:
        db.dispose()
    [sent] = list((tmp_path / "outbox" / "new").iterdir())
    msg = email.message_from_bytes(sent.read_bytes(), policy=email.policy.default)
    body = msg.get_content()
    assert msg["From"].addresses[0].display_name == MEETING.official["fr"].sender
    assert "votre communication en date du 12 mars 2026 (référence : N° 0234/MTFP/DNT)" in body
    assert "la désignation suivante du Gouvernement du Mali :" in body
    assert "Représentante : Fatoumata Keïta" in body
    assert PLACEHOLDER.search(body) is None
