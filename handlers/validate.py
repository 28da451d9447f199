"""validate: placeholder."""
from __future__ import annotations

from handlers import Context, register


@register
class Validate:
    name = "validate"
    description = "placeholder"
    after_stop = False

    def process(self, ctx: Context) -> None:
        return None
