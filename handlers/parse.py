"""parse: raw bytes to headers and readable text parts (bot/reading does the work).

Where the texts go:
- `body`: what the sender wrote; quoted earlier mail (">" lines, a reply's quoted
  original, the invitation letter, our own replies) is in its `quoted`, never in `text`.
- `forwarded:<n>`: a message the sender passes on (inline "Forwarded message" or an
  Outlook header block from a third party, an attached .eml or .msg): its header lines
  (From, Date, Subject, To) then its own text; what it quotes is in its `quoted`.
- `attachment:<filename>`: PDF, DOCX, OCR of scans, winmail.dat bodies, text files.
- `returned:<n>`: the original message inside a delivery report (all in `quoted`).
"""
from __future__ import annotations

from bot.reading import ReadOptions, read_message
from handlers.context import Context, register


@register
class Parse:
    name = "parse"
    description = "Read headers, bodies and attachments of the raw message."
    after_stop = False

    def process(self, ctx: Context) -> None:
        if ctx.parsed is None:  # the worker may have read it ahead, in parallel
            ctx.parsed = read_message(ctx.raw, ReadOptions.for_meeting(ctx.meeting))
