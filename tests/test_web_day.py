"""A secretariat officer's whole day on the review page, in Chromium (Playwright), against the
real pipeline: evidence in attachments (PDF, DOCX, OCR), reasons in plain words, keyboard,
next item, bulk ignore, live counts, all mail, writing to a sender (templates, visa letter
PDF), delegations, the States that have not answered and their reminder, exports.

Screenshots land in the test's temporary folder, or in docs/screenshots/ when
INTAKE_SCREENSHOTS=1 (to refresh the README's pictures).
"""
from __future__ import annotations

import email
import email.policy
import io
import os
import re
from email.message import EmailMessage
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import App
from bot.mailbox import MaildirMailbox, deliver_to_maildir
from bot.models import Delegation, Event, Inbound, Outbox, Person
from bot.outbox import MaildirTransport
from bot.settings import Settings
from bot.web.users import set_password
from bot.worker import Worker
from tests.fixtures.make_fixtures import text_pdf
from tests.test_export import indico_import
from tests.test_web import PASSWORD
from tests.test_web_browser import CHROMIUM, DOCS_SCREENSHOTS, browser_page, serving, sign_in

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "mail"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium missing: apt-get install chromium"),
]


def letter(n: int, subject: str, text: str, sender: str, attachment: tuple[str, str, bytes] | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = subject
    msg["Date"] = f"Tue, {10 + n} Mar 2026 09:00:00 +0100"
    msg["Message-ID"] = f"<day-{n}@test.example>"
    msg.set_content(text)
    if attachment:
        name, ctype, data = attachment
        maintype, subtype = ctype.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


# A PDF laid out as ministries' letters are: runs of spaces between the words.
GHANA_PDF = text_pdf([
    "Ministry  of  Employment  and  Labour  Relations", "",
    "Nomination  for  the  Technical  meeting  on  AI  in  manufacturing", "",
    "The  Government  of  Ghana  has  the  honour  to  nominate  Ms.  Abena  Owusu-Mensah,",
    "Director  of  Labour,  e-mail:  abena.owusu@melr.gov.gh,  as  its  representative.",
    "She  will  attend  in  person.",
])


def togo_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Lomé,  le  12  mars  2026")
    document.add_paragraph("Objet :  Désignation  pour  la  Réunion  technique  sur  l'IA")
    document.add_paragraph("Le  Ministère  de  la  Fonction  publique  et  du  Travail  de  la  République  togolaise  a  "
                           "l'honneur  de  désigner  Mme  Akossiwa  Mensah-Attiogbé,  Directrice  générale  du  Travail,  "
                           "courriel :  a.mensah@travail.gouv.tg,  en  qualité  de  représentante ;  elle  participera  "
                           "en  présentiel.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MESSAGES = {
    "pdf": letter(1, "Nomination Ghana", "Dear Sir or Madam,\n\nPlease find attached our nomination letter.\n\nRegards\n",
                  "MELR <desk@melr.gov.gh>", ("Nomination Ghana.pdf", "application/pdf", GHANA_PDF)),
    "docx": letter(2, "Désignation Togo", "Madame, Monsieur,\n\nVeuillez trouver ci-joint notre lettre de désignation.\n",
                   "Cabinet <cabinet@travail.gouv.tg>", ("Désignation OIT.docx", DOCX, togo_docx())),
    "ocr": (FIXTURES / "scanned-letter-png.eml").read_bytes(),
    "hotel": letter(4, "Hotel list for the meeting", "Dear Secretariat,\n\nCould you please send us the list of hotels "
                    "near the ILO for our delegation?\n\nBest regards,\nMinisterio de Trabajo y Seguridad Social\n",
                    "Relaciones Internacionales <internacionales@mtss.go.cr>"),
    "arabic": letter(5, "Interpretation", "Dear colleagues,\n\nWill Arabic interpretation be provided at the meeting?\n\n"
                     "Kind regards,\nMinistry of Labour, Jordan\n", "International Relations <ir@mol.gov.jo>"),
    "news1": letter(6, "AI Summit newsletter: March issue", "Read our latest stories on AI.\nUnsubscribe here.\n",
                    "AI Summit <news@ai-summit.example>"),
    "news2": letter(7, "Webinar invitation: robots and jobs", "Join our free webinar.\n",
                    "Events <events@webinars.example>"),
    "amend": letter(8, "Change of adviser", "Dear Sir or Madam,\n\nPlease replace our adviser by Mr Karel Novák.\n",
                    "Ministry <mpsv@mpsv.cz>"),
}
QUEUED = {  # key: (kind or None to keep the pipeline's, reasons)
    "pdf": (None, ["unsure:representative.title"]),
    "docx": (None, ["late"]),
    "ocr": (None, ["attachment_unread"]),
    "hotel": ("inquiry", ["inquiry"]),
    "arabic": ("inquiry", ["inquiry"]),
    "news1": ("other", ["no_member_state"]),
    "news2": ("other", ["no_member_state"]),
    "amend": ("amendment", ["amendment_without_record"]),
}


def make_app(tmp_path: Path) -> App:
    meeting = (ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8")
    meeting = meeting.replace("contacts: {}", "contacts: {BF: [mission.burkina@example.org]}")
    (tmp_path / "meeting.yaml").write_text(meeting, encoding="utf-8")
    settings = Settings(database_url=SecretStr(f"sqlite:///{tmp_path}/intake.db"),
                        mailbox_url=SecretStr(f"maildir:{tmp_path}/mailbox"),
                        smtp_url=SecretStr(f"maildir:{tmp_path}/outbox"), meeting=str(tmp_path / "meeting.yaml"))
    app = App(settings)
    with app.db.session() as s, s.begin():
        set_password(s, "ana", PASSWORD)
    return app


def message_id(raw: bytes) -> str:
    return email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"]


def queue_item(app: App, mid: str, kind: str | None, reasons: list[str]) -> int:
    """On the review queue with these reasons; the pipeline's own reading (and evidence) kept."""
    with app.db.session() as s, s.begin():
        row = s.scalar(select(Inbound).where(Inbound.message_id == mid))
        row.status, row.review_state, row.reasons, row.decision = "review", "open", reasons, "review"
        if kind:
            row.kind = kind
            row.extraction = {**(row.extraction or {}), "kind": kind,
                              **({"participants": []} if kind != "amendment" else {})}
        if kind in ("other",) and "no_member_state" in reasons and "jo" not in (row.from_addr or ""):
            row.member_state = None
        return row.id


def add_delegation(s, code: str | None, status: str, people: list[tuple[str, str, str, str]], organization: str = "",
                   capacity: str = "member") -> Delegation:
    d = Delegation(meeting_id="TMAI-2026", key=code or f"org:{organization.lower()}", member_state=code,
                   organization=organization or None, capacity=capacity, status=status)
    s.add(d)
    s.flush()
    for role, name, mail, gender in people:
        s.add(Person(delegation_id=d.id, role=role, name=name, title="Director", email=mail, attendance="in_person",
                     gender=gender))
    return d


@pytest.fixture
def day(tmp_path: Path):
    app = make_app(tmp_path)
    mailbox = MaildirMailbox(tmp_path / "mailbox")
    for raw in MESSAGES.values():
        deliver_to_maildir(tmp_path / "mailbox", raw)
    Worker(meeting=app.meeting, states=app.states, db=app.db, mailbox=mailbox,
           transport=MaildirTransport(tmp_path / "pipeline-outbox")).drain()
    with app.db.session() as s, s.begin():
        s.query(Outbox).delete()  # the pipeline's own replies: this test decides the messages itself
        s.query(Person).delete()
        s.query(Inbound).update({Inbound.delegation_id: None})
        s.query(Event).update({Event.delegation_id: None})
        s.query(Delegation).delete()
        add_delegation(s, "CR", "confirmed", [("representative", "María Florencia Giménez Aráoz",
                                                "mf.gimenez@mtss.go.cr", "female")])
        add_delegation(s, "CZ", "pending", [("representative", "Jana Dvořáková", "", "female")])
        add_delegation(s, "CI", "confirmed", [("representative", "Kouadio Hervé N'GUESSAN", "k.nguessan@emploi.gouv.ci",
                                                "male")])
        add_delegation(s, "HR", "review", [])
        add_delegation(s, None, "confirmed", [("observer", "Roberto Suárez", "suarez@ioe-emp.example", "male")],
                       organization="International Organisation of Employers", capacity="observer")
    ids = {key: queue_item(app, message_id(raw), *QUEUED[key]) for key, raw in MESSAGES.items()}
    with serving(app, "day-test") as base:
        yield app, base, ids, tmp_path


def segments_of(app: App, raw: bytes) -> dict[str, str]:
    """The texts the extraction read, by source: evidence offsets count in these."""
    import handlers
    from bot.addresses import domain_of
    from bot.extraction.texts import own_segments

    ctx = handlers.run(("parse",), handlers.Context(raw=raw, meeting=app.meeting, states=app.states))
    own = {domain_of(a) or "" for a in app.meeting.own_addresses()} - {""}
    return {seg.source: seg.text for seg in own_segments(ctx.parsed, own)}


def test_a_day_at_the_secretariat(day) -> None:
    from playwright.sync_api import expect, sync_playwright

    app, base, ids, tmp_path = day
    shots = DOCS_SCREENSHOTS if os.environ.get("INTAKE_SCREENSHOTS") == "1" else tmp_path / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    with sync_playwright() as pw, browser_page(pw, requests) as page:
        def press(key: str) -> None:
            page.wait_for_load_state("load")  # the page's script listens once loaded
            page.keyboard.press(key)

        sign_in(page, base, "/login?next=/queue")
        expect(page).to_have_url(f"{base}/queue")
        rows = page.locator("#queue-rows tr[data-href]")
        expect(rows).to_have_count(len(MESSAGES))

        # Reasons in plain words, with what to do; the code only in the tooltip.
        queue_text = page.locator("#queue-rows").inner_text()
        assert "changes a nomination, but this State has no nomination on record" in queue_text
        assert "The sender asks a question" in queue_text
        assert "Look for the original nomination in All mail" in queue_text  # what to do
        assert "amendment_without_record" not in queue_text and "no_member_state" not in queue_text
        expect(page.locator("#f-reason option[value=inquiry]")).to_have_text(re.compile(r"^The sender asks a question.*\(2\)$"))
        # The State filter sorted by name, not by code.
        names = page.locator("#f-state option[data-count-of]").all_inner_texts()
        assert names == sorted(names, key=lambda n: (n.startswith("none"), n.casefold()))

        # Keyboard: j/k move the selection, o opens, ? shows the keys.
        page.locator("body").click(position={"x": 5, "y": 300})
        press("j")
        expect(rows.nth(0)).to_have_class(re.compile("selected"))
        press("j")
        expect(rows.nth(1)).to_have_class(re.compile("selected"))
        press("k")
        expect(rows.nth(0)).to_have_class(re.compile("selected"))
        first = rows.nth(0).get_attribute("data-href")
        second = rows.nth(1).get_attribute("data-href")
        press("?")
        expect(page.locator("dialog#keys")).to_be_visible()
        press("Escape")
        expect(page.locator("dialog#keys")).to_be_hidden()
        page.screenshot(path=str(shots / "queue-day.png"), full_page=True)
        press("o")
        expect(page).to_have_url(f"{base}{first}")
        press("j")
        expect(page).to_have_url(f"{base}{second}")
        press("k")
        expect(page).to_have_url(f"{base}{first}")
        press("u")
        expect(page).to_have_url(f"{base}/queue")

        # Live counts: a new late nomination shows, and the count of "late" follows.
        expect(page.locator("#f-reason option[value=late]")).to_have_text(re.compile(r"\(1\)$"))
        deliver_to_maildir(tmp_path / "mailbox", letter(9, "Nomination (late)", "We nominate Ms Ama Boateng.\n",
                                                        "desk@melr.gov.gh"))
        Worker(meeting=app.meeting, states=app.states, db=app.db, mailbox=MaildirMailbox(tmp_path / "mailbox"),
               transport=MaildirTransport(tmp_path / "pipeline-outbox")).drain()
        with app.db.session() as s, s.begin():
            s.query(Outbox).delete()
        late = queue_item(app, "<day-9@test.example>", "nomination", ["late"])
        expect(page.locator("#queue-total")).to_have_text(str(len(MESSAGES) + 1), timeout=15_000)
        expect(page.locator("#f-reason option[value=late]")).to_have_text(re.compile(r"\(2\)$"))

        # Bulk ignore: the two newsletters at once.
        for key in ("news1", "news2"):
            page.locator(f"#queue-rows input[value='{ids[key]}']").check()
        page.get_by_label("Reason for the ticked items").fill("Newsletter, not about the meeting")
        page.get_by_role("button", name="Ignore the ticked items").click()
        expect(page.locator(".flash").first).to_contain_text("Ignored 2 message(s)")
        expect(page.locator("#queue-rows tr[data-href]")).to_have_count(len(MESSAGES) - 1)

        # Evidence in attachments, at the exact characters: PDF, DOCX, OCR.
        for key in ("pdf", "docx", "ocr"):
            with app.db.session() as s:
                row = s.get(Inbound, ids[key])
                people = (row.extraction or {}).get("participants", [])
            texts = segments_of(app, MESSAGES[key])
            assert people, f"the pipeline read nobody in the {key} letter"
            page.goto(f"{base}/items/{ids[key]}")
            checked = 0
            for i, p in enumerate(people):
                for field, ev in p.get("evidence", {}).items():
                    if field not in ("name", "email", "title"):
                        continue
                    assert ev["source"].startswith("attachment:"), ev
                    mark = page.locator(f"mark#ev-{i}-{field}")
                    expect(mark).to_have_count(1)
                    shown = mark.inner_text()
                    assert shown == texts[ev["source"]][ev["start"]:ev["end"]]
                    if field == "email":
                        assert shown == p["email"], (key, shown)
                    if field == "name":
                        assert p["name"] in " ".join(shown.split()), (key, shown)
                    checked += 1
            assert checked >= 2, key
        # The PDF's letters are the bug's case: runs of spaces before the name.
        page.goto(f"{base}/items/{ids['pdf']}")
        expect(page.locator("mark#ev-0-email")).to_have_text("abena.owusu@melr.gov.gh")
        expect(page.locator("mark#ev-0-name")).to_have_text("Abena Owusu-Mensah")
        page.set_viewport_size({"width": 1400, "height": 1250})
        page.locator("#p-0-email").focus()
        expect(page.locator("mark.active")).to_have_text("abena.owusu@melr.gov.gh")
        page.wait_for_timeout(600)  # the smooth scroll to the mark
        page.evaluate("() => window.scrollTo(0, document.getElementById('h-reading').offsetTop - 760)")
        page.screenshot(path=str(shots / "item-attachment-evidence.png"), full_page=False)
        # Fields readable at any width: an input beside its evidence link keeps room for its value.
        for width in (1400, 1024, 800, 420):
            page.set_viewport_size({"width": width, "height": 900})
            for field in ("name", "email", "title"):
                box = page.locator(f"#p-0-{field}").bounding_box()
                assert box and box["width"] >= min(220, width - 120), (width, field, box)
        page.set_viewport_size({"width": 1400, "height": 900})

        # Next item after an action: approving the DOCX nomination opens the next open item.
        page.goto(f"{base}/items/{ids['docx']}")
        following = page.locator("#next-item").get_attribute("href")
        # It came late: a rule of the meeting, so approving it takes the officer's reason.
        page.get_by_label("Reason to override the meeting's rules (kept in the history)").fill(
            "Announced by the mission before the deadline")
        page.locator("main").focus()
        page.once("dialog", lambda d: d.accept())
        press("a")  # "a" approves, after a question
        expect(page).to_have_url(f"{base}{following}")
        expect(page.locator(".flash").first).to_contain_text("Approved")

        # The item page: plain reasons with what to do; the government's date apart from arrival.
        page.goto(f"{base}/items/{ids['amend']}")
        reasons = page.locator("section.reasons")
        expect(reasons).to_contain_text("this State has no nomination on record yet")
        expect(reasons).to_contain_text("Look for the original nomination in All mail")
        expect(page.locator("dl.headers")).to_contain_text("2026-03-18 08:00 UTC")  # its Date header

        # All mail: search anything, ignored mail included, one click to the item.
        page.goto(f"{base}/mail")
        expect(page.locator("#mail tbody tr")).to_have_count(len(MESSAGES) + 1)
        page.get_by_role("searchbox", name="Search").fill("arabic interpretation")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#mail tbody tr")).to_have_count(1)
        page.get_by_role("searchbox", name="Search").fill("Abena")  # a person the letter names, in the PDF
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#mail tbody tr")).to_have_count(1)
        expect(page.locator("#mail tbody")).to_contain_text("Nomination Ghana")
        page.goto(f"{base}/mail?status=ignored")
        expect(page.locator("#mail tbody")).to_contain_text("AI Summit newsletter")
        expect(page.locator("#mail tbody")).to_contain_text("Webinar invitation")
        page.goto(f"{base}/mail")
        page.screenshot(path=str(shots / "all-mail.png"), full_page=False)
        page.goto(f"{base}/mail?q=hotels")
        page.get_by_role("link", name="Hotel list for the meeting").click()
        expect(page).to_have_url(f"{base}/items/{ids['hotel']}")

        # Write to the sender: the hotel list, in French after a change of mind, edited, threaded.
        page.get_by_role("link", name="Write to the sender…").click()
        expect(page.locator("#c-template")).to_have_value("hotels")  # guessed from the question
        body = page.get_by_label(re.compile("^Text"))
        expect(body).to_contain_text("«the list of hotels")
        page.get_by_role("button", name="Queue the reply").click()
        expect(page.locator("#compose-error")).to_contain_text("Complete the part in «guillemets»")
        page.locator("#c-lang").select_option("fr")
        page.get_by_role("button", name="Fill in this reply").click()
        expect(body).to_contain_text("Madame, Monsieur")
        page.screenshot(path=str(shots / "compose.png"), full_page=False)
        body.fill(body.input_value().replace("«la liste des hôtels, avec les adresses et le tarif convenu s'il y en a un»",
                                             "Hôtel Exemple, rue de l'Exemple 1, 1202 Genève"))
        page.get_by_label(re.compile("close the item")).uncheck()
        page.get_by_role("button", name="Queue the reply").click()
        expect(page.locator(".flash").first).to_contain_text("Your reply (Hotel list) is in the outbox")
        expect(page).to_have_url(f"{base}/items/{ids['hotel']}")
        expect(page.locator("ol.history")).to_contain_text("reply.written")

        # The visa support letter: a PDF for the confirmed participant, looked at, then sent now.
        page.goto(f"{base}/items/{ids['hotel']}/write?template=visa&lang=es")
        expect(page.locator("#c-person")).to_contain_text("María Florencia Giménez Aráoz")
        pdf = page.context.request.get(page.locator("#visa-preview").get_attribute("href") and
                                  f"{base}{page.locator('#visa-preview').get_attribute('href')}")
        assert pdf.ok and pdf.body().startswith(b"%PDF")
        from bot.reading.documents import pdf_text

        letter_text = pdf_text(pdf.body(), 20_000).text
        assert "Giménez Aráoz" in letter_text and "Costa Rica" in letter_text and "visado" in letter_text
        page.get_by_label(re.compile("Send it now")).check()
        page.get_by_role("button", name="Queue the reply").click()
        expect(page.locator(".flash").first).to_contain_text("Visa support letter")
        expect(page.locator(".flash").nth(1)).to_contain_text("Sent")

        # The question classed "other": found in All mail, answered with the interpretation reply.
        page.goto(f"{base}/items/{ids['arabic']}/write")
        expect(page.locator("#c-template")).to_have_value("interpretation")
        body = page.get_by_label(re.compile("^Text"))
        body.fill(body.input_value().replace("«the languages of interpretation of this meeting»",
                                             "English, French and Spanish. Arabic is not provided."))
        page.get_by_role("button", name="Queue the reply").click()
        expect(page.locator(".flash").first).to_contain_text("Interpretation")

        # Delegations: sorted as people read names, organizations apart, search and filters.
        page.goto(f"{base}/delegations")
        states = page.locator("table.delegations").nth(0).locator("tbody tr td:first-child a").all_inner_texts()
        # (Ghana and Togo came with the day's work: the late nomination, the approved letter.)
        assert states == ["Costa Rica", "Côte d'Ivoire", "Croatia", "Czechia", "Ghana", "Togo"]
        orgs = page.locator("table.delegations").nth(1).locator("tbody tr td:first-child a").all_inner_texts()
        assert orgs == ["International Organisation of Employers"]
        page.screenshot(path=str(shots / "delegations.png"), full_page=False)
        page.goto(f"{base}/delegations?lang=fr")
        states = page.locator("table.delegations").nth(0).locator("tbody tr td:first-child a").all_inner_texts()
        assert states == ["Costa Rica", "Côte d'Ivoire", "Croatie", "Ghana", "Tchéquie", "Togo"]
        page.get_by_role("searchbox", name="Search").fill("ivoire")
        page.get_by_role("button", name="Show").click()
        expect(page.locator("table.delegations").nth(0).locator("tbody tr")).to_have_count(1)
        page.goto(f"{base}/delegations?region=americas&status=confirmed")
        states = page.locator("table.delegations").nth(0).locator("tbody tr td:first-child a").all_inner_texts()
        assert states == ["Costa Rica"]

        # The States that have not answered: by region, with counts; a reminder, previewed, then
        # sent only to addresses the meeting file or the record gives.
        page.goto(f"{base}/not-answered")
        total = int(page.locator("#na-total").inner_text())
        answered = {"CR", "CZ", "CI", "HR", "GH", "TG", "UY"}
        assert total == 187 - len(answered)
        expect(page.locator("#st-GH")).to_have_count(0)
        expect(page.locator("#st-BF")).to_be_checked()  # the meeting file's contact
        expect(page.locator("#st-JO")).to_be_checked()  # the address of its own mail
        expect(page.locator("#st-AF")).to_be_disabled()  # no address known: never a guess
        expect(page.locator("section.region").first).to_contain_text("Africa")
        page.screenshot(path=str(shots / "not-answered.png"), full_page=False)
        page.get_by_role("button", name="Preview the reminder…").click()
        letters = page.locator("article.letter")
        expect(letters).to_have_count(2)
        expect(page.locator("article.letter", has_text="Burkina Faso")).to_contain_text("mission.burkina@example.org")
        expect(page.locator("article.letter", has_text="Jordan")).to_contain_text("ir@mol.gov.jo")
        page.get_by_role("button", name="Send the reminder").click()
        expect(page.locator(".flash").first).to_contain_text("Reminder queued for 2 member State(s)")
        expect(page.locator("#st-BF")).to_be_visible()
        expect(page.locator("#st-BF").locator("xpath=../..")).not_to_contain_text("—")

        # Exports: the Indico file imports with Indico's rules; the gender balance against 30 %.
        r = page.context.request.get(f"{base}/participants/export?format=csv&indico=1")
        records = indico_import(r.body())
        assert {(x["first_name"], x["last_name"]) for x in records} >= {("María Florencia", "Giménez Aráoz"),
                                                                         ("Kouadio Hervé", "N'Guessan")}
        # Jana Dvořáková and Ama Boateng (the late letter gave no address) have no e-mail.
        assert r.headers["x-rows-left-out"] == "2"
        assert not {x["last_name"] for x in records} & {"Dvořáková", "Boateng"}
        page.goto(f"{base}/participants")
        expect(page.locator("#gender-balance")).to_contain_text("target for ILO meetings is 30%")
        expect(page.locator("#no-email")).to_contain_text("2 participant(s) without an e-mail")

    outside = [u for u in requests if not u.startswith((base, "data:", "about:", "blob:"))]
    assert outside == [], outside

    with app.db.session() as s:
        replies = s.scalars(select(Outbox).order_by(Outbox.id)).all()
        written = [o for o in replies if o.template.startswith("answer_")]
        assert [o.template for o in written] == ["answer_hotels", "answer_visa", "answer_interpretation"]
        hotel = email.message_from_bytes(written[0].raw, policy=email.policy.default)
        assert hotel["In-Reply-To"] == message_id(MESSAGES["hotel"])  # threaded under the question
        assert hotel["Auto-Submitted"] is None  # a person wrote it
        assert hotel["To"] == "internacionales@mtss.go.cr"
        assert "Hôtel Exemple" in hotel.get_body(("plain",)).get_content()
        visa = email.message_from_bytes(written[1].raw, policy=email.policy.default)
        pdfs = [p for p in visa.iter_attachments() if p.get_content_type() == "application/pdf"]
        assert len(pdfs) == 1 and "Giménez" in pdfs[0].get_filename()
        assert written[1].status == "sent"
        reminders = [o for o in replies if o.template == "reminder"]
        assert sorted(o.to_addr for o in reminders) == ["ir@mol.gov.jo", "mission.burkina@example.org"]
        actions = [(e.actor, e.action) for e in s.scalars(select(Event).where(Event.actor == "ana"))]
        assert actions.count(("ana", "reply.written")) == 3
        assert actions.count(("ana", "reminder.queued")) == 2
        # Two newsletters; the question closed when the visa letter answered it; the Arabic question.
        assert actions.count(("ana", "review.ignored")) == 4
        ignored = s.scalars(select(Event).where(Event.action == "review.ignored")).all()
        assert {e.detail["reason"] for e in ignored} == {"Newsletter, not about the meeting", "Answered: Interpretation",
                                                         "Answered: Visa support letter (PDF)"}
        assert s.get(Inbound, ids["hotel"]).review_state == "ignored"
        assert s.get(Inbound, late).review_state == "open"
