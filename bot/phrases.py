"""Short free-text intents: yes, no, "vet ikke", a number on the scale, asking for a human."""

from __future__ import annotations

import re

from bot.text_norm import words_only

YES = {
    "ja",
    "jo",
    "jepp",
    "japp",
    "jada",
    "ok",
    "okei",
    "okay",
    "greit",
    "gjerne",
    "ja takk",
    "ja gjerne",
    "klart",
    "selvfolgelig",
    "sikkert",
    "det er greit",
    "yes",
    "ja da",
    "javisst",
    "ja det vil jeg",
    "ja vil det",
    "ja, takk",
}
NO = {
    "nei",
    "nope",
    "nei takk",
    "ikke na",
    "ikkje no",
    "nei ikke na",
    "no",
    "niks",
    "ellers takk",
    "nei det vil jeg ikke",
    "helst ikke",
    "nah",
}
YES_EMOJI = {"👍", "👌", "✅", "🙂", "😊"}
NO_EMOJI = {"👎", "❌", "🙅"}

DONT_KNOW = re.compile(
    r"\b(?:vet|veit|veid) (?:ikke|ikkje|ik)\b|\baner (?:ikke|ikkje)\b|\bingen (?:anelse|aning|peiling)\b"
    r"|\b(?:ikke|ikkje) (?:sikker|peiling)\b|\busikker\b|\bidk\b|\bvanskelig a si\b"
    r"|\bkommer (?:ikke|ikkje) pa noe\b|\bkjem ikkje pa noko\b|\bhar ingen ide\b"
)
HUMAN = re.compile(
    r"\b(?:snakke|prate|chatte|skrive|snakka|prata) med (?:et|eit|en|ein|ei) (?:ekte )?"
    r"(?:menneske|person|brobygger|voksen|ansatt)\b"
    r"|\b(?:snakke|prate) med noen(?: na)?$|\bet ekte menneske\b|\beit ekte menneske\b"
    r"|\b(?:vil|ville|kan jeg) (?:ha|fa) (?:en|ein) brobygger\b|^(?:brobygger|menneske)$"
)
NUMBER_WORDS = {
    "null": 0,
    "en": 1,
    "ein": 1,
    "ett": 1,
    "eitt": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "atte": 8,
    "ni": 9,
    "ti": 10,
}


def _plain(text: str) -> str:
    return words_only(text)


def is_yes(text: str) -> bool:
    stripped = text.strip()
    return stripped in YES_EMOJI or _plain(text) in YES


def is_no(text: str) -> bool:
    stripped = text.strip()
    return stripped in NO_EMOJI or _plain(text) in NO


def is_dont_know(text: str) -> bool:
    """A short "don't know"; a longer answer that also says "vet ikke, men ..." is an answer."""
    plain = _plain(text)
    if plain in {"", "?"} and text.strip().startswith("?"):
        return True
    if len(plain) > 45 or re.search(r"\bmen\b", plain):
        return False
    return bool(DONT_KNOW.search(plain))


def asks_for_human(text: str) -> bool:
    return bool(HUMAN.search(_plain(text)))


def scale_number(text: str) -> int | None:
    """The first number 0-10 in the text ("5", "ca 4 av 10", "fem")."""
    plain = _plain(text)
    match = re.search(r"\b(10|[0-9])\b", plain)
    if match:
        return int(match.group(1))
    for word in plain.split():
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


def has_words(text: str) -> bool:
    """True when the text has a letter or digit (not only emoji or punctuation)."""
    return any(ch.isalnum() for ch in text)
