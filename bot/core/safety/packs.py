"""The crisis patterns each language's folder brings (bot/locales/<lang>/crisis_patterns.tsv): the
plain first-person ways to say it, which the model beside them may miss."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from bot.core.i18n import LOCALES_DIR

PATTERNS_FILE = "crisis_patterns.tsv"
NEGATION_REACH = 2  # a negation this many words before a match cancels it ("nie chcę się zabić")
# Arabic letters written several ways: the hamza's seats, alef maqsura, ta marbuta; tatweel dropped.
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


@dataclass(frozen=True)
class _Pack:
    language: str
    negation: re.Pattern[str] | None
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (tier, pattern)


def _forms(text: str) -> tuple[str, str]:
    """The text as matched: lowercase with its marks, and lowercase without them (people type
    "chce sie zabic" for "chcę się zabić"); a zero-width joiner reads as a space."""
    lowered = unicodedata.normalize("NFC", text).lower().replace("\u200c", " ").translate(_ARABIC)
    plain = "".join(
        ch
        for ch in unicodedata.normalize("NFKD", lowered.replace("ł", "l").replace("ı", "i"))
        if not unicodedata.combining(ch)
    )
    return " ".join(lowered.split()), " ".join(plain.split())


@functools.cache
def _packs() -> tuple[_Pack, ...]:
    packs = []
    for path in sorted(LOCALES_DIR.glob(f"*/{PATTERNS_FILE}")):
        negation: re.Pattern[str] | None = None
        patterns: list[tuple[str, re.Pattern[str]]] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            tier, _, pattern = line.partition("\t")
            if tier == "negation":
                negation = re.compile(rf"(?:^|\s)(?:{pattern})(?:\s|$)")
            else:
                assert tier in ("acute", "concern"), f"{path}: {line}"
                patterns.append((tier, re.compile(pattern)))
        packs.append(_Pack(path.parent.name, negation, tuple(patterns)))
    return tuple(packs)


def _negated(pack: _Pack, text: str, start: int) -> bool:
    if pack.negation is None:
        return False
    before = " ".join(text[:start].split()[-NEGATION_REACH:])
    return bool(pack.negation.search(f" {before} "))


def pack_tier(text: str) -> str | None:
    """ "acute" or "concern" when a language pack's pattern is in the text (and not negated just
    before it), acute first; None otherwise."""
    found: set[str] = set()
    for form in _forms(text):
        for pack in _packs():
            for tier, pattern in pack.patterns:
                match = pattern.search(form)
                if match is not None and not _negated(pack, form, match.start()):
                    found.add(tier)
    return "acute" if "acute" in found else ("concern" if found else None)
