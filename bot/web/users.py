"""Accounts of the review page: argon2 hashes, and the `intake user add NAME` command."""
from __future__ import annotations

import argparse
import getpass
import re
import sys
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Event, User

if TYPE_CHECKING:
    from bot.app import App

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
MIN_PASSWORD = 8
_hasher = PasswordHasher()
# Verified when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("not a password of anyone")


def set_password(s: Session, name: str, password: str, *, update: bool = False, actor: str = "cli") -> User:
    """Create the account `name`, or change its password when `update`."""
    if not NAME.match(name):
        raise ValueError("a user name is letters, digits and _ . @ - (at most 64)")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password needs at least {MIN_PASSWORD} characters")
    user = s.scalar(select(User).where(User.name == name))
    if user is not None and not update:
        raise ValueError(f"user {name!r} exists (use --update to change the password)")
    if user is None:
        user = User(name=name, password_hash=_hasher.hash(password))
        s.add(user)
        s.add(Event(actor=actor, action="user.added", detail={"user": name}))
    else:
        user.password_hash = _hasher.hash(password)
        s.add(Event(actor=actor, action="user.password_changed", detail={"user": name}))
    return user


def authenticate(s: Session, name: str, password: str) -> User | None:
    """The user when the password is right, else None (same cost either way)."""
    user = s.scalar(select(User).where(User.name == name)) if name else None
    try:
        _hasher.verify(user.password_hash if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def read_password() -> str:
    """At a terminal: asked twice without echo; otherwise the first line of standard input."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_user_add(args: argparse.Namespace, app: "App") -> int:
    try:
        password = read_password()
        with app.db.session() as s, s.begin():
            set_password(s, args.name, password, update=args.update)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"user {args.name} {'updated' if args.update else 'added'}", file=sys.stderr)
    return 0
