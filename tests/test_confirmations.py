"""Confirmations are states that go back where the participant was, and what cannot be undone
takes a yes without a doubt: never a "ja" meant for a bridge-builder, a hedged yes, or the yes
button of another question."""

from __future__ import annotations

from bot.core.conversation import Conversation
from bot.core.i18n import translator
from bot.startup import Storage
from storage.models import Case, Participant
from tests.conftest import ANSWERS, Chat, Clock, Desk
from tests.test_conversation import count

t = translator("nb")


async def test_a_crisis_while_really_delete_waits_drops_the_question(
    conversation: Conversation, chat: Chat, storage: Storage
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await chat.consent()
    await chat.send(ANSWERS["talent"])
    await chat.send("/slett")
    assert t("delete.confirm") in chat.text
    await chat.send("jeg vil ta livet mitt")  # urgent case, help lines
    await kari.press("take:1")
    await kari.private("Hei, er du trygg nå?")
    await chat.send("ja")  # to Kari, not to "really delete?"
    assert await count(storage, Participant) == 1 and await count(storage, Case) == 1
    relayed = chat.private[-1]
    assert relayed.chat_id == "501" and "ja" in relayed.text  # relayed to Kari


async def test_a_doubtful_yes_deletes_nothing(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    for doubtful in ("ja men hva skjer med planen min?", "ok?"):  # a question: asked again
        await chat.send("/slett")
        await chat.send(doubtful)
        assert chat.text == t("delete.confirm") and "confirm:delete" in chat.buttons, doubtful
    await chat.send("kanskje ja")
    assert t("delete.cancelled") in chat.text
    assert await count(storage, Participant) == 1
    await chat.send("/slett")
    await chat.send("ja, slett alt")
    assert t("delete.done") in chat.text and await count(storage, Participant) == 0


async def test_the_yes_of_start_over_cannot_delete(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    await chat.send(ANSWERS["talent"])
    await chat.send("/start")
    assert chat.buttons == ["confirm:restart", "confirm:no"]
    await chat.send("/slett")
    await chat.press_stale("confirm:restart")  # the older prompt's yes, pressed at "really delete?"
    assert await count(storage, Participant) == 1


async def test_a_hedged_no_to_the_direct_question_is_not_a_no(chat: Chat) -> None:
    await chat.consent()
    await chat.send("jeg vil ikke våkne i morgen")  # concern: the direct question
    assert t("care.concern_question") in chat.text
    await chat.send("nei, men noen ganger")
    assert t("crisis.help_lines").split("\n")[0] in chat.text  # the safe side: the acute path


async def test_no_welcome_back_right_after_a_bridge_builder_closed_the_case(
    conversation: Conversation, chat: Chat, clock: Clock
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await chat.consent()
    await chat.send(ANSWERS["talent"])
    await chat.send("/brobygger")
    clock.advance(hours=13)
    await kari.press("take:1")
    await kari.private("/avslutt")
    clock.advance(minutes=2)
    await chat.send(ANSWERS["talent_others"])
    assert "Velkommen tilbake" not in chat.text and t("q.dream") in chat.text


def test_a_hedged_yes_is_not_sure_and_a_hedged_no_is_not_clear() -> None:
    from bot.core.phrases import is_clear_no, is_sure_yes

    for doubtful in ("sikkert", "det kan godt være", "sikkert lurt", "tak for det", "kanskje ja"):
        assert not is_sure_yes(doubtful), doubtful
    assert is_sure_yes("ja") and is_sure_yes("ja, slett alt") and is_sure_yes("ok")
    for unclear in ("ikke sikker", "nei, ikke sikker", "ikke akkurat nå", "ikke så ofte"):
        assert not is_clear_no(unclear), unclear  # unclear to the direct question: the safe side
    assert is_clear_no("nei") and is_clear_no("nei, det gjør jeg ikke")


async def test_a_typed_yes_while_a_bridge_builder_has_the_case_waits_for_the_button(
    conversation: Conversation, chat: Chat, storage: Storage
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await chat.consent()
    await chat.send("/brobygger")
    await kari.press("take:1")
    await chat.send("/slett")
    await chat.send("ja")  # to Kari; the question waits for its button
    assert t("confirm.press_the_button") in chat.text
    assert chat.private[-1].chat_id == "501" and "ja" in chat.private[-1].text
    await chat.press_stale("confirm:delete")
    assert t("delete.done") in chat.text and await count(storage, Participant) == 0


async def test_a_question_at_really_delete_gets_the_question_again(chat: Chat) -> None:
    await chat.consent()
    await chat.send("/slett")
    asked = chat.text
    await chat.send("hva betyr det?")
    assert chat.text == asked and "confirm:delete" in chat.buttons
    await chat.send("nei")
    assert chat.text.startswith(t("delete.cancelled"))


async def test_a_yes_after_declining_consent_asks_the_question_again(chat: Chat) -> None:
    await chat.send("/start")
    await chat.press("consent:no")
    await chat.send("ja, jeg har ombestemt meg")
    assert chat.buttons == ["consent:yes", "consent:no", "consent:more"]
    await chat.press("consent:yes")
    assert t("consent.thanks") in chat.text
