"""Conversations we keep: each a few messages in one language, with what must come out after
each one (the replies sent, the export, the history). Run over Dovecot and SMTP by
tests/test_conversation_suite.py; every one must come out right."""
from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes
from email.utils import make_msgid
from typing import Callable

from tests.test_conversation import MEETING, letter


@dataclass
class Step:
    """One message and what must hold after the worker read it."""

    message: Callable[[list], bytes]  # given the replies sent so far (to answer the last one)
    replies: list[str]  # templates of the replies sent for this message, in order
    status: str  # processed | review | ignored
    export: list[tuple]  # (role, name, attendance) of the State's rows in the export
    delegation: str | None = None  # the delegation's status afterwards
    event: str | None = None  # the last event of the delegation's history
    reasons: tuple[str, ...] = ()  # each must be among the message's reasons
    changes: list[tuple] = field(default_factory=list)  # (op, person) the history must show for this message


@dataclass
class Conv:
    name: str
    state: str
    steps: list[Step]


def mail(sender: str, subject: str, body: str, day: int = 16, **kw) -> Callable[[list], bytes]:
    domain = sender.rsplit("@", 1)[1].rstrip(">")
    mid = kw.pop("message_id", None) or make_msgid(domain=domain)
    raw = letter(sender, subject, body, date=f"{'Mon Tue Wed Thu Fri Sat Sun'.split()[(day - 16) % 7]}, {day:02d} Mar 2026 10:00:00 +0100",
                 message_id=mid, **kw)
    return lambda replies: raw


def answer(sender: str, body: str, day: int = 18) -> Callable[[list], bytes]:
    """A reply to the last message we sent, quoting it."""
    def build(replies: list) -> bytes:
        ours = replies[-1]
        quoted = "\n".join("> " + line for line in ours.get_content().splitlines())
        domain = sender.rsplit("@", 1)[1].rstrip(">")
        return letter(sender, "RE: " + str(ours["Subject"]), body + "\n\n" + quoted,
                      date=f"Wed, {day:02d} Mar 2026 10:00:00 +0100", in_reply_to=ours["Message-ID"],
                      message_id=make_msgid(domain=domain))
    return build


def raw_message(raw: bytes) -> Callable[[list], bytes]:
    return lambda replies: raw


def message_id(raw: bytes) -> str:
    return str(message_from_bytes(raw)["Message-ID"]).strip()


# -- letters ---------------------------------------------------------------------------------

def en_person(role: str, name: str, title: str, email: str, attendance: str) -> str:
    return f"{role}: {name}\nTitle: {title}\nE-mail: {email}\nAttendance: {attendance}\n"


def en_nomination(state: str, *people: str) -> str:
    return (f"Dear Sir or Madam,\n\nThe Government of {state} is pleased to nominate the following delegation "
            f"to the Technical meeting:\n\n" + "\n".join(people) + "\nYours faithfully,\nInternational Affairs\n")


def fr_person(role: str, name: str, title: str, email: str, attendance: str) -> str:
    return f"{role} : {name}\nFonction : {title}\nCourriel : {email}\nParticipation : {attendance}\n"


def fr_nomination(state: str, *people: str) -> str:
    return (f"Madame, Monsieur,\n\nLe Gouvernement {state} a l'honneur de désigner pour la Réunion technique :\n\n"
            + "\n".join(people) + "\nVeuillez agréer l'expression de notre haute considération.\nLe Secrétaire général\n")


def es_person(role: str, name: str, title: str, email: str, attendance: str) -> str:
    return f"{role}: {name}\nCargo: {title}\nCorreo electrónico: {email}\nModalidad: {attendance}\n"


def es_nomination(state: str, *people: str) -> str:
    return (f"Estimados señores:\n\nEl Gobierno {state} tiene el agrado de designar para la Reunión técnica:\n\n"
            + "\n".join(people) + "\nAtentamente,\nRelaciones Internacionales\n")


def en_letter(text: str) -> str:
    return f"Dear Sir or Madam,\n\n{text}\n\nYours faithfully,\nInternational Affairs\n"


def fr_letter(text: str) -> str:
    return f"Madame, Monsieur,\n\n{text}\n\nVeuillez agréer l'expression de notre haute considération.\nLe Secrétaire général\n"


def es_letter(text: str) -> str:
    return f"Estimados señores:\n\n{text}\n\nAtentamente,\nRelaciones Internacionales\n"


# Ghana (English): a representative and an adviser.
GH = "International Affairs <intl@melr.gov.gh>"
GH_REP = en_person("Representative", "Mr Kwame Mensah Boateng", "Chief Labour Officer, Ministry of Employment and Labour Relations",
                   "k.boateng@melr.gov.gh", "in person")
GH_ADV = en_person("Adviser", "Ms Abena Owusu", "Senior Labour Officer, Ministry of Employment and Labour Relations",
                   "a.owusu@melr.gov.gh", "remote")
GH_BOTH = en_nomination("Ghana", GH_REP, GH_ADV)
GH_R = ("representative", "Kwame Mensah Boateng", "in_person")
GH_A = ("adviser", "Abena Owusu", "remote")

# Kenya (English): a representative only.
KE = "Labour Department <labour@labour.go.ke>"
KE_REP = en_person("Representative", "Ms Wanjiru Njeri Kamau", "Director of Labour, Ministry of Labour and Social Protection",
                   "w.kamau@labour.go.ke", "remote")
KE_R = ("representative", "Wanjiru Njeri Kamau", "remote")

# Senegal (French).
SN = "Direction du Travail <dgt@travail.gouv.sn>"
SN_REP = fr_person("Représentant", "M. Moussa Diop", "Directeur général du Travail, Ministère du Travail",
                   "moussa.diop@travail.gouv.sn", "en présentiel")
SN_ADV = fr_person("Conseillère", "Mme Fatou Sarr", "Inspectrice du travail, Ministère du Travail",
                   "fatou.sarr@travail.gouv.sn", "à distance")
SN_R = ("representative", "Moussa Diop", "in_person")
SN_A = ("adviser", "Fatou Sarr", "remote")

# Côte d'Ivoire (French).
CI = "Cabinet <cabinet@emploi.gouv.ci>"
CI_REP = fr_person("Représentante", "Mme Adjoua Marie-Laure Kouassi", "Directrice du Travail, Ministère de l'Emploi",
                   "ml.kouassi@emploi.gouv.ci", "en présentiel")
CI_R = ("representative", "Adjoua Marie-Laure Kouassi", "in_person")

# Peru (Spanish).
PE = "Asuntos Internacionales <oai@trabajo.gob.pe>"
PE_REP = es_person("Representante", "Sr. José Luis Pérez Quispe", "Director General de Trabajo, Ministerio de Trabajo",
                   "jlperez@trabajo.gob.pe", "presencial")
PE_ADV = es_person("Asesora", "Sra. Rosa Elena Mamani Torres", "Especialista en Relaciones Laborales, Ministerio de Trabajo",
                   "rmamani@trabajo.gob.pe", "virtual")
PE_R = ("representative", "José Luis Pérez Quispe", "in_person")
PE_A = ("adviser", "Rosa Elena Mamani Torres", "remote")

# Colombia (Spanish).
CO = "Cooperación Internacional <cooperacion@mintrabajo.gov.co>"
CO_REP = es_person("Representante", "Sra. Ana María Gómez Restrepo", "Viceministra de Relaciones Laborales, Ministerio del Trabajo",
                   "agomez@mintrabajo.gov.co", "presencial")
CO_R = ("representative", "Ana María Gómez Restrepo", "in_person")


def _conversations() -> list[Conv]:
    c: list[Conv] = []
    # ---------------------------------------------------------------- English
    c.append(Conv("en-replace-as-representative", "GH", [
        Step(mail(GH, "Nomination - Ghana", GH_BOTH), ["confirm"], "processed", [GH_R, GH_A], "confirmed",
             "nomination.recorded"),
        Step(mail(GH, "Ghana delegation - change", en_letter(
            "Further to our letter, Ms Akosua Darko, Director of Labour, Ministry of Employment and Labour Relations "
            "(akosua.darko@melr.gov.gh), will replace Mr Kwame Mensah Boateng as representative. She will attend in person."),
            day=18), ["confirm"], "processed",
             [("representative", "Akosua Darko", "in_person"), GH_A], "confirmed", "amendment.applied",
             changes=[("replace", "Kwame Mensah Boateng")]),
    ]))
    c.append(Conv("en-colleague-adds-adviser", "GH", [
        Step(mail(GH, "Nomination - Ghana", en_nomination("Ghana", GH_REP)), ["confirm"], "processed", [GH_R], "confirmed"),
        Step(mail("Esi Appiah <e.appiah@melr.gov.gh>", "Ghana - additional adviser",
                  "Dear colleagues,\n\nIn addition to the representative already nominated, the Government of Ghana would "
                  "like to add an adviser to its delegation:\n\nMr Yaw Asante\nPrincipal Labour Officer, Ministry of "
                  "Employment and Labour Relations\ny.asante@melr.gov.gh\nHe will attend remotely.\n\nBest regards,\nEsi Appiah\n",
                  day=18), ["confirm"], "processed", [GH_R, ("adviser", "Yaw Asante", "remote")], "confirmed",
             "amendment.applied", changes=[("add", "Yaw Asante")]),
    ]))
    c.append(Conv("en-adviser-cannot-attend-representative-as-planned", "GH", [
        Step(mail(GH, "Nomination - Ghana", GH_BOTH), ["confirm"], "processed", [GH_R, GH_A], "confirmed"),
        Step(mail(GH, "Ghana delegation", en_letter(
            "The adviser will unfortunately not be able to attend; the representative will attend as planned."), day=19),
             ["confirm"], "processed", [GH_R], "confirmed", "amendment.applied",
             changes=[("withdraw", "Abena Owusu"), ("keep", "Kwame Mensah Boateng")]),
    ]))
    c.append(Conv("en-withdraw-adviser-then-the-delegation", "GH", [
        Step(mail(GH, "Nomination - Ghana", GH_BOTH), ["confirm"], "processed", [GH_R, GH_A], "confirmed"),
        Step(mail(GH, "Ghana delegation", en_letter(
            "We wish to withdraw the nomination of Ms Owusu, who will not be able to travel."), day=19),
             ["confirm"], "processed", [GH_R], "confirmed", changes=[("withdraw", "Abena Owusu")]),
        Step(mail(GH, "Ghana delegation", en_letter(
            "We regret to inform you that the Government of Ghana withdraws its participation in the meeting."), day=20),
             ["withdrawal"], "processed", [], "withdrawn", changes=[("withdraw_delegation", None)]),
    ]))
    c.append(Conv("en-adviser-now-in-person", "GH", [
        Step(mail(GH, "Nomination - Ghana", GH_BOTH), ["confirm"], "processed", [GH_R, GH_A], "confirmed"),
        Step(mail(GH, "Ghana delegation", en_letter("The adviser will now attend in person."), day=19),
             ["confirm"], "processed", [GH_R, ("adviser", "Abena Owusu", "in_person")], "confirmed", "amendment.applied",
             changes=[("change", "Abena Owusu")]),
        Step(mail(GH, "Ghana delegation", en_letter("Mr Boateng will now attend remotely; Ms Owusu will attend in person as planned."), day=20),
             ["confirm"], "processed", [("representative", "Kwame Mensah Boateng", "remote"), ("adviser", "Abena Owusu", "in_person")],
             "confirmed", "amendment.applied", changes=[("change", "Kwame Mensah Boateng"), ("keep", "Abena Owusu")]),
    ]))
    c.append(Conv("en-a-change-with-a-question-waits-with-it", "GH", [
        Step(mail(GH, "Nomination - Ghana", GH_BOTH), ["confirm"], "processed", [GH_R, GH_A], "confirmed"),
        # The question needs a person's answer; the change is not applied before it.
        Step(mail(GH, "Ghana delegation", en_letter(
            "Could you kindly send an invitation letter for Mr Boateng's visa application? "
            "Also, Ms Owusu will now attend in person."), day=19),
             [], "review", [GH_R, GH_A], "confirmed", "amendment.held", reasons=("question",)),
    ]))
    c.append(Conv("en-observer-becomes-full-member", "KE", [
        Step(mail(KE, "Kenya - observer", en_letter(
            "The Government of Kenya wishes to attend the Technical meeting as an observer and nominates:\n\n"
            + KE_REP.replace("Representative", "Observer"))), ["confirm"], "processed",
             [("observer", "Wanjiru Njeri Kamau", "remote")], "confirmed"),
        Step(mail(KE, "Kenya - participation", en_letter(
            "Further to our letter, the Government of Kenya will take part in the meeting as a full member rather than "
            "as an observer. Ms Wanjiru Njeri Kamau will be its representative."), day=18),
             ["confirm"], "processed", [KE_R], "confirmed", "amendment.applied",
             changes=[("capacity", None), ("change", "Wanjiru Njeri Kamau")]),
    ]))
    c.append(Conv("en-observer-nominated-again-as-representative", "KE", [
        Step(mail(KE, "Kenya - observer", en_letter(
            "The Government of Kenya wishes to attend the Technical meeting as an observer and nominates:\n\n"
            + KE_REP.replace("Representative", "Observer"))), ["confirm"], "processed",
             [("observer", "Wanjiru Njeri Kamau", "remote")], "confirmed"),
        Step(mail(KE, "Nomination - Kenya", en_nomination("Kenya", KE_REP), day=19), ["confirm"], "processed",
             [KE_R], "confirmed", "amendment.applied", changes=[("capacity", None), ("change", "Wanjiru Njeri Kamau")]),
    ]))
    c.append(Conv("en-answer-by-surname-keeps-the-full-name", "KE", [
        Step(mail(KE, "Nomination - Kenya", en_nomination("Kenya", KE_REP.replace("E-mail: w.kamau@labour.go.ke\n", ""))),
             ["request_missing"], "processed", [KE_R], "pending"),
        Step(answer(KE, "Dear colleagues,\n\nThe e-mail address of Ms Kamau is wanjiru.kamau@labour.go.ke\n\nBest regards,\nLabour Department"),
             ["confirm"], "processed", [KE_R], "confirmed", "nomination.completed",
             changes=[("change", "Wanjiru Njeri Kamau")]),
    ]))
    c.append(Conv("en-change-without-authentication-is-held", "KE", [
        Step(mail(KE, "Nomination - Kenya", en_nomination("Kenya", KE_REP)), ["confirm"], "processed", [KE_R], "confirmed"),
        Step(mail(KE, "Kenya - attendance", en_letter("Ms Kamau will now attend in person."), day=18, authenticated=False),
             [], "review", [KE_R], "confirmed", "amendment.held", reasons=("not_authenticated",)),
        Step(mail(KE, "Kenya - attendance", en_letter("Ms Kamau will now attend in person."), day=19),
             ["confirm"], "processed", [("representative", "Wanjiru Njeri Kamau", "in_person")], "confirmed", "amendment.applied"),
    ]))
    c.append(Conv("en-authentication-from-another-server-is-ignored", "KE", [
        Step(mail(KE, "Nomination - Kenya", en_nomination("Kenya", KE_REP)), ["confirm"], "processed", [KE_R], "confirmed"),
        Step(raw_message(
            b"Authentication-Results: mx.attacker.test; dkim=pass header.d=labour.go.ke; dmarc=pass header.from=labour.go.ke\r\n"
            + letter(KE, "Kenya - withdrawal", en_letter("The Government of Kenya withdraws its participation."),
                     date="Thu, 19 Mar 2026 10:00:00 +0100", authenticated=False)),
             [], "review", [KE_R], "confirmed", "withdrawal.held", reasons=("not_authenticated",)),
    ]))
    c.append(Conv("en-two-people-called-smith-is-ambiguous", "GH", [
        Step(mail(GH, "Nomination - Ghana", en_nomination(
            "Ghana", en_person("Representative", "Mr John Kofi Smith", "Chief Director, Ministry of Employment", "j.smith@melr.gov.gh", "in person"),
            en_person("Adviser", "Ms Jane Efua Smith", "Labour Officer, Ministry of Employment", "jane.smith@melr.gov.gh", "in person"))),
             ["confirm"], "processed", [("representative", "John Kofi Smith", "in_person"), ("adviser", "Jane Efua Smith", "in_person")]),
        Step(mail(GH, "Ghana delegation", en_letter("Smith will now attend remotely."), day=18),
             [], "review", [("representative", "John Kofi Smith", "in_person"), ("adviser", "Jane Efua Smith", "in_person")],
             "confirmed", "amendment.held", reasons=("ambiguous_person:Smith",)),
    ]))
    c.append(Conv("en-replacement-of-someone-not-on-record", "KE", [
        Step(mail(KE, "Nomination - Kenya", en_nomination("Kenya", KE_REP)), ["confirm"], "processed", [KE_R], "confirmed"),
        Step(mail(KE, "Kenya - change", en_letter(
            "Please note that Mr Otieno Ouma will replace Mr Peter Mwangi:\n\n"
            + en_person("Representative", "Mr Otieno Ouma", "Deputy Labour Commissioner, Ministry of Labour", "o.ouma@labour.go.ke", "in person")),
            day=18), [], "review", [KE_R], "confirmed", "amendment.held", reasons=("replacement_of_unknown_person",)),
    ]))
    c.append(Conv("en-second-representative-without-replacement-is-over-quota", "KE", [
        Step(mail(KE, "Nomination - Kenya", en_nomination("Kenya", KE_REP)), ["confirm"], "processed", [KE_R], "confirmed"),
        Step(mail(KE, "Nomination - Kenya", en_nomination(
            "Kenya", en_person("Representative", "Mr Otieno Ouma", "Deputy Labour Commissioner, Ministry of Labour", "o.ouma@labour.go.ke", "in person")),
            day=18), [], "review", [KE_R], "confirmed", reasons=("over_quota",)),
    ]))
    c.append(Conv("en-pronoun-in-a-one-person-delegation", "GH", [
        Step(mail(GH, "Nomination - Ghana", en_nomination("Ghana", GH_REP)), ["confirm"], "processed", [GH_R], "confirmed"),
        Step(mail(GH, "Ghana - attendance", en_letter("Further to our letter of 16 March, he will now attend remotely."), day=18),
             ["confirm"], "processed", [("representative", "Kwame Mensah Boateng", "remote")], "confirmed", "amendment.applied"),
    ]))
    c.append(Conv("en-same-letter-again-is-a-duplicate", "GH", [
        Step(mail(GH, "Nomination - Ghana", GH_BOTH), ["confirm"], "processed", [GH_R, GH_A], "confirmed"),
        Step(mail("Permanent Mission of Ghana <mission@mfa.gov.gh>", "FW: Nomination - Ghana",
                  "Dear colleagues,\n\nPlease find below the nomination of the Government of Ghana.\n\n" + GH_BOTH, day=17),
             ["already_recorded"], "processed", [GH_R, GH_A], "confirmed", "nomination.duplicate"),
    ]))
    c.append(Conv("en-two-people-in-one-sentence", "GH", [
        Step(mail(GH, "Nomination - Ghana", GH_BOTH), ["confirm"], "processed", [GH_R, GH_A], "confirmed"),
        Step(mail(GH, "Ghana delegation", en_letter("Mr Boateng will attend remotely and Ms Owusu will attend in person."), day=18),
             ["confirm"], "processed", [("representative", "Kwame Mensah Boateng", "remote"), ("adviser", "Abena Owusu", "in_person")],
             "confirmed", "amendment.applied"),
        Step(mail(GH, "Ghana delegation", en_letter("Mr Boateng and Ms Owusu will both attend in person."), day=19),
             ["confirm"], "processed", [GH_R, ("adviser", "Abena Owusu", "in_person")], "confirmed", "amendment.applied",
             changes=[("change", "Kwame Mensah Boateng"), ("keep", "Abena Owusu")]),
    ]))
    c.append(Conv("en-withdrawal-of-someone-not-on-record", "KE", [
        Step(mail(KE, "Nomination - Kenya", en_nomination("Kenya", KE_REP)), ["confirm"], "processed", [KE_R], "confirmed"),
        Step(mail(KE, "Kenya delegation", en_letter("We regret that Mr Peter Mwangi will not be able to attend the meeting."), day=18),
             [], "review", [KE_R], "confirmed", reasons=("withdrawal_of_unknown_person",)),
    ]))
    # ---------------------------------------------------------------- French
    c.append(Conv("fr-en-remplacement-de", "SN", [
        Step(mail(SN, "Désignation du Sénégal", fr_nomination("du Sénégal", SN_REP, SN_ADV)), ["confirm"], "processed",
             [SN_R, SN_A], "confirmed"),
        Step(mail(SN, "Sénégal - modification", fr_letter(
            "Nous avons l'honneur de vous informer que Mme Aminata Ndiaye, Directrice des Relations professionnelles, "
            "Ministère du Travail (aminata.ndiaye@travail.gouv.sn), est désignée en remplacement de M. Moussa Diop. "
            "Elle participera en présentiel."), day=18), ["confirm"], "processed",
             [("representative", "Aminata Ndiaye", "in_person"), SN_A], "confirmed", "amendment.applied",
             changes=[("replace", "Moussa Diop")]),
    ]))
    c.append(Conv("fr-est-remplace-par", "SN", [
        Step(mail(SN, "Désignation du Sénégal", fr_nomination("du Sénégal", SN_REP, SN_ADV)), ["confirm"], "processed",
             [SN_R, SN_A], "confirmed"),
        Step(mail(SN, "Sénégal - changement de conseiller", fr_letter(
            "Suite à notre lettre du 16 mars, Mme Sarr est remplacée par :\n\n"
            + fr_person("Conseiller", "M. Ibrahima Fall", "Inspecteur du travail, Ministère du Travail",
                        "ibrahima.fall@travail.gouv.sn", "à distance")), day=18), ["confirm"], "processed",
             [SN_R, ("adviser", "Ibrahima Fall", "remote")], "confirmed", "amendment.applied",
             changes=[("replace", "Fatou Sarr")]),
    ]))
    c.append(Conv("fr-la-conseillere-ne-pourra-pas-le-representant-maintient", "SN", [
        Step(mail(SN, "Désignation du Sénégal", fr_nomination("du Sénégal", SN_REP, SN_ADV)), ["confirm"], "processed",
             [SN_R, SN_A], "confirmed"),
        Step(mail(SN, "Sénégal - délégation", fr_letter(
            "Nous vous informons que la conseillère ne pourra pas participer à la réunion. "
            "Le représentant, M. Moussa Diop, maintient sa participation."), day=30), ["confirm"], "processed",
             [SN_R], "confirmed", "amendment.applied", changes=[("withdraw", "Fatou Sarr"), ("keep", "Moussa Diop")]),
    ]))
    c.append(Conv("fr-retrait-de-la-delegation-puis-autre-domaine", "SN", [
        Step(mail(SN, "Désignation du Sénégal", fr_nomination("du Sénégal", SN_REP)), ["confirm"], "processed",
             [SN_R], "confirmed"),
        Step(mail("Delegation Senegal <senegal.delegation@gmail.com>", "Sénégal - retrait", fr_letter(
            "Le Gouvernement du Sénégal retire sa délégation de la réunion technique."), day=18),
             [], "review", [SN_R], "confirmed", "withdrawal.held", reasons=("other_sender_domain",)),
        Step(mail(SN, "Sénégal - retrait", fr_letter(
            "Le Gouvernement du Sénégal retire sa délégation de la réunion technique."), day=19),
             ["withdrawal"], "processed", [], "withdrawn", "amendment.applied", changes=[("withdraw_delegation", None)]),
    ]))
    c.append(Conv("fr-participation-a-distance-par-le-nom-de-famille", "CI", [
        Step(mail(CI, "Désignation de la Côte d'Ivoire", fr_nomination("de la Côte d'Ivoire", CI_REP)), ["confirm"],
             "processed", [CI_R], "confirmed"),
        Step(mail(CI, "Côte d'Ivoire - modalité", fr_letter(
            "Suite à notre lettre du 16 mars 2026, nous vous informons que Mme Kouassi participera désormais à distance."), day=18),
             ["confirm"], "processed", [("representative", "Adjoua Marie-Laure Kouassi", "remote")], "confirmed",
             "amendment.applied", changes=[("change", "Adjoua Marie-Laure Kouassi")]),
    ]))
    c.append(Conv("fr-observateur-devient-membre", "CI", [
        Step(mail(CI, "Côte d'Ivoire - observateur", fr_letter(
            "Le Gouvernement de la Côte d'Ivoire souhaite participer à la réunion technique en qualité d'observateur et désigne :\n\n"
            + CI_REP.replace("Représentante", "Observatrice"))), ["confirm"], "processed",
             [("observer", "Adjoua Marie-Laure Kouassi", "in_person")], "confirmed"),
        Step(mail(CI, "Côte d'Ivoire - participation", fr_letter(
            "Suite à notre lettre du 16 mars, le Gouvernement de la Côte d'Ivoire participera finalement en tant que membre "
            "et non plus comme observateur. Mme Kouassi sera sa représentante."), day=18),
             ["confirm"], "processed", [CI_R], "confirmed", "amendment.applied", changes=[("capacity", None)]),
    ]))
    c.append(Conv("fr-nouvelle-fonction-dite-en-toutes-lettres", "SN", [
        Step(mail(SN, "Désignation du Sénégal", fr_nomination("du Sénégal", SN_REP, SN_ADV)), ["confirm"], "processed",
             [SN_R, SN_A], "confirmed"),
        Step(mail(SN, "Sénégal - modification", fr_letter(
            "Nous vous informons que la fonction de Mme Sarr est désormais : Directrice de la Protection sociale, "
            "Ministère du Travail."), day=18), ["confirm"], "processed", [SN_R, SN_A], "confirmed", "amendment.applied",
             changes=[("change", "Fatou Sarr")]),
    ]))
    c.append(Conv("fr-une-collegue-ajoute-une-conseillere", "CI", [
        Step(mail(CI, "Désignation de la Côte d'Ivoire", fr_nomination("de la Côte d'Ivoire", CI_REP)), ["confirm"],
             "processed", [CI_R], "confirmed"),
        Step(mail("Service juridique <juridique@emploi.gouv.ci>", "Côte d'Ivoire - ajout d'une conseillère", fr_letter(
            "Nous souhaitons ajouter à la délégation de la Côte d'Ivoire une conseillère :\n\n"
            + fr_person("Conseillère", "Mme Aya Bamba", "Juriste, Ministère de l'Emploi", "aya.bamba@emploi.gouv.ci", "en présentiel")),
            day=18), ["confirm"], "processed", [CI_R, ("adviser", "Aya Bamba", "in_person")], "confirmed",
             "amendment.applied", changes=[("add", "Aya Bamba")]),
        Step(mail(CI, "Désignation de la Côte d'Ivoire", fr_nomination(
            "de la Côte d'Ivoire", CI_REP, fr_person("Conseillère", "Mme Aya Bamba", "Juriste, Ministère de l'Emploi",
                                                      "aya.bamba@emploi.gouv.ci", "en présentiel")), day=19),
             ["already_recorded"], "processed", [CI_R, ("adviser", "Aya Bamba", "in_person")], "confirmed", "nomination.duplicate"),
    ]))
    c.append(Conv("fr-changement-non-authentifie", "SN", [
        Step(mail(SN, "Désignation du Sénégal", fr_nomination("du Sénégal", SN_REP, SN_ADV)), ["confirm"], "processed",
             [SN_R, SN_A], "confirmed"),
        Step(mail(SN, "Sénégal - modification", fr_letter(
            "Nous vous informons que M. Diop participera finalement à distance."), day=18, authenticated=False),
             [], "review", [SN_R, SN_A], "confirmed", "amendment.held", reasons=("not_authenticated",)),
    ]))
    c.append(Conv("fr-ne-pourra-plus-il-sera-remplace-par", "SN", [
        Step(mail(SN, "Désignation du Sénégal", fr_nomination("du Sénégal", SN_REP, SN_ADV)), ["confirm"], "processed",
             [SN_R, SN_A], "confirmed"),
        Step(mail(SN, "Sénégal - modification", fr_letter(
            "M. Diop ne pourra plus participer à la réunion. Il sera remplacé par Mme Aminata Ndiaye, Directrice du Travail, "
            "aminata.ndiaye@travail.gouv.sn, qui participera en présentiel."), day=18), ["confirm"], "processed",
             [("representative", "Aminata Ndiaye", "in_person"), SN_A], "confirmed", "amendment.applied",
             changes=[("replace", "Moussa Diop")]),
    ]))
    # ---------------------------------------------------------------- Spanish
    c.append(Conv("es-en-sustitucion-de", "PE", [
        Step(mail(PE, "Designación del Perú", es_nomination("del Perú", PE_REP, PE_ADV)), ["confirm"], "processed",
             [PE_R, PE_A], "confirmed"),
        Step(mail(PE, "Perú - modificación", es_letter(
            "Nos permitimos informar que la Sra. Carmen Rosa Huamán Vega, Directora de Políticas Laborales, Ministerio de "
            "Trabajo (chuaman@trabajo.gob.pe), participará como representante en sustitución del Sr. José Luis Pérez Quispe. "
            "Participará de forma presencial."), day=18), ["confirm"], "processed",
             [PE_A, ("representative", "Carmen Rosa Huamán Vega", "in_person")], "confirmed", "amendment.applied",
             changes=[("replace", "José Luis Pérez Quispe")]),
    ]))
    c.append(Conv("es-sera-sustituida-por", "PE", [
        Step(mail(PE, "Designación del Perú", es_nomination("del Perú", PE_REP, PE_ADV)), ["confirm"], "processed",
             [PE_R, PE_A], "confirmed"),
        Step(mail(PE, "Perú - cambio de asesor", es_letter(
            "Les informamos que la asesora, Sra. Mamani, será sustituida por:\n\n"
            + es_person("Asesor", "Sr. Luis Alberto Flores Ramos", "Analista, Ministerio de Trabajo", "lflores@trabajo.gob.pe", "virtual")),
            day=18), ["confirm"], "processed", [PE_R, ("adviser", "Luis Alberto Flores Ramos", "remote")], "confirmed",
             "amendment.applied", changes=[("replace", "Rosa Elena Mamani Torres")]),
    ]))
    c.append(Conv("es-la-asesora-no-podra-el-representante-mantiene", "PE", [
        Step(mail(PE, "Designación del Perú", es_nomination("del Perú", PE_REP, PE_ADV)), ["confirm"], "processed",
             [PE_R, PE_A], "confirmed"),
        Step(mail(PE, "Perú - delegación", es_letter(
            "Lamentamos informarles que la asesora no podrá participar en la reunión; el representante mantiene su participación."),
            day=28), ["confirm"], "processed", [PE_R], "confirmed", "amendment.applied",
             changes=[("withdraw", "Rosa Elena Mamani Torres"), ("keep", "José Luis Pérez Quispe")]),
        Step(mail(PE, "Perú - retiro", es_letter(
            "El Gobierno del Perú retira su participación en la reunión técnica."), day=30),
             ["withdrawal"], "processed", [], "withdrawn", "amendment.applied"),
    ]))
    c.append(Conv("es-cambio-de-modalidad-por-apellido-sin-tildes", "PE", [
        Step(mail(PE, "Designación del Perú", es_nomination("del Perú", PE_REP, PE_ADV)), ["confirm"], "processed",
             [PE_R, PE_A], "confirmed"),
        Step(mail(PE, "Perú - modalidad", es_letter(
            "Les informamos que el Sr. Perez Quispe participará ahora de forma virtual."), day=18),
             ["confirm"], "processed", [("representative", "José Luis Pérez Quispe", "remote"), PE_A], "confirmed",
             "amendment.applied", changes=[("change", "José Luis Pérez Quispe")]),
    ]))
    c.append(Conv("es-se-agrega-una-asesora", "CO", [
        Step(mail(CO, "Designación de Colombia", es_nomination("de Colombia", CO_REP)), ["confirm"], "processed", [CO_R],
             "confirmed"),
        Step(mail(CO, "Colombia: se agrega una asesora", es_letter(
            "Nos complace agregar a la delegación de Colombia una asesora:\n\n"
            + es_person("Asesora", "Sra. Laura Valentina Ríos Cárdenas", "Asesora del Despacho, Ministerio del Trabajo",
                        "lrios@mintrabajo.gov.co", "a distancia")), day=18),
             ["confirm"], "processed", [CO_R, ("adviser", "Laura Valentina Ríos Cárdenas", "remote")], "confirmed",
             "amendment.applied", changes=[("add", "Laura Valentina Ríos Cárdenas")]),
        Step(mail(CO, "Colombia: segunda asesora", es_letter(
            "Nos complace agregar a la delegación de Colombia otra asesora:\n\n"
            + es_person("Asesora", "Sra. Paula Andrea Mejía Ortiz", "Profesional Especializada, Ministerio del Trabajo",
                        "pmejia@mintrabajo.gov.co", "a distancia")), day=19),
             [], "review", [CO_R, ("adviser", "Laura Valentina Ríos Cárdenas", "remote")], "confirmed",
             "amendment.held", reasons=("over_quota",)),
    ]))
    c.append(Conv("es-respuesta-con-apellido-completa-sin-acortar", "CO", [
        Step(mail(CO, "Designación de Colombia", es_nomination("de Colombia", CO_REP.replace("Modalidad: presencial\n", ""))),
             ["request_missing"], "processed", [("representative", "Ana María Gómez Restrepo", None)], "pending"),
        Step(answer(CO, "Estimados señores:\n\nLa Sra. Gómez participará de forma presencial.\n\nAtentamente,\nCooperación Internacional"),
             ["confirm"], "processed", [CO_R], "confirmed", "nomination.completed"),
    ]))
    c.append(Conv("es-otro-dominio-no-cambia-nada", "CO", [
        Step(mail(CO, "Designación de Colombia", es_nomination("de Colombia", CO_REP)), ["confirm"], "processed", [CO_R],
             "confirmed"),
        Step(mail("Delegación Colombia <delegacion.colombia@hotmail.com>", "Colombia - cambio de representante", es_letter(
            "Les informamos que la Sra. Gómez Restrepo será reemplazada por:\n\n"
            + es_person("Representante", "Sr. Andrés Felipe Torres Luna", "Asesor, Ministerio del Trabajo", "atorres@hotmail.com", "presencial")),
            day=18), [], "review", [CO_R], "confirmed", "amendment.held", reasons=("other_sender_domain",)),
    ]))
    c.append(Conv("es-una-condicion-no-cambia-nada", "PE", [
        Step(mail(PE, "Designación del Perú", es_nomination("del Perú", PE_REP, PE_ADV)), ["confirm"], "processed",
             [PE_R, PE_A], "confirmed"),
        Step(mail(PE, "Perú - delegación", es_letter(
            "En caso de que el Sr. Pérez Quispe no pueda viajar, les informaremos oportunamente de su reemplazo."), day=18),
             [], "review", [PE_R, PE_A], "confirmed"),
    ]))
    return c


CONVERSATIONS = _conversations()
