"""A nomination is a conversation: scenarios over a real Dovecot mailbox and SMTP server.

Each scenario is a short sequence of messages; after every step it checks the replies
sent and the delegation on record, and that running the worker again changes nothing."""
from __future__ import annotations

from bot.replies import Addressing

import csv
import io
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from sqlalchemy import select

from bot.db import Database
from bot.export import participant_rows, to_csv, COLUMNS
from bot.mailbox import ImapMailbox
from bot.meeting import load_meeting
from bot.models import Delegation, Event, Inbound, Outbox
from bot.outbox import SmtpTransport
from bot.states import load_states
from bot.worker import Worker
from tests.intake_helpers import fixture

MEETING = load_meeting("config/meeting.yaml")


def letter(sender: str, subject: str, body: str, *, date: str = "Mon, 16 Mar 2026 10:00:00 +0100",
           in_reply_to: str | None = None, message_id: str | None = None, authenticated: bool = True) -> bytes:
    """A message as our mail server delivers it: with its Authentication-Results header
    (DKIM and DMARC pass for the sender's domain) unless `authenticated` is False."""
    msg = EmailMessage()
    if authenticated:
        domain = sender.rsplit("@", 1)[1].rstrip(">")
        msg["Authentication-Results"] = (f"{MEETING.authserv_id}; dkim=pass header.d={domain} header.s=s1; "
                                         f"spf=pass smtp.mailfrom={domain}; dmarc=pass header.from={domain}")
    msg["From"] = sender
    msg["To"] = MEETING.addresses.nominations
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = message_id or make_msgid(domain=sender.rsplit("@", 1)[1].rstrip(">"))
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    msg.set_content(body)
    return msg.as_bytes()


class Scenario:
    def __init__(self, user, smtp, db_url: str):
        self.user, self.smtp = user, smtp
        self.db = Database(db_url)
        self.worker = Worker(meeting=MEETING, states=load_states(), db=self.db, mailbox=ImapMailbox(user.url),
                             transport=SmtpTransport(smtp.url))
        self.seen = 0

    def send(self, raw: bytes) -> list:
        """Deliver one message, run the worker, and return the replies it sent."""
        self.user.append(raw)
        self.worker.drain()
        new = self.smtp.messages[self.seen:]
        self.seen = len(self.smtp.messages)
        return [m.message for m in new]

    def delegation(self, code: str) -> dict:
        with self.db.session() as s:
            d = s.scalar(select(Delegation).where(Delegation.key == code))
            assert d is not None, f"no delegation for {code}"
            people = [(p.role, p.name, p.email, p.attendance, p.status) for p in d.participants]
            events = [e.action for e in d.events]
            return {"status": d.status, "people": people, "active": [p for p in people if p[4] == "active"],
                    "events": events}

    def inbound(self, message_id: str) -> Inbound:
        with self.db.session() as s:
            return s.scalar(select(Inbound).where(Inbound.message_id == message_id))

    def snapshot(self) -> tuple:
        with self.db.session() as s:
            return (
                [(d.key, d.status) for d in s.scalars(select(Delegation).order_by(Delegation.id))],
                [(p.role, p.name, p.status) for d in s.scalars(select(Delegation)) for p in d.participants],
                s.scalars(select(Outbox.message_id).order_by(Outbox.id)).all(),
                len(s.scalars(select(Event.id)).all()),
            )

    def rerun_changes_nothing(self) -> None:
        before = self.snapshot()
        self.worker.drain()
        assert self.snapshot() == before
        assert len(self.smtp.messages) == self.seen
        assert self.user.uids("INBOX") == []

    def export(self) -> list[dict]:
        with self.db.session() as s:
            text = to_csv(participant_rows(s, MEETING.id, load_states()), COLUMNS)
        return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def scenario(imap_user, smtp, tmp_path):
    sc = Scenario(imap_user, smtp, f"sqlite:///{tmp_path / 'intake.db'}")
    yield sc
    sc.worker.mailbox.close()
    sc.db.dispose()


def test_a_threaded_follow_up_completes_the_pending_nomination_fr(scenario):
    first = scenario.send(fixture("conversation", "fr-1-designation-sans-participation.eml"))
    assert len(first) == 1 and first[0]["Content-Language"] == "fr"
    assert "mode de participation" in first[0].get_content()
    assert scenario.delegation("NE")["status"] == "pending"
    ours = first[0]
    quoted = "\n".join("> " + line for line in ours.get_content().splitlines())
    follow = fixture("conversation", "fr-2-complement-en-reponse.eml").decode()
    follow = follow.replace("{SUBJECT}", str(ours["Subject"])).replace("{REPLY_ID}", ours["Message-ID"])
    follow = follow.replace("{QUOTED}", "Le 16 mars 2026, ILO Sectoral Meetings a écrit :\n" + quoted)
    second = scenario.send(follow.encode())
    assert len(second) == 1, "the completed nomination is confirmed in one reply"
    assert second[0]["Subject"].startswith("Désignation enregistrée")
    assert second[0]["In-Reply-To"] == "<conv-ne-2@travail.gouv.ne>"
    body = second[0].get_content()
    assert "Aïcha Moussa Issoufou" in body and "en présentiel" in body
    d = scenario.delegation("NE")
    assert d["status"] == "confirmed"
    assert d["active"] == [("representative", "Aïcha Moussa Issoufou", "aicha.issoufou@travail.gouv.ne",
                            "in_person", "active")]
    assert "nomination.completed" in d["events"]
    scenario.rerun_changes_nothing()
    assert [(r["member_state"], r["attendance"], r["status"]) for r in scenario.export()] == [
        ("NE", "in_person", "confirmed")]


def test_an_unthreaded_follow_up_from_the_same_sender_completes_it_es(scenario):
    first = scenario.send(fixture("conversation", "es-1-designacion-sin-correo.eml"))
    assert len(first) == 1 and first[0]["Content-Language"] == "es"
    assert "correo electrónico" in first[0].get_content()
    second = scenario.send(fixture("conversation", "es-2-correo-sin-hilo.eml"))
    assert len(second) == 1 and second[0]["Subject"].startswith("Designación registrada")
    d = scenario.delegation("PA")
    assert d["status"] == "confirmed"
    assert d["active"] == [("representative", "Rodrigo Alberto Castillo Vega", "rcastillo@mintrabajo.gob.pa",
                            "in_person", "active")]
    scenario.rerun_changes_nothing()
    assert [(r["email"], r["status"]) for r in scenario.export()] == [("rcastillo@mintrabajo.gob.pa", "confirmed")]


def test_a_replacement_from_the_domain_on_record_is_applied_with_history_en(scenario):
    scenario.send(fixture("conversation", "en-1-nomination.eml"))
    replies = scenario.send(fixture("conversation", "en-2-replacement.eml"))
    assert len(replies) == 1 and "Malia Faleolo" in replies[0].get_content()
    assert "Tavita Leota" not in replies[0].get_content()
    d = scenario.delegation("WS")
    assert d["status"] == "confirmed"
    assert [p[1] for p in d["active"]] == ["Malia Faleolo"]
    assert ("representative", "Tavita Leota", "tavita.leota@labour.gov.ws", "in_person", "replaced") in d["people"]
    assert d["events"][-1] == "amendment.applied"
    scenario.rerun_changes_nothing()
    assert [r["name"] for r in scenario.export()] == ["Malia Faleolo"]


def test_a_withdrawal_from_another_domain_is_held_and_one_from_the_domain_on_record_applies_en(scenario):
    scenario.send(fixture("conversation", "en-1-nomination.eml"))
    assert scenario.send(fixture("conversation", "en-3-withdrawal-other-domain.eml")) == []
    held = scenario.inbound("<conv-ws-3@webmail-example.com>")
    assert held.status == "review" and "other_sender_domain" in held.reasons
    assert scenario.delegation("WS")["status"] == "confirmed"
    replies = scenario.send(fixture("conversation", "en-4-withdrawal.eml"))
    assert len(replies) == 1 and replies[0]["Subject"].startswith("Withdrawal recorded")
    d = scenario.delegation("WS")
    assert d["status"] == "withdrawn" and d["active"] == []
    scenario.rerun_changes_nothing()
    assert scenario.export() == []


def test_the_same_nomination_from_the_mission_is_recorded_once_and_the_mission_told_es(scenario):
    body = ("Estimados señores:\n\nEl Gobierno de la República del Paraguay tiene el agrado de designar:\n\n"
            "Representante: Sra. Liz Carolina Benítez Ortiz\n"
            "Cargo: Directora General del Trabajo, Ministerio de Trabajo, Empleo y Seguridad Social\n"
            "Correo electrónico: lbenitez@mtess.gov.py\nModalidad: presencial\n\nAtentamente,\nDirección de Asuntos Internacionales\n")
    first = scenario.send(letter("Asuntos Internacionales <dai@mtess.gov.py>", "Designación del Paraguay", body))
    assert len(first) == 1 and first[0]["Subject"].startswith("Designación registrada")
    again = scenario.send(letter("Misión Permanente <mision@mre.gov.py>", "RV: Designación del Paraguay",
                                 "Remitimos la nota del Ministerio.\n\n" + body))
    assert len(again) == 1
    assert again[0]["Subject"].startswith("Designación ya registrada") and again[0]["To"] == "mision@mre.gov.py"
    d = scenario.delegation("PY")
    assert len(d["people"]) == 1 and d["status"] == "confirmed"
    assert "nomination.duplicate" in d["events"]
    scenario.rerun_changes_nothing()
    assert [r["name"] for r in scenario.export()] == ["Liz Carolina Benítez Ortiz"]


def test_a_second_representative_for_the_same_state_is_over_quota_and_held_fr(scenario):
    def designation(name: str, mail: str) -> bytes:
        return letter("Cabinet <cabinet@travail.gouv.bj>", "Désignation du Bénin",
                      "Madame, Monsieur,\n\nLe Gouvernement de la République du Bénin a l'honneur de désigner :\n\n"
                      f"Représentant : M. {name}\nFonction : Directeur du Travail, Ministère du Travail\n"
                      f"Courriel : {mail}\nParticipation : en présentiel\n\nLe Secrétaire général\n")

    assert len(scenario.send(designation("Codjo Houngbédji", "c.houngbedji@travail.gouv.bj"))) == 1
    assert scenario.send(designation("Romuald Akpovi", "r.akpovi@travail.gouv.bj")) == []
    rows = scenario.delegation("BJ")
    assert [p[1] for p in rows["active"]] == ["Codjo Houngbédji"]
    with scenario.db.session() as s:
        held = s.scalars(select(Inbound).where(Inbound.status == "review")).all()
    assert len(held) == 1 and "over_quota" in held[0].extraction["flags"]
    scenario.rerun_changes_nothing()
    assert [r["name"] for r in scenario.export()] == ["Codjo Houngbédji"]


def test_a_bounce_of_our_reply_marks_the_address_and_flags_the_delegation_without_a_reply_en(scenario):
    sent = scenario.send(fixture("conversation", "en-1-nomination.eml"))
    ours = sent[0]
    dsn = fixture("worker", "dsn-delivery-failure.eml").decode()
    dsn = dsn.replace("nobody@labour.gov.tt", "intl@labour.gov.ws").replace(
        "Message-ID: <worker-dsn@mx.example.net>", "Message-ID: <conv-dsn@mx.example.net>")
    dsn = dsn.replace("--dsnb--", f"--dsnb\nContent-Type: text/rfc822-headers\n\nMessage-ID: {ours['Message-ID']}\n"
                                  f"To: intl@labour.gov.ws\n\n--dsnb--")
    assert scenario.send(dsn.encode()) == []
    row = scenario.inbound("<conv-dsn@mx.example.net>")
    assert row.status == "review" and row.reasons == ["undeliverable:intl@labour.gov.ws"]
    assert "address.undeliverable" in scenario.delegation("WS")["events"]
    with scenario.db.session() as s:
        assert s.scalar(select(Outbox.status).where(Outbox.message_id == ours["Message-ID"])) == "bounced"
    scenario.rerun_changes_nothing()
    # The next nomination from that address is recorded, but no reply goes to it.
    again = fixture("conversation", "en-2-replacement.eml")
    assert scenario.send(again) == []
    held = scenario.inbound("<conv-ws-2@labour.gov.ws>")
    assert held.status == "review" and "reply_withheld:address_undeliverable" in held.reasons


def test_a_late_nomination_is_recorded_for_review_and_the_secretariat_can_accept_it_es(scenario):
    from bot.web.message import reply_target
    from bot.web.review import Reviewer, approve, extraction_of

    late = letter("Relaciones Internacionales <rrii@mintrabajo.gob.ni>", "Designación de Nicaragua",
                  "Estimados señores:\n\nEl Gobierno de la República de Nicaragua designa como representante a:\n\n"
                  "Representante: Sr. Julio César Aráuz Pérez\nCargo: Director General de Empleo, Ministerio del Trabajo\n"
                  "Correo electrónico: jarauz@mintrabajo.gob.ni\nModalidad: virtual\n\nAtentamente,\n",
                  date="Thu, 02 Apr 2026 10:00:00 -0600", message_id="<conv-ni-late@mintrabajo.gob.ni>")
    assert scenario.send(late) == []
    row = scenario.inbound("<conv-ni-late@mintrabajo.gob.ni>")
    assert row.status == "review" and "late" in row.extraction["flags"]
    assert scenario.delegation("NI")["status"] == "review"
    from bot.web.review import ReviewError

    who = Reviewer("ana", MEETING, load_states().name)
    row_id = row.id
    with scenario.db.session() as s:
        row = s.get(Inbound, row_id)
        with pytest.raises(ReviewError, match="after the deadline"):
            approve(s, who, row, extraction_of(row), target=Addressing(to="rrii@mintrabajo.gob.ni"))
        s.rollback()
    with scenario.db.session() as s, s.begin():
        row = s.get(Inbound, row_id)
        approve(s, who, row, extraction_of(row), target=reply_target(row),
                override="Late by a day; accepted by the secretariat")
    scenario.worker.drain()
    replies = scenario.smtp.messages[scenario.seen:]
    scenario.seen = len(scenario.smtp.messages)
    assert len(replies) == 1 and replies[0]["Subject"].startswith("Designación registrada")
    d = scenario.delegation("NI")
    assert d["status"] == "confirmed" and [p[1] for p in d["active"]] == ["Julio César Aráuz Pérez"]
    scenario.rerun_changes_nothing()
    assert [(r["member_state"], r["name"], r["status"]) for r in scenario.export()] == [
        ("NI", "Julio César Aráuz Pérez", "confirmed")]


def _nomination_bj() -> bytes:
    return letter("Cabinet <cabinet@travail.gouv.bj>", "Désignation du Bénin",
                  "Madame, Monsieur,\n\nLe Gouvernement de la République du Bénin a l'honneur de désigner :\n\n"
                  "Représentant : M. Codjo Houngbédji\nFonction : Directeur du Travail, Ministère du Travail\n"
                  "Courriel : c.houngbedji@travail.gouv.bj\nParticipation : en présentiel\n\nLe Secrétaire général\n",
                  message_id="<conv-bj-1@travail.gouv.bj>")


def test_a_changed_attendance_from_the_domain_on_record_is_applied_fr(scenario):
    scenario.send(_nomination_bj())
    change = letter("Cabinet <cabinet@travail.gouv.bj>", "Modification – participation du Bénin",
                    "Madame, Monsieur,\n\nSuite à notre lettre du 16 mars 2026, nous vous informons que "
                    "M. Codjo Houngbédji participera finalement à distance.\n\nLe Secrétaire général\n",
                    date="Wed, 18 Mar 2026 10:00:00 +0100")
    replies = scenario.send(change)
    assert len(replies) == 1 and replies[0]["Subject"].startswith("Désignation enregistrée")
    assert "à distance" in replies[0].get_content()
    d = scenario.delegation("BJ")
    assert d["active"] == [("representative", "Codjo Houngbédji", "c.houngbedji@travail.gouv.bj", "remote", "active")]
    assert d["events"][-1] == "amendment.applied"
    scenario.rerun_changes_nothing()
    assert [(r["name"], r["attendance"]) for r in scenario.export()] == [("Codjo Houngbédji", "remote")]


def test_an_added_adviser_from_the_domain_on_record_is_applied_es(scenario):
    scenario.send(fixture("conversation", "es-1-designacion-sin-correo.eml"))
    scenario.send(fixture("conversation", "es-2-correo-sin-hilo.eml"))
    added = letter("Relaciones Internacionales <rrii@mintrabajo.gob.pa>", "Panamá: se agrega una asesora",
                   "Estimados señores:\n\nNos complace agregar a la delegación de Panamá una asesora:\n\n"
                   "Asesora: Sra. Itzel Marina Quintero Ríos\nCargo: Jefa de Asuntos Internacionales, "
                   "Ministerio de Trabajo y Desarrollo Laboral\nCorreo electrónico: iquintero@mintrabajo.gob.pa\n"
                   "Modalidad: a distancia\n\nAtentamente,\nOficina de Relaciones Internacionales\n",
                   date="Wed, 18 Mar 2026 08:00:00 -0500")
    replies = scenario.send(added)
    assert len(replies) == 1 and replies[0]["Subject"].startswith("Designación registrada")
    body = replies[0].get_content()
    assert "Rodrigo Alberto Castillo Vega" in body and "Itzel Marina Quintero Ríos" in body
    d = scenario.delegation("PA")
    assert [(p[0], p[1]) for p in d["active"]] == [("representative", "Rodrigo Alberto Castillo Vega"),
                                                   ("adviser", "Itzel Marina Quintero Ríos")]
    scenario.rerun_changes_nothing()
    assert [r["role"] for r in scenario.export()] == ["representative", "adviser"]


def test_a_change_against_a_decision_a_person_made_is_held_for_review_fr(scenario):
    from bot.models import Person

    scenario.send(_nomination_bj())
    with scenario.db.session() as s, s.begin():
        person = s.scalar(select(Person))
        person.title, person.decided_by = "Directeur général du Travail", "ana"
    change = letter("Cabinet <cabinet@travail.gouv.bj>", "Modification – participation du Bénin",
                    "Madame, Monsieur,\n\nSuite à notre lettre du 16 mars 2026, nous vous informons que "
                    "M. Codjo Houngbédji participera finalement à distance.\n\nLe Secrétaire général\n",
                    date="Wed, 18 Mar 2026 10:00:00 +0100", message_id="<conv-bj-2@travail.gouv.bj>")
    assert scenario.send(change) == []
    held = scenario.inbound("<conv-bj-2@travail.gouv.bj>")
    assert held.status == "review" and "decided_by_person" in held.reasons
    assert scenario.delegation("BJ")["active"][0][3] == "in_person"
    scenario.rerun_changes_nothing()
