"""decide: placeholder."""
from __future__ import annotations

from handlers import Context, register


@register
class Decide:
    name = "decide"
    description = "placeholder"
    after_stop = False

    def process(self, ctx: Context) -> None:
        return None
