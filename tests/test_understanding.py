"""Listening before answering: each finding of the trial with real participants, through the core
(what the participant reads), plus the readers of a yes, a number and a day."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.dates import When, format_when, parse_when
from bot.core.i18n import translator
from bot.core.phrases import scale_reading, yes_or_no
from bot.core.understanding import kind_of
from bot.startup import Storage
from tests.conftest import ANSWERS, Chat, Clock, answer_up_to, current_answers

t = translator("nb")
WEDNESDAY = date(2026, 11, 25)


async def test_at_the_talent_question_nothing_but_an_answer_is_stored(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    await chat.send("hva er poenget med dette?")
    assert chat.text.startswith(t("faq.point")) and t("q.talent") in chat.text
    await chat.send("stopp")
    assert chat.text == t("offscript.stop")
    await chat.send("sorry my norwegian is not so good, can we talk english?")
    assert chat.text.startswith(t("offscript.language")) and t("q.talent") in chat.text
    await chat.send("orker ikke mer av dette")
    assert t("offscript.low_mood") in chat.text and "styrke" not in chat.text
    assert await current_answers(storage, chat) == {}


async def test_not_understanding_gets_the_question_said_another_way(chat: Chat, storage: Storage) -> None:
    await answer_up_to(chat, "plan")
    await chat.send("jeg forstår ikke")
    assert chat.text == "\n".join([t("offscript.confused"), t("q.plan.hint")])
    assert "Bra valg" not in chat.text and "plan" not in await current_answers(storage, chat)


@pytest.mark.parametrize(
    ("written", "reply"),
    [
        ("hjelp", "help.text"),
        ("tilbake", "q.talent"),
        ("slett meg", "delete.confirm"),
        ("avslutt", "offscript.stop"),
    ],
)
async def test_a_command_without_its_slash_is_the_command(
    chat: Chat, storage: Storage, written: str, reply: str
) -> None:
    await chat.consent()
    await chat.send(ANSWERS["talent"])
    await chat.send(written)
    assert t(reply).split("{")[0] in chat.text
    assert "talent_others" not in await current_answers(storage, chat)


async def test_welcome_back_after_a_break(chat: Chat, clock: Clock, storage: Storage) -> None:
    await answer_up_to(chat, "plan")
    clock.advance(hours=13)
    await chat.send("hei igjen")
    assert chat.text.startswith(t("offscript.welcome_back_name", name="Ola", where="Steg 4 av 5: Plan"))
    assert t("q.plan") in chat.text
    clock.advance(hours=13)
    await chat.send("hva var det jeg holdt på med")
    assert t("offscript.welcome_back_name", name="Ola", where="Steg 4 av 5: Plan") in chat.text
    assert "plan" not in await current_answers(storage, chat)
    await chat.send("Ringe kafeen")  # straight after: an answer
    assert (await current_answers(storage, chat))["plan"] == "Ringe kafeen"


async def test_no_to_the_offer_of_a_human_keeps_the_answers_in_their_place(
    chat: Chat, storage: Storage
) -> None:
    await answer_up_to(chat, "goal")
    await chat.send("vet ikke")
    await chat.send("aner ikke")
    assert "offer:yes" in chat.buttons
    await chat.send("nei, jeg prøver selv")
    assert t("offer.declined") in chat.text and t("q.goal") in chat.text
    await chat.send("då eg jobba på sag")
    await chat.send("4")
    stored = await current_answers(storage, chat)
    assert stored["goal"] == "då eg jobba på sag" and stored["goal_scale"] == "4"


async def test_the_scale_takes_a_number_and_nothing_else(chat: Chat, storage: Storage) -> None:
    await answer_up_to(chat, "goal_scale")
    await chat.send("I want to talk to a human")
    assert t("handoff.opened") in chat.text  # a request for a human, not "Du er på 2"
    assert "goal_scale" not in await current_answers(storage, chat)


async def test_a_two_in_a_sentence_is_no_number(chat: Chat, storage: Storage) -> None:
    await answer_up_to(chat, "goal_scale")
    await chat.send("jeg har to barn")
    assert chat.text.startswith(t("answer.scale_number"))
    await chat.send("sju")
    assert (await current_answers(storage, chat))["goal_scale"] == "sju"


@pytest.mark.parametrize(
    "yes",
    ["ja ok da", "ok da", "ja, det er greitt", "ja takk gjerne", "jaaa", "sure", "yes please", "det e greit"],
)
async def test_everyday_yes_is_a_yes_at_consent(chat: Chat, yes: str) -> None:
    await chat.send("/start")
    await chat.send(yes)
    assert t("consent.thanks") in chat.text


async def test_a_question_at_consent_is_answered_before_the_yes(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("ja men hvem får se det?")
    assert chat.text.startswith(t("faq.who_sees")) and t("consent.question").split(":")[0] in chat.text
    await chat.send("ok")
    assert t("consent.thanks") in chat.text


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("hva er poenget?", "faq.point"),
        ("hvem ser svarene mine?", "faq.who_sees"),
        ("hvor lang tid tar dette?", "faq.how_long"),
        ("er du et menneske?", "faq.human"),
        ("hva er en brobygger?", "faq.bridge_builder"),
        ("koster det noe?", "faq.cost"),
        ("kan jeg slette dette etterpå?", "faq.delete"),
    ],
)
async def test_the_questions_people_ask_are_answered(chat: Chat, question: str, reply: str) -> None:
    await chat.consent()
    await chat.send(question)
    assert chat.text.startswith(t(reply)) and t("q.talent") in chat.text


async def test_how_long_to_wait_says_the_opening_hours(chat: Chat) -> None:
    await chat.consent()
    chat.conversation.opening_hours = "hverdager kl. 9–15"
    await chat.send("hvor lenge må jeg vente på en brobygger?")
    assert t("faq.wait", hours="hverdager kl. 9–15") in chat.text


async def test_a_day_without_a_day_is_asked_once_more(chat: Chat, storage: Storage) -> None:
    await answer_up_to(chat, "plan_when")
    await chat.send("klokka 8.10")  # a time of day, never 8 October
    assert chat.text.startswith(t("answer.day_unclear"))
    await chat.send("snart")  # a fine answer
    assert (await current_answers(storage, chat))["plan_when"] == "snart"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ja ok da", "yes"),
        ("ok 👍", "yes"),
        ("jo, det kan godt være", "yes"),
        ("ja men helst sms, ikke ring", "yes"),
        ("ja nei, ikke egentlig", "no"),
        ("nei takk", "no"),
        ("ikke nå", "no"),
        ("næ", "no"),
        ("helst ikke egentlig", "no"),
        ("kanskje", None),
        ("😊", None),
    ],
)
def test_everyday_yes_and_no(text: str, expected: str | None) -> None:
    assert yes_or_no(text) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("4", 4),
        ("fire", 4),
        ("sju", 7),
        ("syv", 7),
        ("kanskje en 3er", 3),
        ("2/10", 2),
        ("ca 5", 5),
        ("null, har ikke begynt", 0),
        ("ti, er nesten i mål", 10),
        ("en femmer vel", 5),
        ("ett", 1),
        ("jeg har to barn", None),
        ("I want to talk to a human", None),
        ("sovet fire timer i natt", None),
        ("Jeg har en lang vei igjen", None),
    ],
)
def test_a_number_on_the_scale(text: str, number: int | None) -> None:
    assert scale_reading(text) == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fredag kl 9.05", date(2026, 11, 27)),
        ("klokka 8.10", None),
        ("torsdag 14:00", date(2026, 11, 26)),
        ("imorra", date(2026, 11, 26)),
        ("i morra", date(2026, 11, 26)),
        ("i mårra", date(2026, 11, 26)),
        ("om to uker", date(2026, 12, 9)),
        ("om 3 dager", date(2026, 11, 28)),
        ("i helga", date(2026, 11, 28)),
        ("første mandag i desember", date(2026, 12, 7)),
        ("ikke i morgen, men fredag", date(2026, 11, 27)),
        ("ikke i morgen", None),
        ("den 12.", date(2026, 12, 12)),
        ("tomorrow", date(2026, 11, 26)),
    ],
)
def test_days_in_the_words_people_use(text: str, expected: date | None) -> None:
    found = parse_when(text, WEDNESDAY)
    assert (found.day if found else None) == expected


def test_week_numbers_are_iso_weeks() -> None:
    found = parse_when("uke 49", WEDNESDAY)
    assert found == When(week_of=date(2026, 11, 30))
    # Babel's "nb" counts 4 January 2027 as week 2; in Norway it is week 1.
    assert format_when(When(week_of=date(2027, 1, 4)), "nb") == "uke 1"
    assert parse_when("uke 1", WEDNESDAY) == When(week_of=date(2027, 1, 4))


@pytest.mark.parametrize(
    ("text", "expects", "kind"),
    [
        ("hei igjen", "text", "greeting"),
        ("tusen takk", "text", "thanks"),
        ("hopp over", "text", "refusal"),
        ("hæ?", "text", "confused"),
        ("jeg vil snakke med et menneske", "text", "command"),
        ("snakker du engelsk?", "text", "language"),
        ("ты говоришь по-русски?", "text", "language"),
        ("jeg er så sliten", "text", "low_mood"),
        ("kanskje snekker?", "text", "answer"),
        ("nei", "ever", "answer"),
        ("nei", "text", "refusal"),
        ("I want to talk to a human", "yesno", "answer"),
    ],
)
def test_kinds(text: str, expects: str, kind: str) -> None:
    assert kind_of(text, expects) == kind


async def test_help_lists_avbryt_and_my_data_after_slett_does_not_say_never(chat: Chat) -> None:
    await chat.consent()
    await chat.send("/hjelp")
    assert "/avbryt" in chat.text
    await chat.send("/slett")
    await chat.press("confirm:delete")
    await chat.send("/mine_data")
    assert t("mydata.not_consented") in chat.text and "ikke sagt ja" not in chat.text


@pytest.mark.parametrize(
    "answer",
    [
        "Jeg vil ikke sitte hjemme mer",
        "Jeg vil ikke si opp jobben",
        "Jeg vil helst ikke jobbe natt",
        "Ta neste steg og søke jobb",
        "Bli skipper på en fiskebåt",
        "Jeg er god på engelsk",
        "Jeg kan snakke arabisk og somali",
        "Jeg vil forbedre min norsk",
        "Jobbe som tolk på arabisk",
        "Jeg er god til å lage pizza",
        "Jobbe på sykehuset i Molde",
        "Jobbe med brann og redning",
        "Måke snø for naboen",
        "Jeg liker å skrive dikt",
        "Takk, jeg er god til å lage mat",
        "Lurer på om jeg skal bli elektriker",
        "Hvor mange timer jeg jobber er ikke viktig",
        "Pusse opp leiligheten, det er et prosjekt",
        "Jeg prøvde å søke, men det var mislykket",
        "Jeg må endre rutinene mine",
        "komme tilbake i jobb",
        "få hjelp av NAV med CV",
    ],
)
def test_genuine_answers_arecurrent_answers(answer: str) -> None:
    assert kind_of(answer, "text") == "answer"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fredag 9.10", When(day=date(2026, 11, 27))),
        ("fredag neste uke 14.00", When(day=date(2026, 12, 4))),
        ("neste uke 2 ganger", When(week_of=date(2026, 11, 30))),
        ("fredag om to uker", When(day=date(2026, 12, 11))),
        ("etter helga", When(day=date(2026, 11, 30))),
    ],
)
def test_a_time_or_a_count_is_not_a_date_or_a_week(text: str, expected: When) -> None:
    assert parse_when(text, WEDNESDAY) == expected


def test_next_weekend_at_the_weekend_is_next_weeks() -> None:
    saturday = date(2026, 11, 28)
    assert parse_when("neste helg", saturday) == When(day=date(2026, 12, 5))
    assert parse_when("i helga", saturday) == When(day=saturday)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fredag 11.12", When(day=date(2026, 12, 11))),  # a date on that Friday
        ("onsdag 2.12 kl 10", When(day=date(2026, 12, 2))),
        ("til uke 50", When(week_of=date(2026, 12, 7))),
    ],
)
def test_a_date_beside_its_weekday_is_a_date(text: str, expected: When) -> None:
    assert parse_when(text, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("text", "expects", "kind"),
    [
        ("ikke før fredag", "when", "answer"),
        ("nei, fredag", "when", "answer"),
        ("nei takk", "when", "refusal"),
        ("Har jeg en jobb", "text", "answer"),
        ("Blir jeg roligere", "text", "answer"),
        ("får jeg penger fra NAV hvis jeg gjør dette", "text", "question"),
    ],
)
def test_answers_that_look_like_something_else(text: str, expects: str, kind: str) -> None:
    assert kind_of(text, expects) == kind


def test_why_not_is_a_yes() -> None:
    assert [yes_or_no(t) for t in ("hvorfor ikke", "ja, hvorfor ikke", "Ja, ikke noe problem")] == ["yes"] * 3


async def test_not_understanding_twice_offers_a_human(chat: Chat) -> None:
    await chat.consent()
    await chat.send("hæ?")
    assert chat.text == "\n".join([t("offscript.confused"), t("q.talent.hint")])
    await chat.send("skjønner ikke")
    assert "offer:yes" in chat.buttons  # not the same hint again


async def test_how_long_to_wait_without_opening_hours_says_no_hours(chat: Chat) -> None:
    await chat.consent()
    chat.conversation.opening_hours = ""
    await chat.send("hvor lenge må jeg vente på en brobygger?")
    assert t("faq.wait_no_hours") in chat.text and " -." not in chat.text
