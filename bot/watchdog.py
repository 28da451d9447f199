"""The watchdog: tells someone when the bot cannot do its work.

Problems, by kind:

- ``mailbox_login``, ``smtp_login``: the server refused the login;
- ``mailbox_token``, ``smtp_token``: no OAuth2 token could be had to log in with (the
  identity provider refused, or cannot be reached);
- ``quiet``: no mail processed for ``watchdog.quiet_hours`` while nominations are open.

The worker records each change (raised, cleared) as an Event row, so that `intake status`,
/healthz and the review page's header, in other processes, see the same thing; ``quiet`` is
computed when asked, so that it shows even when the worker is not running. A raised problem
also queues one alert mail to ``watchdog.alert_to`` in the outbox (sent like the replies),
at most once per kind every ALERT_EVERY: the mail comes from the bot's own address with an
own Message-ID, so the bot files it away unanswered if it ever comes back.
"""
from __future__ import annotations

import secrets
from datetime import datetime, time, timedelta, timezone

import structlog
from sqlalchemy import func, select

from bot.db import Database
from bot.meeting import Meeting
from bot.models import Event, Inbound, Outbox

log = structlog.get_logger("intake.watchdog")

LABELS = {
    "mailbox_login": "the mailbox login fails",
    "mailbox_token": "no OAuth2 token for the mailbox",
    "smtp_login": "the SMTP login fails",
    "smtp_token": "no OAuth2 token for SMTP",
    "quiet": "no mail processed",
}
HINTS = {
    "mailbox_login": "Check the user in INTAKE_MAILBOX_URL and its password or token; for Microsoft 365, "
                     "the application's mailbox permission (README: Microsoft 365).",
    "smtp_login": "Check the user in INTAKE_SMTP_URL and its password or token; for Microsoft 365, "
                  "SMTP AUTH must be enabled for the mailbox (README: Microsoft 365).",
    "mailbox_token": "Check the OAuth2 settings (INTAKE_OAUTH2_*): an expired client secret or certificate, "
                     "a removed application or a revoked refresh token (README: Microsoft 365, Google Workspace).",
    "smtp_token": "Check the OAuth2 settings for SMTP (INTAKE_SMTP_OAUTH2_*, else INTAKE_OAUTH2_*): an expired "
                  "client secret or certificate, a removed application or a revoked refresh token.",
    "quiet": "Check that mail still reaches the mailbox and that the worker runs (`intake status`).",
}
ACTIONS = ("watchdog.raised", "watchdog.cleared")
ALERT_EVERY = timedelta(hours=6)
# How many of the latest watchdog events are read to know the current state.
HISTORY = 200


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC back


def _history(db: Database, meeting_id: str) -> tuple[dict[str, dict], dict[str, datetime]]:
    """(the problems recorded and not cleared: kind -> {problem, since}, when each kind was
    last alerted by mail)."""
    with db.session() as s:
        rows = s.execute(select(Event.action, Event.at, Event.detail).where(Event.action.in_(ACTIONS))
                         .order_by(Event.id.desc()).limit(HISTORY)).all()
    state: dict[str, dict] = {}
    alerted: dict[str, datetime] = {}
    for action, at, detail in reversed(rows):
        detail = detail or {}
        if detail.get("meeting") != meeting_id or detail.get("kind") not in LABELS:
            continue
        kind = detail["kind"]
        if action == "watchdog.cleared":
            state.pop(kind, None)
            continue
        state[kind] = {"problem": detail.get("problem", ""), "since": _aware(at)}
        if detail.get("alerted"):
            alerted[kind] = _aware(at)
    return state, alerted


def recorded(db: Database, meeting_id: str) -> dict[str, dict]:
    """The problems the worker recorded and has not cleared: kind -> {problem, since}."""
    return _history(db, meeting_id)[0]


def quiet_problem(db: Database, meeting: Meeting, now: datetime | None = None) -> str | None:
    """"no mail processed since ..." when the nomination window is open and the bot has
    processed nothing for `quiet_hours`; else None."""
    now = now or datetime.now(timezone.utc)
    zone = meeting.zone
    if now > datetime.combine(meeting.deadline, time.max, tzinfo=zone):
        return None
    opens = meeting.watchdog.opens
    start = datetime.combine(opens, time.min, tzinfo=zone) if opens else None
    if start is not None and now < start:
        return None
    with db.session() as s:
        last = s.scalar(select(func.max(Inbound.processed_at)).where(Inbound.meeting_id == meeting.id))
    reference = max([t for t in (_aware(last) if last else None, start) if t is not None], default=None)
    if reference is None:
        return None
    hours = (now - reference).total_seconds() / 3600
    if hours < meeting.watchdog.quiet_hours:
        return None
    what = f"since {reference.isoformat(timespec='minutes')}" if last else "since the window opened"
    return f"no mail processed {what} ({hours:.0f} h, more than {meeting.watchdog.quiet_hours:g} h)"


def problems(db: Database, meeting: Meeting, now: datetime | None = None) -> list[dict]:
    """What is wrong now, for `intake status`, /healthz and the review page: a list of
    {kind, what, problem, since, hint}, empty when all is well."""
    out = []
    for kind, p in sorted(recorded(db, meeting.id).items()):
        out.append({"kind": kind, "what": LABELS[kind], "problem": p["problem"], "since": p["since"].isoformat(),
                    "hint": HINTS[kind]})
    quiet = quiet_problem(db, meeting, now)
    if quiet and not any(p["kind"] == "quiet" for p in out):
        out.append({"kind": "quiet", "what": LABELS["quiet"], "problem": quiet, "since": None, "hint": HINTS["quiet"]})
    return out


class Watchdog:
    """The worker's side: records changes and queues the alert mails."""

    def __init__(self, db: Database, meeting: Meeting):
        self.db, self.meeting = db, meeting
        self._state: dict[str, dict] | None = None
        self._alerted: dict[str, datetime] = {}

    def state(self) -> dict[str, dict]:
        if self._state is None:
            self._state, self._alerted = _history(self.db, self.meeting.id)
        return self._state

    def raise_(self, kind: str, problem: str) -> None:
        """Record `problem` of `kind` (once while it lasts) and queue the alert mail, unless
        one for this kind went less than ALERT_EVERY ago (a flapping login)."""
        if kind in self.state():
            return  # already known: its first text stands while it lasts
        problem = problem[:500]
        now = datetime.now(timezone.utc)
        last = self._alerted.get(kind)
        mail = bool(self.meeting.watchdog.alert_to) and (last is None or now - last >= ALERT_EVERY)
        with self.db.session() as s, s.begin():
            s.add(Event(action="watchdog.raised", detail={"meeting": self.meeting.id, "kind": kind,
                                                           "problem": problem, "alerted": mail}))
            if mail:
                for to in self.meeting.watchdog.alert_to:
                    s.add(self._alert(to, kind, problem, now))
        self.state()[kind] = {"problem": problem, "since": now}
        if mail:
            self._alerted[kind] = now
        log.error("watchdog.problem", kind=kind, problem=problem, alerted=mail, hint=HINTS[kind])

    def clear(self, *kinds: str) -> None:
        for kind in kinds:
            if kind not in self.state():
                continue
            with self.db.session() as s, s.begin():
                s.add(Event(action="watchdog.cleared", detail={"meeting": self.meeting.id, "kind": kind}))
            self.state().pop(kind)
            log.info("watchdog.cleared", kind=kind)

    def check_quiet(self) -> None:
        quiet = quiet_problem(self.db, self.meeting)
        if quiet:
            self.raise_("quiet", quiet)
        else:
            self.clear("quiet")

    def _alert(self, to: str, kind: str, problem: str, now: datetime) -> Outbox:
        from bot.replies import build

        m = self.meeting
        domain = m.addresses.nominations.rsplit("@", 1)[1]
        # An own Message-ID (bot.replies.is_own_message_id): never answered if it comes back.
        mid = f"<intake.{m.id.lower()}.watchdog.{kind}.{now.strftime('%Y%m%dT%H%M%S')}.{secrets.token_hex(4)}@{domain}>"
        subject = f"[{m.id}] intake: {LABELS[kind]}"
        body = (f"The nomination intake bot of {m.id} ({m.addresses.nominations}) cannot do its work:\n\n"
                f"  {LABELS[kind]}: {problem}\n  since {now.isoformat(timespec='seconds')}\n\n"
                f"{HINTS[kind]}\n\n`intake status` shows what is wrong now. This mail is sent once while the "
                f"problem lasts (again after {ALERT_EVERY.total_seconds() / 3600:g} h if it comes back).\n")
        raw = build(m, to=to, subject=subject, body=body, message_id=mid, language="en", in_reply_to=None, references=[])
        return Outbox(meeting_id=m.id, message_id=mid, to_addr=to.lower(), template="alert", language="en",
                      subject=subject, raw=raw)
