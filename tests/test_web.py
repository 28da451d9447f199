"""The review page at the HTTP level: sign-in, CSRF, the safe message view, decisions, exports."""
from __future__ import annotations

import time

import csv
import html as html_lib
import io
import re
import warnings
from email.message import EmailMessage
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import App
from bot.models import Delegation, Event, Inbound, Outbox, Person
from bot.settings import Settings
from bot.web import create_app
from bot.view import sanitize_html
from bot.web.users import set_password

with warnings.catch_warnings():
    # This Starlette asks for `httpx2` and warns once, at import, when it finds `httpx`.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"


class CodesOnly:
    """Member State names for when config/member_states.yaml cannot be read."""

    def name(self, code: str, lang: str = "en") -> str:
        return {"SN": "Senegal", "JP": "Japan", "CL": "Chile"}.get(code, code)


def make_app(tmp_path: Path) -> App:
    settings = Settings(database_url=SecretStr(f"sqlite:///{tmp_path}/intake.db"),
                        mailbox_url=SecretStr(f"maildir:{tmp_path}/mailbox"),
                        smtp_url=SecretStr(f"maildir:{tmp_path}/outbox"), meeting=str(ROOT / "config" / "meeting.yaml"))
    app = App(settings)
    try:
        app.states.name("SN")
    except Exception:  # the member States list is not this module's subject
        app.__dict__["states"] = CodesOnly()
    with app.db.session() as s, s.begin():
        set_password(s, "ana", PASSWORD)
    return app


@pytest.fixture
def app(tmp_path: Path):
    app = make_app(tmp_path)
    yield app
    app.db.dispose()


@pytest.fixture
def client(app: App):
    with TestClient(create_app(app, secret_key="test-secret"), follow_redirects=False) as c:
        yield c


def csrf_of(client: TestClient, path: str) -> str:
    html = client.get(path).text
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, f"no CSRF token on {path}"
    return m.group(1)


def sign_in(client: TestClient, name: str = "ana", password: str = PASSWORD) -> None:
    r = client.post("/login", data={"name": name, "password": password, "csrf": csrf_of(client, "/login"),
                                    "next": "/queue"})
    assert r.status_code == 303, r.text


def message(subject: str = "Nomination", html: str | None = None, text: str = "Dear Sir,\nWe nominate Ms Aminata Diallo.\n",
            sender: str = "dg@travail.gouv.sn", attach_pdf: bool = False) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Direction <{sender}>"
    msg["To"] = "sectoral-meetings@ilo.test"
    msg["Subject"] = subject
    msg["Date"] = "Tue, 17 Mar 2026 09:12:00 +0000"
    msg["Message-ID"] = f"<{abs(hash((subject, text, html)))}@test>"
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    if attach_pdf:
        msg.add_attachment(b"%PDF-1.4\n%fake\n", maintype="application", subtype="pdf", filename="lettre officielle.pdf")
    return msg.as_bytes()


PARTICIPANT = {"role": "representative", "name": "Aminata Diallo", "title": "Directrice générale du Travail",
               "email": "aminata.diallo@travail.gouv.sn", "attendance": "in_person", "gender": "female",
               "evidence": {"name": {"source": "body", "start": 31, "end": 45, "confidence": 0.6}}}


def keep_view(app: App, s, row: Inbound) -> None:  # type: ignore[no-untyped-def]
    """The view the worker keeps of a message it read (bot/process.py), from the same reading."""
    from bot import view
    from bot.extraction import message as M
    from bot.reading import ReadOptions, read_message

    parsed = read_message(row.raw, ReadOptions.for_meeting(app.meeting))
    view.keep(s, row, view.build(parsed, app.meeting, row.message_id, M.read(parsed, app.meeting).main_text), parsed)


def flagged(app: App, raw: bytes, *, reasons: list[str], participants: list[dict] | None = None,
            member_state: str | None = "SN", status: str = "review", missing: list[str] | None = None,
            read: bool = True) -> int:
    """A message on the review queue, as the pipeline would leave it (whatever extraction does today);
    `read` False: recorded before the worker kept views."""
    extraction = {"kind": "nomination", "language": "fr", "member_state": member_state, "capacity": "member",
                  "participants": participants if participants is not None else [PARTICIPANT],
                  "flags": [], "decision": "review", "missing": missing or [], "reasons": reasons}
    with app.db.session() as s, s.begin():
        row = Inbound(meeting_id=app.meeting.id, message_id=f"<m{len(raw)}.{abs(hash(raw))}@test>", sha256="0" * 64,
                      mailbox="test", server_key=str(abs(hash(raw))), raw=raw, size=len(raw), status=status,
                      review_state="open", reasons=reasons, extraction=extraction, member_state=member_state,
                      language="fr", kind="nomination", decision="review", from_addr="dg@travail.gouv.sn",
                      subject="Nomination")
        s.add(row)
        s.flush()
        if read:
            keep_view(app, s, row)
        return row.id


# -- sign-in ----------------------------------------------------------------------------

PAGES = ["/", "/queue", "/queue/rows", "/items/1", "/items/1/ask", "/items/1/raw", "/items/1/attachments/0",
         "/delegations", "/delegations/1", "/participants", "/participants/export?format=csv", "/outbox/1",
         "/mail", "/not-answered", "/items/1/write", "/items/1/visa-letter.pdf?person=1"]
ACTIONS = ["/items/1/save", "/items/1/approve", "/items/1/ask", "/items/1/dismiss", "/items/1/reprocess",
           "/outbox/send", "/outbox/1/requeue", "/logout", "/queue/ignore", "/items/1/write",
           "/not-answered/preview", "/not-answered/send"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_sign_in(client: TestClient, app: App, path: str) -> None:
    flagged(app, message(), reasons=["late"])
    r = client.get(path)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("path", ACTIONS)
def test_every_action_needs_sign_in(client: TestClient, app: App, path: str) -> None:
    flagged(app, message(), reasons=["late"])
    assert client.post(path, data={"csrf": "x"}).status_code == 401


def test_health_and_sign_in_page_are_open(client: TestClient, app: App) -> None:
    flagged(app, message(), reasons=["late"])
    flagged(app, message("other"), reasons=["unprocessable"], status="quarantined")
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"ok": True, "problems": []}  # no counts for whoever asks
    sign_in(client)
    health = client.get("/healthz").json()
    assert health["ok"] is True
    assert (health["queued"], health["messages"].get("review"), health["quarantined"], health["unsent"]) == (0, 1, 1, 0)
    client.post("/logout", data={"csrf": csrf_of(client, "/queue")})
    assert client.get("/login").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_a_wrong_password_is_refused_and_audited(client: TestClient, app: App) -> None:
    r = client.post("/login", data={"name": "ana", "password": "nope", "csrf": csrf_of(client, "/login")})
    assert r.status_code == 401
    assert client.get("/queue").status_code == 303
    with app.db.session() as s:
        assert s.scalar(select(Event.action).where(Event.action == "user.sign_in_failed")) is not None


def test_sign_in_then_sign_out(client: TestClient, app: App) -> None:
    sign_in(client)
    assert client.get("/queue").status_code == 200
    r = client.post("/logout", data={"csrf": csrf_of(client, "/queue")})
    assert r.status_code == 303
    assert client.get("/queue").status_code == 303
    with app.db.session() as s:
        actions = s.scalars(select(Event.action).where(Event.actor == "ana")).all()
    assert {"user.signed_in", "user.signed_out"} <= set(actions)


def test_a_copied_session_cookie_is_dead_after_sign_out(client: TestClient, app: App) -> None:
    sign_in(client)
    stolen = client.cookies.get("intake_session")
    client.post("/logout", data={"csrf": csrf_of(client, "/queue")})
    client.cookies.clear()
    client.cookies.set("intake_session", stolen)
    assert client.get("/queue").status_code == 303
    time.sleep(0.01)
    client.cookies.clear()
    sign_in(client)  # a new sign-in after that works again
    assert client.get("/queue").status_code == 200


def test_sign_in_is_rate_limited_per_user(client: TestClient) -> None:
    token = csrf_of(client, "/login")
    for _ in range(5):
        assert client.post("/login", data={"name": "ana", "password": "bad", "csrf": token}).status_code == 401
    # Blocked now, even with the right password.
    r = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token})
    assert r.status_code == 429
    assert client.get("/queue").status_code == 303


def test_an_expired_session_is_signed_out(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.web import security

    sign_in(client)
    monkeypatch.setattr(security, "SESSION_SECONDS", -1)
    assert client.get("/queue").status_code == 303


def test_next_cannot_leave_the_site(client: TestClient) -> None:
    r = client.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": csrf_of(client, "/login"),
                                    "next": "//evil.test/x"})
    assert r.headers["location"] == "/queue"


# -- CSRF -------------------------------------------------------------------------------

def test_a_post_without_the_csrf_token_is_refused(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["late"])
    sign_in(client)
    for path in (f"/items/{item}/dismiss", f"/items/{item}/approve", "/logout"):
        assert client.post(path, data={"outcome": "rejected", "reason": "x"}).status_code == 403
        assert client.post(path, data={"outcome": "rejected", "reason": "x", "csrf": "forged"}).status_code == 403
    with app.db.session() as s:
        assert s.get(Inbound, item).review_state == "open"


def test_the_sign_in_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    assert client.post("/login", data={"name": "ana", "password": PASSWORD}).status_code == 403


# -- the message, shown safely --------------------------------------------------------

HOSTILE = ('<p onclick="steal()">Nomination</p><script>window.pwned = 1</script>'
           '<img src="http://tracker.test/pixel.png" onerror="window.pwned = 1" alt="pixel">'
           '<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo">'
           '<a href="javascript:window.pwned=1">click</a> <a href="https://www.ilo.org/">ILO</a>'
           '<svg onload="window.pwned=1"></svg><iframe src="http://evil.test/"></iframe>'
           '<style>body { background: url(http://tracker.test/bg.png) }</style>')


def test_the_sanitizer_strips_scripts_handlers_javascript_links_and_remote_images() -> None:
    clean = sanitize_html(HOSTILE)
    assert "<script" not in clean and "pwned" not in clean
    assert "onerror" not in clean and "onclick" not in clean and "onload" not in clean
    assert "javascript:" not in clean
    assert "tracker.test" not in clean and "evil.test" not in clean and "<iframe" not in clean
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in clean
    assert 'href="https://www.ilo.org/"' in clean


def test_the_item_page_shows_the_message_safely(client: TestClient, app: App) -> None:
    item = flagged(app, message(html=HOSTILE, attach_pdf=True), reasons=["unsure:representative.name"])
    sign_in(client)
    r = client.get(f"/items/{item}")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    for directive in ("default-src 'self'", "img-src 'self' data:", "script-src 'self'", "style-src 'self'",
                      "object-src 'none'", "frame-ancestors 'self'"):
        assert directive in csp
    html = r.text
    assert "<script>window.pwned" not in html and "tracker.test" not in html and "javascript:" not in html
    frame = re.search(r"<iframe[^>]*>", html).group(0)
    assert re.search(r"\ssandbox[\s>]", frame) and "srcdoc=" in frame
    assert "Aminata Diallo" in html and 'id="ev-0-name"' in html  # evidence marked in the text
    # The attachment: a download by default, inline only as a PDF.
    r = client.get(f"/items/{item}/attachments/0")
    assert r.headers["content-disposition"].startswith("attachment;")
    r = client.get(f"/items/{item}/attachments/0?inline=1")
    assert r.headers["content-type"] == "application/pdf" and r.headers["content-disposition"].startswith("inline;")


def test_the_page_reads_rows_and_never_parses_mail_on_a_request(client: TestClient, app: App,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Headers, text, HTML, attachments, evidence, search and the reply's address: all from
    what the worker kept when it read the message."""
    import email
    import email.parser

    import mailparser

    from bot.reading.message import _Reader

    item = flagged(app, message(html="<p>We nominate <b>Ms Aminata Diallo</b>.</p>", attach_pdf=True),
                   reasons=["late"])
    sign_in(client)

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("mail parsed on a request")

    for owner, name in ((_Reader, "read"), (email, "message_from_bytes"), (email.parser.BytesParser, "parsebytes"),
                        (email.parser.BytesHeaderParser, "parsebytes"), (mailparser.MailParser, "from_bytes")):
        monkeypatch.setattr(owner, name, refuse)
    html = client.get(f"/items/{item}").text
    assert ("dg@travail.gouv.sn" in html and "srcdoc=" in html and "lettre officielle.pdf" in html
            and 'id="ev-0-name"' in html and "To: dg@travail.gouv.sn" in html)
    r = client.get(f"/items/{item}/attachments/0?inline=1")
    assert r.status_code == 200 and r.content == b"%PDF-1.4\n%fake\n"
    assert client.get(f"/items/{item}/attachments/1").status_code == 404
    assert f"/items/{item}" in client.get("/mail", params={"q": "aminata officielle"}).text
    assert client.get(f"/items/{item}/write").status_code == 200
    assert "dg@travail.gouv.sn" in client.get(f"/items/{item}/ask").text


def test_a_message_recorded_before_views_shows_its_raw_text_until_it_is_read_again(client: TestClient,
                                                                                  app: App) -> None:
    item = flagged(app, message(attach_pdf=True), reasons=["late"], read=False)
    sign_in(client)
    html = client.get(f"/items/{item}").text
    assert "has not been read since it was recorded" in html
    assert "Content-Type: application/pdf" in html and "We nominate Ms Aminata Diallo" in html  # the raw text
    assert client.get(f"/items/{item}/attachments/0").status_code == 404
    assert "To: (no address)" in html
    # No reply to an address the worker did not work out: read it again first.
    data = {**form_of(client, item), "reply": "1", "override": "Accepted late"}
    client.post(f"/items/{item}/approve", data=data)
    assert "read it again first" in client.get(f"/items/{item}").text
    with app.db.session() as s:
        assert s.get(Inbound, item).review_state == "open" and s.scalars(select(Outbox)).all() == []
    # Read again now, by the process step alone (no worker): the view is kept.
    client.post(f"/items/{item}/reprocess", data={"csrf": csrf_of(client, "/queue"), "now": "1"})
    with app.db.session() as s:
        row = s.get(Inbound, item)
        assert row.status != "new" and row.view["reply"]["to"] == "dg@travail.gouv.sn"
    assert client.get(f"/items/{item}/attachments/0").status_code == 200


# -- decisions --------------------------------------------------------------------------

def form_of(client: TestClient, item: int) -> dict[str, str]:
    """The item's edit form with the values the page fills in."""
    html = client.get(f"/items/{item}").text
    form = re.search(r'<form method="post" action="/items/\d+/approve" id="edit">(.*?)</form>', html, re.S).group(1)
    data: dict[str, str] = {}
    for m in re.finditer(r'<input ([^>]*)>', form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" in attrs and attrs.get("type") not in ("checkbox", "radio"):
            data[attrs["name"]] = html_lib.unescape(attrs.get("value", ""))
    for m in re.finditer(r'<select id="[^"]*" name="([^"]+)">(.*?)</select>', form, re.S):
        sel = re.search(r'<option value="([^"]*)" selected', m.group(2))
        data[m.group(1)] = sel.group(1) if sel else ""
    return data


def test_approve_records_the_edited_people_queues_the_reply_and_audits(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["late"])
    sign_in(client)
    data = form_of(client, item)
    assert data["p-0-name"] == "Aminata Diallo" and data["csrf"]
    data.update({"p-0-title": "Directrice générale du Travail, Ministère du Travail", "reply": "1"})
    # Late: a rule of the meeting. Without a reason the approval is refused and nothing changes.
    r = client.post(f"/items/{item}/approve", data=data)
    assert r.status_code == 303
    assert "sent after the deadline" in client.get(f"/items/{item}").text
    with app.db.session() as s:
        assert s.get(Inbound, item).review_state == "open"
        assert s.scalars(select(Person)).all() == [] and s.scalars(select(Outbox)).all() == []
    data["override"] = "Accepted late: the mission warned us in time"
    r = client.post(f"/items/{item}/approve", data=data)
    assert r.status_code == 303
    with app.db.session() as s:
        row = s.get(Inbound, item)
        assert (row.status, row.review_state, row.decision) == ("processed", "approved", "confirm")
        people = s.scalars(select(Person).where(Person.status == "active")).all()
        assert [(p.name, p.title, p.decided_by) for p in people] == [
            ("Aminata Diallo", "Directrice générale du Travail, Ministère du Travail", "ana")]
        d = s.scalar(select(Delegation))
        assert (d.member_state, d.status) == ("SN", "confirmed")
        out = s.scalar(select(Outbox))
        assert (out.template, out.to_addr, out.status, out.inbound_id) == ("confirm", "dg@travail.gouv.sn", "pending", item)
        assert "Ministère du Travail" in out.raw.decode("utf-8", "replace") or b"Minist" in out.raw
        events = {e.action: e for e in s.scalars(select(Event).where(Event.inbound_id == item))}
        assert events["review.approved"].actor == "ana" and events["review.edited"].actor == "ana"
        approved = events["review.approved"].detail
        assert approved["override"] == "Accepted late: the mission warned us in time" and approved["rules"] == ["late"]
        assert approved["before"]["people"] == [] and approved["after"]["people"] == ["representative: Aminata Diallo (in_person)"]
        assert "participants.0.title" in events["review.edited"].detail["changes"]
    # Closed: no longer on the queue, and it cannot be approved twice.
    assert f"/items/{item}" not in client.get("/queue").text
    client.post(f"/items/{item}/approve", data=data)
    with app.db.session() as s:
        assert len(s.scalars(select(Outbox)).all()) == 1


def test_reject_records_the_reason(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["over_quota"])
    sign_in(client)
    r = client.post(f"/items/{item}/dismiss", data={"outcome": "rejected", "reason": "Not a member State",
                                                   "csrf": csrf_of(client, f"/items/{item}")})
    assert r.status_code == 303
    with app.db.session() as s:
        row = s.get(Inbound, item)
        assert (row.status, row.review_state) == ("ignored", "rejected")
        e = s.scalar(select(Event).where(Event.action == "review.rejected"))
        assert (e.actor, e.inbound_id, e.detail["reason"]) == ("ana", item, "Not a member State")
        assert s.scalar(select(Outbox)) is None


def test_a_reject_without_reason_is_refused(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["over_quota"])
    sign_in(client)
    client.post(f"/items/{item}/dismiss", data={"outcome": "rejected", "reason": " ", "csrf": csrf_of(client, "/queue")})
    with app.db.session() as s:
        assert s.get(Inbound, item).review_state == "open"


def test_ask_for_missing_items_queues_the_edited_text(client: TestClient, app: App) -> None:
    person = {**PARTICIPANT, "email": None}
    item = flagged(app, message(), reasons=["reply_withheld:x"], participants=[person], missing=["representative.email"])
    sign_in(client)
    html = client.get(f"/items/{item}/ask").text
    assert "representative.email" in html and "<textarea" in html
    body = "Madame, Monsieur,\nMerci de nous envoyer l'adresse de Mme Diallo.\n"
    r = client.post(f"/items/{item}/ask", data={"csrf": csrf_of(client, "/queue"), "missing": "representative.email",
                                                "subject": "Nomination [TMAI-2026/1]", "body": body})
    assert r.status_code == 303
    with app.db.session() as s:
        out = s.scalar(select(Outbox))
        assert out.template == "request_missing" and out.subject == "Nomination [TMAI-2026/1]"
        assert "l'adresse de Mme Diallo" in out.raw.decode()
        assert s.scalar(select(Delegation)).status == "pending"
        e = s.scalar(select(Event).where(Event.action == "review.missing_requested"))
        assert e.actor == "ana" and e.detail["missing"] == ["representative.email"]


def test_the_ticked_items_are_written_in_plain_words_into_the_draft(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["unsure:representative.title"], missing=[])
    sign_in(client)
    html = client.get(f"/items/{item}/ask?missing=representative.title&missing=representative.attendance").text
    draft = html_lib.unescape(re.search(r'<textarea id="body"[^>]*>(.*?)</textarea>', html, re.S).group(1))
    assert "Représentante (Aminata Diallo) : fonction et mode de participation (en présentiel ou à distance)" in draft
    assert "adresse électronique" not in draft  # not ticked
    for item_name in ("representative.title", "representative.attendance"):
        assert re.search(rf'value="{re.escape(item_name)}" checked', html)
        assert f'<input type="hidden" name="missing" value="{item_name}">' in html


def _on_record(app: App, people: list[tuple[str, str, str]]) -> None:
    with app.db.session() as s, s.begin():
        d = Delegation(meeting_id=app.meeting.id, key="SN", member_state="SN", capacity="member", status="confirmed",
                       sender_domain="travail.gouv.sn", sender_addr="dg@travail.gouv.sn", language="fr")
        s.add(d)
        s.flush()
        for role, name, email in people:
            s.add(Person(delegation_id=d.id, role=role, name=name, email=email, title="Conseiller", attendance="remote"))


def test_approving_over_the_quota_takes_a_reason_and_the_history_shows_before_and_after(client: TestClient, app: App) -> None:
    _on_record(app, [("representative", "Moussa Diop", "moussa.diop@travail.gouv.sn"),
                     ("adviser", "Fatou Sarr", "fatou.sarr@travail.gouv.sn")])
    second = {"role": "adviser", "name": "Ibrahima Fall", "title": "Inspecteur du travail",
              "email": "ibrahima.fall@travail.gouv.sn", "attendance": "remote", "gender": "male"}
    item = flagged(app, message("Nous ajoutons un conseiller."), reasons=["over_quota"], participants=[second])
    sign_in(client)
    data = {**form_of(client, item), "reply": "1"}
    client.post(f"/items/{item}/approve", data=data)
    assert "more people than the quota allows" in client.get(f"/items/{item}").text
    with app.db.session() as s:
        assert s.get(Inbound, item).review_state == "open"
        assert [p.name for p in s.scalars(select(Person).where(Person.status == "active"))] == ["Moussa Diop", "Fatou Sarr"]
    data["override"] = "The Standing Orders allow a second adviser for this State"
    client.post(f"/items/{item}/approve", data=data)
    with app.db.session() as s:
        assert s.get(Inbound, item).review_state == "approved"
        assert [p.name for p in s.scalars(select(Person).where(Person.status == "active"))] == [
            "Moussa Diop", "Fatou Sarr", "Ibrahima Fall"]
        e = s.scalar(select(Event).where(Event.action == "review.approved"))
        assert e.detail["rules"] == ["over_quota"] and e.detail["override"].startswith("The Standing Orders")
        assert e.detail["operations"] == [{"op": "add", "new": "Ibrahima Fall", "role": "adviser"}]
        d_id = s.scalar(select(Delegation.id))
    story = html_lib.unescape(client.get(f"/delegations/{d_id}").text)
    assert "added Ibrahima Fall as adviser" in story
    assert "before: confirmed, member: representative: Moussa Diop (remote); adviser: Fatou Sarr (remote)" in story


def test_a_rejection_can_carry_the_officers_own_reply(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["other_sender_domain"])
    sign_in(client)
    html = client.get(f"/items/{item}").text
    assert 'name="reply_body"' in html and 'name="reply_subject"' in html
    text = "Madame, Monsieur,\nNous ne pouvons enregistrer cette désignation: elle doit venir du ministère.\n"
    client.post(f"/items/{item}/dismiss", data={"outcome": "rejected", "reason": "Not from the ministry",
                                                "reply_subject": "Votre désignation", "reply_body": text,
                                                "csrf": csrf_of(client, "/queue")})
    with app.db.session() as s:
        row = s.get(Inbound, item)
        assert row.review_state == "rejected"
        out = s.scalar(select(Outbox))
        assert (out.template, out.subject, out.to_addr) == ("rejection", "Votre désignation", "dg@travail.gouv.sn")
        assert "elle doit venir du minist" in out.raw.decode("utf-8", "replace") or b"elle doit venir" in out.raw \
            or "Nous ne pouvons" in __import__("email").message_from_bytes(out.raw, policy=__import__("email.policy").policy.default).get_content()
        e = s.scalar(select(Event).where(Event.action == "review.rejected"))
        assert e.detail["reply"] == out.message_id


def test_reprocess_gives_the_message_back_to_the_worker(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["unprocessable"], status="quarantined")
    with app.db.session() as s, s.begin():
        s.get(Inbound, item).attempts = 3
    sign_in(client)
    client.post(f"/items/{item}/reprocess", data={"csrf": csrf_of(client, "/queue"), "now": "0"})
    with app.db.session() as s:
        row = s.get(Inbound, item)
        assert (row.status, row.attempts) == ("new", 0)
        assert s.scalar(select(Event.actor).where(Event.action == "review.reprocess")) == "ana"


def test_the_queue_lists_open_items_oldest_first_with_filters(client: TestClient, app: App) -> None:
    a = flagged(app, message("a"), reasons=["late"])
    b = flagged(app, message("b"), reasons=["over_quota"], member_state="JP")
    sign_in(client)
    html = client.get("/queue").text
    assert html.index(f"/items/{a}") < html.index(f"/items/{b}")
    html = client.get("/queue/rows?reason=over_quota").text
    assert f"/items/{b}" in html and f"/items/{a}" not in html
    html = client.get("/queue/rows?state=SN").text
    assert f"/items/{a}" in html and f"/items/{b}" not in html


# -- participants and exports -----------------------------------------------------------

def approved(client: TestClient, app: App, people: list[dict], state: str = "JP") -> None:
    item = flagged(app, message(state), reasons=["late"], participants=people, member_state=state)
    client.post(f"/items/{item}/approve", data={**form_of(client, item), "reply": "1",
                                                "override": "Late, accepted by the secretariat"})


def test_exports_keep_names_exactly_as_written(client: TestClient, app: App) -> None:
    sign_in(client)
    approved(client, app, [
        {"role": "representative", "name": "SUZUKI Takeshi", "title": "Director", "email": "t.suzuki@mhlw.go.jp",
         "attendance": "in_person", "gender": "male"},
        {"role": "adviser", "name": "Mary McDonald-O'Neill", "title": "Adviser", "email": "mary@mhlw.go.jp",
         "attendance": "remote", "gender": "female"},
    ])
    r = client.get("/participants/export?format=csv")
    assert r.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert list(rows[0]) == ["Code", "Member State", "Organization", "Capacity", "Role", "Name", "Title",
                             "E-mail", "Attendance", "Gender", "Delegation status"]
    assert {row["Name"] for row in rows} == {"SUZUKI Takeshi", "Mary McDonald-O'Neill"}
    r = client.get("/participants/export?format=csv&indico=1")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert all(len(row) == 6 for row in rows) and len(rows) == 2  # no header
    assert ("Takeshi", "SUZUKI") in {(row[0], row[1]) for row in rows}
    assert ("Mary", "McDonald-O'Neill") in {(row[0], row[1]) for row in rows}
    r = client.get("/participants/export?format=xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(r.content))
    values = [[c.value for c in row] for row in wb.active.iter_rows()]
    wb.close()
    assert values[0][:2] == ["Code", "Member State"]
    assert "McDonald-O'Neill" in " ".join(str(v[5]) for v in values)
    html = client.get("/participants").text
    assert "50%" in html  # one woman of two
    with app.db.session() as s:
        assert s.scalar(select(Event.actor).where(Event.action == "participants.exported")) == "ana"


def test_the_delegation_page_shows_people_history_and_messages(client: TestClient, app: App) -> None:
    sign_in(client)
    approved(client, app, [PARTICIPANT], state="SN")
    with app.db.session() as s:
        d = s.scalar(select(Delegation))
    html = client.get(f"/delegations/{d.id}").text
    assert "Aminata Diallo" in html and "review.approved" in html and "sent by us" in html and "received" in html


def test_a_reminder_goes_to_no_guessed_address_and_not_to_a_state_that_answered(client: TestClient, app: App) -> None:
    sign_in(client)
    flagged(app, message(), reasons=["late"])  # Senegal's nomination waits in the queue: an answer
    token = csrf_of(client, "/not-answered")
    page = client.get("/not-answered").text
    assert 'id="st-SN"' not in page and 'id="st-AF"' in page
    r = client.post("/not-answered/preview", data={"csrf": token, "states": ["AF", "SN"], "language": "auto"})
    assert r.status_code == 200 and "No address is known for Afghanistan" in r.text
    r = client.post("/not-answered/send", data={"csrf": token, "states": ["AF", "SN"], "language": "en"})
    assert r.status_code == 303
    with app.db.session() as s:
        assert s.scalars(select(Outbox)).all() == []
        assert s.scalars(select(Event).where(Event.action == "reminder.queued")).all() == []


def test_the_composer_warns_when_a_visa_letter_would_go_outside_the_participants_domain() -> None:
    from bot.models import Person
    from bot.web.compose import address_warning

    people = [Person(name="María Florencia Giménez Aráoz", email="mf.gimenez@mtss.go.cr", role="representative")]
    assert address_warning("internacionales@mtss.go.cr", people) == ""
    assert "not at the domain of the participants' addresses (mtss.go.cr)" in address_warning("someone@freemail.example", people)


def test_the_item_page_says_the_conversation_reasons_in_plain_words(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["not_authenticated", "ambiguous_person:Smith", "late"])
    sign_in(client)
    html = html_lib.unescape(client.get(f"/items/{item}").text)
    assert "Our mail server does not vouch for the sender's domain" in html
    assert "A name in the message fits more than one person on record (Smith)." in html


def test_an_inquiry_offers_ignore_and_no_confirmation_by_default(client: TestClient, app: App) -> None:
    item = flagged(app, message(), reasons=["inquiry"])
    with app.db.session() as s, s.begin():
        row = s.get(Inbound, item)
        row.extraction = {**(row.extraction or {}), "kind": "inquiry", "participants": []}
    sign_in(client)
    html = client.get(f"/items/{item}").text
    assert re.search(r'name="outcome" value="ignored" checked', html)
    assert not re.search(r'name="outcome" value="rejected" checked', html)
    assert not re.search(r'name="reply" value="1" checked', html)
