"""reply: placeholder."""
from __future__ import annotations

from handlers import Context, register


@register
class Reply:
    name = "reply"
    description = "placeholder"
    after_stop = True

    def process(self, ctx: Context) -> None:
        return None
