"""The real-server test infrastructure behaves as the other tests assume."""

from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage

import imapclient
import pytest
import sqlalchemy as sa

from tests.servers import fresh_postgres_schema, postgres_database_exists

RAW = (
    b"From: Alice <alice@example.org>\r\n"
    b"To: intake@example.org\r\n"
    b"Subject: Nomination =?utf-8?q?d=C3=A9l=C3=A9gation?=\r\n"
    b"Message-ID: <roundtrip-1@example.org>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Bonjour, je vous pr\xc3\xa9sente la d\xc3\xa9l\xc3\xa9gation.\r\n"
)


def _mail(subject: str, to: str = "intake@example.org") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "bot@example.org"
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content("Thank you for your nomination.\n")
    return msg


# ------------------------------------------------------------------ Dovecot


def test_append_then_fetch_returns_same_bytes(dovecot, imap_user):
    uid = dovecot.append(imap_user.name, imap_user.password, RAW, flags=[rb"\Seen"])
    assert dovecot.folder_uids(imap_user.name, imap_user.password, "INBOX") == [uid]
    assert dovecot.fetch_all(imap_user.name, imap_user.password, "INBOX") == [RAW]
    flags = dovecot.fetch_flags(imap_user.name, imap_user.password, "INBOX")
    assert rb"\Seen" in flags[uid]


def test_append_to_new_folder_and_reset(imap_user):
    imap_user.append(RAW, folder="Processed")
    imap_user.append(RAW)
    assert len(imap_user.fetch_all("Processed")) == 1
    imap_user.reset()
    assert imap_user.uids("INBOX") == []
    with imap_user.client() as c:
        names = {f[2] for f in c.list_folders()}
    assert names == {"INBOX", "Sent"}


def test_fresh_users_are_isolated_and_url_is_usable(dovecot, imap_user):
    other = dovecot.fresh_user()
    assert other.name != imap_user.name
    imap_user.append(RAW)
    assert other.uids() == []
    assert imap_user.url == f"imap://{imap_user.name}:{imap_user.password}@127.0.0.1:{dovecot.imap_port}/INBOX"
    assert dovecot.url("a", "b", "Sent") == f"imap://a:b@127.0.0.1:{dovecot.imap_port}/Sent"


def test_capabilities(imap_user):
    with imap_user.client() as c:
        caps = set(c.capabilities())
    assert {b"IDLE", b"MOVE", b"UIDPLUS", b"SPECIAL-USE"} <= caps


def test_idle_announces_append_from_other_client(dovecot, imap_user):
    with imap_user.client() as watcher:
        watcher.select_folder("INBOX")
        watcher.idle()
        try:
            start = time.monotonic()
            imap_user.append(RAW)
            responses = []
            while time.monotonic() - start < 2 and not any(r[1:2] == (b"EXISTS",) for r in responses):
                responses += watcher.idle_check(timeout=0.25)
        finally:
            watcher.idle_done()
    assert (1, b"EXISTS") in responses, responses
    assert time.monotonic() - start < 2


def test_xoauth2_token_login(dovecot, imap_user):
    dovecot.add_token(imap_user.name, "token-123")
    c = imapclient.IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False, timeout=10)
    try:
        c.oauth2_login(imap_user.name, "token-123")
        c.select_folder("INBOX")
    finally:
        c.logout()

    c = imapclient.IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False, timeout=10)
    try:
        with pytest.raises(imapclient.exceptions.IMAPClientError):
            c.oauth2_login(imap_user.name, "wrong-token")
        with pytest.raises(imapclient.exceptions.IMAPClientError):
            c.oauth2_login(imap_user.name, imap_user.password)  # a password is not a token
    finally:
        c.shutdown()


def test_lmtp_delivery(dovecot, imap_user):
    dovecot.deliver_lmtp(imap_user.address, RAW)
    (got,) = imap_user.fetch_all()
    assert got.endswith(RAW)
    assert b"Delivered-To: " + imap_user.address.encode() in got


def test_restart_keeps_mail_and_cuts_connections(dovecot, imap_user):
    imap_user.append(RAW)
    c = imap_user.client()
    try:
        c.select_folder("INBOX")
        dovecot.restart()
        with pytest.raises((OSError, imapclient.exceptions.IMAPClientError, EOFError)):
            c.noop()
    finally:
        c.shutdown()
    assert imap_user.fetch_all() == [RAW]
    assert dovecot.fresh_user().uids() == []


# ------------------------------------------------------------------ SMTP


def test_smtp_sink_receives_message(smtp):
    assert smtp.url == f"smtp://127.0.0.1:{smtp.port}"
    with smtplib.SMTP("127.0.0.1", smtp.port, timeout=10) as s:
        s.send_message(_mail("Reply 1"), from_addr="bot@example.org", to_addrs=["a@x.org", "b@y.org"])
    (msg,) = smtp.wait_for(1, timeout=2)
    assert msg.mail_from == "bot@example.org"
    assert msg.rcpt_tos == ["a@x.org", "b@y.org"]
    assert isinstance(msg.message, EmailMessage)
    assert msg.message["Subject"] == "Reply 1"
    assert b"Thank you for your nomination." in msg.raw
    smtp.clear()
    assert smtp.messages == []
    with pytest.raises(TimeoutError):
        smtp.wait_for(1, timeout=0.1)


def test_smtp_sink_delivers_to_dovecot(smtp_to_imap, dovecot, imap_user):
    other = dovecot.fresh_user()
    with smtplib.SMTP("127.0.0.1", smtp_to_imap.port, timeout=10) as s:
        s.send_message(_mail("Acknowledgement", to=imap_user.address), to_addrs=[imap_user.address, other.address])
    (msg,) = smtp_to_imap.wait_for(1)
    assert msg.delivery_errors == {}
    for user in (imap_user, other):
        (got,) = user.fetch_all()
        assert b"Subject: Acknowledgement" in got


def test_smtp_sink_unknown_recipient_is_recorded_not_refused(smtp_to_imap):
    with smtplib.SMTP("127.0.0.1", smtp_to_imap.port, timeout=10) as s:
        s.send_message(_mail("To nobody", to="nobody-here@example.org"))
    (msg,) = smtp_to_imap.wait_for(1)
    assert list(msg.delivery_errors) == ["nobody-here@example.org"]


# ------------------------------------------------------------------ PostgreSQL


def test_fresh_postgres_database_is_usable_and_dropped(pg_url):
    with fresh_postgres_schema() as url:
        name = sa.engine.make_url(url).database
        assert name.startswith("intake_test_")
        engine = sa.create_engine(url)
        try:
            with engine.begin() as conn:
                conn.execute(sa.text("CREATE TABLE t (id int primary key)"))
                conn.execute(sa.text("INSERT INTO t VALUES (1)"))
            with engine.connect() as conn:
                assert conn.execute(sa.text("SELECT count(*) FROM t")).scalar() == 1
        finally:
            engine.dispose()
        assert postgres_database_exists(name)
    assert not postgres_database_exists(name)


def test_db_url_is_empty_and_writable(db_url):
    engine = sa.create_engine(db_url)
    try:
        assert sa.inspect(engine).get_table_names() == []
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE nominations (id integer primary key, name text)"))
            conn.execute(sa.text("INSERT INTO nominations (id, name) VALUES (1, 'x')"))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT name FROM nominations")).scalar() == "x"
    finally:
        engine.dispose()
