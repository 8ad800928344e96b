"""The console script as a person starts it: clear one-line errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.flows.brobygger import CONSENT_BUTTONS, FINISHED_BUTTONS, QUESTIONS, SUMMARY_BUTTONS, WHEN_BUTTONS

ROOT = Path(__file__).resolve().parents[1]


def brobygger(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "BOT_TOKEN",
            "COORDINATOR_CHAT_ID",
            "COORDINATOR_IDS",
            "WEBHOOK_URL",
            "WEBHOOK_SECRET",
            "DATABASE_URL",
        )
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**clean, **env},
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "env", "setting"),
    [
        (("run",), {}, "BOT_TOKEN"),
        (("run",), {"BOT_TOKEN": "nonsense"}, "BOT_TOKEN"),
        (("run",), {"BOT_TOKEN": "123:abcdefghijklmnopqrstuvwxyz"}, "COORDINATOR_CHAT_ID"),
        (("run",), {"COORDINATOR_IDS": "12,kari"}, "COORDINATOR_IDS"),
        (
            ("webhook",),
            {
                "BOT_TOKEN": "123:abcdefghijklmnopqrstuvwxyz",
                "COORDINATOR_CHAT_ID": "-1",
                "COORDINATOR_IDS": "1",
            },
            "WEBHOOK_URL",
        ),
        (("webhook",), {"WEBHOOK_PORT": "http"}, "WEBHOOK_PORT"),
    ],
)
def test_bad_settings_stop_the_start_with_one_line(
    args: tuple[str, ...], env: dict[str, str], setting: str, tmp_path: Path
) -> None:
    result = brobygger(*args, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and setting in lines[0] and "Traceback" not in result.stderr


def test_button_data_fits_telegram() -> None:
    data = [d for _, d in (*CONSENT_BUTTONS, *WHEN_BUTTONS, *SUMMARY_BUTTONS, *FINISHED_BUTTONS)]
    data += [f"change:{q.name}" for q in QUESTIONS] + ["take:99999999", "close:99999999"]
    assert all(len(d.encode()) < 64 for d in data)


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgres://u:p@db.example:5432/app", "postgresql+asyncpg://u:p@db.example:5432/app"),
        ("postgresql://u@db.example/app", "postgresql+asyncpg://u@db.example/app"),
        ("sqlite:///bot.db", "sqlite+aiosqlite:///bot.db"),
    ],
)
def test_database_urls_as_hosting_platforms_write_them(given: str, used: str) -> None:
    from bot.settings import load_settings

    assert load_settings(database_url=given).database_url == used


@pytest.mark.parametrize("url", ["mysql://a@b/c", "nonsense"])
def test_an_unusable_database_url_stops_the_start_with_one_line(url: str) -> None:
    result = brobygger("chat", DATABASE_URL=url)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "DATABASE_URL" in lines[0]
