"""A message cut into clauses and normalised for crisis detection: folded, dialect and slang
mapped to one spelling, one-letter typos on the key words mended."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.text_norm import keyboard_variant, words_only

# Clause ends: sentence ends, commas, semicolons, line breaks, brackets and a free-standing dash.
# No pattern may depend on where the message ends, so each clause is read on its own.
_CLAUSE_END = re.compile(r"[.!?…;:,()\[\]\n\r]+|\s[-–—]+\s")
# Conjunctions that start a new clause. Not "for" ("bedre for alle") and not "så" ("så lei").
_CONJUNCTIONS = frozenset({"og", "men", "fordi", "eller", "but", "and", "because", "cause", "cuz", "or"})
_APOSTROPHES = re.compile(r"['’‘`´]")
# Emoji that carry a crisis meaning, as words, before folding drops them.
_EMOJI_WORDS = {"🪦": " gravstein ", "⚰": " gravstein ", "🔪": " kniv ", "💊": " piller ", "🪢": " tau "}
_EMOJI = re.compile("|".join(_EMOJI_WORDS))

# One spelling for the dialect, Nynorsk and chat forms of the words the patterns are built on.
# Ambiguous short forms ("i", "e" for "jeg"; "me" is English) stay as they are and are allowed
# in the patterns' own slots instead.
_SPELLING: dict[str, str] = {
    **dict.fromkeys(
        ("ikkje", "ikk", "ik", "itte", "ente", "inte", "ikkj", "itj", "ikkeh", "ikek", "ike", "kje", "ikkke"),
        "ikke",
    ),
    **dict.fromkeys(("aldrig", "aldr", "aldriii"), "aldri"),
    **dict.fromkeys(("eg", "je", "ae", "jae", "jg", "jej", "jag", "ej"), "jeg"),
    **dict.fromkeys(("mae", "mej", "mg", "mei", "meig", "mig"), "meg"),
    **dict.fromkeys(("sjol", "sjolv", "sjael", "sjav", "sjoel", "sjoelv", "sjelv", "sjel"), "selv"),
    "dae": "deg",
    **dict.fromkeys(("berre", "bere", "bære"), "bare"),
    **dict.fromkeys(("meir", "mere"), "mer"),
    **dict.fromkeys(("lengre", "lenga", "lengar"), "lenger"),
    **dict.fromkeys(("heile",), "hele"),
    **dict.fromkeys(("nokon", "noken", "nan", "nogen"), "noen"),
    **dict.fromkeys(("leva", "lev"), "leve"),
    **dict.fromkeys(("tek",), "tar"),
    **dict.fromkeys(("vere", "vera", "vaera", "vaer"), "vaere"),
    **dict.fromkeys(("orkar", "orke", "gidder", "gider", "gidd", "orkr"), "orker"),
    **dict.fromkeys(("onskjer", "onske", "onsker", "ynskjer", "oensker", "ynskje"), "onsker"),
    **dict.fromkeys(("ska", "skall", "sjal", "skar"), "skal"),
    "vill": "vil",
    **dict.fromkeys(("dau", "daud", "dod", "doed", "daue"), "dod"),
    **dict.fromkeys(("doy", "daeve", "doe"), "do"),
    **dict.fromkeys(("betre", "bedra"), "bedre"),
    **dict.fromkeys(("utan", "uta"), "uten"),
    **dict.fromkeys(("inga", "ingi"), "ingen"),
    **dict.fromkeys(("teke", "tekje"), "tatt"),
    **dict.fromkeys(("utveg", "utvei"), "utvei"),
    "mit": "mitt",
    **dict.fromkeys(("vaakna", "vakna", "vaknet", "vaakner", "vaknar"), "vaknet"),
    **dict.fromkeys(("pilla", "pillan", "pillær", "piler", "pilller", "pilelr"), "piller"),
    **dict.fromkeys(("mase", "masa"), "masse"),
    "kuta": "kutta",
    **dict.fromkeys(("nakka", "nokka", "noko", "noka"), "noe"),
    **dict.fromkeys(("idag",), "i dag"),
    **dict.fromkeys(("ikveld", "ikvell", "ikveldt", "ikvel"), "i kveld"),
    **dict.fromkeys(("inatt",), "i natt"),
    **dict.fromkeys(("imorgen", "imorra", "imorn", "imorgon"), "i morgen"),
    **dict.fromkeys(("morra", "morgon", "morn"), "morgen"),
    # English chat forms and slang.
    "im": "i am",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
    "kms": "kill myself",
    "kys": "kill myself",
    "ctb": "kill myself",
    "unalive": "kill myself",
    "unaliving": "killing myself",
    "sewerslide": "suicide",
    "sucide": "suicide",
    "suicde": "suicide",
    "suizid": "suicide",
    "myslef": "myself",
    "dont": "do not",
    "cant": "can not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "isnt": "is not",
    "wasnt": "was not",
    "arent": "are not",
    "whats": "what is",
    "its": "it is",
    "doesnt": "does not",
    "didnt": "did not",
    "wont": "will not",
    "ive": "i have",
    "id": "i would",
    "u": "you",
    "r": "are",
    "ur": "your",
}
# Key words whose one-letter typos are mended ("selvmor", "overdoes", "tabeletter"); words of
# five letters or more, whose near neighbours are not common words themselves.
_TYPO_KEYS = (
    "selvmord",
    "selvmordstanker",
    "selvmordstankar",
    "selvmordstanke",
    "overdose",
    "tabletter",
    "suicide",
    "suicidal",
    "myself",
    "livet",
    "avslutte",
    "doden",
    "drepe",
    "selvskading",
    "tablettene",
)
# Four-letter key words: only a letter left out, doubled or swapped ("lve", "leeve", "elve").
_SHORT_TYPO_KEYS = ("leve",)
# Real words that are one letter from a key word and must keep their meaning.
_REAL_WORDS = frozenset(
    {
        "lived", "liver", "lives", "livets", "livat", "livs", "lovet", "libet", "sivet", "givet",
        "drept", "dreper", "drepes", "drepa", "drep", "dreie", "drepte", "drepen",
        "boden", "noden", "roden",
        "avslutta", "avslutter", "avsluttet",
        "suicided",
        "myself",
        "live", "lever", "eve", "lee", "dode", "dods", "liket", "likte",
    }
)  # fmt: skip
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    """Every spelling one deletion, transposition, substitution or insertion away from word."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return deletes | transposes | replaces | inserts


def _short_edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    doubled = {a + b[0] + b for a, b in splits if b}
    return deletes | transposes | doubled


def _typo_table() -> dict[str, str]:
    table: dict[str, str] = {}
    keys = [(key, _one_edit(key)) for key in _TYPO_KEYS] + [
        (key, _short_edits(key)) for key in _SHORT_TYPO_KEYS
    ]
    for key, variants in keys:
        for variant in variants:
            if variant != key and variant not in _REAL_WORDS and variant not in _TYPO_KEYS:
                table.setdefault(variant, key)
    return table


_TYPOS = _typo_table()
# Nynorsk and dialect spellings inside compounds: "sjølvmord", "sjølskading".
_SELF_COMPOUND = re.compile(r"\b(?:sjolv|sjol|sjael|sjel|sjelv|sjoelv|selv)(mord|skad)")


@dataclass(frozen=True)
class Clause:
    """One clause, normalised, with its words."""

    text: str
    words: tuple[str, ...]


# Key words typed with a stray space ("vil d ø", "ikk e"), put back together.
_SPLIT_WORDS = frozenset({"do", "ikke", "meg", "leve", "livet", "drepe", "piller", "selvmord", "dod"})


def _joined(words: list[str]) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and (len(word) == 1 or len(out[-1]) == 1) and out[-1] + word in _SPLIT_WORDS:
            out[-1] += word
        else:
            out.append(word)
    return out


def _words(folded: str) -> list[str]:
    out: list[str] = []
    for word in _joined(_SELF_COMPOUND.sub(r"selv\1", folded).split()):
        word = _SPELLING.get(word, word)
        word = _TYPOS.get(word, word)
        out.extend(word.split())
    return out


def clauses(text: str) -> list[Clause]:
    """The message's clauses in order; each in the plain spelling and, when it differs, as if
    "oe" had been typed for ø ("oensker a doe")."""
    found: list[Clause] = []
    text = _EMOJI.sub(lambda m: _EMOJI_WORDS[m.group(0)], _APOSTROPHES.sub("", text))
    for piece in _CLAUSE_END.split(text):
        folded = words_only(piece)
        if not folded:
            continue
        for variant in dict.fromkeys((folded, keyboard_variant(folded))):
            current: list[str] = []
            for word in _words(variant):
                if word in _CONJUNCTIONS:
                    if current:
                        found.append(Clause(" ".join(current), tuple(current)))
                    current = []
                else:
                    current.append(word)
            if current:
                found.append(Clause(" ".join(current), tuple(current)))
    return found
