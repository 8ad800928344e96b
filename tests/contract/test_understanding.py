"""Listening before answering, through a Telegram channel on both frameworks: a conversation with
off-script turns (an everyday yes, a question back, a greeting, a "to" in a sentence at the scale,
a day without a day, a command without its slash), where only the answers are stored."""

from __future__ import annotations

import pytest

from bot.core.i18n import translator
from tests.contract.conftest import Harness, ids
from tests.contract.observe import stored_answers

t = translator("nb")
ONE_OF_EACH = pytest.mark.parametrize(
    "telegram", [("aiogram", "polling", "sqlite"), ("ptb", "webhook", "sqlite")], indirect=True, ids=ids
)


@ONE_OF_EACH
async def test_a_conversation_with_off_script_turns(telegram: Harness) -> None:
    ola = telegram.user(100, "Ola")
    await ola.send("/start")
    await ola.expect("Før vi starter")
    await ola.send("ja men hvem får se det?")
    await ola.expect(t("faq.who_sees"))
    await ola.send("ja ok da")
    await ola.expect(t("consent.thanks"))
    await ola.send("hva er poenget med dette?")
    await ola.expect(t("faq.point"))
    await ola.send("hei")
    await ola.expect(t("offscript.greeting"))
    await ola.send("Jeg er flink med dyr")
    await ola.expect(t("q.talent_others"))
    await ola.send("hjelp")  # the command, without its slash
    await ola.expect("/avbryt")
    await ola.send("At jeg er rolig")
    await ola.send("Jobbe på en gård")
    await ola.send("nei")  # "Har du noen gang ...?": a no is an answer
    await ola.send("Få en praksisplass")
    await ola.expect("skala fra 0 til 10")
    await ola.send("jeg har to barn")
    await ola.expect(t("answer.scale_number"))
    await ola.send("fire")
    await ola.expect("Du er på 4")
    await ola.send("Ringe bonden")
    await ola.send("Ringe bonden i nabolaget")
    await ola.expect("Når vil du gjøre det?")
    await ola.send("klokka 8.10")
    await ola.expect(t("answer.day_unclear"))
    await ola.send("fredag kl 9.05")
    await ola.expect(t("q.network"))
    answers = {
        (question, text)
        for (chat, question, text, current) in await stored_answers(telegram.settings.database_url)
        if current
    }
    assert answers == {
        ("talent", "Jeg er flink med dyr"),
        ("talent_others", "At jeg er rolig"),
        ("dream", "Jobbe på en gård"),
        ("dream_exception", "nei"),
        ("goal", "Få en praksisplass"),
        ("goal_scale", "fire"),
        ("goal_step_up", "Ringe bonden"),
        ("plan", "Ringe bonden i nabolaget"),
        ("plan_when", "fredag kl 9.05"),
    }
