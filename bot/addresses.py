"""E-mail address checks shared by the meeting file, extraction and replies."""
from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator


def normalize_address(value: str) -> str:
    """Return the address in its normal form, or raise ValueError saying why it is not one."""
    normal, why = _checked(value)
    if why is not None:
        raise ValueError(why)
    return normal


@lru_cache(maxsize=4096)
def _checked(value: str) -> tuple[str, str | None]:
    """(normal form, None), or ("", why it is not an address): each address is checked once
    however often it is asked (the reading, the gate and the models all check the same ones)."""
    try:
        # test_environment admits the reserved .test domain used by meetings' own test setups.
        info = validate_email(value.strip(), check_deliverability=False, test_environment=True)
    except EmailNotValidError as exc:
        return "", f"{value!r} is not an e-mail address: {exc}"
    return info.normalized, None


def is_address(value: str | None) -> bool:
    if not value:
        return False
    try:
        normalize_address(value)
    except ValueError:
        return False
    return True


def domain_of(address: str | None) -> str | None:
    if not address or "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip().lower().rstrip(">") or None


Address = Annotated[str, AfterValidator(normalize_address)]
