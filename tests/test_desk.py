"""The coordinators' desk through the core: a card's title follows its case, notes, handing a case
to a colleague, recently closed cases, and the partner directory in /partnere."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.core.conversation import Conversation
from bot.partners.directory import import_file
from bot.startup import Storage
from storage.models import CaseNote
from storage.unit_of_work import UnitOfWork
from tests.conftest import Chat, Clock, Desk

DIRECTORY = Path(__file__).parent / "partners" / "directory.csv"


def _cards(desk_or_chat: list) -> list[str]:  # type: ignore[type-arg]
    return [
        m.text for m in desk_or_chat if m.audience == "coordinators" and m.kind in ("card", "card_update")
    ]


async def _case(conversation: Conversation, chat_id: str = "100", name: str = "Ola") -> Chat:
    chat = Chat(conversation, chat_id=chat_id, first_name=name)
    await chat.consent()
    await chat.send("/brobygger")
    return chat


async def test_the_cards_title_follows_the_case_from_new_to_taken_to_closed(
    conversation: Conversation,
) -> None:
    chat = await _case(conversation)
    assert chat.coordinators[-1].text.startswith("🔔 Ny sak #1")
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.press("take:1")
    assert _cards(kari.out)[0].startswith("✋ Sak #1 – Kari har saken")
    await kari.private("/avslutt")
    assert _cards(kari.out)[0].startswith("✅ Sak #1 – avsluttet")


async def test_a_note_is_on_the_card_and_with_whoever_takes_the_participant_next(
    conversation: Conversation, clock: Clock
) -> None:
    chat = await _case(conversation)
    kari, per = Desk(conversation, "501", "Kari"), Desk(conversation, "502", "Per")
    await kari.private("/start")
    await per.private("/start")
    await kari.private("/ta 1")
    await kari.private("/notat Vil helst bli ringt etter kl 12")
    assert kari.texts("coordinator") == ["📝 Notatet er lagret på sak #1 (Ola)."]
    card = _cards(kari.out)[0]
    assert "📝 Notater:" in card and "Kari" in card and "Vil helst bli ringt etter kl 12" in card
    assert not [m for m in kari.out if m.audience == "participant"]  # the participant never sees a note
    await kari.private("/avslutt")
    clock.advance(days=3)
    await chat.send("/brobygger")  # a new case, days later
    assert "Vil helst bli ringt etter kl 12" in chat.coordinators[-1].text
    await per.private("/ta 2")
    yours = per.texts("coordinator")[0]
    assert yours.startswith("Du har sak #2") and "Vil helst bli ringt etter kl 12" in yours
    await per.group("/notat 2 Har fått time hos Nav")
    assert per.texts("coordinators")[-1] == "📝 Notatet er lagret på sak #2 (Ola)."
    await per.group("/notat")
    assert "Skriv notatet etter kommandoen" in per.texts("coordinators")[0]


async def test_a_case_handed_to_a_colleague_is_theirs_and_the_participant_is_told(
    conversation: Conversation,
) -> None:
    chat = await _case(conversation)
    kari, per = Desk(conversation, "501", "Kari"), Desk(conversation, "502", "Per")
    await kari.private("/start")
    await kari.private("/ta 1")
    await kari.private("/gi")
    assert "ingen andre brobyggere" in kari.texts("coordinator")[0]
    await per.private("/start")  # Per has written to the bot: now it can write to him
    await kari.private("/gi 1")
    choice = next(m for m in kari.out if m.buttons)
    assert "Hvem vil du gi sak #1 til?" in choice.text
    assert [b.data for row in choice.buttons for b in row] == ["give:1:502"]
    await kari.press("give:1:502")
    assert "Sak #1 er gitt til Per." in [m.text for m in kari.out]
    to_per = next(m for m in kari.out if m.audience == "coordinator" and m.chat_id == "502")
    assert to_per.text.startswith("Kari har gitt deg sak #1")
    told = [m.text for m in kari.out if m.audience == "participant"]
    assert told == ["Nå er det Per som hjelper deg videre. Du kan skrive her som før."]
    assert _cards(kari.out)[0].startswith("✋ Sak #1 – Per har saken")
    # Per writes to Ola; Kari no longer can; what Ola writes goes to Per.
    await per.private("Hei, det er Per")
    assert [m.chat_id for m in per.out if m.audience == "participant"] == ["100"]
    await kari.private("Hallo?")
    assert kari.texts("coordinator") == [
        "Du har ingen sak å skrive til nå. /saker viser sakene, /ta N tar en."
    ]
    await chat.send("Takk Per")
    assert [m.chat_id for m in chat.private[-1:]] == ["502"]
    # A second press of the old button does nothing: the case is Per's.
    await kari.press("give:1:502")
    assert [m.text for m in kari.out] == ["Sak #1 er ikke din, eller den er ikke tatt ennå."]
    # /gi 1 Kari by name, from Per.
    await per.private("/gi 1 kar")
    assert "Sak #1 er gitt til Kari." in per.texts("coordinator")


async def test_saker_lists_the_recently_closed_cases(conversation: Conversation) -> None:
    await _case(conversation)
    await _case(conversation, "200", "Siri")
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.private("/ta 1")
    await kari.private("/avslutt")
    await kari.private("/saker")
    listing = kari.texts("coordinator")[0]
    assert "#2 Siri" in listing
    assert "Nylig avsluttet:" in listing
    assert listing.index("#2 Siri") < listing.index("Nylig avsluttet:") < listing.index("#1 Ola")
    assert "(Kari)" in listing


async def test_partnere_searches_and_switches_a_partner_off_and_on(
    storage: Storage, conversation: Conversation
) -> None:
    kari = Desk(conversation, "501", "Kari")
    await kari.group("/partnere")
    assert "Ingen partnere ennå" in kari.texts("coordinators")[0]
    async with UnitOfWork(storage.sessions) as uow:
        from datetime import UTC, datetime

        await import_file(uow, DIRECTORY, datetime(2026, 12, 1, tzinfo=UTC))
    await kari.group("/partnere")
    listing = next(m for m in kari.out if m.audience == "coordinators")
    assert listing.text.startswith("Partnere (20 i alt)")
    assert len(listing.buttons) == 10
    await kari.group("/partnere sykkel")
    found = next(m for m in kari.out if m.audience == "coordinators")
    assert "Sykkelverkstedet på Torget" in found.text and "Bakeriet" not in found.text
    off = next(b.data for row in found.buttons for b in row if b.data.startswith("partner_off:"))
    await kari.press(off)
    assert any("er slått av" in m.text for m in kari.out)
    async with UnitOfWork(storage.sessions) as uow:
        assert [p.name for p in await uow.partners.all() if not p.active] == ["Sykkelverkstedet på Torget"]
    await kari.group("/partnere sykkel")
    assert "(slått av)" in kari.texts("coordinators")[0]
    await kari.press(off.replace("off", "on"))
    async with UnitOfWork(storage.sessions) as uow:
        assert all(p.active for p in await uow.partners.all())
    for words in ("sykler", "møbler", "praksisplass oslo", "Tromsø"):  # word forms, æøå, the kind
        await kari.group(f"/partnere {words}")
        assert "Ingen partnere passer" not in kari.texts("coordinators")[0], words
    await kari.group("/partnere møbler")
    assert "Snekkerlaget" in kari.texts("coordinators")[0]
    await kari.group("/partnere ukulele")
    assert "Ingen partnere passer «ukulele»" in kari.texts("coordinators")[0]
    stranger = Desk(conversation, "999", "Ukjent")
    await stranger.press(off)
    assert any("Bare brobyggere" in m.text for m in stranger.out)


async def test_the_participant_sees_the_notes_in_mine_data_and_slett_deletes_them(
    storage: Storage, conversation: Conversation
) -> None:
    chat = await _case(conversation)
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.private("/ta 1")
    await kari.private("/notat Ønsker praksis i Drammen")
    await chat.send("/mine_data")
    assert "Notater brobyggerne har skrevet om sakene dine:" in chat.text
    assert "Sak #1, Kari" in chat.text and "Ønsker praksis i Drammen" in chat.text
    await chat.send("/slett")
    await chat.press("confirm:delete")
    async with UnitOfWork(storage.sessions) as uow:
        count = await uow.session.scalar(select(func.count()).select_from(CaseNote))
    assert count == 0


async def test_a_note_starting_with_a_number_stays_on_the_case_being_written_to(
    storage: Storage, conversation: Conversation
) -> None:
    await _case(conversation)  # case 1, Ola: open
    await _case(conversation, "200", "Siri")  # case 2
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.private("/ta 2")
    await kari.private("/notat 1 gang til har hun ikke svart")
    assert kari.texts("coordinator") == ["📝 Notatet er lagret på sak #2 (Siri)."]
    await kari.private("/notat #1 Ringer Ola i morgen")
    assert kari.texts("coordinator") == ["📝 Notatet er lagret på sak #1 (Ola)."]
    async with UnitOfWork(storage.sessions) as uow:
        notes = {(n.case_id, n.text) for n in await uow.desk.notes(1)} | {
            (n.case_id, n.text) for n in await uow.desk.notes(2)
        }
    assert notes == {(2, "1 gang til har hun ikke svart"), (1, "Ringer Ola i morgen")}
    await kari.private("/notat 2 Ringer fredag")  # the case's own number, as the README shows it
    assert kari.texts("coordinator") == ["📝 Notatet er lagret på sak #2 (Siri)."]
    async with UnitOfWork(storage.sessions) as uow:
        assert "Ringer fredag" in {n.text for n in await uow.desk.notes(2)}
    per = Desk(conversation, "502", "Per")
    await per.private("/start")
    await per.private("/notat #2 Hei")  # Kari has case 2: her colleague does not write on it
    assert per.texts("coordinator") == ["Sak #2 er ikke din, eller den er ikke tatt ennå."]


async def test_a_colleague_busy_with_a_case_keeps_writing_to_it_after_a_handover(
    conversation: Conversation,
) -> None:
    ola = await _case(conversation)
    siri = await _case(conversation, "200", "Siri")
    kari, per = Desk(conversation, "501", "Kari"), Desk(conversation, "502", "Per")
    await kari.private("/start")
    await per.private("/start")
    await per.private("/ta 1")  # Per writes to Ola
    await kari.private("/ta 2")
    await kari.private("/gi 2 Per")
    to_per = next(m.text for m in kari.out if m.audience == "coordinator" and m.chat_id == "502")
    assert "skriv /sak 2 for å skrive til denne" in to_per
    await per.private("Hei Ola, hvordan går det?")
    assert [m.chat_id for m in per.out if m.audience == "participant"] == [ola.chat_id]
    await per.private("/sak 2")
    await per.private("Hei Siri, Per her")
    assert [m.chat_id for m in per.out if m.audience == "participant"] == [siri.chat_id]


async def test_a_taken_case_that_turns_urgent_has_its_card_edited_at_once(conversation: Conversation) -> None:
    chat = await _case(conversation)
    kari = Desk(conversation, "501", "Kari")
    await kari.private("/start")
    await kari.private("/ta 1")
    await chat.send("Jeg vil ta livet mitt")
    edited = [m.text for m in chat.coordinators if m.kind == "card_update"]
    assert edited and edited[-1].startswith("🚨 Sak #1 (haster) – Kari har saken")
    assert "Mulige selvmordstanker" in edited[-1]


async def test_how_long_must_i_wait_is_answered_while_a_case_waits(conversation: Conversation) -> None:
    chat = await _case(conversation)
    await chat.send("ok. hvor lenge må jeg vente?")
    assert "Brobyggerne svarer" in chat.text and "116 123" in chat.text
    await chat.send("jeg trenger hjelp med CV")
    assert chat.text.startswith("Meldingen din er lagret")


async def test_a_coordinator_off_the_list_gets_no_more_words_even_before_a_restart(
    conversation: Conversation,
) -> None:
    """Another worker may still run with the old list: the relay itself asks who is listed now."""
    chat = await _case(conversation)
    kari, per = Desk(conversation, "501", "Kari"), Desk(conversation, "502", "Per")
    await kari.private("/start")
    await per.private("/start")
    await kari.press("take:1")
    conversation.duty.user_ids = frozenset({"502"})
    await chat.send("jeg vil ikke leve lenger")
    assert not [m for m in chat.coordinators if m.audience == "coordinator" and m.chat_id == "501"]
    said = [m.text for m in chat.coordinators]
    assert any("Kari er ikke lenger brobygger på vakt" in text for text in said)
    assert any(text.startswith("🚨 HASTER – sak #1") for text in said)  # the card again, urgent now
    # Per takes it from the group; Kari, off the list, is refused like anyone not on duty.
    await per.press("take:1")
    assert any("Du har sak #1" in m.text for m in per.out)
    await kari.group("/ta 1")
    assert any("Bare brobyggere på vakt" in m.text for m in kari.out)
