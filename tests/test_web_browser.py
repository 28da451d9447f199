"""The review page in a real browser (Chromium driven by Playwright) against a real worker run.

The messages go through the real pipeline (Maildir mailbox, worker, Maildir outbox); their
review state is then set directly, so that this test does not depend on how well the
extraction reads them today. Screenshots land in the test's temporary folder, or in
docs/screenshots/ when INTAKE_SCREENSHOTS=1 (to refresh the README's pictures).
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import socket
import threading
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.mailbox import MaildirMailbox, deliver_to_maildir
from bot.models import Event, Inbound, Outbox, Person
from bot.outbox import MaildirTransport
from bot.worker import Worker
from tests.test_web import PASSWORD, make_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
DOCS_SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium missing: apt-get install chromium"),
]

HOSTILE_HTML = """<html><body>
<p>Dear Secretariat,</p>
<p onmouseover="window.pwned = 'handler'">We nominate <b>Ms Carmen Rojas</b>, Directora de Trabajo,
carmen.rojas@mintrab.gob.cl, in person.</p>
<script>window.pwned = 'script'</script>
<img src="http://203.0.113.9/track.png" onerror="window.pwned = 'onerror'" alt="tracker">
<a href="javascript:window.pwned='link'">open</a>
<iframe src="http://203.0.113.9/frame"></iframe>
</body></html>"""


def mail(n: int, subject: str, text: str, sender: str, html: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = subject
    msg["Date"] = f"Tue, {10 + n} Mar 2026 09:00:00 +0100"
    msg["Message-ID"] = f"<browser-{n}@test.example>"
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg.as_bytes()


MESSAGES = {
    "flagged": mail(1, "Nomination du Sénégal", "Madame, Monsieur,\n\nLe Gouvernement du Sénégal désigne "
                    "Mme Aminata Diallo, Directrice générale du Travail, aminata.diallo@travail.gouv.sn, "
                    "en présentiel.\n\nVeuillez agréer...\n", "Direction du Travail <dg@travail.gouv.sn>"),
    "incomplete": mail(2, "Nomination Japan", "Dear Sir or Madam,\n\nJapan nominates SUZUKI Takeshi, Director, "
                       "as its representative.\n\nYours faithfully\n", "Ministry <desk@mhlw.go.jp>"),
    "hostile": mail(3, "Designación de Chile", "Ver la versión HTML.\n", "Ministerio <oficina@mintrab.gob.cl>",
                    html=HOSTILE_HTML),
}

READINGS = {
    "flagged": ("SN", "fr", ["late"], [{"role": "representative", "name": "Aminata Diallo",
                "title": "Directrice générale du Travail", "email": "aminata.diallo@travail.gouv.sn",
                "attendance": "in_person", "gender": "female"}], []),
    "incomplete": ("JP", "en", ["unsure:representative.email"], [{"role": "representative", "name": "SUZUKI Takeshi",
                   "title": "Director", "email": None, "attendance": None, "gender": None}],
                   ["representative.email", "representative.attendance"]),
    "hostile": ("CL", "es", ["html_only"], [{"role": "representative", "name": "Carmen Rojas",
                "title": "Directora de Trabajo", "email": "carmen.rojas@mintrab.gob.cl", "attendance": "in_person",
                "gender": "female"}], []),
}


def evidence_text(app, raw: bytes) -> str:
    """The body text as the parse step gives it: what evidence offsets count in."""
    import handlers

    ctx = handlers.run(("parse",), handlers.Context(raw=raw, meeting=app.meeting, states=app.states))
    return next(p.text for p in ctx.parsed.parts if p.source == "body")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app, secret_key: str):  # type: ignore[no-untyped-def]
    """The review page of `app` served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    from bot.web import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(app, secret_key=secret_key), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        app.db.dispose()


@contextlib.contextmanager
def browser_page(pw, requests: list[str] | None = None):  # type: ignore[no-untyped-def]
    """A page of a fresh headless Chromium, at the review page's size; every URL it asks
    for goes into `requests` when given."""
    browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
    try:
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        if requests is not None:
            page.on("request", lambda r: requests.append(r.url))
        page.set_default_timeout(10_000)
        yield page
    finally:
        browser.close()


def sign_in(page, base: str, start: str = "/login") -> None:  # type: ignore[no-untyped-def]
    """Sign in as the officer from `start` (a page that asks for it)."""
    page.goto(f"{base}{start}")
    page.get_by_label("User name").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def set_reading(app, message_id: str, member_state: str, language: str, reasons: list[str], people: list[dict],
                missing: list[str]) -> int:
    """Put a message on the review queue as the pipeline would, with a chosen reading."""
    with app.db.session() as s, s.begin():
        row = s.scalar(select(Inbound).where(Inbound.message_id == message_id))
        row.status, row.review_state, row.reasons, row.decision = "review", "open", reasons, "review"
        row.member_state, row.language, row.kind = member_state, language, "nomination"
        row.subject = row.subject or message_id
        row.extraction = {"kind": "nomination", "language": language, "member_state": member_state,
                          "capacity": "member", "participants": people, "flags": [], "decision": "review",
                          "missing": missing, "reasons": reasons}
        return row.id


@pytest.fixture
def served(tmp_path: Path):
    app = make_app(tmp_path)
    mailbox = MaildirMailbox(tmp_path / "mailbox")
    for raw in MESSAGES.values():
        deliver_to_maildir(tmp_path / "mailbox", raw)
    # The pipeline's own replies go elsewhere: this test decides the messages itself.
    worker = Worker(meeting=app.meeting, states=app.states, db=app.db, mailbox=mailbox,
                    transport=MaildirTransport(tmp_path / "pipeline-outbox"))
    worker.drain()  # the real pipeline: stored, read (however well), filed
    ids = {}
    body = evidence_text(app, MESSAGES["flagged"])
    start = body.index("Aminata Diallo")
    READINGS["flagged"][3][0]["evidence"] = {"name": {"source": "body", "start": start, "end": start + 14,
                                                      "confidence": 0.95}}
    for key, raw in MESSAGES.items():
        mid = f"<browser-{list(MESSAGES).index(key) + 1}@test.example>"
        with app.db.session() as s, s.begin():
            s.query(Outbox).delete()  # replies the pipeline may have queued: this test decides them
        ids[key] = set_reading(app, mid, *READINGS[key])
    with serving(app, "browser-test") as base:
        yield app, base, ids, tmp_path


def test_the_secretariat_works_through_the_queue(served) -> None:
    from playwright.sync_api import expect, sync_playwright

    app, base, ids, tmp_path = served
    SCREENSHOTS = DOCS_SCREENSHOTS if os.environ.get("INTAKE_SCREENSHOTS") == "1" else tmp_path / "screenshots"
    requests: list[str] = []
    with sync_playwright() as pw, browser_page(pw, requests) as page:
        # Signing in, from a page that needs it.
        page.goto(f"{base}/queue")
        expect(page).to_have_url(f"{base}/login?next=%2Fqueue")
        page.get_by_label("User name").fill("ana")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(f"{base}/queue")
        expect(page.locator("#queue-rows tr")).to_have_count(3)
        # Oldest first.
        expect(page.locator("#queue-rows tr").first).to_contain_text("Nomination du Sénégal")

        # A new item shows without a reload.
        late = mail(4, "Late nomination from Senegal", "Another letter.\n", "dg@travail.gouv.sn")
        deliver_to_maildir(tmp_path / "mailbox", late)
        Worker(meeting=app.meeting, states=app.states, db=app.db, mailbox=MaildirMailbox(tmp_path / "mailbox"),
               transport=MaildirTransport(tmp_path / "pipeline-outbox")).drain()
        with app.db.session() as s, s.begin():
            s.query(Outbox).delete()
        set_reading(app, "<browser-4@test.example>", "SN", "en", ["late"], [], [])
        expect(page.locator("#queue-rows")).to_contain_text("Late nomination from Senegal", timeout=15_000)
        expect(page.locator("#queue-total")).to_have_text("4")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "queue.png"), full_page=True)

        # The hostile message: shown, but nothing in it runs and nothing remote loads.
        page.goto(f"{base}/items/{ids['hostile']}")
        frame_el = page.locator("iframe[sandbox]")
        expect(frame_el).to_have_count(1)
        frame = page.frame_locator("iframe[sandbox]")
        expect(frame.locator("body")).to_contain_text("Carmen Rojas")
        frame.locator("p").first.hover()
        page.wait_for_timeout(500)
        assert page.evaluate("() => window.pwned") is None
        for f in page.frames:
            try:
                assert f.evaluate("() => window.pwned") is None
            except Exception as exc:  # a sandboxed frame may refuse scripts: that is the point
                assert "pwned" not in str(exc)
        page.get_by_label("Reason (kept in the history)").fill("Sent from an unverified address; ask the mission")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".flash")).to_contain_text("rejected")

        # The flagged one: correct a field, approve, send.
        page.goto(f"{base}/items/{ids['flagged']}")
        title = page.locator("#p-0-title")
        title.fill("Directrice générale du Travail, Ministère du Travail")
        page.locator("#p-0-name").focus()
        expect(page.locator("mark.active")).to_have_text("Aminata Diallo")
        page.screenshot(path=str(SCREENSHOTS / "item.png"), full_page=False)
        # Late: a rule of the meeting. One click does not approve it; a reason does.
        expect(page.locator("#rules")).to_contain_text("sent after the deadline")
        page.get_by_role("button", name="Approve and record").click()
        expect(page.locator(".flash.error").first).to_contain_text("give a reason to override")
        page.get_by_label("Reason to override the meeting's rules (kept in the history)").fill(
            "The mission announced it before the deadline")
        page.locator("#p-0-title").fill("Directrice générale du Travail, Ministère du Travail")
        page.get_by_role("button", name="Approve and record").click()
        expect(page.locator(".flash").first).to_contain_text("Approved")
        page.goto(f"{base}/items/{ids['flagged']}")  # the page went on to the next item
        expect(page.locator(".history")).to_contain_text("The mission announced it before the deadline")
        expect(page.locator(".history")).to_contain_text("added Aminata Diallo as representative")
        # The delegation's history tells who changed what, from which message, before and after.
        page.get_by_role("link", name="Delegation", exact=True).click()
        story = page.locator(".history li").filter(has_text="review.approved")
        expect(story).to_contain_text("ana")
        expect(story).to_contain_text("added Aminata Diallo as representative")
        expect(story).to_contain_text("(message 1 from dg@travail.gouv.sn)")
        expect(story).to_contain_text("after: confirmed, member: representative: Aminata Diallo (in_person)")

        # The incomplete one: ask for the missing items with an edited text.
        page.goto(f"{base}/items/{ids['incomplete']}")
        page.get_by_role("button", name="Ask for missing items…").click()
        expect(page).to_have_url(f"{base}/items/{ids['incomplete']}/ask")
        body = page.get_by_label("Text")
        expect(body).to_contain_text("SUZUKI Takeshi")
        body.fill(body.input_value() + "\nP.S. Please also tell us whether he attends in person.\n")
        page.get_by_role("button", name="Queue the request").click()
        expect(page.locator(".flash").first).to_contain_text("outbox")

        # Send now from the queue page.
        page.goto(f"{base}/queue")
        expect(page.locator("#queue-rows tr")).to_have_count(1)
        page.get_by_role("button", name="Send pending replies now").click()
        expect(page.locator(".flash").first).to_contain_text("Sent 2")

        # Exports, with the browser's session.
        r = page.context.request.get(f"{base}/participants/export?format=csv&indico=1")
        rows = list(csv.reader(io.StringIO(r.body().decode("utf-8-sig"))))
        # Six columns, no header; SUZUKI Takeshi has no e-mail yet, so Indico could not take him.
        assert [(x[0], x[1], x[5]) for x in rows] == [("Aminata", "Diallo", "aminata.diallo@travail.gouv.sn")]
        assert r.headers["x-rows-left-out"] == "1"
        page.goto(f"{base}/participants")
        expect(page.locator(".stats")).to_contain_text("50%")

    # Nothing left 127.0.0.1 (no remote image, no frame, no prefetch).
    outside = [u for u in requests if not u.startswith((base, "data:", "about:"))]
    assert outside == [], outside

    with app.db.session() as s:
        people = {p.name: p for p in s.scalars(select(Person).where(Person.status == "active"))}
        assert people["Aminata Diallo"].title == "Directrice générale du Travail, Ministère du Travail"
        assert people["Aminata Diallo"].decided_by == "ana"
        assert "Carmen Rojas" not in people
        replies = {o.template: o for o in s.scalars(select(Outbox))}
        assert set(replies) == {"confirm", "request_missing"}
        assert all(o.status == "sent" for o in replies.values())
        assert b"P.S. Please also tell us" in replies["request_missing"].raw
        actions = {(e.actor, e.action) for e in s.scalars(select(Event).where(Event.actor == "ana"))}
        assert {("ana", "review.approved"), ("ana", "review.rejected"), ("ana", "review.missing_requested"),
                ("ana", "review.edited"), ("ana", "user.signed_in")} <= actions
        reason = s.scalar(select(Event).where(Event.action == "review.rejected")).detail["reason"]
        assert reason.startswith("Sent from an unverified address")
    sent = MaildirMailbox(tmp_path / "outbox")
    assert len(list(sent.fetch_new())) == 2


def test_ticked_items_go_into_the_draft_and_a_rejection_carries_the_officers_reply(served) -> None:
    from playwright.sync_api import expect, sync_playwright

    app, base, ids, tmp_path = served
    with sync_playwright() as pw, browser_page(pw) as page:
        sign_in(page, base)

        # Ask for missing items: tick other items, the draft says them in plain words.
        page.goto(f"{base}/items/{ids['incomplete']}/ask")
        body = page.get_by_label("Text")
        expect(body).to_contain_text("e-mail address")
        expect(body).not_to_contain_text("title")
        page.get_by_label("representative.title").check()
        page.get_by_label("representative.email").uncheck()
        page.get_by_role("button", name="Write the text again for these items").click()
        body = page.get_by_label("Text")
        expect(body).to_contain_text("Representative (SUZUKI Takeshi): title")
        expect(body).to_contain_text("in person or remote")
        expect(body).not_to_contain_text("e-mail address")
        page.get_by_role("button", name="Queue the request").click()
        expect(page.locator(".flash").first).to_contain_text("outbox")

        # Reject with a reply the officer writes.
        page.goto(f"{base}/items/{ids['hostile']}")
        page.get_by_label("Reason (kept in the history)").fill("Not from the ministry")
        page.locator("details.reply summary").click()
        page.get_by_label("Subject of the reply").fill("Su designación")
        page.get_by_label("Text of the reply").fill("Estimados señores:\nLa designación debe venir del Ministerio.\n")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".flash").first).to_contain_text("The reply is in the outbox")
        page.goto(f"{base}/items/{ids['hostile']}")  # the page went on to the next item
        expect(page.locator(".history")).to_contain_text("Not from the ministry")
    with app.db.session() as s:
        replies = {o.template: o for o in s.scalars(select(Outbox))}
        assert set(replies) == {"request_missing", "rejection"}
        assert replies["rejection"].subject == "Su designación" and replies["rejection"].to_addr == "oficina@mintrab.gob.cl"
        e = s.scalar(select(Event).where(Event.action == "review.missing_requested"))
        assert e.detail["missing"] == ["representative.attendance", "representative.title"] or \
            sorted(e.detail["missing"]) == ["representative.attendance", "representative.title"]


def test_approving_over_the_quota_takes_a_reason_in_the_browser(served) -> None:
    from playwright.sync_api import expect, sync_playwright

    app, base, ids, tmp_path = served
    people = [{"role": "representative", "name": "SUZUKI Takeshi", "title": "Director", "email": "t.suzuki@mhlw.go.jp",
               "attendance": "in_person", "gender": "male"},
              {"role": "adviser", "name": "TANAKA Yui", "title": "Deputy Director", "email": "y.tanaka@mhlw.go.jp",
               "attendance": "remote", "gender": "female"},
              {"role": "adviser", "name": "SATO Ken", "title": "Officer", "email": "k.sato@mhlw.go.jp",
               "attendance": "remote", "gender": "male"}]
    item = set_reading(app, "<browser-2@test.example>", "JP", "en", ["over_quota"], people, [])
    with sync_playwright() as pw, browser_page(pw) as page:
        sign_in(page, base)
        page.goto(f"{base}/items/{item}")
        expect(page.locator("#rules")).to_contain_text("more people than the quota allows")
        page.get_by_role("button", name="Approve and record").click()
        expect(page.locator(".flash.error").first).to_contain_text("give a reason to override")
        with app.db.session() as s:
            assert s.scalars(select(Person).where(Person.name == "SATO Ken")).all() == []
        page.get_by_label("Reason to override the meeting's rules (kept in the history)").fill(
            "Two advisers agreed with the Office in advance")
        page.get_by_role("button", name="Approve and record").click()
        expect(page.locator(".flash").first).to_contain_text("Approved")
        page.goto(f"{base}/items/{item}")  # the page went on to the next item
        expect(page.locator(".history")).to_contain_text("Two advisers agreed with the Office in advance")
        expect(page.locator(".history")).to_contain_text("added SATO Ken as adviser")
    with app.db.session() as s:
        names = {p.name for p in s.scalars(select(Person).where(Person.status == "active", Person.decided_by == "ana"))}
        assert {"SUZUKI Takeshi", "TANAKA Yui", "SATO Ken"} <= names
