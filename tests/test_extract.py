"""extract: nominees, their fields and evidence, the State and the organization."""
from __future__ import annotations

from pathlib import Path

from bot.analyse import analyse
from bot.extraction import fields
from bot.extraction.people import read_segment
from bot.meeting import load_meeting
from bot.states import load_states

FIXTURES = Path(__file__).parent / "fixtures" / "nominations"


def read(name: str):
    return analyse((FIXTURES / name).read_bytes(), load_meeting("config/meeting.yaml"), load_states()).result


def people(text: str, lang: str = "en"):
    found, _ = read_segment(text, "body", lang)
    return found


def test_it_reads_a_prose_nomination_in_english():
    r = read("prose-en-honour-to-nominate.eml")
    assert r.member_state == "PH" and r.capacity == "member"
    (p,) = r.participants
    assert (p.role, p.name, p.email, p.attendance, p.gender) == (
        "representative", "Maria Clara Santos-Villanueva", "mcsantos@dole.gov.ph", "in_person", "female")
    assert p.title == "Director, Bureau of Labor Relations, Department of Labor and Employment"
    assert p.evidence["email"].source == "body" and p.evidence["email"].confidence >= 0.8


def test_it_reads_label_lines_under_role_headings():
    r = read("labels-fr-nom-fonction-courriel.eml")
    assert [(p.role, p.name, p.attendance, p.gender) for p in r.participants] == [
        ("representative", "Cheikh Tidiane FALL", "in_person", "male"),
        ("adviser", "Fatou Binetou SARR", "remote", "female"),
    ]


def test_it_joins_a_title_over_two_lines_and_applies_whole_delegation_attendance():
    r = read("prose-es-two-line-title-delegation.eml")
    rep, adv = r.participants
    assert rep.title == "Director General de Derechos Fundamentales y Seguridad y Salud en el Trabajo"
    assert (rep.attendance, adv.attendance) == ("remote", "remote")
    assert (adv.role, adv.gender) == ("adviser", "female")


def test_it_reads_an_html_table():
    r = read("html-table-delegation.eml")
    assert [(p.role, p.name, p.email, p.attendance) for p in r.participants] == [
        ("representative", "Lars Erik Johansen", "lars.johansen@aid.dep.no", "in_person"),
        ("adviser", "Kari Nordby", "kari.nordby@mfa.no", "remote"),
    ]


def test_conditional_attendance_is_left_unread():
    r = read("conditional-attendance-visa.eml")
    assert r.participants[0].attendance is None


def test_a_self_nomination_takes_name_title_and_address_from_the_signature():
    r = read("self-nomination-signature.eml")
    (p,) = r.participants
    assert (p.name, p.email, p.attendance, p.gender) == ("Sigrid Haugen", "sigrid.haugen@aid.dep.no", "remote", None)
    assert p.title.startswith("Senior Adviser, Department of Working Environment")


def test_an_ngo_observer_request_names_the_organization_and_no_state():
    r = read("ngo-observer-request.eml")
    assert (r.member_state, r.capacity) == (None, "observer")
    assert r.organization == "International Network for Fair Automation (INFA)"
    assert r.participants[0].role == "observer"


def test_honorifics_are_stripped_and_say_the_gender_they_carry():
    found = people("We nominate H.E. Mr. Tomas Berg, Ambassador, as representative, and "
                   "Dr. Anna Holm, Counsellor, as adviser.\n\nRegards")
    assert [(p.name, p.gender) for p in found] == [("Tomas Berg", "male"), ("Anna Holm", None)]


def test_names_keep_their_case_as_written():
    found = people("Représentant : S.E. M. N'DIAYE Mamadou Lamine, Directeur du Travail, courriel : m.ndiaye@travail.gouv.sn\n", "fr")
    assert found[0].name == "N'DIAYE Mamadou Lamine"
    assert found[0].title == "Directeur du Travail"


def test_an_ocr_speck_in_an_address_is_read_as_a_dot():
    ((addr, _, _, conf),) = fields.find_emails("courriel : a.kane@travail,gouv.sn, en qualité")
    assert addr == "a.kane@travail.gouv.sn"
    assert conf >= 0.8


def test_the_signing_official_and_copied_people_are_not_nominees():
    found = people("Dear Sir,\n\nWe nominate Ms Eva Lind, Director, eva.lind@gov.se, as representative.\n\n"
                   "Kind regards,\nMr Olof Berg\nHead of Unit\ncc: Ms Karin Dahl")
    assert [p.name for p in found] == ["Eva Lind"]
