"""Crisis detection (suicide, self-harm, violence) and scrubbing of identity numbers and contacts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.text_norm import keyboard_variant, words_only

# Patterns run on folded text: lower case, æ→ae, ø→o, å→a, no punctuation. Each names a signal
# someone writes about themselves or others; figures of speech ("det slo meg", "dø av latter",
# "drepe tiden", "slå meg ned") are kept out by the patterns' own shape, and both kinds are
# tested in tests/test_safety.py. Violence is checked first: "han truer med å drepe meg".
_ME = r"(?:meg|meg selv|meg sjol|meg sjolv|meg sjav)"
_SELF = r"(?:selv|sjol|sjolv|sjelv|sjav)"
_NOT = r"(?:ikke|ikkje|ik|ikk)"
_DIE = r"(?:do|doy|dod|daue|doden)"
_I = r"(?:jeg|eg|je|e)"
_THEY = r"(?:han|hun|ho|de|dei|mannen|kona|faren|far|mora|mor|kjaeresten|typen|samboeren)"

CRISIS_PATTERNS: dict[str, tuple[str, ...]] = {
    "violence": (
        r"(?<!det )(?<!tanken )(?<!ideen )\b(?:slar|slo|banker|banka|bankar|sparker|sparka|kveler"
        r"|kvelte|kvelar|voldtok|voldtar|dytter|dytta|dyttet|lugger|misbrukte|misbruker"
        r"|mishandler|mishandla|mishandlet) meg\b"
        r"(?! til ro| ned pa| ned i| ned som| ut| pa skuldra)"
        r"(?![^.]*\b(?:sjakk|spill|kortspill|tennis|fotball|poker|dart|quiz)\b)",
        r"\b(?:blir|ble|vart|blei|har blitt|er blitt) (?:slatt|slegen|banket|banka|mishandlet|mishandla"
        r"|voldtatt|voldteken|misbrukt|truet|trua) (?:av|hjemme|heime)\b",
        rf"\b{_I} (?:ble|blei|vart|har blitt|er blitt|har vorte|ble nettopp) (?:voldtatt|voldteken"
        r"|mishandlet|mishandla|misbrukt|slatt|slegen)\b",
        rf"\b{_I} (?:blir|er|har vaert|har vore|ble) utsatt for (?:vold|overgrep|mishandling)\b",
        r"\bvold (?:hjemme|heime|i hjemmet|i heimen)\b",
        rf"\b{_THEY}(?: min| mitt)? (?:er|var|blir) voldelig\b",
        rf"\bredd (?:for )?(?:at )?(?:a bli (?:drept|slatt|skadet)|{_THEY} skal "
        r"(?:drepe|skade|sla) (?:meg|oss|barna))",
        r"\b(?:truer|trua|truet|truar) med a (?:drepe|skade|sla)\b",
        r"\b(?:vil|skal|kommer til a|har lyst til a|tenker pa a) (?:drepe|skade|sla ihjel)"
        r" (?:han|ham|henne|ho|dem|dei|noen|nokon|folk|andre|sjefen|naboen|kjaeresten|mannen|kona)\b",
    ),
    "suicide": (
        rf"\b(?:{_SELF}|sjel)mord(?!sforebygg)",
        r"\bsuicidal",
        r"\b(?:ta|tar|tek|tok) (?:livet|live) (?:av|fra|ifra) meg\b",
        r"\b(?:ta|tar|tek) (?:mitt|mitt eget|mitt eige) liv\b",
        r"\b(?:ta|tar|tek) livet mitt\b",
        rf"\bdrepe meg {_SELF}\b",
        rf"\b{_I} (?:vil|skal|kommer til a|tenker pa a|har lyst til a|har lyst a) drepe meg\b",
        rf"\b(?:vil|ville|onsker|onskjer|lyst til a|lyst a|lengter etter a|lengtar etter a)"
        rf"(?: bare| berre| helst| egentlig)?(?: a)? {_DIE}\b"
        r"(?! av latter| av kjedsomhet| gammel| mett| lykkelig)",
        rf"\b(?:vil|ville|orker|orkar|gidder|gidd) {_NOT} (?:a )?leve(?: sann| slik| sann)?"
        r"(?: lenger| lengre| mer| meir)?(?:$| og| men)",
        rf"\b{_NOT} lyst (?:til )?a leve\b",
        rf"\b(?:vil|ville|orker|orkar) {_NOT} (?:a )?(?:vaere|vere) her (?:lenger|lengre|mer|meir)\b(?! enn)",
        r"\bgjore slutt pa (?:det hele|livet|meg|alt(?:$| sammen| og))",
        r"\bgjere slutt pa (?:det heile|livet|meg|alt(?:$| saman| og))",
        r"\bavslutte livet\b",
        rf"\b(?:henge|skyte) {_ME}\b(?! pa| inn| opp)",
        r"\b(?:hoppe|kaste meg) (?:foran|fra|ut fra|ned fra) (?:toget|et tog|ein bil|en bil|bilen|broa"
        r"|brua|brua|taket|et tak|vinduet|fjellet|balkongen)\b",
        r"\b(?:ta|tar|tok|tatt|tek) (?:en )?overdose\b",
        r"\b(?:tok|tatt|har tatt|tar) (?:masse|mange|alle|en haug|ein haug) (?:piller|tabletter)\b",
        r"\bsamle(?:t|r)? (?:opp|pa) (?:piller|tabletter)\b",
        rf"\bbedre (?:om|hvis|viss|dersom) (?:jeg|eg) (?:var|er|vart) {_DIE}\b",
        rf"\b(?:onsker|skulle onske|onskjer) (?:at )?(?:jeg|eg) var {_DIE}\b",
        rf"\bhelst (?:vaere|vere) {_DIE}\b",
        rf"\bbedre (?:for alle )?(?:om|hvis|viss|dersom) (?:jeg|eg) {_NOT} fant?es\b",
        r"\b(?:hatt det )?bedre uten meg\b",
        rf"\b(?:vil|ville|onsker|onskjer) {_NOT} (?:a )?vakne (?:igjen|opp|meir|mer|i morgen)\b",
        r"\b(?:ikke|ikkje) verdt a leve\b|\bingen (?:vits|grunn|mening) (?:i|med|til) a leve\b",
    ),
    "self_harm": (
        rf"\bskad(?:e|er|a|ar|et) {_ME} (?:{_SELF})\b",
        rf"\b(?:{_SELF})skad",
        r"\b(?:kutter|kuttar|kutta|kuttet|kutte|risper|rispar|rispe|rispet) meg\b(?! ut| inn)",
        r"\b(?:begynt|begynte|byrja|starta) (?:a )?(?:kutte|rispe|skade meg) igjen\b",
        r"\b(?:skjaerer|skjaere) meg\b(?! ut)",
        r"\bbrenn(?:er|ar|e) meg(?: med vilje| selv| med sigarett|$)",
        r"\b(?:sla|slar|slo) meg (?:selv|sjol|sjolv)\b",
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
    variants = dict.fromkeys((folded, keyboard_variant(folded)))
    for kind, patterns in _COMPILED.items():
        if any(pattern.search(variant) for variant in variants for pattern in patterns):
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
