"""`intake check-config` checks what it says it checks: one line per finding, no traceback."""
from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from tests.intake_helpers import ROOT, intake_env
from tests.servers import SmtpSink
from tests.token_endpoint import TokenEndpoint

SHIPPED = (ROOT / "config" / "meeting.yaml").read_text(encoding="utf-8")


def run_check(tmp_path, *args: str, meeting: str | None = None, **env_over: str | None) -> subprocess.CompletedProcess:
    for name in ("mb", "out"):
        (tmp_path / name).mkdir(exist_ok=True)
    env = intake_env("maildir:" + str(tmp_path / "mb"), "maildir:" + str(tmp_path / "out"),
                     f"sqlite:///{tmp_path / 'x.db'}")
    if meeting is not None:
        path = tmp_path / "meeting.yaml"
        path.write_text(meeting, encoding="utf-8")
        env["INTAKE_MEETING"] = str(path)
    env.update(env_over)
    for name in [k for k, v in env_over.items() if v is None]:
        del env[name]
    return subprocess.run([sys.executable, "-m", "bot.cli", "check-config", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def errors(proc: subprocess.CompletedProcess) -> list[str]:
    return [line for line in proc.stderr.splitlines() if line.startswith("error: ")]


def future_meeting() -> str:
    """The shipped meeting, moved so that its deadline is still ahead."""
    today = date.today()
    return (SHIPPED.replace("start: 2026-04-13", f"start: {today + timedelta(days=60)}")
            .replace("end: 2026-04-17", f"end: {today + timedelta(days=64)}")
            .replace("deadline: 2026-03-27", f"deadline: {today + timedelta(days=30)}"))


def test_malformed_yaml_is_one_line_with_file_line_and_column(tmp_path):
    text = SHIPPED.replace("    venue: ILO headquarters, Geneva", "    venue: ILO headquarters: Geneva")
    line = text.splitlines().index("    venue: ILO headquarters: Geneva") + 1
    proc = run_check(tmp_path, meeting=text)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (err,) = [e for e in errors(proc) if "meeting.yaml" in e]
    assert err == f"error: {tmp_path / 'meeting.yaml'}:{line}:28: mapping values are not allowed here"
    # An unclosed bracket is found further down: the line shows where it was opened.
    text = SHIPPED.replace("    venue: ILO headquarters, Geneva", "    venue: [ILO headquarters, Geneva")
    line = text.splitlines().index("    venue: [ILO headquarters, Geneva") + 1
    (err,) = [e for e in errors(run_check(tmp_path, meeting=text)) if "meeting.yaml" in e]
    assert err.startswith(f"error: {tmp_path / 'meeting.yaml'}:")
    assert err.endswith(f"(while parsing a flow sequence at line {line}, column 12)")
    assert len(err.splitlines()) == 1


def test_an_impossible_date_names_its_key(tmp_path):
    proc = run_check(tmp_path, meeting=SHIPPED.replace("deadline: 2026-03-27", "deadline: 2026-02-30"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert [e for e in errors(proc) if ": deadline: " in e and "2026-02-30" in e], proc.stderr


def test_postgres_scheme_says_what_to_write(tmp_path):
    proc = run_check(tmp_path, INTAKE_DATABASE_URL="postgres://intake:pw@db.example.org/intake")
    assert proc.returncode == 1
    (err,) = [e for e in errors(proc) if "INTAKE_DATABASE_URL" in e]
    assert "'postgres'" in err and "postgresql+psycopg://" in err and "pw" not in err
    proc = run_check(tmp_path, INTAKE_DATABASE_URL="mysql://intake:pw@db/intake")
    assert [e for e in errors(proc) if "unknown dialect 'mysql'" in e]


def test_an_unencoded_at_sign_in_a_mailbox_url_is_an_error(tmp_path):
    proc = run_check(tmp_path, INTAKE_MAILBOX_URL="imaps://nominations@ilo.test:s3cret@outlook.office365.com/INBOX")
    assert proc.returncode == 1
    (err,) = [e for e in errors(proc) if "INTAKE_MAILBOX_URL" in e]
    assert "%40" in err and "s3cret" not in proc.stderr
    proc = run_check(tmp_path, INTAKE_SMTP_URL="smtp://nominations@ilo.test:s3cret@smtp.office365.com:587")
    assert [e for e in errors(proc) if "INTAKE_SMTP_URL" in e and "%40" in e]
    ok = run_check(tmp_path, INTAKE_MAILBOX_URL="imaps://nominations%40ilo.test:s3cret@outlook.office365.com/INBOX")
    assert ok.returncode == 0, ok.stderr


def test_a_url_without_password_or_token_is_an_error(tmp_path):
    url = "imaps://nominations%40ilo.test@outlook.office365.com/INBOX"
    proc = run_check(tmp_path, INTAKE_MAILBOX_URL=url)
    assert proc.returncode == 1
    assert [e for e in errors(proc) if "INTAKE_MAILBOX_URL" in e and "no password" in e]
    smtp = "smtp://nominations%40ilo.test@smtp.office365.com:587"
    proc = run_check(tmp_path, INTAKE_SMTP_URL=smtp)
    assert [e for e in errors(proc) if "INTAKE_SMTP_URL" in e and "no password" in e]
    # With a token source, both are complete.
    proc = run_check(tmp_path, INTAKE_MAILBOX_URL=url, INTAKE_SMTP_URL=smtp, INTAKE_OAUTH2_PROVIDER="microsoft",
                     INTAKE_OAUTH2_TENANT="contoso.onmicrosoft.com", INTAKE_OAUTH2_CLIENT_ID="app",
                     INTAKE_OAUTH2_CLIENT_SECRET="x")
    assert proc.returncode == 0, proc.stderr
    assert "XOAUTH2" in proc.stdout
    # A provider named without what it needs.
    proc = run_check(tmp_path, INTAKE_MAILBOX_URL=url, INTAKE_OAUTH2_PROVIDER="microsoft")
    assert [e for e in errors(proc) if "INTAKE_OAUTH2_TENANT" in e]


def test_a_maildir_that_does_not_exist_is_an_error(tmp_path):
    proc = run_check(tmp_path, INTAKE_MAILBOX_URL=f"maildir:{tmp_path / 'nowhere'}")
    assert proc.returncode == 1
    assert [e for e in errors(proc) if "INTAKE_MAILBOX_URL" in e and "does not exist" in e]
    assert not (tmp_path / "nowhere").exists()  # checking creates nothing


def test_a_past_deadline_is_a_warning_not_an_error(tmp_path):
    proc = run_check(tmp_path)  # the shipped meeting's deadline, 2026-03-27
    past = date.today() > date(2026, 3, 27)
    assert proc.returncode == 0, proc.stderr
    assert ("warning: " in proc.stderr and "deadline: 2026-03-27 has passed" in proc.stderr) == past
    proc = run_check(tmp_path, meeting=future_meeting())
    assert proc.returncode == 0 and "has passed" not in proc.stderr


def test_secrets_are_not_taken_from_the_meeting_file_but_from_files(tmp_path):
    proc = run_check(tmp_path, meeting=SHIPPED + "\n# no\nsmtp_password: hunter2\n")
    assert proc.returncode == 1
    assert [e for e in errors(proc) if "smtp_password" in e and "INTAKE_..._FILE" in e]
    secret = tmp_path / "mailbox-url"
    secret.write_text("imaps://nominations%40ilo.test:s3cret@outlook.office365.com/INBOX\n")
    proc = run_check(tmp_path, INTAKE_MAILBOX_URL_FILE=str(secret), INTAKE_MAILBOX_URL=None)
    assert proc.returncode == 0, proc.stderr
    assert "outlook.office365.com" in proc.stdout and "s3cret" not in proc.stdout


def test_a_missing_meeting_file_is_named(tmp_path):
    proc = run_check(tmp_path, INTAKE_MEETING=str(tmp_path / "absent.yaml"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert [e for e in errors(proc) if "absent.yaml" in e]


@pytest.mark.imap
def test_online_logs_in_to_imap_and_smtp_and_opens_the_database(tmp_path, dovecot, imap_user):
    endpoint = TokenEndpoint().start()
    endpoint.add_client("intake-app", secret="app-secret")
    endpoint.issue = ["tok-online"]
    mailbox = "sectoral-meetings@ilo.test"
    try:
        with SmtpSink(xoauth2={mailbox: "tok-online"}) as sink:
            dovecot.add_token(imap_user.name, "tok-online")
            env = dict(INTAKE_MAILBOX_URL=f"imap://{imap_user.name}@127.0.0.1:{dovecot.imap_port}/INBOX",
                       INTAKE_SMTP_URL=f"smtp://{mailbox.replace('@', '%40')}@127.0.0.1:{sink.port}",
                       INTAKE_OAUTH2_PROVIDER="microsoft", INTAKE_OAUTH2_TENANT="contoso.onmicrosoft.com",
                       INTAKE_OAUTH2_CLIENT_ID="intake-app", INTAKE_OAUTH2_CLIENT_SECRET="app-secret",
                       INTAKE_OAUTH2_AUTHORITY=endpoint.authority, REQUESTS_CA_BUNDLE=endpoint.ca_file)
            proc = run_check(tmp_path, "--online", **env)
            assert proc.returncode == 0, proc.stderr
            assert f"INTAKE_MAILBOX_URL: logged in to imap://{imap_user.name}@127.0.0.1" in proc.stdout
            assert f"INTAKE_SMTP_URL: logged in to 127.0.0.1:{sink.port} as {mailbox}" in proc.stdout
            assert "INTAKE_DATABASE_URL: opened (sqlite" in proc.stdout
            assert sink.logins == [mailbox]

            # Each failure on its own line: a refused token, a refused IMAP login, no database.
            sink.xoauth2[mailbox] = "another"
            proc = run_check(tmp_path, "--online", **{
                **env, "INTAKE_MAILBOX_URL": imap_user.url.replace(imap_user.password, "wrong"),
                "INTAKE_DATABASE_URL": "postgresql+psycopg://intake:pw@127.0.0.1:1/intake"})
            assert proc.returncode == 1
            found = errors(proc)
            assert [e for e in found if e.startswith("error: INTAKE_MAILBOX_URL:") and "refused" in e]
            assert [e for e in found if e.startswith("error: INTAKE_SMTP_URL: SMTP login refused: 535")]
            assert [e for e in found if e.startswith("error: INTAKE_DATABASE_URL: cannot open")]
            assert "wrong" not in proc.stderr and "pw@" not in proc.stderr and "Traceback" not in proc.stderr
    finally:
        endpoint.stop()


def test_a_wrong_setting_is_one_line_naming_its_variable(tmp_path):
    proc = run_check(tmp_path, INTAKE_OAUTH2_PROVIDER="azure", INTAKE_POLL_SECONDS="-1")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert errors(proc) == ["error: INTAKE_OAUTH2_PROVIDER: Input should be 'microsoft' or 'google' (got 'azure')",
                            "error: INTAKE_POLL_SECONDS: Input should be greater than 0 (got '-1')"]
    proc = run_check(tmp_path, INTAKE_OAUTH2_CLIENT_SECRET_FILE=str(tmp_path / "absent"))
    assert errors(proc) == [f"error: settings: INTAKE_OAUTH2_CLIENT_SECRET_FILE: cannot read {tmp_path / 'absent'}: "
                            "No such file or directory"]
