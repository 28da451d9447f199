"""extract: placeholder."""
from __future__ import annotations

from handlers import Context, register


@register
class Extract:
    name = "extract"
    description = "placeholder"
    after_stop = False

    def process(self, ctx: Context) -> None:
        return None
