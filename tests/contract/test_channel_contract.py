"""The channel contract: whole conversations through a Telegram channel, asserted on what the
bot sends. Every scenario runs on every framework, in polling and in webhook mode."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.i18n import translator
from tests.conftest import ANSWERS
from tests.contract.conftest import FRAMEWORKS, KARI, PER, Harness, ids
from tests.fake_telegram import GROUP_ID, KIND_PAYLOADS, private_update

t = translator("nb")


async def consent(telegram: Harness, user_id: int = 100, name: str = "Ola"):  # type: ignore[no-untyped-def]
    ola = telegram.user(user_id, name)
    await ola.send("/start")
    question = await ola.expect("Før vi starter")
    assert question.button_data == ["consent:yes", "consent:no", "consent:more"]
    await ola.press(question, "consent:yes")
    await ola.expect("Steg 1 av 5: Talent")
    return ola


async def on_duty(telegram: Harness, user_id: int = KARI, name: str = "Kari"):  # type: ignore[no-untyped-def]
    """A coordinator who has opened a private chat with the bot."""
    coordinator = telegram.user(user_id, name)
    await coordinator.send("/start")
    await coordinator.expect("brobygger på vakt")
    return coordinator


async def walk_to_plan(telegram: Harness, when: str = ANSWERS["plan_when"]):  # type: ignore[no-untyped-def]
    """A participant who consented and answered every question; returns them and the plan."""
    ola = await consent(telegram)
    for name, answer in ANSWERS.items():
        if name == "goal_scale":
            await ola.press(await ola.expect("skala fra 0 til 10"), "scale:4")
        elif name == "plan_when":
            await ola.expect("Når vil du gjøre det?")
            await ola.send(when)
        elif name == "network_contact":
            await ola.press(await ola.expect("Vil du at en brobygger tar kontakt"), "no")
        else:
            await ola.send(answer)
    return ola, await ola.expect("📋 Min plan")


async def test_whole_conversation_to_the_plan(telegram: Harness) -> None:
    ola, plan = await walk_to_plan(telegram, "fredag")
    for name in ("talent", "dream", "goal", "plan", "network"):
        assert f"«{ANSWERS[name]}»" in plan.text
    assert "«fredag» (fredag " in plan.text
    assert plan.button_data == ["summary:change", "summary:human", "summary:finish"]
    await ola.press(plan, "summary:finish")
    await ola.expect("Bra jobba!")
    # Every pressed button was answered, and its keyboard taken away.
    await telegram.server.wait(lambda: len(telegram.server.callback_answers) >= 3, "answers")
    await telegram.server.wait(
        lambda: any(
            s.message_id == plan.message_id and not s.buttons
            for s in telegram.server.in_chat(ola.id, "editMessageReplyMarkup")
        ),
        "the pressed keyboard taken away",
    )


async def test_handoff_two_takers_relay_close_and_continue(telegram: Harness) -> None:
    kari, per = await on_duty(telegram), await on_duty(telegram, PER, "Per")
    ola = await consent(telegram)
    await ola.send(ANSWERS["talent"])
    question = await ola.expect("Hva ville en venn")
    await ola.send("/brobygger")
    await ola.expect(t("handoff.opened"))
    card = await telegram.card(1)
    assert "Ola" in card.text and ANSWERS["talent"] in card.text and "Steg 1 av 5" in card.text  # type: ignore[attr-defined]

    await asyncio.gather(kari.press(card, "take:1"), per.press(card, "take:1"))  # type: ignore[arg-type]
    answers = await telegram.server.wait(
        lambda: (
            [a for a in telegram.server.callback_answers if a.get("text")][:2]
            if len([a for a in telegram.server.callback_answers if a.get("text")]) >= 2
            else None
        ),
        "both presses answered",
    )
    texts = sorted(a["text"] for a in answers)
    assert texts[0].startswith("Du har tatt sak #1") and "allerede tatt" in texts[1]
    edited = await telegram.server.wait(
        lambda: next(
            (s for s in telegram.server.in_chat(GROUP_ID, "editMessageText") if "har saken" in s.text), None
        ),
        "the card edited",
    )
    winner = kari if "Kari har saken" in edited.text else per
    assert not edited.buttons
    await ola.expect(f"{winner.first_name} fra brobyggerne har tatt saken din")
    context = await winner.expect("Du har sak #1")
    assert ANSWERS["talent"] in context.text

    await winner.send("Hei Ola, jeg heter " + winner.first_name)
    await ola.expect(f"{winner.first_name} (brobygger): Hei Ola")
    await ola.send("Takk! Jeg trenger hjelp med CV.")
    await winner.expect("[Sak #1] Ola: Takk! Jeg trenger hjelp med CV.")
    await ola.send_kind("photo")
    await winner.expect("[Sak #1] Ola sendte et bilde")
    await telegram.server.wait(lambda: telegram.server.in_chat(winner.id, "copyMessage"), "a copy")

    await winner.send_kind("sticker")
    await ola.expect(f"{winner.first_name} (brobygger) sendte et klistremerke")
    await telegram.server.wait(lambda: telegram.server.in_chat(ola.id, "copyMessage"), "a copy to Ola")

    await winner.send("/avslutt")
    await ola.expect(t("handoff.closed"))
    again = await ola.expect("Hva ville en venn")
    assert again.text == question.text  # exactly where Ola left
    await ola.send(ANSWERS["talent_others"])
    await ola.expect("våkner i morgen")


async def test_crisis_gets_help_lines_and_an_urgent_card(telegram: Harness) -> None:
    ola = await consent(telegram)
    await ola.send("Jeg orker ikke mer. Jeg vil ta livet av meg.")
    help_lines = await ola.expect("ring 113")
    assert help_lines.text.index("113") < help_lines.text.index("116 123")
    card = await telegram.card(1)
    assert "HASTER" in card.text  # type: ignore[attr-defined]


async def test_non_coordinator_cannot_take(telegram: Harness) -> None:
    ola = await consent(telegram)
    await ola.send("/brobygger")
    card = await telegram.card(1)
    mallory = telegram.user(666, "Mallory")
    await mallory.press(card, "take:1")  # type: ignore[arg-type]
    refusal = await telegram.server.wait(
        lambda: next((a for a in telegram.server.callback_answers if a.get("text")), None), "refusal"
    )
    assert refusal["text"] == t("duty.refused")
    await ola.send("Hallo?")
    await ola.expect(t("handoff.waiting"))  # still waiting for a real coordinator
    # The card is edited only with Ola's newest words: still nobody's, still with its button.
    edits = telegram.server.in_chat(GROUP_ID, "editMessageText")
    assert all(e.button_data == ["take:1"] and "har saken" not in e.text for e in edits)


async def test_coordinator_without_a_private_chat_gets_a_link(telegram: Harness) -> None:
    ola = await consent(telegram)
    await ola.send("/brobygger")
    await telegram.card(1)
    kari = telegram.user(KARI, "Kari")
    await kari.say_in_group("/ta 1")
    link = await telegram.server.wait(
        lambda: next(
            (
                s
                for s in telegram.server.in_chat(GROUP_ID, "sendMessage")
                if "t.me/brobygger_test_bot" in s.text
            ),
            None,
        ),
        "the link",
    )
    assert "Kari" in link.text
    await ola.expect("Kari fra brobyggerne har tatt saken din")  # the case stays hers


async def test_restart_in_the_middle_of_a_conversation_and_a_claimed_case(telegram: Harness) -> None:
    kari = await on_duty(telegram)
    ola = await consent(telegram)
    await ola.send(ANSWERS["talent"])
    await ola.expect("Hva ville en venn")
    await telegram.restart()
    await ola.send(ANSWERS["talent_others"])
    await ola.expect("våkner i morgen")

    await ola.send("/brobygger")
    card = await telegram.card(1)
    await kari.press(card, "take:1")  # type: ignore[arg-type]
    await ola.expect("Kari fra brobyggerne har tatt saken din")
    await telegram.restart()
    await kari.send("Er du der fortsatt?")
    await ola.expect("Kari (brobygger): Er du der fortsatt?")
    await ola.send("Ja!")
    await kari.expect("[Sak #1] Ola: Ja!")
    await kari.send("/avslutt")
    await ola.expect("våkner i morgen")


@pytest.mark.parametrize("kind", sorted(KIND_PAYLOADS))
async def test_each_non_text_message_gets_a_reply_and_the_question(telegram: Harness, kind: str) -> None:
    ola = await consent(telegram)
    await ola.send_kind(kind)
    reply = await ola.expect("")
    assert reply.text and "Steg 1 av 5" not in reply.text
    await ola.expect("Steg 1 av 5: Talent")


async def test_html_and_markdown_characters_arrive_unchanged(telegram: Harness) -> None:
    ola = await consent(telegram)
    tricky = "<b>fet</b> & _kursiv_ *stjerne* `kode` [lenke](x) <i>"
    await ola.send(tricky)
    # Markup as an answer is not what most people write: the bot asks, quoting it as written.
    unsure = await ola.expect(f"«{tricky}»")
    await ola.press(unsure, "unsure:yes")
    await ola.expect(t("q.talent_others"))
    await ola.send("/minplan")  # the plan quotes the answer as it was written
    await ola.expect(f"«{tricky}»")
    assert all(s.parse_mode is None for s in telegram.server.log)


async def test_unknown_command_and_long_text(telegram: Harness) -> None:
    ola = await consent(telegram)
    await ola.send("/fisk")
    await ola.expect(t("command.unknown"))
    await ola.send("ord " * 1000)
    await ola.expect("Meldingen er")


@pytest.mark.parametrize("telegram", [(f, "webhook", "sqlite") for f in FRAMEWORKS], indirect=True, ids=ids)
async def test_webhook_secret(telegram: Harness) -> None:
    server = telegram.server
    server.started.add(100)
    assert server.webhook is not None and server.webhook["secret"] == "s3cret-token"
    update = private_update(100, "/start", update_id=1)
    assert await server.post_webhook(update, {}) == 401
    assert await server.post_webhook(update, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 401
    await asyncio.sleep(0)  # nothing is waiting to happen: a refused update changes nothing
    assert not server.in_chat(100)
    assert await server.post_webhook(update, {"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}) == 200
    # Telegram gets its 200 only after the turn is committed: the replies are already stored.
    await telegram.user(100, "Ola").expect("Før vi starter")


async def test_start_up_decorations_are_best_effort(telegram: Harness) -> None:
    failure = (500, "Internal Server Error", None)
    for method in ("setMyCommands", "setMyDescription", "setMyShortDescription"):
        telegram.server.fail[method] = [failure] * 5
    await telegram.restart()
    await consent(telegram)  # the bot runs on without its menu
