"""The watchdog: a refused login, a token that cannot be renewed or a silent mailbox shows in
`intake status`, on /healthz, in the review page's header, and in one alert mail."""
from __future__ import annotations

import json
import re
import signal
import time
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import App
from bot.db import Database
from bot.meeting import Meeting
from bot.models import Inbound, Outbox
from bot.settings import Settings
from bot.watchdog import Watchdog, problems, quiet_problem
from bot.web import create_app
from bot.web.users import set_password
from tests.intake_helpers import ROOT, fixture, intake_env, nomination, spawn
from tests.servers import SmtpSink
from tests.token_endpoint import TokenEndpoint

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MAILBOX = "sectoral-meetings@ilo.test"
ALERTS = "it-desk@example.org"
POLL = 3.0


def meeting_file(tmp_path: Path, **watchdog) -> Path:
    data = yaml.safe_load((ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8"))
    data["watchdog"] = {"alert_to": [ALERTS], **watchdog}
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def web_app(tmp_path: Path, db_url: str, meeting: Path) -> App:
    app = App(Settings(database_url=SecretStr(db_url), mailbox_url=SecretStr(f"maildir:{tmp_path}/unused"),
                       smtp_url=SecretStr(f"maildir:{tmp_path}/unused-out"), meeting=str(meeting)))
    with app.db.session() as s, s.begin():
        set_password(s, "ana", "correct horse battery")
    return app


def signed_in(client: TestClient) -> None:
    html = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    r = client.post("/login", data={"name": "ana", "password": "correct horse battery", "csrf": csrf})
    assert r.status_code == 303


def wait_until(predicate, timeout: float, what: str):  # type: ignore[no-untyped-def]
    """Poll `predicate` until it returns something true; (value, seconds it took)."""
    start = time.monotonic()
    while True:
        value = predicate()
        if value:
            return value, time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout:g} s: {what}")
        time.sleep(0.1)


def kinds(db: Database, meeting: Meeting) -> set[str]:
    return {p["kind"] for p in problems(db, meeting)}


def test_refused_and_unrenewable_tokens_show_everywhere_within_one_poll(dovecot, imap_user, tmp_path):
    endpoint = TokenEndpoint().start()
    endpoint.add_client("intake-app", secret="app-secret")
    endpoint.issue = ["tok-1"]
    endpoint.expires_in = 60  # shorter than MSAL's 5 minutes: renewed at every check
    dovecot.add_token(imap_user.name, "tok-1")
    meeting_path = meeting_file(tmp_path)
    db_url = f"sqlite:///{tmp_path / 'x.db'}"
    sink = SmtpSink(xoauth2={MAILBOX: "smtp-token"}).start()
    env = intake_env(f"imap://{imap_user.name}@127.0.0.1:{dovecot.imap_port}/INBOX",
                     f"smtp://{MAILBOX.replace('@', '%40')}@127.0.0.1:{sink.port}", db_url,
                     INTAKE_POLL_SECONDS=str(POLL), INTAKE_IDLE_SECONDS=str(POLL),
                     INTAKE_OAUTH2_PROVIDER="microsoft", INTAKE_OAUTH2_TENANT="contoso.onmicrosoft.com",
                     INTAKE_OAUTH2_CLIENT_ID="intake-app", INTAKE_OAUTH2_CLIENT_SECRET="app-secret",
                     INTAKE_OAUTH2_AUTHORITY=endpoint.authority, REQUESTS_CA_BUNDLE=endpoint.ca_file,
                     INTAKE_SMTP_OAUTH2_TOKEN="smtp-token")
    env["INTAKE_MEETING"] = str(meeting_path)
    imap_user.append(fixture("worker", "complete-nomination-en.eml"))
    proc = spawn("run", env=env)
    app = web_app(tmp_path, db_url, meeting_path)
    meeting = app.meeting
    try:
        with TestClient(create_app(app, secret_key="test-secret"), follow_redirects=False) as client:
            # All is well: the confirmation went, nothing to say.
            sink.wait_for(1, timeout=60)
            assert client.get("/healthz").json()["problems"] == []

            def alerts() -> list:
                return [m for m in sink.messages if ALERTS in m.rcpt_tos]

            # 1. The identity provider hands out a token the mailbox refuses: the session logs
            # in again with it (within one poll period), and is refused.
            endpoint.issue = ["tok-1", "tok-2"]
            endpoint._issued = 1
            _, took = wait_until(lambda: "mailbox_login" in kinds(app.db, meeting), POLL + 2, "mailbox_login")
            assert took <= POLL + 1.5
            health = client.get("/healthz")
            assert health.status_code == 503 and health.json()["ok"] is False
            assert [p["kind"] for p in health.json()["problems"]] == ["mailbox_login"]
            signed_in(client)
            header = client.get("/queue").text.split("</header>")[0]
            assert 'class="alarm"' in header and "the mailbox login fails" in header
            (alert,), _ = wait_until(alerts, 10, "the alert mail")
            assert alert["Subject"] == f"[{meeting.id}] intake: the mailbox login fails"
            assert alert["Auto-Submitted"] and alert["From"].endswith(f"<{MAILBOX}>")
            assert b"tok-2" not in alert.raw and b"app-secret" not in alert.raw

            # 2. Then no token at all: the client secret was removed.
            dovecot.add_token(imap_user.name, "tok-2")
            wait_until(lambda: not kinds(app.db, meeting), POLL + 2, "recovered")
            endpoint.refuse = "invalid_client"
            _, took = wait_until(lambda: "mailbox_token" in kinds(app.db, meeting), POLL + 2, "mailbox_token")
            assert took <= POLL + 1.5
            status = json.loads(_intake_status(env).stdout)
            assert [p["kind"] for p in status["problems"]] == ["mailbox_token"]
            assert "invalid_client" in status["problems"][0]["problem"]
            assert client.get("/healthz").json()["problems"][0]["kind"] == "mailbox_token"
            wait_until(lambda: len(alerts()) == 2, 10, "the second alert mail")
            assert alerts()[1]["Subject"].endswith("no OAuth2 token for the mailbox")

            # Told once: the problem lasts several polls, no further mail.
            time.sleep(2 * POLL)
            assert len(alerts()) == 2

            # 3. The SMTP server refuses its token: the reply waits, uncounted, and it shows.
            endpoint.refuse = None
            wait_until(lambda: not kinds(app.db, meeting), POLL + 2, "recovered again")
            sink.xoauth2[MAILBOX] = "another-token"
            imap_user.append(nomination(7, state="Jamaica", domain="mlss.gov.jm"))
            _, took = wait_until(lambda: "smtp_login" in kinds(app.db, meeting), POLL + 10, "smtp_login")
            assert "535" in client.get("/healthz").json()["problems"][0]["problem"]
            with app.db.session() as s:
                waiting = s.scalars(select(Outbox).where(Outbox.template != "alert", Outbox.status == "pending")).all()
            assert len(waiting) == 1 and waiting[0].attempts == 0
            sink.xoauth2[MAILBOX] = "smtp-token"
            wait_until(lambda: not kinds(app.db, meeting), 40, "SMTP recovered")
            assert client.get("/healthz").status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        sink.stop()
        endpoint.stop()
        app.db.dispose()
    assert b"tok-1" not in err and b"tok-2" not in err and b"app-secret" not in err and b"smtp-token" not in err


def _intake_status(env: dict[str, str]):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "bot.cli", "status"], cwd=ROOT, env=env, capture_output=True,
                          timeout=60)
    assert proc.returncode == 1, proc.stderr  # a problem: not 0, for monitoring scripts
    return proc


def test_no_mail_processed_during_the_window_is_a_problem_and_alerted_once(tmp_path):
    today = datetime.now(timezone.utc).date()
    meeting = Meeting.model_validate({
        **yaml.safe_load((ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8")),
        "start": today + timedelta(days=30), "end": today + timedelta(days=33), "deadline": today + timedelta(days=10),
        "watchdog": {"alert_to": [ALERTS], "quiet_hours": 24, "opens": today - timedelta(days=3)}})
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    now = datetime.now(timezone.utc)
    # Open for three days, nothing processed: the window's start is the reference.
    assert "since the window opened" in (quiet_problem(db, meeting, now) or "")
    # Before the window opens, and after the deadline: nothing to say.
    assert quiet_problem(db, meeting, now - timedelta(days=5)) is None
    assert quiet_problem(db, meeting, now + timedelta(days=12)) is None
    with db.session() as s, s.begin():
        s.add(Inbound(meeting_id=meeting.id, message_id="<a@x>", sha256="0" * 64, mailbox="m", server_key="1",
                      raw=b"", size=0, status="processed", processed_at=now - timedelta(hours=2)))
    assert quiet_problem(db, meeting, now) is None
    assert "more than 24 h" in quiet_problem(db, meeting, now + timedelta(hours=23))

    dog = Watchdog(db, meeting)
    dog.raise_("quiet", "no mail processed since yesterday")
    dog.raise_("quiet", "no mail processed since yesterday (25 h)")  # still the same problem
    with db.session() as s:
        alerts = s.scalars(select(Outbox).where(Outbox.template == "alert")).all()
    assert [a.to_addr for a in alerts] == [ALERTS]
    assert [p["kind"] for p in problems(db, meeting)] == ["quiet"]
    dog.clear("quiet")
    assert problems(db, meeting) == []
    # Back within ALERT_EVERY: shown again, but no second mail.
    Watchdog(db, meeting).raise_("quiet", "no mail processed again")
    with db.session() as s:
        assert len(s.scalars(select(Outbox).where(Outbox.template == "alert")).all()) == 1
    assert problems(db, meeting)[0]["problem"] == "no mail processed again"
    db.dispose()


def test_the_alert_address_cannot_be_the_bot_itself():
    data = yaml.safe_load((ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8"))
    data["watchdog"] = {"alert_to": [MAILBOX.upper()]}
    with pytest.raises(ValueError, match="alert_to"):
        Meeting.model_validate(data)


def test_a_running_worker_says_when_no_mail_came_during_the_window(tmp_path):
    """The worker itself notices the silence at its next poll and mails the alert (here to a
    Maildir outbox); the problem ends with the next message processed."""
    import threading

    from bot.mailbox import MaildirMailbox, deliver_to_maildir
    from bot.outbox import MaildirTransport
    from bot.states import load_states
    from bot.worker import Worker

    today = datetime.now(timezone.utc).date()
    meeting = Meeting.model_validate({
        **yaml.safe_load((ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8")),
        "start": today + timedelta(days=30), "end": today + timedelta(days=33), "deadline": today + timedelta(days=10),
        "watchdog": {"alert_to": [ALERTS], "quiet_hours": 24, "opens": today - timedelta(days=2)}})
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    w = Worker(meeting=meeting, states=load_states(), db=db, mailbox=MaildirMailbox(tmp_path / "mb"),
               transport=MaildirTransport(tmp_path / "out"), poll_seconds=0.5, idle_seconds=0.5)
    thread = threading.Thread(target=w.run)
    thread.start()
    try:
        wait_until(lambda: kinds(db, meeting) == {"quiet"} and "quiet" in w.watchdog.state(), 10, "quiet recorded")
        sent, _ = wait_until(lambda: list((tmp_path / "out" / "new").glob("*")), 10, "the alert in the outbox")
        (alert,) = sent
        assert b"To: " + ALERTS.encode() in alert.read_bytes() and b"no mail processed" in alert.read_bytes()
        deliver_to_maildir(tmp_path / "mb", nomination(3, state="Jamaica", domain="mlss.gov.jm"))
        wait_until(lambda: not kinds(db, meeting) and "quiet" not in w.watchdog.state(), 10, "quiet cleared")
        time.sleep(1.5)  # three more polls: no further alert
        assert len([p for p in (tmp_path / "out" / "new").glob("*") if b"Subject: [" in p.read_bytes()
                    and b"intake: no mail processed" in p.read_bytes()]) == 1
    finally:
        w.stopping = True
        thread.join(timeout=30)
        db.dispose()


def test_a_separate_smtp_token_that_cannot_be_had_shows_and_clears_without_a_reply(tmp_path):
    """The SMTP token source (INTAKE_SMTP_OAUTH2_TOKEN_COMMAND) is asked at every poll: its
    failure shows before any reply needs it, and its recovery clears it."""
    import threading

    from bot.mailbox import MaildirMailbox
    from bot.oauth import CommandToken
    from bot.outbox import SmtpTransport
    from bot.states import load_states
    from bot.worker import Worker

    script = tmp_path / "token.sh"
    script.write_text("#!/bin/sh\necho 'AADSTS700024: client assertion expired' >&2\nexit 3\n")
    script.chmod(0o755)
    meeting = Meeting.model_validate({**yaml.safe_load((ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8")),
                                      "watchdog": {"alert_to": [ALERTS]}})
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with SmtpSink(xoauth2={MAILBOX: "smtp-ok"}) as sink:
        transport = SmtpTransport(f"smtp://{MAILBOX.replace('@', '%40')}@127.0.0.1:{sink.port}",
                                  oauth2_token=CommandToken(str(script)))
        w = Worker(meeting=meeting, states=load_states(), db=db, mailbox=MaildirMailbox(tmp_path / "mb"),
                   transport=transport, poll_seconds=0.5, idle_seconds=0.5)
        thread = threading.Thread(target=w.run)
        thread.start()
        try:
            wait_until(lambda: kinds(db, meeting) == {"smtp_token"}, 10, "smtp_token")
            (problem,) = problems(db, meeting)
            assert "exited 3: AADSTS700024: client assertion expired" in problem["problem"]
            with db.session() as s:  # the alert waits: SMTP is what is broken
                assert [o.status for o in s.scalars(select(Outbox))] == ["pending"]
            script.write_text("#!/bin/sh\necho smtp-ok\n")
            wait_until(lambda: not kinds(db, meeting), 10, "cleared")
            # The alert goes once SMTP works again.
            (alert,), _ = wait_until(lambda: sink.messages, 40, "the alert")
            assert alert.rcpt_tos == [ALERTS] and sink.logins == [MAILBOX]
        finally:
            w.stopping = True
            thread.join(timeout=30)
            db.dispose()
