"""`python -m bench.djmailbox`: django-mailbox fetching an IMAP folder into a fresh SQLite database.

The comparison the benchmark reports next to `intake run --once`: django-mailbox 4.10
(the `bench` extra, installed by `make bench` only) with a standalone Django set-up, its
own tables migrated into a new SQLite file, one Mailbox whose URI points at the bench's
Dovecot, and `Mailbox.get_new_mail()` consumed to the end. It stores each message (the
original .eml file and the dehydrated body) and its attachments, and nothing else.

django-mailbox's IMAP transport fetches one message at a time (`UID FETCH uid (RFC822)`),
flags it \\Deleted and expunges the folder at the end: the folder is empty afterwards, so
the caller seeds it again before each run.

Runs in a process of its own so that Django's settings never meet the worker's code, and
so that its wall time counts start-up and migration as the worker's does. Prints one JSON
line: messages stored, seconds in all and in `get_new_mail`, peak memory.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from urllib.parse import quote

T_START = time.monotonic()


def available() -> str | None:
    """None when django-mailbox can run, else why not (how to install it)."""
    try:
        import django  # noqa: F401
        import django_mailbox  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed: `make bench` installs the bench extra (pip install -e '.[bench]')"
    return None


def imap_uri(host: str, port: int, user: str, password: str, folder: str = "INBOX") -> str:
    """django-mailbox's form of an IMAP mailbox: imap://user:password@host:port?folder=F."""
    return f"imap://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}?folder={quote(folder)}"


def configure(db: Path, media: Path, wal: bool) -> None:
    """Django with only what django-mailbox needs; WAL and synchronous=NORMAL as the worker's SQLite."""
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        USE_TZ=True,
        SECRET_KEY="bench",
        INSTALLED_APPS=["django.contrib.contenttypes", "django_mailbox"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        MEDIA_ROOT=str(media),
        LOGGING_CONFIG=None,
    )
    django.setup()
    if wal:
        from django.db.backends.signals import connection_created

        def pragmas(sender, connection, **_kw) -> None:  # type: ignore[no-untyped-def]
            if connection.vendor == "sqlite":
                with connection.cursor() as cur:
                    cur.execute("PRAGMA journal_mode=WAL")
                    cur.execute("PRAGMA synchronous=NORMAL")

        connection_created.connect(pragmas, weak=False)  # a local function: kept alive here


def fetch(uri: str) -> tuple[int, int, float]:
    """Migrate, create the Mailbox, fetch everything: (messages, attachments, seconds fetching)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django_mailbox.models import Mailbox, MessageAttachment

    box = Mailbox.objects.create(name="bench", uri=uri)
    t0 = time.monotonic()
    n = sum(1 for _ in box.get_new_mail())
    seconds = time.monotonic() - t0
    return n, MessageAttachment.objects.count(), seconds


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.djmailbox", description=__doc__.splitlines()[0])
    p.add_argument("--uri", required=True, help="imap://user:password@127.0.0.1:PORT?folder=INBOX")
    p.add_argument("--db", required=True, help="the SQLite file to create")
    p.add_argument("--media", required=True, help="where the .eml files and attachments go")
    p.add_argument("--wal", action="store_true", help="journal_mode=WAL, synchronous=NORMAL (as the worker)")
    args = p.parse_args(argv)
    why = available()
    if why:
        print(json.dumps({"error": why}))
        return 3
    configure(Path(args.db), Path(args.media), args.wal)
    n, attachments, fetch_s = fetch(args.uri)
    wall = time.monotonic() - T_START
    print(json.dumps({"messages": n, "attachments": attachments, "seconds": round(wall, 3),
                      "fetch_seconds": round(fetch_s, 3),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
