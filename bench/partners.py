"""What matching partners costs: the network step's turn through the core on SQLite with 2,000
partners in the directory and with none, in alternating rounds in one process, and the matching
itself (the index warm, and its one-off build after an import).

    python -m bench.partners [--partners 2000] [--chats 20] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.load import MESSAGES
from bot.core.conversation import Conversation
from bot.core.envelopes import Inbound
from bot.core.partner_match import Index, Listed
from bot.startup import Storage, open_storage
from storage.models import Partner
from storage.unit_of_work import UnitOfWork

DIRECTORY = Path(__file__).resolve().parents[1] / "tests" / "partners" / "directory.csv"
# Trades and places beyond the test directory's, so that 2,000 partners have varied tags.
MORE_TAGS = (
    "sveis",
    "sveiser",
    "elektriker",
    "rørlegger",
    "murer",
    "flislegger",
    "taktekker",
    "anleggsarbeid",
    "maskinfører",
    "sjåfør",
    "budbil",
    "drosje",
    "buss",
    "lastebil",
    "renovasjon",
    "gjenvinning",
    "resepsjon",
    "hotell",
    "rengjøring",
    "kjøkkenassistent",
    "oppvask",
    "servitør",
    "bartender",
    "pizza",
    "catering",
    "kantine",
    "fisk",
    "oppdrett",
    "fiskeindustri",
    "landbruk",
    "gårdsarbeid",
    "skog",
    "sag",
    "trelast",
    "snekkerverksted",
    "møbelsnekker",
    "tapetsering",
    "glassmester",
    "låsesmed",
    "vaktmester",
    "drift",
    "eiendom",
    "parkvesen",
    "kirkegård",
    "gravferd",
    "barnevern",
    "skolefritidsordning",
    "assistent",
    "lærer",
    "bibliotek",
    "arkiv",
    "kontorstøtte",
    "sekretær",
    "telefon",
    "kundesenter",
    "lagerleder",
    "innkjøp",
    "regnskapsfører",
    "lønn",
    "personal",
    "markedsføring",
    "grafisk",
    "design",
    "foto",
    "film",
    "podkast",
    "journalistikk",
    "oversetting",
    "tolk",
    "språk",
    "norskopplæring",
    "sykepleie",
    "apotek",
    "tannhelse",
    "fysioterapi",
    "treningssenter",
    "svømmehall",
    "idrettshall",
    "turistinformasjon",
    "museum",
    "teater",
    "konsert",
    "scenearbeid",
    "lys",
    "lyd",
    "rigg",
)
AREAS = (
    "Oslo",
    "Bergen",
    "Trondheim",
    "Stavanger",
    "Drammen",
    "Fredrikstad",
    "Kristiansand",
    "Tromsø",
    "Bodø",
    "Ålesund",
    "Hamar",
    "Lillehammer",
    "Gjøvik",
    "Molde",
    "Haugesund",
    "Sandnes",
    "Moss",
    "Sarpsborg",
    "Skien",
    "Porsgrunn",
    "Hele landet",
    "Digitalt",
)
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def directory(size: int, seed: int = 7) -> list[Partner]:
    """`size` partners: the test directory's kinds and tags, varied, in many places."""
    rows = list(csv.DictReader(DIRECTORY.read_text(encoding="utf-8").splitlines()))
    vocabulary = sorted({tag for row in rows for tag in row["tags"].split(";")} | set(MORE_TAGS))
    chance = random.Random(seed)
    partners = []
    for number in range(size):
        row = rows[number % len(rows)]
        own = row["tags"].split(";")[: chance.randint(1, 3)]
        tags = list(dict.fromkeys(own + chance.sample(vocabulary, chance.randint(2, 5))))
        partners.append(
            Partner(
                name=f"{row['name']} {number}",
                kind=row["kind"],
                tags=tags,
                area=chance.choice(AREAS),
                contact="post@example.no",
                description=row["description"],
                active=True,
                updated_at=NOW,
            )
        )
    return partners


def _inbound(chat: int, text: str, update_id: int) -> Inbound:
    return Inbound(
        channel="bench",
        chat_id=str(chat),
        user_id=str(chat),
        text=text,
        first_name="Ola",
        update_id=update_id,
    )


NETWORK = MESSAGES.index("Mamma og en tidligere kollega")
# Talent, dream and goal that fit partners, so that the offer is made and matching does its work.
SAID = {2: "Jeg er flink til å fikse sykler og snekre", 6: "Praksisplass i et verksted i Oslo"}


async def _round(storage: Storage, chats: int, first_chat: int) -> float:
    """CPU milliseconds of the turn that answers "who can help you?" and offers partners."""
    conversation = Conversation(storage.sessions)
    spent = 0.0
    for chat in range(first_chat, first_chat + chats):
        for index, text in enumerate(MESSAGES[:NETWORK]):
            await conversation.handle(_inbound(chat, SAID.get(index, text), chat * 100 + index))
        started = time.process_time()
        await conversation.handle(_inbound(chat, MESSAGES[NETWORK], chat * 100 + NETWORK))
        spent += time.process_time() - started
    return spent * 1000 / chats


async def measure(size: int, chats: int, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        full = await open_storage(f"sqlite+aiosqlite:///{scratch}/full.db")
        empty = await open_storage(f"sqlite+aiosqlite:///{scratch}/empty.db")
        try:
            async with UnitOfWork(full.sessions) as uow:
                for partner in directory(size):
                    uow.partners.add(partner)
                await uow.commit()
            listed = [Listed(n, p.name, p.kind, tuple(p.tags), p.area) for n, p in enumerate(directory(size))]
            started = time.process_time()
            index = Index.of(listed)
            build_ms = (time.process_time() - started) * 1000
            texts = [SAID[2], MESSAGES[3], MESSAGES[4], SAID[6], MESSAGES[NETWORK]]
            started = time.process_time()
            for _ in range(200):
                offered = index.best(texts)
            match_ms = (time.process_time() - started) * 1000 / 200
            await _round(full, 2, 0)  # warm: imports, catalogs, and the index built once
            await _round(empty, 2, 0)
            with_partners: list[float] = []
            without: list[float] = []
            for number in range(rounds):
                with_partners.append(await _round(full, chats, 1000 + number * chats))
                without.append(await _round(empty, chats, 1000 + number * chats))
        finally:
            await full.close()
            await empty.close()
    turn_with, turn_without = statistics.median(with_partners), statistics.median(without)
    return {
        "partners": size,
        "chats": chats,
        "rounds": rounds,
        "index_build_ms": round(build_ms, 1),
        "match_ms": round(match_ms, 3),
        "offered": len(offered),
        "network_turn_cpu_ms_with_partners": round(turn_with, 3),
        "network_turn_cpu_ms_without": round(turn_without, 3),
        "cost_ms_per_turn": round(turn_with - turn_without, 3),
        "rounds_with": [round(x, 3) for x in with_partners],
        "rounds_without": [round(x, 3) for x in without],
    }


def line(measured: dict[str, Any]) -> str:
    with_partners = measured["network_turn_cpu_ms_with_partners"]
    without = measured["network_turn_cpu_ms_without"]
    return (
        f"partner matching with {measured['partners']} partners: the network step's turn "
        f"{with_partners:.1f} against {without:.1f} CPU ms without partners "
        f"(+{measured['cost_ms_per_turn']:.1f} ms); matching alone {measured['match_ms']:.2f} ms, "
        f"the index built in {measured['index_build_ms']:.0f} ms after an import"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--partners", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(measure(args.partners, args.chats, args.rounds)), indent=2))


if __name__ == "__main__":
    main()
