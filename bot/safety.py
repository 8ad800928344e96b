"""Crisis detection (suicide, self-harm, violence) and scrubbing of identity numbers and contacts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.text_norm import words_only

# Patterns run on folded text: lower case, æ→ae, ø→o, å→a, no punctuation. Each names a signal
# someone writes about themselves or others; figures of speech ("det slo meg", "dø av latter",
# "drepe tiden") are kept out by the patterns' own shape and tested in tests/test_safety.py.
_ME = r"(?:meg|meg selv|meg sjol|meg sjolv|meg sjav)"
_SELF = r"(?:selv|sjol|sjolv|sjelv|sjav)"
_NOT = r"(?:ikke|ikkje|ik|ikk)"
_DIE = r"(?:do|doy|dod|daue|doden)"
_AFTER = r"(?:\s|$)"

CRISIS_PATTERNS: dict[str, tuple[str, ...]] = {
    "suicide": (
        rf"\b(?:{_SELF}|sjel)mord(?!sforebygg)",
        r"\bta (?:livet|live) (?:av|fra|ifra) meg\b",
        r"\bta (?:mitt|mitt eget|mitt eige|mitt eiget) liv\b",
        r"\btar livet mitt\b",
        rf"\bdrepe meg {_SELF}\b",
        rf"\b(?:vil|ville|onsker|onskjer|lyst til a|lyst a|lengter etter a|lengtar etter a)"
        rf"(?: bare| berre| helst| egentlig)?(?: a)? {_DIE}\b(?! av latter| av kjedsomhet)",
        rf"\b(?:vil|ville|orker|orkar|gidder|gidd) {_NOT} (?:a )?leve(?: lenger| lengre| mer| meir)?"
        rf"(?:$| og| men)",
        rf"\b(?:vil|ville|orker|orkar) {_NOT} (?:a )?(?:vaere|vere) her (?:lenger|lengre|mer|meir)\b",
        r"\bgjore slutt pa (?:det hele|alt|livet|meg)\b",
        r"\bgjere slutt pa (?:det heile|alt|livet|meg)\b",
        rf"\b(?:henge|skyte) {_ME}\b",
        r"\b(?:hoppe|kaste meg) foran (?:toget|et tog|ein bil|en bil|bilen|toget)\b",
        r"\b(?:ta|tatt|tek) en overdose\b",
        rf"\bbedre (?:om|hvis|viss|dersom) (?:jeg|eg) (?:var|er|vart) {_DIE}\b",
        r"\bbedre for alle (?:om|hvis|viss|dersom) (?:jeg|eg) (?:ikke|ikkje) fantes\b",
        rf"\b(?:vil|ville|onsker|onskjer) {_NOT} (?:a )?vakne (?:igjen|opp|meir|mer)\b",
        r"\bikke verdt a leve\b|\bikkje verdt a leve\b|\bingen vits (?:i|med) a leve\b",
    ),
    "self_harm": (
        rf"\bskad(?:e|er|a|et|ar) {_ME} (?:{_SELF})\b",
        rf"\b(?:{_SELF})skad",
        r"\b(?:kutter|kutta|kuttet|kutte|risper|rispar|rispe|rispet) meg\b(?! ut)",
        r"\b(?:skjaerer|skjaere|skar) meg\b(?! ut)",
        r"\bbrenn(?:er|e) meg (?:med|pa) (?:vilje|sigarett)",
        r"\b(?:sla|slar|slo) meg (?:selv|sjol|sjolv)\b",
    ),
    "violence": (
        r"(?<!det )(?<!tanken )(?<!ideen )\b(?:slar|slo|banker|banka|bankar|sparker|sparka|kveler"
        r"|kvelte|kvelar|voldtok|voldtar|truer|trua|truet|dytter|lugger) meg\b"
        r"(?! til ro| ut| pa skuldra)(?![^.]*\b(?:sjakk|spill|kortspill|tennis|fotball|poker|dart|quiz)\b)",
        r"\b(?:blir|ble|vart|blei) (?:slatt|banket|banka|mishandlet|mishandla|voldtatt|truet|trua)"
        r" (?:av|hjemme|heime)\b",
        r"\b(?:voldtatt|voldteken|voldtekt|mishandlet|mishandla|misbrukt|overgrep)\b",
        r"\bvold (?:hjemme|heime|i hjemmet|i heimen)\b",
        r"\bredd for (?:a bli (?:drept|slatt|skadet)|at (?:han|hun|ho|de|dei) skal "
        r"(?:drepe|skade|sla) (?:meg|oss|barna))",
        r"\b(?:truer|trua|truet|truar) med a (?:drepe|skade|sla)\b",
        r"\b(?:vil|skal|kommer til a|har lyst til a|tenker pa a) (?:drepe|skade|sla ihjel)"
        r" (?:han|ham|henne|ho|dem|dei|noen|nokon|folk|andre|sjefen|naboen|kjaeresten|mannen|kona)\b",
    ),
}
_COMPILED = {
    kind: tuple(re.compile(pattern) for pattern in patterns) for kind, patterns in CRISIS_PATTERNS.items()
}


@dataclass(frozen=True)
class Crisis:
    kind: str  # "suicide", "self_harm" or "violence"


def detect_crisis(text: str) -> Crisis | None:
    """The first crisis signal in the text, or None."""
    folded = words_only(text)
    for kind, patterns in _COMPILED.items():
        if any(pattern.search(folded) for pattern in patterns):
            return Crisis(kind)
    return None


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
