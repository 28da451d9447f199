"""The pipeline: one message through ten small steps, each a module of this package.

    READING        parse -> read -> classify -> extract -> validate -> decide
    AFTER_READING  screen -> converse -> record -> reply

The reading needs no database (`intake extract` runs it; the worker runs it in a child
process, under a time and memory budget, bot/budget.py). What follows needs the database:
`screen` says whether an automatic reply may go, `converse` applies the delegation rules
and the delivery reports and sets the outcome, `record` writes the outcome into the
ledger row, `reply` puts the reply in the outbox.

Every step is a class with a `name`, a one-line `description` and one method
`process(ctx: Context) -> None`. Each piece of state is a typed field of `Context`
written by exactly one step (docs/architecture.md has the table). A step that finds the
message needs no more reading raises `Stop` (an expected outcome, not an error): the
remaining steps are skipped but those marked `after_stop = True`, so that the outcome is
still decided and recorded. Any other exception is a bug in the message's processing and
is handled in exactly one place, the worker (bot/worker.py).
"""
from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules

import structlog

from handlers.context import REGISTRY, Context, Handler, Stop, register

__all__ = ["AFTER_READING", "PROCESS", "READING", "REGISTRY", "Context", "Handler", "Stop", "check", "load",
           "register", "run"]

log = structlog.get_logger("intake.pipeline")


# Reading a message: what `intake extract` runs; needs no database.
READING: tuple[str, ...] = ("parse", "read", "classify", "extract", "validate", "decide")
# What follows the reading in the worker: the database and the reply.
AFTER_READING: tuple[str, ...] = ("screen", "converse", "record", "reply")
# The worker's whole pipeline.
PROCESS: tuple[str, ...] = READING + AFTER_READING


def check(*pipelines: tuple[str, ...]) -> None:
    """Fail at once when a pipeline names a step nobody registered (rather than at the first message)."""
    unknown = [name for names in pipelines for name in names if name not in REGISTRY]
    if unknown:
        raise RuntimeError(f"pipeline names unknown handlers: {', '.join(unknown)}")


def load() -> dict[str, Handler]:
    """The registry, every step module of the package imported (each registers itself) and
    every pipeline checked."""
    for module in iter_modules(__path__):
        import_module(f"{__name__}.{module.name}")
    check(READING, AFTER_READING, PROCESS)
    return REGISTRY


def run(names: tuple[str, ...], ctx: Context) -> Context:
    """Run the named handlers in order; `Stop` ends the reading early and is logged."""
    for name in names:
        handler = REGISTRY[name]
        if ctx.stopped and not handler.after_stop:
            continue
        try:
            handler.process(ctx)
        except Stop as stop:
            log.info("pipeline.stopped", handler=name, reason=stop.reason, message_id=ctx.message_id)
            ctx.stopped = True
    return ctx


load()
