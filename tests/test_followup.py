"""The follow-up: on the planned day, at the friendly hour, the bot writes first; the check-in
goes round the cycle (what went well, the scale again, the next step, when) or, without blame,
finds an easier way; a nudge once, then silence; never at night, after /pause, /slett, a block,
or while a bridge-builder has them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.core.conversation import Conversation
from bot.core.i18n import translator
from bot.startup import Storage
from storage.models import OutgoingMessage
from storage.unit_of_work import UnitOfWork
from tests.conftest import Chat, Clock, Desk, walk_to_summary

t = translator("nb")
FRIDAY_0959 = datetime(2026, 11, 27, 8, 59, tzinfo=UTC)  # Oslo is UTC+1 in November
FRIDAY_1000 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def _fire(chat: Chat, conversation: Conversation) -> list[str]:
    _, outbound = await conversation.fire_due("test")
    return chat.take([m for m in outbound if m.chat_id == chat.chat_id or m.audience == "coordinators"])


async def _planned(chat: Chat) -> None:
    await walk_to_summary(chat)  # the step "Ringe kafeen i sentrum" on "fredag"
    await chat.press("summary:finish")


async def _timers(storage: Storage, kind: str) -> list[datetime]:
    async with UnitOfWork(storage.sessions) as uow:
        return [timer.due_at for timer in await uow.timers.pending(kind)]


async def test_the_bot_comes_back_on_the_planned_day_at_ten(
    conversation: Conversation, chat: Chat, clock: Clock
) -> None:
    await _planned(chat)
    clock.now = FRIDAY_0959
    assert await _fire(chat, conversation) == []
    clock.now = FRIDAY_1000
    (reminder,) = await _fire(chat, conversation)
    assert "I dag er dagen for steget ditt: «Ringe kafeen i sentrum»" in reminder
    assert "Hvordan går det?" in reminder
    assert chat.buttons == ["checkin:did", "checkin:partly", "checkin:not_yet", "checkin:stop"]
    assert await _fire(chat, conversation) == []  # once


async def test_did_it_goes_round_the_cycle_again(
    conversation: Conversation, chat: Chat, clock: Clock, storage: Storage
) -> None:
    await _planned(chat)
    clock.now = FRIDAY_1000
    await _fire(chat, conversation)
    assert t("checkin.well") in "\n".join(await chat.press("checkin:did"))
    replies = await chat.send("Jeg ringte og de ville møte meg")
    assert "«Jeg ringte og de ville møte meg» – det du gjorde der, teller" in chat.text
    assert "Sist sa du 4" in replies[-1]
    await chat.press("scale:6")
    assert "Fra 4 til 6" in chat.text
    await chat.send("Sende CV til kafeen")
    assert t("checkin.when") in chat.text
    await chat.send("mandag")
    assert "mandag 30. november" in chat.text
    # The next follow-up: Monday at ten, Oslo time.
    assert await _timers(storage, "followup") == [datetime(2026, 11, 30, 9, 0, tzinfo=UTC)]
    await chat.send("/minplan")
    assert "«Sende CV til kafeen»" in chat.text
    assert "• Skalaen: 4 → 6\n• Steg du har gjort, helt eller delvis: 1" in chat.text
    await chat.send("/brobygger")  # the card says the same in one line
    assert "Oppfølging: skala 4 → 6, 1 steg gjort" in chat.coordinators[-1].text
    # The check-in was a run of its own: its answers are kept beside the plan's, not over them.
    async with UnitOfWork(storage.sessions) as uow:
        participant = await uow.participants.get("test", chat.chat_id)
        assert participant is not None
        history = await uow.answers.history(participant.id)
    runs = {(a.question, a.flow, a.run, a.text) for a in history}
    assert ("goal_scale", "brobygger", 1, "4") in runs and ("goal_scale", "checkin", 2, "6") in runs
    assert ("plan", "checkin", 2, "Sende CV til kafeen") in runs
    assert ("checkin_well", "checkin", 2, "Jeg ringte og de ville møte meg") in runs


async def test_a_phone_number_in_a_check_in_answer_is_not_kept(
    conversation: Conversation, chat: Chat, clock: Clock, storage: Storage
) -> None:
    """Answers in a check-in are scrubbed like every other answer: not stored, not quoted back,
    not in /mine_data; the participant is told why."""
    await _planned(chat)
    clock.now = FRIDAY_1000
    await _fire(chat, conversation)
    await chat.press("checkin:did")
    await chat.send("Jeg ringte sjefen på 912 34 567 og fikk et møte")
    assert chat.replies[0].text == t("answer.scrubbed")
    assert f"«Jeg ringte sjefen på {t('scrubbed.phone')} og fikk et møte»" in chat.text
    await chat.press("scale:6")
    await chat.send("Ringe Per på 98765432")  # the next step: the plan's own question again
    assert t("answer.scrubbed") in chat.text
    await chat.send("mandag")
    await chat.send("/mine_data")
    shown = [m.text for m in chat.replies]
    assert any(m.kind == "document" for m in chat.replies)
    assert t("scrubbed.phone") in "\n".join(shown)
    async with UnitOfWork(storage.sessions) as uow:
        participant = await uow.participants.get("test", chat.chat_id)
        assert participant is not None
        stored = [a.text for a in await uow.answers.history(participant.id)]
        waiting = (await uow.session.execute(select(OutgoingMessage.text))).scalars().all()
    for number in ("912 34 567", "91234567", "98765432"):
        for text in (*shown, *stored, *waiting):
            assert number not in text, (number, text)


async def test_not_yet_twice_offers_a_bridge_builder(
    conversation: Conversation, chat: Chat, clock: Clock
) -> None:
    await _planned(chat)
    clock.now = FRIDAY_1000
    await _fire(chat, conversation)
    await chat.press("checkin:not_yet")
    assert t("checkin.no_blame") in chat.text and t("checkin.easier") in chat.text
    await chat.press("checkin:other_day")
    await chat.send("i morgen")
    clock.now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    await _fire(chat, conversation)
    await chat.press("checkin:not_yet")
    assert t("checkin.offer") in chat.text
    await chat.press("yes")
    assert any("sak #1" in m.text.lower() for m in chat.coordinators)


async def test_today_chosen_in_the_evening_means_tomorrow_morning(
    chat: Chat, clock: Clock, storage: Storage
) -> None:
    clock.now = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)  # Monday 20:30 in Oslo
    await chat.consent()
    for answer in ("Lage mat", "Rolig", "Jobbe", "Før", "Kjøkken"):
        await chat.send(answer)
    await chat.press("scale:4")
    await chat.send("Søke")
    await chat.send("Ringe kafeen")
    await chat.press("when:today")
    assert await _timers(storage, "followup") == [datetime(2026, 11, 24, 9, 0, tzinfo=UTC)]


async def test_a_nudge_once_then_silence(conversation: Conversation, chat: Chat, clock: Clock) -> None:
    await _planned(chat)
    clock.now = FRIDAY_1000
    await _fire(chat, conversation)
    clock.advance(days=1)
    assert await _fire(chat, conversation) == []
    clock.advance(days=1)
    (nudge,) = await _fire(chat, conversation)
    assert "«Ringe kafeen i sentrum»" in nudge
    clock.advance(days=30)
    assert await _fire(chat, conversation) == []


async def test_no_follow_up_after_pause_or_off(conversation: Conversation, chat: Chat, clock: Clock) -> None:
    await _planned(chat)
    await chat.send("/pause")
    assert chat.text == t("followup.paused")
    clock.now = FRIDAY_1000
    assert await _fire(chat, conversation) == []
    await chat.send("/paaminnelser")
    # Friday has passed: the next morning, and it says so.
    assert chat.text == t("followup.on", day="lørdag 28. november")
    clock.advance(days=1)  # the day has passed: the next morning
    (reminder,) = await _fire(chat, conversation)
    assert "Hvordan gikk det?" in reminder
    await chat.press("checkin:stop")
    assert chat.text == t("checkin.stopped")
    clock.advance(days=7)
    assert await _fire(chat, conversation) == []


async def test_plain_words_pause_turn_off_and_on_the_follow_ups(
    conversation: Conversation, chat: Chat, clock: Clock
) -> None:
    await _planned(chat)
    await chat.send("ikke mas på meg")
    assert chat.replies[0].text == t("followup.off")
    await chat.send("Ingen flere påminnelser takk")  # already off: said so, nothing toggled back on
    assert chat.replies[0].text == t("followup.off")
    clock.now = FRIDAY_1000
    assert await _fire(chat, conversation) == []
    await chat.send("skru på påminnelser igjen")
    assert chat.replies[0].text == t("followup.on", day="lørdag 28. november")
    await chat.send("påminnelser på")
    assert chat.replies[0].text == t("followup.already_on")
    await chat.send("ta en pause fra påminnelsene")
    assert chat.replies[0].text == t("followup.paused")
    clock.advance(days=1)
    assert await _fire(chat, conversation) == []


async def test_no_follow_up_after_slett(chat: Chat, clock: Clock, storage: Storage) -> None:
    await _planned(chat)
    assert len(await _timers(storage, "followup")) == 1
    await chat.send("/slett")
    await chat.press("confirm:delete")
    assert await _timers(storage, "followup") == []


async def test_no_follow_up_while_a_bridge_builder_has_them(
    conversation: Conversation, chat: Chat, clock: Clock, storage: Storage
) -> None:
    await _planned(chat)
    await chat.send("/brobygger")
    clock.now = FRIDAY_1000
    assert await _fire(chat, conversation) == []
    # Put off to the next morning, not dropped.
    assert await _timers(storage, "followup") == [datetime(2026, 11, 28, 9, 0, tzinfo=UTC)]
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.private("/ta 1")
    await kari.private("/avslutt")
    clock.now = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    (reminder,) = await _fire(chat, conversation)
    # Not "today": the day it was planned for is named.
    assert "planlagt til fredag 27. november: «Ringe kafeen i sentrum»" in reminder


async def test_no_follow_up_to_someone_who_blocked_the_bot(
    conversation: Conversation, chat: Chat, clock: Clock, storage: Storage
) -> None:
    await _planned(chat)
    async with UnitOfWork(storage.sessions) as uow:
        participant = await uow.participants.get("test", chat.chat_id)
        assert participant is not None
        participant.blocked_at = clock.now
        await uow.commit()
    clock.now = FRIDAY_1000
    assert await _fire(chat, conversation) == []


@pytest.mark.parametrize(
    "said",
    ["/hjelp", "/tilbake", "/minplan", "/mine_data", "/avbryt", "vet ikke", "hmm", "snakke med et menneske"],
)
async def test_anything_during_a_check_in_gets_a_true_answer(
    conversation: Conversation, chat: Chat, clock: Clock, said: str
) -> None:
    await _planned(chat)
    clock.now = FRIDAY_1000
    await _fire(chat, conversation)
    replies = await chat.send(said)
    assert replies, said
    assert t("back.nowhere") not in chat.text  # "the first question" is not where they are
    await chat.press_stale("checkin:did")
    assert "det du gjorde der, teller" not in "\n".join(await chat.send("vet ikke"))  # a hint instead
