"""What kind of message a participant wrote at a question, before it may become an answer: an
answer, or a question to the bot, a greeting, thanks, a refusal, not understanding, a command
without its slash, another language, low mood, or something off-topic."""

from __future__ import annotations

import re
import unicodedata

from bot.core.phrases import asks_for_human, is_dont_know, scale_reading, yes_or_no, yes_or_no_in_any_language
from bot.core.text_norm import folded_with_pauses, words_only

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
# A step or goal that would do harm (drinking, stopping medicine, revenge): met with care, not praise.
HARMFUL = "harmful"

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
    r"|er du der|er det noen her|noen der|are you there|hello again|hei igjen|heihei|hei hei hei)$"
)
# A greeting, then only small talk about being back ("hei igjen, er du der fortsatt?").
GREETING_START = re.compile(
    r"^(?:hei|hey|hi|hallo|halla|hallais|heisann|heia|hello|morn|god morgen|god morgon|god dag|god kveld)\b"
)
BEING_BACK = re.compile(
    r"\b(?:igjen|tilbake|lenge siden|forsvant|borte|er du der|fortsatt|sorry|beklager|fin dag|travel"
    r"|glemte|glemt|her igjen|again|back|been a while|long time)\b"
)
# What follows thanks for a kind word is no answer ("takk, fint å høre").
REACTION = re.compile(
    r"\b(?:fint|godt|hyggelig|deilig|snilt|koselig|bra) (?:a hore|sagt)\b|\btrengte a hore\b|\bsa snilt\b"
    r"|^(?:det var|det er) (?:hyggelig|snilt|fint|godt|koselig)\b"
)
THANKS_WORDS = re.compile(
    r"^(?:(?:ok|okei|ja|tusen|mange|hjertelig|tusen hjertelig|veldig|da) )*"
    r"(?:takk|takker|tak|tack|thanks|thank you|thx|ty|tusen takk|tenks|tenk ju|dzieki|danke|gracias"
    r"|merci)\b(?!.*\bmen\b).{0,80}$"
    r"|^(?:sa snilt|det var snilt|sa hyggelig|snilt av deg)\b"
)
CONFUSED_WORDS = re.compile(
    r"\b(?:forstar|forsta|forsto|forstod|skjonner|skjonar|skjonte|skjona|fatter|begriper|skjona|henger)"
    r"(?: (?:jeg|eg|du|den|det|helt|heilt|noe|noko|alt)){0,2} (?:ikke|ikkje|itj|ik|ingenting)\b"
    r"|\bhenger (?:ikke|ikkje) (?:helt )?med\b"
    r"|\b(?:ble|vart|er) (?:litt |helt )?(?:lost|forvirra|forvirret)\b"
    r"|\bfor vanskelig (?:for meg )?a (?:forsta|skjonne)\b|\bhusker (?:ikke|ikkje) hva (?:dette|det|du)\b"
    r"|\b(?:hva|kva) (?:var det|er det) du (?:lurte pa|spurte om|mente)\b"
    r"|\b(?:aner|veit|vet) (?:ikke|ikkje) hva du (?:vil|mener|spor|meiner)\b"
    r"|^hae\b(?: \w+){0,4}$|\buklart\b|\b(?:til|med|om) hva$|\bhva da$"
    r"|\bhva vil du at (?:jeg|eg) skal\b|\bkva vil du eg skal\b|\bgjore hva da\b|\bsnakke med hvem\b"
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
# A wish about the conversation's language, not a skill ("Jeg er god på engelsk" is an answer).
LANGUAGE_WORDS = re.compile(
    rf"\b(?:snakker du|snakkar du|kan du|kan vi|kan me|skriv|skrive|skriva|can we|can you|could we|do you"
    rf"|will you|hablas|mowisz|sprechen sie|parlez vous|czy mozemy|mozemy)\b"
    rf"(?: \w+){{0,4}} {LANGUAGE_NAMES}\b"
    rf"|^{LANGUAGE_NAMES}(?: please| pls| plz| takk| bitte)?$|\b{LANGUAGE_NAMES} (?:please|pls|plz)\b"
    rf"|^(?:(?:kan vi|can we|please|pls|helst) )?(?:in|pa|po) {LANGUAGE_NAMES}(?: please| pls| plz| takk)?$"
    r"|\b(?:norsk|norwegian)(?: \w+){0,2} (?:er |is )?(?:ikke|not|ikkje)"
    r" (?:sa |so |very )?(?:bra|god|good|great)"
    r"|^min norsk\b|\bmin norsk (?:er|ikke)\b|\bmy norwegian (?:is|isnt)\b"
    r"|\b(?:forstar|skjonner|snakker|kan) (?:ikke|ikkje) (?:sa )?(?:godt |mye )?norsk"
    r"|\benklere norsk\b|\benklare norsk\b|\bny i norge\b|\bnew in norway\b|\bno norwegian\b"
    r"|\bdon ?t speak norwegian\b|\bdo not speak norwegian\b|\bdon ?t understand norwegian\b"
    r"|\b(?:ingen|ikke|ikkje|no) (?:snakke|snakker|kan|forstar) norsk\b"
    r"|\bnorsk er (?:sa |veldig |litt )?(?:vanskelig|vanskeleg|tungt)\b|\benklere ord\b|\benklare ord\b"
    r"|\bpo norwesku\b|\bnie rozumiem\b|\bich verstehe\b|\bno entiendo\b|\bne ponimayu\b|\bma fahmin\b"
    r"|\ben ymmarra\b"
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
        "meld meg ut",
        "jeg vil ikke vaere med lenger",
        "vil ikke vaere med lenger",
        "vil ikke vaere med mer",
        "tar resten senere",
        "fortsetter senere",
        "fortsetter i morgen",
        "pause na",
        "ta en pause na",
        "ma lope",
        "jeg ma lope",
        "jeg ma ga",
    ),
    "change": (),
}
_COMMAND_BY_WORDS = {words: name for name, phrases in COMMAND_WORDS.items() for words in phrases}
CHANGE_WORDS = re.compile(
    r"\b(?:endre|forandre|rette|change)\b(?: \w+){0,4} (?:svar\w*|det jeg skrev|det eg skreiv|forrige"
    r"|malet|drommen|talentet|planen|steget|det over)\b"
    r"|\btilbake og (?:endre|forandre|rette|skrive)\b|\bskrive (?:\w+ )?(?:om igjen|pa nytt)\b"
    r"|\bskrive (?:det|den|dette) om\b|^tilbake til (?:malet|drommen|talentet|planen|forrige|sporsmalet)\b"
)
STOP_WORDS = re.compile(
    r"\b(?:fortsette|ta resten|tar resten|ta det|fortsetter)(?: \w+)?"
    r" (?:i morgen|senere|seinare|en annen dag|ein annan dag)\b"
    r"|\bslett\w* (?:kontoen|profilen|brukeren)\b"
)
HELP_WORDS = re.compile(
    r"\bfinner (?:ikke|ikkje) knappene\b|\bhvor er knappene\b|\bhjelp (?:til|med) a bruke\b"
    r"|\bhvordan (?:bruker|funker) (?:jeg|eg|du|denne|boten)\b"
)
# Not wanting to answer: said alone, or as "vil ikke svare (på det)" that ends the message; never a
# wish such as "Jeg vil ikke sitte hjemme mer" or "Jeg vil helst ikke jobbe natt".
BARE_NO = {"nei", "nei takk", "helst ikke", "no", "no thanks", "nope", "nah", "naei", "nae"}
NEXT_AT_THE_END = re.compile(r"[,.!]\s*(?:neste|next|videre)\s*[.!]*\s*$", re.IGNORECASE)
_ABOUT_IT = r"(?: (?:pa|om|paa) (?:det|dette|sant|den|denne))?(?: (?:sporsmalet|her|na|no|i dag|akkurat na))*"
REFUSAL_WORDS = re.compile(
    r"^(?:nei|nei takk|nope|nah|no|no thanks|niks|naei|nae|ingen kommentar|no comment|pass|skip|neste"
    r"|next|videre"
    r"|dropp det|drop it|hopp over|hopp over denne|hoppe over|neste sporsmal|ta neste|ta neste sporsmal"
    r"|vil helst ikke|helst ikke)$|^skip(?:per|pe)? (?:denne|den|det)\b|\bkan vi ta neste\b"
    r"|\bvil (?:helst )?(?:ikke|ikkje) (?:snakke|fortelle) om meg sj?elv\b"
    r"|\b(?:hopp|hoppe|hoppa|hopper) over\b|, neste$|^neste,|\bneste (?:sporsmal|takk)\b"
    r"|\b(?:vil|vi|gidder|gidd|onsker|orker) (?:ikke|ikkje|itj|helst ikke|helst ikkje)(?: a)?"
    rf" (?:svare|svar|si|sei|fortelle|fortelja|dele|skrive|snakke om det|snakke om dette){_ABOUT_IT}$"
    r"|\bvil (?:ikke|ikkje) (?:drom|droym)\w*$|\bhelst ikke si\b"
    r"|\bangar (?:\w+ )?(?:ikke|ikkje) deg\b|\bdet er privat\b|\bnone of your business\b|\bdet er personlig\b"
    r"|^det vil (?:jeg|eg) (?:ikke|ikkje)(?: svare pa| si)?$|\b(?:vil|gidder) (?:ikke|ikkje)$"
    r"|\bstar (?:jeg |eg )?over\b|\bholde (?:\w+ )?for meg sj?elv\b"
    r"|\bikke lyst (?:til )?a (?:dele|svare|si|fortelle)\b"
    r"|\b(?:ikke|ikkje)\b(?: \w+){0,4} (?:vil|onsker|orker|gidder) (?:a )?(?:svare|dele|fortelle) pa\b"
    r"|\bikke noe (?:jeg|eg) vil (?:svare|dele|snakke)\b"
    r"|\b(?:ingen|ingen andre) (?:noe|noko) med(?: det| dette)?$|\bnoe du trenger a vite\b"
    r"|\bdet har du ikke noe med\b|\bvil (?:ikke|ikkje) snakke om det\b"
    r"|\bgidder (?:ikke|ikkje) svare\b|\bkommer (?:ikke|ikkje) til a svare\b|\bnei takk til det\b"
    r"|\bvil (?:itj|ikke|ikkje) svar\w* pa\b"
)
LOW_MOOD_WORDS = re.compile(
    r"\b(?:orker|orkar|gidder) (?:ikke|ikkje|itj|ik)\b(?! (?:a )?(?:svare|snakke|si))"
    r"|\b(?:sa|so|helt|heilt|veldig|sykt|kjempe|bare|berre) (?:sliten|trott|trøtt|lei|tom|utslitt|utslatt"
    r"|nedfor|deppa|langt nede|elendig|ensom|kjip)\b"
    r"|\bsliten av alt\b|\blei av alt\b"
    r"|\b(?:foler|foeler|kjenner) meg (?:\w+ )?(?:tom|sliten|nedfor|deppa|darlig"
    r"|elendig|ensom|verdilos|kjip|trist)\b"
    r"|\bhar ligget\b(?: \w+){0,3} (?:hele|i) (?:uka|dagen|helga|senga)\b|\bgardinene trukket\b"
    r"|\balt foles som\b|\bhver dag er lik\b|\b(?:orker|orkar) (?:liksom|egentlig|bare) (?:ikke|ikkje)\b"
    r"|\b(?:darlig|kjip|tung|toff) dag\b|\bdritdag\b|\b(?:tungt|grått|gratt) (?:i dag|na|no)\b"
    r"|\balt (?:er|foles|fols|kjennes) (?:sa |bare |berre )?(?:tungt|gratt|morkt|meningslost|jaevlig|dritt)\b"
    r"|\b(?:null|ingen|inga) energi\b|\bfeeling (?:really |so |very )?(?:down|low|bad|sad)\b"
    r"|\b(?:mye|masse) (?:uro|angst)\b|\bangst i dag\b|\bgrein\b|\bgrat\b|\bgrater\b"
    r"|\bingenting funke|\bingenting fungerer\b|\bhar ligget i senga\b|\bklarer ikke tenke\b"
    r"|\b(?:er|e|ae) (?:sa|so) lei\b|\bikke en god dag\b|\bi feel (?:awful|terrible|down)\b"
    r"|\b(?:mokklei|drittlei|dritt lei|skikkelig lei)\b|\blei (?:av )?alt\b"
    r"|\balt (?:foles|fols|er|har vaert|kjennes|gar)(?: \w+){0,3}"
    r" (?:tungt|gratt|svart|morkt|stort|meningslost)\b"
    r"|\b(?:tunge|tung|darlige|kjipe|morke|tøffe|toffe) (?:dager|uker|tider|periode|tid)\b"
    r"|\b(?:er|foler meg som|kjenner meg som|foles som) (?:en )?"
    r"(?:fiasko|mislykket|mislykka|verdilos|ubrukelig)\b"
    r"|\b(?:har gitt|gitt) meg opp\b"
    r"|\bsitter (?:mest |bare )?alene\b|\bhar ingen a (?:snakke|sporre|prate)\b|\bdet er tungt\b"
    r"|\bhar (?:ikke|ikkje) sovet\b|\bflyter (?:bare )?sammen\b|\blig?ger mest i senga\b|\bla mest i senga\b"
    r"|\bklarer (?:ikke|ikkje) a (?:drom|tenke|glede)\w*|\bselv a dusje\b"
)
# Chatter, opinions, tasks for the bot and spam; never a noun alone that an answer could hold
# ("Jeg er god til å lage pizza", "Jobbe med brann og redning").
OFF_TOPIC_WORDS = re.compile(
    r"\bhva (?:blir|er) vaeret\b|\bvaeret (?:i dag|i morgen|er)\b|\bregner (?:sa|so|som bare|det|ute)\b"
    r"|\b(?:sa du|har du sett) (?:kampen|serien|filmen)\b|\b(?:vinner|vant) (?:eliteserien|kampen|cupen)\b"
    r"|\b(?:fortell|si) (?:en|ein) vits\b|\btell me a joke\b|\bskriv (?:et|eit) dikt\b|\bwrite a poem\b"
    r"|\bhovedstaden i\b|\bnetflix\b|\b(?:rosenborg|brann|molde|lyn|viking) (?:suger|er best|vant|tapte)\b"
    r"|\.biz\b|klikk her|click here|\bvinn en\b|gratis premie|\bcasino\b|\bbitcoin\b"
    r"|^(?:asdf\w*|qwer\w*|jkl\w*|lol|haha\w*|hehe\w*|xd)$"
    r"|\bhva synes du om\b|\bhva tror du om\b|\bchampions league\b|\bpremier league\b"
    r"|\bkatten min (?:har|kastet|kasta|spiste)\b|\bhunden min (?:har|kastet|kasta|spiste)\b"
    r"|\bhvem tror du vinner\b|\bscoret\b|\bforresten\b"
    r"|\b(?:skatten|regjeringen|stortinget|politikk)\b(?: \w+){0,3} (?:er|burde|ma)\b|\bburde ga av\b"
    r"|\b(?:taco|kaffen|middagen|bussen|toget)(?: \w+)? (?:var|er|kom)\b|\bhar du provd\b"
    r"|\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lordag|sondag|i gar) var\b|\bnull dekning\b"
    r"|\bvar pa hytta\b|\btil syden\b"
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
        r"\bpoenget\b|\bpoint\b|\bvits(?:en)? med\b|\bwhat is this\b"
        r"|\b(?:hva|kva|ka) er (?:dette|det her|denne boten|du)(?: for (?:noe|noko|noe greier))?$"
        r"|\b(?:hvorfor|kvifor|why)\b.*\b(?:spor|sporr|ask|ma|skal|trenger)\b"
        r"|\bhva skal (?:dette|du) med\b|\bhva er dette godt for\b|\bhva bruker du\b"
        r"|\b(?:hva|kva|ka) skal (?:dette|det|dette her) (?:vaere|vere|vera) godt for\b"
    ),
}


# Steps and goals that would do harm, in Norwegian; the kind head reads the rest (folded text).
HARMFUL_WORDS = re.compile(
    r"\b(?:drikke|drekke|fylle|supe) (?:meg|me) (?:full|fulle|drita|dritings|stup)"
    r"|\b(?:slutte|slutta|kutte|droppe|stoppe) (?:med |a ta )?(?:alle )?(?:medisin|medisinene|medisinane"
    r"|tablettene|pillene|piller|medikament)"
    r"|\b(?:ta igjen|hevne meg|hemne meg|ta hevn|banke|sla ned|juling)\b.{0,30}\b(?:sjefen|sjef|leder"
    r"|kollega|kollegaen|naboen|han|ho|henne|dem|dei)\b"
    r"|\b(?:kjore|koyre) (?:i fylla|full|rusa)\b|\bslutte a spise\b|\bikke spise\b"
)


def is_harmful(text: str) -> bool:
    """A step or goal that would do harm to them or others ("drikke meg full i helga")."""
    return bool(HARMFUL_WORDS.search(words_only(text)))


def other_script(text: str) -> bool:
    """Mostly letters of another script than Latin (Cyrillic, Arabic, Ge'ez, ...): not Norwegian,
    not English."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    other = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return other * 2 > len(letters)


# The script of each language pack not written in Latin letters.
PACK_SCRIPTS = {"uk": "CYRILLIC"}


def in_script_of(text: str, locale: str) -> bool:
    """Mostly letters of the script the locale is written in (Cyrillic for Ukrainian)."""
    script = PACK_SCRIPTS.get(locale)
    letters = [ch for ch in text if ch.isalpha()]
    if script is None or not letters:
        return False
    return sum(1 for ch in letters if unicodedata.name(ch, "").startswith(script)) * 2 > len(letters)


def _low_mood(plain: str) -> bool:
    """Low mood, unless it is what they wish away ("sove bedre og ikke være så sliten")."""
    for found in LOW_MOOD_WORDS.finditer(plain):
        before = plain[max(0, found.start() - 14) : found.start()]
        if not re.search(r"\b(?:ikke|ikkje|slippe a|mindre)(?: vaere| er| bli)? ?$", before):
            return True
    return False


def command_in_words(text: str) -> str | None:
    """A command written without its slash ("hjelp", "slett meg", "nok for i dag, avslutt"): the
    command's name. Said alone, or as the first or last part of the message."""
    parts = [words_only(part) for part in re.split(r"[.,!;:]+", text) if words_only(part)]
    for part in {parts[0], parts[-1]} if len(parts) > 1 else ():
        found = _command_in(part)
        if found is not None:
            return found
    plain = words_only(text)
    if HELP_WORDS.search(plain):
        return "hjelp"
    stop = STOP_WORDS.search(plain)
    if stop:
        return "slett" if stop.group(0).startswith("slett") else "stop"
    return _command_in(plain)


def _command_in(plain: str) -> str | None:
    plain = (
        re.sub(r"^(?:jeg vil |eg vil |kan vi |kan du )?", "", plain)
        if plain not in _COMMAND_BY_WORDS
        else plain
    )
    plain = re.sub(r" (?:takk|please|pls|na|no)$", "", plain)
    if plain in _COMMAND_BY_WORDS:
        return _COMMAND_BY_WORDS[plain]
    if CHANGE_WORDS.search(plain) and len(plain) < 100:
        return "change"
    return None


OPENING = re.compile(
    r"^\s*(?:(?:hei|hey|hi|hallo|heisann|heia|god morgen|morn|ok|okei|tak|takk|tusen takk|takk for at du"
    r" spor|takk for sporsmalet|takk for det|thanks)(?: igjen| du| pa deg)?\s*[,.!:;]+\s*)+",
    re.IGNORECASE,
)


def without_opening(text: str) -> str:
    """The text without a greeting or thanks in front of what they say ("hei! ja, det er greit")."""
    folded_start = OPENING.match(folded_with_pauses(text))
    if not folded_start:
        return text
    # Cut the same number of words from the original text.
    words = len(folded_start.group(0).split())
    return " ".join(text.split()[words:]) or text


def faq_topic(text: str) -> str | None:
    """Which of the questions people ask this is, if any."""
    plain = words_only(text)
    for topic, pattern in FAQ.items():
        if pattern.search(plain):
            return topic
    return None


# A guess with a question mark is an answer ("kanskje snekker?", "brobyggeren kanskje?").
HEDGES = re.compile(r"\b(?:kanskje|kansje|tror|trur|vel|typ|mulig|muligens|maybe|perhaps|liksom)\b")
# A yes/no question starts with its verb and a person: "har du snakket med", "får jeg penger".
VERB_FIRST = re.compile(
    r"^(?:har|er|kan|skal|vil|ma|far|blir|gjor|vet|veit|lagrer|jobber|ser|leser|deler|sender|husker"
    r"|snakker|bruker|tar|hjelper|kjenner|betaler|trenger|koster)"
    r" (?:du|dere|dykk|jeg|eg|man|me|vi|det|dette)\b"
)
# Without a "?": only when it asks the bot, or asks leave ("får jeg", "må jeg"); "Har jeg en jobb"
# and "Blir jeg roligere" answer "what would be different?".
VERB_FIRST_YOU = re.compile(r"^\w+ (?:du|dere|dykk)\b|^(?:far|ma|kan|skal|burde) (?:jeg|eg|man|me|vi)\b")
ANYONE = re.compile(r"^(?:hva|hvem|hvor|nar|kva|kven|kor) som helst\b")
ADDRESSED = re.compile(r"\b(?:du|deg|dere|dykk|you|man|me|det|dette|den|boten|brobyggeren|brobyggerne)\b")
ASKING_START = re.compile(
    r"^(?:(?:men|og|ok|sa|hm+) )?(?:mener du|meiner du"
    r"|lurer pa(?! om (?:jeg|eg)\b)|lurte pa(?! om (?:jeg|eg)\b)"
    r"|teller det|gjelder det|ma det|gar det an|er det greit|er det lov|blir det"
    r"|(?:hvor|kor) (?:mange|lang tid|lenge)(?: \w+)? (?:kan|skal|ma|pleier|tar|bruker|varer)"
    r"|how|what|why|who|is it|does it|do i|should i|sorry but (?:how|what|why|who|can|do))\b"
)


def asks_what_the_bot_is(text: str) -> bool:
    """ "Er du et ekte menneske?": a question about the bot, not a wish to talk to a person."""
    plain = words_only(text)
    return faq_topic(text) == "human" and (text.rstrip().endswith("?") or bool(ASKING.search(plain)))


def is_question_to_the_bot(text: str, expects: str = "text") -> bool:
    plain = words_only(text)
    asked = text.rstrip().endswith("?")
    if faq_topic(text) is not None and (asked or ASKING.search(plain)):
        return True
    if ASKING_START.search(plain) and not ANYONE.search(plain):
        return True
    if VERB_FIRST.search(plain) and not HEDGES.search(plain) and (asked or VERB_FIRST_YOU.search(plain)):
        return True  # "har du snakket med andre som meg", with or without its question mark
    if not asked or HEDGES.search(plain):
        return False
    if ASKING.search(plain) and not ANYONE.search(plain):
        return True
    # Any other question of some length: a question back, not an answer (one or two words with a
    # question mark are a guess: "snekker?").
    return expects in ("text", "ever") and len(plain.split()) >= 4 and bool(ADDRESSED.search(plain))


def kind_of(text: str, expects: str = "text") -> str:
    """The kind of message: ANSWER, or what it is instead (see KINDS). A greeting or thanks first
    and an answer after it ("hei! ja, det er greit") is an answer."""
    rest = without_opening(text)
    plain_rest = words_only(rest)
    opening_only = BEING_BACK.search(plain_rest) or REACTION.search(plain_rest)
    if rest != text and not opening_only and _kind(rest, expects) == ANSWER:
        return ANSWER
    return _kind(text, expects)


def _kind(text: str, expects: str) -> str:
    plain = words_only(text)
    stripped = text.strip()
    if not plain:
        return (
            CONFUSED
            if stripped.strip("?") == "" and stripped
            else (ANSWER if expects != "text" else OFF_TOPIC)
        )
    if other_script(text) or LANGUAGE_WORDS.search(plain):
        if expects in ("consent", "yesno", "ever") and yes_or_no_in_any_language(text) is not None:
            return ANSWER  # "так", "tak, jasne": a yes in their language
        return LANGUAGE
    if expects == "yesno" and is_question_to_the_bot(text):
        return QUESTION  # "koster det noe å snakke med en brobygger?"
    if expects == "yesno" and asks_for_human(text):
        return ANSWER  # "I want to talk to a human" to the offer of one: a yes
    if asks_what_the_bot_is(text):
        return QUESTION  # "er du et ekte menneske?" asks what the bot is; it opens no case
    if command_in_words(text) is not None or asks_for_human(text):
        return COMMAND
    if CONFUSED_WORDS.search(plain):
        return CONFUSED
    if expects in ("consent", "yesno"):
        if is_question_to_the_bot(text):
            return QUESTION
        if yes_or_no_in_any_language(text) is not None:
            return ANSWER
    if expects == "scale" and scale_reading(text) is not None:
        return ANSWER
    if expects == "ever" and yes_or_no(text) is not None:
        return ANSWER
    if GREETING_WORDS.match(plain):
        return GREETING
    if GREETING_START.match(plain) and (BEING_BACK.search(plain) or len(plain.split()) <= 3):
        return GREETING
    if THANKS_WORDS.match(plain):
        return THANKS
    if _low_mood(plain):
        return LOW_MOOD
    if expects == "text" and (REFUSAL_WORDS.search(plain) or NEXT_AT_THE_END.search(text)):
        return REFUSAL
    if expects != "text" and REFUSAL_WORDS.search(plain) and yes_or_no(text) is None:
        return REFUSAL
    if expects in ("scale", "when") and plain in BARE_NO:
        return REFUSAL  # "nei takk" to the scale or the day: not wanting to say
    if OFF_TOPIC_WORDS.search(plain):
        return OFF_TOPIC
    if is_question_to_the_bot(text, expects) or faq_topic(text) == "where":
        return QUESTION
    if expects == "when" and is_dont_know(text):
        return ANSWER  # "vet ikke" is an answer to when
    return ANSWER  # of the kind asked for or not: the question's own reading decides (a number, a day)
