"""record: placeholder."""
from __future__ import annotations

from handlers import Context, register


@register
class Record:
    name = "record"
    description = "placeholder"
    after_stop = True

    def process(self, ctx: Context) -> None:
        return None
