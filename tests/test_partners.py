"""The partner network: the directory's CSV import and export, matching partners to what a
participant said, and an introduction case through the core."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.core.conversation import Conversation
from bot.core.partner_match import Index, Listed, root, words_of
from bot.partners.directory import DirectoryError, export_text, import_file
from bot.startup import Storage
from storage.unit_of_work import UnitOfWork
from tests.conftest import ANSWERS, Chat, Desk

DIRECTORY = Path(__file__).parent / "partners" / "directory.csv"
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


async def _import(storage: Storage, path: Path = DIRECTORY) -> None:
    async with UnitOfWork(storage.sessions) as uow:
        await import_file(uow, path, NOW)


async def _names(storage: Storage) -> dict[str, bool]:
    async with UnitOfWork(storage.sessions) as uow:
        return {p.name: p.active for p in await uow.partners.all()}


async def test_export_then_import_gives_the_same_directory(storage: Storage, tmp_path: Path) -> None:
    await _import(storage)
    async with UnitOfWork(storage.sessions) as uow:
        exported = await export_text(uow)
    assert exported.startswith("\ufeffname,kind,tags")  # a spreadsheet opens it as UTF-8
    rows = list(csv.DictReader(exported.lstrip("\ufeff").splitlines()))
    assert len(rows) == 20
    bikes = next(r for r in rows if r["name"] == "Sykkelverkstedet på Torget")
    assert bikes["tags"] == "sykkel;sykkelreparasjon;mekanikk;verksted"
    assert bikes["description"].startswith("tar imot praksiskandidater")
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    await _import(storage, again)
    async with UnitOfWork(storage.sessions) as uow:
        assert await export_text(uow) == exported


async def test_reimport_updates_by_name_and_keeps_a_switched_off_partner_off(
    storage: Storage, tmp_path: Path
) -> None:
    await _import(storage)
    async with UnitOfWork(storage.sessions) as uow:
        bakery = next(p for p in await uow.partners.all() if p.name == "Bakeriet i Gata")
        bakery.active = False
        await uow.commit()
    changed = tmp_path / "changed.csv"
    changed.write_text(
        "Name, Kind,Tags,Area,Contact,Description\n"
        "Bakeriet  i Gata,arbeidsgiver,baker;konditor,Bergen,ny@bakeriet.no,nye lærlingplasser\n"
        "Ny Partner,kurs,truckførerbevis,Oslo,,\n",
        encoding="utf-8",
    )
    await _import(storage, changed)
    async with UnitOfWork(storage.sessions) as uow:
        partners = {p.name: p for p in await uow.partners.all()}
    assert len(partners) == 21
    assert partners["Bakeriet i Gata"].tags == ["baker", "konditor"]
    assert partners["Bakeriet i Gata"].contact == "ny@bakeriet.no"
    assert partners["Bakeriet i Gata"].active is False
    assert partners["Ny Partner"].kind == "course"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("navn,type\nA,kurs\n", "line 1: the header must be"),
        ("name,kind,tags,area,contact,description\nA,kurs,x,,,\nB,rar,y,,,\n", "line 3: the kind 'rar'"),
        ("name,kind,tags,area,contact,description\nA,kurs,,,,\n", "line 2: no tags"),
        ("name,kind,tags,area,contact,description\nA,kurs,x,Oslo,a,b,c\n", "line 2: more columns"),
        ("name,kind,tags,area,contact,description\nA,kurs,x\n", "line 2: fewer columns"),
        ("name,kind,tags,area,contact,description\nA,kurs,x,,,\na,kurs,y,,,\n", "line 3: 'a' is already"),
        ("name,kind,tags,area,contact,description\nA\x00B,kurs,x,,,\n", "line 2: the name holds"),
        ('name,kind,tags,area,contact,description\n"Ny\nlinje",kurs,x,,,\n', "line 3: the name holds"),
    ],
)
async def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(
    storage: Storage, tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DirectoryError, match=problem):
        await _import(storage, path)
    assert await _names(storage) == {}


async def test_a_file_that_is_not_utf8_is_refused(storage: Storage, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,kind,tags,area,contact,description\nBåt,kurs,båt,,,\n".encode("latin-1"))
    with pytest.raises(DirectoryError, match="not UTF-8"):
        await _import(storage, path)


def test_the_console_script_imports_and_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "cli.db"
    assert main(["partners", "import", str(DIRECTORY), "--db", str(db)]) == 0
    assert "20 new partners, 0 updated" in capsys.readouterr().out
    out = tmp_path / "out.csv"
    assert main(["partners", "export", str(out), "--db", str(db)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 21
    bad = tmp_path / "bad.csv"
    bad.write_text("name,kind,tags,area,contact,description\nA,kurs,,,,\n", encoding="utf-8")
    assert main(["partners", "import", str(bad), "--db", str(db)]) == 1
    said = capsys.readouterr().err
    assert "nothing imported" in said and "line 2: no tags" in said


def test_word_forms_share_a_root() -> None:
    for forms in (
        ("sykler", "sykkel", "sykle", "sykling", "syklist"),
        ("snekre", "snekker", "snekring"),
        ("baker", "bake", "bakeri"),
        ("barnehage", "barnehagen"),
        ("hest", "hester", "hestene"),
    ):
        assert len({root(f) for f in forms}) == 1, forms


def test_what_a_no_takes_back_is_not_matched() -> None:
    assert "barn" not in words_of(["Jeg vil ikke jobbe med barn, men jeg liker dyr"])
    assert "dyr" in words_of(["Jeg vil ikke jobbe med barn, men jeg liker dyr"])


# (what the participant said, the partner that should come first, partners that must not appear)
TABLE = [
    ("Jeg er flink til å fikse sykler", "Sykkelverkstedet på Torget", {"Bakeriet i Gata"}),
    ("jeg sykler mye og liker å skru", "Sykkelverkstedet på Torget", {"Snekkerlaget"}),
    ("drømmer om å bli snekker", "Snekkerlaget", {"Sykkelverkstedet på Torget"}),
    ("liker å snekre", "Snekkerlaget", {"Malerfirmaet Farge"}),
    ("jeg vil jobbe i en barnehage", "Barnehagen Solsikken", {"Grønn Hage AS"}),
    ("jeg vil ikke jobbe med barn, men liker dyr", "Dyrepensjonatet", {"Barnehagen Solsikken"}),
    ("jeg er glad i å bake kaker", "Bakeriet i Gata", {"Kafé Møtestedet"}),
    ("kunne tenke meg å jobbe på lager med truck", "Lager og Logistikk", {"Bilverkstedet Nord"}),
    ("hagearbeid og blomster", "Grønn Hage AS", {"Barnehagen Solsikken"}),
    ("jeg vil bli bilmekaniker i Tromsø", "Bilverkstedet Nord", {"Sykkelverkstedet på Torget"}),
    ("sykkelreparasjon i Oslo", "Sykkelverkstedet på Torget", {"Bilverkstedet Nord"}),
    ("praksisplass med hester", "Dyrepensjonatet", {"Fotballklubben"}),
    ("eg likar å jobbe i butikken og snakke med kundar", "Butikken på Hjørnet", {"Kodeskolen"}),
    ("Har lyst å lære programmering", "Kodeskolen", {"Musikkverkstedet"}),
    ("jeg elsker å spille gitar", "Musikkverkstedet", {"Kodeskolen"}),
    # What they said no to is out, even where they said it another way before.
    (
        "var snekker i mange år, men vil ikke snekre mer. liker å fikse sykler",
        "Sykkelverkstedet på Torget",
        {"Snekkerlaget"},
    ),
    (
        "jeg er ikke så glad i å jobbe med barn, men liker dyr og hester",
        "Dyrepensjonatet",
        {"Barnehagen Solsikken", "Fotballklubben"},  # the football club's offer is coaching kids
    ),
    # A partner tagged with what they said no to is out, even when another of its tags fits.
    (
        "var snekker før, men vil ikke bygge mer. liker å skru på sykler",
        "Sykkelverkstedet på Torget",
        {"Snekkerlaget"},
    ),
    # A town they named: partners there first, those in another town out.
    ("jeg vil jobbe med barn i Bergen", "Barnehagen Solsikken", set()),
]
NOTHING = [
    "jeg er syk og orker lite",
    "vet ikke",
    "være mer sammen med familien",
    "jeg er god til å hjelpe andre og er pålitelig",
    "komme meg ut av huset",
    "jeg har ikke lyst til å jobbe i butikk",
    "jeg vil absolutt ikke være i nærheten av hunder og katter",
    "eg bur i Bergen og vil jobbe med dyr",  # the animals are in Drammen
]


@pytest.fixture(scope="module")
def index() -> tuple[Index, dict[int, str]]:
    rows = list(csv.DictReader(DIRECTORY.read_text(encoding="utf-8").splitlines()))
    listed = [
        Listed(n, r["name"], r["kind"], tuple(r["tags"].split(";")), r["area"]) for n, r in enumerate(rows)
    ]
    return Index.of(listed), {n: r["name"] for n, r in enumerate(rows)}


@pytest.mark.parametrize(("said", "first", "absent"), TABLE)
def test_the_fitting_partner_comes_first_and_the_unrelated_are_absent(
    index: tuple[Index, dict[int, str]], said: str, first: str, absent: set[str]
) -> None:
    matcher, names = index
    offered = [names[m.partner_id] for m in matcher.best([said])]
    assert offered and offered[0] == first, offered
    assert not absent & set(offered)
    assert len(offered) <= 3


@pytest.mark.parametrize("said", NOTHING)
def test_nothing_is_offered_when_nothing_fits(index: tuple[Index, dict[int, str]], said: str) -> None:
    matcher, names = index
    assert [names[m.partner_id] for m in matcher.best([said])] == []


BIKE_ANSWERS = {
    **ANSWERS,
    "talent": "Jeg er flink til å fikse sykler",
    "dream": "Jobbe med hendene, gjerne i et verksted",
    "goal": "Praksisplass der jeg kan reparere sykler",
}


async def _walk_to_partners(chat: Chat, answers: dict[str, str]) -> None:
    await chat.consent()
    for name, answer in answers.items():
        await chat.send(answer)
        if name == "network":
            return


async def test_a_participant_is_offered_the_partner_that_fits_and_asks_to_be_introduced(
    storage: Storage, conversation: Conversation, chat: Chat
) -> None:
    await _import(storage)
    await _walk_to_partners(chat, BIKE_ANSWERS)
    assert "Sykkelverkstedet på Torget (Oslo) – tar imot praksiskandidater" in chat.text
    assert "Vil du at en brobygger hjelper deg å ta kontakt?" in chat.text
    bikes = next(b for b in chat.buttons if b.startswith("partner:") and b != "partner:no")
    await chat.press(bikes)
    assert "ta kontakt med Sykkelverkstedet på Torget" in chat.text
    assert "Jeg tar ikke kontakt med dem selv" in chat.text
    card = chat.coordinators[-1].text
    assert "Partner: Sykkelverkstedet på Torget (praksisplass, Oslo)" in card
    assert "Kontakt hos partneren: Per Hansen 22 11 22 33" in card
    assert "ta kontakt med en partner" in card
    # The bridge-builder takes it and closes it: the participant is back at their plan.
    desk = Desk(conversation, "501", "Kari")
    await desk.press("take:1")
    await desk.private("/avslutt")
    back = "\n".join(m.text for m in desk.out if m.audience == "participant")
    assert "Min plan" in back
    assert "Kontakt med brobygger: «Ja – hjelp til å ta kontakt med Sykkelverkstedet på Torget»" in back
    await chat.send("ok takk")  # a thanks at the plan gets one back, not the plan once more
    assert chat.text.startswith("Bare hyggelig! Planen din står over") and "Min plan" not in chat.text


async def test_a_typed_no_goes_on_to_the_offer_of_contact_and_a_name_picks_the_partner(
    storage: Storage, conversation: Conversation
) -> None:
    await _import(storage)
    first = Chat(conversation, chat_id="1")
    await _walk_to_partners(first, BIKE_ANSWERS)
    await first.send("hva er det?")
    assert "Partnerne våre er arbeidsgivere, praksisplasser, kurs" in first.text
    assert "partner:no" in first.buttons  # and the offer again
    await first.send("den andre")  # only one was offered: no second to pick
    assert "Trykk på en av knappene" in first.text
    await first.send("nei takk")
    assert "Vil du at en brobygger tar kontakt med deg" in first.text
    second = Chat(conversation, chat_id="2")
    await _walk_to_partners(second, {**BIKE_ANSWERS, "talent": "Jeg sykler og baker brød"})
    assert len([b for b in second.buttons if b != "partner:no"]) == 2
    await second.send("hva er bakeriet for noe?")  # a question that names one is no yes
    assert "Partnerne våre er arbeidsgivere" in second.text
    await second.send("koster det noe?")
    assert "Om selve tilbudet koster noe" in second.text
    await second.send("ja")
    assert "Hvem av dem?" in second.text
    await second.send("bakeriet")
    assert "ta kontakt med Bakeriet i Gata" in second.text
    third = Chat(conversation, chat_id="3")
    await _walk_to_partners(third, {**BIKE_ANSWERS, "talent": "Jeg sykler og baker brød"})
    offered = [b for b in third.buttons if b != "partner:no"]
    await third.send("den andre")
    async with UnitOfWork(storage.sessions) as uow:
        case = await uow.cases.get(2)  # the second chat's introduction is case 1
    assert case is not None and f"partner:{case.partner_id}" == offered[1]
    fourth = Chat(conversation, chat_id="4")
    await _walk_to_partners(fourth, BIKE_ANSWERS)  # one partner offered
    await fourth.send("den første")
    assert "ta kontakt med Sykkelverkstedet på Torget" in fourth.text


async def test_a_switched_off_partner_is_not_offered_and_without_a_fit_nothing_is_asked(
    storage: Storage, conversation: Conversation
) -> None:
    await _import(storage)
    async with UnitOfWork(storage.sessions) as uow:
        for partner in await uow.partners.all():
            if partner.name == "Sykkelverkstedet på Torget":
                partner.active = False
                partner.updated_at = NOW
        await uow.commit()
    chat = Chat(conversation)
    await _walk_to_partners(chat, BIKE_ANSWERS)
    assert "Sykkelverkstedet" not in chat.text
    plain = Chat(conversation, chat_id="2")
    await _walk_to_partners(plain, ANSWERS)  # cooking and a kitchen: no partner has those tags
    assert plain.text.endswith(
        "Vil du at en brobygger tar kontakt med deg, for eksempel for å finne arbeidsgivere eller nettverk?"
    )
    assert not [b for b in plain.buttons if b.startswith("partner:")]
