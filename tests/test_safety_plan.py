"""The safety plan: offered after an urgent case closes and with /tryggplan; six parts in the
participant's words, each skippable, every screen with 113 and a help line; shown again, in
/mine_data, on the card when they say yes, and gone with /slett."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.core.conversation import Conversation
from bot.core.i18n import translator
from bot.startup import Storage
from storage.models import Answer
from tests.conftest import Chat, urgent_case_closed

t = translator("nb")
PARTS = (
    "Jeg slutter å svare folk og blir liggende",
    None,  # skipped
    "Hos søsteren min, på treningssenteret",
    "Søsteren min Anne",
    "Fastlegen",
    "Anne tar vare på medisinene",
)


async def test_a_plan_offered_after_an_urgent_case_written_shown_shared_and_deleted(
    chat: Chat, conversation: Conversation, storage: Storage
) -> None:
    await urgent_case_closed(chat, conversation)
    assert "safety:start" in chat.buttons
    await chat.press("safety:start")
    assert t("safety.intro") in chat.text and t("safety.q.signs") in chat.text
    for written in PARTS:
        assert "113" in chat.text and "116 123" in chat.text  # every screen says where help is
        if written is None:
            await chat.press("safety:skip")
        else:
            await chat.send(written)
    plan = chat.replies[-2].text
    assert plan.startswith(t("safety.plan_title"))
    assert t("safety.plan_line", label="Varseltegn", answer=PARTS[0]) in plan
    assert t("safety.plan_line", label="Det jeg kan gjøre selv", answer="–") in plan
    assert chat.buttons == ["safety:share", "safety:keep"]
    await chat.press("safety:share")
    assert chat.text == t("safety.shared")
    await chat.send("/tryggplan")
    assert "Anne tar vare på medisinene" in chat.text and "113" in chat.text
    readable = (await chat.send("/mine_data"))[0]  # the export beside it keeps machine names
    assert "Hvem jeg kan spørre om hjelp" in readable and "safety_people" not in readable
    await chat.send("/brobygger")
    card = chat.coordinators[-1].text
    assert t("card.safety_plan") in card and "Søsteren min Anne" in card
    await chat.send("/slett")
    await chat.press("confirm:delete")
    async with storage.sessions() as session:
        assert (await session.execute(select(func.count()).select_from(Answer))).scalar_one() == 0


async def test_not_shared_stays_off_the_card(chat: Chat) -> None:
    await chat.consent()
    await chat.send("/tryggplan")
    assert t("safety.q.signs") in chat.text
    await chat.send("Jeg sover dårlig og drar meg unna")
    for _ in range(5):
        await chat.press("safety:skip")
    await chat.press("safety:keep")
    assert chat.text == t("safety.not_shared")
    await chat.send("/brobygger")
    assert t("card.safety_plan") not in chat.coordinators[-1].text


async def test_a_crisis_while_writing_the_plan_is_a_crisis(chat: Chat) -> None:
    await chat.consent()
    await chat.send("/tryggplan")
    await chat.send("jeg har tatt alle pillene mine nå")
    assert "113" in chat.replies[0].text and chat.coordinators[-1].text.startswith("🚨")


async def test_stopping_keeps_what_was_written(chat: Chat) -> None:
    await chat.consent()
    await chat.send("/tryggplan")
    await chat.send("Jeg blir stille")
    await chat.press("safety:stop")
    assert chat.text == t("safety.stopped")
    await chat.send("/tryggplan")
    assert t("safety.plan_line", label="Varseltegn", answer="Jeg blir stille") in chat.text


async def test_before_consent_nothing_is_kept(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("/tryggplan")
    assert chat.text == t("safety.needs_consent")


async def test_warning_signs_are_an_answer_there_and_intent_is_still_a_crisis(
    chat: Chat, storage: Storage
) -> None:
    await chat.consent()
    await chat.send("/tryggplan")
    await chat.send("av og til tenker jeg at alle hadde hatt det bedre uten meg")  # a warning sign
    assert t("safety.q.coping") in chat.text and t("care.concern_question") not in chat.text
    await chat.send("jeg skal ta livet mitt i kveld")
    assert "113" in chat.replies[0].text and chat.coordinators[-1].text.startswith("🚨")
