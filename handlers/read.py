"""read: the sender's own words, once, for every step after (bot/extraction/message.py).

Which parts are the sender's (quoted mail, our own replies and the invitation left out),
the words before the closing, the language, the people the text names and what it says
of them: classify, extract, validate, decide and converse all read this one reading.
"""
from __future__ import annotations

from bot.extraction import message as M
from handlers.context import Context, register


@register
class Read:
    name = "read"
    description = "Find the sender's own words, their language and the people they name."
    after_stop = False

    def process(self, ctx: Context) -> None:
        assert ctx.parsed is not None
        ctx.reading = M.read(ctx.parsed, ctx.meeting)
