"""Text normalisation for matching Norwegian phrases with or without æøå, case and punctuation."""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "ae", "ö": "o"})
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s./-]")


def fold(text: str) -> str:
    """Lower case, æøå spelt out (ae, o, a), accents dropped, punctuation removed, single spaces."""
    lowered = unicodedata.normalize("NFC", text).lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # People type "aa" for å on foreign keyboards; "oe" for ø is handled by keyboard_variant(),
    # since folding it always would turn "noen" into "non".
    plain = plain.replace("aa", "a")
    plain = _NOT_WORD.sub(" ", plain)
    return _SPACES.sub(" ", plain).strip()


def words_only(text: str) -> str:
    """fold() without the dots, slashes and dashes kept for dates."""
    return _SPACES.sub(" ", re.sub(r"[./-]", " ", fold(text))).strip()


def folded_with_pauses(text: str) -> str:
    """Each word folded, with a comma where a word ended in a pause ("hei!" -> "hei,"), so that
    what opens a message can be told from what follows."""
    return " ".join(fold(word) + ("," if word[-1:] in ",.!:;" else "") for word in text.split())


def keyboard_variant(folded: str) -> str:
    """The folded text read as if "oe" stood for ø ("oensker a doe" -> "onsker a do")."""
    return folded.replace("oe", "o")
