"""Partners whose tags fit what a participant said about their talent, dream and goal, in everyday
Norwegian word forms ("sykler"/"sykkel", "snekre"/"snekker", compounds, typos)."""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.core.text_norm import fold

# Endings of inflected and derived forms, longest first; what is left must keep three letters.
_SUFFIXES = sorted(
    (
        "ingene",
        "ingen",
        "inger",
        "ing",
        "ister",
        "isten",
        "ist",
        "erne",
        "eriet",
        "eri",
        "ene",
        "ere",
        "er",
        "en",
        "et",
        "e",
        "a",
        "ar",
        "ane",
        "ende",
        "te",
        "de",
        "het",
        "else",
        "elsen",
        "sjon",
        "sjonen",
    ),
    key=len,
    reverse=True,
)
_MIN_ROOT = 3
_VOWELS = set("aeiouy")
_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about a trade: they would match every partner with a generic tag.
_STOP = set(
    fold(
        """
    jeg eg meg meg deg du vi me oss han hun ho de dei det den dette disse som og i på pa med for til
    av om at å a en ei et ein eit er var være vere bli blir har hadde ha kan kunne vil ville skal
    må ma får far få gjøre gjere gjør lage lager liker like likar elsker drømmer drøymer ønsker
    onskjer håper vil kanskje litt mye mykje noe noko nokon noen ting alt alle bra god godt flink
    flinke gode veldig ganske meir mer mest jobb jobbe jobbar jobber arbeid arbeide arbeider arbeidet
    yrke stilling sted plass mål maal steg dag uke tid år aar hjem heime hjemme selv sjølv også ogsa
    bare berre eller men så sa når nar hva kva hvor kor der her ut inn opp ned igjen mange folk
    andre annen anna nye ny gammel fast deltid heltid prøve prove begynne starte komme gå ga
    """
    ).split()
)
_NEGATORS = {"ikke", "ikkje", "inte", "not", "never", "aldri", "ingen", "no"}
_CLAUSE_ENDS = {"men", "but", "derimot"}
NEGATION_REACH = 3  # words (not small ones) after "ikke" that it takes back, up to a comma or "men"

EXACT, COMPOUND, FUZZY = 1.0, 0.8, 0.5  # how strongly a word form ties a word to a tag
FUZZY_CUTOFF = 85  # rapidfuzz ratio (0-100) of two roots; typos, not other words
MIN_COMPOUND = 5  # the shorter part of a compound must have this many letters
SHORT_HEAD = 4  # the first part of a compound may be this short
LONG_PART = 6  # a compound's part this long is matched by its root too ("sykler" in "syklerklubb")
GOOD_ENOUGH = 0.8  # a partner is offered when its tags fit at least this well together
AREA_BONUS = 0.5  # the participant named the partner's area
KIND_BONUS = 0.3  # the participant asked for this kind of place ("praksis", "kurs")
KIND_WORDS = {
    "praksis": "praksis",
    "praksisplass": "praksis",
    "arbeidstrening": "praksis",
    "kurs": "course",
    "utdanning": "course",
    "skole": "course",
    "nav": "public",
}


_ANYWHERE = {
    fold(area)
    for area in ("hele landet", "digitalt", "digital", "nett", "på nett", "online", "overalt", "alle steder")
}


def _anywhere(area: str) -> bool:
    """An area that is no town: the partner takes people from everywhere."""
    return fold(area) in _ANYWHERE


@lru_cache(maxsize=65536)  # the same few thousand words, turn after turn
def root(word: str) -> str:
    """A folded word without its inflection: "sykler", "sykkel", "sykling" -> "sykl"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_ROOT:
            word = word[: -len(suffix)]
            break
    word = re.sub(r"(.)\1", r"\1", word)  # "snekk" -> "snek", "sykkel" -> "sykel"
    word = re.sub(r"([^aeiouy])e([lrn])$", r"\1\2", word)  # "sykel" -> "sykl"
    if len(word) > 4 and word[-1] == "r" and word[-2] not in _VOWELS:
        word = word[:-1]  # "snekr" (snekre) -> "snek", like "snekker"
    return word


def words_of(texts: Iterable[str]) -> list[str]:
    """The participant's words that can name a trade (see said_and_refused)."""
    return said_and_refused(texts)[0]


def said_and_refused(texts: Iterable[str]) -> tuple[list[str], set[str]]:
    """The participant's words that can name a trade, and the roots of what they said no to:
    folded, without small words and without what a "not" takes back ("jeg vil ikke jobbe med
    barn" keeps nothing of the barn). What they said no to anywhere is out everywhere ("var
    snekker, men vil ikke snekre mer" is no carpentry), and so is a partner tagged with it."""
    kept: list[str] = []
    refused: set[str] = set()
    for text in texts:
        for clause in re.split(r"[,.;:!?\n]", text.lower()):
            reach = 0
            for word in _WORD.findall(fold(clause)):
                if word in _NEGATORS:
                    reach = NEGATION_REACH
                    continue
                if word in _CLAUSE_ENDS:
                    reach = 0
                    continue
                if word in _STOP or len(word) < _MIN_ROOT:
                    continue  # small words do not use up what a "not" reaches
                if reach:
                    reach -= 1
                    refused.add(root(word))
                    continue
                kept.append(word)
    return [word for word in kept if root(word) not in refused], refused


@dataclass(frozen=True)
class Listed:
    """What matching needs of a partner (the directory's row, read once per version)."""

    id: int
    name: str
    kind: str
    tags: tuple[str, ...]
    area: str
    description: str = ""


@dataclass(frozen=True)
class Match:
    partner_id: int
    score: float
    tags: tuple[str, ...]  # the tags that fit, best first


# A tag's word: (partner index, tag index, word index).
_Slot = tuple[int, int, int]


@dataclass
class Index:
    """The directory's tags by root, by whole word (for compounds) and as a list (for typos)."""

    partners: list[Listed]
    tag_words: list[list[int]] = field(default_factory=list)  # per partner, words per tag
    by_root: dict[str, list[_Slot]] = field(default_factory=lambda: defaultdict(list))
    by_word: dict[str, list[_Slot]] = field(default_factory=lambda: defaultdict(list))
    by_part: dict[str, list[_Slot]] = field(default_factory=lambda: defaultdict(list))
    roots: list[str] = field(default_factory=list)
    root_slots: list[list[_Slot]] = field(default_factory=list)
    areas: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    in_town: set[int] = field(default_factory=set)  # partners with an area that is a place
    by_id: dict[int, Listed] = field(default_factory=dict)

    def listed(self, partner_id: int) -> Listed:
        return self.by_id[partner_id]

    @classmethod
    def of(cls, partners: Sequence[Listed]) -> Index:
        index = cls(list(partners))
        index.by_id = {partner.id: partner for partner in partners}
        long_roots: dict[str, list[_Slot]] = defaultdict(list)
        for p, partner in enumerate(index.partners):
            counts: list[int] = []
            for t, tag in enumerate(partner.tags):
                words = [w for w in _WORD.findall(fold(tag)) if w not in _STOP and len(w) >= _MIN_ROOT]
                counts.append(len(words))
                for w, word in enumerate(words):
                    slot = (p, t, w)
                    index.by_root[root(word)].append(slot)
                    index.by_word[word].append(slot)
                    # A participant's "sykkel" fits the tag "sykkelreparasjon": the tag's parts.
                    for cut in range(MIN_COMPOUND, len(word) - MIN_COMPOUND + 1):
                        index.by_part[word[:cut]].append(slot)
                        index.by_part[word[cut:]].append(slot)
                    if len(root(word)) >= MIN_COMPOUND:
                        long_roots[root(word)].append(slot)
            index.tag_words.append(counts)
            if partner.area and not _anywhere(partner.area):  # "hele" in "hele dagen" names no place
                index.in_town.add(p)
                for word in _WORD.findall(fold(partner.area)):
                    if word not in _STOP:
                        index.areas[word].append(p)
        index.roots = list(long_roots)
        index.root_slots = [long_roots[r] for r in index.roots]
        return index

    def best(self, texts: Iterable[str], limit: int = 3) -> list[Match]:
        """At most `limit` partners that fit well, the best first; none when nothing does."""
        said, refused = said_and_refused(texts)
        words = list(dict.fromkeys(said))
        if not words or not self.partners:
            return []
        strength: dict[_Slot, float] = {}

        def tie(slots: Iterable[_Slot], value: float) -> None:
            for slot in slots:
                if strength.get(slot, 0.0) < value:
                    strength[slot] = value

        fuzzy_words: list[str] = []
        for word in words:
            word_root = root(word)
            exact = self.by_root.get(word_root)
            if exact:
                tie(exact, EXACT)
                continue
            # The participant's compound holds a tag ("sykkelverksted" holds "sykkel").
            found = False
            for cut in range(SHORT_HEAD, len(word) - SHORT_HEAD + 1):
                # The first part may be short ("hage" in "hagearbeid"); the last part must be
                # long, or "barnehage" would be about gardens.
                head, tail = word[:cut], word[cut:]
                for part in (head, tail) if len(tail) >= MIN_COMPOUND else (head,):
                    if len(part) < SHORT_HEAD:
                        continue
                    # A part's own root only when it is long: "hage" in "barnehage" is no garden.
                    slots = self.by_word.get(part) or (
                        self.by_root.get(root(part)) if len(part) >= LONG_PART else None
                    )
                    if slots:
                        tie(slots, COMPOUND)
                        found = True
            parts = self.by_part.get(word)
            if parts and len(word) >= MIN_COMPOUND:
                tie(parts, COMPOUND)
                found = True
            if not found and len(word_root) >= MIN_COMPOUND:
                fuzzy_words.append(word_root)
        if fuzzy_words and self.roots:
            scores = process.cdist(fuzzy_words, self.roots, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            for row in scores:
                for column in row.nonzero()[0]:
                    tie(self.root_slots[int(column)], FUZZY)
        return self._rank(strength, words, limit, self._refusing(refused))

    def _refusing(self, refused: set[str]) -> set[int]:
        """The partners with a tag the participant said no to ("vil ikke bygge mer": "bygg")."""
        return {p for word_root in refused for p, _t, _w in self.by_root.get(word_root, ())}

    def _rank(
        self, strength: dict[_Slot, float], words: list[str], limit: int, refusing: set[int]
    ) -> list[Match]:
        by_tag: dict[tuple[int, int], list[float]] = defaultdict(list)
        for (p, t, _w), value in strength.items():
            by_tag[(p, t)].append(value)
        scores: dict[int, float] = defaultdict(float)
        for (p, t), values in by_tag.items():
            if len(values) == self.tag_words[p][t]:  # every word of a many-word tag fits
                scores[p] += min(values)
        named_areas = {p for word in words for p in self.areas.get(word, ())}
        # Where the participant named a place the directory knows, partners in another town fit
        # less (a course online, or one that takes people from all over, is not in a town).
        elsewhere = bool(named_areas)
        wanted_kinds = {KIND_WORDS[word] for word in words if word in KIND_WORDS}
        candidates: list[tuple[float, str, int]] = []
        for p, score in scores.items():
            if score < GOOD_ENOUGH or p in refusing:
                continue
            if p in named_areas:
                score += AREA_BONUS
            elif elsewhere and p in self.in_town:
                score -= AREA_BONUS
            score += KIND_BONUS if wanted_kinds and self.partners[p].kind in wanted_kinds else 0.0
            if score < GOOD_ENOUGH:
                continue  # a fit in another town than the one they named
            candidates.append((-score, self.partners[p].name, p))
        # Only the few offered are spelt out: with 2,000 partners hundreds may fit a little.
        matches = []
        for negative, _name, p in heapq.nsmallest(limit, candidates):
            fitting = sorted(
                ((min(values), self.partners[p].tags[t]) for (q, t), values in by_tag.items() if q == p),
                key=lambda pair: -pair[0],
            )
            matches.append(Match(self.partners[p].id, round(-negative, 2), tuple(tag for _v, tag in fitting)))
        return matches
