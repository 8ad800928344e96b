"""Scrubbing of identity numbers, e-mail addresses and phone numbers before text is stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# Personal details that should not be stored as typed.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ELEVEN_DIGITS = re.compile(r"(?<![\d])(\d{6})[\s-]?(\d{5})(?![\d])")
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)47[\s-]?)?(?:\d[\s-]?){7}\d(?![\d])")


def is_identity_number(digits: str) -> bool:
    """A Norwegian fødselsnummer or D-number: 11 digits whose two last are mod-11 check digits."""
    if len(digits) != 11 or not digits.isdigit():
        return False
    numbers = [int(d) for d in digits]
    first = 11 - sum(w * n for w, n in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), numbers, strict=False)) % 11
    first = 0 if first == 11 else first
    second = 11 - sum(w * n for w, n in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), numbers, strict=False)) % 11
    second = 0 if second == 11 else second
    return first == numbers[9] and second == numbers[10]


@dataclass(frozen=True)
class Scrubbed:
    text: str
    removed: tuple[str, ...]  # kinds removed: "identity_number", "email", "phone"


def scrub(text: str, placeholder: Callable[[str], str]) -> Scrubbed:
    """Replace identity numbers, e-mail addresses and phone numbers with placeholders."""
    removed: list[str] = []

    def _identity(match: re.Match[str]) -> str:
        if is_identity_number(match.group(1) + match.group(2)):
            removed.append("identity_number")
            return placeholder("identity_number")
        return match.group(0)

    def _replace(kind: str) -> Callable[[re.Match[str]], str]:
        def _sub(_match: re.Match[str]) -> str:
            removed.append(kind)
            return placeholder(kind)

        return _sub

    text = _ELEVEN_DIGITS.sub(_identity, text)
    text = _EMAIL.sub(_replace("email"), text)
    text = _PHONE.sub(_replace("phone"), text)
    return Scrubbed(text, tuple(dict.fromkeys(removed)))
