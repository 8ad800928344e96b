"""The crisis phrases, by tier and kind, as regular expressions over one normalised clause.

Clauses come from bot.core.safety.clauses: folded (æ→ae, ø→o, å→a), words separated by single
spaces, dialect forms mapped to one spelling (ikke, jeg, meg, selv, do for "dø"), English
contractions spelt out ("do not"). A pattern matches anywhere in the clause; what stands before
it (a negation, "legen spurte om") is judged in bot.core.safety.detect, never by the pattern.

Acute: intent, a plan, means at hand, self-harm now, violence. Concern: the indirect signs.
A "weak" pattern is a phrase people also use as a figure of speech; it does not count in a
message that laughs ("haha", "lol", 😂).
"""

from __future__ import annotations

from dataclasses import dataclass

# Slots.
ME_I = r"(?:jeg|i|e)"
# What may stand right before a self-directed verb phrase when its subject is the writer:
# "jeg", a modal or "å", or nothing (the clause starts there). "Jobben tar livet av meg" has a
# subject that is not the writer and is a figure of speech.
SELF = (
    r"(?:^|\b(?:jeg|i|e|bare|a|vil|skal|kan|ville|burde|bor|ma|snart|nok|heller|liksom|kanskje"
    r"|egentlig|helst|berre|bare|gonna|til|to) )"
)
WANT = (
    r"(?:vil|ville|onsker a|onsker|har lyst til a|har lyst a|lyst til a|lyst a|lengter etter a"
    r"|lengtar etter a|har lyst|skulle onske jeg kunne|har bare lyst til a|vil helst|har mest lyst til a)"
)
PILLS = (
    r"(?:\w*(?:piller|pillene|pillar|pillane|tabletter|tablettene|tablettar|tablettane)|medisiner|medisinene"
    r"|medisinane|paracet|paracetamol|ibux|sobril|vival|imovane|zopiklon|morfin|oxycodon|pills|tablets|meds"
    r"|sleeping pills)"
)
LOTS = (
    r"(?:masse|mange|alle|en haug|ein haug|haugevis|hele|heile|\d{2,}|tjue|tretti|forti|femti|hundre|all"
    r"|a lot of"
    r"|lots of|a bunch of|all my|all the|the whole|a (?:whole )?(?:bottle|box|pack|handful) of|en neve"
    r"|brett med"
    r"|(?:en |ei |et |eit )?(?:hel|heil|hele|heile) (?:eske|boks|pakke|pakka|glass|glasset|brett|flaske"
    r"|pakning))"
    r"(?: med| av| of)?"
)
THEY = (
    r"(?:han|hun|ho|de|dei|mannen min|kona mi|faren min|far|mora mi|mor|kjaeresten min|typen min"
    r"|samboeren min|eksen min|broren min|stefaren min|mannen|kona|faren|mora|kjaeresten|typen"
    r"|samboeren|eksen|he|she|my husband|my wife|my boyfriend|my girlfriend|my father|my dad"
    r"|my partner|my ex)"
)
PERSON = (
    r"(?:han|ham|henne|ho|dem|dei|noen|folk|alle|him|her|them|someone|somebody|people"
    r"|(?:\w+ ){0,2}?(?:sjefen|naboen|saksbehandleren|legen|kjaeresten|mannen|kona|faren|mora|broren"
    r"|soster|eksen|typen|samboeren|kollegaen|kollegaene|lederen|veilederen|svogeren|barnefaren|barnefar"
    r"|barnemora|stefaren|svigermor|svigerfar|utleieren|huseieren|veileder|saksbehandler|politiet)"
    r"|\w+ (?:min|mi|mitt)|my (?:boss|neighbour|neighbor|husband|wife|ex|caseworker|father|dad))"
)
# A concern sign with a time close at hand ("pillene er samlet, i kveld") is acute.
URGENT_WORDS = r"\b(?:i kveld|i natt|akkurat na|snart|i morgen tidlig|tonight|right now|later tonight)\b"


@dataclass(frozen=True)
class Phrase:
    tier: str  # "acute" or "concern"
    kind: str  # "suicide", "self_harm" or "violence"
    pattern: str
    weak: bool = False


def _phrases(tier: str, kind: str, *patterns: str, weak: bool = False) -> list[Phrase]:
    return [Phrase(tier, kind, p, weak) for p in patterns]


PHRASES: list[Phrase] = [
    # Violence against the writer, or from the writer against someone: checked before suicide,
    # since "han truer med å drepe meg" is about him.
    *_phrases(
        "acute",
        "violence",
        r"(?<!det )(?<!tanken )(?<!ideen )(?<!du )\b(?:slar|slo|banker|banka|bankar|sparker|sparka|kveler"
        r"|kvelte|kvelar|voldtok|voldtar|dytter|dytta|dyttet|lugger|misbrukte|misbruker|mishandler"
        r"|mishandla|mishandlet|har slatt|har banka|har banket|tar kvelertak pa|tok kvelertak pa"
        r"|holder meg fast og|holdt meg fast og|klyper)"
        r" meg\b(?! til ro| ned pa| ned i| ned som| ut| pa skuldra| i (?:sjakk|poker|fifa|spill|tennis|dart"
        r"|kort|quiz|armbryting))"
        r"(?!.*\b(?:sjakk|spill|kortspill|tennis|fotball|poker|dart|quiz|fifa|badminton|ludo)\b)",
        r"\b(?:blir|ble|vart|blei|har blitt|er blitt|har vorte) (?:slatt|slegen|banket|banka|mishandlet"
        r"|mishandla|voldtatt|voldteken|misbrukt|truet|trua|kvalt|kvelt) (?:av|hjemme|heime|by)\b",
        rf"\b{ME_I} (?:blir|er|har vaert|har vore|ble) utsatt for (?:vold|overgrep|mishandling|trusler)\b",
        r"\bvold (?:hjemme|heime|i hjemmet|i heimen)\b",
        rf"\b{THEY} (?:er|var|blir) voldelig",
        rf"\bredd (?:for )?(?:at )?(?:a bli (?:drept|slatt|skadet)|{THEY} skal (?:drepe|skade|sla)"
        r" (?:meg|oss|barna))",
        rf"\b{THEY} (?:\w+ )?(?:vil|skal|kommer til a|truer med a|har truet med a|sier han skal"
        rf"|sa han skulle)"
        r" (?:drepe|skade|sla|ta) (?:meg|oss|barna)\b",
        r"\b(?:truer|trua|truet|truar|threatens|threatened) (?:meg )?(?:med a |to )?(?:drepe|skade|sla|kill"
        r"|hurt)\b",
        rf"\b{THEY} (?:hits|beats|hit|beat|chokes|choked|raped|rapes|abuses|abused|hurts|threatens|kicks"
        r"|kicked|punched|punches|strangled) me\b",
        r"\bi am (?:being )?(?:abused|beaten|hit|raped) (?:at home|by)\b",
        r"\b(?:domestic violence|voldtatt|voldteken)\b",
        r"\b(?:kvelertak|strupetak) pa meg\b",
        r"\b(?:truer|trua|truet|truar|threatens|threatened) (?:meg|oss|mamma|mora mi|barna|us|me) med (?:kniv"
        r"|kniven|vapen|pistol|juling|bank|a drepe"
        r"|a skade|knife|a knife|a gun|death)\b",
    ),
    *_phrases(
        "acute",
        "violence",
        rf"\b(?:vil|skal|kommer til a|har lyst til a|tenker pa a|tenkt a|har tenkt a|kan|planlegger a|ma"
        rf"|skulle|going to|will|want to|gonna|am going to)(?: jeg| i)? (?:drepe|skade|sla ihjel|sla ned"
        rf"|knivstikke"
        rf"|skyte|stikke ned|kill|hurt|stab|shoot|beat up)"
        rf" (?!tid|tida|tiden|tia|time\b|bossen|dragen|zombiene){PERSON}\b"
        r"(?! (?:i|pa|in) (?:spillet|spill|game|the game|fifa|minecraft|fortnite))",
        weak=True,
    ),
    # Suicide, acute: intent, a wish to die, a plan, an attempt.
    *_phrases(
        "acute",
        "suicide",
        r"\bselvmord(?!sforebygg|sstatistikk|srate|stall|sfare ved)",
        r"\bsuicid",
        r"\bsjolvmord|\bselmord",
        rf"{SELF}(?:ta|tar|taa) (?:livet|live|liv) (?:av|fra|ifra|av av) meg\b",
        rf"{SELF}(?:ta|tar) (?:mitt eget|mitt eige|mitt) liv\b",
        rf"{SELF}(?:ta|tar) livet mitt\b",
        r"\bdrep(?:e|a)? meg selv\b|(?:^|\b(?:jeg|e) (?:\w+ ){0,3}?|\bi )(?:vil|skal|kommer til a|tenker pa a"
        r"|lyst til a|lyst a|ma"
        r"|har tenkt a|burde) drep(?:e|a)? meg\b",
        r"\b(?:tar|skal|vil|kommer) (?:jeg|i|e) (?:\w+ ){0,3}?(?:ta )?(?:livet av meg|livet mitt"
        r"|mitt eget liv|mitt liv)\b",
        r"\bkill (?:meg|myself)\b",
        rf"\b{WANT} (?:bare |berre |helst |egentlig |heller |virkelig |so |sa )?(?:a )?(?:do|doo|dod|die)\b"
        r"(?! av (?:latter|kjedsomhet|skam|sult|kulde|varme|nysgjerrighet|spenning|flauhet))"
        r"(?! (?:gammel|mett|lykkelig|naturlig|i fred|hjemme|av alderdom))",
        rf"\b(?:vil|onsker|orker) {ME_I} (?:bare |helst |heller )?(?:a )?do\b",
        r"\b(?:vil|ville|orker|klarer|makter|gidder|onsker a|har lyst til a|har lyst a|lyst til a|lyst a)"
        r"(?: jeg| i| e)?(?: bare| egentlig| virkelig| rett og slett)? ikke (?:lenger |mer |a |lyst til a "
        r"|lyst a )*leve\b"
        r"(?! (?:pa|av|med|uten|som|slik at|sann at|i|sann|slik|sann som|slik som)\b)",
        r"\bikke lyst (?:til )?a leve\b(?! (?:pa|av|med|uten|sann|slik)\b)",
        r"\bikke (?:a )?(?:vaere|leve|bli) i live\b|\bnot (?:to )?(?:be|stay) alive\b",
        r"\b(?:gjore|gjere|gjor) (?:det )?slutt pa (?:det hele|livet|meg selv|meg|mitt liv|livet mitt)\b",
        r"\bavslutte (?:livet|mitt liv|livet mitt|det hele|meg selv)\b",
        rf"{SELF}(?:henge|skyte|drukne) meg\b(?! (?:pa|inn|opp|med|ut|etter|fast|selv i foten|i foten))",
        r"\b(?:henge|skyte|drukne) meg selv\b(?! i foten)",
        r"\b(?:hoppe|kaste meg|legge meg) (?:foran|fra|ut fra|ned fra|under|ut av|pa|i) (?:toget|et tog"
        r"|eit tog"
        r"|ein bil|en bil|bilen|broa|brua|bruen|taket|et tak|vinduet|fjellet|balkongen|skinnene|sporet"
        r"|jernbanen|t banen|banen|havet|sjoen|elva|fjorden|stupet|kanten)\b",
        r"\bkjore (?:\w+ ){0,3}?(?:i|inn i|into|mot) (?:en |ein |a )?(?:fjellvegg|fjellveggen|trailer"
        r"|trailern"
        r"|motgaende|autovernet|tree|wall|a wall)",
        r"\b(?:skal|kommer til a|vil|about to|going to|will) (?:\w+ )?(?:hoppe|jump)$",
        r"\b(?:star|staar|sitter|am standing|standing|sitting) (?:\w+ )?(?:pa|paa|on) (?:brua|broa|bruen"
        r"|kanten|perrongen|stupet"
        r"|the bridge|the edge|the roof|the ledge)\b",
        r"\b(?:sitter|star|ligger|sitting|standing) med (?:barberbladet|kniven|pillene|tauet|barberblad"
        r"|et barberblad"
        r"|the razor|the pills|a razor|the rope|the knife)\b",
        r"\b(?:to|planning to|going to|will|skal|vil|planlegger a|tenker a) overdos",
        r"\b(?:ta|tar|tok|tatt|tek|har tatt|took|taken|take) (?:en |an |a )?overdos",
        rf"\b(?:tok|tatt|har tatt|svelget|svelgde|slukte|took|have taken|swallowed"
        rf"|tar) (?:\w+ ){{0,2}}?{LOTS}"
        rf" (?:\w+ ){{0,2}}?{PILLS}\b"
        r"(?!.*\b(?:kuren|som legen|som avtalt|foreskrevet|as prescribed|resepten|etter resept"
        r"|som jeg skulle)\b)",
        r"\b(?:har|have|har nettopp|har akkurat|har allerede) (?:\w+ )?(?:tatt|tok|svelget|svelgd|taken"
        r"|swallowed)"
        r" (?:noen av |some of |alle |all |resten av |the rest of |en del av )?(?:de |the )?(?:pillene"
        r"|tablettene"
        r"|sovepillene|sovetablettene|medisinene|pills|tablets)\b"
        r"(?! (?:mine|som|etter|for|legen|i dag|idag|hver|til|my|as|with|med mat|med vann))",
        rf"\b(?:har|sitter med|ligger med|holder|have|got) (?:\w+ ){{0,2}}?{PILLS} (?:\w+ )?(?:klare|klar"
        rf"|foran meg"
        r"|her|ready|in front of me)\b",
        r"\b(?:star|staar|sitter) (?:pa|paa) (?:brua|broa|bruen|kanten|perrongen|stupet|taket og)\b",
        r"\b(?:tauet|lokka|reipet|tauet mitt|lokken|rope|noose|pills|the pills|pillene) (?:\w+ ){0,4}?(?:er "
        r"|is |are )?"
        r"(?:klar|klart|klare|oppe|ready)\b",
        r"\b(?:har|fatt|have|got) (?:\w+ ){0,2}?(?:tau|tauet|reip|reipet|lokke|lokka|rope"
        r"|noose) (?:\w+ ){0,3}?(?:klart|klar|ready)",
        r"\b(?:laget|lagd|knyttet|knytta|knytt|laga) (?:en |ei |meg en |meg ei )?(?:lokke|snare)\b",
        r"\b(?:tied|made) a noose\b|\bthe rope is ready\b|\bnoose\b",
        rf"\b{WANT} (?:bare )?(?:vaere |bli )?dod\b",
        # Topic first: "livet mitt skal jeg ta", "dø vil jeg", "pillene har jeg tatt".
        r"^(?:livet mitt|mitt liv|livet|mitt eget liv) (?:skal|vil|kommer|tar) (?:jeg|i|e) (?:\w+ )?(?:ta"
        r"|snart)?",
        r"^do (?:vil|skal|onsker) (?:jeg|i|e)\b",
        rf"^(?:alle )?{PILLS} (?:har|tok) (?:jeg|i|e) (?:\w+ )?(?:tatt|svelget|svelgd)?",
        r"^(?:hoppe|kaste meg) (?:\w+ ){0,3}?(?:skal|vil) (?:jeg|i|e)\b",
        r"\b(?:drepe|kverke|kverka|drep|ta) meg selv\b",
        r"\b(?:hoppe|hopper|hoppar|kaste meg|kaster meg|legge meg|legger meg) (?:\w+ )?(?:foran|fra|ut fra"
        r"|ned fra|under)"
        r" (?:toget|et tog|bilen|en bil|bussen|t banen|banen|brua|broa|blokka|taket|fjellet|stupet)\b",
        r"\bkjore (?:\w+ ){0,2}?(?:utfor|ut for|off|over kanten)\b",
        r"\b(?:ga|gar|gaa|gikk|walk) (?:\w+ )?(?:ut i|into) (?:elva|havet|sjoen|fjorden|vannet|the sea"
        r"|the river)\b",
        r"\b(?:hengt|henge|hang|festet|festa|hung) (?:opp )?(?:et |ei |the |a )?(?:tau|tauet|reip|reipet"
        r"|lokka|lokke|rope)\b",
        r"\b(?:got|have|har) (?:the|a|et|tauet) ?rope\b",
        r"\b(?:blir det|det blir|it ends) slutt (?:pa|for) meg\b|\bslutt for meg (?:i kveld|i natt"
        r"|tonight)\b",
        r"\b(?:tomt|tomte|svelget) (?:hele )?medisinskapet\b",
        r"^(?=.*\b(?:bilen|bil|car|the car)\b)(?=.*\b(?:garasjen|garage|the garage)\b)(?=.*\b(?:motoren"
        r"|engine|motor)\b)",
        r"\b(?:utsida|utsiden|yttersida|yttersiden|outside|wrong side) (?:av |of )?(?:rekkverket|gelenderet"
        r"|railing|the railing)",
        r"\b(?:festa|festet|hengt|knytta|knyttet|tied) (?:\w+ ){0,2}?(?:i|fra|rundt|to|from) (?:bjelken|taket"
        r"|dorkarmen|a beam"
        r"|the beam|the ceiling)\b",
        r"\b(?:nar|naar|when) (?:du|dere|you|noen|someone) (?:leser|finner|reads|read|find|finds) (?:dette"
        r"|denne|this)\b",
        # English.
        r"\b(?:want to|going to|will|plan to|planning to|about to|thinking about|thinking of|should"
        r"|might|gonna|have to|need to|to|i|ill|i will|i am going to|decided to) kill myself\b",
        r"^kill myself\b|\bkilling myself\b(?! (?:at|with|for) (?:work|the gym|training))",
        r"\b(?:end|take|ending|taking) (?:my (?:own )?life|it all)\b",
        r"\b(?:going to|gonna|will|want to|ready to|about to|decided to|planning to) end (?:it|things"
        r"|everything)\b",
        r"\bcommit suicide|\bsuicide\b",
        r"\bwant(?:s)? to (?:die|be dead|not exist)\b|\bwant to just die\b|\bjust want to die\b",
        r"\bdo not want to (?:live|be alive|exist)\b",
        r"\b(?:hang|shoot|drown) myself\b",
        r"\bjump (?:off|in front of|from) (?:a |the )?(?:bridge|train|roof|building|cliff|balcony)\b",
        r"\bi am going to die tonight\b",
    ),
    # Self-harm.
    *_phrases(
        "acute",
        "self_harm",
        r"\bskad(?:e|er|a|ar|et) meg selv\b",
        r"\bselvskad",
        r"\b(?:kutter|kuttar|kutta|kuttet|kutte|risper|rispar|rispe|rispet|rispa|risset|risser|rissa|risse"
        r"|skjaerer"
        r"|skjaere|skar|skaret|skjert)"
        r" meg\b(?! (?:ut|inn|pa papir|pa kniven i|pa glass|pa boksen|pa arket|i fingeren pa"
        r"|i fingeren nar))",
        r"\b(?:begynt|begynte|byrja|starta|startet) (?:a )?(?:kutte|rispe|skade meg|skade) (?:meg )?igjen\b",
        r"\b(?:brenner|brennar|brenne|brente|brent|brant) meg(?:$| med vilje| selv| med sigarett(?:er)?"
        r"| med lighter(?:en)?| pa armen| pa huden| igjen)\b",
        r"\b(?:slo|slar|dunket|dunka|dunker|banket|banker) (?:hodet|hovudet) (?:mitt )?(?:i|mot"
        r"|inn i) (?:veggen|gulvet|doren)",
        r"\b(?:rispet|risset|kuttet|skaret|kutta|rispa|rissa|skar) (?:opp )?(?:i )?(?:armen|armene|laret|lara"
        r"|handleddet"
        r"|handleddene|huden|beina|magen)\b",
        r"\b(?:sla|slar|slo) meg selv\b",
        r"\b(?:kutta|kuttet|kutter|rispa|rispet|risset|skar|skaret) (?:jeg|i|e) meg\b",
        r"\b(?:cut|cutting|cuts|hurt|hurting|harm|harming|burn|burning|burned|burnt|scratched"
        r"|punched) myself\b",
        r"\bself ?harm",
    ),
    # Concern: the indirect signs. A warm, direct question, with the help lines under it.
    *_phrases(
        "concern",
        "suicide",
        r"\b(?:vil|ville|onsker|haper|hape|skulle onske|ber om a|lyst til a|onsker a|vil bare|vil helst)"
        r"(?: at)?(?: jeg)? (?:ikke|aldri) (?:a )?(?:vakne|vakner)\b",
        r"\b(?:haper|onsker|skulle onske) (?:at )?jeg (?:aldri|ikke) (?:vakner|vaknar)\b",
        r"^(?:aldri|ikke) (?:mer )?(?:a )?(?:vakne|vakner|vaknet)\b(?! for| til| tidlig| av)",
        r"\bsovne (?:inn )?(?:for godt|for alltid)\b",
        r"\bbedre (?:\w+ ){0,3}uten meg\b|\bbedre (?:for alle )?(?:om|hvis|viss|dersom"
        r"|at) jeg (?:ikke fant?es"
        r"|var borte|forsvant|ikke var her|var dod|dode|ikke var til)",
        r"\b(?:jeg er|jeg foler meg som|foler meg som|jeg blir|bare) (?:\w+ ){0,2}?(?:en |ei )?(?:byrde"
        r"|belastning)"
        r"(?! (?:for (?:nav|systemet|arbeidsgiveren|budsjettet)))\b",
        r"\b(?:til bry|en byrde) for (?:alle|alle rundt meg|familien|de rundt meg|dei rundt meg)\b",
        r"\b(?:ingenting|ikke noe|ikkje noko|ingen ting) (?:igjen )?(?:a|og) leve for\b",
        r"\bingen(?:ting)? (?:grunn|grunner|vits|mening|poeng|hap) (?:med|i|til|a) (?:a )?"
        r"(?:leve|livet|fortsette|vaere her|vaere til|a leve)\b",
        r"\b(?:ser|finner|har) ingen (?:vits|mening|grunn|utvei|fremtid|framtid)\b(?! (?:i|med) (?:a sende"
        r"|kurs|tiltak"
        r"|a soke|jobb|nav|skjema|mote))",
        r"\bingen utvei\b|\bingen vei ut\b",
        r"\bhva er vitsen med a leve|\bhvorfor (?:skal jeg |skulle jeg )?(?:leve|fortsette a leve"
        r"|fortsette)\b",
        r"\blivet (?:mitt )?(?:er|har) (?:ikke|ingen) (?:verdt a leve|mening|verdi)\b|\bikke verdt a leve\b",
        r"\b(?:orker|klarer|makter) ikke (?:livet|mer av livet|a vaere meg|a vaere til|a leve sann"
        r"|a leve slik)\b",
        r"\b(?:vil|ville|orker|onsker) ikke (?:a )?(?:vaere|finnes) (?:her )?(?:lenger|mer|i morgen"
        r"|til)\b(?! enn)",
        r"\b(?:vil|ville|orker|onsker) ikke (?:a )?leve (?:sann|slik)\b",
        r"\bikke (?:vaere|finnes) her (?:lenger|etter i morgen|i morgen|mer)\b(?! enn)",
        r"\b(?:vil|ville|onsker a|lyst til a) (?:bare |helst )?(?:forsvinne|bli borte|sovne)"
        r"(?: for godt| for alltid| helt| fra alt| fra jorda| fra verden)?\b"
        r"(?! (?:fra nav|fra jobben|pa ferie|til|inn|ut|i en|i ei|i boka|i boken|under dyna|fra sofaen"
        r"|en tur))",
        r"\b(?:tenker|tenkt|tenkte|tenkjer|tankar|tanker) (?:\w+ ){0,3}?(?:pa|om) (?:doden|a do|a ta livet"
        r"|a ikke vaere her|a ikke leve|a forsvinne|a gjore noe dumt|a avslutte)",
        r"\b(?:lurer pa om|tviler pa at|tror ikke) (?:\w+ ){0,2}?(?:noen|nokon) (?:ville|hadde|vil"
        r"|kommer til a)"
        r" (?:savnet|savne|merket|merke|brydd seg|bry seg)",
        r"\bingen (?:ville|hadde|vil|kommer til a) (?:savnet|savne|merket|merke|bry seg|brydd seg) (?:meg"
        r"|om meg|om jeg)",
        r"\b(?:gitt|gir|gi|har gitt) bort (?:\w+ ){0,2}?(?:tingene mine|tinga mine|sakene mine"
        r"|eiendelene mine|alt jeg eier"
        r"|katten min|hunden min|alt mitt|alle tingene)",
        r"\b(?:avskjedsbrev|farvelbrev|avskjedsbrevet|avskjedsbreva|avskjedsbrevene)",
        r"\bskrevet (?:et |eit |noen |nokre )?(?:brev|brev) (?:\w+ ){0,4}?(?:farvel|avskjed|i tilfelle"
        r"|nar jeg er borte)",
        r"\b(?:sagt|si|sier) (?:ha det|farvel|adjo) til (?:alle|familien|barna|dere|verden|de jeg|dei jeg"
        r"|folk|everyone)\b",
        r"\b(?:samlet|samla|spart|sparer|samler|hamstret|hamstrer|gjemt|gjemmer|lagt til side|lagret) "
        rf"(?:opp |pa )?(?:\w+ ){{0,3}}?{PILLS}\b",
        rf"\b{PILLS} (?:\w+ ){{0,3}}?(?:samlet|spart|gjemt|i skuffen|til side)\b(?! (?:for|til) (?:ferien"
        rf"|reisen))",
        r"\b(?:tenker|tenkt|tenkte|tenkjer|kjopt|kjopte|funnet|fant) (?:\w+ ){0,3}?(?:tau|tauet|et tau|rep"
        r"|reip|lokke)\b"
        r"(?! (?:til|for) )",
        r"\b(?:skulle onske|onsker|skulle onskje) (?:at )?(?:jeg )?(?:var|vart|aldri var|aldri hadde vaert"
        r"|aldri ble|aldri hadde blitt)"
        r" (?:dod|fodt|til)\b",
        r"\b(?:helst|heller) (?:vaere|vaert|bli) (?:dod|borte)\b|\blike (?:gjerne|godt) (?:vaere"
        r"|vaert) (?:dod|borte)\b",
        r"\b(?:lei|trott|drit lei|sliten) (?:av|pa) (?:a leve|livet|a vaere til|a vaere i live)\b",
        r"\b(?:ferdig|ferdige) med (?:livet|alt sammen|a leve)\b(?! (?:som|pa|i|med|uten))|\b(?:gi|gir"
        r"|gitt) opp livet\b",
        r"\b(?:dette er|det er|dette blir) (?:mitt |min |den )?(?:farvel|siste melding|siste meldingen)\b",
        r"\bsiste gang (?:du|dere|noen) (?:horer|hoyrer|hører) (?:fra|fraa) meg\b",
        r"\bmorke tanker\b|\bmorke tankar\b|\bstygge tanker om meg selv\b",
        r"\b(?:gjore|gjere) noe (?:dumt|dumt med meg|galt mot meg selv)\b",
        r"\b(?:metoder|mater|maater|hvordan man kan) (?:a )?(?:do|ta livet|drepe seg)\b",
        r"\bsokt (?:\w+ ){0,3}(?:mater|metoder|hvordan) (?:a )?do\b",
        r"\b(?:gjore|gjere) slutt pa alt(?:$| sammen| saman)|\bavslutte alt(?:$| sammen| saman)",
        r"\bingen (?:fremtid|framtid) for meg\b|\bingen morgendag\b",
        r"\b(?:haper|onsker|skulle onske|ber om)(?: jeg)? (?:at )?(?:jeg )?(?:bare )?(?:aldri|ikke) (?:vakner"
        r"|vaknet|vakne)\b",
        r"\blivet (?:\w+ )?(?:foles|er|virker|kjennes|kjenst|blir) (?:\w+ )?(?:meningslost|haplost|tomt"
        r"|bortkastet|poenglost)",
        r"\b(?:lettere|enklere|bedre|best|greit|greiare|fint) (?:\w+ ){0,2}?(?:a (?:vaere|bli) dod"
        r"|om jeg var dod"
        r"|(?:om|hvis|viss|dersom|at) jeg (?:bare )?(?:ikke (?:fantes|fanst|eksisterte|var her|var til|levde)"
        r"|var (?:dod|borte)"
        r"|forsvant|dode|ble borte))",
        r"\bhaper (?:jeg )?(?:at )?(?:det|dagen|kvelden|natta|natten|i dag) (?:er|blir) (?:den "
        r"|min )?siste\b",
        r"\b(?:bare|helst|gjerne) (?:bli borte|forsvinne)(?: helt| for godt| for alltid)?$",
        r"\bikke (?:er )?verdt (?:det )?a leve\b",
        r"\b(?:statt|stod|sto|stanset|stoppet) (?:\w+ ){0,2}?(?:pa|paa|ved) (?:brua|broa|bruen|kanten|stupet"
        r"|skinnene)\b",
        r"\bspiller (?:ingen|ikke noen) rolle om jeg (?:er her|lever|finnes|dor|er borte|forsvinner)",
        r"\bikke (?:at jeg )?(?:horer|hoyrer) hjemme (?:i|pa) (?:denne )?(?:verden|verda|jorda|livet)",
        r"\bikke (?:\w+ ){0,3}?(?:til )?(?:a )?(?:er|e|vaere|vaert|finnes|bli|er her"
        r"|e her) (?:her )?(?:lenger |mer )?"
        r"(?:etter|til|over) (?:i morgen|jul|helga|nyttar|paske|sommeren|neste uke|denne uka|morgendagen)",
        r"\bikke her (?:lenger )?(?:etter|i morgen)\b",
        r"\btrenger (?:\w+ )?ikke (?:der|dit) jeg skal\b",
        r"\b(?:gitt|gir|gi|har gitt|giving) bort (?:\w+ ){0,2}?(?:katten|katta|hunden|gitaren|pcen|pc"
        r"|sykkelen|klokka"
        r"|smykkene|tinga|tingene|sakene|alt)\b(?! (?:til (?:fretex|loppemarked|uff|kirkens)))",
        r"\blur(?:er|e|te)? pa om (?:\w+ ){0,2}?(?:ville|hadde|hadd|vil|kommer til a) (?:savnet|savne|sakna"
        r"|sakne|merket"
        r"|merke|brydd seg|bry seg)",
        r"\b(?:ville|hadde|vil) ingen (?:savnet|merket|merka|brydd seg|sakna|lagt merke til)\b",
        r"\bingen (?:ville|hadde|vil|kommer til a) (?:savnet|savne|sakna|merket|merke|bry seg|brydd seg)"
        r"(?: meg| om meg| det| om jeg| hvis jeg|$)",
        r"\b(?:ingen|ikke (?:\w+ )?(?:noe|noen|no|na|noko)|ikke) (?:vits|mening|poeng|point|grunn) (?:med |i "
        r"|til )?(?:a )?"
        r"(?:noe|noko|nakka|nokka|noenting|noe som helst|livet|leve|fortsette|det hele|alt|sta opp lenger"
        r"|holde pa)\b"
        r"(?! (?:med|pa) (?:jobb|soknad|kurs|nav|skjema|tiltak))",
        r"\b(?:ingen|no) (?:vits|point|poeng|mening) (?:lenger|anymore|igjen)$",
        r"\b(?:ikke noe|ingen|ikke noko) hap (?:lenger|igjen|for meg|i livet|for framtida|for fremtiden)\b",
        r"\bpa (?:\w+ )?(?:jorda|jorden|denne jorda) (?:lenger|mer)$",
        r"\bbedre (?:\w+ ){0,3}uten (?:en |ei )?(?:\w+ )?(?:som meg|meg)\b",
        r"\b(?:nar|naar|etter at|when) jeg er (?:borte|dod|gone)\b",
        r"\b(?:slutte|slutta|stoppe) a (?:eksistere|finnes|leve)\b|\bstop existing\b",
        r"\b(?:er|jeg er) (?:bare )?i veien for (?:alle|familien|de rundt meg|dei rundt meg"
        r"|alle rundt meg)\b",
        r"\bhvorfor (?:jeg )?(?:skal|skulle|gidder|orker) (?:jeg )?(?:\w+ )?(?:leve|holde pa|fortsette"
        r"|orke mer|sta opp)$",
        r"\b(?:ikke vaert for|ikkje vore for|if not for|if it was not for"
        r"|if it were not for) (?:\w+ ){1,3}?(?:hadde|would)"
        r" (?:jeg|i) (?:\w+ )?(?:ikke|not) (?:vaert|vore|levd|be) (?:her|i live|alive)\b",
        r"\bhadde (?:jeg|i) (?:\w+ )?ikke (?:vaert|vore|levd) (?:her|i live)\b|\bwould not be (?:here"
        r"|alive) if\b",
        r"\blyst (?:til )?a (?:begynne a )?(?:kutte|rispe|skade) (?:meg )?(?:igjen)?\b"
        r"|\bfortjener a (?:ha vondt|lide|do)\b",
        r"\bbegravelsen min\b|\bmin (?:egen )?begravelse\b|\bmy (?:own )?funeral\b",
        r"\bsove (?:for alltid|for godt|og aldri vakne|og ikke vakne)\b|\bsleep forever\b",
        r"\b(?:ctrl alt delete|delete|slette|exit|logge av|logge ut|quit) (?:\w+ )?(?:pa |fra |av "
        r"|on )?(?:livet|life)\b",
        r"\b(?:buss|bussen|bil|bilen|tog|toget|lastebil|trailer|bus|train|truck) (?:\w+ )?(?:tok|traff"
        r"|kjorte over|kjorer over"
        r"|hit|hits|would hit) meg\b|\b(?:bus|car|train|truck) (?:\w+ )?(?:hit|hits) me\b",
        r"\bikke at (?:noen|nokon) (?:skal|ma) (?:matte )?(?:rydde|rydda) (?:opp )?etter meg\b",
        r"\b(?:rydde|rydda) (?:opp )?etter meg\b",
        r"\bgravstein\b",
        r"\b(?:brev|letter|lapp|lappen) (?:\w+ ){0,8}?(?:hvis|om|viss|if|in case) (?:noe|something) (?:skjer"
        r"|skulle skje|happens"
        r"|skjer meg|happens to me)",
        r"\bskrevet (?:lappen|brevet|avskjeden|the note)\b",
        r"\b(?:hva|ka|kva|what) (?:ville|hadde|would) (?:skjedd|skje|happen) (?:om|hvis|viss|if) (?:jeg "
        r"|i )?(?:bare |just )?"
        r"(?:forsvant|dode|ble borte|var borte|disappeared|died|was gone)\b",
        r"\b(?:tror|tru|trur|think) (?:\w+ ){0,3}?(?:savnet|savna|sakna|miss|missed) (?:meg|me)\b",
        r"\b(?:skrevet|skrive|skriver|skrivi|wrote|writing) ned (?:alle )?passordene mine\b",
        r"\bhvem som skal (?:ha|fa|arve|ta) (?:katten|hunden|\w+ mine|\w+ min|\w+ mitt)\b",
        r"\b(?:for|before|til) (?:noen|nokon|someone|somebody) (?:finner|would find|finds|finn) (?:meg|en|me"
        r"|kroppen)\b",
        r"\b(?:sjekka|sjekket|sjekke|checked|checking|malt|malte) (?:\w+ ){0,2}?(?:hoyt|hoyden|how high"
        r"|how far down|hvor langt ned)",
        r"\b(?:haper|onsker|skulle onske|hope|wish) (?:\w+ ){0,2}?(?:at )?(?:jeg |i )?(?:far|fikk|blir|ble"
        r"|get|got|would get)"
        r" (?:kreft|en ulykke|pakjort|cancer|hit by|in an accident|an accident)\b",
        r"\b(?:onsker|haper|wish|hope) (?:\w+ ){0,2}?(?:at )?(?:jeg|i) (?:ikke|aldri|would not"
        r"|will not) (?:skulle )?(?:vakne|vakner"
        r"|vaknet|wake up)\b",
        r"^doden tenker (?:jeg|i|e)\b|^savne meg\b",
        r"^a leve for har (?:jeg|i|e) (?:ingenting|ikke noe)\b",
        r"\b(?:lurer pa om|om|ville|tror ikke|wonder if) (?:\w+ ){0,7}?(?:savnet|savne|sakna|miss) meg\b",
        r"\bikke (?:har )?(?:noe|na|no) (?:a|og) leve for\b",
        r"\bhva er (?:vitsen|poenget|meningen) med a leve\b",
        r"\b(?:hvis|om|viss) jeg (?:dode|dor|var dod|ble pakjort) (?:i morgen|i dag|na)\b",
        r"\b(?:brydd meg|bry meg|gjort noe|gjort noen forskjell) om jeg (?:ble pakjort|dode|dor|ble borte"
        r"|ikke vaknet)",
        r"\bikke (?:brydd|bry|brytt|brydde) meg (?:om|hvis|viss) jeg (?:ble pakjort|dode|dor|ble borte"
        r"|ikke vaknet|ble syk)",
        r"\bhvem som skal (?:ha|fa|arve) (?:hva|tingene mine|tinga mine|sakene mine)\b",
        r"\b(?:nar|naar) jeg ikke er her (?:lenger|mer)?\b",
        r"\bfarvel (?:\w+ ){0,5}?(?:for siste gang|for godt|pa en mate)\b",
        r"\bdette er takk for meg\b",
        r"\bkommer (?:aldri|ikke) tilbake\b(?=.*\b(?:sjoen|havet|elva|brua|skogen|fjellet)\b)",
        r"\b(?:best|bedre|lettere|enklere) for alle (?:om|hvis|viss|at) jeg (?:bare )?(?:forsvinner|forsvant"
        r"|dor|dode"
        r"|er borte|var borte|ikke er her|ikke var her)\b",
        # English.
        r"\b(?:not|never) (?:to )?wake up\b",
        r"\b(?:better off|be better) without me\b|\bbetter off dead\b",
        r"\bi am (?:just )?a burden\b|\bburden (?:to|on|for) (?:everyone|everybody|my family|them)\b",
        r"\bnothing (?:left )?to live for\b|\bno (?:reason|point) (?:to|in) (?:live|living|go on|going on"
        r"|life"
        r"|anything|continuing|being here)\b|\bwhat is the point of living\b",
        r"\bno way out\b|\b(?:can not|cant|cannot) go on\b|\bcan not do this anymore\b",
        r"\bnot (?:be|being) (?:here|around) (?:anymore|tomorrow|much longer|after)\b|\bwill not be (?:here"
        r"|around)"
        r" (?:anymore|tomorrow|much longer|for long)\b",
        r"\b(?:disappear|vanish) (?:forever|for good)\b",
        r"\b(?:goodbye|farewell|suicide) (?:letter|note)s?\b",
        r"\bgiving away (?:all )?my (?:stuff|things)\b",
        rf"\b(?:saving|saved|hoarding|stockpiling|collecting) (?:up )?(?:my |all my )?{PILLS}\b",
        r"\b(?:thinking|thought|think|thinks) (?:\w+ ){0,2}about (?:a |the )?(?:rope|death|dying|ending"
        r"|killing myself)\b",
        r"\bwould (?:anyone|anybody) (?:even )?(?:miss|notice|care)\b|\bnobody would (?:miss|notice|care)\b",
        r"\b(?:tired|sick) of (?:living|life|being alive)\b|\bdone with (?:life|living|everything)\b",
        r"\bgive up on life\b|\bwish i (?:was|were|had never been) (?:dead|born|never born)\b",
        r"\bdo not want to (?:be here|wake up|go on)\b",
        r"\bdark thoughts\b",
        r"\bgiving (?:\w+ ){0,2}(?:my|all my) (?:stuff|things) away\b",
        r"\bwhat is the point (?:in|of) (?:going on|living|life|anything|carrying on|trying|being here)\b",
        r"\b(?:anyone|anybody) would (?:even )?(?:miss|notice|care)\b",
        r"\b(?:byrde|belastning|burden) for (?:alle|familien|everyone|my family)\b",
        r"\bbetter off (?:if|when) i (?:was|were|am) (?:gone|dead|not here|not around)\b",
        r"\b(?:never|not) (?:\w+ )?(?:going to |gonna )?get(?:s|ting)? better\b(?=.*\b(?:can not|die|life"
        r"|living))",
    ),
]
# An attempt under way, read once a message is acute: the reply then says to ring 113 now.
ATTEMPT = (
    rf"\b(?:overdos\w*|(?:tatt|tok|svelget|svelgd|slukte|took|taken|swallowed) (?:\w+ ){{0,3}}?{PILLS}"
    r"|tomt medisinskapet|motoren i gang|engine running|blor|bloder|bleeding|slutter ikke a blo)\b"
)
# A message that laughs: weak phrases in it are figures of speech ("dette skjemaet dreper meg lol").
LAUGHTER = (
    r"(?:\b(?:haha\w*|hehe\w*|hihi\w*|lol\w*|lmao|lmfao|rofl|xd+|jk|tuller|tulla|spok|spoker|joke|joking"
    r"|kidding)\b|😂|🤣|😆|😅|😜|😝|🙃|😹|💀)"
)

# Phrases read across the whole message (its clauses joined by " . "): signs that are one only
# together, such as being worn out and hopeless, or means kept "just in case".
_WORN_OUT = (
    r"(?:orker|klarer|makter|gidder) ikke (?:mer|meir|lenger)|can not (?:do this|take (?:it|this)|go on)"
    r"|(?:so|sa) tired of everything|ferdig med alt|ingenting a se (?:fram|frem) til"
    r"|nothing to look forward to"
)
_HOPELESS = (
    r"(?:blir|gar|kommer|kjem) aldri (?:til a bli )?(?:bedre|over|godt)|ingenting (?:blir"
    r"|kommer til a bli) bedre"
    r"|haplost|ingen hap|ikke noe hap|meningslost|meiningslaust|ingen ?ting hjelper?|nothing helps"
    r"|never (?:\w+ )?(?:get|gets|going to get) better"
    r"|pointless|hopeless|ingen vits|ingenting hjelper|alt er (?:gratt|svart|morkt|meningslost|haplost|tomt)"
    r"|gravstein|ser ingen (?:ende|lys)|no light|ikke noe lys|sluttet a hape|mistet hapet|gitt opp hapet"
    r"|ikke (?:at )?det (?:\w+ ){0,2}?blir bedre|given up hope|stopped hoping"
)
_MEANS = rf"(?:{PILLS}|barberblad\w*|tau|tauet|kniv|kniven|razor|rope|blade|blades|medisinskapet)"
_JUST_IN_CASE = r"(?:i tilfelle|just in case|for sikkerhets skyld|nar tiden kommer|when the time comes)"
# Medicine taken as prescribed is no crisis: "skal ta dem når jeg trenger det, som legen sa".
_AS_PRESCRIBED = (
    r"^(?!.*\b(?:resept|resepten|legen|fastlegen|foreskrevet|som avtalt|nar jeg trenger|ved behov|prescribed"
    r"|prescription|the doctor|kuren)\b)"
)
MESSAGE_PHRASES: list[Phrase] = [
    Phrase(
        "concern",
        "suicide",
        rf"\b(?:{_WORN_OUT})\b.*\b(?:{_HOPELESS})|\b(?:{_HOPELESS})\b.*\b(?:{_WORN_OUT})\b",
    ),
    Phrase("concern", "suicide", rf"\b{_MEANS}\b.*\b{_JUST_IN_CASE}\b"),
    Phrase(
        "acute",
        "suicide",
        rf"{_AS_PRESCRIBED}.*\b{_MEANS}\b.*\b(?:tar|tek|svelger|take|taking|bruker|using)"
        r" (?:dem|de|them|det|it|alt|alle) (?:na|nu|i kveld|i natt|now|tonight)\b",
    ),
    Phrase(
        "acute",
        "suicide",
        rf"{_AS_PRESCRIBED}.*\b{_MEANS}\b.*\b(?:skal|vil|kommer til a|going to|will|gonna|har tenkt a"
        r"|tenker a|planning to|planlegger a) (?:\w+ )?(?:ta|take|svelge|swallow|bruke|use)"
        r" (?:dem|de|them|det|it|alt|alle sammen|hele|everything|all of (?:it|them))\b",
    ),
    Phrase(
        "acute",
        "suicide",
        rf"\b{_MEANS}\b.*\b(?:venter pa at det blir|venter til det blir|waiting for|nar det blir)"
        r" (?:natt|morkt|kveld|night|dark)\b",
    ),
    Phrase(
        "acute",
        "suicide",
        r"\b(?:note|brev|brevet|letter|lappen|avskjedsbrev\w*)\b.*\b(?:(?:gjore|gjor|gjere) det"
        r"(?:$| i kveld| i natt| na| nar| etter)|doing it|do it tonight)",
    ),
    Phrase("acute", "suicide", r"\bsatt (?:en )?dato(?:en)?\b.*\bsiste dag\b"),
    Phrase("concern", "suicide", r"\bvakne (?:i morgen|igjen|opp)\b.*\b(?:slippe|helst ikke|vil ikke)\b"),
    Phrase(
        "concern",
        "suicide",
        r"\b(?:sletta|slettet|deleted) (?:alle |all )?(?:bildene|kontoene|profilen|facebook|instagram"
        r"|my accounts|my photos)\b.*\b(?:sagt opp|ryddet|rydda|ordnet|cancelled|ryddig)\b",
    ),
    Phrase(
        "concern",
        "suicide",
        r"\b(?:writing|wrote|written|skrevet|skriver|skrev) (?:\w+ )?(?:letters|brev|goodbye)"
        r" (?:to|til) (?:everyone|alle|familien|barna|my family|my kids)\b.*\b(?:just in case|i tilfelle"
        r"|goodbye|farvel)",
    ),
    Phrase(
        "acute",
        "suicide",
        r"\b(?:gjore|gjere|gjaer|gjor|do|doing) (?:det|it)\b.*\b(?:i kveld|i natt|tonight)\b"
        r".*\b(?:har alt klart|alt er klart|har en plan|har planen|everything is ready|have a plan)\b"
        r"|\b(?:har alt klart|alt er klart|har en plan|har planen|everything is ready|have a plan)\b.*"
        r"\b(?:gjore|gjere|gjaer|gjor|do|doing) (?:det|it)\b.*\b(?:i kveld|i natt|tonight)\b",
    ),
    Phrase(
        "acute",
        "violence",
        r"\b(?:kniv|kniven|knife|pistol|gevaer|hagle|gun)\b.*\b(?:skal til|pa vei til|going to|on my way to)"
        r" (?:eksen|sjefen|naboen|han|henne|ham|him|her|my ex|my boss)\b",
    ),
    Phrase(
        "acute",
        "violence",
        r"\b(?:kniv|kniven|knife|pistol|gevaer|hagle|gun)\b.*\b(?:fa svi|fa unngjelde|skal ta (?:han|ham"
        r"|henne))\b"
        r"|\b(?:fa svi|fa unngjelde)\b.*\b(?:kniv|kniven|knife|pistol|gevaer|hagle|gun)\b",
    ),
]
