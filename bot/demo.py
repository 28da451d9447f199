"""`make demo`: the bot's main job on the embedded defaults, then the review page.

Fills var/mailbox with the sample messages in examples/mail, runs the worker once over
them (replies to var/outbox, records in var/intake.db), creates the user `demo`, and
serves the review page on http://127.0.0.1:8000.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
EXAMPLES = ROOT / "examples" / "mail"
DEMO_PASSWORD = "demo-password"


def main() -> int:
    os.chdir(ROOT)
    for name in ("mailbox", "outbox"):
        shutil.rmtree(VAR / name, ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        (VAR / f"intake.db{suffix}").unlink(missing_ok=True)
    os.environ.update(INTAKE_MAILBOX_URL="maildir:var/mailbox", INTAKE_SMTP_URL="maildir:var/outbox",
                      INTAKE_DATABASE_URL="sqlite:///var/intake.db", INTAKE_MEETING="config/meeting.yaml")

    from bot import log as logging_setup
    from bot.app import App
    from bot.mailbox import deliver_to_maildir
    from bot.models import Inbound, Outbox

    logging_setup.configure(level="WARNING")
    samples = sorted(EXAMPLES.glob("*.eml"))
    for path in samples:
        deliver_to_maildir(VAR / "mailbox", path.read_bytes())
    app = App()
    stats = app.worker().run(once=True)

    from sqlalchemy import select

    print(f"\n{len(samples)} sample messages from examples/mail put into var/mailbox and processed:")
    with app.db.session() as s:
        for row in s.scalars(select(Inbound).order_by(Inbound.id)):
            reasons = f"  ({', '.join(row.reasons or [])})" if row.reasons else ""
            print(f"  {row.status:<11} {row.decision or '':<15} {row.member_state or '--':<3} {row.subject}{reasons}")
        replies = s.scalars(select(Outbox).order_by(Outbox.id)).all()
        print(f"\n{len(replies)} replies written to var/outbox/new:")
        for r in replies:
            print(f"  {r.status:<8} {r.language}  to {r.to_addr}: {r.subject}")
    print("\nrecorded in var/intake.db; mailbox folders under var/mailbox (.Processed, .Review, .Ignored)")
    print(f"stats: {stats.by_status}")

    from bot.web import create_app
    from bot.web.users import set_password

    with app.db.session() as s, s.begin():
        set_password(s, "demo", DEMO_PASSWORD, update=True, actor="demo")
    port = int(os.environ.get("INTAKE_DEMO_PORT", "8000"))
    print(f"\nreview page: http://127.0.0.1:{port}  (sign in as demo / {DEMO_PASSWORD}; Ctrl-C to stop)\n",
          flush=True)
    import uvicorn

    uvicorn.run(create_app(app), host="127.0.0.1", port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
