"""Database models. Every change goes with an Alembic migration (bot/migrations)."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Inbound(Base):
    """The ledger: one row per message seen, raw bytes kept forever (until purge)."""

    __tablename__ = "inbound"
    __table_args__ = (
        UniqueConstraint("mailbox", "uidvalidity", "uid", name="uq_inbound_server_uid"),
        Index("ix_inbound_status", "status"),
        # Only the few rows still to file on the server: the acknowledgement query stays
        # as fast with 50,000 messages of history as with none.
        Index("ix_inbound_unacked", "mailbox", "id", sqlite_where=text("acked = 0"),
              postgresql_where=text("NOT acked")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(64))
    # Message-ID header, or "<sha256:HEX@intake>" when the message has none.
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    mailbox: Mapped[str] = mapped_column(String(255))  # the mailbox URL without secrets
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    uid: Mapped[int | None] = mapped_column(BigInteger)
    server_key: Mapped[str] = mapped_column(String(255))  # what the adapter needs to acknowledge
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # new → processed | review | ignored | quarantined
    status: Mapped[str] = mapped_column(String(16), default="new")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Folder the server copy goes to, and whether it got there.
    folder: Mapped[str | None] = mapped_column(String(64))
    acked: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str | None] = mapped_column(Text)
    from_addr: Mapped[str | None] = mapped_column(String(320))
    date: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the Date header
    kind: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(8))
    member_state: Mapped[str | None] = mapped_column(String(2))
    decision: Mapped[str | None] = mapped_column(String(16))
    extraction: Mapped[dict | None] = mapped_column(JSON)
    reasons: Mapped[list | None] = mapped_column(JSON)
    no_reply: Mapped[list | None] = mapped_column(JSON)
    # open | approved | rejected | ignored: the secretariat's handling of a flagged message.
    review_state: Mapped[str | None] = mapped_column(String(16))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id"))
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # What the review page shows of the message, made from the one reading of its bytes when
    # it was processed (bot/view.py); None for a message not read (yet) or recorded before.
    # Loaded only where asked for (undefer): its texts are large, and the pipeline never needs them.
    view: Mapped[dict | None] = mapped_column(JSON, deferred=True)

    delegation: Mapped["Delegation | None"] = relationship(back_populates="messages")


class InboundAttachment(Base):
    """An attachment of a ledger message as the reading found it, kept for the review page to
    serve without reading the message again."""

    __tablename__ = "inbound_attachment"
    __table_args__ = (UniqueConstraint("inbound_id", "position", name="uq_inbound_attachment_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inbound_id: Mapped[int] = mapped_column(ForeignKey("inbound.id"))
    position: Mapped[int] = mapped_column(Integer)  # its index on the page
    filename: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Delegation(Base):
    """One per member State (or observer organization) and meeting."""

    __tablename__ = "delegation"
    __table_args__ = (UniqueConstraint("meeting_id", "key", name="uq_delegation_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(64))
    # The member State's code, or "org:<name>" for an organization.
    key: Mapped[str] = mapped_column(String(255))
    member_state: Mapped[str | None] = mapped_column(String(2))
    organization: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[str | None] = mapped_column(String(16))
    # pending (items missing) | confirmed | review | withdrawn
    status: Mapped[str] = mapped_column(String(16), default="pending")
    sender_domain: Mapped[str | None] = mapped_column(String(255))
    sender_addr: Mapped[str | None] = mapped_column(String(320))
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    participants: Mapped[list["Person"]] = relationship(back_populates="delegation", order_by="Person.id")
    messages: Mapped[list[Inbound]] = relationship(back_populates="delegation", order_by="Inbound.id")
    events: Mapped[list["Event"]] = relationship(back_populates="delegation", order_by="Event.id")


class Person(Base):
    """A nominated participant. Replaced or withdrawn people are kept with their status."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(320))
    attendance: Mapped[str | None] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(8))
    # active | replaced | withdrawn
    status: Mapped[str] = mapped_column(String(16), default="active")
    undeliverable: Mapped[bool] = mapped_column(Boolean, default=False)
    source_inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound.id"))
    # None when the bot set the values; the user name when a person did.
    decided_by: Mapped[str | None] = mapped_column(String(64))
    evidence: Mapped[dict | None] = mapped_column(JSON)

    delegation: Mapped[Delegation] = relationship(back_populates="participants")


class Event(Base):
    """Every change to a delegation or a flagged message, with its source."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id"), index=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound.id"), index=True)
    actor: Mapped[str] = mapped_column(String(64), default="bot")  # "bot" or a user name
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict | None] = mapped_column(JSON)

    delegation: Mapped[Delegation | None] = relationship(back_populates="events")


class Outbox(Base):
    """A reply to send: written in the same transaction as the record, sent after commit."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status", "status"), Index("ix_outbox_to_created", "to_addr", "created_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[str] = mapped_column(String(64))
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound.id"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id"))
    # Derived from the record, so that a retry after a crash is recognised.
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    to_addr: Mapped[str] = mapped_column(String(320))
    template: Mapped[str] = mapped_column(String(32))  # confirm, request_missing, ...
    language: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)  # the whole message as it will be sent
    # pending → sending → sent; failed after too many tries; uncertain when a crash hit
    # between "sending" and "sent" (never re-sent automatically: a person decides).
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class User(Base):
    """An account of the review page (`intake user add NAME`); the password as an argon2 hash."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
