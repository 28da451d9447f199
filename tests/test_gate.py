"""The confirmation gate: a value the bot would send back to a government is checked on its own terms."""
from __future__ import annotations

from email.message import EmailMessage

import pytest

from bot import gate
from bot.analyse import analyse
from bot.meeting import load_meeting
from bot.schema import Evidence, Extraction, Participant
from bot.states import load_states

MEETING = load_meeting("config/meeting.yaml")
STATES = load_states()


def mail(body: str, sender: str = "dlabour@labour.gov.gh", subject: str = "Nomination", cc: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Director of Labour <{sender}>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 09 Mar 2026 10:00:00 +0000"
    msg["Message-ID"] = "<gate-test@labour.gov.gh>"
    if cc:
        msg["Cc"] = cc
    msg.set_content(body)
    return bytes(msg)


def read(raw: bytes) -> Extraction:
    return analyse(raw, MEETING, STATES).result


COMPLETE = (
    "Dear Sir/Madam,\n\nThe Government of Ghana has the honour to nominate Ms Abena Mensah, Director of Labour, "
    "Ministry of Employment and Labour Relations, abena.mensah@labour.gov.gh, as its representative to the "
    "Technical meeting on AI in manufacturing (Geneva, 13-17 April 2026). She will attend in person.\n\n"
    "{extra}Yours faithfully,\n\nKwame Boateng\nChief Director\n"
)


def test_a_plain_complete_nomination_passes_the_gate():
    r = read(mail(COMPLETE.format(extra="")))
    assert (r.decision, r.reasons) == ("confirm", [])


@pytest.mark.parametrize("extra", [
    "This nomination is provisional, pending the official note verbale from our Permanent Mission.\n\n",
    "Cette désignation reste à confirmer par note verbale.\n\n",
    "La presente designación es provisional, a la espera de la nota verbal oficial.\n\n",
    "The nomination is subject to confirmation by the Minister.\n\n",
    "La presente designación queda sujeta a la emisión de la Resolución Ministerial que autorice el viaje.\n\n",
])
def test_a_provisional_nomination_goes_to_a_person(extra):
    r = read(mail(COMPLETE.format(extra=extra)))
    assert r.decision == "review" and "provisional" in r.reasons


@pytest.mark.parametrize("extra", [
    "Could we also nominate a second adviser at our own expense?\n\n",
    # questions listed after a colon
    "Before we finalise, we would like to know:\n\n1. whether she may attend in person for two days only;\n"
    "2. if the report will be available in French.\n\n",
    "Nous souhaiterions savoir :\n\n- si notre représentante peut participer à distance le dernier jour ;\n\n",
])
def test_a_question_about_the_nomination_goes_to_a_person(extra):
    r = read(mail(COMPLETE.format(extra=extra)))
    assert r.decision == "review" and "question" in r.reasons


def test_the_addresses_of_a_forward_s_header_lines_are_not_addresses_the_letter_gives():
    from tests.test_parse import THUNDERBIRD_FORWARD

    r = read(mail(THUNDERBIRD_FORWARD, sender="pdoorgakant@govmu.org", subject="Tr: Désignation"))
    assert [p.name for p in r.participants] == ["Vikash Jeetun", "Anne-Laure Lagesse"]
    assert (r.decision, r.reasons) == ("request_missing", [])
    assert r.missing == ["representative.attendance", "adviser.attendance"]


def test_a_letter_that_corrects_itself_goes_to_a_person():
    # (in a postscript, below the signature)
    body = COMPLETE.format(extra="") + ("\nP.S.: the address given above is incorrect; the correct address is "
                                           "a.mensah@labour.gov.gh.\n")
    r = read(mail(body))
    assert r.decision == "review" and "self_correction" in r.reasons


@pytest.mark.parametrize("text", [
    "P. D.: Corrijo un error: la dirección indicada más arriba no es la buena; la correcta es x@y.es.",
    "Rectificatif : il faut lire amensah@labour.gov.gh.",
])
def test_self_corrections_are_read_in_french_and_spanish(text):
    assert gate.SELF_CORRECTION_RE.search(text)


def test_a_letter_about_another_meeting_is_not_confirmed():
    body = COMPLETE.format(extra="").replace(
        "Technical meeting on AI in manufacturing (Geneva, 13-17 April 2026)",
        "Technical meeting on the future of work in the chemical and pharmaceutical industries")
    r = read(mail(body, subject="Nomination"))
    assert r.decision == "review" and "other_meeting" in r.reasons


@pytest.mark.parametrize("sentence", [
    "ha designado como representante en la Reunión técnica de la OIT al señor Ignacio Andrés Valdivia Leiva, Jefe",
    "nominates to the Technical meeting of the ILO Mr Kwame Mensah Boateng, Director of Labour Relations",
])
def test_a_person_named_after_the_meeting_is_not_another_meeting(sentence):
    assert not gate._other_meeting(sentence, MEETING)


def test_a_letter_giving_other_dates_for_the_meeting_is_not_confirmed():
    body = COMPLETE.format(extra="").replace("13-17 April 2026", "2-6 November 2026")
    r = read(mail(body))
    assert r.decision == "review" and "other_meeting" in r.reasons


def test_an_address_unrelated_to_the_sender_state_or_person_is_not_confirmed():
    body = COMPLETE.format(extra="").replace("abena.mensah@labour.gov.gh", "office-desk@bulk-mailer.example.com")
    r = read(mail(body))
    assert r.decision == "review" and "email_unrelated:representative" in r.reasons


@pytest.mark.parametrize("email, ok", [
    ("abena.mensah@labour.gov.gh", True),  # the sender's domain
    ("a.mensah@mfa.gov.gh", True),  # a government domain of the State
    ("abena.mensah@gmail.com", True),  # visibly the person's own
    ("desk@bulk-mailer.example.com", False),
])
def test_an_address_must_belong_to_the_sender_the_state_or_the_person(email, ok):
    letter = gate.Letter(texts={}, main_text="", all_text="", subject="", sender="dlabour@labour.gov.gh", sender_domain_state="GH",
                         signatory=None, cc=[], self_nomination=False, word_confidences={})
    result = Extraction(kind="nomination", member_state="GH", capacity="member", participants=[
        Participant(role="representative", name="Abena Mensah", email=email)])
    assert (gate.check(result, letter, MEETING, STATES) == []) is ok


def test_the_signatory_is_not_taken_for_the_nominee():
    letter = gate.Letter(texts={}, main_text="", all_text="", subject="", sender="x@labour.gov.gh", sender_domain_state="GH",
                         signatory="Kwame Boateng", cc=[], self_nomination=False, word_confidences={})
    result = Extraction(kind="nomination", member_state="GH", capacity="member", participants=[
        Participant(role="representative", name="Kwame Boateng", title="Chief Director", email="k.boateng@labour.gov.gh",
                    attendance="in_person")])
    assert gate.check(result, letter, MEETING, STATES) == ["name_is_signatory:representative"]


def test_an_official_in_copy_is_not_taken_for_the_nominee():
    letter = gate.Letter(texts={}, main_text="", all_text="", subject="", sender="x@labour.gov.gh", sender_domain_state="GH",
                         signatory=None, cc=[("Kofi Owusu", "")], self_nomination=False, word_confidences={})
    result = Extraction(kind="nomination", member_state="GH", capacity="member", participants=[
        Participant(role="representative", name="Kofi Owusu", title="Minister", email="k.owusu@labour.gov.gh")])
    assert gate.check(result, letter, MEETING, STATES) == ["name_is_cc:representative"]


@pytest.mark.parametrize("name, ok", [
    ("Abena Mensah", True), ("Ma. Cristina R. Dela Cruz", True), ("Jose Ramon M. Santos", True),
    ("Rasmata OUÉDRAOGO/KABORÉ", True), ("Mohamed Lemine OULD AHMEDOU", True), ("Jean-Pierre de la Fontaine", True),
    ("D.ª Nuria Vallejo Sanz", False), ("Mr John Smith", False), ("M. Jean Dupont", False), ("Mensah", True),
    ("Director Abena Mensah", False), ("abena mensah", False), ("Abena Mensah 2026", False),
    ("Abena Mensah will attend", False), ("A" * 30 + " " + "B" * 60, False),
])
def test_a_name_must_look_like_a_person_s_name(name, ok):
    assert gate.name_looks_right(name) is ok


@pytest.mark.parametrize("title, ok", [
    ("Director of Labour, Ministry of Employment and Labour Relations", True),
    ("Cheffe suppléante du secteur Affaires internationales du travail, SECO", True),
    ("Subdirectora General Adjunta de Relaciones Internacionales Sociolaborales", True),
    ("Counsellor (Labour and Social Affairs), Permanent Mission of Australia to the United Nations, Geneva", True),
    ("pour le représenter à la Réunion technique sur l'intelligence artificielle", False),
    ("Chef de la Division des normes internationales du travail, prendra part à la réunion", False),
    ("Deputy Director General, Labour Relations Division, to attend the meeting", False),
    ("Head of Labour and Employment Policy Department o", False),
    ("Représentante", False),
    ("Director, see https://spam.example/offer for details", False),
    ("Best offers " * 30, False),
    ("Director of the", False),
])
def test_a_title_must_look_like_a_post(title, ok):
    assert gate.title_looks_right(title) is ok


def test_a_value_read_from_a_scan_with_low_confidence_is_not_sent_back():
    text = "Social Affairs\nArmen Hakobyan, Social Policy, a.hakobyan@mlsa.am"
    words = [("Social", 41.0), ("Affairs", 90.0), ("Armen", 96.0), ("Hakobyan,", 95.0), ("Social", 93.0),
             ("Policy,", 92.0), ("a.hakobyan@mlsa.am", 41.0)]
    email = text.index("a.hakobyan")
    assert gate._ocr_doubt("a.hakobyan@mlsa.am", text, email, email + 18, words, 80)
    name = text.index("Armen")
    assert not gate._ocr_doubt("Armen Hakobyan", text, name, name + 14, words, 60)
    title = text.index("Social Policy")
    assert not gate._ocr_doubt("Social Policy", text, title, title + 13, words, 60)  # the doubtful "Social" is the letterhead's
    cut = [("Head", 95.0), ("of", 95.0), ("Policy", 94.0), ("Department", 93.0), ("o", 46.0)]
    assert not gate._ocr_doubt("Head of Policy Department", "Head of Policy Department o", 0, 27, cut, 60)  # a speck left out


def test_a_value_must_be_written_where_its_evidence_points():
    text = "Ms Abena Mensah, Director of Labour, abena.mensah@labour:gov.gh"
    assert gate._grounded("Abena Mensah", text, 3, 15, "name")
    assert gate._grounded("abena.mensah@labour.gov.gh", text, 37, 63, "email")
    assert not gate._grounded("Kofi Owusu", text, 3, 15, "name")


def test_attendance_must_be_stated_near_its_evidence():
    text = "Ms Abena Mensah, Director of Labour. She will attend in person."
    letter = gate.Letter(texts={"body": text}, main_text=text, all_text=text, subject="", sender="", sender_domain_state=None,
                         signatory=None, cc=[], self_nomination=False, word_confidences={})
    said = Participant(role="representative", attendance="in_person",
                       evidence={"attendance": Evidence(source="body", start=52, end=61)})
    unsaid = Participant(role="representative", attendance="remote",
                         evidence={"attendance": Evidence(source="body", start=0, end=2)})
    assert gate._attendance_stated(said, letter)
    assert not gate._attendance_stated(unsaid, letter)


def test_every_reason_of_the_gate_is_explained_in_plain_words():
    from bot.reasons import TABLE, explain

    for code in gate.CODES:
        assert code in TABLE
        words = explain(f"{code}:representative")
        assert words.text and words.todo and "{" not in words.text


def test_a_role_the_letter_never_says_is_not_confirmed():
    observer_letter = ("Le Gouvernement participera en qualité d'observateur et désigne M. Jean Dupont, Conseiller, "
                       "jean.dupont@travail.gouv.fr, en présentiel.")
    letter = gate.Letter(texts={}, main_text=observer_letter, all_text=observer_letter, subject="", sender="x@travail.gouv.fr",
                         sender_domain_state="FR", signatory=None, cc=[], self_nomination=False, word_confidences={})
    as_representative = Extraction(kind="nomination", member_state="FR", capacity="member", participants=[
        Participant(role="representative", name="Jean Dupont", email="jean.dupont@travail.gouv.fr")])
    assert gate.check(as_representative, letter, MEETING, STATES) == ["role_unstated:representative"]
    as_observer = as_representative.model_copy(update={"participants": [
        Participant(role="observer", name="Jean Dupont", email="jean.dupont@travail.gouv.fr")]})
    assert gate.check(as_observer, letter, MEETING, STATES) == []


def test_a_person_named_in_the_letter_but_not_read_holds_the_confirmation():
    text = ("Dear Sir,\n\nOur representative will be Ms Abena Mensah (abena.mensah@labour.gov.gh). She will be joined "
            "by Mr Kofi Owusu, Labour Officer (k.owusu@labour.gov.gh), who attends remotely.\n\nYours faithfully,\n\nA. B.\n")
    letter = gate.Letter(texts={"body": text}, main_text=text, all_text=text, subject="", sender="x@labour.gov.gh",
                         sender_domain_state="GH", signatory=None, cc=[], self_nomination=False, word_confidences={})
    one = Extraction(kind="nomination", member_state="GH", capacity="member", participants=[
        Participant(role="representative", name="Abena Mensah", email="abena.mensah@labour.gov.gh")])
    assert "person_unread" in gate.check(one, letter, MEETING, STATES)
    both = one.model_copy(update={"participants": one.participants + [
        Participant(role="adviser", name="Kofi Owusu", email="k.owusu@labour.gov.gh")]})
    assert "person_unread" not in gate.check(both, letter, MEETING, STATES)


def test_a_companion_is_read_as_the_adviser():
    body = COMPLETE.format(extra="").replace(
        "She will attend in person.",
        "She will attend in person.\n\nShe will be accompanied, as adviser, by Mr. Kofi Owusu, Labour Officer, Ministry of "
        "Employment and Labour Relations (kofi.owusu@labour.gov.gh), who will join remotely.")
    r = read(mail(body))
    assert [(p.role, p.name, p.attendance) for p in r.participants] == [
        ("representative", "Abena Mensah", "in_person"), ("adviser", "Kofi Owusu", "remote")]
    assert r.decision == "confirm"


def test_an_indirect_question_goes_to_a_person():
    r = read(mail(COMPLETE.format(extra="We would be grateful if you could let us know whether the adviser may speak.\n\n")))
    assert r.decision == "review" and "question" in r.reasons


@pytest.mark.parametrize("sentence, held", [
    ("Como asesora lo acompañará quien suscribe, en forma virtual.", True),
    ("Mr Kofi Owusu will attend as adviser.", True),
    ("We won't be sending an adviser.", False),
    ("Portugal does not intend to\ndesignate an adviser.", False),
])
def test_a_role_given_to_someone_nobody_was_read_in_holds_the_reply(sentence, held):
    text = f"Dear Sir,\n\nMs Abena Mensah, Principal Advisor, will represent Ghana. {sentence}\n"
    letter = gate.Letter(texts={}, main_text=text, all_text=text, subject="", sender="x@labour.gov.gh", sender_domain_state="GH",
                         signatory=None, cc=[], self_nomination=False, word_confidences={})
    result = Extraction(kind="nomination", member_state="GH", capacity="member", participants=[
        Participant(role="representative", name="Abena Mensah", title="Principal Advisor", email="abena.mensah@labour.gov.gh")])
    assert ("role_unread:adviser" in gate.check(result, letter, MEETING, STATES)) is held


def test_a_name_read_short_of_what_the_letter_writes_holds_the_reply():
    text = "Adviser | Ms Nur Aisyah binte Abdul Rahman | Senior Manager"
    start = text.index("Nur")
    assert gate._name_goes_on(text, start + len("Nur Aisyah"))
    assert not gate._name_goes_on(text, start + len("Nur Aisyah binte Abdul Rahman"))


def test_a_representative_given_on_a_bullet_line_but_not_read_is_never_asked_for():
    # "Md." is no style of address: the reader misses the name, and a request for a
    # representative the letter names would be wrong.
    body = ("The Government has nominated the following officials:\n\n"
            "  1. Md. Shahidul Islam\n     Additional Secretary (Labour), Ministry of Labour\n"
            "     - Representative. He will attend the meeting in person.\n"
            "  2. Ms. Nusrat Jahan Chowdhury\n     Senior Assistant Secretary, Ministry of Labour\n"
            "     E-mail: nusrat.chowdhury@labour.gov.gh\n     - Adviser.\n\nDeputy Secretary\n")
    r = read(mail(body))
    if not any(p.role == "representative" for p in r.participants):
        assert r.decision == "review" and "role_unread:representative" in r.reasons
    assert r.decision != "request_missing" or "representative" not in r.missing


@pytest.mark.parametrize("name, ok", [("Isabelle d'Huart", True), ("Anne-Marie d’Almeida", True), ("l'Adviser", False),
                                      ("d'accord", False)])
def test_an_elided_particle_may_open_a_surname(name, ok):
    assert gate.name_looks_right(name) is ok


@pytest.mark.parametrize("text, provisional", [
    ("La designación queda pendiente de aprobación por el Ministro.", True),
    ("La participación está pendiente de la firma de la resolución ministerial.", True),
    ("Les hago llegar los datos pendientes de la asesora de nuestra delegación.", False),
])
def test_pending_is_provisional_only_when_a_decision_is_pending(text, provisional):
    assert bool(gate.PROVISIONAL_RE.search(text)) is provisional


def test_a_post_begins_with_a_letter_or_a_digit() -> None:
    from bot.gate import value_doubt

    assert value_doubt("title", "'s address") == "title_shape"
    assert value_doubt("title", "Permanent Secretary (Ag.)") is None


@pytest.mark.parametrize("extra", [
    "We would be grateful for a letter of invitation in her name, to support her visa application.\n\n",
    "Par ailleurs, afin de faciliter l'obtention de son visa Schengen, nous vous saurions gré de bien vouloir lui "
    "adresser une lettre d'invitation nominative.\n\n",
    "Please also send us the list of hotels near the ILO.\n\n",
])
def test_a_request_only_a_person_can_see_to_goes_to_a_person(extra):
    r = read(mail(COMPLETE.format(extra=extra)))
    assert r.decision == "review" and "request" in r.reasons


def test_the_invitation_letter_referred_to_is_no_request():
    r = read(mail(COMPLETE.format(extra="With reference to the invitation letter of the ILO dated 10 February 2026.\n\n")))
    assert (r.decision, r.reasons) == ("confirm", [])
