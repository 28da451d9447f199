"""screen: never answer a machine (DESIGN.md), with the reasons named."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.mail import ParsedMessage
from bot.meeting import load_meeting
from bot.rules import authentication_failures, backlog_reason, machine_reasons

MEETING = load_meeting("config/meeting.yaml")


def parsed(**headers: str) -> ParsedMessage:
    sender = headers.pop("from_addr", "desk@labour.gov.tt")
    ctype = headers.pop("content_type", "text/plain")
    mid = headers.pop("message_id", "<x@labour.gov.tt>")
    return ParsedMessage(message_id=mid, from_addr=sender, content_type=ctype,
                         headers={k.replace("_", "-").lower(): [v] for k, v in headers.items()})


def test_a_person_writing_may_be_answered():
    assert machine_reasons(parsed(Auto_Submitted="no"), MEETING) == []


@pytest.mark.parametrize("headers, reason", [
    ({"Auto_Submitted": "auto-replied"}, "auto_submitted"),
    ({"Auto_Submitted": "auto-generated"}, "auto_submitted"),
    ({"Precedence": "bulk"}, "precedence_bulk"),
    ({"Precedence": "auto_reply"}, "precedence_auto_reply"),
    ({"List_Id": "<news.example.org>"}, "mailing_list"),
    ({"List_Unsubscribe": "<mailto:x@y>"}, "mailing_list"),
    ({"X_Autoreply": "yes"}, "autoreply_header"),
    ({"X_Auto_Response_Suppress": "OOF, AutoReply"}, "suppress_auto_response"),
    ({"X_Failed_Recipients": "a@b.c"}, "delivery_report"),
    ({"content_type": "multipart/report"}, "delivery_report"),
    ({"Return_Path": "<>"}, "null_return_path"),
    ({"from_addr": "MAILER-DAEMON@mx.example.net"}, "machine_sender"),
    ({"from_addr": "postmaster@example.net"}, "machine_sender"),
    ({"from_addr": "no-reply@example.net"}, "machine_sender"),
    ({"from_addr": "sectoral-meetings@ilo.test"}, "own_address"),
    ({"message_id": "<intake.tmai-2026.17.confirm@ilo.test>"}, "own_message"),
])
def test_machines_and_ourselves_are_never_answered(headers, reason):
    assert reason in machine_reasons(parsed(**headers), MEETING)


def test_x_auto_response_suppress_none_does_not_block():
    assert machine_reasons(parsed(X_Auto_Response_Suppress="None"), MEETING) == []


def test_an_old_backlog_is_judged_by_arrival_time():
    now = datetime(2026, 3, 20, 12, tzinfo=timezone.utc)
    assert backlog_reason(now - timedelta(hours=1), MEETING, now) is None
    assert backlog_reason(now - timedelta(hours=MEETING.replies.max_backlog_hours + 1), MEETING, now) == "old_backlog"
    assert backlog_reason(None, MEETING, now) is None


def test_failed_sender_authentication_is_named_from_our_own_servers_header_only():
    p = parsed()
    p.headers["authentication-results"] = [
        "mx.ilo.test; dkim=fail header.d=labour.gov.tt; spf=pass smtp.mailfrom=labour.gov.tt; dmarc=fail",
        "forged.example; dkim=pass; spf=pass; dmarc=pass",
    ]
    assert authentication_failures(p) == ["auth_failed:dkim", "auth_failed:dmarc"]
    p.headers["authentication-results"] = ["mx.ilo.test; dkim=pass; spf=pass; dmarc=pass", "x; dmarc=fail"]
    assert authentication_failures(p) == []
