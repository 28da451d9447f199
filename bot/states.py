"""ILO member States: names in English, French and Spanish, aliases, government mail domains.

The data is `config/member_states.yaml`; this module only looks it up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "config" / "member_states.yaml"


@dataclass(frozen=True)
class State:
    code: str  # ISO 3166-1 alpha-2
    names: dict[str, str]  # en, fr, es: the official short names
    aliases: tuple[str, ...] = ()  # other ways letters write it, in any of the three languages
    domains: tuple[str, ...] = ()  # government mail domains beyond the country-code TLD


@dataclass
class StateRegistry:
    states: dict[str, State] = field(default_factory=dict)

    def get(self, code: str) -> State | None:
        raise NotImplementedError

    def is_member(self, code: str | None) -> bool:
        raise NotImplementedError

    def name(self, code: str, lang: str = "en") -> str:
        """The State's name in `lang` (en, fr, es; anything else gives English)."""
        raise NotImplementedError

    def by_domain(self, domain: str | None) -> str | None:
        """The member State a government mail domain belongs to, or None (gmail.com, un.org)."""
        raise NotImplementedError

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Every member State named in `text`: (code, start, end), in order of appearance."""
        raise NotImplementedError


@lru_cache(maxsize=4)
def load_states(path: str | Path = DEFAULT_PATH) -> StateRegistry:
    raise NotImplementedError
