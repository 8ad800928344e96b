"""Telegram misbehaving: 429 with retry_after, 5xx, slow answers and dropped connections. No reply
is lost, and retry_after is respected."""

from __future__ import annotations

from tests.contract.conftest import Harness
from tests.contract.test_channel_contract import consent


async def test_no_reply_is_lost_when_telegram_misbehaves(telegram: Harness) -> None:
    server = telegram.server
    server.fail["sendMessage"] = [
        (429, "Too Many Requests: retry after 1", 1),
        (500, "Internal Server Error", None),
        (0, "", None),  # the connection drops
        (502, "Bad Gateway", None),
    ]
    server.slow["sendMessage"] = 0.3
    ola = await consent(telegram)
    await ola.send("Jeg er god til å lage mat")
    await ola.expect("Hva ville en venn")
    assert not server.fail["sendMessage"]  # every fault was met
    sends = [at for method, at in server.call_times if method == "sendMessage"]
    assert sends[1] - sends[0] >= 1.0  # retry_after honoured
    welcomes = [s for s in ola.inbox() if s.text.startswith("Hei!")]
    assert len(welcomes) == 1  # a refused send is not a sent one: no duplicate


async def test_get_updates_failing_is_retried(telegram: Harness) -> None:
    if telegram.mode != "polling":
        return await test_no_reply_is_lost_when_telegram_misbehaves(telegram)
    telegram.server.fail["getUpdates"] = [(500, "Internal Server Error", None), (0, "", None)]
    ola = telegram.user(100, "Ola")
    await ola.send("/start")
    await ola.expect("Før vi starter")
    return None
