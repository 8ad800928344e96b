"""The safety net through the core: each finding of the safety-net issue as a participant meets it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.conversation import Conversation
from bot.core.i18n import crisis_translator, translator
from bot.startup import Storage
from storage.models import Answer, Case, CaseMessage
from tests.conftest import ANSWERS, Chat, Desk
from tests.test_conversation import count

t = translator("nb")


def has_help_lines(text: str) -> bool:
    return all(line in text for line in ("113", "116 123", "22 40 00 40"))


@pytest.mark.parametrize(
    "message",
    [
        "jeg orker ikke å leve lenger. Alt er grått",
        "jeg orker ikke å leve, hjelp meg",
        "vil ikke leve mer.. beklager at jeg sier det her",
        "I want to end it all",
        "jeg er så lei, want to die honestly",
        "æ vil itte leve lenger",
        "vil jeg ikke leve, egentlig",
        "eg har tenkt å ta livet mitt i kveld",
        "kms",
        "har tatt masse piller og drukket vin",
        "jeg orker ikke mer jeg vil dø",
        "Jeg fortalte psykologen at jeg vil ta livet mitt",
    ],
)
async def test_acute_in_any_wording_gets_help_lines_first_and_an_urgent_case(
    chat: Chat, storage: Storage, message: str
) -> None:
    await chat.consent()
    await chat.send(message)
    assert has_help_lines(chat.replies[0].text)
    assert chat.replies[0].text.index("113") < chat.replies[0].text.index("116 123")
    assert "lov å drømme" not in chat.text and "styrke" not in chat.text  # never praised
    assert chat.coordinators[-1].urgent
    assert await count(storage, Answer) == 0  # never stored as an answer


@pytest.mark.parametrize(
    "message",
    [
        "jeg er ikke suicidal, bare sliten",
        "jeg har aldri hatt slike tanker",
        "legen spurte om jeg ville dø, jeg sa nei",
        "denne søknaden dreper meg haha",
        "jeg er dødssliten etter kurset",
        "kunne drept for en kaffe nå",
        "vi slo i hjel tida med kortspill",
    ],
)
async def test_denials_reported_speech_and_jokes_stay_ordinary(
    chat: Chat, storage: Storage, message: str
) -> None:
    await chat.consent()
    await chat.send(message)
    assert "113" not in chat.text and "ta livet ditt" not in chat.text
    assert chat.coordinators == []
    assert await count(storage, Case) == 0


async def test_indirect_signs_get_a_direct_question_with_the_help_lines(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    await chat.send("alle hadde hatt det bedre uten meg")
    assert chat.text == t("care.concern_question")
    assert "Tenker du på å ta livet ditt?" in chat.text and has_help_lines(chat.text)
    assert chat.buttons == ["care:yes", "care:no"]
    assert chat.coordinators == []  # no case yet
    assert await count(storage, Answer) == 0


@pytest.mark.parametrize("reply", ["care:yes", "ja", "vet ikke helt", "hæ?"])
async def test_yes_or_an_unclear_answer_to_the_question_takes_the_acute_path(
    chat: Chat, storage: Storage, reply: str
) -> None:
    await chat.consent()
    await chat.send("har samlet opp piller, i tilfelle")
    if reply.startswith("care:"):
        await chat.press(reply)
    else:
        await chat.send(reply)
    assert has_help_lines(chat.replies[0].text)
    card = chat.coordinators[-1]
    assert card.urgent and t("case.reason.suicide") in card.text
    assert await count(storage, Answer) == 0


async def test_no_to_the_question_is_acknowledged_and_a_human_offered_and_the_card_says_so(
    chat: Chat, storage: Storage
) -> None:
    await chat.consent()
    await chat.send("skulle ønske jeg ikke våknet i morgen")
    await chat.press("care:no")
    assert chat.text == t("care.concern_denied")
    assert chat.buttons == ["care:human", "care:go_on"]
    assert await count(storage, Case) == 0
    await chat.press("care:human")
    card = chat.coordinators[-1]
    assert not card.urgent and "Svarte nei da boten spurte om selvmordstanker" in card.text


async def test_no_then_go_on_returns_to_the_same_question(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    question = chat.replies[-1].text
    await chat.send("ingenting å leve for egentlig")
    await chat.send("nei")
    await chat.press("care:go_on")
    assert chat.replies[0].text == t("care.offer_declined")  # no "brobyggerne tar kontakt": no case
    assert chat.replies[-1].text == question
    await chat.send(ANSWERS["talent"])
    assert await count(storage, Answer) == 1
    assert await count(storage, Case) == 0


async def test_crisis_in_a_photo_caption_is_read(conversation: Conversation, chat: Chat) -> None:
    await chat.consent()
    chat.take(
        await conversation.handle(
            chat._inbound(kind="photo", text="har 40 paracet foran meg nå", message_id=9)
        )
    )
    assert has_help_lines(chat.replies[0].text)
    assert t("nontext.photo") not in chat.text


async def test_an_edited_message_is_read_for_a_crisis_and_otherwise_left(
    conversation: Conversation, chat: Chat, storage: Storage
) -> None:
    await chat.consent()
    chat.take(await conversation.handle(chat._inbound(kind="edited", text="Jeg er god til å lage mat")))
    assert chat.replies == []
    assert await count(storage, Answer) == 0
    chat.take(await conversation.handle(chat._inbound(kind="edited", text="jeg vil ikke leve lenger")))
    assert has_help_lines(chat.replies[0].text)


async def test_a_crisis_before_consent_and_while_a_case_waits_is_read(chat: Chat) -> None:
    await chat.send("jeg vil dø")
    assert has_help_lines(chat.replies[0].text)
    await chat.send("I have the rope ready")
    assert has_help_lines(chat.replies[0].text)


async def test_an_urgent_case_does_not_lock_the_flow(
    conversation: Conversation, chat: Chat, storage: Storage
) -> None:
    await chat.consent()
    question = chat.replies[-1].text
    await chat.send("jeg vil ta livet mitt")
    assert chat.buttons == ["care:go_on", "care:withdraw"]
    await chat.press("care:go_on")
    assert chat.replies[-1].text == question
    await chat.send(ANSWERS["talent"])
    assert "våkner i morgen" not in chat.text  # the next question of the talent step
    assert await count(storage, Answer) == 1
    async with storage.sessions() as session:
        case = (await session.execute(select(Case))).scalar_one()
    assert case.status == "open" and case.urgent
    # Once a human has it, what the participant writes goes to them again.
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.press("take:1")
    await chat.send("hei, er du der?")
    assert chat.replies == [] and chat.private[-1].text.endswith("hei, er du der?")


async def test_an_urgent_case_can_be_withdrawn_after_a_confirmation(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    question = chat.replies[-1].text
    await chat.send("jeg vil dø")
    await chat.press("care:withdraw")
    assert chat.text == t("care.withdraw_confirm")
    await chat.press("care:withdraw_yes")
    assert chat.replies[0].text == t("care.withdrawn") and chat.replies[-1].text == question
    assert any(m.text == t("case.withdrawn_urgent", number=1) for m in chat.coordinators)
    update = [m for m in chat.coordinators if m.kind == "card_update"][-1]
    assert update.text.startswith(t("card.title_closed", number=1))
    async with storage.sessions() as session:
        case = (await session.execute(select(Case))).scalar_one()
    assert case.status == "closed" and case.closed_by == "participant"


async def test_after_a_human_closes_an_urgent_case_thanks_are_no_answers(
    conversation: Conversation, chat: Chat, storage: Storage
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await chat.consent()
    question = chat.replies[-1].text
    await chat.send("samboeren min slår meg")
    await kari.press("take:1")
    await kari.private("/avslutt")
    chat.take(kari.out)
    assert t("care.after_urgent", name="Kari") in chat.text and "116 123" in chat.text
    assert chat.buttons == ["care:resume", "care:pause", "safety:start"]
    await chat.send("takk")
    assert chat.text == t("care.after_urgent_thanks")
    for thanks in ("ok", "tusen takk for hjelpen"):
        await chat.send(thanks)
        assert chat.text == t("care.after_urgent_thanks_again")
    await chat.press("care:pause")
    assert chat.text == t("care.pause")
    await chat.send("fortsett")
    assert chat.replies[-1].text == question
    assert await count(storage, Answer) == 0


async def test_the_crisis_text_is_scrubbed_like_every_stored_text(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    await chat.send("jeg vil ta livet mitt, nummeret mitt er 912 34 567")
    async with storage.sessions() as session:
        message = (await session.execute(select(CaseMessage))).scalar_one()
    assert "912" not in (message.text or "") and "ta livet mitt" in (message.text or "")


@pytest.mark.parametrize("reply", ["nei, det gjør jeg ikke", "nei, eg tenkjer ikkje på det", "neida"])
async def test_a_no_in_a_sentence_is_a_no(chat: Chat, storage: Storage, reply: str) -> None:
    await chat.consent()
    await chat.send("av og til tenkjer eg at alle hadde hatt det betre utan meg")
    await chat.send(reply)
    # Written in Nynorsk: the care path answers in Nynorsk (its crisis catalog).
    assert chat.text == crisis_translator("nn")("care.concern_denied")
    assert await count(storage, Case) == 0


async def test_an_attempt_gets_ring_113_now_first(chat: Chat) -> None:
    await chat.consent()
    await chat.send("jeg har tatt noen av pillene nå")
    first = chat.replies[0].text
    assert first.startswith(t("crisis.call_now")) and has_help_lines(first)
    assert t("case.reason.attempt") in chat.coordinators[-1].text


async def test_worse_news_while_the_urgent_case_waits_reaches_the_coordinators(chat: Chat) -> None:
    await chat.consent()
    await chat.send("jeg har samla opp piller og tenker å ta dem i kveld")
    await chat.press("care:go_on")
    cards_before = len([m for m in chat.coordinators if m.kind == "card"])
    await chat.send("har tatt alle pillene mine")
    assert has_help_lines(chat.replies[0].text)
    # An attempt is worse news: the card comes again, once, saying to call 113.
    cards = [m for m in chat.coordinators if m.kind == "card"]
    assert len(cards) == cards_before + 1 and t("case.reason.attempt") in cards[-1].text
    for said in ("jeg vil ikke leve mer", "orker ikke mer, vil dø"):
        before = len(chat.coordinators)
        await chat.send(said)
        assert has_help_lines(chat.replies[0].text)
        # More of the same: the one card is edited in place with the newest words, no new post.
        new = chat.coordinators[before:]
        assert [m.kind for m in new] == ["card_update"]
        assert said in new[0].text


async def test_a_misunderstanding_in_own_words_offers_to_withdraw(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    await chat.send("jeg vil dø")
    await chat.press("care:go_on")
    await chat.send("forresten, det jeg skrev isted var en misforståelse, jeg mente det ikke sånn")
    assert chat.text == t("care.withdraw_confirm")
    assert await count(storage, Answer) == 0


async def test_going_on_in_own_words_after_a_pause(conversation: Conversation, chat: Chat) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await chat.consent()
    question = chat.replies[-1].text
    await chat.send("eg vil helst ikkje vakne i morgon")
    await chat.press("care:yes")
    await kari.press("take:1")
    await kari.private("/avslutt")
    chat.take(kari.out)
    await chat.press("care:pause")
    await chat.send("hei igjen. eg vil gjerne halde fram no")
    assert chat.replies[-1].text == question


async def test_no_praise_under_a_death(chat: Chat) -> None:
    await chat.consent()
    await chat.send("kameraten min tok livet sitt i fjor, det var tungt")
    assert "113" not in chat.text and "styrke" not in chat.text


async def test_a_return_days_after_a_pause_is_no_answer(
    conversation: Conversation, chat: Chat, storage: Storage
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await chat.consent()
    question = chat.replies[-1].text
    await chat.send("jeg vil dø")
    await kari.press("take:1")
    await chat.press_stale("care:go_on")  # the old button, once a human has the case
    assert chat.text == t("handoff.buttons_paused")
    await kari.private("/avslutt")
    chat.take(kari.out)
    await chat.press("care:pause")
    await chat.send("hei, jeg er tilbake")
    assert chat.replies[-1].text == question
    assert await count(storage, Answer) == 0
