"""A case that cannot wait unseen: the person on call is told of an urgent case at once and again
after 5 minutes, of any other after an hour, of any after a day; the group is reminded every
15 minutes; outside the desk's hours the participant is told truthfully when a person will answer;
waiting reads "2 t 15 min"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.core.desk_hours import parse
from bot.core.i18n import translator
from bot.startup import Storage
from tests.conftest import COORDINATOR_IDS, GROUP, Chat, Clock

t = translator("nb")
ON_CALL = "900"
MONDAY_1830 = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)  # Oslo is UTC+1 in December
TUESDAY_1000 = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)


@pytest.fixture
def desk_conversation(storage: Storage, clock: Clock) -> Conversation:
    duty = Duty(chat_id=GROUP, user_ids=COORDINATOR_IDS, hours=parse("man-fre 09:00-15:00"), on_call=ON_CALL)
    return Conversation(storage.sessions, clock=clock, duty=duty)


async def _tick(
    conversation: Conversation, chat: Chat, clock: Clock, minutes: int
) -> tuple[list[str], list[str]]:
    """Move the clock a minute at a time; what the person on call and the group got meanwhile."""
    on_call: list[str] = []
    group: list[str] = []
    for _ in range(minutes):
        clock.advance(minutes=1)
        for message in await conversation.fire_all_due("test"):
            if message.audience == "coordinator" and message.chat_id == ON_CALL:
                on_call.append(message.text)
            elif message.audience == "coordinators":
                group.append(message.text)
    return on_call, group


async def test_an_urgent_case_after_hours(desk_conversation: Conversation, clock: Clock) -> None:
    clock.now = MONDAY_1830
    chat = Chat(desk_conversation)
    await chat.consent()
    out = await chat.send("jeg vil ikke leve lenger")
    assert "113" in out[0]
    # After the help lines and the case: when a person will answer, truthfully, and till then.
    assert out[-1] == t("handoff.after_hours", when="tirsdag 8. desember 2026, 09:00")
    on_call, group = await _tick(desk_conversation, chat, clock, 4)
    assert on_call == [] and group == []
    on_call, group = await _tick(desk_conversation, chat, clock, 1)
    assert on_call == [t("case.on_call_urgent_again", number=1, waited="5 min")]
    on_call, group = await _tick(desk_conversation, chat, clock, 10)
    assert on_call == [] and len(group) == 1 and "Har ventet: 15 min" in group[0]  # the reminder
    on_call, group = await _tick(desk_conversation, chat, clock, 120)
    assert on_call == [] and any("Har ventet: 2 t 15 min" in text for text in group)
    clock.now = MONDAY_1830 + timedelta(hours=23, minutes=59)
    await desk_conversation.fire_all_due("test")
    on_call, _ = await _tick(desk_conversation, chat, clock, 16)
    assert on_call == [t("case.on_call_day", number=1, waited="1 d 0 t")]


async def test_the_person_on_call_hears_of_an_urgent_case_at_once(
    desk_conversation: Conversation, clock: Clock
) -> None:
    clock.now = TUESDAY_1000
    chat = Chat(desk_conversation)
    await chat.consent()
    outbound = await desk_conversation.handle(chat._inbound(kind="text", text="jeg vil ikke leve lenger"))
    told = [m.text for m in outbound if m.audience == "coordinator" and m.chat_id == ON_CALL]
    assert told == [t("case.on_call_urgent", number=1, waited="0 min")]
    assert not any(m.text == t("handoff.after_hours", when="") for m in outbound)


async def test_any_case_after_an_hour_in_working_hours(desk_conversation: Conversation, clock: Clock) -> None:
    clock.now = TUESDAY_1000
    chat = Chat(desk_conversation)
    await chat.consent()
    out = await chat.send("/brobygger")
    assert not any("ikke på jobb" in text for text in out)  # someone is at work: no such word
    on_call, _ = await _tick(desk_conversation, chat, clock, 59)
    assert on_call == []
    on_call, _ = await _tick(desk_conversation, chat, clock, 15)
    assert on_call == [t("case.on_call_hour", number=1, waited="1 t 0 min")]


async def test_the_hours_are_said_in_the_participants_language(
    desk_conversation: Conversation, clock: Clock
) -> None:
    clock.now = TUESDAY_1000
    chat = Chat(desk_conversation)
    chat.language = "nn"
    await chat.consent()
    await chat.send("kor lenge må eg vente på ein brobyggar?")
    assert translator("nn")("faq.wait", hours="måndag–fredag 09:00–15:00") in chat.text
