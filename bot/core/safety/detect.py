"""Crisis detection: the phrases of bot.core.safety.patterns, clause by clause, minus what is denied,
reported or joked about."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.safety.clauses import Clause, clauses
from bot.core.safety.literals import required_literals
from bot.core.safety.packs import pack_tier
from bot.core.safety.patterns import ATTEMPT, LAUGHTER, MESSAGE_PHRASES, PHRASES, URGENT_WORDS

TIERS = ("acute", "concern")
KINDS = ("violence", "suicide", "self_harm")  # the order a message's kind is chosen in


@dataclass(frozen=True)
class Crisis:
    kind: str  # "suicide", "self_harm" or "violence"
    tier: str = "acute"  # "acute": help lines and an urgent case; "concern": ask, help lines beside
    attempt: bool = False  # acute, and something is being done now: pills taken, bleeding
    by_model: bool = False  # seen by the reading model, not (or less so) by the rules

    @property
    def acute(self) -> bool:
        return self.tier == "acute"


@dataclass(frozen=True)
class _Group:
    """The phrases of one tier, kind and strength, by their number in _PATTERNS."""

    tier: str
    kind: str
    weak: bool
    phrases: tuple[int, ...]


# Every phrase, clause-level first; each is searched for only in text that holds one of the
# literals it cannot match without, which keeps a message well under a fifth of a millisecond.
_PATTERNS = [re.compile(p.pattern) for p in (*PHRASES, *MESSAGE_PHRASES)]
_ALWAYS: list[int] = []
_BY_LITERAL: dict[str, list[int]] = {}
for _number, _phrase in enumerate((*PHRASES, *MESSAGE_PHRASES)):
    _literals = required_literals(_phrase.pattern)
    if _literals is None:
        _ALWAYS.append(_number)
    for _literal in _literals or ():
        _BY_LITERAL.setdefault(_literal, []).append(_number)


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _by_trigram() -> dict[str, list[str]]:
    """Each literal filed under one of its three-letter pieces, the one fewest literals share: a
    text holds the literal only if it holds that piece, so few literals need looking for."""
    shared: dict[str, int] = {}
    for literal in _BY_LITERAL:
        for piece in _trigrams(literal):
            shared[piece] = shared.get(piece, 0) + 1
    index: dict[str, list[str]] = {}
    for literal in _BY_LITERAL:
        piece = min(sorted(_trigrams(literal)), key=lambda p: shared[p])
        index.setdefault(piece, []).append(literal)
    return index


_BY_TRIGRAM = _by_trigram()


def _candidates(text: str) -> set[int]:
    """The phrases that can match in this text."""
    found = set(_ALWAYS)
    for piece in _trigrams(text) & _BY_TRIGRAM.keys():
        for literal in _BY_TRIGRAM[piece]:
            if literal in text:
                found.update(_BY_LITERAL[literal])
    return found


def _groups() -> list[_Group]:
    groups = []
    for tier in TIERS:
        for kind in KINDS:
            for weak in (False, True):
                numbers = tuple(
                    n for n, p in enumerate(PHRASES) if (p.tier, p.kind, p.weak) == (tier, kind, weak)
                )
                if numbers:
                    groups.append(_Group(tier, kind, weak, numbers))
    return groups


# Tried in this order: acute before concern, violence before suicide before self-harm.
_GROUPS = _groups()
_MESSAGE_GROUPS = [(p.tier, p.kind, len(PHRASES) + n) for n, p in enumerate(MESSAGE_PHRASES)]
_LAUGHTER = re.compile(LAUGHTER)
# Games: "skal drepe dem alle i kveld" is about the game.
_PLAYING = re.compile(
    r"\b(?:gaming|gamer|cod|fortnite|minecraft|fifa|counter strike|cs|wow|playstation|xbox|game"
    r"|spillet|sjakk|poker|paintball|laser ?tag)\b|😎|🎮"
)
_URGENT = re.compile(URGENT_WORDS)
_ATTEMPT = re.compile(ATTEMPT)

# A negation governs a crisis phrase a few words after it ("jeg er ikke suicidal", "har aldri
# tenkt på å ta livet mitt", "I would never kill myself").
_NEGATIONS = frozenset({"ikke", "aldri", "not", "never"})
_NEGATION_REACH = 5
# "ingen"/"no" deny only what stands right after them ("ingen selvmordstanker").
_NONE_WORDS = frozenset({"ingen", "no", "zero", "null"})
# ... unless the negation is about knowing or being sure: "vet ikke om jeg vil leve lenger" and
# "not sure I want to live" are no denial.
_NOT_A_DENIAL_BEFORE = frozenset({"vet", "veit", "vett", "skjonner", "forstar", "know", "skjonar"})
_NOT_A_DENIAL_AFTER = frozenset({"sikker", "sure", "lenger", "bare", "just", "only"})
_DENIALS = re.compile(
    r"\b(?:ingen|har ingen|no|have no|not have any) (?:planer|planar|plan|plans|tanker|tankar|thoughts"
    r"|intensjon|intention|intentions|onske|desire|lyst)\b"
    r"|\bikke (?:sann|slik) at\b|\bnot like\b|\bnot that\b"
)
# Nouns that a denial may follow: "selvmordstanker har jeg aldri hatt".
_NOUN = re.compile(r"^(?:selvmord|suicid|selvskad|self ?harm)")
_AFTER_REACH = 4
# Right after a phrase: "samboeren slår meg ikke", "jeg kutter meg ikke lenger" (not "ikke lenge siden").
_NEGATION_AFTER = 1
_AUXILIARIES = frozenset(
    {"har", "er", "vil", "kommer", "skal", "blir", "var", "has", "is", "was", "will", "would"}
)
# Long past, and over: "hadde selvmordstanker for ti år siden", "det er lenge siden".
_LONG_AGO = re.compile(
    r"\b(?:for (?:\w+ ){1,2}(?:ar|maneder|years|months) siden|lenge siden|(?:years|months) ago|long ago"
    r"|da jeg var (?:ung|yngre|liten|tenaring|barn)|i ungdommen|som tenaring|as a teenager)\b"
)
_NOT_JOKING = re.compile(
    r"\b(?:tuller|spoker|kidding|joking) (?:ikke|not)\b|\bnot (?:joking|kidding)\b|\bikke (?:tull|spok)\b"
)
_STILL = re.compile(r"\b(?:igjen|fortsatt|enda|framleis|tilbake|again|still|back)\b")
# Someone else's words or a story: "legen spurte om jeg ville dø", "i filmen tok han livet sitt".
_REPORTED = frozenset(
    {
        "spurte", "spor", "sporte", "spurde", "lurte", "asked", "asks", "asking", "ask", "filmen", "film",
        "serien", "boka", "boken", "artikkel", "artikkelen", "artikler", "podcast", "podcasten", "nyhetene",
        "dokumentar", "dokumentaren", "movie", "show", "series", "book", "article", "news", "sangen", "song",
        "kurset", "foredrag", "foredraget", "undersokelse", "skjema", "skjemaet", "sporreskjema",
        "kartlegging", "questionnaire", "form", "avisa", "avisen", "vg", "nrk", "tv", "spillet", "game",
        "episode", "episoden", "karakteren", "romanen", "laerte", "teksten", "podkast",
        "podkasten", "youtube", "tiktok", "serie", "filmer",
        "lyrics", "sangtekst",
    }
)  # fmt: skip
_REPORTED_PHRASES = re.compile(
    r"\b(?:sa han|sa hun|sier han|sier hun|he said|she said|snakket om"
    r"|snakka om|pratet om|prata om|talked about|om temaet|handler om|handlar om|is about)\b"
)
# After a reported question, the writer's own yes makes it theirs: "...spurte om jeg ville dø,
# og jeg sa ja".
_OWN_YES = re.compile(r"\b(?:jeg|i) (?:sa|svarte|svara|said|answered) (?:ja|jo|yes)\b|^(?:ja|jo|yes)$")


def detect_crisis(text: str) -> Crisis | None:
    """The strongest crisis signal in the text (acute before concern), or None: the Norwegian and
    English rules, then the plain ways to say it in every other language pack."""
    found = _detect(text)
    if found is not None:
        return found
    tier = pack_tier(text)
    return Crisis("suicide", tier) if tier is not None else None


def _detect(text: str) -> Crisis | None:
    parts = clauses(text)
    if not parts:
        return None
    lowered = text.lower()
    laughs = bool(_LAUGHTER.search(lowered) or _PLAYING.search(" ".join(p.text for p in parts)))
    if laughs and _NOT_JOKING.search(" ".join(p.text for p in parts)):
        laughs = False  # "jeg tuller ikke", "not joking"
    owned = any(_OWN_YES.search(part.text) for part in parts)
    found: list[Crisis] = []
    for part in parts:
        candidates = _candidates(part.text)
        if not candidates:
            continue
        for group in _GROUPS:
            if group.weak and laughs:
                continue
            numbers = [n for n in group.phrases if n in candidates]
            matches = (m for n in numbers for m in _PATTERNS[n].finditer(part.text))
            if any(_counts(part, group, match, owned) for match in matches):
                found.append(Crisis(group.kind, group.tier))
                break
    whole = " . ".join(part.text for part in parts)
    candidates = _candidates(whole)
    found += [
        Crisis(kind, tier)
        for tier, kind, number in _MESSAGE_GROUPS
        if number in candidates and _PATTERNS[number].search(whole)
    ]
    if not found:
        return None
    acute = [c for c in found if c.acute]
    urgent = bool(_URGENT.search(whole))
    if acute:
        first = min(acute, key=lambda c: KINDS.index(c.kind))
        if _ATTEMPT.search(whole) and first.kind != "violence":
            return Crisis(first.kind, "acute", attempt=True)
        if laughs and first.kind == "suicide" and not urgent:
            # "I want to die lol": asked about directly, rather than an alarm raised.
            return Crisis(first.kind, "concern")
        return first
    concern = found[0]
    if urgent:
        return Crisis(concern.kind, "acute")  # a sign with a time close at hand
    return concern


def _counts(part: Clause, group: _Group, match: re.Match[str], owned: bool) -> bool:
    """Whether a phrase found in a clause is the writer's own, meant, and not denied."""
    before = part.text[: match.start()].split()
    after = part.text[match.end() :].split()
    if _denied(before, match.group(0)) or _DENIALS.search(" ".join(before[-_NEGATION_REACH:])):
        return False
    words = match.group(0).split()
    if any(w in _NEGATIONS for w in words) and _negation_not_needed(group, match.group(0), words):
        return False
    reach = _AFTER_REACH if _NOUN.match(match.group(0)) else _NEGATION_AFTER
    if not before and after[:1] and after[0] in _AUXILIARIES:
        reach += 1  # "å ta livet mitt har aldri vært et alternativ"
    for index, word in enumerate(after[:reach]):
        if word in _NEGATIONS and (after[index + 1 : index + 2] or [""])[0] != "lenge":
            return False
    if _LONG_AGO.search(part.text) and not _STILL.search(part.text):
        return False
    reported = (
        any(w in _REPORTED for w in before)
        or bool(_REPORTED_PHRASES.search(" ".join(before)))
        or _someone_else_said(before)
    )
    return not reported or owned


_SAYING = re.compile(r"\b(?:sa at|sier at|said that|says that|fortalte|forteller|told|tells)\b")
_FIRST_PERSON = frozenset({"jeg", "eg", "i", "e"})


def _someone_else_said(before: list[str]) -> bool:
    """ "legen sa at …", "naboen fortalte …": someone else's words. "jeg fortalte psykologen at
    jeg vil …" is the writer's own."""
    text = " ".join(before)
    for found in _SAYING.finditer(text):
        sayer = text[: found.start()].split()[-2:]
        if not any(word in _FIRST_PERSON for word in sayer):
            return True
    return False


def _negation_not_needed(group: _Group, text: str, words: list[str]) -> bool:
    """A negation inside a phrase that no matching phrase needs denies it ("tenker ikke på
    døden"); one that a phrase needs is its meaning ("vil ikke leve")."""
    without = " ".join(w for w in words if w not in _NEGATIONS)
    matching = [_PATTERNS[n] for n in group.phrases if _PATTERNS[n].search(text)]
    return all(pattern.search(without) for pattern in matching)


# A subject starts a new clause where the writer left out the comma ("jeg orker ikke mer jeg vil
# dø"): a negation before it does not govern what follows it.
_SUBJECTS = frozenset({"jeg", "eg", "vi", "du", "han", "hun"})
# "i" is the English "I" (and a dialect "jeg") only before a verb; otherwise it is "in".
_AFTER_I = frozenset(
    {"want", "am", "will", "just", "really", "have", "need", "feel", "can", "do"}
    | {"vil", "skal", "orker", "har"}
)


def _denied(before: list[str], phrase: str) -> bool:
    """A negation in reach before the phrase that is about the phrase."""
    following = [*before[1:], phrase.split(" ", 1)[0]]
    for index in range(len(before) - 1, -1, -1):
        word = before[index]
        subject = word in _SUBJECTS or (word == "i" and following[index] in _AFTER_I)
        if subject and any(w in _NEGATIONS for w in before[:index]):
            before = before[index:]
            break
    start = max(0, len(before) - _NEGATION_REACH)
    for index in range(start, len(before)):
        word = before[index]
        if word in _NONE_WORDS and index >= len(before) - 2:
            return True
        if word not in _NEGATIONS:
            continue
        previous = before[index - 1] if index > 0 else ""
        after_it = before[index + 1] if index + 1 < len(before) else ""
        if previous in _NOT_A_DENIAL_BEFORE or after_it in _NOT_A_DENIAL_AFTER:
            continue
        return True
    return False
