"""Caring contacts after an urgent case closes: on days 1, 3, 7 and 30 at the friendly hour, in
the participant's language, each with a help line; stopped by a word or a button, skipped while
paused or blocked, gone with /slett; a reply reaches a person and a crisis in it is a crisis."""

from __future__ import annotations

from datetime import UTC, timedelta

from bot.core.conversation import Conversation
from bot.core.dates import OSLO
from bot.core.followup import at_hour
from bot.core.i18n import translator
from bot.startup import Storage
from storage.unit_of_work import UnitOfWork
from tests.conftest import Chat, Clock, urgent_case_closed

t = translator("nb")
CONTACTS = ("caring.contact_1", "caring.contact_2", "caring.contact_3", "caring.contact_4")


async def _fire(chat: Chat, conversation: Conversation) -> list[str]:
    outbound = await conversation.fire_all_due("test")
    return chat.take([m for m in outbound if m.chat_id == chat.chat_id or m.audience == "coordinators"])


async def _contacts_over_a_month(chat: Chat, conversation: Conversation, clock: Clock) -> list[str]:
    """Every contact that arrives in the 31 days after now, moving the clock a day at a time."""
    got: list[str] = []
    for _ in range(31):
        clock.advance(days=1)
        got += [text for text in await _fire(chat, conversation) if text]
    return got


async def test_four_contacts_on_their_days_at_ten_each_with_a_help_line(
    chat: Chat, conversation: Conversation, clock: Clock
) -> None:
    await urgent_case_closed(chat, conversation)
    closed = clock.now.astimezone(OSLO).date()
    seen: list[tuple[int, str]] = []
    for day in range(1, 32):
        ten = at_hour(closed + timedelta(days=day), 10)
        clock.now = (ten - timedelta(minutes=1)).astimezone(UTC)
        assert await _fire(chat, conversation) == []  # never before the friendly hour
        clock.now = ten.astimezone(UTC)
        seen += [(day, text) for text in await _fire(chat, conversation)]
    assert [text for _, text in seen] == [t(key) for key in CONTACTS]
    assert [day for day, _ in seen] == [1, 3, 7, 30]
    assert all("116 123" in text or "22 40 00 40" in text for _, text in seen)


async def test_a_word_stops_them(chat: Chat, conversation: Conversation, clock: Clock) -> None:
    await urgent_case_closed(chat, conversation)
    clock.advance(days=1, hours=12)
    assert await _fire(chat, conversation) == [t("caring.contact_1")]
    assert chat.buttons == ["caring:stop"]
    await chat.send("stopp")
    assert chat.text == t("caring.stopped")
    assert await _contacts_over_a_month(chat, conversation, clock) == []


async def test_the_button_stops_them_even_days_later(
    chat: Chat, conversation: Conversation, clock: Clock
) -> None:
    await urgent_case_closed(chat, conversation)
    clock.advance(days=1, hours=12)
    await _fire(chat, conversation)
    await chat.send("hei")  # something else first: the contact is no longer the last word
    await chat.press_stale("caring:stop")
    assert t("caring.stopped") in chat.text
    assert await _contacts_over_a_month(chat, conversation, clock) == []


async def test_a_reply_reaches_a_person_and_the_contacts_go_on(
    chat: Chat, conversation: Conversation, clock: Clock
) -> None:
    await urgent_case_closed(chat, conversation)
    clock.advance(days=1, hours=12)
    await _fire(chat, conversation)
    await chat.send("takk, det er litt bedre nå. jeg fikk sove i natt")
    card = chat.coordinators[-1].text
    assert "Svarte på en omsorgsmelding" in card and "jeg fikk sove i natt" in card
    assert t("caring.reply_passed_on") in chat.text


async def test_a_crisis_in_a_reply_is_a_crisis(chat: Chat, conversation: Conversation, clock: Clock) -> None:
    await urgent_case_closed(chat, conversation)
    clock.advance(days=1, hours=12)
    await _fire(chat, conversation)
    await chat.send("det hjelper ikke, jeg har lyst til å ta livet mitt")
    assert "113" in chat.text and chat.coordinators[-1].text.startswith("🚨")


async def test_paused_or_deleted_means_none(
    chat: Chat, conversation: Conversation, clock: Clock, storage: Storage
) -> None:
    await urgent_case_closed(chat, conversation)
    await chat.send("/pause")
    assert await _contacts_over_a_month(chat, conversation, clock) == []
    other = Chat(conversation, chat_id="200", first_name="Per")
    await urgent_case_closed(other, conversation)
    await other.send("/slett")
    await other.press("confirm:delete")
    assert await _contacts_over_a_month(other, conversation, clock) == []
    async with UnitOfWork(storage.sessions) as uow:
        assert list(await uow.timers.pending("caring:0")) == []


async def test_in_the_participants_language(chat: Chat, conversation: Conversation, clock: Clock) -> None:
    chat.language = "en"
    await urgent_case_closed(chat, conversation)
    clock.advance(days=1, hours=12)
    assert await _fire(chat, conversation) == [translator("en")("caring.contact_1")]


async def test_the_bridge_builder_is_told_and_can_turn_them_off(
    chat: Chat, conversation: Conversation, clock: Clock
) -> None:
    kari = await urgent_case_closed(chat, conversation)
    assert t("case.caring_planned", number=1) in kari.texts("coordinator")
    await kari.private("/omsorg 1")
    assert kari.texts("coordinator") == [t("case.caring_off", number=1)]
    assert await _contacts_over_a_month(chat, conversation, clock) == []


async def test_asked_if_it_helped_and_the_desk_counts_it_all(
    chat: Chat, conversation: Conversation, clock: Clock
) -> None:
    kari = await urgent_case_closed(chat, conversation, take=False)
    asked = [
        m
        for m in kari.out
        if m.audience == "participant" and m.text == t("handoff.helpful_question", name="Kari")
    ]
    assert [b.data for row in asked[0].buttons for b in row] == ["helpful:yes", "helpful:some", "helpful:no"]
    await chat.press_stale("helpful:some")
    assert chat.text == t("handoff.helpful_thanks")
    clock.advance(days=1, hours=12)
    await _fire(chat, conversation)
    await chat.send("takk, det går bedre")
    await kari.private("/statistikk")
    report = kari.texts("coordinator")[0]
    assert t("stats.helpful", yes=0, some=1, no=0) in report
    assert t("stats.after_crisis", on_call=0, sent=1, answered=1, plans=0) in report
