"""What kind of message a participant wrote at a question, before it may become an answer: an
answer, or a question to the bot, a greeting, thanks, a refusal, not understanding, a command
without its slash, another language, low mood, or something off-topic."""

from __future__ import annotations

import re
import unicodedata

from bot.core.phrases import asks_for_human, is_dont_know, scale_reading, yes_or_no
from bot.core.text_norm import words_only

ANSWER = "answer"
QUESTION = "question"
GREETING = "greeting"
THANKS = "thanks"
REFUSAL = "refusal"
CONFUSED = "confused"
COMMAND = "command"
LANGUAGE = "language"
LOW_MOOD = "low_mood"
OFF_TOPIC = "off_topic"
KINDS = (ANSWER, QUESTION, GREETING, THANKS, REFUSAL, CONFUSED, COMMAND, LANGUAGE, LOW_MOOD, OFF_TOPIC)

# What a question expects: a yes or no to start ("consent"), a yes or no ("yesno"), a number on the
# scale ("scale"), a day ("when"), their own words ("text"), or their own words where a bare yes or
# no answers too ("ever": "Har du noen gang ...?").
EXPECTS = ("consent", "yesno", "scale", "when", "text", "ever")

# Folded text (see text_norm.fold: lower case, æøå as ae/o/a, no punctuation).
GREETING_WORDS = re.compile(
    r"^(?:(?:hei|hey|hi|hallo|halla|hallais|heisann|heia|hello|morn|morna|moin|yo|hoi|god morgen"
    r"|god morgon|god dag|god kveld|god ettermiddag|godmorgen|gomorn|good morning|hei hei)"
    r"(?: (?:igjen|again|pa deg|du|dere|alle|der|sann|og))*"
    r"(?: (?:er du der|er det noen her|noen her|er du vaken|are you there))?"
    r"|er du der|er det noen her|noen der|are you there|hello again|hei igjen)$"
)
THANKS_WORDS = re.compile(
    r"^(?:(?:ok|okei|ja|nei|tusen|mange|hjertelig|tusen hjertelig|veldig|da) )*"
    r"(?:takk|takker|tak|tack|thanks|thank you|thx|ty|tusen takk)\b(?!.*\bmen\b).{0,40}$"
)
CONFUSED_WORDS = re.compile(
    r"\b(?:forstar|forsto|forstod|skjonner|skjonar|skjonte|skjona|fatter|begriper|skjona)"
    r" (?:ikke|ikkje|itj|ik|ingenting|ikke helt|ikkje heilt)\b"
    r"|^h(?:ae)+$|^hae(?: hae)*$|^hva$|^hm+$|^ehh?$|^huh$|^what$"
    r"|\b(?:hva|kva|ka|va) (?:mener|meiner|mene|meine|betyr|betyder) (?:du|dere|det)\b"
    r"|\b(?:hva|kva|ka) (?:du|dere) (?:mener|meiner|mene|meine)\b|\bwhat do you mean\b"
    r"|\bdont understand\b|\bdo not understand\b|\bi dont get it\b"
    r"|^assen da$|^hvordan da$|^korleis da$|\bsi det enklere\b|\bsei det enklare\b|\bforklar\b"
    r"|\bhva skulle jeg svare\b|\bhva skal jeg svare\b|\bkva skal eg svare\b|\bhva spor du om\b"
    r"|\bhva er det du spor\b|\bforstod ikke\b|\bskjonte ikke\b|\bforsto ikke\b|\bhvordan funker\b"
)
LANGUAGE_NAMES = (
    r"(?:engelsk|english|polsk|polish|polsku|arabisk|arabic|somali|somalisk|soomaali|svensk|svenska"
    r"|swedish|ukrainsk|ukrainian|russisk|russian|spansk|spanish|espanol|tigrinja|tigrinya|tyrkisk"
    r"|turkish|litauisk|lithuanian|persisk|farsi|dari|urdu|fransk|french|tysk|german|deutsch)"
)
LANGUAGE_WORDS = re.compile(
    rf"\b(?:snakker|snakke|snakka|skrive|skriva|skrive pa|prate|forstar|kan|speak|talk|write|do this"
    rf"|in|pa|po|af|hablas|mowisz|sprechen|parlez)\b(?: \w+){{0,4}} {LANGUAGE_NAMES}\b"
    rf"|^{LANGUAGE_NAMES}(?: please| pls| takk)?$"
    r"|\b(?:norsk|norwegian)(?: \w+){0,2} (?:er |is )?(?:ikke|not|ikkje)"
    r" (?:sa |so |very )?(?:bra|god|good|great)"
    r"|\bmin norsk\b|\bmy norwegian\b"
    r"|\b(?:forstar|skjonner|snakker|kan) (?:ikke|ikkje) (?:sa )?(?:godt |mye )?norsk"
    r"|\benklere norsk\b|\benklare norsk\b|\bny i norge\b|\bnew in norway\b|\bno norwegian\b"
    r"|\bdont speak norwegian\b|\bdo not speak norwegian\b"
)
# A few words written without their slash: what the participant wants done, as a command name.
COMMAND_WORDS: dict[str, tuple[str, ...]] = {
    "hjelp": ("hjelp", "help", "meny", "menu", "hjelp meg", "kva kan du", "hva kan du"),
    "tilbake": ("tilbake", "ga tilbake", "back", "go back", "forrige", "tilbake til forrige"),
    "start": (
        "start pa nytt",
        "begynne pa nytt",
        "begynn pa nytt",
        "starte pa nytt",
        "starte om igjen",
        "restart",
        "start over",
        "byrje pa nytt",
    ),
    "slett": (
        "slett meg",
        "slett",
        "slett alt",
        "slett alt om meg",
        "slett dataene mine",
        "slett svarene mine",
        "delete me",
        "delete everything",
        "delete my data",
    ),
    "minplan": ("min plan", "minplan", "vis planen", "vis plan", "my plan"),
    "mine_data": ("mine data", "minedata", "my data"),
    "avbryt": ("avbryt", "cancel"),
    # To stop for now: nothing is asked until they write again.
    "stop": (
        "avslutt",
        "stopp",
        "stop",
        "slutt",
        "pause",
        "quit",
        "exit",
        "jeg vil slutte",
        "eg vil slutte",
        "vil slutte",
        "jeg vil avslutte",
        "ferdig for i dag",
        "nok for i dag",
        "orker ikke mer i dag",
        "snakkes",
        "ha det",
        "hade",
        "bye",
    ),
    "change": (),
}
_COMMAND_BY_WORDS = {words: name for name, phrases in COMMAND_WORDS.items() for words in phrases}
CHANGE_WORDS = re.compile(r"\b(?:vil|kan jeg|kan eg|ma) (?:endre|forandre|rette|change)\b")
REFUSAL_WORDS = re.compile(
    r"^(?:nei|nope|nah|no|niks|naei|nae|ingen kommentar|no comment|pass|skip|neste|next|videre"
    r"|dropp det|drop it|hopp over|hopp over denne|hoppe over|neste sporsmal)$"
    r"|\b(?:hopp|hoppe|hoppa) over\b|\bskippe?\b|\bneste$"
    r"|\b(?:vil|vi|gidder|gidd|onsker|orker) (?:ikke|ikkje|itj|helst ikke|helst ikkje|ikke a|ikkje a)"
    r" (?:svare|si|sei|drom|drome|droyme|fortelle|fortelja|snakke om|dele|skrive)\w*"
    r"|\b(?:ikke|ikkje) (?:svare|si noe) pa (?:det|sant|dette)\b"
    r"|\bvil (?:ikke|ikkje) (?:drom|droym)\w*|\bhelst ikke si\b|\bvil helst ikke\b"
    r"|\bangar (?:ikke|ikkje) deg\b|\bdet er privat\b|\bnone of your business\b|\bdet er personlig\b"
    r"|\bdet vil (?:jeg|eg) (?:ikke|ikkje)\b|\b(?:vil|gidder) (?:ikke|ikkje)$"
)
LOW_MOOD_WORDS = re.compile(
    r"\b(?:orker|orkar|gidder) (?:ikke|ikkje|itj|ik)\b(?! (?:a )?(?:svare|snakke|si))"
    r"|\b(?:sa|so|helt|heilt|veldig|sykt|kjempe|bare|berre) (?:sliten|trott|trøtt|lei|tom|utslitt|utslatt"
    r"|nedfor|deppa|langt nede|elendig|ensom|kjip)\b"
    r"|\bsliten av alt\b|\blei av alt\b"
    r"|\b(?:foler|foeler|kjenner) meg (?:\w+ )?(?:tom|sliten|nedfor|deppa|darlig"
    r"|elendig|ensom|verdilos|kjip|trist)\b"
    r"|\b(?:darlig|kjip|tung|tøff|toff) dag\b|\bdritdag\b|\b(?:tungt|grått|gratt) (?:i dag|na|no)\b"
    r"|\balt (?:er|foles|fols|kjennes) (?:sa |bare |berre )?(?:tungt|gratt|morkt|meningslost|jaevlig|dritt)\b"
    r"|\b(?:null|ingen|inga) energi\b|\bfeeling (?:really |so |very )?(?:down|low|bad|sad)\b"
    r"|\b(?:mye|masse) (?:uro|angst)\b|\bangst i dag\b|\bgrein\b|\bgrat\b|\bgrater\b"
    r"|\bingenting funke|\bingenting fungerer\b|\bhar ligget i senga\b|\bklarer ikke tenke\b"
    r"|\b(?:er|e|ae) (?:sa|so) lei\b|\bikke en god dag\b|\bi feel (?:awful|terrible|down)\b"
)
OFF_TOPIC_WORDS = re.compile(
    r"\b(?:vaeret|vaer|regner|regn|sol|sno|kampen|eliteserien|rosenborg|brann|molde|vits|vitser|joke"
    r"|dikt|poem|netflix|serien|hovedstaden|burger|burgerplassen|pizza|iphone|bitcoin|krypto|lotto)\b"
    r"|www|http|\.com\b|\.biz\b|klikk her|click here|vinn en|gratis premie"
    r"|^(?:asdf\w*|qwer\w*|jkl\w*|lol|haha\w*|hehe\w*|xd)$|\blol$"
)
# A question to the bot: an asking word first (after "ja men", "og", "ok"), or a question mark
# after "er du", "kan jeg" and the like.
ASKING = re.compile(
    r"^(?:(?:ja|nei|men|og|ok|okei|hm+|sa|altsa|but|and|so) )*"
    r"(?:hva|hvorfor|hvordan|hvor|hvem|hvilken|hvilke|nar|kva|kvifor|korleis|kor|kven|kvar|ka|kem"
    r"|kossen|assen|what|why|how|who|when|where|which|er du|er det|are you|is it|is this|kan jeg"
    r"|kan eg|kan du|kan vi|kan man|ma jeg|ma eg|ma man|far jeg|far eg|far nav|far andre|skal jeg"
    r"|skal eg|blir|har du|vil du|do you|can i|can you|koster|er dette|ser nav|ser andre|leser)\b"
)
# The questions people ask, answered from the catalog (bot/core/answering.py says which text).
FAQ: dict[str, re.Pattern[str]] = {
    "where": re.compile(
        r"\b(?:hva|kva|ka) (?:var det|holdt|heldt) (?:jeg|eg|vi) (?:holdt |heldt )?(?:pa|pa med)\b"
        r"|\bhvor (?:var|er) vi\b|\bkor (?:var|er) vi\b|\bwhere were we\b|\bhvor var jeg\b"
        r"|\bhva var det jeg holdt pa med\b|\bhva skulle jeg svare\b"
    ),
    "who_sees": re.compile(
        r"\b(?:hvem|kven|who)\b.*\b(?:ser|se|leser|lese|far se|kan se|see|read|sees|tilgang)\b"
        r"|\b(?:far|ser|kan|vil) (?:nav|legen|fastlegen|arbeidsgiver|sjefen|andre)\b.*\b(?:se|lese|vite)\b"
        r"|\bblir (?:det|svarene) (?:delt|lagret)\b|\bhvor (?:lagres|blir) (?:det|svarene)\b"
    ),
    "delete": re.compile(
        r"\b(?:kan|far) (?:jeg|eg|man)\b.*\bslett|\bcan i delete\b|\bslette .* (?:etterpa|senere)"
    ),
    "cost": re.compile(r"\bkoster\b|\bkostar\b|\bgratis\b|\bbetale\b|\bcost\b|\bfree\b|\bpris\b"),
    "human": re.compile(
        r"\b(?:er du|are you|snakker jeg med|snakkar eg med|er dette)\b.*"
        r"\b(?:robot|menneske|ekte|bot|ai|kunstig|human|real|person|chatbot|maskin|data)\b"
    ),
    "wait": re.compile(
        r"\b(?:hvor|kor) (?:lenge|lang tid)\b.*\bvent|\bnar (?:kommer|svarer|tar)\b.*\bbrobygger"
        r"|\bhow long\b.*\bwait\b|\bnar kan (?:jeg|eg) snakke med\b"
    ),
    "bridge_builder": re.compile(
        r"\b(?:hva|kva|ka|hvem|kven|what|who)\b.*\b(?:er|gjor|gjer|is|does)\b.*\bbrobygger"
        r"|\bbrobygger\w* (?:hva|kva) er\b"
    ),
    "how_long": re.compile(
        r"\b(?:hvor|kor) (?:lang tid|lenge)\b.*\b(?:tar|varer|held|holder)\b|\bhow long\b.*\b(?:take|last)\b"
        r"|\bmange (?:sporsmal|spm)\b|\ber (?:vi|det) snart ferdig\b"
    ),
    "point": re.compile(
        r"\bpoenget\b|\bpoint\b|\bvits(?:en)? med\b"
        r"|\b(?:hvorfor|kvifor|why)\b.*\b(?:spor|sporr|ask|ma|skal|trenger)\b"
        r"|\bhva skal (?:dette|du) med\b|\bhva er dette godt for\b|\bhva bruker du\b"
    ),
}


def _non_latin(text: str) -> bool:
    """Mostly letters of another script (Cyrillic, Arabic, ...): not Norwegian, not English."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    other = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return other * 2 > len(letters)


def command_in_words(text: str) -> str | None:
    """A command written without its slash ("hjelp", "slett meg"): the command's name."""
    plain = words_only(text)
    plain = (
        re.sub(r"^(?:jeg vil |eg vil |kan vi |kan du )?", "", plain)
        if plain not in _COMMAND_BY_WORDS
        else plain
    )
    plain = re.sub(r" (?:takk|please|pls|na|no)$", "", plain)
    if plain in _COMMAND_BY_WORDS:
        return _COMMAND_BY_WORDS[plain]
    if CHANGE_WORDS.search(plain) and len(plain) < 60:
        return "change"
    return None


def faq_topic(text: str) -> str | None:
    """Which of the questions people ask this is, if any."""
    plain = words_only(text)
    for topic, pattern in FAQ.items():
        if pattern.search(plain):
            return topic
    return None


def is_question_to_the_bot(text: str) -> bool:
    plain = words_only(text)
    if faq_topic(text) is not None and (text.rstrip().endswith("?") or ASKING.search(plain)):
        return True
    return text.rstrip().endswith("?") and bool(ASKING.search(plain))


def kind_of(text: str, expects: str = "text") -> str:
    """The kind of message: ANSWER, or what it is instead (see KINDS)."""
    plain = words_only(text)
    stripped = text.strip()
    if not plain:
        return (
            CONFUSED
            if stripped.strip("?") == "" and stripped
            else (ANSWER if expects != "text" else OFF_TOPIC)
        )
    if _non_latin(text) or LANGUAGE_WORDS.search(plain):
        return LANGUAGE
    if expects == "yesno" and asks_for_human(text):
        return ANSWER  # "I want to talk to a human" to the offer of one: a yes
    if command_in_words(text) is not None or asks_for_human(text):
        return COMMAND
    if CONFUSED_WORDS.search(plain):
        return CONFUSED
    if expects in ("consent", "yesno"):
        if is_question_to_the_bot(text):
            return QUESTION
        if yes_or_no(text) is not None:
            return ANSWER
    if expects == "scale" and scale_reading(text) is not None:
        return ANSWER
    if expects == "ever" and yes_or_no(text) is not None:
        return ANSWER
    if GREETING_WORDS.match(plain):
        return GREETING
    if THANKS_WORDS.match(plain):
        return THANKS
    if LOW_MOOD_WORDS.search(plain):
        return LOW_MOOD
    if expects == "text" and REFUSAL_WORDS.search(plain):
        return REFUSAL
    if expects != "text" and REFUSAL_WORDS.search(plain) and yes_or_no(text) is None:
        return REFUSAL
    if OFF_TOPIC_WORDS.search(plain):
        return OFF_TOPIC
    if is_question_to_the_bot(text) or faq_topic(text) == "where":
        return QUESTION
    if expects == "when" and is_dont_know(text):
        return ANSWER  # "vet ikke" is an answer to when
    return ANSWER  # of the kind asked for or not: the question's own reading decides (a number, a day)
