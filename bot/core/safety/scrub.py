"""Scrubbing of identity numbers, account numbers, e-mail addresses and phone numbers before text
is stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Eleven digits, typed together or in groups ("010190 12345", "1234.56.78903", "010 190 123 45"):
# a fødselsnummer or D-number, or a bank account number. Dates, years and amounts have fewer.
_ELEVEN_DIGITS = re.compile(r"(?<![\d+])\d(?:[ .-]?\d){10}(?![\d]|[ .-]\d)")
# Norway first: numbers without a country code are read as Norwegian ones.
_REGION = "NO"


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
    removed: tuple[str, ...]  # kinds removed: "identity_number", "account_number", "email", "phone"


def scrub(text: str, placeholder: Callable[[str], str]) -> Scrubbed:
    """Replace identity and account numbers, e-mail addresses and phone numbers with placeholders."""
    removed: list[str] = []

    def _replace(kind: str) -> Callable[[re.Match[str]], str]:
        def _sub(_match: re.Match[str]) -> str:
            removed.append(kind)
            return placeholder(kind)

        return _sub

    def _eleven(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        kind = "identity_number" if is_identity_number(digits) else "account_number"
        removed.append(kind)
        return placeholder(kind)

    text = _EMAIL.sub(_replace("email"), text)
    text = _phones(text, removed, placeholder)  # before the digit groups: "+46 70 123 45 67"
    text = _ELEVEN_DIGITS.sub(_eleven, text)
    return Scrubbed(text, tuple(dict.fromkeys(removed)))


def _phones(text: str, removed: list[str], placeholder: Callable[[str], str]) -> str:
    """Phone numbers as phonenumbers finds them: in any notation, Norwegian or foreign."""
    if sum(ch.isdigit() for ch in text) < 5:
        return text  # no number to find: skip the matcher's cost
    out: list[str] = []
    end = 0
    for match in phonenumbers.PhoneNumberMatcher(text, _REGION):
        out += [text[end : match.start], placeholder("phone")]
        removed.append("phone")
        end = match.end
    return "".join(out) + text[end:] if out else text
