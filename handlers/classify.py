"""classify: placeholder."""
from __future__ import annotations

from handlers import Context, register


@register
class Classify:
    name = "classify"
    description = "placeholder"
    after_stop = False

    def process(self, ctx: Context) -> None:
        return None
