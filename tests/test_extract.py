"""extract: nominees, their fields and evidence, the State and the organization."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def test_a_role_after_the_title_with_a_possessive_is_read_and_cut_from_the_title():
    (p,) = people("We nominate Mr Chikondi Banda, Deputy Labour Commissioner (Policy), as the Government of Malawi's "
                  "representative. He will attend in person.")
    assert p.role == "representative" and p.title == "Deputy Labour Commissioner (Policy)"
    (p,) = people("The Government has nominated Ms. Oyun BATBAYAR, Director of Labour (oyun.b@mlsp.gov.mn), "
                  "as its representative, who will attend in person.")
    assert p.role == "representative" and p.role_conf >= 0.8


def test_initials_do_not_end_a_name():
    (p,) = people("The Ministry nominates:\n\nMr. W.M. Chaminda Bandara\nAdditional Secretary, Ministry of Labour\n"
                  "chaminda@labourmin.gov.lk\nWill attend in person\n")
    assert p.name == "W.M. Chaminda Bandara" and p.title == "Additional Secretary, Ministry of Labour"


def test_a_bracketed_salutation_after_the_name_gives_the_gender_not_the_title():
    (p,) = people("The Government nominates Dr Marie Hoareau (Mrs), Director General, Labour Division, as its "
                  "representative. Email: m.hoareau@employment.gov.sc")
    assert (p.gender, p.title) == ("female", "Director General, Labour Division")


def test_a_title_after_a_bracketed_address():
    (p,) = people("M. Khalil BABA (k.baba@travail.gov.mr), Conseiller technique chargé de l'emploi, l'accompagnera "
                  "en qualité de conseiller.", "fr")
    assert (p.role, p.title, p.gender) == ("adviser", "Conseiller technique chargé de l'emploi", "male")


def test_represented_by_across_the_meeting_name():
    ps = people("El Gobierno estará representado en la Reunión técnica sobre los retos y oportunidades para promover "
                "el trabajo decente, la productividad y una transición justa derivados de la inteligencia artificial "
                "en la industria manufacturera por la Dra. Lucía Fernández, Directora Nacional de Trabajo "
                "(lf@mtss.gub.uy), quien asistirá de forma presencial.", "es")
    assert [(p.name, p.role) for p in ps] == [("Lucía Fernández", "representative")]


def test_will_be_the_representative_after_the_title():
    (p,) = people("I am pleased to advise that Ms Keisha Ramdass (k.ramdass@mol.gov.tt), Director, Research, will be "
                  "the representative of the Government and will attend virtually.")
    assert (p.role, p.title, p.attendance) == ("representative", "Director, Research", "remote")


def test_a_table_with_one_column_per_person():
    text = ("The Government nominates:\n\nRepresentative | Adviser\nName | Mr Andre Campbell | Ms Kerry Brown\n"
            "Title | Director, Industrial Relations | Senior Labour Officer\n"
            "Email | andre.campbell@mol.gov.jm | kerry.brown@mol.gov.jm\nAttendance | Virtual | In person\n")
    assert [(p.role, p.name, p.title, p.email, p.attendance) for p in people(text)] == [
        ("representative", "Andre Campbell", "Director, Industrial Relations", "andre.campbell@mol.gov.jm", "remote"),
        ("adviser", "Kerry Brown", "Senior Labour Officer", "kerry.brown@mol.gov.jm", "in_person"),
    ]


def test_no_longer_travelling_but_attending_remotely_is_a_change_not_a_withdrawal():
    (p,) = people("Further to our nomination, our representative, Mr Sione Vaipulu, will no longer travel to Geneva "
                  "and will instead participate remotely.")
    assert not p.withdrawn and p.attendance == "remote" and p.role == "representative"
    (p,) = people("Our representative, Mr Sione Vaipulu, will no longer be able to attend the meeting.")
    assert p.withdrawn


def test_a_country_whose_name_starts_like_an_honorific_is_not_a_person():
    from email.message import EmailMessage

    from bot.analyse import analyse
    from bot.meeting import load_meeting
    from bot.states import load_states

    msg = EmailMessage()
    msg["From"] = "Desk <desk@labour.gov.lk>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = "Nomination"
    msg["Date"] = "Tue, 17 Mar 2026 09:12:00 +0530"
    msg["Message-ID"] = "<lk-1@labour.gov.lk>"
    msg.set_content("Dear Sir or Madam,\n\nThe Government of Sri Lanka is pleased to nominate as its representative:\n\n"
                    "Representative: Mr Chaminda Perera\nTitle: Director of Labour, Ministry of Labour\n"
                    "E-mail: chaminda.perera@labour.gov.lk\nAttendance: in person\n\nYours faithfully,\nMinistry of Labour\n")
    result = analyse(msg.as_bytes(), load_meeting("config/meeting.yaml"), load_states()).result
    assert [p.name for p in result.participants] == ["Chaminda Perera"]
    assert result.member_state == "LK" and result.decision == "confirm"


def test_an_attendance_cut_by_a_line_break_is_read_where_it_is():
    attendance_in = fields.attendance_in
    text = "Ms Dlamini, nomvula.dlamini@labour.gov.za - attending in\n   person."
    [(value, start, end, conditional)] = attendance_in(text)
    assert (value, conditional) == ("in_person", False) and text[start:end] == "in\n   person"
    assert attendance_in("He will not attend in\nperson.") == []
    assert attendance_in("Attendance: remote\n\nperson responsible: X")[0][0] == "remote"


@pytest.mark.parametrize("text, expected", [
    ("M. X ne pourra finalement pas participer à la réunion, même à distance.", []),
    ("He cannot attend, not even remotely.", []),
    ("No podrá asistir, ni siquiera a distancia.", []),
    ("Il participera, même à distance.", ["remote"]),
])
def test_even_after_a_negation_is_part_of_it(text, expected):
    assert [h[0] for h in fields.attendance_in(text.lower())] == expected


def test_je_vous_informe_is_no_question_and_atty_is_a_style():
    from bot.extraction.lexicon import HONORIFIC_RE, INQUIRY_RE

    assert not INQUIRY_RE.search("Je vous informe que M. Van den Broeck ne pourra pas participer.")
    assert INQUIRY_RE.search("Les agradeceríamos que nos informen sobre los hoteles.")
    assert re.match(HONORIFIC_RE, "Atty. Ma. Cristina dela Cruz-Santos")


@pytest.mark.parametrize("text, name", [
    ("van der Merwe's e-mail address should read", "van der Merwe"),  # after "Mr": a particle opens the surname
    ("de la Rosa, Directora General", "de la Rosa"),
    ("Cheruiyot's email address is", "Cheruiyot"),  # the possessive ends the name
    ("de", ""),
    ("van the man", ""),
])
def test_a_name_after_an_honorific_may_open_with_a_particle_and_ends_at_a_possessive(text, name):
    assert fields.read_name(text, 0)[0] == name


def _people(body: str) -> list[tuple]:
    from tests.test_conversation import letter

    result = analyse(letter("Mission <mission@mae.gouv.ht>", "Réunion technique", body), load_meeting("config/meeting.yaml"),
                     load_states()).result
    return [(p.role, p.name) for p in result.participants]


def test_who_replaces_whom_after_the_first_persons_post_and_address():
    body = ("La Mission a l'honneur d'informer le Bureau que M. Jean-Robert Pierre-Louis, Premier Secrétaire de la "
            "Mission (jr.pierrelouis@mae.gouv.ht), remplacera Mme Saint-Fleur\nen qualité d'observateur du "
            "Gouvernement à la Réunion technique.")
    assert _people(body) == [("observer", "Jean-Robert Pierre-Louis")]


def test_an_elided_role_of_another_sentence_or_of_the_subject_line_is_nobodys():
    body = ("Monsieur Frank Hagemann\nDirecteur du Département des politiques sectorielles\nGenève\n"
            "Objet : Demande de participation en qualité d’observateur\nMonsieur le Directeur,\n"
            "Le Réseau, organisation non gouvernementale, a l’honneur de solliciter sa participation en qualité "
            "d’observateur à la Réunion technique. Il sera représenté par Mme Awa Ndiaye, chargée de programme "
            "(a.ndiaye@reseau.org), qui assistera en présentiel.")
    assert "Frank Hagemann" not in [name for _, name in _people(body)]


def test_who_accompanies_whom_after_the_first_persons_post_and_address():
    body = ("J'ai l'honneur de vous informer que Mme Awa Sarr, Cheffe du Service des études, Direction du Travail "
            "(courriel : a.sarr@travail.gouv.sn), accompagnera M. Diop en qualité de conseillère.")
    assert _people(body) == [("adviser", "Awa Sarr")]


def test_the_person_named_after_in_place_of_is_the_one_who_leaves():
    from tests.test_conversation import letter

    body = ("It is to inform that the competent authority has approved the participation of Smt. Anjali Deshpande, "
            "Director (e-mail: anjali.deshpande@labour.gov.in), as Representative of the Government of India in place "
            "of Shri R.K. Verma, Joint Secretary. Smt. Deshpande will attend the meeting in person.\n\n"
            "There is no change in respect of the Adviser.")
    result = analyse(letter("Labour <intl@labour.gov.in>", "Technical meeting", body), load_meeting("config/meeting.yaml"),
                     load_states()).result
    assert [(p.role, p.name) for p in result.participants] == [("representative", "Anjali Deshpande")]


@pytest.mark.parametrize("text, name", [
    ("María José de la\nFuente Urrutia, Jefa de la División", "María José de la Fuente Urrutia"),  # wrapped after a particle
    ("Isabelle d'Huart, Conseillère de direction", "Isabelle d'Huart"),  # an elided particle
])
def test_a_name_goes_on_after_a_particle_at_the_end_of_a_line_and_through_an_elided_one(text, name):
    assert fields.read_name(text, 0)[0] == name


def test_a_table_row_with_an_address_and_no_role_column_names_the_person():
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "OAI <oai@mtss.go.cr>", "sectoral-meetings@ilo.test", "RE: Designación"
    msg["Date"], msg["Message-ID"] = "Wed, 11 Mar 2026 10:00:00 -0600", "<t1@mtss.go.cr>"
    msg.set_content("<p>Les completamos los datos solicitados de nuestra asesora:</p><table>"
                    "<tr><th>Nombre</th><th>Cargo</th><th>Correo electrónico</th><th>Modalidad</th></tr>"
                    "<tr><td>Andrea Vargas Chacón</td><td>Jefa de la Oficina de Asuntos Internacionales</td>"
                    "<td>andrea.vargas@mtss.go.cr</td><td>Virtual</td></tr></table>", subtype="html")
    result = analyse(msg.as_bytes(), load_meeting("config/meeting.yaml"), load_states()).result
    assert [(p.name, p.email, p.attendance) for p in result.participants] == [
        ("Andrea Vargas Chacón", "andrea.vargas@mtss.go.cr", "remote")]
    assert result.decision == "review"  # the role is not said: a person decides it, or the record does


@pytest.mark.parametrize("style, gender", [("la licenciada", "female"), ("el ingeniero", "male"), ("la abogada", "female")])
def test_a_spanish_professional_style_written_small_opens_a_name(style: str, gender: str) -> None:
    found = people(f"Por este medio, el Ministerio designa a {style} Itzel María Arosemena de Barría, Directora General "
                   "de Trabajo, correo iarosemena@mitradel.gob.pa, como representante ante la Reunión técnica.", "es")
    assert [(p.role, p.name, p.email) for p in found] == [
        ("representative", "Itzel María Arosemena de Barría", "iarosemena@mitradel.gob.pa")]
    assert found[0].gender == gender


@pytest.mark.parametrize("text, lang", [
    ("Le ministère a l'honneur de désigner Madame Marie Joseph, Directrice du Travail, pour représenter la République. "
     "Elle sera accompagnée, en qualité de conseiller, de Monsieur Wilner Dorvil, Directeur de la Main-d'œuvre.", "fr"),
    ("El Ministerio designa como representante a la Sra. Marie Joseph, Directora de Trabajo. Estará acompañada, "
     "en calidad de asesor, del Sr. Wilner Dorvil, Director de Empleo.", "es"),
])
def test_a_companion_introduced_with_de_is_in_the_role_said(text: str, lang: str) -> None:
    assert [(p.role, p.name) for p in people(text, lang)] == [("representative", "Marie Joseph"),
                                                             ("adviser", "Wilner Dorvil")]


def test_a_role_then_a_comma_then_the_verb_leads_to_the_person() -> None:
    found = people("El Ministerio designa como representante a D.ª Carmen Ruiz Vidal, Subdirectora General. "
                   "Como asesor, asistirá en remoto D. Javier Olmedo Sanz, Consejero de Trabajo.", "es")
    assert [(p.role, p.name) for p in found] == [("representative", "Carmen Ruiz Vidal"), ("adviser", "Javier Olmedo Sanz")]


@pytest.mark.parametrize("dash", ["–", "—", "-"])
def test_a_role_label_after_a_dash_bullet_is_the_person_s(dash: str) -> None:
    found = people("a l'honneur de lui faire tenir ci-après la composition de la délégation :\n\n"
                   f"{dash} Représentant : M. NGOMA Placide Arsène, Directeur général du Travail ;\n"
                   "  courriel : pa.ngoma@fonctionpublique.gouv.cg ; participation en présentiel ;\n\n"
                   f"{dash} Conseillère : Mme MALONGA-BOUKAKA Dorothée, Premier Conseiller ;\n"
                   "  courriel : d.malonga@diplomatie.gouv.cg ; participation à distance.\n", "fr")
    assert [(p.role, p.name, p.role_conf >= 0.9) for p in found] == [
        ("representative", "NGOMA Placide Arsène", True), ("adviser", "MALONGA-BOUKAKA Dorothée", True)]


@pytest.mark.parametrize("who", ["Director Ronaldo P. Villanueva", "Ronaldo P. Villanueva"])
def test_the_person_a_replacement_names_without_a_style_is_read(who: str) -> None:
    found = people("Asec. dela Cruz-Santos will no longer be able to attend the meeting. She will be replaced as "
                   f"representative of the Philippines by {who},\nDirector IV, International Labor Affairs Bureau, "
                   "DOLE (rpvillanueva@dole.gov.ph), who will attend in person.")
    new = [p for p in found if p.name == "Ronaldo P. Villanueva"]
    assert len(new) == 1
    assert (new[0].email, new[0].attendance, new[0].withdrawn) == ("rpvillanueva@dole.gov.ph", "in_person", False)
    assert new[0].title.startswith("Director IV")


def test_what_follows_replaced_by_is_not_a_person_when_it_is_no_name() -> None:
    found = people("The representative will be replaced by the Director of the Bureau, who will confirm later.")
    assert [p.name for p in found if p.name] == []


def test_bare_names_heading_the_items_of_an_announced_list_are_people() -> None:
    found = people("The Government of Bangladesh has nominated the following officials to attend the meeting:\n\n"
                   "  1. Md. Shahidul Islam\n     Additional Secretary (Labour), Ministry of Labour and Employment\n"
                   "     - Representative. He will attend the meeting in person in Geneva.\n\n"
                   "  2. Ms. Nusrat Jahan Chowdhury\n     Senior Assistant Secretary, Ministry of Labour and Employment\n"
                   "     E-mail: nusrat.chowdhury@mole.gov.bd\n     - Adviser.\n")
    assert [(p.role, p.name, p.title) for p in found] == [
        ("representative", "Md. Shahidul Islam", "Additional Secretary (Labour), Ministry of Labour and Employment"),
        ("adviser", "Nusrat Jahan Chowdhury", "Senior Assistant Secretary, Ministry of Labour and Employment")]
    assert found[0].attendance == "in_person"


def test_the_items_of_a_list_no_nomination_announces_are_not_people() -> None:
    found = people("Please find below the programme of the visit:\n\n  1. Opening Session\n     Room III, 10:00\n\n"
                   "  2. Closing Remarks\n     Room III, 16:00\n")
    assert found == []


def test_a_person_announced_after_their_post_and_address_is_a_nominee() -> None:
    (p,) = people("Le Gouvernement du Burkina Faso souhaite prendre part, en qualité d'observateur, à la Réunion "
                  "technique.\n\nÀ cet effet, M. Wendkouni Arsène Sawadogo, Conseiller technique du Ministre de la\n"
                  "Fonction publique, du Travail et de la Protection sociale (courriel :\n"
                  "wa.sawadogo@fonctionpublique.gov.bf), suivra les travaux à distance.\n", "fr")
    assert p.announced and p.attendance == "remote" and p.email == "wa.sawadogo@fonctionpublique.gov.bf"


def read_letter(sender: str, subject: str, body: str):  # type: ignore[no-untyped-def]
    """The reading of a one-part letter from `sender`, dated 19 March 2026."""
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = subject
    msg["Date"] = "Thu, 19 Mar 2026 09:00:00 +0000"
    msg["Message-ID"] = f"<letter-{len(body)}@{sender.split('@')[1].rstrip('>')}>"
    msg.set_content(body)
    return analyse(msg.as_bytes(), load_meeting("config/meeting.yaml"), load_states()).result


def test_a_member_no_longer_an_observer_is_read_as_a_member() -> None:
    r = read_letter("sg@fonctionpublique.gov.bf", "Participation du Burkina Faso",
                    "Madame, Monsieur,\n\nLe Gouvernement du Burkina Faso prendra part à la Réunion technique en "
                    "qualité de membre, et non plus en qualité d'observateur.\n\nReprésentante : Mme Aïssata "
                    "Kaboré-Zongo, Directrice générale du Travail, courriel : a.kabore-zongo@fonctionpublique.gov.bf, "
                    "présente à Genève.\n\nLe Secrétaire général\n")
    assert r.capacity == "member"
    assert [(p.role, p.name) for p in r.participants] == [("representative", "Aïssata Kaboré-Zongo")]


def test_a_possessive_after_a_name_gives_no_post() -> None:
    found = people("- The Ministry has migrated to a new e-mail system, and Mr. Baptiste's address is now\n"
                   "  kbaptiste@labour.gov.tt. Please use this address for all meeting correspondence.")
    assert [(p.name, p.title, p.email) for p in found] == [("Baptiste", None, "kbaptiste@labour.gov.tt")]


def test_the_person_a_letter_supersedes_is_no_nominee() -> None:
    r = read_letter("ir@labourmin.gov.lk", "Revised nomination",
                    "Dear Sir / Madam,\n\nThe delegation of the Government of Sri Lanka will be composed as follows:\n\n"
                    "Representative: Mrs. Nilmini Herath, Additional Secretary, nilmini.herath@labourmin.gov.lk, "
                    "in person.\n\nThis letter supersedes the nomination of Mr. Ruwan Bandara Senanayake, Secretary, "
                    "conveyed on 09 March 2026.\n\nYours faithfully,\nA. M. Chandrika Dissanayake\n")
    assert [p.name for p in r.participants] == ["Nilmini Herath"]


def test_a_post_under_a_name_written_surname_first_is_not_part_of_the_name() -> None:
    assert fields.is_title_word("Director-General") and fields.is_title_word("Vice-Ministre")
    assert not fields.is_title_word("Jean-Pierre")
    found = people("The Government will be represented as follows:\n\nRepresentative\n    Mr. PARK Seung-hoon\n"
                   "    Director-General, Labor Standards Policy Bureau, Ministry of Employment and Labor\n"
                   "    E-mail: shpark21@korea.kr\n")
    assert [(p.name, p.title) for p in found] == [
        ("PARK Seung-hoon", "Director-General, Labor Standards Policy Bureau, Ministry of Employment and Labor")]


@pytest.mark.parametrize("text, lang, name", [
    ("Nuestra delegación estará encabezada por el Licdo. Abdiel Enrique Castillo Herrera, quien asistirá de manera "
     "presencial.", "es", "Abdiel Enrique Castillo Herrera"),
    ("The delegation will be headed by Ms. Grace Wanjiru Mwangi, who will attend in person.", "en",
     "Grace Wanjiru Mwangi"),
    ("La délégation sera conduite par M. Issa Moussa Harouna, qui participera en présentiel.", "fr", "Issa Moussa Harouna"),
])
def test_the_head_of_the_delegation_is_its_representative(text: str, lang: str, name: str) -> None:
    (p,) = people(text, lang)
    assert (p.name, p.role, p.attendance) == (name, "representative", "in_person")


def test_a_labelled_attendance_is_not_made_conditional_by_the_next_line() -> None:
    found = people("Representative:\nMrs. H. M. Nirosha Kumari Herath\nCommissioner General of Labour\n"
                   "E-mail: cgl.herath@labourdept.gov.lk\nMode of participation: in person\n"
                   "I should be grateful if you could extend the necessary courtesies to the above officials.\n")
    assert [(p.attendance, p.conditional_attendance) for p in found] == [("in_person", False)]


def test_a_table_of_two_columns_field_and_value_is_read() -> None:
    (p,) = people("Le Niger y sera représenté par :\n\nQualité | Représentant\nNom et prénoms | M. Moussa HAROUNA "
                  "ABDOULAYE\nFonction | Directeur Général du Travail\nCourriel | moussa.harouna@emploi.gouv.ne\n"
                  "Modalité de participation | En ligne (à distance)\n", "fr")
    assert (p.role, p.name, p.title, p.email, p.attendance) == (
        "representative", "Moussa HAROUNA ABDOULAYE", "Directeur Général du Travail", "moussa.harouna@emploi.gouv.ne",
        "remote")


def test_lines_with_one_bar_that_are_no_table_are_read_as_text() -> None:
    from bot.extraction.people import _mask_tables

    text = "Tel: +94 11 2 581 991 | Fax: +94 11 2 368 165\nColombo | Sri Lanka\nwww.labour.gov.lk | Follow us\n"
    assert _mask_tables(text) == (text, [])


@pytest.mark.parametrize("text, lang", [
    ("Mme Aïchatou Boubacar Seyni fera le déplacement à Genève.", "fr"),
    ("La Sra. Ana Lucía Gómez se trasladará a Ginebra.", "es"),
])
def test_making_the_trip_to_geneva_is_attending_in_person(text: str, lang: str) -> None:
    from bot.extraction.fields import attendance_in

    assert [h[0] for h in attendance_in(text)] == ["in_person"]


def test_en_caracter_de_gives_the_role() -> None:
    found = people("El Ministerio designa:\n\n- En carácter de Representante, a la Abog. Liz Carolina Benítez Giménez, "
                   "Viceministra de Trabajo, correo electrónico lbenitez@mtess.gov.py, quien participará presencialmente.\n\n"
                   "- En carácter de Asesor, al Ing. Hugo Ramón Cáceres Ortiz, quien participará en forma virtual.\n", "es")
    assert [(p.name, p.role, p.role_conf >= 0.9) for p in found] == [
        ("Liz Carolina Benítez Giménez", "representative", True), ("Hugo Ramón Cáceres Ortiz", "adviser", True)]


@pytest.mark.parametrize("text, lang", [
    ("D. Ignacio de la Fuente Sanz, que se desplazará a Ginebra.", "es"),
    ("M. Issa Moussa se déplacera à Genève pour la réunion.", "fr"),
    ("M. Lukas Imboden-Favre, qui se rendra au BIT pour toute la durée de la réunion.", "fr"),
    ("La Sra. Ana Gil se trasladará a la sede de la OIT.", "es"),
])
def test_going_to_geneva_is_attending_in_person(text: str, lang: str) -> None:
    assert [h[0] for h in fields.attendance_in(text)] == ["in_person"]


def test_i_will_be_our_representative_is_a_self_nomination() -> None:
    r = read_letter("Ingrid Solberg Haugen <ingrid.haugen@aid.dep.no>", "RE: Invitation",
                    "Dear colleagues,\n\nNorway will take part in the meeting, and I will be our representative. I plan "
                    "to attend in person in Geneva.\n\nBest regards,\nIngrid\n\nIngrid Solberg Haugen (Ms)\nSenior Adviser\n"
                    "Norwegian Ministry of Labour and Social Inclusion\n")
    assert [(p.role, p.name, p.attendance) for p in r.participants] == [
        ("representative", "Ingrid Solberg Haugen", "in_person")]


def test_the_sender_s_own_words_win_over_a_letter_they_forward() -> None:
    from bot.extraction.nominees import merge
    from bot.extraction.people import Person

    def reading(source: str, email: str) -> Person:
        p = Person(source=source, role="adviser", name="Juan Carlos Del Águila Tapia")
        p.set("email", email, (0, 0), 0.95)
        return p

    merged, conflict = merge([reading("body", "jcdelaguila@produce.gob.pe"),
                              reading("forwarded:1", "jdelaguila@produce.gob.pe")])
    assert [p.email for p in merged] == ["jcdelaguila@produce.gob.pe"] and not conflict
    merged, conflict = merge([reading("forwarded:1", "jdelaguila@produce.gob.pe"),
                              reading("body", "jcdelaguila@produce.gob.pe")])
    assert [p.email for p in merged] == ["jcdelaguila@produce.gob.pe"] and not conflict
    # The cover note and the letter it attaches say it at the same time: a person decides.
    _, conflict = merge([reading("body", "jcdelaguila@produce.gob.pe"),
                         reading("attachment:carta.pdf", "jdelaguila@produce.gob.pe")])
    assert conflict


def test_a_representative_and_an_observer_in_one_letter_leave_the_capacity_to_a_person() -> None:
    r = read_letter("dain@seco.admin.ch", "Réunion technique",
                    "Madame, Monsieur,\n\nLa Suisse sera représentée à la réunion technique par M. Lukas Brunner, Chef "
                    "suppléant du secteur Affaires internationales du travail (lukas.brunner@seco.admin.ch), qui "
                    "participera en présentiel.\n\nPar ailleurs, Mme Chloé Favre-Bulle, collaboratrice scientifique "
                    "(chloe.favre-bulle@seco.admin.ch), souhaiterait suivre les travaux en qualité d'observatrice, à "
                    "distance.\n\nMeilleures salutations\n\nSecrétariat d'Etat à l'économie SECO\n")
    assert r.decision == "review" and "capacity_unclear" in r.reasons


def test_a_post_may_begin_with_a_french_word_written_small() -> None:
    from bot.gate import value_doubt

    assert value_doubt("title", "collaborateur scientifique, Direction du travail, SECO") is None
