"""Short free-text intents: yes, no, "vet ikke", a number on the scale, asking for a human."""

from __future__ import annotations

import functools
import re

from bot.core import words as language_words
from bot.core.i18n import DEFAULT_LOCALE, crisis_words
from bot.core.text_norm import words_only

# fmt: off
YES = {
    "ja", "jo", "jepp", "japp", "jada", "ja da", "javisst", "ok", "okei", "okay", "yes", "greit",
    "gjerne", "klart", "selvfolgelig", "sikkert", "ja takk", "ja gjerne", "ja gjerne det",
    "ja det er greit", "det er greit", "ja det er ok", "ja ok", "ja det vil jeg", "ja vil det",
}
NO = {
    "nei", "nope", "niks", "nah", "no", "nei takk", "ikke na", "ikkje no", "nei ikke na",
    "ellers takk", "helst ikke", "nei det vil jeg ikke",
}
# Asking to go on after a pause: "fortsett", "vil gjerne halde fram no", "kan vi fortsette?"
RESUME = re.compile(
    r"^(?:(?:hei|hallo|heisann|igjen|ja|ok|jeg|eg|vi|kan vi|skal vi|vil|la oss|gjerne|jeg vil|eg vil"
    r"|vil gjerne"
    r"|jeg vil gjerne"
    r"|eg vil gjerne|jeg er klar til a|klar til a) )*(?:fortsett|fortsette|fortset|halde fram|holde fram"
    r"|ga videre"
    r"|videre|continue|go on|begynne igjen|starte igjen)(?: na| no| nu| igjen| med sporsmalene| gjerne)*$"
)
# "No" to the question whether they think of taking their life, in a sentence: "nei, det gjør
# jeg ikke", "neida, eg er berre sliten". Anything hedged ("nei, men ...", "vet ikke") is not a no.
CLEAR_NO = re.compile(
    r"^(?:nei|neida|nei da|nope|no|nah|naei|nae|noo|ikke|ikkje|aldri|never|not really|not like that"
    r"|absolutt ikke)\b"
)
HEDGED = re.compile(
    r"\b(?:men|but|kanskje|maybe|vet ikke|veit ikkje|iblant|av og til|noen ganger|sometimes|litt|ja"
    r"|sikker|sikkert|akkurat|na|no|for tiden|for tida|ofte|lenger|lengre|egentlig|oyeblikket|alltid"
    r"|helt|sure|really|now)\b"
)
THANKS_EMOJI = {"👍", "🙏", "❤️", "😊", "🙂", "👌", "♥️", "🥰"}
# Smileys are not a yes: consent has to be unmistakable.
YES_EMOJI = {"👍", "👌", "✅"}
NO_EMOJI = {"👎", "❌", "🙅"}
# fmt: on

DONT_KNOW = re.compile(
    r"\b(?:vet|veit|veid) (?:ikke|ikkje|ik)\b|\b(?:vet|veit) (?:jeg|eg) (?:ikke|ikkje)\b"
    r"|\baner (?:ikke|ikkje)\b|\bingen (?:anelse|aning|peiling)\b"
    r"|\b(?:ikke|ikkje) (?:sikker|peiling)\b|\busikker\b|\bidk\b|\bvanskelig a si\b"
    r"|\bkommer (?:ikke|ikkje) pa noe\b|\bkjem ikkje pa noko\b|\bhar ingen ide\b"
    r"|^(?:ingenting|ingen ting|ikke noe|ikkje noko|ingen|ingenting egentlig|ikke noe spesielt)$"
)
# Thanks and acknowledgements: a reply to what was said, not an answer to a question.
THANKS = re.compile(
    r"^(?:(?:tusen|mange|ja|ok|okei) )?(?:takk|takker|tack|thanks|thank you|thx|ty)(?: takk)?(?: skal du ha)?"
    r"(?: (?:for|te) (?:hjelpen|hjelpa|praten|samtalen|det|alt|i dag|na|sist|at du var der))?"
    r"(?: (?:sa|so) (?:mye|much))?(?: (?:kari|du|dere|igjen|again))?$"
    r"|^(?:ok|okei|okay|oki|ok da|ok greit|greit|fint|supert|flott|den er grei|skjonner|forstar|fair)$"
)
HUMAN = re.compile(
    r"\b(?:snakke|prate|chatte|skrive|snakka|prata) med (?:et|eit|en|ein|ei) (?:ekte )?"
    r"(?:menneske|person|brobygger|brobyggar|voksen|vaksen|ansatt|tilsett)\b"
    r"|\b(?:snakke|prate) med noen(?: na)?$|\bet ekte menneske\b|\beit ekte menneske\b"
    r"|\b(?:vil|ville|kan jeg|kan eg) (?:ha|fa) (?:en|ein) (?:brobygger|brobyggar)\b"
    r"|^(?:brobygger|brobyggar|menneske)$"
    r"|\b(?:en|ein) ekte person\b|\bfa meg over til\b"
)
NOT_HUMAN = re.compile(r"\b(?:vil|ville|trenger|orker) (?:ikke|ikkje) (?:a )?(?:snakke|prate|chatte)\b")
# The follow-ups in plain words, as /pause and /paaminnelser do (folded: "å" is "a").
_REMINDERS = (
    r"(?:paminnelse|paminnelsene|paminnelser|paminningar|paminning|oppfolging|oppfolgingen|reminders?)"
)
REMINDERS_PAUSED = re.compile(rf"^(?:ta )?(?:en )?pause (?:(?:fra|med|pa) )?(?:alle )?{_REMINDERS}$")
REMINDERS_OFF = re.compile(
    rf"\b(?:ingen|ikke|ikkje|inga) (?:flere|fleire|meir|mer) {_REMINDERS}\b"
    rf"|\b(?:stopp|stop|slutt med|skru av|sla av|avslutt) (?:alle )?{_REMINDERS}\b"
    rf"|^{_REMINDERS} av$"
    r"|\bslutt a (?:minne|mase pa) meg\b|\b(?:ikke|ikkje) mas(?:e)? (?:pa|på) meg\b|^ikke mas$"
    r"|\bstop reminding me\b|\bno more reminders\b"
)
REMINDERS_ON = re.compile(
    rf"^(?:skru pa|sla pa|start|sett pa) (?:alle )?{_REMINDERS}(?: igjen)?$|^{_REMINDERS} pa(?: igjen)?$"
    rf"|^(?:jeg |eg )?vil ha {_REMINDERS}(?: igjen)?$"
)
NUMBER_WORDS = {
    "null": 0,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "atte": 8,
    "otte": 8,
    "ni": 9,
    "ti": 10,
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# "en"/"ett" are also the article ("en lang vei"), so they count only as the whole answer.
ONE_WORDS = {"en", "ein", "ett", "eitt"}
SUMMARY_WORDS = {
    "change": ("endre", "endre et svar", "endre svar", "forandre", "rette"),
    "finish": ("ferdig", "jeg er ferdig", "ferdig na", "fullfor", "det er bra", "ser bra ut"),
}


# Everyday yes and no in Bokmål, Nynorsk, dialect and English, as the first word or words of the
# answer ("ja ok da", "det e greit", "sure why not"); a "nei" or "ikke" anywhere wins over a "ja".
YES_START = re.compile(
    r"^(?:ja|jo|jepp|japp|jada|javisst|jaha|joda|ok|okei|okay|oki|okey|yes|yep|yeah|yup|sure|greit|tak"
    r"|gjerne|klart|selvfolgelig|sjolvsagt|absolutt|gladelig|fint|supert|flott|kjor|kjor pa"
    r"|det er greit|det e greit|det er ok|det e ok|det gar fint|det gar bra|hores bra ut|of course"
    r"|why not|certainly|definitely|alright|all right|fine|gjerne det|det kan godt vaere|sikkert"
    r"|deal)\b"
)
NO_START = re.compile(
    r"^(?:nei|nope|niks|nah|no|nae|naeh|naei|neida|nix|nej|not really|helst ikke|helst ikkje|ikke|ikkje"
    r"|itj|ellers takk|aldri|never|absolutt ikke|no thanks|no thank you)\b"
)
NEGATION = re.compile(r"\b(?:nei|ikke|ikkje|itj|not|dont|no|aldri|never)\b")
_REPEATS = re.compile(r"(\w)\1+")


_SQUEEZABLE = {"ja", "jo", "nei", "ok", "okei", "jepp", "japp", "yes", "no", "nope", "sure", "neida", "jada"}


# Words that make a "not" something else than a no: not answering, not coping.
NOT_A_NO = {
    "svare",
    "svar",
    "si",
    "dele",
    "fortelle",
    "orker",
    "orkar",
    "gidder",
    "klarer",
    "klarar",
    "vet",
    "veit",
    "angar",
}


CLEAR_NO_WORDS = {"nei", "nope", "no", "nah", "nae", "naeh", "naei", "neida", "nix", "nej", "niks"}
WHY_NOT = re.compile(
    r"\b(?:hvorfor ikke|kvifor ikkje|why not|ikke noe problem|ikkje noko problem|ikke verst)\b"
)
GREETING_FIRST = re.compile(r"^(?:hei|hallo|heisann|hey|hi|god morgen|heia)(?: (?:igjen|pa deg|du))? ")


def _squeezed(word: str) -> str:
    """ "jaaa" is "ja", "neeei" is "nei"; other words keep their double letters ("ikke", "takk")."""
    squeezed = _REPEATS.sub(r"\1", word)
    return squeezed if squeezed in _SQUEEZABLE else word


def yes_or_no(text: str) -> str | None:
    """ "yes", "no", or None for neither. What comes after "men" ("ja, men helst sms") is a
    condition, not the answer; "ja nei, ikke egentlig" is a no."""
    stripped = text.strip()
    if stripped in YES_EMOJI:
        return "yes"
    if stripped in NO_EMOJI:
        return "no"
    plain = words_only(text)
    if not plain:
        return None
    main = re.split(r"\b(?:men|but)\b", plain, maxsplit=1)[0].strip() or plain
    words = [_squeezed(word) for word in main.split()]
    main = " ".join(words)
    main = GREETING_FIRST.sub("", main) or main  # "hei, ja det er greit"
    main = WHY_NOT.sub("ja", main)  # "hvorfor ikke", "ikke noe problem": a yes, not a no
    if main in YES:
        return "yes"
    starts_with_no = words[0] in CLEAR_NO_WORDS if words else False
    if main in NO or (NO_START.match(main) and (starts_with_no or not set(words) & NOT_A_NO)):
        return "no"  # "nei, eg klarar meg sjøl"; but "ikke noe jeg vil svare på" is no answer
    if YES_START.match(main):
        return "no" if NEGATION.search(main) else "yes"
    if len(words) <= 4 and not NEGATION.search(main) and set(words) & {"ja", "jo", "gjerne", "yes"}:
        return "yes"  # "kanskje det, ja"
    if len(words) <= 5 and NEGATION.search(main) and not set(words) & NOT_A_NO:
        return "no"  # "kanskje senere, ikke nå" (but "vil ikke svare på det" is no answer at all)
    return None


def said_in_any_language(text: str, key: str, first_part: bool = False) -> bool:
    """A yes ("crisis.yes_words") or a no in any language the bot answers a crisis in ("tak",
    "نعم", "ні"), alone; with `first_part`, also first in the message ("так, будь ласка"), which
    the crisis's direct question does not take ("nei, men noen ganger" is no clear no)."""
    words = _folded_words(key)
    if words_only(text) in words:
        return True
    first = next((words_only(part) for part in re.split(r"[,.!?;:)(]+", text) if words_only(part)), "")
    return first_part and first in words


@functools.cache
def _folded_words(key: str) -> frozenset[str]:
    return frozenset(words_only(word) for word in crisis_words(key))


def yes_or_no_in_any_language(text: str, locale: str = DEFAULT_LOCALE) -> str | None:
    """ "yes", "no" or None: in the participant's language first (Polish "no" is a yes-ish
    "well", not a no), then in Norwegian, then in the other languages' everyday words."""
    own = language_words.words(locale) if locale != DEFAULT_LOCALE else None
    if own is not None and own.opens_with("dont_know", text):
        return None  # "nie wiem" opens with a Polish no, and is none
    found = language_words.yes_or_no(text, locale)
    if found is not None:
        return found
    found = yes_or_no(text)
    if found is not None:
        return found
    if said_in_any_language(text, "crisis.yes_words", first_part=True):
        return "yes"
    if said_in_any_language(text, "crisis.no_words", first_part=True):
        return "no"
    return None


def is_yes(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    if locale != DEFAULT_LOCALE:
        return yes_or_no_in_any_language(text, locale) == "yes"
    return yes_or_no(text) == "yes"


def is_no(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    if locale != DEFAULT_LOCALE:
        return yes_or_no_in_any_language(text, locale) == "no"
    return yes_or_no(text) == "no"


def is_resume(text: str) -> bool:
    return bool(RESUME.match(words_only(text)))


def is_clear_no(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """A no, in a word or a sentence, with nothing after it that hedges it ("nei, men noen ganger"
    is not; "no im not" is): for the question whether they think of taking their life, where
    unclear means the safe side. In the participant's language too ("ні, не думаю")."""
    plain = words_only(text)
    exact = text.strip() in NO_EMOJI or plain in NO
    own = language_words.yes_or_no(text, locale) == "no" if locale != DEFAULT_LOCALE else False
    rest = plain.split(" ", 1)[1] if " " in plain else ""
    return exact or ((bool(CLEAR_NO.match(plain)) or own) and not HEDGED.search(rest) and len(plain) <= 80)


SURE_YES = {
    "ja", "jo", "jepp", "japp", "jada", "javisst", "yes", "yep", "ok", "okei", "okay", "greit",
    "absolutt", "selvfolgelig", "klart",
}  # fmt: skip
SURE_NOT = re.compile(r"\b(?:men|but|kanskje|maybe|vel|tror|trur|hva|hvorfor|hvordan|what|why)\b")


def is_sure_yes(text: str) -> bool:
    """A yes with nothing that doubts or asks ("ja men hva skjer med planen min?" is not one), for
    what cannot be undone: deleting everything, starting over, withdrawing an urgent case."""
    plain = words_only(text)
    first = _squeezed(plain.split()[0]) if plain else ""
    return is_yes(text) and first in SURE_YES and "?" not in text and not SURE_NOT.search(plain)


def is_thanks(text: str) -> bool:
    return text.strip() in THANKS_EMOJI or bool(THANKS.match(words_only(text)))


def is_dont_know(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    """A short "don't know" (or a bare "?"); "vet ikke, men ..." with more is an answer."""
    plain = words_only(text)
    found = language_words.words(locale) if locale != DEFAULT_LOCALE else None

    def said(part: str) -> bool:  # "don't know" in Norwegian, or in the participant's language
        return bool(DONT_KNOW.search(part)) or (found is not None and found.opens_with("dont_know", part))

    if not plain:
        return bool(text.strip()) and text.strip().strip("?") == ""
    if len(plain) > 45 or re.search(r"\bmen\b", plain):
        return False
    if not said(plain):
        return False
    # "veit ikkje. køyrde lastebil i 20 år": a sentence after the "don't know" is the answer.
    first, *rest = [words_only(part) for part in re.split(r"[.!;]+|\n", text) if words_only(part)]
    return not (rest and said(first) and len(" ".join(rest).split()) >= 2)


def reminders_wish(text: str) -> str | None:
    """The follow-ups asked for in words: "paused", "off" or "on"; None when it is not that."""
    plain = words_only(text)
    if len(plain) > 60:
        return None
    if REMINDERS_PAUSED.search(plain):
        return "paused"
    if REMINDERS_OFF.search(plain):
        return "off"
    if REMINDERS_ON.search(plain):
        return "on"
    return None


HUMAN_EN = re.compile(
    r"\b(?:talk|speak|chat|write) (?:to|with) (?:a |an |some )?(?:real )?(?:human|person|someone|somebody"
    r"|people|brobygger|bridge builder)\b"
)


def asks_for_human(text: str, locale: str = DEFAULT_LOCALE) -> bool:
    plain = words_only(text)
    found = language_words.words(locale) if locale != DEFAULT_LOCALE else None
    if found is not None and found.contains("human", text):
        return True
    return bool(HUMAN.search(plain) or HUMAN_EN.search(plain)) and not NOT_HUMAN.search(plain)


def summary_word(text: str) -> str | None:
    """What a typed word in the plan means: "change" or "finish", or None."""
    plain = words_only(text)
    for meaning, words in SUMMARY_WORDS.items():
        if plain in words:
            return meaning
    return None


# Words around a number on the scale that do not make it something else ("kanskje en 3er", "ca 5").
SCALE_FILLER = {
    "aerlig",
    "talt",
    "ca.",
    "sann",
    "cirka",
    "tipper",
    "faktisk",
    "egentlig",
    "hvertfall",
    "iallfall",
    "vel",
    "kanskje",
    "ca",
    "circa",
    "omtrent",
    "rundt",
    "tja",
    "hmm",
    "hm",
    "en",
    "ein",
    "ei",
    "pa",
    "e",
    "er",
    "ae",
    "jeg",
    "eg",
    "i",
    "d",
    "id",
    "say",
    "would",
    "about",
    "maybe",
    "around",
    "mellom",
    "og",
    "eller",
    "or",
    "and",
    "to",
    "av",
    "of",
    "nok",
    "vil",
    "si",
    "sei",
    "tror",
    "trur",
    "think",
    "der",
    "nesten",
    "like",
    "litt",
    "over",
    "under",
    "na",
    "no",
    "i dag",
    "dag",
    "jo",
    "da",
    "ja",
    "ok",
    "okei",
    "typ",
    "liksom",
    "sikkert",
    "kansje",
    # Nynorsk, English and a learner's words around the number ("eg vil seie 7", "i am at 3 out of
    # 10", "ein stad rundt 4 trur eg").
    "seie",
    "aerleg",
    "stad",
    "am",
    "at",
    "out",
    "honestly",
    "today",
    "so",
    "halfway",
    "elr",
    "not",
    "good",
    "a",
    "more",
}
_SCALE_WORD = re.compile(r"^(?:10|[0-9])(?:er|ern|ar)?$")
_NUMBERISH = {
    "femmer": 5,
    "firer": 4,
    "treer": 3,
    "toer": 2,
    "sekser": 6,
    "sjuer": 7,
    "syver": 7,
    "atter": 8,
    "nier": 9,
    "tier": 10,
    "ener": 1,
    "nuller": 0,
    # Nynorsk and western dialect: "kanskje ein femmar"
    "femmar": 5,
    "firar": 4,
    "trear": 3,
    "toar": 2,
    "seksar": 6,
    "sjuar": 7,
    "attar": 8,
    "niar": 9,
    "tiar": 10,
    "einar": 1,
    "nullar": 0,
}


def scale_reading(text: str, locale: str = DEFAULT_LOCALE) -> int | None:
    """A number 0-10 as an answer to the scale: digits or number words in Bokmål and Nynorsk, with
    nothing around it but hedges ("kanskje en 3er", "mellom 4 og 5", "ti, er nesten i mål");
    never a "to" inside a sentence ("jeg har to barn"). In another locale, also its number word
    in a short answer ("десь п'ять")."""
    found = _norwegian_scale(text)
    if found is None and locale != DEFAULT_LOCALE and len(words_only(text).split()) <= SHORT_SCALE_WORDS:
        return language_words.number_in(text, locale)
    return found


SHORT_SCALE_WORDS = 3  # "десь п'ять", "chyba siedem": longer, a number word is about something else


def _norwegian_scale(text: str) -> int | None:
    raw = text.replace("/10", " av 10")
    parts = re.split(r"[,;:()?!]|\.\s|\s[-–]\s|\bfordi\b|\bsiden\b|\bbecause\b", raw)
    clauses = [words_only(part) for part in parts if words_only(part)]
    for clause in clauses:
        words = clause.split()
        numbers = [
            w
            for w in words
            if _SCALE_WORD.match(w) or w in NUMBER_WORDS or w in _NUMBERISH or w in ONE_WORDS or w == "ett"
        ]
        rest = [w for w in words if w not in numbers and w not in SCALE_FILLER and w not in ("10",)]
        if not numbers:
            if rest:
                return None  # a clause of its own words first: the number is about something else
            continue
        if rest:
            return None
        # "en"/"to" count only where no other number word is the answer ("en femmer", "to eller tre").
        real = [w for w in numbers if w not in ONE_WORDS or len(numbers) == 1]
        if "av" in words and len(real) > 1 and real[-1] == "10":
            real = real[:-1]
        first = real[0] if real else numbers[0]
        if first in ONE_WORDS or first == "ett":
            return 1
        if first in _NUMBERISH:
            return _NUMBERISH[first]
        if first in NUMBER_WORDS:
            return NUMBER_WORDS[first]
        return int(re.sub(r"\D", "", first))
    return None


# A day not (yet) named, and fine as an answer to "when": "vet ikke", "snart", "en gang".
VAGUE_WHEN = re.compile(
    r"^(?:(?:vet|veit) (?:ikke|ikkje)(?: helt| enna| enno)?|usikker|snart|etterhvert|etter hvert"
    r"|en gang|ein gong|sa fort som mulig|asap|sa snart jeg kan|nar jeg orker|nar eg orkar|kanskje"
    r"|i lopet av|senere|seinare|later|soon|dont know|not sure)\b"
)


def vague_when(text: str) -> bool:
    return bool(VAGUE_WHEN.match(words_only(text)))


def scale_number(text: str) -> int | None:
    """The first number 0-10 in the text ("5", "ca 4 av 10", "fem")."""
    plain = words_only(text)
    match = re.search(r"\b(10|[0-9])\b", plain)
    if match:
        return int(match.group(1))
    if plain in ONE_WORDS:
        return 1
    for word in plain.split():
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


# Words under which praise would be wrong, whatever else the answer says.
SOMBRE = re.compile(
    r"\b(?:dod|dode|doden|dodd|do|dor|doy|selvmord\w*|sjolvmord\w*|suicid\w*|livet sitt|tok livet"
    r"|begravelse\w*"
    r"|gravlagt|mistet|miste|sorg|sorger|kreft|orker (?:jeg |eg )?ikke|orkar (?:eg )?ikkje|gir opp|gi opp"
    r"|haplost|died|dead|death"
    r"|funeral|passed away|cancer|kill\w*|drep\w*)\b"
)


def mentions_death_or_despair(text: str) -> bool:
    return bool(SOMBRE.search(words_only(text)))


NEGATIVE = re.compile(
    r"\b(?:ikke|ikkje|itj|ingen|inga|ingenting|ingen ting|aldri|nei|not|nothing|never|no one|nobody"
    r"|usikker|darlig|vet ikke|veit ikkje|klarer ikke|klarar ikkje|orker ikke|orkar ikkje)\b"
)


def reads_negative(text: str) -> bool:
    """Whether the answer says what is not ("jeg er ikke god til noe spesielt, men ..."): not a
    text to praise or to quote back under a compliment."""
    return bool(NEGATIVE.search(words_only(text)))


def has_words(text: str) -> bool:
    """True when the text has a letter or digit (not only emoji or punctuation)."""
    return any(ch.isalnum() for ch in text)
