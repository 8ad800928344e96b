"""The kind head beside the rules, through the core: every finding of the trial with new users, the
question "is this your answer?" when the bot cannot tell, and the figures on each language's
set-aside fifth."""

from __future__ import annotations

import numpy as np
import pytest

from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.core.i18n import translator
from bot.core.reading.heads import KIND_HEAD, TOPIC_HEAD, Head
from bot.core.reading.reader import open_reader
from bot.startup import Storage
from tests.conftest import COORDINATOR_IDS, GROUP, Chat, Clock, answer_up_to, current_answers
from tests.understanding.corpus import figures, outcomes_with_model, set_aside

t = translator("nb")
# Measured on each language's set-aside fifth when the kind head was trained (the note on issue 26
# has the table): non-answers stored, answers refused. The ceilings sit at what was reached, so a
# change for the worse fails; the goals (5 % and 3 %) are not met everywhere.
STORED_CEILINGS = {"nb": 0, "en": 0, "nb_learner": 2, "nn": 0, "uk": 1}
REFUSED_CEILINGS = {"nb": 2, "en": 0, "nb_learner": 2, "nn": 1, "uk": 9}


@pytest.fixture
def reading(storage: Storage, clock: Clock) -> Conversation:
    duty = Duty(chat_id=GROUP, user_ids=COORDINATOR_IDS, bot_username="brobygger_test_bot")
    return Conversation(storage.sessions, clock, duty, reader=open_reader("on"))


@pytest.fixture
def chat(reading: Conversation) -> Chat:
    return Chat(reading, chat_id="kinds-1")


@pytest.mark.parametrize("name", ["kind_head", "topic_head"])
def test_the_committed_heads_are_what_the_script_makes(name: str) -> None:
    from bot.core.reading.training import train_kinds, train_topics

    trained, _ = (train_kinds if name == "kind_head" else train_topics)()
    committed = Head.load(KIND_HEAD if name == "kind_head" else TOPIC_HEAD)
    assert trained.labels == committed.labels
    assert trained.thresholds == pytest.approx(committed.thresholds, abs=2e-3)
    for (w1, b1), (w2, b2) in zip(trained.layers, committed.layers, strict=True):
        assert np.allclose(w1, w2, atol=1e-3) and np.allclose(b1, b2, atol=1e-3)
    assert trained.ngrams is not None and committed.ngrams is not None
    assert np.allclose(trained.ngrams.weights, committed.ngrams.weights, atol=1e-3)


async def test_figures_on_each_languages_set_aside_fifth() -> None:
    reader = open_reader("on")
    print("\nset aside, rules and kind head: non-answers stored, answers refused (asked about)")
    for language, lines in set_aside().items():
        result = figures(lines, await outcomes_with_model(reader, lines))
        print(
            f"  {language:10s} stored {result['non_answers_stored']}/{result['non_answers']}"
            f" (asked {result['non_answers_asked']}), refused {result['answers_refused']}/{result['answers']}"
            f" (asked {result['answers_asked']})"
        )
        assert result["non_answers_stored"] <= STORED_CEILINGS[language], result["stored_examples"]
        assert result["answers_refused"] <= REFUSED_CEILINGS[language], result["refused_examples"]


async def test_a_question_back_is_not_stored_and_gets_the_question_another_way(
    chat: Chat, storage: Storage
) -> None:
    await answer_up_to(chat, "goal")
    await chat.send("konkret?")
    assert chat.text == "\n".join([t("offscript.confused"), t("q.goal.hint")])
    await chat.send("Få en deltidsjobb på et kjøkken")
    await chat.send("4")
    await chat.send("Jeg ville ha søkt på to jobber")
    assert (await current_answers(storage, chat))["goal"] == "Få en deltidsjobb på et kjøkken"


async def test_not_understanding_a_friends_words_is_no_answer(chat: Chat, storage: Storage) -> None:
    await answer_up_to(chat, "talent_others")
    await chat.send("my friend? i dont know what she say")
    assert "talent_others" not in await current_answers(storage, chat)
    assert t("q.talent_others.hint") in chat.text


async def test_a_learner_who_does_not_understand_the_consent_is_no_no(chat: Chat, storage: Storage) -> None:
    await chat.send("/start")
    await chat.send("jeg forstå ikke lagrer")
    assert t("consent.more") in chat.text and t("consent.declined") not in chat.text
    await chat.send("ja ok")
    assert t("consent.thanks") in chat.text and t("q.talent") in chat.text


async def test_a_question_whether_the_bot_is_a_person_opens_no_case(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("er du et ekte menneske?")
    assert t("faq.human") in chat.text and chat.coordinators == []
    await chat.press("consent:yes")
    await chat.send("er du et ekte menneske?")
    assert chat.text.startswith(t("faq.human")) and t("q.talent") in chat.text
    assert chat.coordinators == []


@pytest.mark.parametrize(
    ("written", "reply"),
    [
        ("kva skal dette vere godt for?", "faq.point"),
        ("who can see my answers?", "faq.who_sees"),
        ("does this cost money", "faq.cost"),
        ("czy mogę potem usunąć moje odpowiedzi?", "faq.delete"),
    ],
)
async def test_a_question_about_the_bot_is_answered_in_other_wordings(
    chat: Chat, written: str, reply: str
) -> None:
    await chat.consent()
    await chat.send(written)
    assert chat.text.startswith(t(reply)) and t("q.talent") in chat.text


async def test_an_answer_after_dont_know_is_kept(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    await chat.send("veit ikkje. køyrde lastebil i 20 år")
    assert (await current_answers(storage, chat))["talent"] == "veit ikkje. køyrde lastebil i 20 år"
    assert t("q.talent_others") in chat.text


async def test_a_question_in_another_script_gets_the_word_on_languages(chat: Chat) -> None:
    # Until the languages issue brings whole packs, a question in Cyrillic is told that the bot
    # speaks Norwegian for now and keeps answers as written, rather than a Bokmål FAQ answer.
    await chat.consent()
    await chat.send("хто бачить мої відповіді?")
    assert chat.text.startswith(t("offscript.language"))


async def test_an_answer_in_ukrainian_is_kept_as_written(chat: Chat, storage: Storage) -> None:
    await chat.consent()
    await chat.send("добре готую і шию одяг для всієї родини")
    assert (await current_answers(storage, chat))["talent"] == "добре готую і шию одяг для всієї родини"
    assert t("q.talent_others") in chat.text


async def test_a_scale_inside_a_nynorsk_sentence_and_a_way_on_when_it_does_not_fit(
    chat: Chat, storage: Storage
) -> None:
    await answer_up_to(chat, "goal_scale")
    await chat.send("eg vil seie 7")
    assert (await current_answers(storage, chat))["goal_scale"] == "eg vil seie 7"
    await chat.send("/tilbake")
    await chat.send("tja, det kjem an på dagen")
    assert t("answer.scale_number") in chat.text
    await chat.send("vanskeleg å setje tal på det eigentleg")
    # The second reply that does not fit: another way, and a person or to skip it.
    assert t("answer.another_way") in chat.text and t("q.goal_scale.hint") in chat.text
    assert {"offer:yes", "offer:skip"} <= set(chat.buttons)


@pytest.mark.parametrize(
    "step", ["drikke meg full i helga", "slutte med medisinene mine", "ta igjen med sjefen min"]
)
async def test_a_step_that_would_harm_is_met_with_care_not_praise(
    chat: Chat, storage: Storage, step: str
) -> None:
    await answer_up_to(chat, "plan")
    await chat.send(step)
    assert chat.text == t("offscript.harmful")
    assert "care:human" in chat.buttons and "plan" not in await current_answers(storage, chat)
    assert t("q.plan.ack") not in chat.text


async def test_when_unsure_the_bot_asks_and_keeps_only_a_yes(chat: Chat, storage: Storage) -> None:
    await answer_up_to(chat, "goal")
    await chat.send("nope")
    assert chat.buttons == ["unsure:yes", "unsure:no"] and "«nope»" in chat.text
    await chat.press("unsure:no")
    assert chat.text.startswith(t("answer.unsure_not_kept")) and t("q.goal") in chat.text
    assert "goal" not in await current_answers(storage, chat)
    await chat.send("nope")
    await chat.press("unsure:yes")
    assert (await current_answers(storage, chat))["goal"] == "nope"
    assert t("q.goal_scale") in chat.text


async def test_on_the_rules_alone_an_answer_in_another_script_is_asked_about_not_dropped(
    conversation: Conversation, storage: Storage
) -> None:
    chat = Chat(conversation, chat_id="kinds-rules")  # the conversation without the model
    await chat.consent()
    await chat.send("добре готую і шию одяг")
    assert chat.buttons == ["unsure:yes", "unsure:no"]
    await chat.press("unsure:yes")
    assert (await current_answers(storage, chat))["talent"] == "добре готую і шию одяг"


async def test_no_thanks_to_the_offer_after_a_harmful_step_promises_nothing_and_a_number_is_no_step(
    chat: Chat, storage: Storage
) -> None:
    # Found in a trial: "Nei takk" said "Brobyggerne tar kontakt så snart de kan" with no case, and
    # a "2" meant for the button was stored as the first step and praised.
    await answer_up_to(chat, "plan")
    await chat.send("drikke hele helgen med venner og slappe av")
    await chat.press("care:go_on")
    assert chat.text.startswith(t("care.offer_declined")) and t("care.going_on") not in chat.text
    await chat.send("2")
    assert chat.text.startswith(t("answer.no_words")) and "plan" not in await current_answers(storage, chat)


async def test_asking_whether_a_person_has_come_while_the_case_waits(chat: Chat) -> None:
    # Found in a trial: "du er menneske nå?" while waiting got only "Meldingen din er lagret".
    await chat.consent()
    await chat.send("/brobygger")
    await chat.send("are you a real person now?")
    assert chat.text == t("handoff.waiting_still_the_bot")


async def test_the_question_asked_anew_drops_the_text_held_for_is_this_your_answer(
    chat: Chat, storage: Storage, clock: Clock
) -> None:
    # Found in a trial: after a break the question came back without "Skal jeg lagre det?", and a
    # "ja" would have stored the held text.
    await answer_up_to(chat, "goal")
    await chat.send("nope")
    assert chat.buttons == ["unsure:yes", "unsure:no"]
    clock.advance(hours=13)
    await chat.send("hei")  # welcomed back, the question again
    assert t("q.goal") in chat.text
    await chat.send("ja")
    assert (await current_answers(storage, chat)).get("goal") != "nope"


async def test_a_sentence_at_the_scale_is_asked_for_a_number_not_shown_the_help(chat: Chat) -> None:
    await answer_up_to(chat, "goal_scale")
    await chat.send("slutte med medisinane mine")
    assert chat.text.startswith(t("answer.scale_number")) and t("help.text") not in chat.text
