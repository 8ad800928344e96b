"""The whole method in five languages: chosen from the phone, with /sprak or by what is written;
consent, days, numbers and "don't know" read in each; the coordinators keep their own language."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from bot.core import i18n, languages, words
from bot.core.conversation import Conversation
from bot.core.coordination import Duty
from bot.core.dates import parse_when
from bot.core.i18n import LOCALES_DIR, translator
from bot.startup import Storage
from tests.conftest import COORDINATOR_IDS, GROUP, Chat, Clock, Desk, current_answers

PACKS = ("nb", "nn", "en", "uk", "pl")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")


def _catalog(locale: str) -> dict[str, str]:
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: str(m.string) for m in read_po(handle, locale=locale) if m.id}


def test_every_pack_is_complete_and_offered() -> None:
    assert languages.complete() == PACKS
    with (LOCALES_DIR / "messages.pot").open("rb") as handle:
        ids = {m.id for m in read_po(handle) if m.id}
    for locale in PACKS:
        catalog = _catalog(locale)
        assert ids <= {key for key, text in catalog.items() if text.strip()}, locale
        assert words.missing(locale) == [], locale


@pytest.mark.parametrize("locale", [p for p in PACKS if p != "nb"])
def test_a_pack_keeps_the_placeholders_and_commands_of_the_source(locale: str) -> None:
    source, pack = _catalog("nb"), _catalog(locale)
    for key, text in source.items():
        assert sorted(PLACEHOLDER.findall(pack[key])) == sorted(PLACEHOLDER.findall(text)), (locale, key)
        assert set(COMMAND.findall(pack[key])) == set(COMMAND.findall(text)), (locale, key)


def test_a_pack_missing_a_message_is_not_offered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copied = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copied)
    po_path = copied / "pl" / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale="pl")
    catalog.delete("consent.thanks")
    with po_path.open("wb") as handle:
        write_po(handle, catalog)
    (copied / "uk" / "words.toml").write_text('yes = ["так"]\n', encoding="utf-8")
    monkeypatch.setattr(languages, "LOCALES_DIR", copied)
    monkeypatch.setattr(words, "LOCALES_DIR", copied)
    monkeypatch.setattr(i18n, "LOCALES_DIR", copied)
    caches = (languages.complete, words.words, i18n.translator)
    for cache in caches:
        cache.cache_clear()
    try:
        assert languages.complete() == ("nb", "nn", "en")
        assert languages.locale_for("pl") == "nb"
    finally:
        monkeypatch.undo()
        for cache in caches:
            cache.cache_clear()


PHONES = [("nb", "nb"), ("no", "nb"), ("nn", "nn"), ("en-GB", "en"), ("uk", "uk"), ("pl", "pl"), ("de", "nb")]


@pytest.mark.parametrize(("code", "locale"), [*PHONES, (None, "nb")])
def test_the_phone_language_chooses_the_pack(code: str | None, locale: str) -> None:
    assert languages.locale_for(code) == locale


async def test_an_english_phone_gets_english_and_a_yes_in_english_is_consent(chat: Chat) -> None:
    en = translator("en")
    chat.language = "en"
    await chat.send("hi")
    assert en("welcome") in chat.text and chat.buttons == ["consent:yes", "consent:no", "consent:more"]
    await chat.send("yeah sure")
    assert en("consent.thanks") in chat.text and "Step 1 of 5" in chat.text


async def test_a_ukrainian_phone_is_answered_in_ukrainian_through_the_plan(
    chat: Chat, storage: Storage
) -> None:
    uk = translator("uk")
    chat.language = "uk"
    await chat.send("/start")
    assert uk("welcome") in chat.text
    await chat.send("так")
    assert uk("consent.thanks") in chat.text
    await chat.send("не знаю")  # help to find an answer, not a stored "не знаю"
    assert "не знаю" not in (await current_answers(storage, chat)).values()
    for answer in ("Я добре готую", "Що я спокійна", "Працювати кухарем", "ні", "Знайти роботу"):
        await chat.send(answer)
    assert chat.buttons == [f"scale:{n}" for n in range(11)]
    await chat.send("п'ять")  # the scale in words
    assert "5" in chat.text
    await chat.send("Подзвонити в ресторан")
    await chat.send("Написати резюме")
    await chat.send("у п'ятницю")
    stored = await current_answers(storage, chat)
    assert stored["goal_scale"] == "п'ять" and stored["plan_when"] == "у п'ятницю"
    assert uk("q.network") in chat.text


async def test_polish_day_and_number_words_are_read() -> None:
    tuesday = date(2026, 12, 8)
    assert parse_when("jutro", tuesday, "pl") == parse_when("i morgen", tuesday)
    assert parse_when("w piątek", tuesday, "pl") == parse_when("fredag", tuesday)
    assert parse_when("w srode", tuesday, "pl") == parse_when("onsdag", tuesday)
    assert parse_when("tomorrow", tuesday, "en") == parse_when("i morgen", tuesday)
    assert parse_when("next week", tuesday, "en") == parse_when("neste uke", tuesday)
    assert parse_when("завтра", tuesday, "uk") == parse_when("i morgen", tuesday)
    assert words.number_in("siedem", "pl") == 7


async def test_another_phone_language_gets_bokmal_and_the_choice_at_once(chat: Chat) -> None:
    chat.language = "de"
    await chat.send("/start")
    assert translator("nb")("welcome") in chat.text
    choice = next(m for m in chat.replies if m.buttons and m.buttons[0][0].data.startswith("lang:"))
    assert [b.data for row in choice.buttons for b in row] == [f"lang:{p}" for p in PACKS]
    assert translator("en")("language.choose") in choice.text
    consent = next(m for m in chat.replies if m.buttons and m.buttons[0][0].data.startswith("consent:"))
    assert "lagrer svarene dine" in consent.text  # consent is still asked, beside the choice
    await chat.press_stale("lang:en")
    assert translator("en")("language.chosen") in chat.text
    assert "is it OK if I save your answers" in chat.text.replace("Is it", "is it")


async def test_a_russian_phone_is_offered_ukrainian_and_english_first(chat: Chat) -> None:
    chat.language = "ru"
    await chat.send("/start")
    choice = next(m for m in chat.replies if m.buttons and m.buttons[0][0].data.startswith("lang:"))
    assert [b.data for b in choice.buttons[0]] == ["lang:uk", "lang:en"]
    assert translator("uk")("language.choose") in choice.text


async def test_sprak_switches_the_language_kept_across_a_restart(
    chat: Chat, storage: Storage, clock: Clock
) -> None:
    await chat.consent()
    await chat.send("/sprak")
    assert "lang:nn" in chat.buttons
    await chat.press("lang:nn")
    assert translator("nn")("language.chosen") in chat.text and "Steg 1 av 5" in chat.text
    duty = Duty(chat_id=GROUP, user_ids=COORDINATOR_IDS, bot_username="brobygger_test_bot")
    again = Chat(Conversation(storage.sessions, clock=clock, duty=duty))  # a new process, same data
    await again.send("/mine_data")
    assert translator("nn")("mydata.language", language="Nynorsk") in again.text
    await again.send("/language")
    await again.press("lang:en")
    assert "Step 1 of 5" in again.text


async def test_writing_another_language_offers_a_switch_once_and_keeps_the_answer(
    chat: Chat, storage: Storage
) -> None:
    await chat.consent()
    await chat.send("I am good at fixing bikes and I like cooking for my friends")
    assert (await current_answers(storage, chat))["talent"].startswith("I am good at fixing bikes")
    assert translator("en")("language.switch_offer") in chat.text
    assert chat.buttons == ["lang:en", "lang:keep"]
    await chat.press("lang:keep")
    assert translator("nb")("language.switch_kept") in chat.text
    await chat.send("My friends would say that I am patient and calm with people")
    assert translator("en")("language.switch_offer") not in chat.text  # offered once


async def test_coordinators_keep_their_language_and_see_the_participants(
    chat: Chat, conversation: Conversation
) -> None:
    chat.language = "en"
    await chat.consent()
    await chat.send("I want to talk to a human")
    card = chat.coordinators[-1].text
    assert "Ny sak #1" in card and "Skriver på engelsk" in card  # Bokmål for the desk, the language named
    desk = Desk(conversation, "501", "Kari")
    await desk.press("take:1")
    await desk.private("Hei! Jeg heter Kari.")
    relayed = translator("en")("relay.to_participant", name="Kari", text="Hei! Jeg heter Kari.")
    assert relayed in desk.texts("participant")


async def test_english_in_a_crisis_a_person_and_after(
    chat: Chat, conversation: Conversation, storage: Storage
) -> None:
    en = translator("en")
    chat.language = "en"
    await chat.consent()
    await chat.send("i feel like a burden to everyone")
    assert en("care.concern_question").split("\n")[0] in chat.text
    await chat.send("no im not")  # a clear no in English, with nothing that hedges it
    assert chat.text == en("care.concern_denied")
    await chat.press("care:go_on")
    await chat.send("get me a person")  # asked for in the participant's own words
    assert en("handoff.opened") in chat.text
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.private("/ta 1")
    await kari.private("/avslutt")
    chat.take(kari.out)
    assert en("handoff.helpful_question", name="Kari") in chat.text
    await chat.send("yes it helped")  # the answer to "did it help?", not a talent
    assert chat.text.startswith(en("handoff.helpful_thanks"))
    assert await current_answers(storage, chat) == {}


async def test_a_nynorsk_writer_keeps_the_answer_after_veit_ikkje_and_a_scale_nickname(
    chat: Chat, storage: Storage
) -> None:
    chat.language = "nn"
    await chat.consent()
    await chat.send("veit ikkje. køyrde lastebil i 20 år")
    assert (await current_answers(storage, chat))["talent"] == "veit ikkje. køyrde lastebil i 20 år"
    for answer in ("At eg er roleg", "Køyre buss", "nei", "Få fast jobb"):
        await chat.send(answer)
    await chat.send("kanskje ein femmar")
    assert (await current_answers(storage, chat))["goal_scale"] == "kanskje ein femmar"
    assert "5" in chat.text


async def test_a_language_named_in_words_is_chosen(chat: Chat) -> None:
    chat.language = "ru"
    await chat.send("привет")
    await chat.send("Українська")
    assert translator("uk")("language.chosen") in chat.text
    assert chat.buttons == ["consent:yes", "consent:no", "consent:more"]


async def test_a_ukrainian_check_in_is_answered_in_words(
    chat: Chat, conversation: Conversation, clock: Clock
) -> None:
    uk = translator("uk")
    chat.language = "uk"
    await chat.consent()
    for answer in ("Я добре готую", "Що я спокійна", "Працювати кухарем", "ні", "Знайти роботу", "5"):
        await chat.send(answer)
    for answer in ("Подзвонити в ресторан", "Написати резюме", "завтра", "Сестра", "ні"):
        await chat.send(answer)
    await chat.press("summary:finish")
    clock.advance(days=2)
    reminder = [m.text for m in await conversation.fire_all_due("test") if m.chat_id == chat.chat_id]
    assert reminder and "Написати резюме" in reminder[0]
    await chat.send("так")  # "yes": it went well
    assert uk("checkin.well") in chat.text
