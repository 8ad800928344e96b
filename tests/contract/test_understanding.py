"""Listening before answering, through a Telegram channel on both frameworks: a conversation with
off-script turns (an everyday yes, a question back, a greeting, a "to" in a sentence at the scale,
a day without a day, a command without its slash), where only the answers are stored; and the same
in Nynorsk and in English, where the kind head reads beside the rules."""

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


@ONE_OF_EACH
async def test_a_conversation_in_nynorsk_with_off_script_turns(telegram: Harness) -> None:
    kari = telegram.user(101, "Kari")
    await kari.send("/start")
    await kari.expect("Før vi starter")
    await kari.send("kva er dette for noko?")
    await kari.expect(t("faq.point"))
    await kari.send("ja, det er greitt")
    await kari.expect(t("consent.thanks"))
    await kari.send("eg er flink med hestar")
    await kari.expect(t("q.talent_others"))
    await kari.send("skjønar ikkje kva du meiner")
    await kari.expect(t("q.talent_others.hint"))
    await kari.send("at eg er tolmodig")
    await kari.send("å ha ein fast jobb på ein gard")
    await kari.expect(t("q.dream_exception"))
    await kari.send("veit ikkje. køyrde traktor heile sommaren i fjor")
    # Kept either way, never dropped as a "don't know": as it is, or after the bot asks whether
    # it is her answer (where the head is unsure, which a retrained head may not be).
    kept = await telegram.server.wait(
        lambda: next(
            (s for s in reversed(kari.inbox()) if "Skal jeg lagre det?" in s.text or t("q.goal") in s.text),
            None,
        ),
        "the answer kept, or asked about",
    )
    if "Skal jeg lagre det?" in kept.text:
        assert "«veit ikkje. køyrde traktor heile sommaren i fjor»" in kept.text
        await kari.press(kept, "unsure:yes")
    await kari.expect(t("q.goal"))
    await kari.send("konkret?")  # a question back, not the goal
    await kari.expect(t("q.goal.hint"))
    await kari.send("få praksisplass på ein gard")
    await kari.expect("skala fra 0 til 10")
    await kari.send("eg vil seie 3")
    await kari.expect("Du er på 3")
    await kari.send("eg hadde ringt bonden")
    await kari.send("kva skal dette vere godt for?")
    await kari.expect(t("faq.point"))
    await kari.send("ringe bonden i bygda")
    await kari.expect("Når vil du gjøre det?")
    await kari.send("fredag")
    await kari.expect(t("q.network"))
    answers = {
        (question, text)
        for (chat, question, text, current) in await stored_answers(telegram.settings.database_url)
        if current
    }
    assert answers == {
        ("talent", "eg er flink med hestar"),
        ("talent_others", "at eg er tolmodig"),
        ("dream", "å ha ein fast jobb på ein gard"),
        ("dream_exception", "veit ikkje. køyrde traktor heile sommaren i fjor"),
        ("goal", "få praksisplass på ein gard"),
        ("goal_scale", "eg vil seie 3"),
        ("goal_step_up", "eg hadde ringt bonden"),
        ("plan", "ringe bonden i bygda"),
        ("plan_when", "fredag"),
    }


@ONE_OF_EACH
async def test_a_conversation_in_english_with_off_script_turns(telegram: Harness) -> None:
    sam = telegram.user(102, "Sam")
    await sam.send("/start")
    await sam.expect("Før vi starter")
    await sam.send("are you a real person?")
    await sam.expect(t("faq.human"))
    await sam.send("yes")
    await sam.expect(t("consent.thanks"))
    await sam.send("i am good with animals and fixing bikes")
    await sam.expect(t("q.talent_others"))
    await sam.send("who can see my answers?")
    await sam.expect(t("faq.who_sees"))
    await sam.send("they say i am calm")
    await sam.send("a job where i work with my hands")
    await sam.send("yes, when i worked on a farm one summer")
    await sam.send("get an internship at a bike workshop")
    await sam.expect("skala fra 0 til 10")
    await sam.send("i am at 3 out of 10")
    await sam.expect("Du er på 3")
    await sam.send("i would have sent two applications")
    await sam.expect(t("q.plan"))
    await sam.send("drink until i forget everything this weekend")
    offer = await sam.expect(t("offscript.harmful"))
    await sam.press(offer, "care:go_on")
    await sam.expect(t("q.plan"))
    await sam.send("call the bike workshop")
    await sam.expect("Når vil du gjøre det?")
    await sam.send("fredag")
    await sam.expect(t("q.network"))
    answers = {
        (question, text)
        for (chat, question, text, current) in await stored_answers(telegram.settings.database_url)
        if current
    }
    assert answers == {
        ("talent", "i am good with animals and fixing bikes"),
        ("talent_others", "they say i am calm"),
        ("dream", "a job where i work with my hands"),
        ("dream_exception", "yes, when i worked on a farm one summer"),
        ("goal", "get an internship at a bike workshop"),
        ("goal_scale", "i am at 3 out of 10"),
        ("goal_step_up", "i would have sent two applications"),
        ("plan", "call the bike workshop"),
        ("plan_when", "fredag"),
    }
