"""The conversation rules as plain functions, tested directly (no mail server): what a
message says about a delegation on record becomes explicit operations, each naming the
recorded person it touches, or reasons for a person to decide. The applying end runs on
SQLite through the worker's own processing, without Dovecot."""
from __future__ import annotations

from bot.replies import Addressing

import itertools
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

import handlers
from bot.conversation import authenticated, match_person, plan
from bot.db import Database
from bot.extraction import intent
from bot.reading.message import read_message as parse
from bot.mailbox import Fetched
from bot.models import Delegation, Event, Inbound, Outbox, Person
from bot.states import load_states
from bot.worker import Worker
from tests.conversations import (
    CI_REP, CO_REP, GH, GH_ADV, GH_BOTH, GH_REP, PE, PE_ADV, PE_REP, SN, SN_ADV, SN_REP, en_letter, en_nomination, en_person,
    es_letter, es_nomination, es_person, fr_letter, fr_nomination, fr_person,
)
from tests.test_conversation import MEETING, letter

STATES = load_states()


def person(role: str, name: str, email: str | None = None, attendance: str | None = "in_person", title: str | None = "Director"):
    return SimpleNamespace(role=role, name=name, email=email, attendance=attendance, title=title, gender=None)


def changed(found: list) -> list:
    """The operations that change something (a gender filled in aside)."""
    return [o for o in found if o[0] != "keep" and o[3] != "gender"]


def read(body: str, sender: str = GH, subject: str = "Delegation", day: int = 18):
    ctx = handlers.Context(raw=letter(sender, subject, body, date=f"Wed, {day} Mar 2026 10:00:00 +0100"),
                           meeting=MEETING, states=STATES)
    handlers.run(handlers.READING, ctx)
    return ctx.result, ctx.reading.main_text


def ops(recorded: list, body: str, *, capacity: str = "member", sender: str = GH):
    said, text = read(body, sender)
    p = plan(recorded, said, text, capacity=capacity, quotas=MEETING.quotas)
    return [(o.op, o.target.name if o.target is not None else None, o.person.name if o.person else None,
             o.field, o.after) for o in p.ops], p


GHANA = [person("representative", "Kwame Mensah Boateng", "k.boateng@melr.gov.gh"),
         person("adviser", "Abena Owusu", "a.owusu@melr.gov.gh", "remote")]
SENEGAL = [person("representative", "Moussa Diop", "moussa.diop@travail.gouv.sn"),
           person("adviser", "Fatou Sarr", "fatou.sarr@travail.gouv.sn", "remote")]
PERU = [person("representative", "José Luis Pérez Quispe", "jlperez@trabajo.gob.pe"),
        person("adviser", "Rosa Elena Mamani Torres", "rmamani@trabajo.gob.pe", "remote")]


# -- names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("said, recorded", [
    ("Adhikari", "Bishnu Prasad Adhikari"),
    ("Mr. Adhikari", "Bishnu Prasad Adhikari"),
    ("B. P. Adhikari", "Bishnu Prasad Adhikari"),
    ("ADHIKARI Bishnu", "Bishnu Prasad Adhikari"),
    ("Sra. Perez Quispe", "José Luis Pérez Quispe"),
    ("M. Diop", "Moussa Diop"),
    ("Olivera, María Fernanda", "María Fernanda Olivera Sosa"),
    ("Marie-Laure Kouassi", "Adjoua Marie-Laure Kouassi"),
    ("Mr. Yıldırım", "Mehmet Ali YILDIRIM"),  # letters whose mark is their own: ı, ł, ø, đ
    ("Lech Wałęsa", "Lech Walesa"),
    ("Søren Kierkegaard", "Soren KIERKEGAARD"),
])
def test_partial_forms_honorifics_order_and_accents_name_the_recorded_person(said, recorded):
    assert intent.names_match(said, recorded)
    assert match_person([person("representative", recorded)], said) == [0]


@pytest.mark.parametrize("said, recorded", [
    ("Moussa Ndiaye", "Moussa Diop"), ("Diop", "Awa Ndiaye"), ("M.", "Moussa Diop"), ("J. Smith", "Jane Efua Doe"),
])
def test_another_name_is_not_the_recorded_person(said, recorded):
    assert match_person([person("representative", recorded)], said) == []


def test_a_name_that_fits_two_people_matches_both_and_an_address_settles_it():
    two = [person("representative", "John Kofi Smith", "j.smith@x.gh"), person("adviser", "Jane Efua Smith", "jane@x.gh")]
    assert match_person(two, "Smith") == [0, 1]
    assert match_person(two, "Mr Smith", "jane@x.gh") == [1]
    assert match_person(two, "Jane Smith") == [1]


def test_sentences_are_not_cut_at_honorifics_or_initials():
    text = "La Representante, Sra. María F. Olivera Sosa, mantiene su participación. El Sr. Suárez no podrá asistir."
    assert intent.sentences(text) == ["La Representante, Sra. María F. Olivera Sosa, mantiene su participación.",
                                      "El Sr. Suárez no podrá asistir."]


# -- operations, in three languages ----------------------------------------------------------

@pytest.mark.parametrize("recorded, sender, body, old, new", [
    (GHANA, GH, en_letter("Ms Akosua Darko, Director of Labour (akosua.darko@melr.gov.gh), will replace Mr Kwame Mensah "
                          "Boateng as representative. She will attend in person."), "Kwame Mensah Boateng", "Akosua Darko"),
    (GHANA, GH, en_letter("Mr Boateng is replaced by:\n\n" + en_person("Representative", "Ms Akosua Darko", "Director of Labour",
                                                                     "akosua.darko@melr.gov.gh", "in person")),
     "Kwame Mensah Boateng", "Akosua Darko"),
    (SENEGAL, SN, fr_letter("Mme Aminata Ndiaye, Directrice du Travail (aminata.ndiaye@travail.gouv.sn), est désignée en "
                            "remplacement de M. Moussa Diop. Elle participera en présentiel."), "Moussa Diop", "Aminata Ndiaye"),
    (SENEGAL, SN, fr_letter("Mme Sarr est remplacée par :\n\n" + fr_person("Conseiller", "M. Ibrahima Fall", "Inspecteur du travail",
                                                                         "ibrahima.fall@travail.gouv.sn", "à distance")),
     "Fatou Sarr", "Ibrahima Fall"),
    (PERU, PE, es_letter("La Sra. Carmen Rosa Huamán Vega, Directora (chuaman@trabajo.gob.pe), participará en sustitución "
                         "del Sr. José Luis Pérez Quispe. Participará de forma presencial."), "José Luis Pérez Quispe",
     "Carmen Rosa Huamán Vega"),
    (PERU, PE, es_letter("La asesora, Sra. Mamani, será sustituida por:\n\n" + es_person(
        "Asesor", "Sr. Luis Alberto Flores Ramos", "Analista", "lflores@trabajo.gob.pe", "virtual")),
     "Rosa Elena Mamani Torres", "Luis Alberto Flores Ramos"),
], ids=["en-will-replace", "en-is-replaced-by", "fr-en-remplacement-de", "fr-remplacee-par", "es-en-sustitucion-de",
        "es-sera-sustituida-por"])
def test_a_replacement_in_either_direction_names_who_goes_and_who_comes(recorded, sender, body, old, new):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    replace = [o for o in found if o[0] == "replace"]
    assert replace == [("replace", old, new, None, None)]
    assert [o for o in found if o[0] not in ("replace", "keep")] == []
    target_role = next(r.role for r in recorded if r.name == old)
    assert next(o for o in p.ops if o.op == "replace").role == target_role


@pytest.mark.parametrize("recorded, sender, body, gone, kept", [
    (GHANA, GH, en_letter("The adviser will unfortunately not be able to attend; the representative will attend as planned."),
     "Abena Owusu", "Kwame Mensah Boateng"),
    (SENEGAL, SN, fr_letter("La conseillère ne pourra pas participer à la réunion. Le représentant, M. Diop, maintient sa participation."),
     "Fatou Sarr", "Moussa Diop"),
    (PERU, PE, es_letter("Lamentamos informarles que el Sr. Pérez Quispe no podrá participar en la reunión. La asesora "
                         "mantiene su participación."), "José Luis Pérez Quispe", "Rosa Elena Mamani Torres"),
], ids=["en", "fr", "es"])
def test_one_person_withdrawn_the_other_maintains(recorded, sender, body, gone, kept):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    assert ("withdraw", gone, None, None, None) in found
    assert ("keep", kept, None, None, None) in found
    assert not any(o[0] == "withdraw" and o[1] == kept for o in found)


@pytest.mark.parametrize("recorded, sender, body", [
    (GHANA, GH, en_letter("We regret to inform you that the Government of Ghana withdraws its participation.")),
    (SENEGAL, SN, fr_letter("Le Gouvernement du Sénégal retire sa délégation de la réunion technique.")),
    (PERU, PE, es_letter("El Gobierno del Perú retira su participación en la reunión técnica.")),
], ids=["en", "fr", "es"])
def test_the_delegation_withdrawn(recorded, sender, body):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == [] and found == [("withdraw_delegation", None, None, None, None)]


@pytest.mark.parametrize("recorded, sender, body, who, value", [
    (GHANA, GH, en_letter("The adviser will now attend in person."), "Abena Owusu", "in_person"),
    (SENEGAL, SN, fr_letter("Nous vous informons que M. Diop participera finalement à distance."), "Moussa Diop", "remote"),
    (PERU, PE, es_letter("Les informamos que el Sr. Perez Quispe participará ahora de forma virtual."), "José Luis Pérez Quispe", "remote"),
    (PERU, PE, es_letter("El Sr. Pérez Quispe no podrá asistir en persona, pero participará de forma virtual."),
     "José Luis Pérez Quispe", "remote"),
], ids=["en-role", "fr-surname", "es-no-accents", "es-not-in-person-but-remote"])
def test_a_change_of_attendance_names_the_person(recorded, sender, body, who, value):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    assert changed(found) == [("change", who, None, "attendance", value)]


@pytest.mark.parametrize("sender, body, new", [
    (GH, en_nomination("Ghana", GH_ADV.replace("Ms Abena Owusu", "Mr Yaw Asante").replace("a.owusu", "y.asante")), "Yaw Asante"),
    (SN, fr_letter("Nous souhaitons ajouter à la délégation une conseillère :\n\n" + fr_person(
        "Conseillère", "Mme Aya Bamba", "Juriste", "aya.bamba@travail.gouv.sn", "en présentiel")), "Aya Bamba"),
    (PE, es_letter("Nos complace agregar a la delegación una asesora:\n\n" + es_person(
        "Asesora", "Sra. Laura Ríos", "Asesora del Despacho", "lrios@trabajo.gob.pe", "a distancia")), "Laura Ríos"),
], ids=["en", "fr", "es"])
def test_an_added_adviser_within_the_quota(sender, body, new):
    recorded = [person("representative", "Moussa Diop", "moussa.diop@travail.gouv.sn")]
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == [] and found == [("add", None, new, None, None)]
    assert p.ops[0].role == "adviser"


@pytest.mark.parametrize("recorded, sender, body, reason", [
    ([person("representative", "John Kofi Smith"), person("adviser", "Jane Efua Smith")], GH,
     en_letter("Smith will now attend remotely."), "ambiguous_person:Smith"),
    ([person("representative", "Alioune Fall"), person("adviser", "Awa Fall")], SN,
     fr_letter("M. Fall participera finalement à distance."), "ambiguous_person:Fall"),
    ([person("representative", "Carlos García Ruiz"), person("adviser", "María García López")], PE,
     es_letter("García participará ahora de forma virtual."), "ambiguous_person:García"),
    (GHANA, GH, en_letter("Please note that Mr Otieno Ouma will replace Mr Peter Mwangi:\n\n" + en_person(
        "Representative", "Mr Otieno Ouma", "Deputy Commissioner", "o.ouma@melr.gov.gh", "in person")),
     "replacement_of_unknown_person"),
    (SENEGAL, SN, fr_letter("M. Diop sera remplacé prochainement."), "replacement_person_unread"),
    (PERU, PE, es_letter("Se modifica la modalidad de participación: será virtual."), "unclear_person:attendance"),
    (GHANA, GH, en_nomination("Ghana", en_person("Adviser", "Mr Yaw Asante", "Officer", "y.asante@melr.gov.gh", "remote")),
     "over_quota"),
], ids=["en-two-smiths", "fr-two-falls", "es-two-garcias", "en-replacing-someone-unknown", "fr-replacement-without-successor",
        "es-whose-attendance", "en-second-adviser"])
def test_nothing_matched_or_several_matched_is_a_reason_never_a_guess(recorded, sender, body, reason):
    found, p = ops(recorded, body, sender=sender)
    assert reason in p.reasons


@pytest.mark.parametrize("sender, body, capacity, after", [
    (GH, en_letter("The Government of Ghana will take part as a full member rather than as an observer. Mr Boateng "
                   "will be its representative."), "observer", "member"),
    (SN, fr_letter("Le Gouvernement du Sénégal participera finalement en tant que membre et non plus comme observateur."),
     "observer", "member"),
    (PE, es_letter("El Gobierno del Perú participará como miembro de pleno derecho y no como observador."), "observer", "member"),
], ids=["en", "fr", "es"])
def test_a_change_of_capacity_keeps_the_same_person(sender, body, capacity, after):
    recorded = [person("observer", {GH: "Kwame Mensah Boateng", SN: "Moussa Diop", PE: "José Luis Pérez Quispe"}[sender])]
    found, p = ops(recorded, body, capacity=capacity, sender=sender)
    assert p.reasons == []
    assert ("capacity", None, None, None, after) in found
    assert ("change", recorded[0].name, None, "role", "representative") in found
    assert not any(o[0] in ("add", "replace") for o in found)


@pytest.mark.parametrize("recorded, sender, body", [
    (GHANA, GH, GH_BOTH),
    ([person("representative", "Moussa Diop", "moussa.diop@travail.gouv.sn", title="Directeur général du Travail, Ministère du Travail"),
      person("adviser", "Fatou Sarr", "fatou.sarr@travail.gouv.sn", "remote", title="Inspectrice du travail, Ministère du Travail")],
     SN, fr_nomination("du Sénégal", SN_REP, SN_ADV)),
    ([person("representative", "José Luis Pérez Quispe", "jlperez@trabajo.gob.pe", title="Director General de Trabajo, Ministerio de Trabajo"),
      person("adviser", "Rosa Elena Mamani Torres", "rmamani@trabajo.gob.pe", "remote",
             title="Especialista en Relaciones Laborales, Ministerio de Trabajo")], PE, es_nomination("del Perú", PE_REP, PE_ADV)),
], ids=["en", "fr", "es"])
def test_the_same_people_again_is_a_duplicate_not_an_amendment(recorded, sender, body):
    recorded = [SimpleNamespace(**{**vars(r)}) for r in recorded]
    if sender == GH:
        recorded[0].title = "Chief Labour Officer, Ministry of Employment and Labour Relations"
        recorded[1].title = "Senior Labour Officer, Ministry of Employment and Labour Relations"
    found, p = ops(recorded, body, sender=sender)
    assert p.duplicate and p.changes == [] and p.reasons == []


@pytest.mark.parametrize("recorded, sender, body, field, value", [
    (GHANA, GH, en_nomination("Ghana", GH_REP.replace("Chief Labour Officer", "Chief Director")), "title",
     "Chief Director, Ministry of Employment and Labour Relations"),
    (SENEGAL, SN, fr_nomination("du Sénégal", SN_REP.replace("en présentiel", "à distance")), "attendance", "remote"),
    (PERU, PE, es_nomination("del Perú", PE_REP.replace("jlperez@", "joseluis.perez@").replace("Sr. José Luis Pérez Quispe", "Sr. José Luis Pérez Quispe")),
     "email", None),
], ids=["en-title", "fr-attendance", "es-new-address-is-another-person-unless-named"])
def test_a_letter_again_with_one_item_changed_is_an_amendment_of_that_item(recorded, sender, body, field, value):
    found, p = ops(recorded, body, sender=sender)
    changes = [o for o in found if o[0] == "change" and o[3] == field]
    if value is None:  # the same name with a new address: the address changes, the person stays
        assert changes == [("change", recorded[0].name, None, "email", "joseluis.perez@trabajo.gob.pe")]
    else:
        assert changes == [("change", recorded[0].name, None, field, value)]
    assert not any(o[0] in ("add", "replace", "withdraw") for o in found)


def test_a_shorter_name_never_replaces_the_longer_one_and_a_role_is_not_a_title():
    recorded = [person("representative", "Bishnu Prasad Adhikari", None)]
    found, p = ops(recorded, en_letter("The e-mail address of Mr. Adhikari is bishnu.adhikari@moless.gov.np"))
    assert changed(found) == [("change", "Bishnu Prasad Adhikari", None, "email", "bishnu.adhikari@moless.gov.np")]
    recorded = [person("representative", "Kwame Mensah Boateng", "k.boateng@melr.gov.gh", title="Chief Labour Officer")]
    said, text = read(en_letter("Representative: Mr Boateng\nTitle: as representative\nE-mail: k.boateng@melr.gov.gh"))
    p = plan(recorded, said, text, capacity="member", quotas=MEETING.quotas)
    assert not any(o.field in ("name", "title") for o in p.ops)


# -- authentication (RFC 8601) -----------------------------------------------------------------

def _parsed(headers: list[str], sender: str = "intl@labour.gov.ws"):
    raw = ("".join(h + "\r\n" for h in headers) + f"From: <{sender}>\r\nTo: x@ilo.test\r\nSubject: s\r\n"
           "Message-ID: <a@b>\r\n\r\nbody\r\n").encode()
    return parse(raw)


@pytest.mark.parametrize("headers, ok", [
    (["Authentication-Results: mx.ilo.test; dkim=pass header.d=labour.gov.ws header.s=s1"], True),
    (["Authentication-Results: mx.ilo.test; spf=pass smtp.mailfrom=labour.gov.ws; dmarc=pass header.from=labour.gov.ws"], True),
    (["Authentication-Results: mx.ilo.test 1; dkim=pass (good signature) header.d=mail.labour.gov.ws"], True),
    (["Authentication-Results: mx.ilo.test; dkim=pass header.d=gmail.com; dmarc=fail header.from=labour.gov.ws"], False),
    (["Authentication-Results: mx.ilo.test; spf=pass smtp.mailfrom=labour.gov.ws"], False),
    (["Authentication-Results: mx.ilo.test; dkim=fail header.d=labour.gov.ws"], False),
    (["Authentication-Results: mx.attacker.test; dkim=pass header.d=labour.gov.ws; dmarc=pass header.from=labour.gov.ws"], False),
    (["Authentication-Results: mx.ilo.test; dkim=none",
      "Authentication-Results: mx.ilo.test; dkim=pass header.d=labour.gov.ws"], False),
    (["Authentication-Results: mx.attacker.test; dkim=pass header.d=labour.gov.ws",
      "Authentication-Results: mx.ilo.test; dmarc=pass header.from=labour.gov.ws"], True),
    ([], False),
], ids=["dkim", "dmarc", "version-comment-subdomain", "dkim-other-domain", "spf-only", "dkim-fail", "other-server",
        "only-the-top-one-of-ours", "other-server-ignored", "none"])
def test_only_our_servers_top_header_with_an_aligned_pass_authenticates(headers, ok):
    assert (authenticated(_parsed(headers), MEETING) is None) is ok


def test_without_an_authserv_id_in_the_meeting_file_nothing_authenticates():
    meeting = MEETING.model_copy(update={"authserv_id": None})
    parsed = _parsed(["Authentication-Results: mx.ilo.test; dkim=pass header.d=labour.gov.ws"])
    assert authenticated(parsed, meeting) == "not_authenticated"


# -- applying, on SQLite ---------------------------------------------------------------------------

class NoMailbox:
    name = "rules"

    def ack(self, key: str, folder: str) -> None:
        return None

    def close(self) -> None:
        return None


@pytest.fixture
def worker(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'intake.db'}")
    w = Worker(meeting=MEETING, states=STATES, db=db, mailbox=NoMailbox(), transport=None)  # type: ignore[arg-type]
    w.n = itertools.count(1)  # type: ignore[attr-defined]
    yield w
    db.dispose()


def process(worker, raw: bytes) -> Inbound:
    n = next(worker.n)
    worker.store([Fetched(key=f"1:{n}", raw=raw, uidvalidity=1, uid=n, received_at=datetime.now(timezone.utc))])
    with worker.db.session() as s:
        row_id = s.scalar(select(Inbound.id).where(Inbound.uid == n))
    worker.process_one(row_id)
    with worker.db.session() as s:
        return s.get(Inbound, row_id)


def people(worker, key: str) -> list[tuple]:
    with worker.db.session() as s:
        d = s.scalar(select(Delegation).where(Delegation.key == key))
        return [(p.role, p.name, p.attendance, p.status) for p in d.participants]


def test_applied_operations_tell_the_story_with_before_and_after(worker):
    process(worker, letter(GH, "Nomination", GH_BOTH))
    row = process(worker, letter(GH, "Change", en_letter(
        "Ms Akosua Darko, Director of Labour (akosua.darko@melr.gov.gh), will replace Mr Kwame Mensah Boateng as "
        "representative. She will attend in person."), date="Wed, 18 Mar 2026 10:00:00 +0100"))
    assert row.status == "processed"
    assert people(worker, "GH") == [("representative", "Kwame Mensah Boateng", "in_person", "replaced"),
                                    ("adviser", "Abena Owusu", "remote", "active"),
                                    ("representative", "Akosua Darko", "in_person", "active")]
    with worker.db.session() as s:
        e = s.scalars(select(Event).where(Event.inbound_id == row.id)).all()[-1]
    assert e.action == "amendment.applied"
    assert e.detail["operations"] == [{"op": "replace", "person": "Kwame Mensah Boateng", "role": "representative",
                                       "new": "Akosua Darko"}]
    assert e.detail["before"]["people"] == ["representative: Kwame Mensah Boateng (in_person)", "adviser: Abena Owusu (remote)"]
    assert e.detail["after"]["people"] == ["adviser: Abena Owusu (remote)", "representative: Akosua Darko (in_person)"]


def test_a_change_from_the_domain_on_record_without_our_servers_word_is_held_with_the_proposal(worker):
    process(worker, letter(SN, "Désignation", fr_nomination("du Sénégal", SN_REP, SN_ADV)))
    row = process(worker, letter(SN, "Modification", fr_letter("M. Diop participera finalement à distance."),
                                 date="Wed, 18 Mar 2026 10:00:00 +0100", authenticated=False))
    assert row.status == "review" and "not_authenticated" in row.reasons
    assert people(worker, "SN")[0] == ("representative", "Moussa Diop", "in_person", "active")
    with worker.db.session() as s:
        e = s.scalars(select(Event).where(Event.inbound_id == row.id)).all()[-1]
        assert s.scalar(select(Outbox.id).where(Outbox.inbound_id == row.id)) is None
    assert e.action == "amendment.held"
    assert e.detail["proposed"] == [{"op": "change", "person": "Moussa Diop", "role": "representative",
                                     "field": "attendance", "before": "in_person", "after": "remote"}]


def test_an_answer_to_our_request_fills_in_without_authentication_but_a_change_needs_it(worker):
    first = process(worker, letter(PE, "Designación", es_nomination("del Perú", PE_REP.replace("Modalidad: presencial\n", ""))))
    assert first.status == "processed"
    with worker.db.session() as s:
        ours = s.scalar(select(Outbox).where(Outbox.inbound_id == first.id))
    row = process(worker, letter(PE, "RE: " + ours.subject, es_letter("El Sr. Pérez participará de forma presencial."),
                                 in_reply_to=ours.message_id, date="Wed, 18 Mar 2026 10:00:00 +0100", authenticated=False))
    assert row.status == "processed"
    assert people(worker, "PE") == [("representative", "José Luis Pérez Quispe", "in_person", "active")]


def test_a_forged_delivery_report_silences_no_one(worker):
    first = process(worker, letter(GH, "Nomination", GH_BOTH))
    forged = ("From: Mail Delivery System <mailer-daemon@attacker.test>\r\nTo: sectoral-meetings@ilo.test\r\n"
              "Subject: Undelivered Mail Returned to Sender\r\nX-Failed-Recipients: intl@melr.gov.gh\r\n"
              "Message-ID: <forged-1@attacker.test>\r\nDate: Wed, 18 Mar 2026 10:00:00 +0100\r\n\r\n"
              "Delivery to intl@melr.gov.gh failed: <intake.elsewhere.1.confirm@ilo.test>\r\n").encode()
    row = process(worker, forged)
    assert row.status == "ignored" and row.reasons == []
    with worker.db.session() as s:
        assert s.scalars(select(Outbox.status).where(Outbox.inbound_id == first.id)).all() == ["pending"]
        assert not s.scalar(select(Event.id).where(Event.action == "address.undeliverable"))
    # A report that names our own reply counts.
    with worker.db.session() as s:
        mid = s.scalar(select(Outbox.message_id).where(Outbox.inbound_id == first.id))
    real = forged.replace(b"<forged-1@attacker.test>", b"<dsn-2@mx.melr.gov.gh>").replace(
        b"<intake.elsewhere.1.confirm@ilo.test>", mid.encode())
    row = process(worker, real)
    assert row.status == "review" and row.reasons == ["undeliverable:intl@melr.gov.gh"]


@pytest.mark.parametrize("recorded, sender, body, expected", [
    (GHANA, GH, en_letter("Mr Boateng will attend remotely and Ms Owusu will attend in person."),
     {"Kwame Mensah Boateng": "remote", "Abena Owusu": "in_person"}),
    (GHANA, GH, en_letter("Mr Boateng and Ms Owusu will both attend remotely."),
     {"Kwame Mensah Boateng": "remote", "Abena Owusu": "remote"}),
    (SENEGAL, SN, fr_letter("M. Diop participera à distance et Mme Sarr participera en présentiel."),
     {"Moussa Diop": "remote", "Fatou Sarr": "in_person"}),
    (PERU, PE, es_letter("El representante y la asesora participarán de forma presencial."),
     {"José Luis Pérez Quispe": "in_person", "Rosa Elena Mamani Torres": "in_person"}),
], ids=["en-each-their-own", "en-both", "fr-each-their-own", "es-both-by-role"])
def test_one_sentence_about_two_people_gives_each_their_own_attendance(recorded, sender, body, expected):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    after = {r.name: r.attendance for r in recorded}
    for o in p.ops:
        if o.field == "attendance":
            after[o.target.name] = o.after
    assert after == expected
    assert not any(o.op in ("add", "replace", "withdraw", "withdraw_delegation") for o in p.ops)


def test_a_replacement_that_says_the_newcomers_attendance_in_the_same_clause():
    found, p = ops(PERU, es_letter("El Sr. Luis Flores Ramos, Analista, lflores@trabajo.gob.pe, reemplazará a la Sra. Mamani "
                                   "como asesor y participará de forma virtual."), sender=PE)
    replace = next(o for o in p.ops if o.op == "replace")
    assert (replace.target.name, replace.person.name, replace.role, replace.person.attendance) == (
        "Rosa Elena Mamani Torres", "Luis Flores Ramos", "adviser", "remote")


@pytest.mark.parametrize("recorded, sender, body, reason", [
    (GHANA, GH, en_letter("Mr Peter Mwangi will not be able to attend."), "withdrawal_of_unknown_person"),
    (GHANA, GH, en_letter("Unfortunately, he will not be able to attend."), "unclear_person:withdrawal"),
    (SENEGAL, SN, fr_letter("M. Alioune Badara Cissé ne pourra pas participer à la réunion."), "withdrawal_of_unknown_person"),
    (PERU, PE, es_letter("Lamentablemente no podrá participar en la reunión."), "unclear_person:withdrawal"),
], ids=["en-unknown", "en-pronoun-of-two", "fr-unknown", "es-whom"])
def test_a_withdrawal_whose_person_is_unclear_withdraws_nobody(recorded, sender, body, reason):
    found, p = ops(recorded, body, sender=sender)
    assert reason in p.reasons
    assert not any(o[0] in ("withdraw", "withdraw_delegation") for o in found)


@pytest.mark.parametrize("body", [
    en_letter("Should Mr Boateng be unable to attend, we will inform you of his replacement."),
    en_letter("In case the adviser cannot travel, she will be replaced by a colleague."),
])
def test_a_statement_under_a_condition_changes_nothing(body):
    found, p = ops(GHANA, body)
    assert not any(o[0] in ("withdraw", "withdraw_delegation", "replace") for o in found)


def test_nothing_is_confirmed_around_a_first_letter_that_waits_for_a_person(worker):
    third = en_person("Adviser", "Mr Yaw Asante", "Labour Officer", "y.asante@melr.gov.gh", "remote")
    held = process(worker, letter(GH, "Nomination", en_nomination("Ghana", GH_REP, GH_ADV, third)))
    assert held.status == "review" and "over_quota" in held.reasons
    row = process(worker, letter(GH, "Change", en_letter("Mr Boateng will now attend remotely."),
                                 date="Wed, 18 Mar 2026 10:00:00 +0100"))
    assert row.status == "review" and "delegation_under_review" in row.reasons
    with worker.db.session() as s:
        assert s.scalar(select(Delegation.status)) == "review"
        assert s.scalars(select(Outbox)).all() == []


def test_an_officer_approving_a_held_change_applies_what_the_message_says(worker):
    from bot.web.review import Reviewer, ReviewError, approve, extraction_of

    process(worker, letter(SN, "Désignation", fr_nomination("du Sénégal", SN_REP, SN_ADV)))
    held = process(worker, letter("Délégation <delegation.senegal@gmail.com>", "Modification", fr_letter(
        "Le Gouvernement du Sénégal vous informe que M. Diop participera finalement à distance."),
        date="Wed, 18 Mar 2026 10:00:00 +0100"))
    assert held.status == "review" and "other_sender_domain" in held.reasons
    who = Reviewer("ana", MEETING, STATES.name)
    with worker.db.session() as s:
        row = s.get(Inbound, held.id)
        with pytest.raises(ReviewError, match="another domain"):
            approve(s, who, row, extraction_of(row), target=Addressing(to="delegation.senegal@gmail.com"))
        s.rollback()
    with worker.db.session() as s, s.begin():
        row = s.get(Inbound, held.id)
        approve(s, who, row, extraction_of(row), target=Addressing(to="delegation.senegal@gmail.com"),
                override="The ministry confirmed it by telephone")
    assert people(worker, "SN") == [("representative", "Moussa Diop", "remote", "active"),
                                    ("adviser", "Fatou Sarr", "remote", "active")]
    with worker.db.session() as s:
        e = s.scalar(select(Event).where(Event.action == "review.approved"))
        d = s.scalar(select(Delegation))
        assert d.status == "confirmed" and [p.decided_by for p in d.participants] == ["ana", None]
    assert e.detail["operations"] == [{"op": "change", "person": "Moussa Diop", "role": "representative",
                                       "field": "attendance", "before": "in_person", "after": "remote"}]
    assert e.detail["rules"] == ["other_sender_domain"]


@pytest.mark.parametrize("text", [
    " \n" * 10000, " " * 10000, "-\n" * 20000, "".join(f"{i}. \n" for i in range(5000)), "Name: Ana Bo\n" * 80000,
    "Mr A. " * 5000, "a." * 10000, ":" + " " * 10000 + "x", "Mr Boateng and " * 3000 + "will attend remotely.",
    ". \t" * 10000, "A " * 20000,
], ids=["space-lines", "one-line-of-spaces", "dash-lines", "numbered", "name-lines-1MB", "honorifics", "dots", "colon",
        "and-and", "dot-tab", "capitals"])
def test_reading_what_a_message_says_takes_bounded_time_on_any_text(text):
    import time

    start = time.monotonic()
    plan(GHANA, read(en_letter("x"))[0], text, capacity="member", quotas=MEETING.quotas)
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize("recorded, sender, body, old, new", [
    (GHANA, GH, en_letter("Mr Boateng can no longer attend. He will be replaced by:\n\n" + en_person(
        "Representative", "Ms Akosua Darko", "Director of Labour", "akosua.darko@melr.gov.gh", "in person")),
     "Kwame Mensah Boateng", "Akosua Darko"),
    (SENEGAL, SN, fr_letter("M. Diop ne pourra plus participer à la réunion. Il sera remplacé par Mme Aminata Ndiaye, "
                            "Directrice du Travail, aminata.ndiaye@travail.gouv.sn, qui participera en présentiel."),
     "Moussa Diop", "Aminata Ndiaye"),
    (PERU, PE, es_letter("La Sra. Mamani no podrá participar. En su lugar participará el Sr. Luis Flores Ramos, Analista, "
                         "lflores@trabajo.gob.pe, de forma virtual."), "Rosa Elena Mamani Torres", "Luis Flores Ramos"),
], ids=["en", "fr", "es"])
def test_cannot_come_then_replaced_by_a_pronoun_is_one_replacement(recorded, sender, body, old, new):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    assert [o[:3] for o in changed(found)] == [("replace", old, new)]


@pytest.mark.parametrize("body", [
    en_letter("Ms Owusu will attend as a member of the delegation."),
    en_letter("We are committed to the full participation of women in the meeting."),
])
def test_words_about_membership_of_the_delegation_are_not_a_change_of_capacity(body):
    recorded = [person("observer", "Abena Owusu", "a.owusu@melr.gov.gh")]
    found, p = ops(recorded, body)
    assert not any(o[0] == "capacity" for o in found)


@pytest.mark.parametrize("recorded, sender, body, who, title", [
    (GHANA, GH, en_letter("Please note that Mr Boateng's title is now Chief Director, Ministry of Employment and Labour Relations."),
     "Kwame Mensah Boateng", "Chief Director, Ministry of Employment and Labour Relations"),
    (SENEGAL, SN, fr_letter("Nous vous informons que la fonction de Mme Sarr est désormais : Directrice de la Protection sociale."),
     "Fatou Sarr", "Directrice de la Protection sociale"),
    (PERU, PE, es_letter("Les informamos que el cargo del Sr. Pérez Quispe es ahora Viceministro de Promoción del Empleo."),
     "José Luis Pérez Quispe", "Viceministro de Promoción del Empleo"),
], ids=["en", "fr", "es"])
def test_a_new_title_said_in_words(recorded, sender, body, who, title):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    assert changed(found) == [("change", who, None, "title", title)]


def test_any_text_about_any_people_gives_operations_or_reasons_never_an_error():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    words = st.sampled_from(["Mr", "Ms", "M.", "Sra.", "Boateng", "Owusu", "Diop", "the adviser", "la conseillère",
                             "el representante", "will replace", "remplacera", "en sustitución de", "is replaced by",
                             "cannot attend", "ne pourra pas participer", "no podrá participar", "maintains",
                             "as planned", "in person", "remotely", "à distance", "presencial", "and", "et", "y", ",",
                             ".", ";", "but", "as a full member", "as an observer", "Government", "title is now",
                             "Director", "\n", "if", "withdraws", "a.owusu@melr.gov.gh", "Abena", "Kwame"])
    roles = st.sampled_from(["representative", "adviser", "observer"])
    names = st.sampled_from(["Kwame Mensah Boateng", "Abena Owusu", "Moussa Diop", "Ana Diop", None])

    @settings(max_examples=150, deadline=None)
    @given(st.lists(words, max_size=40), st.lists(st.tuples(roles, names), max_size=3))
    def check(text, people):
        recorded = [person(role, name) for role, name in people]
        p = plan(recorded, read(en_letter("x"))[0], " ".join(text), capacity="member", quotas=MEETING.quotas)
        for o in p.ops:
            assert o.op in ("add", "replace", "change", "withdraw", "withdraw_delegation", "capacity", "keep")
            assert o.target is None or o.target in recorded

    check()


@pytest.mark.parametrize("sender, body, who, value", [
    ("Abena Owusu <a.owusu@melr.gov.gh>", en_letter("I will now attend the meeting in person."), "Abena Owusu", "in_person"),
    ("Fatou Sarr <fatou.sarr@travail.gouv.sn>", fr_letter("Je participerai finalement en présentiel."), "Fatou Sarr", "in_person"),
    ("Rosa Mamani <rmamani@trabajo.gob.pe>", es_letter("Finalmente asistiré de forma presencial; mi participación será presencial."),
     "Rosa Elena Mamani Torres", "in_person"),
], ids=["en", "fr", "es"])
def test_a_person_on_record_writing_i_speaks_of_themselves(sender, body, who, value):
    recorded = {"a.owusu": GHANA, "fatou.sarr": SENEGAL, "rmamani": PERU}[sender.split("<")[1].split("@")[0]]
    said, text = read(body, sender)
    p = plan(recorded, said, text, capacity="member", quotas=MEETING.quotas, sender=sender.split("<")[1].rstrip(">"))
    assert p.reasons == []
    assert [(o.op, o.target.name, o.field, o.after) for o in p.changes] == [("change", who, "attendance", value)]


def test_two_statements_of_attendance_that_disagree_are_a_reason():
    found, p = ops(GHANA, en_letter("The adviser will now attend in person. Ms Owusu will attend remotely after all."))
    assert "conflicting_statements:adviser.attendance" in p.reasons


@pytest.mark.parametrize("recorded, sender, body, gone", [
    (GHANA, GH, en_letter("Ms Owusu will no longer be part of the delegation."), "Abena Owusu"),
    (GHANA, GH, en_letter("Our adviser has withdrawn from the meeting."), "Abena Owusu"),
    (SENEGAL, SN, fr_letter("Veuillez noter que M. Diop ne fera plus partie de la délégation."), "Moussa Diop"),
    (SENEGAL, SN, fr_letter("Nous retirons la candidature de Mme Sarr."), "Fatou Sarr"),
    (PERU, PE, es_letter("Le informamos que la Sra. Mamani ya no formará parte de la delegación."), "Rosa Elena Mamani Torres"),
    (PERU, PE, es_letter("Se solicita dar de baja al Sr. Pérez Quispe."), "José Luis Pérez Quispe"),
    (PERU, PE, es_letter("Dejamos sin efecto la designación de la asesora."), "Rosa Elena Mamani Torres"),
], ids=["en-no-longer-part", "en-has-withdrawn", "fr-ne-fera-plus-partie", "fr-retirons", "es-ya-no-formara",
        "es-dar-de-baja", "es-sin-efecto"])
def test_one_person_withdrawn_in_other_words(recorded, sender, body, gone):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    assert changed(found) == [("withdraw", gone, None, None, None)]


@pytest.mark.parametrize("recorded, sender, body, old, new, attendance", [
    (GHANA, GH, en_letter("We would like to nominate Mr Yaw Asante, Labour Officer (y.asante@melr.gov.gh), as adviser in "
                          "place of Ms Owusu. He will attend remotely."), "Abena Owusu", "Yaw Asante", "remote"),
    (GHANA, GH, en_letter("The new representative is Ms Akosua Darko (akosua.darko@melr.gov.gh), Director of Labour, who "
                          "replaces Mr Boateng and will attend in person."), "Kwame Mensah Boateng", "Akosua Darko", "in_person"),
    (SENEGAL, SN, fr_letter("En remplacement de Mme Sarr, nous désignons M. Ibrahima Fall, Inspecteur du travail "
                            "(ibrahima.fall@travail.gouv.sn), qui participera à distance."), "Fatou Sarr", "Ibrahima Fall", "remote"),
    (PERU, PE, es_letter("En reemplazo del Sr. Pérez Quispe, se designa a la Sra. Carmen Huamán Vega, Directora "
                         "(chuaman@trabajo.gob.pe), quien participará de forma presencial."),
     "José Luis Pérez Quispe", "Carmen Huamán Vega", "in_person"),
], ids=["en-in-place-of", "en-who-replaces", "fr-en-remplacement-de-en-tete", "es-en-reemplazo-del"])
def test_a_replacement_in_prose_keeps_the_replaced_persons_role_whatever_the_reading_guessed(recorded, sender, body, old, new,
                                                                                          attendance):
    found, p = ops(recorded, body, sender=sender)
    assert p.reasons == []
    (replace,) = p.changes
    assert (replace.op, replace.target.name, replace.person.name, replace.person.attendance) == ("replace", old, new, attendance)
    assert replace.role == next(r.role for r in recorded if r.name == old)


# -- whose attendance a sentence says ----------------------------------------------------------

def test_and_that_starts_a_second_statement_whose_attendance_is_its_own():
    # "A will attend in person and that B's address is ...": the attendance is A's alone.
    recorded = [PERU[0], person("adviser", "Rosa Elena Mamani Torres", attendance=None)]  # her attendance not said yet
    found, p = ops(recorded, es_letter("Precisamos que el Sr. Pérez Quispe participará de manera virtual y que el correo "
                                       "de la Sra. Mamani Torres es rosa.mamani@trabajo.gob.pe"), sender=PE)
    assert ("change", "José Luis Pérez Quispe", None, "attendance", "remote") in found
    assert not [o for o in found if o[1] == "Rosa Elena Mamani Torres" and o[3] == "attendance"]
    assert "unclear_person:attendance" not in p.reasons


def test_an_attendance_between_two_people_of_one_clause_is_nobodys():
    found, p = ops(PERU, es_letter("El Sr. Pérez Quispe participará de manera virtual, el correo de la Sra. "
                                   "Mamani Torres es rosa.mamani@trabajo.gob.pe"), sender=PE)
    assert not [o for o in found if o[1] == "Rosa Elena Mamani Torres" and o[3] == "attendance"]
    assert "unclear_person:attendance" in p.reasons  # a person looks before anything is applied


def test_an_attendance_said_before_both_people_is_both():
    found, p = ops(GHANA, en_letter("Attending remotely after all: Mr Boateng and Ms Owusu."))
    assert ("change", "Kwame Mensah Boateng", None, "attendance", "remote") in found
    assert "unclear_person:attendance" not in p.reasons


def test_not_even_remotely_withdraws_the_person():
    found, p = ops(SENEGAL, fr_letter("Je vous informe que M. Diop ne pourra finalement pas participer à la réunion, "
                                      "même à distance."), sender=SN)
    assert [o[:2] for o in changed(found)] == [("withdraw", "Moussa Diop")]


def test_a_post_said_as_is_a_fills_the_title_and_a_role_is_no_post():
    recorded = [GHANA[0], person("adviser", "Abena Owusu", "a.owusu@melr.gov.gh", "remote", title=None)]
    found, p = ops(recorded, en_letter("Ms. Owusu is a Senior Labour Officer, Ministry of Employment and Labour Relations."))
    assert ("change", "Abena Owusu", None, "title", "Senior Labour Officer, Ministry of Employment and Labour Relations") in found
    found, p = ops(recorded, en_letter("Mr Boateng is the Representative."))
    assert not [o for o in found if o[3] == "title"]


def test_a_corrected_address_in_a_sentence_reaches_the_person_on_record():
    recorded = [GHANA[0], person("adviser", "Pieter-Jan van der Merwe", "pj.vandermerwe@melr.gvo.gh", "remote")]
    found, p = ops(recorded, en_letter("I notice an error in our letter: Mr van der Merwe's e-mail address should read "
                                       "pj.vandermerwe@melr.gov.gh. Kindly update your records."))
    assert ("change", "Pieter-Jan van der Merwe", None, "email", "pj.vandermerwe@melr.gov.gh") in found


def test_a_post_between_honorific_and_surname_still_names_the_person_on_record():
    recorded = [person("representative", "Juliana Restrepo Vélez", "jrestrepo@mintrabajo.gov.co"), PERU[1]]
    found, p = ops(recorded, es_letter("Por compromisos de agenda, la señora Viceministra Restrepo no podrá viajar a Ginebra."),
                   sender=PE)
    assert [o[:2] for o in changed(found)] == [("withdraw", "Juliana Restrepo Vélez")]
    assert not [r for r in p.reasons if "unknown" in r]


def test_a_post_alone_after_an_honorific_names_the_one_person_on_record_who_holds_it():
    recorded = [person("representative", "María Fernanda Salazar Ponce", "mf.salazar@trabajo.gob.pe", "remote",
                       title="Viceministra de Trabajo y Empleo"), PERU[1]]
    found, p = ops(recorded, es_letter("Les informamos que la señora Viceministra finalmente asistirá de manera presencial."),
                   sender=PE)
    assert ("change", "María Fernanda Salazar Ponce", None, "attendance", "in_person") in found
    assert "unclear_person:attendance" not in p.reasons


@pytest.mark.parametrize("said", [
    "Mr Boateng has been promoted to Chief Director, Ministry of Employment, with effect from 16 March 2026.",
    "Mr Boateng has been appointed as Chief Director, Ministry of Employment, effective 16 March 2026.",
])
def test_a_promotion_gives_the_new_post_without_its_date(said):
    found, p = ops(GHANA, en_letter(said))
    assert ("change", "Kwame Mensah Boateng", None, "title", "Chief Director, Ministry of Employment") in found


def test_a_role_word_in_the_new_persons_post_names_no_one_on_record():
    found, p = ops(SENEGAL, fr_letter(
        "M. Diop ne pourra pas représenter le Gouvernement. Il est remplacé en qualité de représentant par "
        "Mme Awa Ndiaye, Conseillère de direction, awa.ndiaye@travail.gouv.sn, qui participera en présentiel."),
        sender=SN)
    assert [o[:3] for o in changed(found)] == [("replace", "Moussa Diop", "Awa Ndiaye")]
    assert not [r for r in p.reasons if r.startswith("replacement")]


def test_cannot_travel_then_remotely_is_an_attendance_change_not_a_withdrawal():
    found, p = ops(SENEGAL, fr_letter("Nous vous informons que M. Diop ne pourra finalement pas se rendre à Genève. "
                                      "Il suivra les travaux de la Réunion à distance."), sender=SN)
    assert [o[:2] + o[3:] for o in changed(found)] == [("change", "Moussa Diop", "attendance", "remote")]


def test_cannot_make_the_trip_and_will_participate_remotely_in_one_clause():
    found, p = ops(SENEGAL, fr_letter("Ce n'est pas M. Diop mais notre conseillère, Mme Sarr, qui ne pourra pas faire "
                                      "le déplacement : elle participera à distance. M. Diop sera bien présent à Genève."),
                   sender=SN)
    assert not [o for o in found if o[0] == "withdraw"]  # she attends remotely, as on record


def test_will_no_longer_travel_then_online_is_an_attendance_change():
    found, p = ops(GHANA, en_letter("Kindly note that Mr Boateng will no longer travel to Geneva. Due to pressing "
                                    "commitments at home he will take part online for the whole week."))
    assert [o[:2] + o[3:] for o in changed(found)] == [("change", "Kwame Mensah Boateng", "attendance", "remote")]


# -- an address given for the one person without one ----------------------------------------
UGANDA = [person("representative", "Agnes Nakiwala Mugisha", None)]
OURS = frozenset({"sectoral-meetings@ilo.test"})


def address_ops(recorded: list, body: str, sender: str = "mokello@mglsd.go.ug") -> tuple[list, list]:
    said, text = read(body, sender)
    p = plan(recorded, said, text, capacity="member", quotas=MEETING.quotas, sender=sender, ours=OURS)
    return [(o.op, o.target.name, o.field, o.after) for o in p.ops if o.op != "keep"], p.reasons


@pytest.mark.parametrize("answer", [
    "Noted with thanks. Her official e-mail address is agnes.mugisha@mglsd.go.ug",
    "E-mail: amugisha@mglsd.go.ug",
    "sectoral-meetings@ilo.test wrote:\n\nHer address is agnes.mugisha@mglsd.go.ug\n\nMoses Okello\nmokello@mglsd.go.ug",
])
def test_an_address_said_of_no_one_is_the_one_missing_address(answer: str) -> None:
    found, reasons = address_ops(UGANDA, answer)
    assert [(op, name, f) for op, name, f, _ in found] == [("change", "Agnes Nakiwala Mugisha", "email")]
    assert found[0][3] in ("agnes.mugisha@mglsd.go.ug", "amugisha@mglsd.go.ug")
    assert reasons == []


@pytest.mark.parametrize("recorded, answer", [
    (UGANDA, "Please write to info@mglsd.go.ug"),  # not made of her name
    (UGANDA, "Her address is agnes.mugisha@mglsd.go.ug or a.mugisha@gmail.com"),  # which one?
    ([*UGANDA, person("adviser", "Denis Kato Wamala", None)], "The address is agnes.mugisha@mglsd.go.ug"),  # whose?
    ([person("representative", "Agnes Nakiwala Mugisha", "agnes.mugisha@mglsd.go.ug")],
     "Her address is amugisha@mglsd.go.ug"),  # she has one: not a missing item
])
def test_an_address_said_of_no_one_is_nobody_s_when_it_could_be_another(recorded: list, answer: str) -> None:
    found, _ = address_ops(recorded, answer)
    assert found == []


# -- attendance said with a negation, or as a choice --------------------------------------
@pytest.mark.parametrize("body", [
    "Ms. Abena Owusu cannot attend in person.",
    "Ms. Abena Owusu will not be able to attend in person.",
    "Ms. Owusu is unable to attend in person.",
])
def test_not_attending_in_person_is_not_attending_in_person(body: str) -> None:
    # She is on record as attending remotely: the message does not move her to Geneva (what it
    # does mean, a person decides: nothing is read as a change).
    found, _ = ops(GHANA, body)
    assert changed(found) == []


@pytest.mark.parametrize("body", [
    "Our adviser, Ms. Owusu, has been assigned elsewhere and will not take part, whether in person or online.",
    "Ms. Owusu will not attend the meeting, either in person or online.",
])
def test_not_taking_part_in_either_way_withdraws(body: str) -> None:
    found, _ = ops(GHANA, body)
    assert changed(found) == [("withdraw", "Abena Owusu", None, None, None)]


def test_a_role_announced_before_a_wrapped_colon_is_the_next_person_s() -> None:
    said, _ = read("Dear colleagues,\n\nThe Ministry would like to add an adviser to\nthe delegation:\n\n"
                   "Mr. Kofi Asante Mensah\nSenior Labour Officer\nE-mail: kofi.mensah@melr.gov.gh\n"
                   "Mode of participation: virtual\n\nMr. Boateng remains the representative.\n\nRegards")
    kofi = next(p for p in said.participants if p.name == "Kofi Asante Mensah")
    assert kofi.role == "adviser"


# -- a name corrected in words ------------------------------------------------------------
MALAYSIA = [person("representative", "Azman bin Mohd Yusof", "azman.yusof@mohr.gov.my"),
            person("adviser", "Lim Mei Lin", "meiling.lim@mohr.gov.my", "remote")]


@pytest.mark.parametrize("recorded, body, who, name", [
    (MALAYSIA, 'We regret a typographical error in our letter: the name of our adviser should read Lim Mei Ling '
               '(not "Lim Mei Lin"). Her title, e-mail and attendance remain the same.', "Lim Mei Lin", "Lim Mei Ling"),
    (MALAYSIA, "Please note that the correct spelling of Ms. Lim Mei Lin's name is Lim Mei Ling.",
     "Lim Mei Lin", "Lim Mei Ling"),
    (SENEGAL, "Suite à une erreur de frappe, le nom de notre conseillère doit se lire : Mme Fatoumata Sarr.",
     "Fatou Sarr", "Fatoumata Sarr"),
    ([person("representative", "Maria Fernanda Olivera", "mfolivera@mtss.gub.uy")],
     "En nuestra nota anterior, léase María Fernanda Olivera.", "Maria Fernanda Olivera", "María Fernanda Olivera"),
])
def test_a_name_corrected_in_words_respells_the_person_on_record(recorded: list, body: str, who: str, name: str) -> None:
    found, p = ops(recorded, body)
    assert changed(found) == [("change", who, None, "name", name)]
    assert p.reasons == []


@pytest.mark.parametrize("recorded, body, reason", [
    # Another person's name: a replacement, which the letter should say as one.
    (MALAYSIA, "The name of our adviser should read Ahmad Faizal bin Hassan.", "name_not_respelt:adviser"),
    # Whose name?
    (MALAYSIA, "Please note that the name should read Lim Mei Ling.", "unclear_person:name"),
])
def test_a_name_corrected_in_words_changes_nothing_when_it_may_be_another_person(recorded: list, body: str,
                                                                                  reason: str) -> None:
    found, p = ops(recorded, body)
    assert changed(found) == []
    assert reason in p.reasons


@pytest.mark.parametrize("text, asks", [
    ("We would appreciate it if your records could be amended accordingly.", False),
    ("We would be grateful if you could update your records accordingly.", False),
    ("Nous vous saurions gré de bien vouloir mettre à jour vos registres en conséquence.", False),
    ("Les agradeceríamos actualizar sus registros en consecuencia.", False),
    ("We would be grateful if you could update your records and issue a visa support letter.", True),
    ("Could you update your records? Also, is there a shuttle from the airport?", True),
    ("We would be grateful if you could send the link.", True),
])
def test_asking_us_to_update_our_records_is_not_an_inquiry(text: str, asks: bool) -> None:
    from bot.conversation import inquires

    assert inquires(text) is asks


def test_an_address_given_in_one_clause_does_not_wait_for_the_next_clause_s_attendance() -> None:
    bangladesh = [person("representative", "Md. Shahidul Islam", None, "in_person"),
                  person("adviser", "Nusrat Jahan Chowdhury", "nusrat.chowdhury@mole.gov.bd", None)]
    found, p = ops(bangladesh, "The e-mail of Mr. Islam is shahidul.islam@mole.gov.bd and Ms. Chowdhury will join "
                               "the meeting online.", sender="farhana.yasmin@mole.gov.bd")
    assert sorted(changed(found)) == [("change", "Md. Shahidul Islam", None, "email", "shahidul.islam@mole.gov.bd"),
                                      ("change", "Nusrat Jahan Chowdhury", None, "attendance", "remote")]


@pytest.mark.parametrize("text, replaces", [
    ("He will therefore participate in the meeting remotely instead of in person.", False),
    ("She will join online instead of attending in person.", False),
    ("Il participera à distance au lieu de en présentiel.", False),
    ("Participará en línea en lugar de presencialmente.", False),
    ("Ms. Amina Yusuf will attend instead of Mr. Bello.", True),
    ("La Sra. Ana Gil asistirá en lugar del Sr. Pablo Ruiz.", True),
    ("Mme Awa Ba participera à la place du Dr Ousmane Sy.", True),
])
def test_instead_of_a_way_of_attending_replaces_no_one(text: str, replaces: bool) -> None:
    assert intent.read_clause(text, [], []).replace is replaces


def test_a_change_to_member_gives_the_observer_on_record_the_role_the_letter_names() -> None:
    """The observer on record listed as the member delegation's adviser becomes its adviser,
    beside the new representative: not a second representative."""
    recorded = [person("observer", "Wendkouni Arsène Sawadogo", "wa.sawadogo@fonctionpublique.gov.bf", "remote")]
    body = fr_letter(
        "J'ai l'honneur de vous informer qu'après réexamen, le Gouvernement du Burkina Faso prendra part à la Réunion "
        "technique en qualité de membre, et non plus en qualité d'observateur.\n\nLa délégation est composée comme suit :"
        "\n\nReprésentante : Mme Aïssata Kaboré-Zongo, Directrice générale du Travail, courriel : "
        "a.kabore-zongo@fonctionpublique.gov.bf, présente à Genève ;\n\nConseiller : M. Wendkouni Arsène Sawadogo, "
        "Conseiller technique du Ministre, courriel : wa.sawadogo@fonctionpublique.gov.bf, qui suivra les travaux à distance.")
    found, p = ops(recorded, body, capacity="observer", sender="sg@fonctionpublique.gov.bf")
    assert "over_quota" not in p.reasons
    assert ("capacity", None, None, None, "member") in found
    assert ("change", "Wendkouni Arsène Sawadogo", None, "role", "adviser") in found
    assert ("add", None, "Aïssata Kaboré-Zongo", None, None) in found


@pytest.mark.parametrize("text, replaces, withdraws", [
    ("Objet : Participation - annule et remplace notre lettre n°2026-0142 du 4 mars 2026", False, False),
    ("This letter cancels and replaces our letter of 4 March 2026.", False, False),
    ("La presente nota anula y reemplaza nuestra nota del 4 de marzo.", False, False),
    ("We hereby cancel our nomination.", False, True),
    ("Mme Awa Ba remplace M. Diop.", True, False),
])
def test_a_letter_replaced_or_cancelled_is_no_person(text: str, replaces: bool, withdraws: bool) -> None:
    c = intent.read_clause(text, [], [])
    assert (c.replace, c.withdraw) == (replaces, withdraws)


def test_a_restatement_that_shortens_a_post_changes_nothing() -> None:
    recorded = [person("representative", "Kendall Baptiste", "kbaptiste@labour.gov.tt",
                       title="Permanent Secretary (Ag.), Ministry of Labour")]
    found, _ = ops(recorded, en_letter("For ease of reference, the delegation as it now stands:\n\n"
                                       "Representative: Mr. Kendall Baptiste\nTitle: Permanent Secretary (Ag.)\n"
                                       "E-mail: kbaptiste@labour.gov.tt\nAttendance: in person\n"),
                   sender="marlon.ali@labour.gov.tt")
    assert changed(found) == []


@pytest.mark.parametrize("text", [
    "Kindly let us know if anything differs from your records.",
    "Merci de nous signaler toute différence avec vos registres.",
    "Les agradeceríamos informarnos de cualquier diferencia con sus registros.",
    "We would be grateful if you could let us know if anything differs from your records.",
])
def test_asking_where_our_records_differ_is_answered_by_the_reply(text: str) -> None:
    from bot import gate
    from bot.conversation import inquires

    assert not gate.asks(text) and not inquires(text)
    assert gate.asks(text + " Could you also tell us whether a visa is needed?")


@pytest.mark.parametrize("text", [
    "Further to our e-mail of 11 March 2026 withdrawing Zambia's participation, I wish to inform you that the "
    "Government has reconsidered.",
    "Suite à notre courriel du 11 mars annonçant le retrait du Gouvernement, nous avons le plaisir de désigner M. X.",
])
def test_a_withdrawal_an_earlier_message_made_is_not_made_again(text: str) -> None:
    from bot.extraction.lexicon import WITHDRAWAL_RE, without_earlier_messages

    assert WITHDRAWAL_RE.search(text) and not WITHDRAWAL_RE.search(without_earlier_messages(text))
    assert not intent.read_clause(text.split(",")[0], [], []).withdraw


def test_a_withdrawal_after_a_reference_to_an_earlier_message_is_still_one() -> None:
    text = "Further to our letter of 4 March, we regret that we must withdraw our participation."
    assert intent.read_clause(text, [], []).withdraw


def test_each_row_of_a_table_speaks_of_its_own_person() -> None:
    assert intent.sentences("Role | Name | Participation\nRepresentative | Mrs. Nilmini Herath | In person\n"
                            "Adviser | Ms. Dilrukshi Fernando | Online\nThis letter supersedes the earlier one.") == [
        "Role | Name | Participation", "Representative | Mrs. Nilmini Herath | In person",
        "Adviser | Ms. Dilrukshi Fernando | Online", "This letter supersedes the earlier one."]
    recorded = [person("representative", "Nilmini Herath", None, None),
                person("adviser", "Dilrukshi Fernando", "dilrukshi.fernando@labourmin.gov.lk", "remote")]
    found, _ = ops(recorded, en_letter(
        "The delegation will be composed as follows:\n\nRole | Name | Designation | E-mail | Participation\n"
        "Representative | Mrs. Nilmini Herath | Additional Secretary | nilmini.herath@labourmin.gov.lk | In person\n"
        "Adviser | Ms. Dilrukshi Fernando | Director | dilrukshi.fernando@labourmin.gov.lk | Online\n"),
        sender="ir@labourmin.gov.lk")
    attendance = [(o[1], o[4]) for o in changed(found) if o[3] == "attendance"]
    assert attendance == [("Nilmini Herath", "in_person")]


MADAGASCAR = [person("representative", "Andrianina Hery RAKOTOMALALA", "andrianina.rakotomalala@mtefop.gov.mg"),
              person("adviser", "Voahangy Lalao RASOANIRINA", "voahangy.rasoanirina@mtefop.gov.mg", "remote")]


@pytest.mark.parametrize("body", [
    fr_letter("Une erreur s'est glissée dans l'adresse électronique de Mme RASOANIRINA.\n\nIl convient de lire : "
              "lalao.rasoanirina@mtefop.gov.mg\n(et non voahangy.rasoanirina@mtefop.gov.mg)."),
    en_letter("Correction: voahangy.rasoanirina@mtefop.gov.mg should read lalao.rasoanirina@mtefop.gov.mg."),
])
def test_an_address_corrected_in_words_is_the_person_s_new_address(body: str) -> None:
    found, p = address_ops(MADAGASCAR, body, sender="dri@mtefop.gov.mg")
    assert found == [("change", "Voahangy Lalao RASOANIRINA", "email", "lalao.rasoanirina@mtefop.gov.mg")]


@pytest.mark.parametrize("body", [
    # not said to be a correction
    en_letter("Copy to voahangy.rasoanirina@mtefop.gov.mg and lalao.rasoanirina@mtefop.gov.mg."),
    # not made of her name
    en_letter("Correction: voahangy.rasoanirina@mtefop.gov.mg should read dri.secretariat@mtefop.gov.mg."),
])
def test_an_address_correction_changes_nothing_when_it_is_not_one(body: str) -> None:
    found, _ = address_ops(MADAGASCAR, body, sender="dri@mtefop.gov.mg")
    assert found == []
