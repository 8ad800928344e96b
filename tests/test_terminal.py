"""The terminal channel as a person uses it: `brobygger chat` with a pipe, run after run."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from bot.channels.terminal import TerminalChannel
from bot.core.i18n import translator
from bot.startup import Storage
from tests.conftest import ANSWERS

ROOT = Path(__file__).resolve().parents[1]


def chat(db: Path, lines: list[str], participant: str = "ola") -> str:
    """Run `python -m bot chat` with the lines piped in; return everything it printed."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--db", str(db), "--participant", participant],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_scripted_conversation_to_the_plan_then_resume(tmp_path: Path) -> None:
    db = tmp_path / "chat.db"
    first = chat(db, ["/start", "1", *list(ANSWERS.values())[:6]])
    assert "> /start" in first and "1) Ja, det er greit" in first
    assert "Steg 3 av 5: Mål" in first
    assert "Du er på 4. Hva ville vært annerledes hvis du var på 5?" in first

    # A second run continues where the first stopped: the same question is asked again.
    second = chat(db, list(ANSWERS.values())[6:])
    assert second.index("Du er på 4") < second.index(f"> {ANSWERS['goal_step_up']}")
    assert "📋 Min plan" in second
    for name in ("talent", "dream", "goal", "plan", "network"):
        assert f"«{ANSWERS[name]}»" in second
    assert "«fredag» (fredag" in second


def test_buttons_by_number_or_label(tmp_path: Path) -> None:
    out = chat(tmp_path / "c.db", ["/start", "Les mer", "1", "/hjelp"])
    assert "/mine_data for å se alt" in out
    assert "Du er her: Steg 1 av 5: Talent" in out


def test_handoff_in_the_terminal_with_coordinator_lines(tmp_path: Path) -> None:
    out = chat(
        tmp_path / "h.db",
        [
            "/start",
            "1",
            ANSWERS["talent"],
            "/brobygger",
            "!ta 1",
            "!skriv 1 Hei, jeg heter Kari",
            "Hei Kari",
            "!avslutt 1",
        ],
    )
    assert "TIL BROBYGGERNE\n" in out and "│ 🔔 Ny sak #1" in out
    assert "kortet er oppdatert" in out and "│ ✋ Sak #1 – Kari har saken" in out
    assert "Kari (brobygger): Hei, jeg heter Kari" in out
    assert "TIL BROBYGGEREN (privat)" in out and "│ [Sak #1] Ola: Hei Kari" in out
    after_close = out[out.index("> !avslutt 1") :]
    assert "Vi fortsetter der du slapp" in after_close and "Hva ville en venn" in after_close


def test_crisis_and_non_text_in_the_terminal(tmp_path: Path) -> None:
    out = chat(tmp_path / "k.db", ["/start", "1", ":sticker", ":voice", "Jeg vil ta livet av meg"])
    assert "klistremerke" in out and "lydmeldinger" in out
    crisis = out[out.index("> Jeg vil ta livet av meg") :]
    assert "ring 113" in crisis and "116 123" in crisis and "HASTER – sak #1" in crisis


def test_delete_and_my_data_in_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    export = tmp_path / "ola-mine-data-brobygger.json"
    out = chat(db, ["/start", "1", ANSWERS["talent"], "/mine_data"])
    assert "Dette har jeg lagret om deg:" in out and ANSWERS["talent"] in out
    assert str(export) in out and ANSWERS["talent"] in export.read_text()
    out = chat(db, ["/slett", "1"])
    assert "er slettet" in out
    assert not export.exists()  # the file /mine_data wrote goes with everything else
    again = chat(db, ["/mine_data"])
    assert ANSWERS["talent"] not in again


async def test_the_export_of_someone_deleted_for_silence_goes_too(storage: Storage, tmp_path: Path) -> None:
    from datetime import timedelta

    from bot.core.conversation import utc_now
    from bot.runtime.retention import Periods, prune

    first = TerminalChannel(
        storage.sessions,
        "per",
        stdin=io.StringIO("/start\n1\n/mine_data\n"),
        stdout=io.StringIO(),
        files=tmp_path,
    )
    await first.run()
    export = tmp_path / "per-mine-data-brobygger.json"
    assert export.exists()
    # A year of silence: warned, then deleted by the retention run that starts `brobygger chat`.
    await prune(storage.sessions, utc_now() + timedelta(days=359), Periods())
    await prune(storage.sessions, utc_now() + timedelta(days=367), Periods())
    again = TerminalChannel(
        storage.sessions, "per", stdin=io.StringIO(""), stdout=io.StringIO(), files=tmp_path
    )
    await again.run()
    assert not export.exists()


async def test_terminal_channel_in_process(storage: Storage) -> None:
    stdin = io.StringIO("/start\n2\n")
    stdout = io.StringIO()
    channel = TerminalChannel(storage.sessions, "per", stdin=stdin, stdout=stdout)
    await channel.run()
    assert "Det er helt greit" in stdout.getvalue()


def test_two_terminals_on_one_file_see_only_their_own(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    chat(db, ["/start", "1", "Jeg snekrer i Kvinesdalverkstedet"], participant="ola")
    out = chat(db, ["/start", "1", "Jeg maler båter"], participant="kari")
    assert "Kvinesdalverkstedet" not in out and "Jeg maler båter" in out
    assert (tmp_path / "ola-mine-data-brobygger.json").exists() is False
    exported = chat(db, ["/mine_data"], participant="ola")
    assert "Kvinesdalverkstedet" in exported and (tmp_path / "ola-mine-data-brobygger.json").exists()


def test_writing_to_a_case_that_is_not_yours_sends_nothing(tmp_path: Path) -> None:
    out = chat(tmp_path / "s.db", ["/start", "1", "/brobygger", "!ta 1", "!skriv 7 Hei, dette er feil sak"])
    assert "Sak #7 er ikke en åpen sak du har" in out
    assert "(brobygger): Hei, dette er feil sak" not in out  # the participant of case 1 got nothing


def test_moving_the_clock_brings_the_follow_up(tmp_path: Path) -> None:
    answers = [a if n != "network_contact" else "nei" for n, a in ANSWERS.items()]
    out = chat(
        tmp_path / "f.db", ["/start", "1", *answers, "3", "!tid +8d", "3", "2", "Sende CV", "i morgen"]
    )
    after = out[out.index("> !tid +8d") :]
    assert after.startswith("> !tid +8d\n🕒 Klokka er nå ")
    assert "Steget ditt var planlagt til fredag" in after and "«Ringe kafeen i sentrum»" in after
    assert "Det er helt greit, sånn går det ofte." in after  # "Ikke ennå"
    assert "Jeg skriver til deg" in after
    assert "!tid kan" not in out and "Skriv for eksempel !tid" not in out


def test_off_script_turns_and_a_welcome_back_in_the_terminal(tmp_path: Path) -> None:
    out = chat(
        tmp_path / "o.db",
        ["/start", "ja ok da", "hva er poenget?", "hei", "Jeg er flink med dyr", "!tid +13t", "hei igjen"],
        participant="deg",
    )
    assert "Spørsmålene hjelper deg å se hva du er god til" in out  # the point, answered
    assert translator("nb")("offscript.greeting") in out
    # After a break: welcomed back (not by the name "Deg"), told where, asked again.
    assert "Velkommen tilbake! Du er her: Steg 1 av 5: Talent" in out
    question = translator("nb")("q.talent_others")
    assert out.index("Velkommen tilbake") < out.rindex(question)
    assert "Jeg er flink med dyr" in out and "«hei igjen»" not in out


def test_any_coordinator_line_gets_an_answer_and_no_traceback(tmp_path: Path) -> None:
    t = translator()
    odd = ["!ta 99999999999999999999999", "!ta -1", "!ta ²", "!skriv ² hei", "!avslutt ٣", "!", "!!!"]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--db", str(tmp_path / "o.db"), "--participant", "ola"],
        input="".join(f"{line}\n" for line in ["/start", "1", "/brobygger", *odd, "!ta 1"]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr + result.stdout, result.stderr
    out = result.stdout
    assert t("case.bad_number", given="99999999999999999999999", command="ta") in out
    assert t("case.bad_number", given="²", command="ta") in out
    assert t("terminal.not_your_case", number="²") in out
    # Nothing stalled: the case is taken right after.
    assert out.index(t("case.bad_number", given="²", command="ta")) < out.index("har tatt saken din")
