"""The desk's boundaries as a security review tried them, through a Telegram channel: a coordinator
taken off the list, one participant's crisis flood beside another's first urgent card, forged and
odd case numbers, closing or noting what is not yours, a button pressed by someone else, and a
message forwarded into the relay."""

from __future__ import annotations

import itertools
import time
from typing import Any

import pytest

from bot.core.i18n import translator
from tests.contract.conftest import KARI, PER, Harness, ids
from tests.contract.test_channel_contract import consent, on_duty
from tests.fake_telegram import FakeUser, Sent

t = translator("nb")
BOTH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "sqlite")], indirect=True, ids=ids
)
CRISIS = "jeg vil ikke leve lenger, jeg orker ikke mer"
_callback_ids = itertools.count(1)


async def _press_raw(user: FakeUser, chat: dict[str, Any], message_id: int, data: str) -> None:
    """A button press as Telegram would carry it, with any data and from anyone (a forged one)."""
    message = {"message_id": message_id, "date": int(time.time()), "chat": chat}
    query = {"id": f"forged{next(_callback_ids)}", "from": user.profile, "chat_instance": "ci"}
    await user.server.put({"callback_query": {**query, "data": data, "message": message}})


async def _notice(telegram: Harness, text: str, times: int = 1) -> None:
    await telegram.server.wait(
        lambda: sum(text == a.get("text") for a in telegram.server.callback_answers) >= times,
        f"the notice {text!r} {times} times",
    )


async def _in_group(telegram: Harness, fragment: str) -> Sent:
    result: Sent = await telegram.server.wait(
        lambda: next((s for s in telegram.group() if fragment in s.text), None), f"{fragment!r} in the group"
    )
    return result


@BOTH
async def test_a_coordinator_taken_off_the_list_hears_nothing_more(telegram: Harness) -> None:
    kari, per = await on_duty(telegram), await on_duty(telegram, PER, "Per")
    ola = await consent(telegram)
    await ola.send("/brobygger")
    await kari.press(await telegram.card(1), "take:1")
    await kari.expect("Du har sak #1")
    await ola.send("Hei Kari")
    await kari.expect("Hei Kari")
    # Kari leaves the duty list; the bot is restarted with the new list.
    telegram.settings = telegram.settings.model_copy(update={"coordinator_ids": str(PER)})
    await telegram.restart()
    await _in_group(telegram, t("case.holder_unlisted", number=1, name="Kari"))
    await ola.expect(t("handoff.holder_gone"))
    seen_by_kari = len(kari.inbox())
    await ola.send(CRISIS)
    await ola.expect("116 123")
    # Per, still listed, takes the case back from the group, and gets the words Kari no longer does.
    cards = [s for s in telegram.group() if "sak #1" in s.text.lower() and "take:1" in s.button_data]
    await per.press(cards[-1], "take:1")
    yours = await per.expect("Du har sak #1")
    assert CRISIS in yours.text
    await ola.send("er du der?")
    await per.expect("er du der?")
    assert all("Ola" not in s.text and CRISIS not in s.text for s in kari.inbox()[seen_by_kari:])


@BOTH
async def test_a_crisis_flood_does_not_hold_back_another_participants_first_urgent_card(
    telegram: Harness,
) -> None:
    # The group's real pace (20 a minute, a burst of 5): the limit the flood once crowded.
    telegram.settings = telegram.settings.model_copy(
        update={"send_per_group_per_minute": 20.0, "send_chat_burst": 5.0}
    )
    await telegram.restart()
    ola, siri = await consent(telegram), await consent(telegram, 200, "Siri")
    await ola.send(CRISIS)
    await ola.expect("116 123")
    await ola.press(await ola.expect("Jeg har sagt fra til brobyggerne"), "care:go_on")
    await telegram.card(1)
    for index in range(15):
        await ola.send(f"{CRISIS} ({index})")
    await siri.send("jeg har tenkt på å ta livet mitt")
    await siri.expect("116 123")
    card = await telegram.card(2)
    group = telegram.group()
    before = group[: group.index(card)]  # type: ignore[arg-type]
    # Ola's case: one card, edited in place with the newest words; never posted again per message.
    assert len([s for s in before if s.method == "sendMessage"]) == 1
    # At most the group's burst (5) went before it: what could go at once while Ola wrote, never a
    # queue of his repeats (29 messages, 75 s, before one card per case).
    assert len([s for s in before if s.method == "editMessageText"]) <= 5
    newest = await telegram.server.wait(
        lambda: next(
            (s for s in telegram.group() if s.method == "editMessageText" and "(14)" in s.text), None
        ),
        "Ola's card showing his newest words",
    )
    assert newest.button_data == ["take:1"]  # still waiting: the card keeps its button
    assert len([s for s in telegram.group() if s.method == "sendMessage"]) == 2


@BOTH
async def test_odd_case_numbers_get_a_short_answer_and_stall_nothing(telegram: Harness) -> None:
    kari = await on_duty(telegram)
    ola = await consent(telegram)
    await ola.send("/brobygger")
    card = await telegram.card(1)
    for given in ("99999999999999999999999", "-1", "1.5", "٣", "²"):
        await kari.send(f"/ta {given}")
        await kari.expect(t("case.bad_number", given=given, command="ta"))
    for data in ("take:²", "take:99999999999999999999999", "close:-1", "give:²:501"):
        await _press_raw(kari, FakeUser.group_chat(), card.message_id, data)
    await _notice(telegram, t("button.gone"), times=4)  # each forged press answered, none stalled
    await kari.send("/notat #1234567890 ring henne")  # a mistyped number is never the current case's
    await kari.expect(t("case.bad_number", given="#1234567890", command="notat"))
    await kari.send("/ta 1")  # the next command is not held up behind anything
    await kari.expect("Du har sak #1")
    await ola.expect("har tatt saken din")


@BOTH
async def test_closing_a_case_nobody_has_taken_and_noting_anothers_closed_case_are_refused(
    telegram: Harness,
) -> None:
    kari, per = await on_duty(telegram), await on_duty(telegram, PER, "Per")
    ola = await consent(telegram)
    await ola.send("/brobygger")
    await telegram.card(1)
    await kari.send("/avslutt 1")
    await kari.expect(t("case.close_untaken", number=1))
    await per.send("/ta 1")
    await per.expect("Du har sak #1")
    await ola.expect("har tatt saken din")
    await per.send("/avslutt")
    await ola.expect(t("handoff.closed").split(".")[0])
    await kari.send("/notat #1 Ringte henne")
    await kari.expect(t("case.not_yours_closed", number=1))
    # Kari's refused /avslutt told Ola nothing: the only closing he heard of is Per's.
    assert len([s for s in ola.inbox() if t("handoff.closed")[:20] in s.text]) == 1


@BOTH
async def test_a_button_is_read_for_the_person_who_pressed_it(telegram: Harness) -> None:
    ola = telegram.user(100, "Ola")
    await ola.send("/start")
    question = await ola.expect("Før vi starter")
    eve = telegram.user(666, "Eve")
    await _press_raw(eve, ola.private_chat, question.message_id, "consent:yes")
    await _notice(telegram, t("button.gone"))
    await ola.press(question, "consent:yes")  # Ola's own press still counts: nothing was taken
    await ola.expect("Steg 1 av 5: Talent")


@BOTH
async def test_a_forwarded_message_goes_to_the_participant_only_once_confirmed(telegram: Harness) -> None:
    kari = await on_duty(telegram, KARI, "Kari")
    ola = await consent(telegram)
    await ola.send("/brobygger")
    await kari.press(await telegram.card(1), "take:1")
    await kari.expect("Du har sak #1")
    telegram.server.started.add(kari.id)
    forwarded = kari._message(
        kari.private_chat,
        text="Per Olsen, tlf 900 00 000, sa at han ikke orker mer",
        forward_origin={"type": "hidden_user", "sender_user_name": "Per Olsen", "date": int(time.time())},
    )
    await telegram.server.put({"message": forwarded})
    confirm = await kari.expect("videresendt melding")
    assert not any("Per Olsen" in s.text for s in ola.inbox())
    assert not telegram.server.in_chat(ola.id, "copyMessage")
    await kari.press(confirm, f"forward:1:{forwarded['message_id']}")
    await ola.expect(t("relay.forwarded_to_participant", name="Kari"))
    await telegram.server.wait(lambda: telegram.server.in_chat(ola.id, "copyMessage"), "the copy to Ola")
    # Kept back when the coordinator says no.
    again = kari._message(kari.private_chat, text="noe annet", forward_date=int(time.time()))
    await telegram.server.put({"message": again})
    await kari.press(await kari.expect("videresendt melding"), "forward:no")
    await _notice(telegram, t("forward.kept"))
    assert len(telegram.server.in_chat(ola.id, "copyMessage")) == 1
